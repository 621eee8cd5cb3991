/* http.c - the asyncc HTTP client: libcurl's multi-socket interface driven
 * by the asyncc loop (see asyncc_http.h for the contract).
 *
 * Takes: a session = one CURLM; libcurl tells us which sockets to watch
 * (on_curl_socket: one uv_poll_t per socket) and when to call it back
 * (on_curl_timer: one uv_timer_t per session); libuv tells libcurl what
 * happened through curl_multi_socket_action, after which finished
 * transfers are collected (collect_done) and their promises settled.
 * Guarantees: a transfer lives exactly as long as its promise is pending.
 * It ends in one of three ways, each freeing its buffers and giving its
 * easy handle back to the session (kept for the next request):
 *   - libcurl finishes it: the promise is resolved with the response (or
 *     rejected), and a cancel hook stays to free a response nobody gets;
 *   - the promise is cancelled (ac_cancel, ac_wait_for, a task group): the
 *     hook removes the transfer from the multi handle at once;
 *   - the session is closed: the promise is rejected with AC_ECANCELED.
 * libcurl is never re-entered from its own callbacks: settling a promise
 * only queues the waiter, and a one-shot session closes itself after the
 * socket_action call that ended its last transfer, not inside it.
 *
 * A streamed transfer (ac_http_stream_open) has a stream instead of a
 * response promise: the open promise settles when the final headers are
 * in, the body goes through two buffers (pending: received, not yet read;
 * given: the chunk the reader holds), and the write callback pauses the
 * transfer (CURL_WRITEFUNC_PAUSE) while pending holds STREAM_HOLD bytes;
 * the next read hands pending over and unpauses it. The stream outlives
 * its transfer: it keeps what was received and how the transfer ended.
 * Any piece may be refused, the last one too (a chunked body's end cannot
 * be seen from the write callback): libcurl keeps it, and after the
 * unpause finishes the transfer from its timer (see on_timer).
 */
#define _POSIX_C_SOURCE 200809L /* strdup, strncasecmp; uv.h needs POSIX types */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <uv.h>

#include "asyncc_http.h"

#define DEFAULT_MAX_BODY ((size_t)64 << 20)
#define DEFAULT_MAX_REDIRECTS 10
/* Open connections a session with no max_total_connections keeps (see
 * idle_connections_kept). */
#define IDLE_CONNECTIONS_KEPT 100L
/* Ended transfers a session keeps for reuse with their easy handles:
 * making a handle and freeing it costs more than the rest of a small
 * request's own work (libcurl recommends reuse). An idle handle carries
 * only the session's options (transfer_recycle); the connection cache is
 * the multi handle's, so nothing of a request outlives it. */
#define IDLE_TRANSFERS_MAX 128
/* The largest Content-Length that sizes a body's buffer at once. */
#define BODY_PRESIZE_MAX ((curl_off_t)1 << 20)
/* A stream holds at most this much unread body (plus one write of libcurl,
 * at most CURL_MAX_WRITE_SIZE, and the chunk being read). */
#define STREAM_HOLD ((size_t)64 << 10)
/* curl_off_t is 64-bit on every platform libcurl 7.85 supports. */
#define OFF_T_MAX ((curl_off_t)0x7fffffffffffffffLL)

typedef struct transfer_s transfer_t;
typedef struct sock_s sock_t;

struct ac_http_session_s {
  CURLM *multi;
  uv_timer_t timer;
  ac_http_options_t opt;       /* opt.headers is not used: see headers */
  char *ca_file;               /* opt.ca_file, copied */
  char *proxy;                 /* opt.proxy, copied ("" stays ""), or NULL */
  CURLSH *cookies;             /* opt.cookies: the cookie jar every transfer
                                  of the session shares, or NULL */
  struct curl_slist *headers;  /* the default headers, copied */
  transfer_t *transfers;       /* running, doubly linked */
  sock_t *socks;               /* watched sockets, doubly linked */
  int close_when_idle;         /* ac_http_get's one-shot session */
  transfer_t *idle[IDLE_TRANSFERS_MAX]; /* ended, kept with their easy
                                           handles (transfer_recycle) */
  size_t n_idle;
};

struct transfer_s {
  transfer_t *prev, *next;
  ac_http_session_t *s;
  CURL *easy;
  struct curl_slist *headers;
  FILE *upload;                /* req.body_file, open while it is sent */
  ac_http_task_t promise;      /* unused for a stream */
  ac_http_stream_t *stream;    /* a streamed transfer's, or NULL */
  ac_http_response_t *resp;    /* being filled (a stream's belongs to it) */
  size_t body_cap, max_body;
  int plain;                   /* a GET with no body, not streamed */
  int ended_ok;                /* libcurl has ended it with CURLE_OK */
  int too_large;
  char *user_errbuf;           /* req.errbuf */
  char errbuf[CURL_ERROR_SIZE];
};

struct ac_http_stream_s {
  transfer_t *t;               /* NULL once the transfer has ended */
  ac_http_response_t *resp;
  ac_task__ac_http_stream_t_p opened;
  int open_pending;            /* OPENED not settled yet: the library owns
                                  the stream */
  ac_task__ac_http_chunk_t reader;
  int reading;                 /* READER pending */
  char *pending, *given;       /* see the file comment */
  size_t pending_len, pending_cap, given_cap;
  int paused, ended, err;      /* ERR: how the transfer failed, once ENDED */
};

struct sock_s {
  sock_t *prev, *next;
  ac_http_session_t *s;
  uv_poll_t poll;
  curl_socket_t fd;
};

