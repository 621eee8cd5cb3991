/* mpi_worker.c - ranks 1..N-1 of an MPI job: workers that never run main.
 *
 * A constructor of this library (it runs before the program's main, as
 * the local process pool's fork server is started) looks at the launcher's
 * environment. On a worker rank it initializes MPI, serves jobs until rank
 * 0 says the program is over, finalizes MPI and leaves with _exit(0):
 * main never runs there, and neither do atexit handlers or the program's
 * destructors, exactly as in a local worker process. On rank 0, and in a
 * program no launcher started, it does nothing.
 *
 * Why a constructor and not an ac_mpi_init(&argc, &argv) the user calls
 * first thing in main: a program that used a local process pool needs no
 * change but the pool's creation, and a worker rank never builds the
 * state main would build before the call (nor runs its side effects).
 * The price: a worker rank starts before the program's own constructors
 * (those of the shared libraries it loads have run), so a job must not
 * rely on them; and its functions must not need main's setup either
 * (the same holds for local worker processes).
 *
 * Thread discipline: MPI_THREAD_FUNNELED. Only this rank's main thread
 * calls MPI; with workers_per_rank > 1 the jobs run on slot threads that
 * hand their results back to it. The main thread polls with
 * MPI_Improbe and naps when nothing came (from 1 us, doubling, up to
 * NAP_MAX), so an idle worker rank does not spin on a core that rank 0
 * or another worker needs (an Open MPI blocking receive would).
 *
 * A job that crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) is caught
 * on the way out (siglongjmp): its future fails with AC_EWORKERDIED and
 * the rank goes on serving, because a rank that died would bring the whole
 * MPI job down. The rank's memory may be damaged by such a job: that is
 * the price of MPI's fault model (docs/mpi.md).
 */
#define _GNU_SOURCE /* strsignal */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "mpi_internal.h"

#define NAP_MAX 200000L /* ns: the latency of a job that finds its rank idle */

/* One job on this rank: its bytes, and the tag it came on (its slot). */
typedef struct wjob_s {
  struct wjob_s *next;
  int tag;
  int size;
  char *buf;
} wjob_t;

typedef struct {
  pthread_t thread;
  wjob_t *head, *tail; /* jobs to run, in order, under W.mu */
} wslot_t;

static struct {
  MPI_Comm comm;
  int rank;
  int per_rank;        /* slots of the current pool; 0: none */
  wslot_t *slots;      /* per_rank > 1: one thread each */
  int stopping;        /* slot threads leave, under mu */
  void (*init)(void *);
  void *initarg;
  pthread_mutex_t mu;
  pthread_cond_t work_cv; /* a slot has a job, or stopping */
  pthread_cond_t done_cv; /* a result waits to be sent */
  wjob_t *done_head, *done_tail;
  char *inline_buf;    /* per_rank == 1: the one job buffer, reused */
  int inline_cap;
} W = {.mu = PTHREAD_MUTEX_INITIALIZER,
       .work_cv = PTHREAD_COND_INITIALIZER,
       .done_cv = PTHREAD_COND_INITIALIZER};

/* ================= running a job ================= */

static _Thread_local sigjmp_buf *fault_guard;

static void on_fault(int sig) {
  if (fault_guard != NULL) siglongjmp(*fault_guard, sig);
  signal(sig, SIG_DFL); /* not in a job: die as the signal means */
  raise(sig);
}

static void catch_faults(void) {
  static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fault;
  sa.sa_flags = SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    sigaction(sigs[i], &sa, NULL);
}

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Calls FN on JOB; 0, or the signal that stopped it. */
static int run_guarded(ac__job_fn fn, ac_job_t *job) {
  sigjmp_buf env;
  int sig = sigsetjmp(env, 1);
  if (sig == 0) {
    fault_guard = &env;
    fn(job);
  }
  fault_guard = NULL;
  return sig;
}

/* Runs the job in BUF (SIZE bytes, a wire header first) and leaves its
 * outcome in that header. */
static void run_job(char *buf) {
  wire_hdr_t h;
  ac__job_fn fn;
  ac_job_t *job = (ac_job_t *)(void *)buf;
  int64_t t;
  int sig;
  memcpy(&h, buf, sizeof h);
  fn = (ac__job_fn)ac__addr_from_ref(h.run);
  h.err = 0;
  t = now_ns();
  if (fn == NULL) {
    fprintf(stderr, "asyncc-mpi: rank %d: a job names a function this rank "
            "does not have (every rank must run the same binary)\n", W.rank);
    h.err = AC_ENOSYS;
  } else {
    memset(job, 0, sizeof *job);
    job->run = fn;
    if ((sig = run_guarded(fn, job)) != 0) {
      fprintf(stderr, "asyncc-mpi: rank %d: a job was stopped by signal %d "
              "(%s); its future fails, the rank goes on\n", W.rank, sig,
              strsignal(sig));
      h.err = AC_EWORKERDIED;
    }
  }
  h.ran_ns = now_ns() - t;
  memcpy(buf, &h, sizeof h);
}

