/* pool.h - what the executor files share (thread and process pools).
 *
 *   pool.c          jobs, the pool object, its queue, shutdown, the
 *                   default pools, ac__await_job and the loop bridge
 *   pool_thread.c   worker threads that run jobs in this process
 *   pool_process.c  the fork server, worker processes and the thread
 *                   that feeds each of them
 *   future.c        the synchronous API: futures, map, wait, as_completed
 *   addr_ref.c      names for functions that hold in another run of the
 *                   program (a pool whose workers are not forks)
 *
 * A pool of another kind (libasyncc_mpi's) brings its workers as an
 * ac__pool_backend_t and reuses the rest: the queue, shutdown, futures,
 * await in_process.
 *
 * One work item, the ac__jx_t, serves every client: an awaited job (from
 * generated code) and a future (from plain C). It sits in front of the
 * job's own bytes, in the same allocation, and carries its client's two
 * functions, as libuv's work requests carry work and after_work: the
 * job's run (on a worker) and the item's done (the outcome is known), so
 * the pools name none of their clients. Its state moves, under the
 * pool's mutex, QUEUED -> RUNNING -> DONE; the waiting side may abandon
 * it at any time, and then whoever holds it last frees it.
 */
#ifndef AC_POOL_H
#define AC_POOL_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>

#include "internal.h"

typedef struct ac__jx_s ac__jx_t;
typedef struct ac__slot_s ac__slot_t;

enum {
  AC__JX_PENDING,  /* submitted from the loop, not yet queued (loop only) */
  AC__JX_QUEUED,
  AC__JX_RUNNING,
  AC__JX_DONE,     /* err is the outcome */
  AC__JX_CANCELLED /* removed from the queue before it ran */
};

/* The client's hook: JX finished (DONE, or CANCELLED before it ran) and
 * was not abandoned. Called once, without pool->mu, on the thread that
 * finished it (a worker, a feeder thread, or one that cancelled or shut
 * the pool down). */
typedef void (*ac__jx_done_fn)(ac__jx_t *jx);

struct ac__jx_s {
  ac__jx_t *next;     /* in the pool queue or the outbox */
  ac__bcall_t call;   /* an awaited job's way back to the loop */
  ac_pool_t *pool;
  size_t size;        /* bytes of the job after this header */
  int state;          /* AC__JX_*, under pool->mu */
  int err;            /* outcome once DONE */
  ac__jx_done_fn done;
  int abandoned;      /* nobody will read it: free when done, under mu */
  atomic_int cancel;  /* ac_job_cancelled() reads it */
  ac__slot_t *slot;   /* process slot running it, under pool->mu */
  ac_task_t *task;    /* an awaited job: the task parked on it */
  ac_future_t *fut;   /* a future's: see future.c */
  size_t tail;        /* process pools: bytes sent after the job, */
  char *tail_data;    /* its ac_bytes_t captures' copy (bytes.c) */
  int result_owned;   /* the job's ac_bytes_t result is ours to free until
                         its awaiter takes it (ac__job_done) */
  int packed;         /* tail_data was taken before ac__await_job */
};

#define AC__JX_OFF AC__ALIGN_UP(sizeof(ac__jx_t), _Alignof(max_align_t))
#define AC__JOB_OF(jx) ((ac_job_t *)(void *)((char *)(jx) + AC__JX_OFF))
#define AC__JX_OF(job) ((ac__jx_t *)(void *)((char *)(job) - AC__JX_OFF))

/* One worker process and the parent thread that feeds it. The thread
 * keeps up to 2 jobs in flight (the second only behind short jobs): the
 * worker runs them in order, so only fifo[0] can be running and the one
 * behind starts as soon as it ends. */
struct ac__slot_s {
  ac_pool_t *pool;
  pthread_t thread;
  int index;
  pid_t pid;     /* 0 when no worker is up */
  int fd;        /* our end of the worker's socket, -1 when none */
  int ntasks;    /* jobs sent to the current worker, under pool->mu */
  int killed;    /* we sent it SIGKILL (cancelled job), under pool->mu */
  ac__jx_t *fifo[2]; /* jobs taken, oldest first, under pool->mu */
  int nfifo;     /* how many, under pool->mu */
  int nsent;     /* how many of them the worker was sent, under pool->mu */
  pid_t retired; /* a worker whose socket we closed, not reaped yet */
  long long last_ns;  /* how long the last job ran, as its worker timed
                         it; -1: none yet (slot thread only) */
};

