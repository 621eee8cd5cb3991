/* pool.c - executors: jobs, the pool object and its queue, shutdown, the
 * default pools, and `await in_thread/in_process` (ac__await_job).
 *
 * Workers (pool_thread.c, pool_process.c) take jobs from the pool's queue
 * under its mutex and hand them back through ac__pool_finish, which calls
 * the item's done hook. A finished job that a task awaits reaches the
 * loop through an ac_bridge_t (bridge.c, the runtime's one wake-up
 * channel), so a burst of completions costs one wake-up.
 *
 * The bridge exists (and keeps libuv's loop alive, so the
 * scheduler blocks in uv_run instead of declaring a deadlock) exactly
 * while some task is parked on a job: it is opened by the first
 * ac__await_job and closed when the last parked task is woken. So an idle
 * program is not kept running, and ac_run's loop_close finds no handle of
 * ours (the close callback runs in its final uv_run).
 *
 * State here is process-wide, like ac__L: the bridge and the two default
 * pools. They are touched by worker threads, hence the mutexes.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pool.h"

static void await_done(ac__jx_t *jx);

/* ================= jobs ================= */

static _Thread_local ac__jx_t *current_job; /* the job this thread runs */

ac__jx_t *ac__jx_new(size_t size, ac__jx_done_fn done) {
  ac__jx_t *jx = ac__calloc(1, AC__JX_OFF + size);
  jx->size = size;
  jx->done = done;
  atomic_init(&jx->cancel, 0);
  return jx;
}

/* Whoever frees a job that finished but was not taken (abandoned, or its
 * pool's result dropped) also frees its ac_bytes_t result. */
void ac__jx_free(ac__jx_t *jx) {
  if (jx->result_owned) ac__job_free_result(AC__JOB_OF(jx));
  free(jx->tail_data);
  ac__free(jx);
}

ac_job_t *ac__job_new(size_t size, ac__job_fn run) {
  ac__jx_t *jx;
  ac_job_t *job;
  if (size < sizeof(ac_job_t)) size = sizeof(ac_job_t);
  jx = ac__jx_new(size, await_done);
  job = AC__JOB_OF(jx);
  job->run = run;
  return job;
}

ac_job_t *ac__job_new_bytes(size_t size, ac__job_fn run, const ac__job_bytes_t *bytes) {
  ac_job_t *job = ac__job_new(size, run);
  job->bytes = bytes;
  return job;
}

/* The awaiter has taken the result, bytes and all. */
void ac__job_done(ac_job_t *job) {
  ac__jx_t *jx = AC__JX_OF(job);
  jx->result_owned = 0;
  ac__jx_free(jx);
}

void ac__jx_run(ac__jx_t *jx) {
  ac_job_t *job = AC__JOB_OF(jx);
  current_job = jx;
  job->run(job);
  current_job = NULL;
  /* In this process the result is handed over as is: it is the awaiter's
   * once taken, ours to free if the job is dropped. */
  if (job->bytes != NULL) jx->result_owned = 1;
}

int ac_job_cancelled(void) {
  return current_job != NULL && atomic_load(&current_job->cancel) != 0;
}

/* ================= the way back to the loop ================= */

/* Finished awaited jobs travel on one ac_bridge_t (bridge.c), each as the
 * call embedded in its work item. */
static struct {
  ac_bridge_t *b;  /* open while parked > 0; loop thread writes it */
  size_t parked;   /* tasks parked on a job; loop thread only */
} bridge = {NULL, 0};

static void deliver(ac__bcall_t *c);

/* No task is parked: no worker will post again (see await_done), so what
 * is still queued was abandoned, and the close runs it (deliver frees). */
static void bridge_close_if_idle(void) {
  ac_bridge_t *b = bridge.b;
  if (bridge.parked != 0 || b == NULL) return;
  bridge.b = NULL;
  ac_bridge_close(b);
}

/* Delivers one finished job to its task, or frees it if it was abandoned
 * (the task was cancelled after the job finished). */
static void deliver(ac__bcall_t *c) {
  ac__jx_t *jx = ac__container_of(c, ac__jx_t, call);
  int err = jx->state == AC__JX_CANCELLED ? AC_ECANCELED : jx->err;
  ac_task_t *t = jx->task;
  if (jx->abandoned) {
    ac__jx_free(jx);
    return;
  }
  /* On failure the awaiter must not touch the job: free it here. */
  if (err != 0) ac__jx_free(jx);
  bridge.parked--;
  ac__wake(t, err);
  bridge_close_if_idle();
}

