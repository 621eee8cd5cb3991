/* pool_mpi.c - rank 0 of an MPI job: the MPI pool (an ac_pool_t whose
 * workers are slots on ranks 1..N-1) and the thread that talks MPI.
 *
 * The pool is a core pool with a backend (runtime/pool.h): jobs are
 * queued, cancelled, shut down and awaited by the core exactly as for a
 * local process pool; this file only moves them to the ranks and back.
 *
 * One thread, the MPI thread, makes every MPI call of rank 0, from
 * MPI_Init_thread to MPI_Finalize: the MPI_THREAD_FUNNELED discipline,
 * which every MPI library provides at no cost (MULTIPLE would make each
 * call take locks, and the loop thread has no call to make anyway). It
 * is started by the first ac_mpi_pool_new (or at exit if none was made,
 * to release the worker ranks), not before main, so that a program that
 * never creates an MPI pool can still fork (the local process pool's fork
 * server needs a single-threaded process, and MPI_Init starts threads).
 *
 * The loop never calls MPI. The MPI thread takes queued jobs from the
 * pool under its mutex, sends each with MPI_Isend straight from the job's
 * memory (no copy on any thread: a large input is sent once, by MPI), and
 * receives each result into that same memory (MPI_Improbe + MPI_Mrecv).
 * Finished jobs go through ac__pool_finish, and so to the loop through
 * the runtime's one wake-up channel, the pools' bridge (a burst of
 * completions costs one wake-up). Between polls the thread waits on the
 * pool's condition variable, so a new job wakes it at once, with a
 * timeout for MPI that starts at 1 us and doubles up to POLL_MAX while
 * nothing happens: MPI has no way to wake a thread from another, and a
 * thread blocked in an MPI wait spins a core (Open MPI does), which the
 * worker ranks need.
 *
 * Like the local process pool, a slot whose last job was short (under
 * PIPELINE_NS as its worker timed it) gets jobs sent ahead, so the
 * worker never waits a round trip between jobs: up to about AHEAD_NS of
 * work (MAX_DEPTH jobs), more than the local pool's one, because rank 0
 * reacts a poll later and a network round trip is longer than a socket
 * pair's. A job sent ahead counts as running (a cancelled one's result
 * is dropped).
 *
 * Faults: the communicator returns errors instead of aborting; an error on
 * rank 0 is reported with the rank involved and ends the program with
 * status 1. A worker rank that dies is noticed by the launcher, which
 * ends the whole job (mpirun and hydra print which rank died and exit
 * non-zero): MPI's fault model. See docs/mpi.md.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "mpi_internal.h"

#define PIPELINE_NS 1000000 /* send ahead behind jobs shorter than this */
#define AHEAD_NS 2000000    /* ...as many as make about this much work */
#define MAX_DEPTH 8         /* jobs in flight per slot, at most */
#define POLL_MAX 100000L    /* ns: the longest wait between MPI polls */

typedef struct {
  ac__jx_t *jx;
  ac__job_fn run;   /* the job's run, restored when it comes back */
  MPI_Request send;
} flight_t;

/* One worker: slot k of rank r, reached on tag TAG_JOB0 + k. */
typedef struct {
  int rank, tag;
  flight_t fifo[MAX_DEPTH]; /* oldest first; only fifo[0] may run */
  int n;
  long long last_ns;    /* how long its last job ran; -1: none yet */
} mslot_t;

typedef struct {
  int per_rank, nslots;
  mslot_t *slots;
  uint64_t init, initarg;
  int started;  /* the MPI thread serves it; under M.mu */
  int start_rc; /* its answer to the start */
  int joined;   /* the MPI thread is done with it; under M.mu */
} mpool_t;

/* Rank 0's MPI state, process-wide. */
static struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int thread_up;       /* the MPI thread was started */
  int init_done, init_rc;
  pthread_t thread;
  ac_pool_t *pending;  /* a pool waiting for the thread to start it */
  ac_pool_t *pool;     /* the pool the thread serves */
  int exit_asked;
  int size;            /* ranks in the job, once initialized */
  MPI_Comm comm;
} M = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

/* ================= errors ================= */

static void fatal(const char *what, int peer, int rc) {
  char msg[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, msg, &len);
  fprintf(stderr,
          "asyncc-mpi: rank 0: %s rank %d failed: %.*s\n"
          "asyncc-mpi: a rank died or MPI broke down; under MPI's fault "
          "model the job cannot go on\n",
          what, peer, len, msg);
  fflush(NULL);
  _exit(1);
}

