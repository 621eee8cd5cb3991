/* stream.c - TCP streams and servers on libuv (asyncc.h "TCP streams").
 *
 * Takes: a running loop (ac__L.uv). Guarantees: every libuv handle and
 * request it opens is closed or freed, also when the waiting task is
 * cancelled at any point; no byte that arrived is lost by a cancelled or
 * failed read; a writer never has more than the high-water mark queued
 * when its write returns.
 *
 * Waiting is done as sync.c does it: an operation that cannot finish at
 * once pushes a runtime frame whose resume function parks the task on a
 * waiter (wait.h) and, when woken by a libuv callback or cancelled, runs
 * again and either finishes or parks once more. State that libuv callbacks
 * may touch after a cancellation (a connect in flight) lives in a heap
 * object of its own, never in the frame.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "answer.h"
#include "wait.h"

#define OP_INFO(name, frame_type)                                            \
  static const ac__fninfo_t name##_info = {#name, "<asyncc runtime>", 0,      \
                                           name##_resume, sizeof(frame_type), \
                                           _Alignof(frame_type), NULL}

enum { READ_CHUNK = 64 * 1024 };

/* A stream's or a listener's handle: TCP or a Unix domain socket. */
typedef union {
  uv_handle_t handle;
  uv_stream_t stream;
  uv_tcp_t tcp;
  uv_pipe_t pipe;
} sock_handle_t;

struct ac_stream_s {
  sock_handle_t h;
  int is_unix;
  ac_stream_t **owner_ref; /* set to NULL when the stream is closed */
  char *rbuf;             /* received bytes are rbuf[rstart, rend) */
  size_t rstart, rend, rcap;
  int eof;                /* the peer shut its side down */
  int rerr;               /* a read failure, reported once the buffer is read */
  int reading;            /* uv_read_start is in force */
  ac__wlist_t readers;    /* at most one waiting reader */
  ac__wlist_t writers;    /* at most one waiting writer */
  size_t wqueued;         /* bytes handed to uv_write and not yet written */
  int werr;               /* the first write failure */
  int closing;            /* closed by its user: no more operations */
  int handle_closing;     /* uv_close called */
  int server_held;        /* a server's connection record still uses it */
  int handle_closed;      /* its close callback ran */
  int shutting;           /* a shutdown request is in flight */
  int close_after_shutdown; /* closed while it was: its callback closes */
  int pipe_pid;           /* a process's stdio pipe: its pid (the dump) */
  ac_owned_handle_t reg;  /* open until uv_close: ac_run's end closes it */
};

/* ================= helpers ================= */

/* The wait kind of stream operations: ac__waiter_ops with the peer in the
 * dump (defined at the end, after the operations' frame infos). */
static ac__waitops_t stream_wait_ops;

static void stream_free(ac_stream_t *s) {
  ac__free(s->rbuf);
  ac__free(s);
}

static void on_stream_closed(uv_handle_t *h) {
  ac_stream_t *s = h->data;
  s->handle_closed = 1;
  if (!s->server_held) stream_free(s);
}

/* A write to a socket the peer has reset raises SIGPIPE, whose default
 * action kills the process, and libuv writes with write(2), not with
 * send(MSG_NOSIGNAL). Like CPython, ignore it unless the program chose a
 * handler of its own: the write then fails with AC_EPIPE. */
static void ignore_sigpipe(void) {
  struct sigaction old, ign;
  if (sigaction(SIGPIPE, NULL, &old) != 0 || old.sa_handler != SIG_DFL) return;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  sigaction(SIGPIPE, &ign, NULL);
}

/* Closes the handle once, whatever was pending: libuv cancels the queued
 * writes and a shutdown (their callbacks run with UV_ECANCELED before the
 * close callback). */
/* A process's pipe slot forgets its stream once it is closed. */
static void forget_owner(ac_stream_t *s) {
  if (s->owner_ref != NULL) *s->owner_ref = NULL;
  s->owner_ref = NULL;
}

static void stream_close_handle(ac_stream_t *s) {
  forget_owner(s);
  s->closing = 1;
  s->reading = 0;
  if (s->handle_closing) return;
  s->handle_closing = 1;
  ac_handle_unregister(&s->reg);
  uv_close(&s->h.handle, on_stream_closed);
}

/* ac_run ends with S open (never closed, or closed with a shutdown still
 * waiting for its peer to read): drop it. */
static void stream_teardown(ac_owned_handle_t *h) {
  stream_close_handle(ac__container_of(h, ac_stream_t, reg));
}

/* A new stream on the loop, its handle (a Unix socket's with IS_UNIX)
 * initialised, not connected. */
static ac_stream_t *stream_new(int is_unix) {
  ac_stream_t *s = ac__calloc(1, sizeof *s);
  ignore_sigpipe();
  if (is_unix)
    uv_pipe_init(&ac__L.uv, &s->h.pipe, 0);
  else
    uv_tcp_init(&ac__L.uv, &s->h.tcp);
  s->is_unix = is_unix;
  s->h.handle.data = s;
  ac_handle_register(&s->reg, stream_teardown);
  return s;
}

/* A stream over a pipe, for a subprocess's stdio (process.c): *OWNER_REF
 * is cleared when the stream is closed, by whoever closes it. */
ac_stream_t *ac__stream_new_pipe(ac_stream_t **owner_ref) {
  ac_stream_t *s = stream_new(1);
  s->owner_ref = owner_ref;
  return s;
}

/* A stream over FD, a Unix socket or a pipe end this process holds; NULL
 * and FD closed if libuv refuses it (*ERR gets its code). */
static ac_stream_t *stream_over_fd(int fd, int *err) {
  ac_stream_t *s = stream_new(1);
  int rc = uv_pipe_open(&s->h.pipe, fd);
  if (rc != 0) {
    close(fd);
    ac_stream_close(s);
    *err = rc;
    return NULL;
  }
  return s;
}

ac_stream_t *ac__stream_open_pipe_fd(ac_stream_t **owner_ref, int fd, int *err) {
  ac_stream_t *s = stream_over_fd(fd, err);
  if (s != NULL) s->owner_ref = owner_ref;
  return s;
}