/* The workers of a pool that is neither a thread pool nor a local process
 * pool. Its jobs cross address spaces, so the pool's kind is
 * AC__JOB_PROCESS (ac_pool_submit refuses it). */
typedef struct ac__pool_backend_s {
  /* Starts the workers (pool->backend_data is set). 0 or a failure. */
  int (*start)(ac_pool_t *pool);
  /* After shutdown: returns once every started job has finished. */
  void (*join)(ac_pool_t *pool);
  /* Frees the backend's data (the pool is joined, or never started). */
  void (*destroy)(void *data);
} ac__pool_backend_t;

struct ac_pool_s {
  int kind; /* AC__JOB_THREAD or AC__JOB_PROCESS */
  int nworkers;
  int max_tasks_per_child;
  void (*initializer)(void *arg);
  void *initarg;
  pthread_mutex_t mu;
  pthread_cond_t cv; /* a job was queued, or shutdown */
  ac__jx_t *head, *tail;
  int nidle;         /* workers waiting on cv */
  int shutdown;      /* no new work; workers leave when the queue is empty */
  int started;       /* threads started */
  /* Jobs awaited by tasks are queued once per round of the loop, not one
   * by one: the loop thread alone touches these (see ac__pool_flush). */
  ac__jx_t *out_head, *out_tail;
  ac_pool_t *out_next; /* the next pool with an outbox */
  pthread_t *threads;   /* thread pools */
  ac__slot_t *slots;    /* process pools */
  const ac__pool_backend_t *backend; /* NULL: kind says which */
  void *backend_data;
};

/* ---- pool.c ---- */
ac__jx_t *ac__jx_new(size_t size, ac__jx_done_fn done);
void ac__jx_free(ac__jx_t *jx);
/* Queues JX on POOL, AC_ESHUTDOWN_POOL if it was shut down. */
int ac__pool_put(ac_pool_t *pool, ac__jx_t *jx);
/* For a worker: the next job, marked RUNNING, or NULL when the pool shut
 * down and the queue is empty. Called with pool->mu held; may wait. */
ac__jx_t *ac__pool_take(ac_pool_t *pool);
/* Takes JX out of the queue if it has not started (state CANCELLED):
 * returns 2, and the caller calls its done hook; 1 if it was cancelled before;
 * 0 if it runs or ran. */
int ac__pool_cancel_queued(ac__jx_t *jx);
/* For a worker: JX ran with outcome ERR. Called without pool->mu. */
void ac__pool_finish(ac__jx_t *jx, int err);
/* Runs JX's job with the thread-local "current job" set. */
void ac__jx_run(ac__jx_t *jx);
/* A pool whose workers BACKEND starts, with DATA as its backend_data
 * (owned by the pool from here: destroy frees it, also on failure). */
int ac__pool_new_backend(ac_pool_t **pool, const ac_pool_options_t *opt,
                         const ac__pool_backend_t *backend, void *data);

/* ---- addr_ref.c ---- */
/* A name for ADDR (code or static data of a loaded module) that another
 * run of the same program turns back into the same function or object;
 * 0 for 0. See addr_ref.c. */
uint64_t ac__addr_ref(uintptr_t addr);
/* The address REF names here, 0 if no loaded module matches it. */
uintptr_t ac__addr_from_ref(uint64_t ref);

/* ---- pool_thread.c ---- */
int ac__thread_pool_start(ac_pool_t *pool);
void ac__thread_pool_join(ac_pool_t *pool);

/* ---- pool_process.c ---- */
int ac__process_pool_start(ac_pool_t *pool);
void ac__process_pool_join(ac_pool_t *pool);
/* Kills the worker running JX (cancelled while running). Under pool->mu. */
void ac__process_kill_running(ac__jx_t *jx);
/* The fork server's pid, 0 if none (for tests). */
pid_t ac__process_server_pid(void);

#endif /* AC_POOL_H */