/* An awaited job's done hook: posts JX to the loop, unless its task gave
 * it up meanwhile. Under pool->mu, so that a cancellation (which takes
 * that mutex to mark the job abandoned) either comes first and the job is
 * freed here, or after, and then deliver frees it. While the job is not
 * abandoned its task is parked, so the bridge is open. */
static void await_done(ac__jx_t *jx) {
  ac_pool_t *pool = jx->pool;
  pthread_mutex_lock(&pool->mu);
  if (jx->abandoned) {
    pthread_mutex_unlock(&pool->mu);
    ac__jx_free(jx);
    return;
  }
  jx->call.fn = deliver;
  if (ac__bridge_post(bridge.b, &jx->call) != 0) abort(); /* see above */
  pthread_mutex_unlock(&pool->mu);
}

static void bridge_open(void) {
  int rc;
  if (bridge.b != NULL) return;
  if ((rc = ac_bridge_open(&bridge.b)) != 0) {
    fprintf(stderr, "asyncc: opening the pools' bridge: %s\n", ac_strerror(rc));
    abort();
  }
}

/* ================= the queue ================= */

static void queue_unlink(ac_pool_t *pool, ac__jx_t *jx) {
  ac__jx_t **pp = &pool->head, *prev = NULL;
  while (*pp != NULL && *pp != jx) {
    prev = *pp;
    pp = &(*pp)->next;
  }
  if (*pp == NULL) return;
  *pp = jx->next;
  if (pool->tail == jx) pool->tail = prev;
  jx->next = NULL;
}

/* Wakes up to N idle workers; pool->mu held. */
static void wake_workers(ac_pool_t *pool, size_t n) {
  if (pool->nidle == 0) return;
  if (n >= (size_t)pool->nidle)
    pthread_cond_broadcast(&pool->cv);
  else
    while (n-- > 0) pthread_cond_signal(&pool->cv);
}

/* Appends the chain FIRST..LAST of N jobs to the queue; pool->mu held. */
static void queue_append(ac_pool_t *pool, ac__jx_t *first, ac__jx_t *last,
                         size_t n) {
  for (ac__jx_t *jx = first; jx != NULL; jx = jx->next) {
    jx->pool = pool;
    jx->state = AC__JX_QUEUED;
  }
  last->next = NULL;
  if (pool->tail != NULL)
    pool->tail->next = first;
  else
    pool->head = first;
  pool->tail = last;
  wake_workers(pool, n);
}

int ac__pool_put(ac_pool_t *pool, ac__jx_t *jx) {
  pthread_mutex_lock(&pool->mu);
  if (pool->shutdown) {
    pthread_mutex_unlock(&pool->mu);
    return AC_ESHUTDOWN_POOL;
  }
  jx->next = NULL;
  queue_append(pool, jx, jx, 1);
  pthread_mutex_unlock(&pool->mu);
  return 0;
}

ac__jx_t *ac__pool_take(ac_pool_t *pool) {
  ac__jx_t *jx;
  while (pool->head == NULL && !pool->shutdown) {
    pool->nidle++;
    pthread_cond_wait(&pool->cv, &pool->mu);
    pool->nidle--;
  }
  jx = pool->head;
  if (jx == NULL) return NULL;
  pool->head = jx->next;
  if (pool->head == NULL) pool->tail = NULL;
  jx->next = NULL;
  jx->state = AC__JX_RUNNING;
  return jx;
}

int ac__pool_cancel_queued(ac__jx_t *jx) {
  ac_pool_t *pool = jx->pool;
  int rc = 0;
  pthread_mutex_lock(&pool->mu);
  if (jx->state == AC__JX_QUEUED) {
    queue_unlink(pool, jx);
    jx->state = AC__JX_CANCELLED;
    jx->err = AC_ECANCELED;
    rc = 2;
  } else if (jx->state == AC__JX_CANCELLED) {
    rc = 1;
  }
  pthread_mutex_unlock(&pool->mu);
  return rc;
}

/* JX finished (ran, or left the queue cancelled); pool->mu held.
 * Returns 1 if the caller must call its done hook after unlocking. */
