/* pool_process.c - process pools: the fork server, the worker processes,
 * and the parent thread ("slot") that feeds each worker.
 *
 * Why a fork server: a worker must have the program's exact address
 * layout (the job's run function is sent as a pointer), yet forking a
 * process that already runs threads is unsafe (locks held by other
 * threads stay locked in the child) and would copy buffered stdio output.
 * So ac__process_prefork forks, before main, one single-threaded server
 * that does nothing but fork workers on request; workers come from that
 * clean image at any later time. They never run main, never flush the
 * parent's stdio (fflush(NULL) before the server's fork leaves nothing
 * buffered, and workers leave by _exit).
 *
 * Wire formats, all within one machine and one program:
 *   parent -> server (SOCK_SEQPACKET): srv_req_t, SPAWN with the worker's
 *     socket as SCM_RIGHTS; the reply is an int: the pid, or the wait
 *     status for STATUS (the server reaps its children only when asked,
 *     so a pid is never reused while we may still kill it).
 *   parent -> worker (SOCK_STREAM): job_hdr_t (run pointer, size, tail),
 *     then the job's bytes, in one sendmsg, then TAIL bytes: the data of
 *     the job's ac_bytes_t captures, each followed by a NUL (bytes.c).
 *     The worker points those captures at its copy, runs the job, and
 *     replies with the job's bytes, a reply_t (how long the job ran, in
 *     nanoseconds; the length of the tail behind it; a failure code), and
 *     that tail: the data of the job's ac_bytes_t result, which the
 *     worker then frees. Most jobs have neither: both tails are empty.
 *
 * One slot thread per worker keeps the code sequential: it blocks in
 * read() on its worker while the loop runs. For short jobs it keeps two
 * in flight (a FIFO): the worker runs them in order, so the second starts
 * as soon as the first ends instead of a round trip later, and only the
 * oldest can be running. EOF there means the worker died: the oldest job
 * fails (AC_EWORKERDIED), the one behind it never started and goes to the
 * replacement, which the slot asks the server for after reaping the dead.
 *
 * Workers start with their pool, in the slot threads, so that their forks
 * and first steps overlap with the program's first submissions.
 *
 * No orphans: the server and the workers ask for SIGKILL when their
 * parent dies (PR_SET_PDEATHSIG) and leave at EOF on their socket.
 */
#define _GNU_SOURCE /* close_range, strsignal */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"

enum { SRV_SPAWN = 1, SRV_STATUS = 2 };

typedef struct {
  int op;
  int index;  /* SPAWN: the worker's number, for its name */
  pid_t pid;  /* STATUS */
  void (*init)(void *);
  void *initarg;
} srv_req_t;

/* The server's answer: SPAWN the pid or -errno, STATUS the wait status
 * and the worker's peak RSS (the server is the workers' parent, so only
 * it can read that from wait4). */
typedef struct {
  int value;
  long maxrss_kb;
} srv_reply_t;

typedef struct {
  ac__job_fn run;
  size_t size;
  size_t tail; /* bytes after the job: its ac_bytes_t captures' data */
} job_hdr_t;

/* What follows a job's bytes on the way back. */
typedef struct {
  int64_t ran;  /* nanoseconds, as the worker timed the run */
  uint64_t tail; /* bytes after this: the ac_bytes_t result's data */
  int64_t err;  /* 0, or why the result could not come (AC_ENOBUFS) */
} reply_t;

/* The fork server, process-wide. mu serializes requests on fd. */
static struct {
  pthread_mutex_t mu;
  pid_t pid;   /* 0: none */
  pid_t owner; /* the process that started it (a fork of ours has none) */
  int fd;
  long maxrss_kb; /* the largest peak RSS of a reaped worker */
} server = {PTHREAD_MUTEX_INITIALIZER, 0, 0, -1, 0};

/* ================= byte I/O ================= */

static int write_full(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n > 0) {
    ssize_t k = send(fd, c, n, MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    c += k;
    n -= (size_t)k;
  }
  return 0;
}