#define CHECK(call, what, peer)                        \
  do {                                                 \
    int rc_ = (call);                                  \
    if (rc_ != MPI_SUCCESS) fatal((what), (peer), rc_); \
  } while (0)

/* ================= control messages ================= */

/* Sends C to every worker rank and, unless it is EXIT, collects their
 * answers: the first failure, or 0. */
static int ctrl_all(const ctrl_msg_t *c) {
  int first = 0, answer;
  for (int r = 1; r < M.size; r++)
    CHECK(MPI_Send(c, sizeof *c, MPI_BYTE, r, TAG_CTRL, M.comm), "sending to", r);
  if (c->op == CTRL_EXIT) return 0;
  for (int r = 1; r < M.size; r++) {
    CHECK(MPI_Recv(&answer, 1, MPI_INT, r, TAG_CTRL, M.comm, MPI_STATUS_IGNORE),
          "hearing from", r);
    if (answer != 0 && first == 0) first = answer;
  }
  return first;
}

static int pool_open(mpool_t *mp) {
  ctrl_msg_t c;
  memset(&c, 0, sizeof c);
  c.op = CTRL_POOL;
  c.per_rank = mp->per_rank;
  c.init = mp->init;
  c.initarg = mp->initarg;
  return ctrl_all(&c);
}

static void pool_close(void) {
  ctrl_msg_t c;
  memset(&c, 0, sizeof c);
  c.op = CTRL_POOL_END;
  (void)ctrl_all(&c);
}

/* ================= jobs out ================= */

/* How many jobs slot S may have in flight: one, or behind short jobs
 * enough to keep its worker busy for about AHEAD_NS, so that rank 0 may
 * come late (a loaded host, a slow network) without the worker going
 * idle. */
static int slot_depth(const mslot_t *s) {
  long long d;
  if (s->last_ns < 0 || s->last_ns >= PIPELINE_NS) return 1;
  d = 1 + AHEAD_NS / (s->last_ns + 1);
  return d > MAX_DEPTH ? MAX_DEPTH : (int)d;
}

/* Whether slot S should get a job ahead of those it has (see the top):
 * only if the queue holds more jobs than the slots with nothing in
 * flight will take. pool->mu held. */
static int may_send_ahead(ac_pool_t *pool, mpool_t *mp, mslot_t *s) {
  ac__jx_t *q = pool->head;
  int idle = 0;
  if (s->n < 1 || s->n >= slot_depth(s)) return 0;
  for (int i = 0; i < mp->nslots; i++) idle += mp->slots[i].n == 0;
  for (; q != NULL && idle > 0; q = q->next) idle--;
  return q != NULL;
}

/* Sends the job in S->fifo[I]: its header becomes the wire header. */
static void send_job(mslot_t *s, int i) {
  flight_t *f = &s->fifo[i];
  ac_job_t *job = AC__JOB_OF(f->jx);
  wire_hdr_t h;
  f->run = job->run;
  memset(&h, 0, sizeof h);
  h.run = ac__addr_ref((uintptr_t)job->run);
  memcpy(job, &h, sizeof h);
  CHECK(MPI_Isend(job, (int)f->jx->size, MPI_BYTE, s->rank, s->tag, M.comm,
                  &f->send),
        "sending a job to", s->rank);
}

/* Where feed puts the jobs it takes: the slot and FIFO place of each job
 * to send, and the jobs too large for an MPI message (an int count of
 * bytes), which fail with AC_ERANGE. */
enum { BATCH = 64 };
typedef struct {
  mslot_t *to[BATCH];
  int idx[BATCH], n;
  ac__jx_t *too_big;
} batch_t;

/* Takes a queued job for slot S into its FIFO; pool->mu held. (The slots
 * are the MPI thread's alone.) */
static void claim(ac_pool_t *pool, mslot_t *s, batch_t *b) {
  ac__jx_t *jx = ac__pool_take(pool); /* marks it RUNNING */
  if (jx->size > INT_MAX) {
    jx->next = b->too_big;
    b->too_big = jx;
    return;
  }
  s->fifo[s->n].jx = jx;
  b->to[b->n] = s;
  b->idx[b->n++] = s->n++;
}

/* Takes the queued jobs the slots have room for and sends them: first
 * one for every idle slot, then those sent ahead. Returns how many went.
 * A job cancelled from here on counts as running: its result is dropped
 * when it comes back. */