/* ================= slot threads (workers_per_rank > 1) ================= */

static void *slot_main(void *p) {
  wslot_t *s = p;
  wjob_t *j;
  if (W.init != NULL) W.init(W.initarg);
  pthread_mutex_lock(&W.mu);
  for (;;) {
    while (s->head == NULL && !W.stopping) pthread_cond_wait(&W.work_cv, &W.mu);
    if ((j = s->head) == NULL) break;
    if ((s->head = j->next) == NULL) s->tail = NULL;
    pthread_mutex_unlock(&W.mu);
    run_job(j->buf);
    pthread_mutex_lock(&W.mu);
    j->next = NULL;
    if (W.done_tail != NULL)
      W.done_tail->next = j;
    else
      W.done_head = j;
    W.done_tail = j;
    pthread_cond_signal(&W.done_cv);
  }
  pthread_mutex_unlock(&W.mu);
  return NULL;
}

static int slots_start(void) {
  W.slots = calloc((size_t)W.per_rank, sizeof *W.slots);
  if (W.slots == NULL) return AC_ENOMEM;
  W.stopping = 0;
  for (int i = 0; i < W.per_rank; i++)
    if (pthread_create(&W.slots[i].thread, NULL, slot_main, &W.slots[i]) != 0) {
      W.per_rank = i; /* those started are stopped by slots_stop */
      return AC_ENOMEM;
    }
  return 0;
}

static void slots_stop(void) {
  pthread_mutex_lock(&W.mu);
  W.stopping = 1;
  pthread_cond_broadcast(&W.work_cv);
  pthread_mutex_unlock(&W.mu);
  for (int i = 0; i < W.per_rank; i++) pthread_join(W.slots[i].thread, NULL);
  free(W.slots);
  W.slots = NULL;
}

/* ================= the main thread: MPI ================= */

static void fatal_mpi(const char *what, int rc) {
  char msg[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, msg, &len);
  fprintf(stderr, "asyncc-mpi: rank %d: %s failed: %.*s\n", W.rank, what,
          len, msg);
  fflush(NULL);
  _exit(1);
}

static void send_result(wjob_t *j) {
  int rc = MPI_Send(j->buf, j->size, MPI_BYTE, 0, j->tag, W.comm);
  if (rc != MPI_SUCCESS) fatal_mpi("sending a result to rank 0", rc);
}

/* Sends the results the slot threads finished; 1 if there were some. */
static int send_done(void) {
  wjob_t *j, *next;
  pthread_mutex_lock(&W.mu);
  j = W.done_head;
  W.done_head = W.done_tail = NULL;
  pthread_mutex_unlock(&W.mu);
  if (j == NULL) return 0;
  for (; j != NULL; j = next) {
    next = j->next;
    send_result(j);
    free(j->buf);
    free(j);
  }
  return 1;
}

static void give_to_slot(wjob_t *j) {
  wslot_t *s = &W.slots[j->tag - TAG_JOB0];
  pthread_mutex_lock(&W.mu);
  j->next = NULL;
  if (s->tail != NULL)
    s->tail->next = j;
  else
    s->head = j;
  s->tail = j;
  pthread_cond_broadcast(&W.work_cv);
  pthread_mutex_unlock(&W.mu);
}

/* Receives the job MSG announced (SIZE bytes on TAG) and runs it inline
 * (one slot) or hands it to its slot's thread. */
static void take_job(MPI_Message *msg, int tag, int size) {
  int rc;
  if (tag - TAG_JOB0 >= W.per_rank || size < (int)sizeof(wire_hdr_t)) {
    fprintf(stderr, "asyncc-mpi: rank %d: a job for no slot (tag %d)\n",
            W.rank, tag);
    fflush(NULL);
    _exit(1);
  }
  if (W.per_rank == 1) {
    wjob_t j = {NULL, tag, size, NULL};
    if (size > W.inline_cap) {
      free(W.inline_buf);
      W.inline_cap = size;
      if ((W.inline_buf = malloc((size_t)size)) == NULL) _exit(1);
    }
    j.buf = W.inline_buf;
    if ((rc = MPI_Mrecv(j.buf, size, MPI_BYTE, msg, MPI_STATUS_IGNORE)) != 0)
      fatal_mpi("receiving a job", rc);
    run_job(j.buf);
    send_result(&j);
    return;
  }
  wjob_t *j = malloc(sizeof *j);
  if (j == NULL || (j->buf = malloc((size_t)size)) == NULL) _exit(1);
  j->tag = tag;
  j->size = size;
  if ((rc = MPI_Mrecv(j->buf, size, MPI_BYTE, msg, MPI_STATUS_IGNORE)) != 0)
    fatal_mpi("receiving a job", rc);
  give_to_slot(j);
}