/* ---- lists ---- */
#define LIST_PUSH(head, x)                   \
  do {                                       \
    (x)->prev = NULL;                        \
    (x)->next = (head);                      \
    if ((head) != NULL) (head)->prev = (x);  \
    (head) = (x);                            \
  } while (0)
#define LIST_UNLINK(head, x)                                  \
  do {                                                        \
    if ((x)->prev != NULL) (x)->prev->next = (x)->next;       \
    else (head) = (x)->next;                                  \
    if ((x)->next != NULL) (x)->next->prev = (x)->prev;       \
  } while (0)

/* ---- errors ---- */

const char *ac_http_strerror(int code) {
  switch (code) {
  case AC_HTTP_ERESOLVE: return "DNS failure: could not resolve the host";
  case AC_HTTP_ECONNECT: return "could not connect to the server";
  case AC_HTTP_ETOOMANYREDIRECTS: return "too many redirects";
  case AC_HTTP_ETOOLARGE: return "body too large: past the max_body limit";
  case AC_HTTP_ETLSVERIFY: return "TLS: the server's certificate is not trusted";
  case AC_HTTP_ERR(CURLE_SSL_CONNECT_ERROR): return "TLS: the handshake failed";
  case AC_HTTP_ERR(CURLE_GOT_NOTHING): return "the server closed the connection without a reply";
  case AC_HTTP_ERR(CURLE_PARTIAL_FILE): return "the server closed the connection mid-body";
  case AC_ETIMEDOUT: return "timed out (connect or total timeout)";
  case AC_ECONNREFUSED: return "connection refused";
  case AC_ECONNRESET: return "connection reset by the server";
  default: break;
  }
  if (code <= AC_HTTP_ERR_BASE && code > AC_HTTP_ERR_BASE - 1000)
    return curl_easy_strerror((CURLcode)(AC_HTTP_ERR_BASE - code));
  return ac_strerror(code);
}

/* The asyncc code for libcurl's RC on T: errno-like codes where the OS
 * error says which, libcurl's own code otherwise. */
static int map_error(transfer_t *t, CURLcode rc) {
  long os_errno = 0;
  curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os_errno);
  switch (rc) {
  case CURLE_OPERATION_TIMEDOUT: return AC_ETIMEDOUT;
  case CURLE_OUT_OF_MEMORY: return AC_ENOMEM;
  case CURLE_FILESIZE_EXCEEDED: return AC_HTTP_ETOOLARGE;
  case CURLE_WRITE_ERROR: return t->too_large ? AC_HTTP_ETOOLARGE : AC_HTTP_ERR(rc);
  case CURLE_COULDNT_CONNECT:
    return os_errno == ECONNREFUSED ? AC_ECONNREFUSED : AC_HTTP_ERR(rc);
  case CURLE_RECV_ERROR:
  case CURLE_SEND_ERROR:
    return os_errno == ECONNRESET ? AC_ECONNRESET : AC_HTTP_ERR(rc);
  default: return AC_HTTP_ERR(rc);
  }
}

/* ---- responses ---- */

/* A response as this file makes it: the public part first (an
 * ac_http_response_t * of ours is a response_t *), then room that saves
 * an allocation per header: the first HEADERS_INLINE headers, and their
 * text (name '\0' value '\0', one after the other, then the final URL)
 * as long as it fits TEXT_INLINE bytes. Past that, text goes into chunks
 * that never move (a header given to the caller stays where it is), and
 * the array doubles. The whole (under 1 KB) stays small enough for
 * malloc's per-thread cache. */
#define HEADERS_INLINE 16
#define TEXT_INLINE 512
typedef struct text_chunk_s text_chunk_t;
struct text_chunk_s {
  text_chunk_t *prev;
  char text[];
};
typedef struct {
  ac_http_response_t pub;
  size_t headers_cap;          /* slots of pub.headers */
  text_chunk_t *chunks;        /* header text past text0, newest first */
  char *text;                  /* where the next header's text goes */
  size_t text_len, text_cap;
  ac_http_header_t headers[HEADERS_INLINE];
  char text0[TEXT_INLINE];
} response_t;

static response_t *response_of(ac_http_response_t *r) { return (response_t *)r; }

/* Forgets R's headers: they go back to the inline room. */
static void free_headers(ac_http_response_t *r) {
  response_t *rp = response_of(r);
  if (r->headers != rp->headers) free(r->headers);
  while (rp->chunks != NULL) {
    text_chunk_t *c = rp->chunks;
    rp->chunks = c->prev;
    free(c);
  }
  r->headers = rp->headers;
  r->nheaders = 0;
  rp->headers_cap = HEADERS_INLINE;
  rp->text = rp->text0;
  rp->text_len = 0;
  rp->text_cap = TEXT_INLINE;
}

/* A new, empty response, or NULL. */
static ac_http_response_t *new_response(void) {
  response_t *rp = calloc(1, sizeof *rp);
  if (rp == NULL) return NULL;
  free_headers(&rp->pub);
  return &rp->pub;
}

void ac_http_response_free(ac_http_response_t *r) {
  if (r == NULL) return;
  free_headers(r); /* and the URL, which is in the header text */
  free(r->body);
  free(response_of(r));
}

const char *ac_http_header(const ac_http_response_t *r, const char *name) {
  for (size_t i = 0; i < r->nheaders; i++)
    if (strcasecmp(r->headers[i].name, name) == 0) return r->headers[i].value;
  return NULL;
}

static size_t stream_write(ac_http_stream_t *st, const char *data, size_t len);