void ac__stream_set_pipe_pid(ac_stream_t *s, int pid) { s->pipe_pid = pid; }

static void wake_first(ac__wlist_t *l) {
  ac__waiter_t *w = l->head;
  if (w != NULL && w->state == AC__WS_PENDING) ac__wait_wake(w);
}

size_t ac_stream_buffered(const ac_stream_t *s) { return s->rend - s->rstart; }

size_t ac_stream_write_queued(const ac_stream_t *s) { return s->wqueued; }

static void consume(ac_stream_t *s, void *dst, size_t n) {
  memcpy(dst, s->rbuf + s->rstart, n);
  s->rstart += n;
  if (s->rstart == s->rend) s->rstart = s->rend = 0;
}

/* ================= reading ================= */

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf) {
  ac_stream_t *s = h->data;
  (void)hint;
  if (s->rstart > 0 && s->rcap - s->rend < READ_CHUNK) { /* compact */
    memmove(s->rbuf, s->rbuf + s->rstart, s->rend - s->rstart);
    s->rend -= s->rstart;
    s->rstart = 0;
  }
  if (s->rcap - s->rend < READ_CHUNK) {
    s->rcap = s->rend + READ_CHUNK;
    s->rbuf = ac__realloc(s->rbuf, s->rcap);
  }
  *buf = uv_buf_init(s->rbuf + s->rend, (unsigned)(s->rcap - s->rend));
}

static void stop_reading(ac_stream_t *s) {
  if (s->reading && !s->closing) uv_read_stop(&s->h.stream);
  s->reading = 0;
}

/* Data only comes in while a reader waits, and at most READ_CHUNK bytes
 * past what it waits for: the buffer never grows without bound. */
static void on_read(uv_stream_t *h, ssize_t n, const uv_buf_t *buf) {
  ac_stream_t *s = h->data;
  (void)buf;
  if (n == 0) return; /* EAGAIN */
  if (n > 0)
    s->rend += (size_t)n;
  else if (n == UV_EOF)
    s->eof = 1;
  else
    s->rerr = (int)n;
  /* Enough for the waiting reader to look at: the rest stays in the
   * kernel (which pushes back on the peer) until someone reads again. */
  if (n < 0 || ac_stream_buffered(s) >= READ_CHUNK) stop_reading(s);
  wake_first(&s->readers);
}

enum { OP_READ, OP_EXACTLY, OP_UNTIL, OP_LINE };

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;
  ac_stream_t *s;
  int kind;     /* OP_* */
  char *buf;
  size_t len;   /* buffer size / bytes wanted / capacity */
  int delim;
  size_t *result;
} read_frame_t;

/* Finishes the read F describes if the buffer allows: 1 with the outcome
 * in *ERR (and *F->result), or 0 when more bytes are needed. */
static int read_try(read_frame_t *F, int *err) {
  ac_stream_t *s = F->s;
  size_t have = ac_stream_buffered(s);
  int ended = s->eof || s->rerr != 0;
  int end_err = s->rerr != 0 ? s->rerr : AC_EOF;
  size_t n = 0;
  *err = 0;
  switch (F->kind) {
  case OP_READ:
    if (have == 0 && !ended && F->len > 0) return 0;
    if (have == 0 && s->rerr != 0) {
      *err = s->rerr;
      return 1;
    }
    n = have < F->len ? have : F->len;
    consume(s, F->buf, n);
    break;
  case OP_EXACTLY:
    if (have < F->len) {
      if (!ended) return 0;
      *err = end_err;
      return 1;
    }
    n = F->len;
    consume(s, F->buf, n);
    break;
  default: { /* OP_UNTIL, OP_LINE */
    size_t limit = F->len > 0 ? F->len - 1 : 0;
    const char *p = have > 0 ? memchr(s->rbuf + s->rstart, F->delim, have) : NULL;
    if (p != NULL && (size_t)(p - (s->rbuf + s->rstart)) < limit) {
      n = (size_t)(p - (s->rbuf + s->rstart)) + 1;
    } else if (p != NULL || have >= limit) {
      *err = AC_ELIMIT;
      return 1;
    } else if (!ended) {
      return 0;
    } else if (F->kind == OP_LINE && (have > 0 || s->rerr == 0)) {
      n = have; /* the last line, unterminated, or 0 at the end */
    } else {
      *err = end_err;
      return 1;
    }
    consume(s, F->buf, n);
    if (F->len > 0) F->buf[n] = '\0';
  }
  }
  if (F->result != NULL) *F->result = n;
  return 1;
}

static int read_op_resume(ac_frame_t *hdr) {
  read_frame_t *F = (read_frame_t *)(void *)hdr;
  ac_stream_t *s = F->s;
  int err;
  if (hdr->state != 0) {
    ac__wlist_remove(&F->w);
    if (hdr->err != 0) { /* cancelled: what arrived stays buffered */
      stop_reading(s);
      return AC__DONE;
    }
  }
  if (read_try(F, &err)) {
    /* Reading stays on while the buffer has room (on_read stops it at
     * READ_CHUNK): a stream read again and again, as a request/reply
     * loop does, costs no epoll_ctl per read. */
    if (ac_stream_buffered(s) >= READ_CHUNK) stop_reading(s);
    hdr->err = err;
    return AC__DONE;
  }
  if (!s->reading) {
    int rc = uv_read_start(&s->h.stream, on_alloc, on_read);
    if (rc != 0) {
      hdr->err = rc;
      return AC__DONE;
    }
    s->reading = 1;
  }
  ac__wait_park_as(&F->w, &s->readers, &stream_wait_ops);
  hdr->state = 1;
  return AC__SUSPENDED;
}
OP_INFO(read_op, read_frame_t);

