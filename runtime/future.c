/* future.c - the synchronous side of the pools, as concurrent.futures:
 * submit, result with a timeout, done/running/cancelled/cancel, done
 * callbacks, map, wait and as_completed.
 *
 * A future is a small record next to a pool work item (ac__jx_t) whose
 * job calls the user's function. Its outcome fields are guarded by one
 * process-wide mutex and condition variable: a waiter may watch futures of
 * several pools at once (ac_futures_wait), and a broadcast per completion
 * is cheap next to running a job on another thread.
 *
 * Lifetime: two references, the user's (ac_future_free) and the work
 * item's (dropped once the completion and its callbacks are through);
 * whoever drops the last frees both.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <string.h>
#include <time.h>

#include "pool.h"

typedef struct cb_s {
  struct cb_s *next;
  void (*cb)(ac_future_t *f, void *arg);
  void *arg;
} cb_t;

typedef struct bridged_s bridged_t;

struct ac_future_s {
  ac__jx_t *jx;
  size_t buf_off; /* offset of the buffer in the job; 0: none */
  int done, err, cancelled;
  unsigned long seq; /* completion order */
  int refs;
  cb_t *cbs; /* oldest first */
  bridged_t *br; /* a task's future (ac_bridge_submit), else NULL */
};

static struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  unsigned long seq;
} F = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

static void future_complete(ac__jx_t *jx);

/* ================= jobs ================= */

typedef struct {
  ac_job_t hdr;
  void (*fn)(void *);
  void *arg;
} call_job_t;

static void call_run(ac_job_t *job) {
  call_job_t *j = (call_job_t *)(void *)job;
  j->fn(j->arg);
}

/* A copied job names its function by ac__addr_ref, not by address, so it
 * also runs in a worker that is another run of the program (MPI). */
typedef struct {
  ac_job_t hdr;
  uint64_t fn;
} copy_job_t;

typedef void (*buf_fn)(void *buf);

static buf_fn buf_fn_of(uint64_t ref) { return (buf_fn)ac__addr_from_ref(ref); }

#define COPY_OFF AC__ALIGN_UP(sizeof(copy_job_t), _Alignof(max_align_t))

static void copy_run(ac_job_t *job) {
  copy_job_t *j = (copy_job_t *)(void *)job;
  buf_fn_of(j->fn)((char *)job + COPY_OFF);
}

/* ================= life ================= */

static void unref(ac_future_t *f) {
  int last;
  pthread_mutex_lock(&F.mu);
  last = --f->refs == 0;
  pthread_mutex_unlock(&F.mu);
  if (!last) return;
  while (f->cbs != NULL) {
    cb_t *c = f->cbs;
    f->cbs = c->next;
    ac__free(c);
  }
  ac__jx_free(f->jx);
  ac__free(f->br);
  ac__free(f);
}

static ac_future_t *submit(ac_pool_t *pool, ac__jx_t *jx, size_t buf_off) {
  ac_future_t *f = ac__calloc(1, sizeof *f);
  f->jx = jx;
  f->buf_off = buf_off;
  f->refs = 2;
  jx->fut = f;
  if (ac__pool_put(pool, jx) != 0) {
    ac__jx_free(jx);
    ac__free(f);
    return NULL;
  }
  return f;
}

ac_future_t *ac_pool_submit(ac_pool_t *pool, void (*fn)(void *arg),
                            void *arg) {
  ac__jx_t *jx;
  call_job_t *j;
  if (pool->kind != AC__JOB_THREAD) return NULL;
  jx = ac__jx_new(sizeof(call_job_t), future_complete);
  j = (call_job_t *)(void *)AC__JOB_OF(jx);
  j->hdr.run = call_run;
  j->fn = fn;
  j->arg = arg;
  return submit(pool, jx, 0);
}

ac_future_t *ac_pool_submit_copy(ac_pool_t *pool, void (*fn)(void *buf),
                                 const void *arg, size_t arg_size,
                                 size_t buf_size) {
  size_t n = arg_size > buf_size ? arg_size : buf_size;
  ac__jx_t *jx = ac__jx_new(COPY_OFF + n, future_complete);
  copy_job_t *j = (copy_job_t *)(void *)AC__JOB_OF(jx);
  j->hdr.run = copy_run;
  j->fn = ac__addr_ref((uintptr_t)fn);
  if (arg_size > 0) memcpy((char *)j + COPY_OFF, arg, arg_size);
  return submit(pool, jx, COPY_OFF);
}

/* The items' done hook: wakes the future's waiters and runs its
 * callbacks. */