/* Drops the first K bytes from the N pieces at *IOV. */
static void iov_consume(struct iovec **iov, int *n, size_t k) {
  for (; *n > 0 && k >= (*iov)->iov_len; (*iov)++, (*n)--) k -= (*iov)->iov_len;
  if (*n > 0) {
    (*iov)->iov_base = (char *)(*iov)->iov_base + k;
    (*iov)->iov_len -= k;
  }
}

/* Sends the N pieces at IOV as one stream of bytes (one sendmsg unless
 * the socket takes part of it); IOV is consumed. 0, or -1 on error. */
static int sendv_full(int fd, struct iovec *iov, int n) {
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  while (n > 0) {
    ssize_t k;
    msg.msg_iov = iov;
    msg.msg_iovlen = (size_t)n;
    k = sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    iov_consume(&iov, &n, (size_t)k);
  }
  return 0;
}

/* Reads the N pieces at IOV, stopping early only at EOF or an error;
 * IOV is consumed. Returns how many bytes came. */
static size_t readv_upto(int fd, struct iovec *iov, int n) {
  size_t got = 0;
  while (n > 0) {
    ssize_t k = readv(fd, iov, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += (size_t)k;
    iov_consume(&iov, &n, (size_t)k);
  }
  return got;
}

/* 0 when all N bytes came, -1 on EOF or error. */
static int read_full(int fd, void *p, size_t n) {
  struct iovec iov;
  iov.iov_base = p;
  iov.iov_len = n;
  return readv_upto(fd, &iov, 1) == n ? 0 : -1;
}

/* ================= the worker process ================= */

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The worker's input. The parent sends each job right behind its header,
 * often behind the job before, so one read() of all that has come saves
 * a system call or two per job (a microsecond each on a VM). */
typedef struct {
  char *p;
  size_t beg, end, cap; /* unread bytes are p[beg..end) */
} inbuf_t;

/* Grows *P, of *CAP bytes, to at least N (doubling), keeping its bytes;
 * exits the worker if it cannot. */
static void grow(char **p, size_t *cap, size_t n) {
  size_t c = *cap > 0 ? *cap : 4096;
  char *q;
  if (n <= *cap) return;
  while (c < n) c *= 2;
  if ((q = realloc(*p, c)) == NULL) _exit(1);
  *p = q;
  *cap = c;
}

/* Returns the next N bytes, consumed, reading if they have not all come;
 * NULL at EOF. */
static const char *in_take(int fd, inbuf_t *in, size_t n) {
  const char *r;
  if (in->end - in->beg < n) {
    if (in->beg > 0) { /* slide the partial rest to the front */
      memmove(in->p, in->p + in->beg, in->end - in->beg);
      in->end -= in->beg;
      in->beg = 0;
    }
    grow(&in->p, &in->cap, n);
    while (in->end < n) {
      ssize_t k = read(fd, in->p + in->end, in->cap - in->end);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) return NULL;
      in->end += (size_t)k;
    }
  }
  r = in->p + in->beg;
  in->beg += n;
  return r;
}

/* Points JOB's ac_bytes_t captures at their copies in TAIL, as the
 * parent laid them out (ac__job_tail_size): a capture that was NULL there
 * stays NULL, the others are followed by a NUL. */
static void place_captures(ac_job_t *job, char *tail) {
  const ac__job_bytes_t *b = job->bytes;
  if (b == NULL) return;
  for (size_t i = 0; i < b->ncaps; i++) {
    ac_bytes_t *c;
    if (b->caps[i] == AC__NOT_BYTES) continue;
    c = ac__job_bytes_at(job, b->caps[i]);
    if (c->data == NULL) continue;
    c->data = tail;
    tail += c->len + 1;
  }
}

/* The job's ac_bytes_t result, if it has one and it may come back: its
 * data and length go into *DATA and R->tail (R->err says why not). */