static int read_await(ac_frame_t *frame, size_t *result, ac_stream_t *s, int kind, char *buf,
                      size_t len, int delim) {
  read_frame_t probe = {0};
  int err;
  if (s == NULL || s->closing) {
    frame->err = AC_EBADF;
    return 0;
  }
  if (s->readers.head != NULL) {
    frame->err = AC_EBUSY;
    return 0;
  }
  probe.s = s;
  probe.kind = kind;
  probe.buf = buf;
  probe.len = len;
  probe.delim = delim;
  probe.result = result;
  if (read_try(&probe, &err)) { /* fast path: no suspension */
    frame->err = err;
    return 0;
  }
  read_frame_t *F = (read_frame_t *)(void *)ac__op_frame(&read_op_info, 0);
  F->s = s;
  F->kind = kind;
  F->buf = buf;
  F->len = len;
  F->delim = delim;
  F->result = result;
  return ac__await_call(frame, &F->hdr);
}

int ac_stream_read__await(ac_frame_t *frame, size_t *result, ac_stream_t *s, void *buf,
                          size_t len) {
  return read_await(frame, result, s, OP_READ, buf, len, 0);
}

int ac_stream_read_exactly__await(ac_frame_t *frame, size_t *result, ac_stream_t *s, void *buf,
                                  size_t n) {
  return read_await(frame, result, s, OP_EXACTLY, buf, n, 0);
}

int ac_stream_read_until__await(ac_frame_t *frame, size_t *result, ac_stream_t *s, char *buf,
                                size_t cap, int delim) {
  return read_await(frame, result, s, OP_UNTIL, buf, cap, delim);
}

int ac_stream_read_line__await(ac_frame_t *frame, size_t *result, ac_stream_t *s, char *buf,
                               size_t cap) {
  return read_await(frame, result, s, OP_LINE, buf, cap, '\n');
}

/* ================= writing ================= */

typedef struct {
  uv_write_t req;
  ac_stream_t *s;
  size_t len;
  char data[]; /* the copy being written */
} write_req_t;

static void on_written(uv_write_t *req, int status) {
  write_req_t *w = (write_req_t *)(void *)req;
  ac_stream_t *s = w->s;
  s->wqueued -= w->len;
  if (status < 0 && status != UV_ECANCELED && s->werr == 0) s->werr = status;
  ac__free(w);
  if (!s->closing && (s->werr != 0 || s->wqueued <= AC_STREAM_LOW_WATER)) wake_first(&s->writers);
}

/* Hands the bytes to the kernel if it takes them now, and queues a copy of
 * the rest. 0 or a negative code. */
static int write_queue(ac_stream_t *s, const char *p, size_t len) {
  uv_buf_t b;
  if (s->wqueued == 0) {
    b = uv_buf_init((char *)(uintptr_t)p, (unsigned)len);
    int n = uv_try_write(&s->h.stream, &b, 1);
    if (n > 0) {
      p += n;
      len -= (size_t)n;
    } else if (n != UV_EAGAIN) {
      return n;
    }
  }
  if (len == 0) return 0;
  write_req_t *w = ac__malloc(sizeof *w + len);
  memcpy(w->data, p, len);
  w->s = s;
  w->len = len;
  b = uv_buf_init(w->data, (unsigned)len);
  int rc = uv_write(&w->req, &s->h.stream, &b, 1, on_written);
  if (rc != 0) {
    ac__free(w);
    return rc;
  }
  s->wqueued += len;
  return 0;
}

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;
  ac_stream_t *s;
  size_t mark; /* wait until at most this many bytes are queued */
} drain_frame_t;

static int drain_op_resume(ac_frame_t *hdr) {
  drain_frame_t *F = (drain_frame_t *)(void *)hdr;
  ac_stream_t *s = F->s;
  if (hdr->state != 0) {
    ac__wlist_remove(&F->w);
    if (hdr->err != 0) return AC__DONE; /* cancelled: the bytes stay queued */
  }
  if (s->werr != 0 || s->wqueued <= F->mark) {
    hdr->err = s->werr;
    return AC__DONE;
  }
  ac__wait_park_as(&F->w, &s->writers, &stream_wait_ops);
  hdr->state = 1;
  return AC__SUSPENDED;
}
OP_INFO(drain_op, drain_frame_t);

static int drain_await(ac_frame_t *frame, ac_stream_t *s, size_t over, size_t mark) {
  if (s->werr != 0 || s->wqueued <= over) {
    frame->err = s->werr;
    return 0;
  }
  if (s->writers.head != NULL) {
    frame->err = AC_EBUSY;
    return 0;
  }
  drain_frame_t *F = (drain_frame_t *)(void *)ac__op_frame(&drain_op_info, 0);
  F->s = s;
  F->mark = mark;
  return ac__await_call(frame, &F->hdr);
}

int ac_stream_write__await(ac_frame_t *frame, void *result, ac_stream_t *s, const void *buf,
                           size_t len) {
  (void)result;
  if (s == NULL || s->closing) {
    frame->err = AC_EBADF;
    return 0;
  }
  if (s->writers.head != NULL) {
    frame->err = AC_EBUSY;
    return 0;
  }
  if (s->werr == 0 && len > 0) {
    int rc = write_queue(s, buf, len);
    if (rc != 0) s->werr = rc;
  }
  return drain_await(frame, s, AC_STREAM_HIGH_WATER, AC_STREAM_LOW_WATER);
}

int ac_stream_drain__await(ac_frame_t *frame, void *result, ac_stream_t *s) {
  (void)result;
  if (s == NULL || s->closing) {
    frame->err = AC_EBADF;
    return 0;
  }
  return drain_await(frame, s, 0, 0);
}

/* ================= shutdown, close, names ================= */

static void on_shutdown(uv_shutdown_t *req, int status) {
  ac_stream_t *s = req->handle->data;
  (void)status; /* a failure shows in the next read or write */
  ac__free(req);
  s->shutting = 0;
  if (s->close_after_shutdown) stream_close_handle(s);
}

int ac_stream_shutdown(ac_stream_t *s) {
  if (s == NULL || s->closing) return AC_EBADF;
  uv_shutdown_t *req = ac__malloc(sizeof *req);
  int rc = uv_shutdown(req, &s->h.stream, on_shutdown);
  if (rc != 0)
    ac__free(req);
  else
    s->shutting = 1;
  return rc;
}

/* Closes at once: the queued writes are dropped. */
static void stream_abort(ac_stream_t *s) { stream_close_handle(s); }


/* asyncio's close: the bytes still queued are written first (a shutdown
 * request completes after them), then the socket is closed. */