static void future_complete(ac__jx_t *jx) {
  ac_future_t *f = jx->fut;
  cb_t *c, *cbs;
  pthread_mutex_lock(&F.mu);
  f->cancelled = jx->state == AC__JX_CANCELLED;
  f->err = f->cancelled ? AC_ECANCELED : jx->err;
  f->seq = ++F.seq;
  f->done = 1;
  cbs = f->cbs;
  f->cbs = NULL;
  pthread_cond_broadcast(&F.cv);
  pthread_mutex_unlock(&F.mu);
  /* Outside the lock: a callback may look at the future or submit. */
  while ((c = cbs) != NULL) {
    cbs = c->next;
    c->cb(f, c->arg);
    ac__free(c);
  }
  unref(f);
}

void ac_future_free(ac_future_t *f) {
  if (f == NULL) return;
  if (f->br == NULL) ac_future_cancel(f); /* a queued job nobody can read */
  unref(f);
}

/* ================= state ================= */

static int bridged_cancel(ac_future_t *f);
static int bridged_running(ac_future_t *f);

int ac_future_cancel(ac_future_t *f) {
  if (f->br != NULL) return bridged_cancel(f);
  int rc = ac__pool_cancel_queued(f->jx);
  if (rc == 2) future_complete(f->jx);
  return rc != 0;
}

int ac_future_done(ac_future_t *f) {
  int d;
  pthread_mutex_lock(&F.mu);
  d = f->done;
  pthread_mutex_unlock(&F.mu);
  return d;
}

int ac_future_cancelled(ac_future_t *f) {
  int d;
  pthread_mutex_lock(&F.mu);
  d = f->cancelled;
  pthread_mutex_unlock(&F.mu);
  return d;
}

int ac_future_running(ac_future_t *f) {
  ac_pool_t *pool = f->jx->pool;
  int r;
  if (f->br != NULL) return bridged_running(f);
  pthread_mutex_lock(&pool->mu);
  r = f->jx->state == AC__JX_RUNNING;
  pthread_mutex_unlock(&pool->mu);
  return r;
}

void *ac_future_buffer(ac_future_t *f) {
  return f->buf_off != 0 ? (char *)AC__JOB_OF(f->jx) + f->buf_off : NULL;
}

int ac_future_add_done_callback(ac_future_t *f,
                                void (*cb)(ac_future_t *f, void *arg),
                                void *arg) {
  cb_t *c = ac__malloc(sizeof *c), **pp;
  c->next = NULL;
  c->cb = cb;
  c->arg = arg;
  pthread_mutex_lock(&F.mu);
  if (!f->done) {
    for (pp = &f->cbs; *pp != NULL; pp = &(*pp)->next) {
    }
    *pp = c;
    c = NULL;
  }
  pthread_mutex_unlock(&F.mu);
  if (c != NULL) {
    cb(f, arg);
    ac__free(c);
  }
  return 0;
}

/* ================= futures of tasks (ac_bridge_submit) =================
 *
 * asyncio's run_coroutine_threadsafe. Another thread asks, through a
 * bridge, for a task to be started on the loop; the loop thread spawns a
 * small runner task (written by hand, like generated code) that calls the
 * user's START, so the user's task is the runner's child, awaits it, and
 * settles the future with its outcome and a copy of its result. The
 * runner is detached: both are freed once the runner ends.
 *
 * Everything in bridged_t but `started` belongs to the loop thread. A
 * cancellation from another thread travels through the bridge too, so it
 * meets the runner on the loop thread, in order. */
struct bridged_s {
  ac_bridge_t *bridge;
  ac_task_ref_t (*start)(void *arg);
  void *arg;
  size_t result_size;
  ac_task_t *task;   /* the user's task while the runner awaits it */
  int cancel_asked;  /* a cancel arrived before START ran */
  int started;       /* START ran (under F.mu) */
};

/* The future's outcome, on the loop thread. */
static void settle(ac_future_t *f, int err) {
  ac__jx_t *jx = f->jx;
  jx->state = err == AC_ECANCELED ? AC__JX_CANCELLED : AC__JX_DONE;
  jx->err = err;
  future_complete(jx);
}

typedef struct {
  ac_frame_t hdr;
  ac_future_t *f;
  ac_task_ref_t ref;
} runner_frame_t;

