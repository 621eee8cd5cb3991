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
 *   parent -> worker (SOCK_STREAM): run pointer, size, then the job's
 *     bytes; the worker replies with the same number of bytes.
 *
 * One slot thread per worker keeps the code sequential: it blocks in
 * read() on its worker while the loop runs. EOF there means the worker
 * died: only its current job fails (AC_EWORKERDIED), the slot asks the
 * server to reap it and forks a replacement for the next job.
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
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

typedef struct {
  ac__job_fn run;
  size_t size;
} job_hdr_t;

/* The fork server, process-wide. mu serializes requests on fd. */
static struct {
  pthread_mutex_t mu;
  pid_t pid;   /* 0: none */
  pid_t owner; /* the process that started it (a fork of ours has none) */
  int fd;
} server = {PTHREAD_MUTEX_INITIALIZER, 0, 0, -1};

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

/* 0 when all N bytes came, -1 on EOF or error. */
static int read_full(int fd, void *p, size_t n) {
  char *c = p;
  while (n > 0) {
    ssize_t k = read(fd, c, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    c += k;
    n -= (size_t)k;
  }
  return 0;
}

/* ================= the worker process ================= */

static void worker_main(int fd, int index, pid_t server_pid,
                        void (*init)(void *), void *initarg) {
  char name[16];
  job_hdr_t h;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != server_pid) _exit(1); /* the server died meanwhile */
  snprintf(name, sizeof name, "ac-proc-%d", index);
  prctl(PR_SET_NAME, name);
  if (init != NULL) init(initarg);
  while (read_full(fd, &h, sizeof h) == 0) {
    void *buf = malloc(h.size);
    if (buf == NULL || read_full(fd, buf, h.size) != 0) _exit(1);
    h.run((ac_job_t *)buf);
    if (write_full(fd, buf, h.size) != 0) _exit(1);
    free(buf);
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
  int passed, reply;
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
      reply = pid < 0 ? -errno : (int)pid;
    } else {
      int st = 0;
      while (waitpid(req.pid, &st, 0) < 0 && errno == EINTR) {
      }
      reply = st;
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

/* One request, one int reply. */
static int server_call(const srv_req_t *req, int passfd, int *reply) {
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
           read_full(server.fd, reply, sizeof *reply) != 0)
    rc = AC_EPIPE;
  pthread_mutex_unlock(&server.mu);
  return rc;
}

/* ================= slots ================= */

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

/* Closes the worker's socket (an idle worker leaves at EOF), reaps it and
 * returns its wait status. */
static int worker_reap(ac__slot_t *s) {
  srv_req_t req;
  int st = 0;
  pid_t pid;
  pthread_mutex_lock(&s->pool->mu);
  pid = s->pid;
  s->pid = 0;
  s->killed = 0;
  pthread_mutex_unlock(&s->pool->mu);
  if (s->fd >= 0) close(s->fd);
  s->fd = -1;
  if (pid <= 0) return 0;
  memset(&req, 0, sizeof req);
  req.op = SRV_STATUS;
  req.pid = pid;
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

/* Runs JX on the slot's worker: 0, or AC_EWORKERDIED when it died. */
static int run_on_worker(ac__slot_t *s, ac__jx_t *jx) {
  job_hdr_t h;
  pid_t pid = s->pid;
  int st, killed;
  h.run = AC__JOB_OF(jx)->run;
  h.size = jx->size;
  if (write_full(s->fd, &h, sizeof h) == 0 &&
      write_full(s->fd, AC__JOB_OF(jx), jx->size) == 0 &&
      read_full(s->fd, AC__JOB_OF(jx), jx->size) == 0) {
    s->ntasks++;
    return 0;
  }
  pthread_mutex_lock(&s->pool->mu);
  killed = s->killed;
  pthread_mutex_unlock(&s->pool->mu);
  st = worker_reap(s);
  if (!killed) report_death(pid, st);
  return AC_EWORKERDIED;
}

static void *slot_main(void *p) {
  ac__slot_t *s = p;
  ac_pool_t *pool = s->pool;
  ac__jx_t *jx;
  int err, skip;
  for (;;) {
    pthread_mutex_lock(&pool->mu);
    jx = ac__pool_take(pool);
    if (jx != NULL) jx->slot = s;
    pthread_mutex_unlock(&pool->mu);
    if (jx == NULL) break;
    err = s->fd < 0 ? worker_spawn(s) : 0;
    pthread_mutex_lock(&pool->mu);
    skip = jx->abandoned; /* cancelled before it reached a worker */
    pthread_mutex_unlock(&pool->mu);
    if (err == 0 && !skip) err = run_on_worker(s, jx);
    ac__pool_finish(jx, err);
    pthread_mutex_lock(&pool->mu);
    skip = s->killed; /* killed for a cancelled job that had just ended */
    pthread_mutex_unlock(&pool->mu);
    if (s->fd >= 0 &&
        (skip || (pool->max_tasks_per_child > 0 &&
                  s->ntasks >= pool->max_tasks_per_child)))
      worker_reap(s);
  }
  if (s->fd >= 0) worker_reap(s);
  return NULL;
}

void ac__process_kill_running(ac__jx_t *jx) {
  ac__slot_t *s = jx->slot;
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
    if ((rc = pthread_create(&s->thread, NULL, slot_main, s)) != 0) {
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