void ac_stream_close(ac_stream_t *s) {
  if (s == NULL || s->closing) return;
  forget_owner(s);
  if (s->wqueued > 0 && s->werr == 0 && !s->shutting) ac_stream_shutdown(s);
  if (s->shutting) { /* on_shutdown closes, after the queued writes */
    stop_reading(s);
    s->closing = 1;
    s->close_after_shutdown = 1;
    return;
  }
  stream_abort(s);
}

/* A Unix socket's address as asyncc spells it: the path, "@name" for a
 * Linux abstract name, "" for an unnamed socket (a client's own end). */
static int format_unix_addr(const struct sockaddr_un *a, socklen_t len, char *buf, size_t cap) {
  size_t off = offsetof(struct sockaddr_un, sun_path);
  size_t n = len > off ? (size_t)len - off : 0;
  const char *name = a->sun_path;
  if (cap == 0) return AC_EINVAL;
  if (n > 0 && name[0] == '\0') { /* abstract: no terminator, '@' for the NUL */
    snprintf(buf, cap, "@%.*s", (int)(n - 1), name + 1);
    return 0;
  }
  snprintf(buf, cap, "%.*s", (int)strnlen(name, n), name);
  return 0;
}

static int format_addr(const struct sockaddr_storage *ss, socklen_t len, char *buf, size_t cap) {
  char host[INET6_ADDRSTRLEN];
  int port, rc;
  if (ss->ss_family == AF_UNIX)
    return format_unix_addr((const struct sockaddr_un *)(const void *)ss, len, buf, cap);
  if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)ss;
    rc = uv_ip6_name(a, host, sizeof host);
    port = ntohs(a->sin6_port);
    if (rc == 0) snprintf(buf, cap, "[%s]:%d", host, port);
  } else {
    const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)ss;
    rc = uv_ip4_name(a, host, sizeof host);
    port = ntohs(a->sin_port);
    if (rc == 0) snprintf(buf, cap, "%s:%d", host, port);
  }
  return rc;
}

/* The peer's (PEER) or own address of S's socket, formatted. */
static int stream_name(const ac_stream_t *s, int peer, char *buf, size_t cap) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  uv_os_fd_t fd;
  if (s == NULL || s->handle_closing) return AC_EBADF;
  int rc = uv_fileno(&s->h.handle, &fd);
  if (rc != 0) return rc;
  memset(&ss, 0, sizeof ss);
  rc = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
            : getsockname(fd, (struct sockaddr *)&ss, &len);
  if (rc != 0) return -errno;
  return format_addr(&ss, len, buf, cap);
}

int ac_stream_peer_name(const ac_stream_t *s, char *buf, size_t cap) {
  return stream_name(s, 1, buf, cap);
}

int ac_stream_sock_name(const ac_stream_t *s, char *buf, size_t cap) {
  return stream_name(s, 0, buf, cap);
}

/* ================= connect ================= */

/* A connect in flight: lives on the heap because libuv's callbacks can
 * come after the awaiting frame is gone (cancelled). */
typedef struct connect_op_s {
  uv_getaddrinfo_t gai;
  uv_connect_t creq;
  struct addrinfo *ai, *cur;
  int port;
  ac_stream_t *s;         /* the socket being tried */
  int err;                /* the last failure */
  int done;               /* finished: s connected, or err */
  int abandoned;          /* the frame is gone: clean up and free */
  ac__wlist_t waiters;    /* the awaiting frame */
  int has_local;          /* bind before connecting (ac_tcp_connect_from) */
  struct sockaddr_in local4;   /* valid if local4_ok */
  struct sockaddr_in6 local6;  /* valid if local6_ok */
  int local4_ok, local6_ok;
} connect_op_t;

static void connect_op_free(connect_op_t *op) {
  if (op->ai != NULL) uv_freeaddrinfo(op->ai);
  ac__free(op);
}

static void connect_finish(connect_op_t *op, int err) {
  op->err = err;
  op->done = 1;
  if (op->ai != NULL) {
    uv_freeaddrinfo(op->ai);
    op->ai = op->cur = NULL;
  }
  wake_first(&op->waiters);
}

static void connect_next(connect_op_t *op);

static void on_connected(uv_connect_t *req, int status) {
  connect_op_t *op = req->data;
  if (op->abandoned) { /* its socket was closed by the cancellation */
    connect_op_free(op);
    return;
  }
  if (status == 0) {
    uv_tcp_nodelay(&op->s->h.tcp, 1);
    connect_finish(op, 0);
    return;
  }
  op->err = status;
  ac_stream_close(op->s);
  op->s = NULL;
  op->cur = op->cur->ai_next;
  connect_next(op);
}

/* The local address to bind a socket of FAMILY to, or NULL (none asked
 * for; with *ERR set: none of that family). */
static const struct sockaddr *local_for(const connect_op_t *op, int family, int *err) {
  *err = 0;
  if (!op->has_local) return NULL;
  if (family == AF_INET && op->local4_ok) return (const struct sockaddr *)&op->local4;
  if (family == AF_INET6 && op->local6_ok) return (const struct sockaddr *)&op->local6;
  *err = UV_EAFNOSUPPORT;
  return NULL;
}

/* Tries the addresses from op->cur on, in order. */
static void connect_next(connect_op_t *op) {
  for (; op->cur != NULL; op->cur = op->cur->ai_next) {
    int rc;
    if (op->cur->ai_family != AF_INET && op->cur->ai_family != AF_INET6) continue;
    const struct sockaddr *local = local_for(op, op->cur->ai_family, &rc);
    if (rc != 0) { /* asyncio skips an address with no local one of its family */
      op->err = rc;
      continue;
    }
    op->s = stream_new(0);
    op->creq.data = op;
    rc = local != NULL ? uv_tcp_bind(&op->s->h.tcp, local, 0) : 0;
    if (rc == 0) rc = uv_tcp_connect(&op->creq, &op->s->h.tcp, op->cur->ai_addr, on_connected);
    if (rc == 0) return;
    op->err = rc;
    ac_stream_close(op->s);
    op->s = NULL;
  }
  connect_finish(op, op->err != 0 ? op->err : AC_EINVAL);
}

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  connect_op_t *op = req->data;
  op->ai = op->cur = res;
  if (op->abandoned) {
    connect_op_free(op);
    return;
  }
  if (status != 0) {
    connect_finish(op, status);
    return;
  }
  connect_next(op);
}

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;
  connect_op_t *op;
  ac_stream_t **result;
} connect_frame_t;