static int feed(ac_pool_t *pool, mpool_t *mp) {
  batch_t b;
  ac__jx_t *jx;
  b.n = 0;
  b.too_big = NULL;
  pthread_mutex_lock(&pool->mu);
  for (int i = 0; i < mp->nslots && b.n < BATCH && pool->head != NULL; i++)
    if (mp->slots[i].n == 0) claim(pool, &mp->slots[i], &b);
  for (int i = 0; i < mp->nslots && b.n < BATCH && pool->head != NULL; i++)
    while (b.n < BATCH && pool->head != NULL && may_send_ahead(pool, mp, &mp->slots[i]))
      claim(pool, &mp->slots[i], &b);
  pthread_mutex_unlock(&pool->mu);
  for (int i = 0; i < b.n; i++) send_job(b.to[i], b.idx[i]);
  while ((jx = b.too_big) != NULL) {
    b.too_big = jx->next;
    jx->next = NULL;
    ac__pool_finish(jx, AC_ERANGE);
  }
  return b.n;
}

/* ================= results in ================= */

static mslot_t *slot_of(mpool_t *mp, int rank, int tag) {
  int k = tag - TAG_JOB0;
  if (rank < 1 || k < 0 || k >= mp->per_rank) return NULL;
  return &mp->slots[(rank - 1) * mp->per_rank + k];
}

/* Receives the result MSG announced into its job's memory and finishes
 * the job. */
static void take_result(mpool_t *mp, MPI_Message *msg, const MPI_Status *st) {
  mslot_t *s = slot_of(mp, st->MPI_SOURCE, st->MPI_TAG);
  flight_t f;
  ac_job_t *job;
  wire_hdr_t h;
  int size, err;
  if (s == NULL || s->n == 0) {
    fprintf(stderr, "asyncc-mpi: rank 0: a result nobody waits for from "
            "rank %d (tag %d)\n", st->MPI_SOURCE, st->MPI_TAG);
    fflush(NULL);
    _exit(1);
  }
  f = s->fifo[0];
  memmove(&s->fifo[0], &s->fifo[1], sizeof f * (size_t)(--s->n));
  /* The worker ran it, so the send is over; MPI still wants to hear it. */
  CHECK(MPI_Wait(&f.send, MPI_STATUS_IGNORE), "sending a job to", s->rank);
  MPI_Get_count(st, MPI_BYTE, &size);
  job = AC__JOB_OF(f.jx);
  if ((size_t)size != f.jx->size) {
    char dummy;
    CHECK(MPI_Mrecv(&dummy, 0, MPI_BYTE, msg, MPI_STATUS_IGNORE),
          "receiving a result from", s->rank);
    err = AC_EIO;
  } else {
    CHECK(MPI_Mrecv(job, size, MPI_BYTE, msg, MPI_STATUS_IGNORE),
          "receiving a result from", s->rank);
    memcpy(&h, job, sizeof h);
    err = h.err;
    s->last_ns = h.ran_ns;
  }
  memset(job, 0, sizeof *job);
  job->run = f.run;
  ac__pool_finish(f.jx, err);
}

/* Receives every result that has come; returns how many. */
static int collect(mpool_t *mp) {
  int got = 0;
  for (;;) {
    MPI_Message msg;
    MPI_Status st;
    int flag = 0;
    CHECK(MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, M.comm, &flag, &msg, &st),
          "polling", 0);
    if (!flag) return got;
    take_result(mp, &msg, &st);
    got++;
  }
}

/* ================= serving a pool ================= */

static int in_flight(const mpool_t *mp) {
  int n = 0;
  for (int i = 0; i < mp->nslots; i++) n += mp->slots[i].n;
  return n;
}

/* Waits on the pool's condition variable until a job is queued, the pool
 * shuts down, or (with jobs in flight) NS nanoseconds passed. BUSY: jobs
 * are in flight, and those queued (if any) found no room: only a result
 * (the timeout) or a new job (the slots may have room by then) matter. */
static void wait_for_work(ac_pool_t *pool, long ns, int busy) {
  struct timespec dl;
  clock_gettime(CLOCK_REALTIME, &dl);
  dl.tv_nsec += ns;
  if (dl.tv_nsec >= 1000000000L) {
    dl.tv_sec++;
    dl.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&pool->mu);
  if (busy || (pool->head == NULL && !pool->shutdown)) {
    pool->nidle++;
    if (busy)
      pthread_cond_timedwait(&pool->cv, &pool->mu, &dl);
    else
      pthread_cond_wait(&pool->cv, &pool->mu);
    pool->nidle--;
  }
  pthread_mutex_unlock(&pool->mu);
}