static int runner_resume(ac_frame_t *hdr) {
  runner_frame_t *R = (runner_frame_t *)(void *)hdr;
  bridged_t *br = R->f->br;
  switch (hdr->state) {
  case 0: break;
  case 1: goto resumed;
  default: return ac__bad_state(hdr);
  }
  /* Cancelled before it ran (ac_run's final cleanup, or ac_future_cancel
   * ahead of us): the runner starts anyway (AC__F_ALWAYS_START), so that
   * the future is settled and nobody waits for it forever. */
  if (hdr->err == AC_ECANCELED || br->cancel_asked) {
    settle(R->f, AC_ECANCELED);
    hdr->err = 0;
    return AC__DONE;
  }
  R->ref = br->start(br->arg);
  pthread_mutex_lock(&F.mu);
  br->started = 1;
  pthread_mutex_unlock(&F.mu);
  if (R->ref.t == NULL) {
    settle(R->f, AC_EINVAL);
    return AC__DONE;
  }
  br->task = R->ref.t;
  hdr->state = 1;
  if (ac__await_task(hdr, R->ref.t)) return AC__SUSPENDED;
resumed:
  br->task = NULL;
  if (hdr->err == 0 && br->result_size > 0)
    memcpy(ac_future_buffer(R->f), R->ref.r, br->result_size);
  settle(R->f, hdr->err);
  hdr->err = 0; /* the future carries the outcome: nothing to report */
  return AC__DONE;
}

static const ac__fninfo_t runner_info = {"ac_bridge_submit", __FILE__, __LINE__,
                                         runner_resume, sizeof(runner_frame_t),
                                         _Alignof(runner_frame_t), NULL};

/* Loop thread, from the bridge: spawns the runner. */
static void runner_spawn(void *arg) {
  ac_future_t *f = arg;
  ac_frame_t *frame;
  void *result;
  ac_task_t *t = ac__spawn(&runner_info, 0, NULL, 0, &frame, &result);
  ((runner_frame_t *)(void *)frame)->f = f;
  ac__task_always_start(t);
  ac__detach(t);
}

ac_future_t *ac_bridge_submit(ac_bridge_t *b, ac_task_ref_t (*start)(void *arg),
                              void *arg, size_t result_size) {
  ac__jx_t *jx = ac__jx_new(COPY_OFF + result_size, future_complete);
  ac_future_t *f = ac__calloc(1, sizeof *f);
  bridged_t *br = ac__calloc(1, sizeof *br);
  br->bridge = b;
  br->start = start;
  br->arg = arg;
  br->result_size = result_size;
  jx->state = AC__JX_QUEUED;
  jx->fut = f;
  f->jx = jx;
  f->buf_off = result_size > 0 ? COPY_OFF : 0;
  f->refs = 2; /* the caller's and the runner's (dropped when settled) */
  f->br = br;
  if (ac_bridge_call(b, runner_spawn, f) != 0) {
    ac__jx_free(jx);
    ac__free(br);
    ac__free(f);
    return NULL;
  }
  return f;
}

/* Loop thread, from the bridge: the cancellation ac_future_cancel asked. */
static void cancel_on_loop(void *arg) {
  ac_future_t *f = arg;
  bridged_t *br = f->br;
  if (br->task != NULL)
    ac__cancel(br->task); /* the runner gets AC_ECANCELED from its await */
  else
    br->cancel_asked = 1; /* not started yet (or already settled) */
  unref(f);
}

/* Asks the loop to cancel the task; the future is settled when the task
 * has ended (with AC_ECANCELED unless it swallowed the cancellation).
 * 1 if asked, 0 if the future is done or the bridge is closing. */
static int bridged_cancel(ac_future_t *f) {
  pthread_mutex_lock(&F.mu);
  int done = f->done;
  if (!done) f->refs++;
  pthread_mutex_unlock(&F.mu);
  if (done) return 0;
  if (ac_bridge_call(f->br->bridge, cancel_on_loop, f) != 0) {
    unref(f);
    return 0;
  }
  return 1;
}

static int bridged_running(ac_future_t *f) {
  int r;
  pthread_mutex_lock(&F.mu);
  r = f->br->started && !f->done;
  pthread_mutex_unlock(&F.mu);
  return r;
}

/* ================= waiting ================= */