/* The task was cancelled while OP runs: stop it; OP frees itself in the
 * callback that libuv still owes (or here, if it owes none). */
static void connect_abandon(connect_op_t *op) {
  if (op->done) { /* finished just before the cancellation */
    if (op->s != NULL) ac_stream_close(op->s);
    connect_op_free(op);
    return;
  }
  op->abandoned = 1;
  if (op->s != NULL)
    ac_stream_close(op->s); /* on_connected comes with UV_ECANCELED */
  else
    uv_cancel((uv_req_t *)&op->gai); /* on_resolved comes either way */
}

static int connect_op_resume(ac_frame_t *hdr) {
  connect_frame_t *F = (connect_frame_t *)(void *)hdr;
  connect_op_t *op = F->op;
  if (hdr->state == 0) {
    ac__wait_park_as(&F->w, &op->waiters, &stream_wait_ops);
    hdr->state = 1;
    return AC__SUSPENDED;
  }
  ac__wlist_remove(&F->w);
  if (hdr->err != 0) {
    connect_abandon(op);
    return AC__DONE;
  }
  hdr->err = op->err;
  if (op->err == 0 && F->result != NULL)
    *F->result = op->s;
  else if (op->err == 0)
    ac_stream_close(op->s);
  connect_op_free(op);
  return AC__DONE;
}
OP_INFO(connect_op, connect_frame_t);

/* Reads the local address of ac_tcp_connect_from into OP: NULL is the
 * wildcard of either family, otherwise a numeric IPv4 or IPv6 address. */
static int connect_local(connect_op_t *op, const char *host, int port) {
  op->has_local = 1;
  if (port < 0 || port > 65535) return AC_EINVAL;
  op->local4_ok = uv_ip4_addr(host != NULL ? host : "0.0.0.0", port, &op->local4) == 0;
  op->local6_ok = uv_ip6_addr(host != NULL ? host : "::", port, &op->local6) == 0;
  return op->local4_ok || op->local6_ok ? 0 : AC_EINVAL;
}

static int connect_start(ac_frame_t *frame, ac_stream_t **result, connect_op_t *op,
                         const char *host, int port) {
  struct addrinfo hints;
  char service[16];
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  snprintf(service, sizeof service, "%d", port);
  op->port = port;
  op->gai.data = op;
  int rc = uv_getaddrinfo(&ac__L.uv, &op->gai, on_resolved, host, service, &hints);
  if (rc != 0) {
    ac__free(op);
    frame->err = rc;
    return 0;
  }
  connect_frame_t *F = (connect_frame_t *)(void *)ac__op_frame(&connect_op_info, 0);
  F->op = op;
  F->result = result;
  return ac__await_call(frame, &F->hdr);
}

int ac_tcp_connect__await(ac_frame_t *frame, ac_stream_t **result, const char *host, int port) {
  return connect_start(frame, result, ac__calloc(1, sizeof(connect_op_t)), host, port);
}

int ac_tcp_connect_from__await(ac_frame_t *frame, ac_stream_t **result, const char *host,
                               int port, const char *local_host, int local_port) {
  connect_op_t *op = ac__calloc(1, sizeof *op);
  int rc = connect_local(op, local_host, local_port);
  if (rc != 0) {
    ac__free(op);
    frame->err = rc;
    return 0;
  }
  return connect_start(frame, result, op, host, port);
}

/* ================= options ================= */

int ac_stream_fd(const ac_stream_t *s) {
  uv_os_fd_t fd;
  if (s == NULL || s->handle_closing) return AC_EBADF;
  int rc = uv_fileno(&s->h.handle, &fd);
  return rc != 0 ? rc : (int)fd;
}

int ac_stream_set_nodelay(ac_stream_t *s, int on) {
  if (s == NULL || s->handle_closing) return AC_EBADF;
  return s->is_unix ? AC_ENOTSUP : uv_tcp_nodelay(&s->h.tcp, on != 0);
}

int ac_stream_set_keepalive(ac_stream_t *s, int on, unsigned delay) {
  if (s == NULL || s->handle_closing) return AC_EBADF;
  if (s->is_unix) return AC_ENOTSUP;
  if (on && delay == 0) return AC_EINVAL; /* the kernel takes no 0 idle time */
  return uv_tcp_keepalive(&s->h.tcp, on != 0, delay);
}

/* ================= servers ================= */

typedef struct conn_s conn_t;
struct conn_s {
  conn_t *next, *prev;
  ac_stream_t *s;
  ac_task_t *handler;
};

struct ac_server_s {
  sock_handle_t h;    /* the listener */
  int is_unix;
  char *path;         /* a Unix server's file, unlinked when it closes */
  dev_t dev;          /* ... if it is still the socket it bound */
  ino_t ino;
  ac_tcp_handler_t handler;
  void *arg;
  int port;
  int closing;        /* uv_close called on the listener */
  int handle_closed;  /* and its callback ran */
  int shut;           /* ac_server_shutdown is done with it */
  conn_t *conns;      /* live connections */
  ac_event_t idle;    /* set while no connection is live */
  ac_owned_handle_t reg; /* until shut: ac_run's end closes and frees it */
};

static void server_maybe_free(ac_server_t *srv) {
  if (!srv->handle_closed || !srv->shut) return;
  ac__free(srv->path);
  ac__free(srv);
}

/* A Unix server's file goes when the server stops listening (Python
 * 3.13's cleanup_socket), unless something else has been put there
 * meanwhile: only the socket the server bound is unlinked. */
static void unix_server_unlink(ac_server_t *srv) {
  struct stat st;
  if (srv->path == NULL) return;
  if (stat(srv->path, &st) == 0 && st.st_dev == srv->dev && st.st_ino == srv->ino)
    unlink(srv->path);
  ac__free(srv->path);
  srv->path = NULL;
}