/* The first size of T's body buffer: its Content-Length (and the '\0'),
 * so that a body of known length is copied once into a buffer of its
 * size; 4096 when the length is not known. Either way it doubles as
 * needed, and a length past BODY_PRESIZE_MAX is not trusted to size it
 * (a server that announces much and sends little). */
static size_t first_body_cap(transfer_t *t) {
  curl_off_t size = -1;
  curl_easy_getinfo(t->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &size);
  return size >= 0 && size < BODY_PRESIZE_MAX ? (size_t)size + 1 : 4096;
}

static size_t on_body(char *data, size_t size, size_t n, void *arg) {
  transfer_t *t = arg;
  ac_http_response_t *r = t->resp;
  size_t len = size * n;
  if (t->stream != NULL) return stream_write(t->stream, data, len);
  if (len > t->max_body - r->body_len) {
    t->too_large = 1;
    return 0; /* libcurl fails the transfer with CURLE_WRITE_ERROR */
  }
  if (r->body_len + len + 1 > t->body_cap) {
    size_t cap = t->body_cap ? t->body_cap : first_body_cap(t);
    while (cap < r->body_len + len + 1) cap *= 2;
    char *p = realloc(r->body, cap);
    if (p == NULL) return 0;
    r->body = p;
    t->body_cap = cap;
  }
  memcpy(r->body + r->body_len, data, len);
  r->body_len += len;
  r->body[r->body_len] = '\0';
  return len;
}

/* Narrows [*P, *END) to leave out blanks and the line end around it. */
static void trim(const char **p, const char **end) {
  while (*p < *end && (**p == ' ' || **p == '\t')) (*p)++;
  while (*end > *p && ((*end)[-1] == ' ' || (*end)[-1] == '\t' || (*end)[-1] == '\r' ||
                       (*end)[-1] == '\n'))
    (*end)--;
}

/* Room for one more header in R: the array doubles when it is full. */
static int reserve_header(ac_http_response_t *r) {
  response_t *rp = response_of(r);
  if (r->nheaders < rp->headers_cap) return 0;
  size_t cap = rp->headers_cap * 2;
  int inline_now = r->headers == rp->headers;
  ac_http_header_t *h = inline_now ? malloc(cap * sizeof *h) : realloc(r->headers, cap * sizeof *h);
  if (h == NULL) return -1;
  if (inline_now) memcpy(h, rp->headers, sizeof rp->headers);
  r->headers = h;
  rp->headers_cap = cap;
  return 0;
}

/* LEN bytes of header text in R, or NULL: from the room at hand, else
 * from a new chunk (twice the last room, or LEN if more). */
static char *header_text(ac_http_response_t *r, size_t len) {
  response_t *rp = response_of(r);
  if (len > rp->text_cap - rp->text_len) {
    size_t cap = rp->text_cap * 2 > len ? rp->text_cap * 2 : len;
    text_chunk_t *c = malloc(sizeof *c + cap);
    if (c == NULL) return NULL;
    c->prev = rp->chunks;
    rp->chunks = c;
    rp->text = c->text;
    rp->text_len = 0;
    rp->text_cap = cap;
  }
  char *p = rp->text + rp->text_len;
  rp->text_len += len;
  return p;
}

static void stream_headers_in(ac_http_stream_t *st);

/* Whether the headers T has just received are the final response's: not
 * a 1xx, nor a redirect that libcurl is about to follow. */
static int is_final_response(transfer_t *t) {
  long code = 0;
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
  if (code < 200) return 0;
  return !(code >= 300 && code < 400 && !t->s->opt.no_redirects &&
           ac_http_header(t->resp, "Location") != NULL);
}

/* One header line. A status line starts a new response (a redirect's or a
 * 100 Continue's headers are dropped): only the last one's are kept. The
 * name and value are copied into R's header text (see response_t). */
static size_t on_header(char *data, size_t size, size_t n, void *arg) {
  transfer_t *t = arg;
  ac_http_response_t *r = t->resp;
  size_t len = size * n;
  if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
    free_headers(r);
    return len;
  }
  const char *colon = memchr(data, ':', len);
  if (colon == NULL) { /* the blank line that ends the headers */
    if (t->stream != NULL && is_final_response(t)) stream_headers_in(t->stream);
    return len;
  }
  const char *name = data, *name_end = colon, *value = colon + 1, *value_end = data + len;
  trim(&name, &name_end);
  trim(&value, &value_end);
  size_t nl = (size_t)(name_end - name), vl = (size_t)(value_end - value);
  char *both = reserve_header(r) == 0 ? header_text(r, nl + vl + 2) : NULL;
  if (both == NULL) return 0; /* out of memory: the transfer fails */
  memcpy(both, name, nl);
  both[nl] = '\0';
  memcpy(both + nl + 1, value, vl);
  both[nl + 1 + vl] = '\0';
  r->headers[r->nheaders++] = (ac_http_header_t){both, both + nl + 1};
  return len;
}

/* ---- transfers ---- */

static void session_close_if_idle(ac_http_session_t *s);

static int configure_base(ac_http_session_t *s, CURL *e);

/* Keeps T (out of the multi handle, what it owned freed) and its easy
 * handle on the idle list for a next request, or frees both. A plain GET
 * that libcurl ended well leaves behind only options that the next
 * request sets again (configure), and the base ones: it goes as it is.
 * Anything else (a method, a body, a stream's pauses, a failure or a
 * cancel mid-way) is forgotten by curl_easy_reset, and the base options
 * are set again: curl_easy_reset costs as much as the rest of a small
 * request's own work, so it is kept for these. The easy handle's pointers
 * to T (PRIVATE, ERRORBUFFER, WRITEDATA) stay valid: T stays with it. */