static int drained(ac_pool_t *pool, mpool_t *mp) {
  int done;
  pthread_mutex_lock(&pool->mu);
  done = pool->shutdown && pool->head == NULL;
  pthread_mutex_unlock(&pool->mu);
  return done && in_flight(mp) == 0;
}

/* Runs POOL's jobs until it is shut down and nothing is left. */
static void serve(ac_pool_t *pool) {
  mpool_t *mp = pool->backend_data;
  long nap = 0;
  while (!drained(pool, mp)) {
    int got = in_flight(mp) > 0 ? collect(mp) : 0;
    int sent = feed(pool, mp);
    if (got + sent > 0) {
      nap = 0;
      continue;
    }
    nap = nap == 0 ? 1000 : nap * 2 > POLL_MAX ? POLL_MAX : nap * 2;
    wait_for_work(pool, nap, in_flight(mp) > 0);
  }
}

/* ================= the MPI thread ================= */

static int mpi_start(void) {
  int provided, rc;
  if ((rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided)) != 0)
    return AC_MPI_EINIT;
  if (MPI_Comm_dup(MPI_COMM_WORLD, &M.comm) != MPI_SUCCESS) return AC_MPI_EINIT;
  MPI_Comm_set_errhandler(M.comm, MPI_ERRORS_RETURN);
  MPI_Comm_size(M.comm, &M.size);
  return 0;
}

/* Waits for a pool to start or for the exit; returns the pool, or NULL
 * at exit. */
static ac_pool_t *next_pool(void) {
  ac_pool_t *pool;
  pthread_mutex_lock(&M.mu);
  while (M.pending == NULL && !M.exit_asked) pthread_cond_wait(&M.cv, &M.mu);
  pool = M.pending;
  M.pending = NULL;
  pthread_mutex_unlock(&M.mu);
  return pool;
}

static void set_pool_state(mpool_t *mp, int *field, int value) {
  pthread_mutex_lock(&M.mu);
  *field = value;
  pthread_cond_broadcast(&M.cv);
  pthread_mutex_unlock(&M.mu);
  (void)mp;
}

static void *mpi_thread(void *arg) {
  ac_pool_t *pool;
  int rc;
  (void)arg;
#ifdef __linux__
  prctl(PR_SET_NAME, "ac-mpi");
  prctl(PR_SET_TIMERSLACK, 1000UL); /* polls microseconds apart, not 50 */
#endif
  rc = mpi_start();
  pthread_mutex_lock(&M.mu);
  M.init_done = 1;
  M.init_rc = rc;
  pthread_cond_broadcast(&M.cv);
  pthread_mutex_unlock(&M.mu);
  if (rc != 0) return NULL;
  while ((pool = next_pool()) != NULL) {
    mpool_t *mp = pool->backend_data;
    mp->start_rc = pool_open(mp);
    set_pool_state(mp, &mp->started, 1);
    if (mp->start_rc == 0) serve(pool);
    pool_close();
    set_pool_state(mp, &mp->joined, 1);
  }
  {
    ctrl_msg_t c;
    memset(&c, 0, sizeof c);
    c.op = CTRL_EXIT;
    (void)ctrl_all(&c);
  }
  MPI_Comm_free(&M.comm);
  MPI_Finalize();
  return NULL;
}

/* Starts the MPI thread if it is not up; M.mu held. Returns its init's
 * outcome. */
static int thread_up_locked(void) {
  if (!M.thread_up) {
    if (pthread_create(&M.thread, NULL, mpi_thread, NULL) != 0) return AC_ENOMEM;
    M.thread_up = 1;
  }
  while (!M.init_done) pthread_cond_wait(&M.cv, &M.mu);
  return M.init_rc;
}

/* ================= the backend ================= */