static void on_server_closed(uv_handle_t *h) {
  ac_server_t *srv = h->data;
  srv->handle_closed = 1;
  server_maybe_free(srv);
}

void ac_server_close(ac_server_t *srv) {
  if (srv->closing) return;
  srv->closing = 1;
  uv_close(&srv->h.handle, on_server_closed);
  unix_server_unlink(srv);
}

int ac_server_port(const ac_server_t *srv) { return srv->port; }

/* ac_run ends and SRV was not shut down: every handler has finished by
 * now (they are tasks), so only the listener is left to close. */
static void server_teardown(ac_owned_handle_t *h) {
  ac_server_t *srv = ac__container_of(h, ac_server_t, reg);
  ac_server_close(srv);
  srv->shut = 1;
  server_maybe_free(srv);
}

/* The connection's watcher: a runtime task that awaits the handler, then
 * closes the stream and forgets the connection. */
typedef struct {
  ac_frame_t hdr;
  ac_server_t *srv;
  conn_t *c;
} watch_frame_t;

static void conn_forget(ac_server_t *srv, conn_t *c) {
  if (c->prev != NULL)
    c->prev->next = c->next;
  else
    srv->conns = c->next;
  if (c->next != NULL) c->next->prev = c->prev;
  if (srv->conns == NULL) ac_event_set(&srv->idle);
}

static int watch_resume(ac_frame_t *hdr) {
  watch_frame_t *W = (watch_frame_t *)(void *)hdr;
  conn_t *c = W->c;
  if (hdr->state == 0) {
    hdr->state = 1;
    if (ac__await_task(hdr, c->handler) != 0) return AC__SUSPENDED;
  }
  int err = hdr->err;
  if (err != 0 && err != AC_ECANCELED)
    fprintf(stderr, "asyncc: tcp server: a connection handler failed: %s\n",
            ac_strerror(err));
  hdr->err = 0; /* reported here, not by the watcher */
  ac__detach(c->handler);
  if (err == AC_ECANCELED && !c->s->closing)
    stream_abort(c->s); /* a cancelled handler's writes are dropped */
  else
    ac_stream_close(c->s);
  c->s->server_held = 0;
  if (c->s->handle_closed) stream_free(c->s);
  conn_forget(W->srv, c);
  ac__free(c);
  return AC__DONE;
}
static const ac__fninfo_t watch_info = {"ac_tcp_server connection", "<asyncc runtime>", 0,
                                        watch_resume, sizeof(watch_frame_t),
                                        _Alignof(watch_frame_t), NULL};

static void on_connection(uv_stream_t *listener, int status) {
  ac_server_t *srv = listener->data;
  if (status != 0 || srv->closing) return;
  ac_stream_t *s = stream_new(srv->is_unix);
  if (uv_accept(listener, &s->h.stream) != 0) {
    ac_stream_close(s);
    return;
  }
  if (!srv->is_unix) uv_tcp_nodelay(&s->h.tcp, 1);
  s->server_held = 1;
  conn_t *c = ac__calloc(1, sizeof *c);
  c->s = s;
  c->handler = AC_TASK_OF(srv->handler(s, srv->arg));
  c->next = srv->conns;
  if (c->next != NULL) c->next->prev = c;
  srv->conns = c;
  ac_event_clear(&srv->idle);
  ac_frame_t *root;
  ac_task_t *watcher = ac__spawn(&watch_info, 0, NULL, 0, &root, NULL);
  watch_frame_t *W = (watch_frame_t *)(void *)root;
  W->srv = srv;
  W->c = c;
  ac__detach(watcher); /* freed when it finishes */
}

/* The first address HOST:PORT resolves to (synchronously). */
static int resolve_one(const char *host, int port, struct sockaddr_storage *ss) {
  struct addrinfo hints, *res;
  uv_getaddrinfo_t req;
  char service[16];
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  snprintf(service, sizeof service, "%d", port);
  int rc = uv_getaddrinfo(&ac__L.uv, &req, NULL, host != NULL ? host : "0.0.0.0", service, &hints);
  if (rc != 0) return rc;
  res = req.addrinfo;
  memcpy(ss, res->ai_addr, res->ai_addrlen);
  uv_freeaddrinfo(res);
  return 0;
}

/* A server with no listener yet: its handle is initialised by the caller. */
static ac_server_t *server_new(ac_tcp_handler_t handler, void *arg) {
  ac_server_t *srv = ac__calloc(1, sizeof *srv);
  srv->handler = handler;
  srv->arg = arg;
  ac_event_init(&srv->idle);
  ac_event_set(&srv->idle);
  return srv;
}

/* The listen failed with RC after the handle was initialised: close it;
 * the close callback frees SRV. */
static int server_fail(ac_server_t *srv, int rc) {
  srv->shut = 1;
  ac_server_close(srv);
  return rc;
}

int ac_tcp_listen(ac_server_t **out, const char *host, int port, ac_tcp_handler_t handler,
                  void *arg) {
  struct sockaddr_storage ss;
  int len = (int)sizeof ss;
  int rc = resolve_one(host, port, &ss);
  if (rc != 0) return rc;
  ac_server_t *srv = server_new(handler, arg);
  uv_tcp_init(&ac__L.uv, &srv->h.tcp);
  srv->h.handle.data = srv;
  rc = uv_tcp_bind(&srv->h.tcp, (struct sockaddr *)&ss, 0);
  if (rc == 0) rc = uv_listen(&srv->h.stream, 128, on_connection);
  if (rc == 0) rc = uv_tcp_getsockname(&srv->h.tcp, (struct sockaddr *)&ss, &len);
  if (rc != 0) return server_fail(srv, rc);
  ac_handle_register(&srv->reg, server_teardown);
  srv->port = ntohs(ss.ss_family == AF_INET6
                        ? ((struct sockaddr_in6 *)(void *)&ss)->sin6_port
                        : ((struct sockaddr_in *)(void *)&ss)->sin_port);
  *out = srv;
  return 0;
}

/* ================= Unix domain sockets ================= */