static void transfer_recycle(transfer_t *t) {
  ac_http_session_t *s = t->s;
  CURL *e = t->easy;
  int keep = e != NULL && s->n_idle < IDLE_TRANSFERS_MAX;
  if (keep && !(t->plain && t->ended_ok)) {
    /* libcurl 7.88's curl_easy_reset leaks the list CURLOPT_COOKIEFILE
     * made; NULL frees it (the share's cookies stay). */
    if (s->cookies != NULL) curl_easy_setopt(e, CURLOPT_COOKIEFILE, NULL);
    curl_easy_reset(e);
    keep = configure_base(s, e) == CURLE_OK;
  }
  if (!keep) {
    curl_easy_cleanup(e);
    free(t);
    return;
  }
  s->idle[s->n_idle++] = t;
}

/* Removes T from its session and frees it; its response too unless KEEP
 * (a stream's response is the stream's: never freed here). */
static void transfer_free(transfer_t *t, int keep_response) {
  ac_http_session_t *s = t->s;
  LIST_UNLINK(s->transfers, t);
  curl_multi_remove_handle(s->multi, t->easy);
  curl_slist_free_all(t->headers);
  if (t->upload != NULL) fclose(t->upload);
  if (!keep_response && t->stream == NULL) ac_http_response_free(t->resp);
  if (t->stream != NULL) t->stream->t = NULL;
  transfer_recycle(t);
}

static void free_response_hook(void *resp) { ac_http_response_free(resp); }

/* The promise of T was cancelled while libcurl still ran it. */
static void cancel_hook(void *arg) {
  transfer_t *t = arg;
  ac_http_session_t *s = t->s;
  transfer_free(t, 0);
  session_close_if_idle(s);
}

/* CURLINFO_HTTP_VERSION as 10, 11, 20 or 30 (0: unknown). */
static int http_version_of(CURL *easy) {
  long v = 0;
  curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &v);
  switch (v) {
  case CURL_HTTP_VERSION_1_0: return 10;
  case CURL_HTTP_VERSION_1_1: return 11;
  case CURL_HTTP_VERSION_2_0: return 20;
  case CURL_HTTP_VERSION_3: return 30;
  default: return 0;
  }
}

/* Status, version and final URL of T's response; AC_ENOMEM if the URL
 * could not be copied. */
static int fill_response(transfer_t *t) {
  ac_http_response_t *r = t->resp;
  char *url = NULL;
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r->status);
  curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
  r->http_version = http_version_of(t->easy);
  /* Into the header text room: no allocation of its own (it is set once,
   * after the last header, and goes with the response). */
  size_t len = strlen(url ? url : "") + 1;
  if ((r->url = header_text(r, len)) == NULL) return AC_ENOMEM;
  memcpy(r->url, url ? url : "", len);
  return 0;
}

/* Gives the caller's errbuf libcurl's detail for RC ("" for success). */
static void report_detail(transfer_t *t, CURLcode rc) {
  if (t->user_errbuf == NULL) return;
  const char *text = rc == CURLE_OK ? "" : t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc);
  snprintf(t->user_errbuf, AC_HTTP_ERRBUF_SIZE, "%s", text);
}

static void stream_transfer_ended(ac_http_stream_t *st, int err);

/* T ended with ERR (0 or a failure): settles its promise or tells its
 * stream, and frees it. */
static void transfer_finish(transfer_t *t, int err) {
  if (t->stream != NULL) {
    ac_http_stream_t *st = t->stream;
    if (err == 0) err = fill_response(t);
    transfer_free(t, 1);
    stream_transfer_ended(st, err);
    return;
  }
  ac_http_response_t *r = t->resp;
  if (err == 0) err = fill_response(t);
  if (err == 0 && r->body == NULL && (r->body = calloc(1, 1)) == NULL) err = AC_ENOMEM;
  if (err == 0) {
    ac_resolve(t->promise, r);
    /* If the waiter is cancelled before it takes R, R is freed. */
    ac_promise_on_cancel(t->promise, free_response_hook, r);
    transfer_free(t, 1);
    return;
  }
  ac_promise_on_cancel(t->promise, NULL, NULL);
  ac_reject(t->promise, err);
  transfer_free(t, 0);
}

static void transfer_done(transfer_t *t, CURLcode rc) {
  t->ended_ok = rc == CURLE_OK;
  report_detail(t, rc);
  transfer_finish(t, rc == CURLE_OK ? 0 : map_error(t, rc));
}

static void collect_done(ac_http_session_t *s) {
  CURLMsg *msg;
  int left;
  while ((msg = curl_multi_info_read(s->multi, &left)) != NULL) {
    if (msg->msg != CURLMSG_DONE) continue;
    transfer_t *t = NULL;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
    transfer_done(t, msg->data.result);
  }
}

/* ---- libcurl <-> libuv ---- */

static void socket_action(ac_http_session_t *s, curl_socket_t fd, int flags) {
  int running;
  curl_multi_socket_action(s->multi, fd, flags, &running);
  collect_done(s);
  session_close_if_idle(s);
}

static void on_poll(uv_poll_t *poll, int status, int events) {
  sock_t *k = poll->data;
  int flags = 0;
  /* libuv reports a socket error (POLLERR: a reset, a refused connect) as
   * a failed poll and stops the handle. Let libcurl read or write the
   * socket instead of telling it "error": it then meets the OS's reason
   * (ECONNRESET, ECONNREFUSED) and names it. */
  if (status < 0) flags = CURL_CSELECT_IN | CURL_CSELECT_OUT;
  if (events & UV_READABLE) flags |= CURL_CSELECT_IN;
  if (events & UV_WRITABLE) flags |= CURL_CSELECT_OUT;
  socket_action(k->s, k->fd, flags);
}