static int finish_locked(ac__jx_t *jx, int state, int err) {
  if (jx->abandoned) {
    ac__jx_free(jx);
    return 0;
  }
  jx->state = state;
  jx->err = err;
  return 1;
}

void ac__pool_finish(ac__jx_t *jx, int err) {
  ac_pool_t *pool = jx->pool;
  int tell;
  pthread_mutex_lock(&pool->mu);
  jx->slot = NULL;
  tell = finish_locked(jx, AC__JX_DONE, err);
  pthread_mutex_unlock(&pool->mu);
  if (tell) jx->done(jx);
}

/* ================= the loop's outbox ================= */

/* A task that awaits a job does not queue it at once: the job waits in its
 * pool's outbox until the loop has run the current round of ready tasks,
 * and then the round's jobs go to the queue under one lock, with one
 * wake-up per idle worker instead of one per job. Only the loop thread
 * touches the outbox. */
static ac_pool_t *outbox;                /* pools with an outbox, loop only */
static _Thread_local int outbox_thread;  /* this thread fills outboxes */

static void outbox_add(ac_pool_t *pool, ac__jx_t *jx) {
  jx->pool = pool;
  jx->state = AC__JX_PENDING;
  jx->next = NULL;
  if (pool->out_head == NULL) {
    pool->out_head = jx;
    pool->out_next = outbox;
    outbox = pool;
  } else {
    pool->out_tail->next = jx;
  }
  pool->out_tail = jx;
  outbox_thread = 1;
}

/* JX (state PENDING) leaves its pool's outbox. */
static void outbox_unlink(ac__jx_t *jx) {
  ac_pool_t *pool = jx->pool;
  ac__jx_t **pp = &pool->out_head, *prev = NULL;
  while (*pp != jx) {
    prev = *pp;
    pp = &(*pp)->next;
  }
  *pp = jx->next;
  if (pool->out_tail == jx) pool->out_tail = prev;
  jx->next = NULL;
  /* An emptied outbox stays listed; outbox_flush skips it. */
}

/* Fails the chain JX of jobs nobody will run (their pool shut down). */
static void fail_unqueued(ac__jx_t *jx, int err) {
  ac__jx_t *next;
  for (; jx != NULL; jx = next) {
    ac_task_t *t = jx->task;
    next = jx->next;
    ac__jx_free(jx);
    bridge.parked--;
    ac__wake(t, err);
  }
}

/* Moves POOL's outbox to its queue. */
static void flush_pool(ac_pool_t *pool) {
  ac__jx_t *first = pool->out_head, *last = pool->out_tail, *jx;
  size_t n = 0;
  pool->out_head = pool->out_tail = NULL;
  if (first == NULL) return;
  for (jx = first; jx != NULL; jx = jx->next) n++;
  pthread_mutex_lock(&pool->mu);
  if (pool->shutdown) {
    pthread_mutex_unlock(&pool->mu);
    fail_unqueued(first, AC_ESHUTDOWN_POOL);
    return;
  }
  queue_append(pool, first, last, n);
  pthread_mutex_unlock(&pool->mu);
}

/* Flushes POOL's outbox now and takes POOL off the list (it shuts down,
 * and may be freed before the round ends). */
static void outbox_take_out(ac_pool_t *pool) {
  ac_pool_t **pp = &outbox;
  while (*pp != NULL && *pp != pool) pp = &(*pp)->out_next;
  if (*pp == NULL) return;
  *pp = pool->out_next;
  pool->out_next = NULL;
  flush_pool(pool);
  bridge_close_if_idle();
}

/* Called by the loop after each round of ready tasks. */
static void outbox_flush(void) {
  while (outbox != NULL) {
    ac_pool_t *pool = outbox;
    outbox = pool->out_next;
    pool->out_next = NULL;
    flush_pool(pool);
  }
  bridge_close_if_idle();
}

/* ================= await in_thread / in_process ================= */

/* The awaiting task is cancelled: it gets AC_ECANCELED at once. A queued
 * job is dropped; a running one is left to its worker (a process worker is
 * killed), which frees it when done. */