static struct timespec deadline(double timeout_s) {
  struct timespec ts;
  double whole;
  clock_gettime(CLOCK_REALTIME, &ts);
  whole = (double)(long)timeout_s;
  ts.tv_sec += (time_t)whole;
  ts.tv_nsec += (long)((timeout_s - whole) * 1e9);
  if (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

/* Waits on F.cv, F.mu held: 0, or AC_ETIMEDOUT once DL has passed. */
static int wait_once(int timed, const struct timespec *dl) {
  if (!timed) {
    pthread_cond_wait(&F.cv, &F.mu);
    return 0;
  }
  return pthread_cond_timedwait(&F.cv, &F.mu, dl) == ETIMEDOUT ? AC_ETIMEDOUT
                                                                : 0;
}

int ac_future_result(ac_future_t *f, double timeout_s) {
  struct timespec dl = deadline(timeout_s > 0 ? timeout_s : 0);
  int rc = 0;
  pthread_mutex_lock(&F.mu);
  while (!f->done && rc == 0) rc = wait_once(timeout_s >= 0, &dl);
  if (f->done) rc = f->err;
  pthread_mutex_unlock(&F.mu);
  return rc;
}

static int wait_met(ac_future_t **fs, size_t n, int mode, int *ndone) {
  size_t i;
  int failed = 0;
  *ndone = 0;
  for (i = 0; i < n; i++) {
    if (!fs[i]->done) continue;
    (*ndone)++;
    if (fs[i]->err != 0 && !fs[i]->cancelled) failed = 1;
  }
  if (mode == AC_FIRST_COMPLETED) return *ndone > 0 || n == 0;
  if (mode == AC_FIRST_EXCEPTION && failed) return 1;
  return (size_t)*ndone == n;
}

int ac_futures_wait(ac_future_t **fs, size_t n, int mode, double timeout_s) {
  struct timespec dl = deadline(timeout_s > 0 ? timeout_s : 0);
  int ndone, rc = 0;
  pthread_mutex_lock(&F.mu);
  while (!wait_met(fs, n, mode, &ndone) && rc == 0)
    rc = wait_once(timeout_s >= 0, &dl);
  if (wait_met(fs, n, mode, &ndone)) rc = ndone;
  pthread_mutex_unlock(&F.mu);
  return rc;
}

int ac_futures_as_completed(ac_future_t **fs, size_t n, double timeout_s) {
  struct timespec dl = deadline(timeout_s > 0 ? timeout_s : 0);
  int rc = 0;
  size_t i, best;
  pthread_mutex_lock(&F.mu);
  for (;;) {
    best = n;
    for (i = 0; i < n; i++)
      if (fs[i]->done && (best == n || fs[i]->seq < fs[best]->seq)) best = i;
    if (best < n || n == 0 || rc != 0) break;
    rc = wait_once(timeout_s >= 0, &dl);
  }
  pthread_mutex_unlock(&F.mu);
  if (best < n) {
    ac_future_t *t = fs[0];
    fs[0] = fs[best];
    fs[best] = t;
    return 0;
  }
  return n == 0 ? 0 : AC_ETIMEDOUT;
}

/* ================= map ================= */

/* A map job's buffer: this header, then COUNT items STRIDE apart. */
typedef struct {
  uint64_t fn; /* ac__addr_ref of the item function */
  size_t stride, count;
} map_hdr_t;

#define MAP_OFF AC__ALIGN_UP(sizeof(map_hdr_t), _Alignof(max_align_t))

static void map_run(void *buf) {
  map_hdr_t *h = buf;
  buf_fn fn = buf_fn_of(h->fn);
  size_t i;
  for (i = 0; i < h->count; i++) fn((char *)buf + MAP_OFF + i * h->stride);
}

/* Waits for the map job F over items at DST, copies them back, frees F.
 * Returns its outcome. */
static int map_collect(ac_future_t *f, void *dst) {
  int rc = ac_future_result(f, -1);
  map_hdr_t *h = ac_future_buffer(f);
  if (rc == 0) memcpy(dst, (char *)h + MAP_OFF, h->count * h->stride);
  ac_future_free(f);
  return rc;
}

int ac_pool_map(ac_pool_t *pool, void (*fn)(void *item), void *items,
                size_t n, size_t stride, size_t chunk, size_t max_in_flight) {
  size_t njobs, next = 0, oldest = 0, i;
  ac_future_t **win;
  int first = 0, rc;
  if (chunk == 0) chunk = 1;
  if (max_in_flight == 0) max_in_flight = 2 * (size_t)pool->nworkers;
  njobs = (n + chunk - 1) / chunk;
  win = ac__calloc(max_in_flight, sizeof *win);
  while (oldest < njobs) {
    /* Fill the window, then collect the oldest: input order. */
    while (next < njobs && next - oldest < max_in_flight) {
      size_t cnt = n - next * chunk < chunk ? n - next * chunk : chunk;
      size_t bytes = MAP_OFF + cnt * stride;
      char *tmp = ac__malloc(bytes);
      map_hdr_t h = {ac__addr_ref((uintptr_t)fn), stride, cnt};
      memcpy(tmp, &h, sizeof h);
      memcpy(tmp + MAP_OFF, (char *)items + next * chunk * stride,
             cnt * stride);
      win[next % max_in_flight] = ac_pool_submit_copy(pool, map_run, tmp,
                                                      bytes, bytes);
      ac__free(tmp);
      next++;
    }
    i = oldest % max_in_flight;
    rc = win[i] == NULL ? AC_ESHUTDOWN_POOL
                        : map_collect(win[i], (char *)items +
                                                  oldest * chunk * stride);
    if (rc != 0 && first == 0) first = rc;
    oldest++;
  }
  ac__free(win);
  return first;
}