/* libcurl's timer: its timeouts, and the step that resumes a transfer
 * after curl_easy_pause (it ends a stream whose last bytes libcurl held
 * while paused). A task this settles runs before the loop blocks again:
 * the runtime's loop makes the poll after a timer that woke a task a mere
 * look (loop.c, on_before_poll; tests/http/http_chunked_pause). */
static void on_timer(uv_timer_t *timer) { socket_action(timer->data, CURL_SOCKET_TIMEOUT, 0); }

static void free_sock(uv_handle_t *h) { free(h->data); }

static void sock_close(sock_t *k) {
  LIST_UNLINK(k->s->socks, k);
  uv_poll_stop(&k->poll);
  uv_close((uv_handle_t *)&k->poll, free_sock);
}

static int on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *arg, void *sockp) {
  ac_http_session_t *s = arg;
  sock_t *k = sockp;
  (void)easy;
  if (what == CURL_POLL_REMOVE) {
    if (k != NULL) sock_close(k);
    curl_multi_assign(s->multi, fd, NULL);
    return 0;
  }
  if (k == NULL) {
    k = calloc(1, sizeof *k);
    if (k == NULL) return -1;
    if (uv_poll_init_socket(ac_uv_loop(), &k->poll, fd) != 0) {
      free(k);
      return -1;
    }
    k->s = s;
    k->fd = fd;
    k->poll.data = k;
    LIST_PUSH(s->socks, k);
    curl_multi_assign(s->multi, fd, k);
  }
  int events = 0;
  if (what & CURL_POLL_IN) events |= UV_READABLE;
  if (what & CURL_POLL_OUT) events |= UV_WRITABLE;
  return uv_poll_start(&k->poll, events, on_poll) == 0 ? 0 : -1;
}

static int on_curl_timer(CURLM *multi, long ms, void *arg) {
  ac_http_session_t *s = arg;
  (void)multi;
  if (ms < 0) uv_timer_stop(&s->timer);
  else uv_timer_start(&s->timer, on_timer, (uint64_t)ms, 0);
  return 0;
}

/* ---- sessions ---- */

static struct curl_slist *append_headers(struct curl_slist *list, const char *const *h,
                                         int *failed) {
  for (; h != NULL && *h != NULL && !*failed; h++) {
    struct curl_slist *l = curl_slist_append(list, *h);
    if (l == NULL) *failed = 1;
    else list = l;
  }
  return list;
}

/* A share handle holding one cookie store: the transfers given it with
 * CURLOPT_SHARE (and CURLOPT_COOKIEFILE "", which turns the cookie engine
 * on) keep the cookies servers set and send them back. No lock callbacks:
 * a session is used by the loop thread only. NULL when out of memory. */
static CURLSH *cookie_jar(void) {
  CURLSH *sh = curl_share_init();
  if (sh != NULL && curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE) != CURLSHE_OK) {
    curl_share_cleanup(sh);
    sh = NULL;
  }
  return sh;
}

/* How many connections a session keeps open, idle ones included
 * (CURLMOPT_MAXCONNECTS). libcurl's default, four per transfer in the
 * multi handle, assumes that the next request is added within the call
 * that ended the last one; here it comes when its task runs, after the
 * loop's poll phase. As the last transfers of a batch end the count
 * dips, and libcurl closed idle connections that the next requests then
 * opened again (W8: 100 to 200 more connects than the raw libcurl peer,
 * three runs in five; http_many: 100 gathered GETs kept 76 of their 100
 * connections). The limit on connections, or IDLE_CONNECTIONS_KEPT
 * without one. */
static long idle_connections_kept(const ac_http_options_t *opt) {
  return opt->max_total_connections > 0 ? opt->max_total_connections : IDLE_CONNECTIONS_KEPT;
}