static void on_cancel(ac_task_t *t) {
  ac__jx_t *jx = ac__parked_on(t);
  ac_pool_t *pool = jx->pool;
  int drop = 0;
  /* Every read of the state is under the lock, even the PENDING case that
   * only the loop can leave: a worker may be writing the state of this job
   * (RUNNING to DONE) at the same moment, and an unlocked read of it is a
   * data race whatever its value turns out to be. */
  pthread_mutex_lock(&pool->mu);
  switch (jx->state) {
  case AC__JX_PENDING: /* still in the outbox, which only the loop touches */
    outbox_unlink(jx);
    drop = 1;
    break;
  case AC__JX_QUEUED:
    queue_unlink(pool, jx);
    drop = 1;
    break;
  case AC__JX_RUNNING:
    jx->abandoned = 1;
    atomic_store(&jx->cancel, 1);
    if (jx->slot != NULL) ac__process_kill_running(jx);
    break;
  default: /* finished: its done hook or the drain frees it */
    jx->abandoned = 1;
    break;
  }
  pthread_mutex_unlock(&pool->mu);
  if (drop) ac__jx_free(jx);
  bridge.parked--;
  ac__wake(t, AC_ECANCELED);
  bridge_close_if_idle();
}

static void describe(const ac_task_t *t, ac__describe_t *d) {
  static const char *const states[] = {"submitted", "queued", "running", "done", "dropped"};
  const ac__jx_t *jx = ac__parked_on(t);
  ac_pool_t *pool = jx->pool;
  int state;
  pthread_mutex_lock(&pool->mu); /* a worker moves it on under the lock */
  state = jx->state;
  pthread_mutex_unlock(&pool->mu);
  ac__describe_printf(d, "for a %s job on a %s pool", states[state],
                      pool->kind == AC__JOB_PROCESS ? "process" : "thread");
}

static ac__waitops_t job_ops = {"waiting", on_cancel, NULL, 0, describe};

/* A job for a process pool carries a copy of its ac_bytes_t captures'
 * data behind it (jx->tail_data), taken when in_process(...) is evaluated,
 * as its captures are: the caller may free its buffers from then on (and
 * a cancelled awaiter may, while its job is still being sent). A pool of
 * another kind (MPI) cannot carry them. On the loop thread, so a job that
 * cannot go fails before it is queued. */
int ac__job_pack_bytes(ac_pool_t *pool, int kind, ac_job_t *job, size_t *tail, char **data) {
  int err;
  *tail = 0;
  *data = NULL;
  if (pool != NULL) kind = pool->kind;
  if (kind != AC__JOB_PROCESS || !ac__job_has_bytes(job)) return 0;
  if (pool != NULL && pool->backend != NULL) return AC_ENOTSUP;
  if ((err = ac__job_tail_size(job, tail)) != 0) return err;
  return ac__job_pack_captures(job, *tail, data);
}

void ac__job_give_bytes(ac_job_t *job, char *data, size_t tail) {
  ac__jx_t *jx = AC__JX_OF(job);
  jx->tail_data = data;
  jx->tail = tail;
  jx->packed = 1;
}

int ac__await_job(ac_frame_t *frame, ac_pool_t *pool, ac_job_t *job,
                  int kind) {
  ac__jx_t *jx = AC__JX_OF(job);
  ac_task_t *self = ac__L.current;
  if (pool == NULL) pool = ac_pool_default(kind);
  int err;
  if (pool == NULL) {
    ac__jx_free(jx);
    frame->err = AC_ENOTSUP;
    return 0;
  }
  if (!jx->packed && (err = ac__job_pack_bytes(pool, kind, job, &jx->tail, &jx->tail_data)) != 0) {
    ac__jx_free(jx);
    frame->err = err;
    return 0;
  }
  bridge_open();
  jx->task = self;
  outbox_add(pool, jx);
  ac__L.flush = outbox_flush;
  bridge.parked++;
  ac__park_on(self, &job_ops, jx);
  return 1;
}

/* ================= pools ================= */

static int default_workers(int kind) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) n = 1;
  if (kind == AC__JOB_PROCESS) return (int)n;
  return n + 4 < 32 ? (int)n + 4 : 32;
}

static int pool_start(ac_pool_t *pool) {
  if (pool->backend != NULL) return pool->backend->start(pool);
  return pool->kind == AC__JOB_THREAD ? ac__thread_pool_start(pool)
                                      : ac__process_pool_start(pool);
}