/* NAME as a Unix socket address in *A (*LEN its length): a path, or
 * "@name" for a Linux abstract name (the '@' stands for the leading NUL
 * byte, as ss and socat print it). */
static int unix_addr(const char *name, struct sockaddr_un *a, socklen_t *len) {
  size_t n = name != NULL ? strlen(name) : 0;
  if (n == 0) return AC_EINVAL;
  if (n >= sizeof a->sun_path) return UV_ENAMETOOLONG;
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  memcpy(a->sun_path, name, n);
  if (name[0] == '@') { /* abstract: exactly the bytes, no terminator */
    a->sun_path[0] = '\0';
    *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
  } else {
    *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
  }
  return 0;
}

/* libuv 1.44 binds and connects pipes by C string only (no abstract
 * names): asyncc makes the socket itself and hands it to a uv_pipe_t. */
static int unix_socket(void) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  return fd < 0 ? -errno : fd;
}

/* A stream over FD, a connected Unix socket, into *RESULT (NULL: closed
 * at once). 0 or libuv's code, FD closed either way on failure. */
static int unix_stream_of(int fd, ac_stream_t **result) {
  int rc = 0;
  ac_stream_t *s = stream_over_fd(fd, &rc);
  if (s == NULL) return rc;
  if (result != NULL)
    *result = s;
  else
    ac_stream_close(s);
  return 0;
}

/* A Unix connect to a listener whose backlog is full. The kernel answers
 * EAGAIN at once and no readiness event says when there is room (a
 * blocking connect would sleep in the kernel until then), so the connect
 * is retried on a timer, 1 ms doubling up to 64 ms, until it succeeds,
 * fails otherwise, or the task is cancelled. The connected descriptor is
 * the answer (answer.h): a cancellation between the wake and the task's
 * next step closes it instead of losing it. */
typedef struct {
  ac__answer_t a; /* first: the answer's callbacks get this record */
  uv_timer_t timer;
  struct sockaddr_un addr;
  socklen_t len;
  int fd;             /* the socket until it connects, then -1 */
  ac_stream_t *stream; /* the answer: the connected stream */
  uint64_t delay_ms;
} unix_wait_t;

enum { UNIX_RETRY_FIRST_MS = 1, UNIX_RETRY_MAX_MS = 64 };

static void unix_wait_deliver(ac__answer_t *a) {
  unix_wait_t *w = (unix_wait_t *)(void *)a;
  *(ac_stream_t **)w->a.result = w->stream;
  w->stream = NULL;
}

static void unix_wait_release(ac__answer_t *a) {
  unix_wait_t *w = (unix_wait_t *)(void *)a;
  if (w->stream != NULL) ac_stream_close(w->stream);
  w->stream = NULL;
}

static void unix_wait_closed(uv_handle_t *h) { ac__free(h->data); }

static void unix_wait_free(ac__answer_t *a) {
  unix_wait_t *w = (unix_wait_t *)(void *)a;
  unix_wait_release(a);
  if (w->fd >= 0) close(w->fd);
  uv_close((uv_handle_t *)&w->timer, unix_wait_closed);
}

static void unix_wait_retry(uv_timer_t *timer) {
  unix_wait_t *w = timer->data;
  if (connect(w->fd, (struct sockaddr *)&w->addr, w->len) == 0) {
    int fd = w->fd;
    w->fd = -1;
    ac__answer_done(&w->a, unix_stream_of(fd, &w->stream));
  } else if (errno == EAGAIN) {
    if (w->delay_ms < UNIX_RETRY_MAX_MS) w->delay_ms *= 2;
    uv_timer_start(&w->timer, unix_wait_retry, w->delay_ms, 0);
  } else {
    ac__answer_done(&w->a, -errno);
  }
}

static void unix_wait_cancel(ac_task_t *t) {
  unix_wait_t *w = ac__parked_on(t);
  uv_timer_stop(&w->timer);
  w->a.cancelled = 1;
  ac__answer_done(&w->a, AC_ECANCELED); /* wakes it; the frame frees w */
}

static void unix_wait_describe(const ac_task_t *t, ac__describe_t *d) {
  const unix_wait_t *w = ac__parked_on(t);
  ac__describe_printf(d, "in ac_unix_connect to %s (its backlog is full)",
                      w->addr.sun_path[0] != '\0' ? w->addr.sun_path : "an abstract name");
}

static ac__waitops_t unix_wait_ops = {"connecting a Unix socket", unix_wait_cancel, NULL, 0,
                                      unix_wait_describe};

static int unix_connect_wait(ac_frame_t *frame, ac_stream_t **result, int fd,
                             const struct sockaddr_un *addr, socklen_t len) {
  unix_wait_t *w = ac__calloc(1, sizeof *w);
  w->addr = *addr;
  w->len = len;
  w->fd = fd;
  w->delay_ms = UNIX_RETRY_FIRST_MS;
  w->a.result = result;
  w->a.deliver = unix_wait_deliver;
  w->a.release = unix_wait_release;
  w->a.free = unix_wait_free;
  uv_timer_init(&ac__L.uv, &w->timer);
  w->timer.data = w;
  uv_timer_start(&w->timer, unix_wait_retry, w->delay_ms, 0);
  return ac__answer_await(frame, &w->a, &unix_wait_ops);
}

/* A Unix connect completes or fails at once (the kernel queues it on the
 * listener's backlog), except when that backlog is full: then the task
 * waits for room (unix_wait_t). */
int ac_unix_connect__await(ac_frame_t *frame, ac_stream_t **result, const char *path) {
  struct sockaddr_un a;
  socklen_t len;
  int rc = unix_addr(path, &a, &len);
  int fd = rc == 0 ? unix_socket() : rc;
  frame->err = fd < 0 ? fd : 0;
  if (fd < 0) return 0;
  if (connect(fd, (struct sockaddr *)&a, len) != 0) {
    if (errno == EAGAIN) return unix_connect_wait(frame, result, fd, &a, len);
    frame->err = -errno;
    close(fd);
    return 0;
  }
  frame->err = unix_stream_of(fd, result);
  return 0;
}