static int backend_start(ac_pool_t *pool) {
  mpool_t *mp = pool->backend_data;
  int rc;
  pthread_mutex_lock(&M.mu);
  if ((rc = thread_up_locked()) == 0 && M.size < 2) rc = AC_MPI_ENOWORKERS;
  if (rc == 0 && M.pool != NULL) rc = AC_EBUSY;
  if (rc != 0) {
    pthread_mutex_unlock(&M.mu);
    return rc;
  }
  mp->nslots = (M.size - 1) * mp->per_rank;
  mp->slots = calloc((size_t)mp->nslots, sizeof *mp->slots);
  if (mp->slots == NULL) {
    pthread_mutex_unlock(&M.mu);
    return AC_ENOMEM;
  }
  for (int i = 0; i < mp->nslots; i++) {
    mp->slots[i].rank = 1 + i / mp->per_rank;
    mp->slots[i].tag = TAG_JOB0 + i % mp->per_rank;
    mp->slots[i].last_ns = -1;
  }
  pool->nworkers = mp->nslots;
  M.pool = M.pending = pool;
  pthread_cond_broadcast(&M.cv);
  while (!mp->started) pthread_cond_wait(&M.cv, &M.mu);
  rc = mp->start_rc;
  if (rc != 0) { /* the thread ends it: wait, so the pool may go */
    while (!mp->joined) pthread_cond_wait(&M.cv, &M.mu);
    M.pool = NULL;
  }
  pthread_mutex_unlock(&M.mu);
  return rc;
}

static void backend_join(ac_pool_t *pool) {
  mpool_t *mp = pool->backend_data;
  pthread_mutex_lock(&M.mu);
  while (!mp->joined) pthread_cond_wait(&M.cv, &M.mu);
  if (M.pool == pool) M.pool = NULL;
  pthread_mutex_unlock(&M.mu);
}

static void backend_destroy(void *data) {
  mpool_t *mp = data;
  if (mp == NULL) return;
  free(mp->slots);
  free(mp);
}

static const ac__pool_backend_t mpi_backend = {backend_start, backend_join,
                                               backend_destroy};

/* ================= the public side ================= */

static int local_fallback(ac_pool_t **pool, const ac_mpi_pool_options_t *opt) {
  ac_pool_options_t o;
  memset(&o, 0, sizeof o);
  o.workers = opt->local_workers;
  o.initializer = opt->initializer;
  o.initarg = opt->initarg;
  return ac_process_pool_new(pool, &o);
}

int ac_mpi_pool_new(ac_pool_t **pool, const ac_mpi_pool_options_t *opt) {
  static const ac_mpi_pool_options_t defaults;
  mpool_t *mp;
  int rank = ac__mpi_env_rank();
  *pool = NULL;
  if (opt == NULL) opt = &defaults;
  if (opt->workers_per_rank < 0 || opt->workers_per_rank > AC_MPI_MAX_PER_RANK ||
      opt->local_workers < 0)
    return AC_EINVAL;
  if (rank < 0)
    return opt->fallback_local ? local_fallback(pool, opt) : AC_MPI_ENOTLAUNCHED;
  if (rank > 0) return AC_ENOTSUP;
  mp = calloc(1, sizeof *mp);
  if (mp == NULL) return AC_ENOMEM;
  mp->per_rank = opt->workers_per_rank > 0 ? opt->workers_per_rank : 1;
  mp->init = ac__addr_ref((uintptr_t)opt->initializer);
  mp->initarg = ac__addr_ref((uintptr_t)opt->initarg);
  /* Bit 63 clear: a raw address (heap, stack), meaningless on a rank. */
  if ((mp->initarg != 0 && !(mp->initarg >> 63)) ||
      (mp->init != 0 && !(mp->init >> 63))) {
    free(mp);
    return AC_EINVAL;
  }
  return ac__pool_new_backend(pool, NULL, &mpi_backend, mp);
}

/* ================= exit ================= */

/* Rank 0 leaves: a pool still alive is shut down (its running jobs end),
 * then the MPI thread releases the worker ranks and finalizes. Started
 * here if no pool ever was, unless rank 0 is alone: the worker ranks wait
 * for word from rank 0. */
static void at_exit(void) {
  ac_pool_t *pool;
  pthread_mutex_lock(&M.mu);
  if (!M.thread_up && ac__mpi_env_size() == 1) {
    pthread_mutex_unlock(&M.mu);
    return;
  }
  pool = M.pool;
  pthread_mutex_unlock(&M.mu);
  if (pool != NULL) ac_pool_shutdown(pool, 1, 1);
  pthread_mutex_lock(&M.mu);
  if (thread_up_locked() != 0) {
    pthread_mutex_unlock(&M.mu);
    return;
  }
  M.exit_asked = 1;
  pthread_cond_broadcast(&M.cv);
  pthread_mutex_unlock(&M.mu);
  pthread_join(M.thread, NULL);
}

__attribute__((constructor)) static void ac__mpi_rank0_start(void) {
  if (ac__mpi_env_rank() == 0) atexit(at_exit);
}