int ac_http_session_open(ac_http_session_t **out, const ac_http_options_t *opt) {
  ac_http_session_t *s = calloc(1, sizeof *s);
  int failed = 0;
  *out = NULL;
  if (s == NULL || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    free(s);
    return AC_ENOMEM;
  }
  if (opt != NULL) s->opt = *opt;
  s->opt.headers = NULL;
  if (s->opt.max_body == 0) s->opt.max_body = DEFAULT_MAX_BODY;
  if (s->opt.max_redirects == 0) s->opt.max_redirects = DEFAULT_MAX_REDIRECTS;
  s->headers = append_headers(NULL, opt ? opt->headers : NULL, &failed);
  if (s->opt.ca_file != NULL && (s->ca_file = strdup(s->opt.ca_file)) == NULL) failed = 1;
  s->opt.ca_file = NULL;
  if (s->opt.proxy != NULL && (s->proxy = strdup(s->opt.proxy)) == NULL) failed = 1;
  s->opt.proxy = NULL;
  if (s->opt.cookies && !failed && (s->cookies = cookie_jar()) == NULL) failed = 1;
  s->multi = failed ? NULL : curl_multi_init();
  if (s->multi == NULL) {
    curl_slist_free_all(s->headers);
    free(s->ca_file);
    free(s->proxy);
    curl_share_cleanup(s->cookies);
    free(s);
    curl_global_cleanup();
    return AC_ENOMEM;
  }
  curl_multi_setopt(s->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
  curl_multi_setopt(s->multi, CURLMOPT_SOCKETDATA, s);
  curl_multi_setopt(s->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
  curl_multi_setopt(s->multi, CURLMOPT_TIMERDATA, s);
  curl_multi_setopt(s->multi, CURLMOPT_MAX_HOST_CONNECTIONS, s->opt.max_host_connections);
  curl_multi_setopt(s->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, s->opt.max_total_connections);
  curl_multi_setopt(s->multi, CURLMOPT_MAXCONNECTS, idle_connections_kept(&s->opt));
  uv_timer_init(ac_uv_loop(), &s->timer);
  s->timer.data = s;
  *out = s;
  return 0;
}

static void free_session(uv_handle_t *h) {
  ac_http_session_t *s = h->data;
  curl_slist_free_all(s->headers);
  free(s->ca_file);
  free(s->proxy);
  free(s);
  curl_global_cleanup();
}

void ac_http_session_close(ac_http_session_t *s) {
  if (s == NULL) return;
  while (s->transfers != NULL) transfer_finish(s->transfers, AC_ECANCELED);
  /* Stop watching while the sockets are still open; libcurl closes them. */
  while (s->socks != NULL) sock_close(s->socks);
  while (s->n_idle > 0) {
    transfer_t *t = s->idle[--s->n_idle];
    curl_easy_cleanup(t->easy);
    free(t);
  }
  curl_multi_setopt(s->multi, CURLMOPT_SOCKETFUNCTION, NULL);
  curl_multi_setopt(s->multi, CURLMOPT_TIMERFUNCTION, NULL);
  curl_multi_cleanup(s->multi);
  /* after every easy handle that used it is gone (CURLSHE_IN_USE before) */
  curl_share_cleanup(s->cookies);
  uv_timer_stop(&s->timer);
  uv_close((uv_handle_t *)&s->timer, free_session);
}

size_t ac_http_session_transfers(const ac_http_session_t *s) {
  size_t n = 0;
  for (const transfer_t *t = s->transfers; t != NULL; t = t->next) n++;
  return n;
}

static void session_close_if_idle(ac_http_session_t *s) {
  if (s->close_when_idle && s->transfers == NULL) ac_http_session_close(s);
}

/* ---- requests ---- */

/* libcurl asks for the next piece of a body_file: a plain read, on the
 * loop thread (local files answer at once). */
static size_t on_upload(char *buf, size_t size, size_t n, void *arg) {
  transfer_t *t = arg;
  size_t got = fread(buf, 1, size * n, t->upload);
  return got == 0 && ferror(t->upload) ? CURL_READFUNC_ABORT : got;
}

static int set_body_file(transfer_t *t) {
  CURL *e = t->easy;
  long size = -1;
  if (fseek(t->upload, 0, SEEK_END) == 0) size = ftell(t->upload);
  rewind(t->upload);
  int rc = curl_easy_setopt(e, CURLOPT_POST, 1L);
  rc |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
  rc |= curl_easy_setopt(e, CURLOPT_READFUNCTION, on_upload);
  return rc | curl_easy_setopt(e, CURLOPT_READDATA, (void *)t);
}

static int set_method(transfer_t *t, const ac_http_request_t *req) {
  CURL *e = t->easy;
  const char *m = req->method;
  int rc = 0;
  if (t->upload != NULL) {
    rc |= set_body_file(t);
  } else if (req->body != NULL) {
    rc |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    rc |= curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req->body);
  }
  if (m == NULL || strcmp(m, "GET") == 0 || strcmp(m, "POST") == 0) return rc;
  if (strcmp(m, "HEAD") == 0) return rc | curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  return rc | curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, m);
}

static long ms_of(double seconds) { return seconds > 0 ? (long)(seconds * 1000.0 + 0.5) : 0; }

/* The options that are the same for every request of S, set once on an
 * easy handle when it is made or reset (configure sets the others for
 * each request): an idle handle keeps them. 0 on success. */
static int configure_base(ac_http_session_t *s, CURL *e) {
  int rc = curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  rc |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  rc |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  rc |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, s->opt.no_redirects ? 0L : 1L);
  rc |= curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)s->opt.max_redirects);
  rc |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ms_of(s->opt.connect_timeout));
  if (s->ca_file != NULL) rc |= curl_easy_setopt(e, CURLOPT_CAINFO, s->ca_file);
  if (s->proxy != NULL) rc |= curl_easy_setopt(e, CURLOPT_PROXY, s->proxy);
  if (s->cookies != NULL) { /* set once per handle: see transfer_recycle */
    rc |= curl_easy_setopt(e, CURLOPT_SHARE, s->cookies);
    rc |= curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
  }
  rc |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  return rc | curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
}

/* The header list T sends: the session's defaults as they are when the
 * request adds none (nothing to copy), else a copy of both that T owns. */
static struct curl_slist *request_headers(transfer_t *t, const ac_http_request_t *req,
                                          int *failed) {
  ac_http_session_t *s = t->s;
  struct curl_slist *h = NULL;
  if (req->headers == NULL || req->headers[0] == NULL) return s->headers;
  for (struct curl_slist *d = s->headers; d != NULL && !*failed; d = d->next) {
    const char *one[] = {d->data, NULL};
    h = append_headers(h, one, failed);
  }
  return t->headers = append_headers(h, req->headers, failed);
}

/* Sets the per-request options of T's easy handle (every one that a
 * request may set differently from the last request on the handle: see
 * transfer_recycle); 0 on success. */