static void result_tail(ac_job_t *job, reply_t *r, const char **data) {
  const ac__job_bytes_t *b = job->bytes;
  const ac_bytes_t *res;
  *data = NULL;
  r->tail = 0;
  r->err = 0;
  if (b == NULL || b->result == AC__NOT_BYTES) return;
  res = ac__job_bytes_at(job, b->result);
  if (res->data == NULL && res->len != 0)
    r->err = AC_EINVAL;
  else if (res->len > (size_t)AC_JOB_BYTES_LIMIT)
    r->err = AC_ENOBUFS;
  else if (res->data != NULL) {
    *data = res->data;
    r->tail = res->len;
  }
}

/* Frees the job's ac_bytes_t result once sent, unless it is one of the
 * captures' copies, which live in the input buffer (a job that returns
 * its capture as it came). */
static void result_free(ac_job_t *job, const char *tail, size_t ntail) {
  const ac__job_bytes_t *b = job->bytes;
  ac_bytes_t *res;
  if (b == NULL || b->result == AC__NOT_BYTES) return;
  res = ac__job_bytes_at(job, b->result);
  if (res->data == NULL) return;
  if (tail != NULL && (uintptr_t)res->data >= (uintptr_t)tail &&
      (uintptr_t)res->data < (uintptr_t)tail + ntail)
    return;
  free(res->data);
}

static void worker_main(int fd, int index, pid_t server_pid,
                        void (*init)(void *), void *initarg) {
  char name[16];
  inbuf_t in = {NULL, 0, 0, 0};
  char *job = NULL; /* the job runs here: malloc aligns it for any struct */
  size_t cap = 0;
  const char *p;
  job_hdr_t h;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != server_pid) _exit(1); /* the server died meanwhile */
  snprintf(name, sizeof name, "ac-proc-%d", index);
  prctl(PR_SET_NAME, name);
  if (init != NULL) init(initarg);
  while ((p = in_take(fd, &in, sizeof h)) != NULL) {
    ac_job_t *j;
    char *tail = NULL;
    const char *out;
    reply_t r;
    struct iovec iov[2];
    memcpy(&h, p, sizeof h);
    if ((p = in_take(fd, &in, h.size)) == NULL) _exit(1);
    grow(&job, &cap, h.size + sizeof r);
    memcpy(job, p, h.size);
    j = (ac_job_t *)(void *)job;
    /* The tail stays in the input buffer while the job runs: nothing is
     * read before the reply is sent. */
    if (h.tail > 0 && (tail = (char *)in_take(fd, &in, h.tail)) == NULL) _exit(1);
    place_captures(j, tail);
    r.ran = now_ns();
    h.run(j);
    r.ran = now_ns() - r.ran;
    result_tail(j, &r, &out);
    memcpy(job + h.size, &r, sizeof r); /* the reply follows the job's bytes */
    iov[0].iov_base = job;
    iov[0].iov_len = h.size + sizeof r;
    iov[1].iov_base = (void *)out;
    iov[1].iov_len = r.tail;
    if (sendv_full(fd, iov, r.tail > 0 ? 2 : 1) != 0) _exit(1);
    result_free(j, tail, h.tail);
  }
  _exit(0); /* never exit(): no atexit handlers, no stdio flush */
}

/* ================= the fork server ================= */