static int pool_new_with(ac_pool_t **out, int kind, const ac_pool_options_t *opt,
                         const ac__pool_backend_t *backend, void *data) {
  ac_pool_t *pool;
  int rc;
  *out = NULL;
  if (opt != NULL && (opt->workers < 0 || opt->max_tasks_per_child < 0)) {
    if (backend != NULL) backend->destroy(data);
    return AC_EINVAL;
  }
  pool = ac__calloc(1, sizeof *pool);
  pool->kind = kind;
  pool->nworkers =
      opt != NULL && opt->workers > 0 ? opt->workers : default_workers(kind);
  if (opt != NULL) {
    pool->initializer = opt->initializer;
    pool->initarg = opt->initarg;
    pool->max_tasks_per_child = opt->max_tasks_per_child;
  }
  pool->backend = backend;
  pool->backend_data = data;
  pthread_mutex_init(&pool->mu, NULL);
  pthread_cond_init(&pool->cv, NULL);
  if ((rc = pool_start(pool)) != 0) {
    if (backend != NULL) backend->destroy(data);
    pthread_cond_destroy(&pool->cv);
    pthread_mutex_destroy(&pool->mu);
    ac__free(pool);
    return rc;
  }
  *out = pool;
  return 0;
}

static int pool_new(ac_pool_t **out, int kind, const ac_pool_options_t *opt) {
  return pool_new_with(out, kind, opt, NULL, NULL);
}

int ac__pool_new_backend(ac_pool_t **out, const ac_pool_options_t *opt,
                         const ac__pool_backend_t *backend, void *data) {
  return pool_new_with(out, AC__JOB_PROCESS, opt, backend, data);
}

int ac_thread_pool_new(ac_pool_t **pool, const ac_pool_options_t *opt) {
  return pool_new(pool, AC__JOB_THREAD, opt);
}

int ac_process_pool_new(ac_pool_t **pool, const ac_pool_options_t *opt) {
  return pool_new(pool, AC__JOB_PROCESS, opt);
}

int ac_pool_size(const ac_pool_t *pool) { return pool->nworkers; }

/* Cancels the queued jobs; pool->mu held. Those whose done hook must run
 * are chained on *DONE, in queue order, to be told after unlocking. */
static void cancel_queued(ac_pool_t *pool, ac__jx_t **done) {
  ac__jx_t *jx = pool->head, *next;
  pool->head = pool->tail = NULL;
  for (; jx != NULL; jx = next) {
    next = jx->next;
    jx->next = NULL;
    if (finish_locked(jx, AC__JX_CANCELLED, AC_ECANCELED)) {
      *done = jx;
      done = &jx->next;
    }
  }
}

int ac_pool_shutdown(ac_pool_t *pool, int wait, int cancel_pending) {
  ac__jx_t *done = NULL, *next;
  /* What this thread's tasks submitted before is queued before it ends. */
  if (outbox_thread) outbox_take_out(pool);
  pthread_mutex_lock(&pool->mu);
  pool->shutdown = 1;
  if (cancel_pending) cancel_queued(pool, &done);
  pthread_cond_broadcast(&pool->cv);
  pthread_mutex_unlock(&pool->mu);
  for (; done != NULL; done = next) {
    next = done->next;
    done->done(done);
  }
  if (wait) {
    if (pool->backend != NULL)
      pool->backend->join(pool);
    else if (pool->kind == AC__JOB_THREAD)
      ac__thread_pool_join(pool);
    else
      ac__process_pool_join(pool);
  }
  return 0;
}

void ac_pool_free(ac_pool_t *pool) {
  if (pool == NULL) return;
  ac_pool_shutdown(pool, 1, 0);
  if (pool->backend != NULL) pool->backend->destroy(pool->backend_data);
  pthread_cond_destroy(&pool->cv);
  pthread_mutex_destroy(&pool->mu);
  ac__free(pool->threads);
  ac__free(pool->slots);
  ac__free(pool);
}

static struct {
  pthread_mutex_t mu;
  ac_pool_t *pools[2];
} defaults = {PTHREAD_MUTEX_INITIALIZER, {NULL, NULL}};

ac_pool_t *ac_pool_default(int kind) {
  ac_pool_t *pool;
  if (kind != AC__JOB_THREAD && kind != AC__JOB_PROCESS) return NULL;
  pthread_mutex_lock(&defaults.mu);
  if (defaults.pools[kind] == NULL) {
    if (pool_new(&pool, kind, NULL) == 0) defaults.pools[kind] = pool;
  }
  pool = defaults.pools[kind];
  pthread_mutex_unlock(&defaults.mu);
  return pool;
}