static int configure(transfer_t *t, const ac_http_request_t *req) {
  ac_http_session_t *s = t->s;
  CURL *e = t->easy;
  int failed = 0, rc = 0;
  struct curl_slist *h = request_headers(t, req, &failed);
  rc |= curl_easy_setopt(e, CURLOPT_URL, req->url);
  rc |= curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)t);
  rc |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
  /* Over https, wait for a connection that may turn out to speak HTTP/2
   * rather than open one per request: concurrent requests to one host
   * then share it (multiplexed). Plain http stays HTTP/1.1. */
  rc |= curl_easy_setopt(e, CURLOPT_PIPEWAIT, strncasecmp(req->url, "https:", 6) == 0 ? 1L : 0L);
  rc |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
                         ms_of(req->timeout > 0 ? req->timeout : s->opt.timeout));
  /* A Content-Length past the limit fails before the body comes. */
  curl_off_t limit = t->max_body > (size_t)OFF_T_MAX ? OFF_T_MAX : (curl_off_t)t->max_body;
  rc |= curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, limit);
  rc |= curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)t);
  rc |= curl_easy_setopt(e, CURLOPT_HEADERDATA, (void *)t);
  rc |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
  rc |= set_method(t, req);
  return failed ? CURLE_OUT_OF_MEMORY : rc;
}

static ac_http_task_t failed_task(int code) {
  ac_http_task_t p;
  ac_promise_new(p);
  ac_reject(p, code);
  return p;
}

/* A new easy handle with S's base options, or NULL. */
static CURL *new_easy(ac_http_session_t *s) {
  CURL *e = curl_easy_init();
  if (e != NULL && configure_base(s, e) != CURLE_OK) {
    curl_easy_cleanup(e);
    e = NULL;
  }
  return e;
}

/* A blank transfer of S whose easy handle has the base options: an idle
 * one, or a new one; NULL if out of memory. */
static transfer_t *take_transfer(ac_http_session_t *s) {
  transfer_t *t;
  if (s->n_idle > 0) {
    t = s->idle[--s->n_idle];
    CURL *e = t->easy;
    memset(t, 0, sizeof *t);
    t->easy = e;
    return t;
  }
  if ((t = calloc(1, sizeof *t)) != NULL && (t->easy = new_easy(s)) == NULL) {
    free(t);
    t = NULL;
  }
  return t;
}

/* Makes T for REQ on S and hands it to libcurl: 0, or the failure (T is
 * then freed and *OUT NULL). STREAM: the stream T feeds, or NULL. */
static int start_transfer(ac_http_session_t *s, const ac_http_request_t *req,
                          ac_http_stream_t *stream, transfer_t **out) {
  *out = NULL;
  if (s == NULL || req == NULL || req->url == NULL) return AC_EINVAL;
  transfer_t *t = take_transfer(s);
  if (t == NULL) return AC_ENOMEM;
  t->s = s;
  t->stream = stream;
  t->user_errbuf = req->errbuf;
  if (req->errbuf != NULL) req->errbuf[0] = '\0';
  t->max_body = stream != NULL ? SIZE_MAX : req->max_body ? req->max_body : s->opt.max_body;
  t->resp = stream != NULL ? stream->resp : new_response();
  t->plain = stream == NULL && req->body == NULL && req->body_file == NULL &&
             (req->method == NULL || strcmp(req->method, "GET") == 0);
  LIST_PUSH(s->transfers, t);
  if (req->body_file != NULL && (t->upload = fopen(req->body_file, "rb")) == NULL) {
    int err = errno > 0 ? -errno : AC_EIO;
    transfer_free(t, 0);
    return err;
  }
  int rc = t->resp != NULL ? configure(t, req) : CURLE_OUT_OF_MEMORY;
  if (rc == CURLE_OK) rc = curl_multi_add_handle(s->multi, t->easy) == CURLM_OK ? 0 : -1;
  if (rc != CURLE_OK) {
    transfer_free(t, 0);
    return rc == CURLE_OUT_OF_MEMORY ? AC_ENOMEM : AC_EINVAL;
  }
  if (stream != NULL) stream->t = t;
  *out = t;
  return 0;
}

ac_http_task_t ac_http_request(ac_http_session_t *s, const ac_http_request_t *req) {
  transfer_t *t;
  int rc = start_transfer(s, req, NULL, &t);
  if (rc != 0) return failed_task(rc);
  ac_promise_new(t->promise);
  ac_promise_on_cancel(t->promise, cancel_hook, t);
  return t->promise;
}

ac_http_task_t ac_http_session_get(ac_http_session_t *s, const char *url) {
  ac_http_request_t req = {.url = url};
  return ac_http_request(s, &req);
}

ac_http_task_t ac_http_session_post(ac_http_session_t *s, const char *url, const void *body,
                                    size_t len, const char *content_type) {
  char header[256];
  const char *headers[] = {header, NULL};
  ac_http_request_t req = {.method = "POST", .url = url, .body = body ? body : "",
                           .body_len = len};
  if (content_type != NULL && strlen(content_type) < sizeof header - 16) {
    strcpy(header, "Content-Type: ");
    strcat(header, content_type);
    req.headers = headers;
  }
  return ac_http_request(s, &req);
}

ac_http_task_t ac_http_get(const char *url) {
  ac_http_session_t *s;
  int rc = ac_http_session_open(&s, NULL);
  if (rc != 0) return failed_task(rc);
  s->close_when_idle = 1;
  ac_http_task_t p = ac_http_session_get(s, url);
  session_close_if_idle(s); /* the request failed at once */
  return p;
}

/* ---- streamed bodies ---- */

static ac_task__ac_http_chunk_t chunk_task(int err, ac_http_chunk_t c) {
  ac_task__ac_http_chunk_t p;
  ac_promise_new(p);
  if (err != 0) ac_reject(p, err);
  else ac_resolve(p, c);
  return p;
}