/* A pool begins (its slots start) or ends. Returns the answer for rank 0. */
static int pool_begin(const ctrl_msg_t *c) {
  if (c->per_rank < 1 || c->per_rank > AC_MPI_MAX_PER_RANK) return AC_EINVAL;
  W.per_rank = c->per_rank;
  W.init = (void (*)(void *))ac__addr_from_ref(c->init);
  W.initarg = (void *)ac__addr_from_ref(c->initarg);
  if ((c->init != 0 && W.init == NULL) || (c->initarg != 0 && W.initarg == NULL))
    return AC_ENOSYS;
  if (W.per_rank > 1) return slots_start();
  if (W.init != NULL) W.init(W.initarg);
  return 0;
}

static void pool_end(void) {
  if (W.per_rank > 1) {
    slots_stop();
    send_done();
  }
  W.per_rank = 0;
}

/* Returns 1 when rank 0 says the program is over. */
static int take_ctrl(MPI_Message *msg) {
  ctrl_msg_t c;
  int answer = 0, rc;
  if ((rc = MPI_Mrecv(&c, sizeof c, MPI_BYTE, msg, MPI_STATUS_IGNORE)) != 0)
    fatal_mpi("receiving from rank 0", rc);
  if (c.op == CTRL_EXIT) return 1;
  if (c.op == CTRL_POOL)
    answer = pool_begin(&c);
  else
    pool_end();
  if ((rc = MPI_Send(&answer, 1, MPI_INT, 0, TAG_CTRL, W.comm)) != 0)
    fatal_mpi("answering rank 0", rc);
  return 0;
}

/* Waits about NS for a slot's result (or just sleeps with one slot). */
static void idle(long ns) {
  struct timespec dl;
  if (W.per_rank <= 1) {
    ac__mpi_nap(ns);
    return;
  }
  clock_gettime(CLOCK_REALTIME, &dl);
  dl.tv_nsec += ns;
  if (dl.tv_nsec >= 1000000000L) {
    dl.tv_sec++;
    dl.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&W.mu);
  if (W.done_head == NULL) pthread_cond_timedwait(&W.done_cv, &W.mu, &dl);
  pthread_mutex_unlock(&W.mu);
}

static void serve(void) {
  long nap = 0;
  for (;;) {
    MPI_Message msg;
    MPI_Status st;
    int flag = 0, rc, size;
    if ((rc = MPI_Improbe(0, MPI_ANY_TAG, W.comm, &flag, &msg, &st)) != 0)
      fatal_mpi("waiting for rank 0", rc);
    if (flag) {
      nap = 0;
      if (st.MPI_TAG == TAG_CTRL) {
        if (take_ctrl(&msg)) return;
        continue;
      }
      MPI_Get_count(&st, MPI_BYTE, &size);
      take_job(&msg, st.MPI_TAG, size);
      continue;
    }
    if (W.per_rank > 1 && send_done()) {
      nap = 0;
      continue;
    }
    nap = nap == 0 ? 1000 : nap * 2 > NAP_MAX ? NAP_MAX : nap * 2;
    idle(nap);
  }
}

static void worker_rank_main(int rank) {
  int provided, rc;
  W.rank = rank;
#ifdef __linux__
  prctl(PR_SET_TIMERSLACK, 1000UL); /* naps of microseconds, not 50 */
#endif
  if ((rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided)) != 0)
    fatal_mpi("MPI_Init_thread", rc);
  if ((rc = MPI_Comm_dup(MPI_COMM_WORLD, &W.comm)) != 0)
    fatal_mpi("MPI_Comm_dup", rc);
  MPI_Comm_set_errhandler(W.comm, MPI_ERRORS_RETURN);
  catch_faults();
  serve();
  pool_end();
  MPI_Comm_free(&W.comm);
  MPI_Finalize();
  free(W.inline_buf);
}

__attribute__((constructor)) static void ac__mpi_worker_start(void) {
  int rank = ac__mpi_env_rank();
  if (rank <= 0) return; /* rank 0 runs main; -1: no launcher */
  worker_rank_main(rank);
  fflush(NULL); /* what jobs printed */
  _exit(0);
}