static int recv_req(int fd, srv_req_t *req, int *passed) {
  char cbuf[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {req, sizeof *req};
  struct msghdr msg;
  struct cmsghdr *c;
  ssize_t n;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = cbuf;
  msg.msg_controllen = sizeof cbuf;
  do n = recvmsg(fd, &msg, 0);
  while (n < 0 && errno == EINTR);
  if (n != (ssize_t)sizeof *req) return -1;
  *passed = -1;
  c = CMSG_FIRSTHDR(&msg);
  if (c != NULL && c->cmsg_type == SCM_RIGHTS)
    memcpy(passed, CMSG_DATA(c), sizeof(int));
  return 0;
}

static void server_main(int fd) {
  srv_req_t req;
  srv_reply_t reply;
  int passed;
  pid_t self = getpid();
  for (;;) {
    if (recv_req(fd, &req, &passed) != 0) _exit(0); /* parent gone */
    if (req.op == SRV_SPAWN) {
      pid_t pid = fork();
      if (pid == 0) {
        close(fd);
        worker_main(passed, req.index, self, req.init, req.initarg);
      }
      if (passed >= 0) close(passed);
      reply.value = pid < 0 ? -errno : (int)pid;
      reply.maxrss_kb = 0;
    } else {
      struct rusage ru;
      int st = 0;
      memset(&ru, 0, sizeof ru);
      while (wait4(req.pid, &st, 0, &ru) < 0 && errno == EINTR) {
      }
      reply.value = st;
      reply.maxrss_kb = ru.ru_maxrss;
    }
    if (write_full(fd, &reply, sizeof reply) != 0) _exit(0);
  }
}

static int nthreads(void) {
  DIR *d = opendir("/proc/self/task");
  struct dirent *e;
  int n = 0;
  if (d == NULL) return -1;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n;
}

static int server_start(void) {
  int sv[2];
  pid_t parent = getpid(), pid;
  if (server.pid != 0 && server.owner == parent) return 0;
  if (server.fd >= 0) close(server.fd); /* inherited from our parent */
  server.pid = 0;
  server.fd = -1;
  if (nthreads() != 1) return AC_ENOTSUP;
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    return -errno;
  fflush(NULL); /* nothing buffered may be written twice */
  pid = fork();
  if (pid < 0) {
    int e = errno;
    close(sv[0]);
    close(sv[1]);
    return -e;
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(0);
    prctl(PR_SET_NAME, "ac-forkserver");
    /* Keep stdio and our socket only: a pipe of the parent's that we held
     * open would hide its EOF from whoever reads it. */
    if (sv[1] > 3) close_range(3, (unsigned)sv[1] - 1, 0);
    close_range((unsigned)sv[1] + 1, ~0U, 0);
    server_main(sv[1]);
  }
  close(sv[1]);
  server.fd = sv[0];
  server.pid = pid;
  server.owner = parent;
  return 0;
}

void ac__process_prefork(void) {
  pthread_mutex_lock(&server.mu);
  (void)server_start(); /* on failure, process pools retry (or say why) */
  pthread_mutex_unlock(&server.mu);
}

pid_t ac__process_server_pid(void) {
  pid_t pid;
  pthread_mutex_lock(&server.mu);
  pid = server.owner == getpid() ? server.pid : 0;
  pthread_mutex_unlock(&server.mu);
  return pid;
}

/* One request, one reply (its value in *REPLY). */
static int server_call(const srv_req_t *req, int passfd, int *reply) {
  srv_reply_t r;
  char cbuf[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {(void *)req, sizeof *req};
  struct msghdr msg;
  int rc = 0;
  memset(&msg, 0, sizeof msg);
  memset(cbuf, 0, sizeof cbuf);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (passfd >= 0) {
    struct cmsghdr *c;
    msg.msg_control = cbuf;
    msg.msg_controllen = sizeof cbuf;
    c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &passfd, sizeof(int));
  }
  pthread_mutex_lock(&server.mu);
  if (server.fd < 0)
    rc = AC_EPIPE;
  else if (sendmsg(server.fd, &msg, MSG_NOSIGNAL) != (ssize_t)sizeof *req ||
           read_full(server.fd, &r, sizeof r) != 0)
    rc = AC_EPIPE;
  if (rc == 0) {
    *reply = r.value;
    if (r.maxrss_kb > server.maxrss_kb) server.maxrss_kb = r.maxrss_kb;
  }
  pthread_mutex_unlock(&server.mu);
  return rc;
}

long ac_process_workers_peak_rss_kb(void) {
  long kb;
  pthread_mutex_lock(&server.mu);
  kb = server.maxrss_kb;
  pthread_mutex_unlock(&server.mu);
  return kb;
}

/* ================= workers, seen from their slot ================= */

/* Pipelining pays when a job is short next to a round trip (tens of
 * microseconds here): the worker then idles half the time. It costs
 * something: the job sent ahead is committed to this worker (running, for
 * ac_future_cancel and shutdown's cancel_pending) and waits behind the
 * first while another worker may free up. Sending ahead only after a job
 * that ran for less than this (as its worker measured it: what the parent
 * sees adds scheduling delays) bounds both costs by it. */
#define PIPELINE_NS 1000000

/* A job sent ahead must fit in the socket's buffer: if the send blocked,
 * the worker, itself blocked writing the first result to a parent that is
 * not reading yet, could never take it. 16 KiB is far below Linux's
 * default (net.core.wmem_default, 208 KiB). */
#define PIPELINE_MAX_BYTES 16384

static int worker_spawn(ac__slot_t *s) {
  ac_pool_t *pool = s->pool;
  srv_req_t req;
  int sv[2], pid, rc;
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return -errno;
  memset(&req, 0, sizeof req);
  req.op = SRV_SPAWN;
  req.index = s->index;
  req.init = pool->initializer;
  req.initarg = pool->initarg;
  rc = server_call(&req, sv[1], &pid);
  close(sv[1]);
  if (rc == 0 && pid < 0) rc = pid;
  if (rc != 0) {
    close(sv[0]);
    return rc;
  }
  pthread_mutex_lock(&pool->mu);
  s->pid = pid;
  s->fd = sv[0];
  s->ntasks = 0;
  s->killed = 0;
  pthread_mutex_unlock(&pool->mu);
  return 0;
}

/* Closes our end of the worker's socket: an idle worker leaves at EOF, a
 * dead one is gone already. Its pid waits in s->retired (empty before:
 * every caller reaps before it closes again) for worker_reap_retired, so
 * the caller may do something useful (fork the replacement) meanwhile. */
static void worker_close(ac__slot_t *s) {
  pthread_mutex_lock(&s->pool->mu);
  s->retired = s->pid;
  s->pid = 0;
  s->killed = 0;
  pthread_mutex_unlock(&s->pool->mu);
  close(s->fd);
  s->fd = -1;
}

/* Waits for the retired worker to exit and returns its wait status. */
static int worker_reap_retired(ac__slot_t *s) {
  srv_req_t req;
  int st = 0;
  if (s->retired <= 0) return 0;
  memset(&req, 0, sizeof req);
  req.op = SRV_STATUS;
  req.pid = s->retired;
  s->retired = 0;
  if (server_call(&req, -1, &st) != 0) return 0;
  return st;
}

static void report_death(pid_t pid, int st) {
  if (WIFSIGNALED(st))
    fprintf(stderr, "asyncc: worker process %d killed by signal %d (%s)\n",
            (int)pid, WTERMSIG(st), strsignal(WTERMSIG(st)));
  else if (WIFEXITED(st))
    fprintf(stderr, "asyncc: worker process %d exited with status %d\n",
            (int)pid, WEXITSTATUS(st));
}

/* ================= slots ================= */

/* The FIFO of jobs in flight; pool->mu held. */
static void fifo_push(ac__slot_t *s, ac__jx_t *jx) {
  jx->slot = s;
  s->fifo[s->nfifo++] = jx;
}

static ac__jx_t *fifo_remove(ac__slot_t *s, int i) {
  ac__jx_t *jx = s->fifo[i];
  for (; i + 1 < s->nfifo; i++) s->fifo[i] = s->fifo[i + 1];
  s->fifo[--s->nfifo] = NULL;
  return jx;
}

/* ac__pool_take without the wait: the next job, marked RUNNING, or NULL
 * when the queue is empty. pool->mu held. (ac__pool_take waits only while
 * the queue is empty.) */
static ac__jx_t *take_nowait(ac_pool_t *pool) {
  return pool->head != NULL ? ac__pool_take(pool) : NULL;
}

static int tasks_used_up(ac__slot_t *s) {
  int max = s->pool->max_tasks_per_child;
  return max > 0 && s->ntasks >= max;
}

/* Whether to send a second job behind the running one (see PIPELINE_NS),
 * and not the job an idle slot is about to take: only if the queue holds
 * more jobs than the slots with nothing in flight. pool->mu held. */
static int may_send_ahead(ac__slot_t *s) {
  ac_pool_t *pool = s->pool;
  ac__jx_t *q = pool->head;
  int idle = 0, i;
  if (s->nfifo != 1 || s->nsent != 1 || s->killed || tasks_used_up(s))
    return 0;
  if (s->last_ns < 0 || s->last_ns >= PIPELINE_NS) return 0;
  for (i = 0; i < pool->nworkers; i++) idle += pool->slots[i].nfifo == 0;
  for (; q != NULL && idle > 0; q = q->next) idle--;
  return q != NULL && q->size + q->tail <= PIPELINE_MAX_BYTES;
}

/* With nothing in flight, waits for a job. 0 when the pool is shut down
 * and its queue empty. */
static int slot_fill(ac__slot_t *s) {
  ac_pool_t *pool = s->pool;
  ac__jx_t *jx;
  if (s->nfifo > 0) return 1;
  pthread_mutex_lock(&pool->mu);
  jx = ac__pool_take(pool);
  if (jx != NULL) fifo_push(s, jx);
  pthread_mutex_unlock(&pool->mu);
  return jx != NULL;
}

/* The next job to send, marked sent, or NULL. Takes a job to send ahead
 * when that pays; drops the jobs abandoned before they were sent (marking
 * one sent under the mutex is what tells ac__process_kill_running that the
 * worker has it). */
static ac__jx_t *slot_claim(ac__slot_t *s) {
  ac_pool_t *pool = s->pool;
  ac__jx_t *jx, *drop;
  for (;;) {
    jx = drop = NULL;
    pthread_mutex_lock(&pool->mu);
    if (may_send_ahead(s)) fifo_push(s, take_nowait(pool));
    if (s->nsent < s->nfifo) {
      jx = s->fifo[s->nsent];
      if (jx->abandoned) {
        drop = fifo_remove(s, s->nsent);
        jx = NULL;
      } else {
        s->nsent++;
        s->ntasks++;
      }
    }
    pthread_mutex_unlock(&pool->mu);
    if (drop == NULL) return jx;
    ac__pool_finish(drop, AC_ECANCELED); /* abandoned: freed */
  }
}

/* Whether a replacement worker may be needed: a worker that failed to
 * start is started again by slot_send when a job comes. */
static int wants_workers(ac_pool_t *pool) {
  int more;
  pthread_mutex_lock(&pool->mu);
  more = !pool->shutdown || pool->head != NULL;
  pthread_mutex_unlock(&pool->mu);
  return more;
}

/* Fails the jobs taken but not sent with ERR (no worker to run them). */
static void slot_fail_unsent(ac__slot_t *s, int err) {
  ac__jx_t *jx;
  for (;;) {
    pthread_mutex_lock(&s->pool->mu);
    jx = s->nsent < s->nfifo ? fifo_remove(s, s->nsent) : NULL;
    pthread_mutex_unlock(&s->pool->mu);
    if (jx == NULL) return;
    ac__pool_finish(jx, err);
  }
}

/* Sends what the slot holds unsent, and a job ahead when that pays.
 * Starts a worker first if there is none. */
static void slot_send(ac__slot_t *s) {
  ac__jx_t *jx;
  int rc;
  if (s->fd < 0 && s->nsent < s->nfifo && (rc = worker_spawn(s)) != 0) {
    slot_fail_unsent(s, rc);
    return;
  }
  while ((jx = slot_claim(s)) != NULL) {
    job_hdr_t h;
    struct iovec iov[3];
    h.run = AC__JOB_OF(jx)->run;
    h.size = jx->size;
    h.tail = jx->tail;
    iov[0].iov_base = &h;
    iov[0].iov_len = sizeof h;
    iov[1].iov_base = AC__JOB_OF(jx);
    iov[1].iov_len = jx->size;
    iov[2].iov_base = jx->tail_data; /* the captures' bytes (pool.c) */
    iov[2].iov_len = jx->tail;
    /* On failure the worker is gone: slot_receive reads its EOF. */
    if (sendv_full(s->fd, iov, jx->tail > 0 ? 3 : 2) != 0) return;
  }
}

/* The worker died (EOF after GOT bytes of the oldest job's result). The
 * oldest job was running: it fails, and the death is reported unless we
 * killed the worker. One exception: we kill the worker for a cancelled
 * oldest job, but its result may have been on its way, read since, and
 * the kill hit the job behind it; that job, if none of its result came, is
 * run again. Jobs behind never started: they go to the replacement. */
static void slot_worker_died(ac__slot_t *s, size_t got) {
  ac_pool_t *pool = s->pool;
  ac__jx_t *jx, *failed = NULL;
  pid_t pid;
  int killed, st;
  pthread_mutex_lock(&pool->mu);
  pid = s->pid;
  killed = s->killed;
  jx = s->fifo[0];
  if (!killed || jx->abandoned || got > 0) failed = fifo_remove(s, 0);
  s->nsent = 0;
  pthread_mutex_unlock(&pool->mu);
  worker_close(s);
  if (s->nfifo > 0 || wants_workers(pool)) (void)worker_spawn(s);
  st = worker_reap_retired(s);
  if (!killed) report_death(pid, st);
  if (failed != NULL) ac__pool_finish(failed, AC_EWORKERDIED);
}

/* Replaces an idle worker that did its max_tasks_per_child, or that we
 * killed for a cancelled job that had ended meanwhile. The replacement is
 * forked while the old one exits. */
static void slot_refresh(ac__slot_t *s) {
  ac_pool_t *pool = s->pool;
  int stale;
  pthread_mutex_lock(&pool->mu);
  stale = s->killed || tasks_used_up(s);
  pthread_mutex_unlock(&pool->mu);
  if (!stale) return;
  worker_close(s);
  if (wants_workers(pool)) (void)worker_spawn(s);
  (void)worker_reap_retired(s);
}

/* receive_result's answer when the worker died while it read. */
enum { WORKER_DIED = 1 };

/* Reads and drops N bytes. 0, or -1 at EOF or on error. */
static int drain(int fd, uint64_t n) {
  char buf[4096];
  while (n > 0) {
    size_t k = n < sizeof buf ? (size_t)n : sizeof buf;
    if (read_full(fd, buf, k) != 0) return -1;
    n -= k;
  }
  return 0;
}

/* Reads the N bytes of JX's ac_bytes_t result that follow its reply into a
 * fresh NUL-terminated buffer, the result's data from here on (an empty
 * result has data NULL). 0; AC_ENOMEM when no buffer could be had (the
 * bytes are read and dropped); WORKER_DIED. */
static int receive_result(int fd, ac__jx_t *jx, uint64_t n) {
  ac_job_t *job = AC__JOB_OF(jx);
  ac_bytes_t *res;
  char *data;
  if (job->bytes == NULL || job->bytes->result == AC__NOT_BYTES)
    return n == 0 ? 0 : drain(fd, n) == 0 ? AC_EINVAL : WORKER_DIED;
  res = ac__job_bytes_at(job, job->bytes->result);
  res->data = NULL; /* the worker's pointer */
  res->len = 0;
  if (n == 0) return 0;
  /* Not ac__malloc: a result too big for memory fails its job only. */
  if (n > (uint64_t)AC_JOB_BYTES_LIMIT || (data = malloc((size_t)n + 1)) == NULL)
    return drain(fd, n) == 0 ? AC_ENOMEM : WORKER_DIED;
  if (read_full(fd, data, (size_t)n) != 0) {
    free(data);
    return WORKER_DIED;
  }
  data[n] = '\0';
  res->data = data;
  res->len = (size_t)n;
  jx->result_owned = 1;
  return 0;
}

/* Reads the oldest job's result and finishes it, or handles the death. */
static void slot_receive(ac__slot_t *s) {
  ac__jx_t *jx = s->fifo[0];
  reply_t r;
  struct iovec iov[2];
  size_t got;
  int err;
  iov[0].iov_base = AC__JOB_OF(jx);
  iov[0].iov_len = jx->size;
  iov[1].iov_base = &r;
  iov[1].iov_len = sizeof r;
  if ((got = readv_upto(s->fd, iov, 2)) < jx->size + sizeof r ||
      (err = receive_result(s->fd, jx, r.tail)) == WORKER_DIED) {
    slot_worker_died(s, got); /* got > 0 once the reply came */
    return;
  }
  if (r.err != 0) err = (int)r.err;
  s->last_ns = r.ran;
  pthread_mutex_lock(&s->pool->mu);
  fifo_remove(s, 0);
  s->nsent--;
  pthread_mutex_unlock(&s->pool->mu);
  ac__pool_finish(jx, err);
  if (s->nsent == 0) slot_refresh(s);
}

static void *slot_main(void *p) {
  ac__slot_t *s = p;
  /* Fork the worker now, not at the first job: the fork and the child's
   * first steps overlap with the program's submissions. On failure the
   * first job tries again, and fails if that fails too. */
  (void)worker_spawn(s);
  while (slot_fill(s)) {
    slot_send(s);
    if (s->nsent > 0) slot_receive(s);
  }
  /* Every slot closes before it waits for its worker to exit, so the
   * exits of all overlap (they are woken together). */
  if (s->fd >= 0) {
    worker_close(s);
    (void)worker_reap_retired(s);
  }
  return NULL;
}

/* Kills the worker if JX runs there. Only the oldest job sent can be
 * running; one sent behind it has not started, and when its result comes
 * ac__pool_finish drops it (abandoned). One not sent yet is dropped by
 * slot_claim. */
void ac__process_kill_running(ac__jx_t *jx) {
  ac__slot_t *s = jx->slot;
  if (s->nsent == 0 || s->fifo[0] != jx) return;
  s->killed = 1;
  if (s->pid > 0) kill(s->pid, SIGKILL);
}

int ac__process_pool_start(ac_pool_t *pool) {
  int i, rc;
  pthread_mutex_lock(&server.mu);
  rc = server_start();
  pthread_mutex_unlock(&server.mu);
  if (rc != 0) return rc;
  pool->slots = ac__calloc((size_t)pool->nworkers, sizeof(ac__slot_t));
  for (i = 0; i < pool->nworkers; i++) {
    ac__slot_t *s = &pool->slots[i];
    s->pool = pool;
    s->index = i;
    s->fd = -1;
    s->last_ns = -1;
  }
  for (i = 0; i < pool->nworkers; i++) {
    if ((rc = pthread_create(&pool->slots[i].thread, NULL, slot_main,
                             &pool->slots[i])) != 0) {
      pthread_mutex_lock(&pool->mu);
      pool->shutdown = 1;
      pthread_cond_broadcast(&pool->cv);
      pthread_mutex_unlock(&pool->mu);
      while (i-- > 0) pthread_join(pool->slots[i].thread, NULL);
      ac__free(pool->slots);
      pool->slots = NULL;
      return -rc;
    }
  }
  pool->started = 1;
  return 0;
}

void ac__process_pool_join(ac_pool_t *pool) {
  int i, started;
  pthread_mutex_lock(&pool->mu);
  started = pool->started;
  pool->started = 0;
  pthread_mutex_unlock(&pool->mu);
  if (!started) return;
  for (i = 0; i < pool->nworkers; i++) pthread_join(pool->slots[i].thread, NULL);
}