/* Frees ST and aborts its transfer; its promises are left alone. */
static void stream_free(ac_http_stream_t *st) {
  if (st->t != NULL) {
    ac_http_session_t *s = st->t->s;
    transfer_free(st->t, 1);
    session_close_if_idle(s);
  }
  ac_http_response_free(st->resp);
  free(st->pending);
  free(st->given);
  free(st);
}

static void stream_free_hook(void *st) { stream_free(st); }

/* The headers are in: the open task gets the stream (if nobody has yet). */
static void stream_headers_in(ac_http_stream_t *st) {
  if (!st->open_pending) return;
  st->open_pending = 0;
  if (st->t != NULL) {
    curl_easy_getinfo(st->t->easy, CURLINFO_RESPONSE_CODE, &st->resp->status);
    st->resp->http_version = http_version_of(st->t->easy);
  }
  ac_resolve(st->opened, st);
  /* A waiter cancelled before it takes the stream: the stream goes. */
  ac_promise_on_cancel(st->opened, stream_free_hook, st);
}

/* Gives the waiting reader what is pending (the buffers swap: the chunk
 * it held before is given up by asking for the next). */
static void stream_hand_over(ac_http_stream_t *st) {
  char *buf = st->given;
  size_t cap = st->given_cap;
  st->given = st->pending, st->given_cap = st->pending_cap;
  st->pending = buf, st->pending_cap = cap;
  ac_http_chunk_t c = {st->given, st->pending_len};
  st->pending_len = 0;
  st->reading = 0;
  ac_promise_on_cancel(st->reader, NULL, NULL);
  ac_resolve(st->reader, c);
}

/* libcurl's write callback for a streamed transfer. */
static size_t stream_write(ac_http_stream_t *st, const char *data, size_t len) {
  stream_headers_in(st); /* a body with no headers seen (HTTP/0.9, FTP-like) */
  if (st->pending_len > 0 && st->pending_len + len > STREAM_HOLD) {
    st->paused = 1;
    return CURL_WRITEFUNC_PAUSE; /* libcurl keeps DATA and gives it again */
  }
  if (st->pending_len + len > st->pending_cap) {
    size_t cap = st->pending_cap ? st->pending_cap : 16384;
    while (cap < st->pending_len + len) cap *= 2;
    char *p = realloc(st->pending, cap);
    if (p == NULL) return 0; /* the transfer fails */
    st->pending = p;
    st->pending_cap = cap;
  }
  memcpy(st->pending + st->pending_len, data, len);
  st->pending_len += len;
  if (st->reading) stream_hand_over(st);
  return len;
}

/* ST's transfer ended (and is freed) with ERR. */
static void stream_transfer_ended(ac_http_stream_t *st, int err) {
  st->ended = 1;
  st->err = err;
  if (st->open_pending) {
    if (err == 0) {
      stream_headers_in(st); /* a response with no body */
    } else {
      ac_promise_on_cancel(st->opened, NULL, NULL);
      ac_reject(st->opened, err);
      stream_free(st);
      return;
    }
  }
  if (st->reading) { /* nothing is pending, or it would have been given */
    st->reading = 0;
    ac_promise_on_cancel(st->reader, NULL, NULL);
    if (err != 0) ac_reject(st->reader, err);
    else ac_resolve(st->reader, ((ac_http_chunk_t){NULL, 0}));
  }
}

static void stream_open_cancelled(void *arg) { stream_free(arg); }

ac_task__ac_http_stream_t_p ac_http_stream_open(ac_http_session_t *s,
                                                const ac_http_request_t *req) {
  ac_task__ac_http_stream_t_p p;
  ac_http_stream_t *st = calloc(1, sizeof *st);
  int rc = AC_ENOMEM;
  transfer_t *t = NULL;
  if (st != NULL && (st->resp = new_response()) != NULL)
    rc = start_transfer(s, req, st, &t);
  if (rc != 0) {
    if (st != NULL) ac_http_response_free(st->resp);
    free(st);
    ac_promise_new(p);
    ac_reject(p, rc);
    return p;
  }
  ac_promise_new(st->opened);
  st->open_pending = 1;
  ac_promise_on_cancel(st->opened, stream_open_cancelled, st);
  return st->opened;
}

static void stream_read_cancelled(void *arg) {
  ac_http_stream_t *st = arg;
  st->reading = 0;
}

ac_task__ac_http_chunk_t ac_http_stream_read(ac_http_stream_t *st) {
  ac_http_chunk_t none = {NULL, 0};
  if (st == NULL || st->reading) return chunk_task(st == NULL ? AC_EINVAL : AC_EBUSY, none);
  if (st->pending_len == 0 && st->ended) return chunk_task(st->err, none);
  ac_promise_new(st->reader);
  st->reading = 1;
  ac_promise_on_cancel(st->reader, stream_read_cancelled, st);
  ac_task__ac_http_chunk_t p = st->reader;
  if (st->pending_len > 0) stream_hand_over(st);
  if (st->paused && st->t != NULL) {
    st->paused = 0;
    /* May call stream_write at once with what libcurl kept. */
    curl_easy_pause(st->t->easy, CURLPAUSE_CONT);
  }
  return p;
}

const ac_http_response_t *ac_http_stream_response(const ac_http_stream_t *st) {
  return st->resp;
}

void ac_http_stream_close(ac_http_stream_t *st) {
  if (st == NULL) return;
  if (st->reading) {
    st->reading = 0;
    ac_promise_on_cancel(st->reader, NULL, NULL);
    ac_reject(st->reader, AC_ECANCELED);
  }
  stream_free(st);
}