/* Binds FD to PATH. asyncio's start_unix_server replaces a socket file
 * left at PATH by an earlier server (a stale one: nothing can tell a live
 * server's apart without connecting to it); any other file stays, and the
 * bind fails with AC_EADDRINUSE. */
static int unix_bind(int fd, const char *path, const struct sockaddr_un *a, socklen_t len) {
  struct stat st;
  if (path[0] != '@' && stat(path, &st) == 0 && S_ISSOCK(st.st_mode)) unlink(path);
  return bind(fd, (const struct sockaddr *)a, len) != 0 ? -errno : 0;
}

int ac_unix_listen(ac_server_t **out, const char *path, ac_tcp_handler_t handler, void *arg) {
  struct sockaddr_un a;
  socklen_t len;
  struct stat st;
  int rc = unix_addr(path, &a, &len);
  int fd = rc == 0 ? unix_socket() : rc;
  if (fd < 0) return fd;
  rc = unix_bind(fd, path, &a, len);
  if (rc != 0) {
    close(fd);
    return rc;
  }
  ac_server_t *srv = server_new(handler, arg);
  srv->is_unix = 1;
  if (path[0] != '@' && stat(path, &st) == 0) {
    srv->path = ac__malloc(strlen(path) + 1);
    strcpy(srv->path, path);
    srv->dev = st.st_dev;
    srv->ino = st.st_ino;
  }
  uv_pipe_init(&ac__L.uv, &srv->h.pipe, 0);
  srv->h.handle.data = srv;
  rc = uv_pipe_open(&srv->h.pipe, fd);
  if (rc != 0) close(fd); /* not the handle's yet */
  if (rc == 0) rc = uv_listen(&srv->h.stream, 128, on_connection);
  if (rc != 0) return server_fail(srv, rc);
  ac_handle_register(&srv->reg, server_teardown);
  *out = srv;
  return 0;
}

typedef struct {
  ac_frame_t hdr;
  ac_server_t *srv;
  int cancelled; /* the shutdown itself was cancelled while it waited */
} shutdown_frame_t;

static void cancel_handlers(ac_server_t *srv) {
  for (conn_t *c = srv->conns; c != NULL; c = c->next)
    if (!ac__task_done(c->handler)) ac__cancel(c->handler);
}

static int server_shutdown_resume(ac_frame_t *hdr) {
  shutdown_frame_t *F = (shutdown_frame_t *)(void *)hdr;
  ac_server_t *srv = F->srv;
  if (hdr->state != 0 && hdr->err == AC_ECANCELED) {
    F->cancelled = 1; /* still wait: no handler outlives its server */
    cancel_handlers(srv);
  }
  hdr->state = 1;
  if (srv->conns != NULL && ac__await_event_wait(hdr, &srv->idle) != 0) return AC__SUSPENDED;
  hdr->err = F->cancelled ? AC_ECANCELED : 0;
  srv->shut = 1;
  ac_handle_unregister(&srv->reg);
  server_maybe_free(srv);
  return AC__DONE;
}
OP_INFO(server_shutdown, shutdown_frame_t);

int ac_server_shutdown__await(ac_frame_t *frame, void *result, ac_server_t *srv) {
  (void)result;
  ac_server_close(srv);
  cancel_handlers(srv);
  shutdown_frame_t *F = (shutdown_frame_t *)(void *)ac__op_frame(&server_shutdown_info, 0);
  F->srv = srv;
  return ac__await_call(frame, &F->hdr);
}

/* ================= the dump's words ================= */

/* Appends whom S talks to: " from 127.0.0.1:40212" (FROM_TO: "from" or
 * "to"), a Unix socket's path, or a process's pipe. Nothing if S has no
 * name to give (closed under the waiter). */
static void describe_peer(const ac_stream_t *s, const char *from_to, ac__describe_t *d) {
  char name[128];
  if (s->pipe_pid != 0) {
    ac__describe_printf(d, " %s the pipe of process %d", from_to, s->pipe_pid);
  } else if (stream_name(s, 1, name, sizeof name) == 0 && name[0] != '\0') {
    ac__describe_printf(d, " %s %s%s", from_to, s->is_unix ? "unix socket " : "", name);
  } else if (s->is_unix && stream_name(s, 0, name, sizeof name) == 0 && name[0] != '\0') {
    /* an accepted connection: the client's end has no name */
    ac__describe_printf(d, " %s a client of unix socket %s", from_to, name);
  }
}

static const char *const read_names[] = {"ac_stream_read", "ac_stream_read_exactly",
                                         "ac_stream_read_until", "ac_stream_read_line"};

/* "in ac_stream_read from 127.0.0.1:40212", "in ac_stream_drain to ...",
 * "in ac_tcp_connect to [::1]:80"; other frames as every waiter. */
static void describe_stream_wait(const ac_task_t *t, ac__describe_t *d) {
  const ac_frame_t *f = t->top;
  if (f->info == &read_op_info) {
    const read_frame_t *F = (const read_frame_t *)(const void *)f;
    ac__describe_printf(d, "in %s", read_names[F->kind]);
    describe_peer(F->s, "from", d);
  } else if (f->info == &drain_op_info) {
    const drain_frame_t *F = (const drain_frame_t *)(const void *)f;
    ac__describe_printf(d, "in ac_stream_drain");
    describe_peer(F->s, "to", d);
  } else if (f->info == &connect_op_info) {
    const connect_op_t *op = ((const connect_frame_t *)(const void *)f)->op;
    char name[128];
    ac__describe_printf(d, "in ac_tcp_connect");
    if (op->cur == NULL) {
      ac__describe_printf(d, ", resolving the host");
    } else {
      struct sockaddr_storage ss;
      socklen_t len = (socklen_t)op->cur->ai_addrlen;
      memset(&ss, 0, sizeof ss);
      memcpy(&ss, op->cur->ai_addr, len <= sizeof ss ? len : sizeof ss);
      if (format_addr(&ss, len, name, sizeof name) == 0) ac__describe_printf(d, " to %s", name);
    }
  } else {
    ac__waiter_describe(t, d);
  }
}

static ac__waitops_t stream_wait_ops = {"waiting", ac__waiter_cancel, NULL, 0,
                                        describe_stream_wait};
