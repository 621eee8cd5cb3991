/* asyncc.h - the one public header of the asyncc runtime.
 *
 * Programs written in asyncc (.ac files) include this header and nothing else
 * from the runtime. It compiles under -std=c11 -pedantic with no feature
 * macros, before or after any system header, and does not expose libuv.
 *
 * Sections, in order of use: errors, tasks, running, time, gather, debug,
 * pools, synchronization and queues,
 * and last the protocol between the translator and the runtime ("for
 * generated code"), whose names start with ac__ and are not for users.
 *
 * Threads: unless a function says otherwise, call it on the thread that runs
 * ac_run (the loop thread).
 */
#ifndef ASYNCC_H
#define ASYNCC_H

/* size_t only: a program may define NULL (or offsetof) itself after
 * including this header, as C lets a program that included no standard
 * header do (c-testsuite 00097: `#define NULL ((void*)0)`), so the header
 * defines neither, and its own macros spell the null pointer out. tcc's
 * <stddef.h> knows no __need_size_t: its size_t is declared directly. */
#ifdef __TINYC__
typedef __SIZE_TYPE__ size_t;
#else
#define __need_size_t
#include <stddef.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define AC_VERSION_MAJOR 0
#define AC_VERSION_MINOR 1
#define AC_VERSION_PATCH 0
#define AC_VERSION_STRING "0.1.0"

/* ====================================================================
 * Errors
 *
 * A failure is a negative int. Codes that exist in errno are -errno (so
 * libuv statuses pass through untouched), name resolution's are libuv's
 * UV_EAI_* (-3000 to -3014); asyncc's own codes lie below -4095, clear of
 * errno and libuv. One list generates the enum,
 * ac_strerror and ac_err_name.
 * ==================================================================== */
#define AC_ERRNO_MAP(XX)                                               \
  XX(EPERM, -1, "operation not permitted")                             \
  XX(ENOENT, -2, "no such file or directory")                          \
  XX(ESRCH, -3, "no such process")                                     \
  XX(EINTR, -4, "interrupted system call")                             \
  XX(EIO, -5, "i/o error")                                             \
  XX(EBADF, -9, "bad file descriptor")                                 \
  XX(EAGAIN, -11, "resource temporarily unavailable")                  \
  XX(ENOMEM, -12, "not enough memory")                                 \
  XX(EACCES, -13, "permission denied")                                 \
  XX(EFAULT, -14, "bad address in system call argument")               \
  XX(EBUSY, -16, "resource busy or locked")                            \
  XX(EEXIST, -17, "file already exists")                               \
  XX(ENOTDIR, -20, "not a directory")                                  \
  XX(EISDIR, -21, "illegal operation on a directory")                  \
  XX(EINVAL, -22, "invalid argument")                                  \
  XX(EMFILE, -24, "too many open files")                               \
  XX(EFBIG, -27, "file too large")                                     \
  XX(ENOSPC, -28, "no space left on device")                           \
  XX(EPIPE, -32, "broken pipe")                                        \
  XX(EDOM, -33, "numerical argument out of domain")                    \
  XX(ERANGE, -34, "result too large")                                  \
  XX(ENAMETOOLONG, -36, "name too long")                               \
  XX(ENOSYS, -38, "function not implemented")                          \
  XX(ENOTEMPTY, -39, "directory not empty")                            \
  XX(ENOTSUP, -95, "operation not supported")                          \
  XX(EADDRINUSE, -98, "address already in use")                        \
  XX(ECONNRESET, -104, "connection reset by peer")                     \
  XX(ENOBUFS, -105, "no buffer space available")                       \
  XX(ETIMEDOUT, -110, "connection timed out")                          \
  XX(ECONNREFUSED, -111, "connection refused")                         \
  XX(ECANCELED, -125, "operation canceled")                            \
  /* name resolution (libuv's UV_EAI_* values) */                      \
  XX(EAI_AGAIN, -3001, "temporary failure in name resolution")         \
  XX(EAI_FAIL, -3004, "permanent failure in name resolution")          \
  XX(EAI_FAMILY, -3005, "address family not supported")                \
  XX(EAI_NODATA, -3007, "no address for this name")                    \
  XX(EAI_NONAME, -3008, "unknown node or service")                     \
  XX(EAI_SERVICE, -3010, "service not available for socket type")      \
  XX(EOF, -4095, "end of file")                                        \
  XX(ESHUTDOWN_POOL, -5001, "executor has been shut down")             \
  XX(EWORKERDIED, -5002, "worker process died")                        \
  XX(ENOTDONE, -5003, "task has not finished")                         \
  XX(EBADSTATE, -5004, "corrupted task state")                        \
  XX(EGENCLOSED, -5005, "generator closed")                           \
  XX(EBROKEN, -5006, "barrier broken")                                \
  XX(ESETTLED, -5007, "promise already settled")                     \
  XX(ELIMIT, -5008, "separator not found within the limit")          \
  XX(EQUEUE_SHUTDOWN, -5009, "queue shut down")

typedef enum {
#define AC__ERRNO_ENUM(name, value, text) AC_##name = (value),
  AC_ERRNO_MAP(AC__ERRNO_ENUM)
#undef AC__ERRNO_ENUM
  AC__ERRNO_LAST = -5009
} ac_errno_t;

/* Names CODE in words ("operation canceled"). Never NULL; unknown codes give
 * "unknown error". For a code that is -errno and not in the list, the
 * system's strerror text. Returns a static string. Any thread. */
const char *ac_strerror(int code);

/* The symbolic name of CODE ("ECANCELED"), or "UNKNOWN". Any thread. */
const char *ac_err_name(int code);

/* ====================================================================
 * Tasks
 *
 * Calling an async function without await, `f(x)`, creates a task and
 * gives a handle of type task(T) (the translator spells it ac_task__T).
 * The new task is queued and runs when its creator next suspends; ready
 * tasks run first-in first-out.
 *
 * Lifetime: the task's memory (its frame and result) stays valid at least
 * until the task that created it finishes (tasks created in ordinary code:
 * until ac_run returns). If it has finished by then it is freed; if not,
 * it passes to its creator's own owner, and so on up (a handle returned
 * by a task, or put on a queue, stays valid as long as the creator's own
 * would). ac_detach(h) gives the task to the runtime: it is freed when it finishes,
 * and h must not be used again. A task always runs to completion or
 * cancellation, whatever happens to its handle.
 *
 * Cancellation: ac_cancel(h) asks the task to stop and returns at once (no
 * effect on a finished task). AC_ECANCELED is thrown at the await where the
 * task is suspended (or at its start, if it has not run yet: its body never
 * runs); its catch/finally/defer blocks run; whoever awaits it gets
 * AC_ECANCELED. A task waiting in `await u` cancels u too; one waiting in a
 * gather or wait_for cancels what they wait for.
 *
 * A task that fails and whose failure nobody observes (by awaiting it,
 * directly or through a gather or wait_for) is reported on stderr, with its
 * name, the function's name and the .ac file:line where the task was
 * created, once nobody can observe it any more: when it fails if it was
 * detached (or released with a finished owner), else when its owner lets
 * it go (docs/runtime.md).
 * ==================================================================== */
typedef struct ac_task_s ac_task_t;
typedef struct ac_pool_s ac_pool_t; /* thread and process pools */

/* The value type of `await` on a task(void). */
typedef struct ac_void_s { char unused_; } ac_void_t;

/* A handle of type task(T) is one pointer: a union of T's task and a
 * pointer to T that is never stored (ac_type_ only carries T, for sizeof,
 * _Generic and __typeof__), so each T gets its own C type and the compiler
 * rejects mix-ups. The task's result slot is found from the task
 * (ac__task_result). The translator emits AC_TASK_TYPE(ac_task__T, T)
 * once per T; a few common ones are here. */
#define AC_TASK_TYPE(name, T) \
  typedef union name { ac_task_t *t; T *ac_type_; } name

#ifndef AC_TASK_DEFINED_void
#define AC_TASK_DEFINED_void
AC_TASK_TYPE(ac_task__void, ac_void_t);
#endif
#ifndef AC_TASK_DEFINED_int
#define AC_TASK_DEFINED_int
AC_TASK_TYPE(ac_task__int, int);
#endif

/* Any handle, of any task(T), as the runtime sees it. */
#define AC_TASK_OF(h) ((h).t)

/* Cancels the task of handle H (see above). Returns at once. */
#define ac_cancel(h) ac__cancel(AC_TASK_OF(h))
/* Hands the task of H to the runtime for good (a background task). */
#define ac_detach(h) ac__detach(AC_TASK_OF(h))
/* 1 if the task of H has finished (result, failure or cancellation). */
#define ac_done(h) ac__task_done(AC_TASK_OF(h))
/* 1 if the task of H finished by being cancelled. */
#define ac_cancelled(h) (ac__task_error(AC_TASK_OF(h)) == AC_ECANCELED)
/* The failure code of a finished task of H: 0 if it succeeded,
 * AC_ENOTDONE if it has not finished. Reading it observes the failure. */
#define ac_task_error(h) ac__task_error(AC_TASK_OF(h))

/* Names (asyncio's Task.set_name / get_name, create_task(name=)).
 * ac_task_set_name(h, name) copies NAME (any string; the caller's may go
 * at once): 0, or AC_EINVAL for a NULL name. ac_task_name(h) is the
 * task's name: the last one set, else "Task-N", N numbering unnamed
 * tasks from 1 in the order their name is first needed (asyncio numbers
 * at creation; asyncc does not spend a number on every task). The string
 * stays valid until the task is renamed or freed. Every report on stderr
 * (unobserved failures, ac_run's failure, the task dump, debug mode)
 * shows it in quotes before the function's name.
 * ac_named(f(x), "fetch-1") names the task at its creation and yields
 * the handle, of the same task(T) type: task(int) t = ac_named(f(x), "a");
 * (H is evaluated once). */
#define ac_task_set_name(h, name) ac__task_set_name(AC_TASK_OF(h), (name))
#define ac_task_name(h) ac__task_name(AC_TASK_OF(h))
#define ac_named(h, name) ((__typeof__(h)){.t = ac__task_named((h).t, (name))})
int ac__task_set_name(ac_task_t *t, const char *name);
const char *ac__task_name(ac_task_t *t);
ac_task_t *ac__task_named(ac_task_t *t, const char *name);

/* The running task (asyncio.current_task()), as a handle of unknown
 * result type: ac_task_name, ac_task_set_name, ac_cancel, ac_done take it;
 * await does not (a task awaiting itself would wait forever). Its .t is
 * NULL outside a task (ordinary code, a callback between two tasks); it
 * stays valid as the task's own handles do. */
typedef struct ac_task_any_s { ac_task_t *t; } ac_task_any_t;
ac_task_t *ac__current(void); /* also in the wait protocol, below */
static inline ac_task_any_t ac_current_task(void) {
  ac_task_any_t h;
  h.t = ac__current();
  return h;
}

void ac__cancel(ac_task_t *t);
void ac__detach(ac_task_t *t);
int ac__task_done(const ac_task_t *t);
int ac__task_error(ac_task_t *t);

/* ---- Cancellation requests (asyncio's cancel(msg), cancelling(),
 * uncancel()) ----
 *
 * Each ac_cancel of an unfinished task is a request, and the task counts
 * the requests pending on it: the runtime's own count too (a gather
 * cancelling its members, a wait_for or a timeout scope that expired,
 * ac_run's last cleanup), and each task down an `await u` chain gets
 * one. A finished task takes no more requests. Whoever made a request and
 * has handled its consequence withdraws it with ac_uncancel, as a timeout
 * scope does when it turns its own cancellation into AC_ETIMEDOUT; when
 * the count drops to 0, a request not yet delivered (a task that cancelled
 * itself and has not suspended since) is dropped, and the task counts as
 * never cancelled. The counts and reasons stay readable until the task is
 * freed (see the lifetime of handles above). Loop thread only. */

/* ac_cancel with a reason: the awaiting code still sees AC_ECANCELED; the
 * task (or anyone holding its handle) reads REASON with ac_cancel_reason.
 * A reason goes down an `await u` chain with the request. */
#define ac_cancel_with(h, reason) ac__cancel_with(AC_TASK_OF(h), (reason))
/* The number of cancellation requests pending on the task of H. */
#define ac_cancelling(h) ac__cancelling(AC_TASK_OF(h))
/* Withdraws one request; returns how many remain (0 stays 0). */
#define ac_uncancel(h) ac__uncancel(AC_TASK_OF(h))
/* The reason given with the first request still pending (the first one
 * that made the count leave 0), or 0 if none was given or none pends. A
 * timeout scope's request gives AC_ETIMEDOUT. */
#define ac_cancel_reason(h) ac__cancel_reason(AC_TASK_OF(h))

/* ac_cancelling(ac_current_task()) asks the running task (above). */

void ac__cancel_with(ac_task_t *t, int reason);
int ac__cancelling(const ac_task_t *t);
int ac__uncancel(ac_task_t *t);
int ac__cancel_reason(const ac_task_t *t);

/* ====================================================================
 * Running
 * ==================================================================== */

/* Runs the event loop until the task of H finishes, then cancels and awaits
 * whatever tasks are left (also when it failed), frees every task created
 * in ordinary code, and returns: the task's result for a task(int), 0 for
 * any other task type; 1 if it failed or was cancelled, after reporting
 * the failure on stderr. Ordinary code only; not reentrant. */
/* H is evaluated once: _Generic does not evaluate its controlling
 * expression, and RESULT is NULL (the runtime finds the task's result slot
 * itself), so `ac_run(amain())` creates one task. */
#define ac_run(h) \
  ac__run(AC_TASK_OF(h), (void *)0, _Generic((h).ac_type_, int *: 1, default: 0))
/* RESULT: where the int result is, or NULL for the task's own slot. */
int ac__run(ac_task_t *t, void *result, int result_is_int);

/* ====================================================================
 * Time
 * ==================================================================== */

/* A monotonic clock in seconds, read afresh at each call. Any thread. */
double ac_now(void);

/* `await ac_sleep(s)` suspends the caller for S seconds; ac_sleep(0), or
 * any S <= 0, lets every other ready task run first and then resumes.
 * Timers with equal deadlines fire in the order they were started.
 * Errors: AC_ECANCELED. (The translator turns the await into
 * ac__await_sleep; without await, ac_sleep(s) is a task(void) that
 * sleeps.) */
ac_task__void ac_sleep(double seconds);

/* ====================================================================
 * Gather and wait_for (awaited forms; see the protocol section)
 *
 * `await ac_gather(t1, t2, ...)`, `await ac_gather_n(arr, n)`: wait until
 * all have finished. The first failure (in completion order; a member
 * cancelled from outside counts as failing with AC_ECANCELED) cancels the
 * others, waits until their cleanup has finished, and is re-thrown.
 * Cancelling the gatherer cancels every member. The gather yields nothing;
 * read results with `await t`, which then returns at once.
 *
 * `await ac_wait_for(t, s)` yields t's result; if S seconds pass first it
 * cancels t, waits for its cleanup, and throws AC_ETIMEDOUT.
 *
 * `size_t k = await ac_wait(arr, n, mode, timeout)` (asyncio.wait) waits
 * until the tasks of the N handles in array ARR meet MODE:
 * AC_FIRST_COMPLETED (one has finished), AC_FIRST_EXCEPTION (one has
 * failed with a code other than AC_ECANCELED, or all have finished) or
 * AC_ALL_COMPLETED, or until TIMEOUT seconds have passed (negative: no
 * limit). It yields how many have finished (test each with ac_done), and
 * throws nothing of theirs: their failures are read with `await t` or
 * ac_task_error, and are reported if nobody reads them. Cancelling the
 * waiter leaves the tasks alone. A bad MODE throws AC_EINVAL.
 *
 * asyncio.as_completed: ac_as_completed_new(arr, n) starts watching the
 * tasks of the N handles in array ARR (read during the call only); then
 * each `size_t i = await ac_as_completed_next(it)` yields the index in ARR
 * of the next task to finish, in the order they finish (those finished
 * before ac_as_completed_new first, in array order), so `await arr[i]`
 * returns at once. After N of them, or while another task waits on IT, it
 * throws AC_EINVAL. ac_as_completed_free(it) may come at any time, also
 * before all have finished; a task still waiting on IT gets AC_ECANCELED.
 * Nothing is cancelled and no failure is thrown.
 *
 * `await ac_shield(t)` (asyncio.shield) waits for t and yields its result,
 * but cancelling the waiter does not cancel t: the waiter gets
 * AC_ECANCELED at once and t runs on (await it again, or its failure is
 * reported as unobserved).
 * ==================================================================== */
typedef struct ac_as_completed_s ac_as_completed_t;
#define ac_as_completed_new(arr, n) ac__as_completed_new((arr), (n), sizeof (arr)[0])
ac_as_completed_t *ac__as_completed_new(const void *base, size_t n, size_t stride);
void ac_as_completed_free(ac_as_completed_t *it);

/* ====================================================================
 * Timeout scopes (asyncio.timeout / timeout_at, Trio's fail_after)
 *
 *   ac_timeout (0.5) { ...awaits... }          // a deadline 0.5 s from now
 *   ac_timeout_at (ac_now() + 1) { ... }        // on ac_now()'s clock
 *   ac_timeout_t cm;
 *   ac_timeout (2.0, &cm) { ... ac_timeout_reschedule(&cm, ac_now() + 5); ... }
 *   if (ac_timeout_expired(&cm)) ...
 *
 * A statement of the language (async functions only; docs/language.md).
 * When the deadline passes while the block runs, the await running inside
 * gets AC_ECANCELED (a cancellation request on the task, with reason
 * AC_ETIMEDOUT); leaving the block by any path withdraws that request and
 * turns the AC_ECANCELED that leaves it into AC_ETIMEDOUT, unless another
 * request is still pending (an outer ac_cancel, an outer scope that
 * expired too): then AC_ECANCELED goes on, never swallowed. A block left
 * before its deadline disarms its timer. A negative, infinite or NaN delay
 * means no deadline (Python's None); a deadline already past expires at the
 * block's first suspension.
 *
 * The optional ac_timeout_t is the scope itself: caller storage (a local
 * of the async function is), valid while the block runs and for as long as
 * it is asked afterwards, used by one open block at a time. Without one,
 * the scope lives in the function's frame. Loop thread only. */
typedef struct ac_timeout_s {
  double priv_[6]; /* runtime-private */
} ac_timeout_t;

/* Moves the deadline to WHEN (ac_now()'s clock; INFINITY or NaN: none; a
 * time already past expires at the next suspension). 0, or AC_EINVAL when
 * the block is not running or its deadline has already passed (asyncio
 * raises RuntimeError). */
int ac_timeout_reschedule(ac_timeout_t *cm, double when);
/* 1 once the deadline passed while the block ran (asyncio's expired()). */
int ac_timeout_expired(const ac_timeout_t *cm);
/* The deadline on ac_now()'s clock, INFINITY for none (asyncio's when()). */
double ac_timeout_when(const ac_timeout_t *cm);
/* For generated code: `ac_timeout (D[, cm])` enters with a delay D,
 * ac_timeout_at with an absolute deadline; the exit, on every path out of
 * the block, takes the pending failure (0 if none) and returns it,
 * AC_ECANCELED rewritten to AC_ETIMEDOUT as above. */
void ac__timeout_enter(ac_timeout_t *cm, double delay);
void ac__timeout_enter_at(ac_timeout_t *cm, double when);
int ac__timeout_exit(ac_timeout_t *cm, int err);

/* ====================================================================
 * Debug
 * ==================================================================== */

/* Writes the async backtrace of every live task to stderr (docs/debugging.md):
 * its name, function and creation site, its state (ready, or what it waits
 * on: a sleep with the time left, a lock, a queue, a promise, a job, I/O),
 * its frames innermost first (each awaited async call or generator being
 * iterated, with the .ac file:line it is suspended at), then the tasks that
 * await it (`await t`, a gather, a task group, wait_for, shield) up to one
 * nobody awaits. Loop thread only (or outside ac_run). */
void ac_dump_tasks(void);

/* The same as data. ac_task_iter_new() takes a snapshot of every live task
 * (a copy: nothing in it changes when tasks run on); ac_task_iter_next
 * yields one record per task, in ac_dump_tasks's order, then NULL. Every
 * pointer in a record (strings, frames) stays valid until
 * ac_task_iter_free(it), also across awaits; `id` and `awaited_by` are
 * only for comparing records of one snapshot (the task may be freed).
 * Loop thread only (or outside ac_run). */
typedef struct ac_frame_info_s {
  const char *function; /* the async function's (or generator's) name */
  const char *file;     /* its .ac file */
  int line;             /* the .ac line it is suspended at */
  int generator;        /* 1: a generator, iterated by the frame after it */
} ac_frame_info_t;
typedef struct ac_task_info_s {
  const void *id;           /* the task, as other records name it */
  const char *name;         /* ac_task_name's */
  const char *function;     /* the task's async function */
  const char *created_file; /* where it was created; NULL: ordinary code */
  int created_line;
  const char *state;        /* "ready", "sleeping", "in a gather"... */
  const char *detail;       /* more about the wait ("1.5 s left"), or "" */
  const ac_frame_info_t *frames; /* innermost first */
  size_t nframes;           /* 0: not started, or finished */
  const void *awaited_by;   /* the id of a task awaiting it, or NULL */
  const char *awaited_how;  /* how: "await", "gather", "task group"... */
} ac_task_info_t;
typedef struct ac_task_iter_s ac_task_iter_t;
ac_task_iter_t *ac_task_iter_new(void);
const ac_task_info_t *ac_task_iter_next(ac_task_iter_t *it);
void ac_task_iter_free(ac_task_iter_t *it);

/* From now on (until ac_run ends) signal SIG (SIGQUIT in debug mode)
 * prints ac_dump_tasks's report from the loop's thread, and the program
 * goes on. The handle does not keep the loop alive. Inside ac_run only:
 * 0, or a negative AC_E* code (not running, bad signal). */
int ac_dump_on_signal(int sig);

/* Debug mode (also on when the environment has ASYNCC_DEBUG=1): reports
 * on stderr what is legal but usually a bug: a task that swallowed its
 * cancellation (caught AC_ECANCELED and returned normally), and a task
 * that ran 0.1 s or more between two suspensions, stalling every other
 * task (with the .ac line where it stopped). It also stops the program
 * (abort) when a task is created, cancelled or detached, an event set or
 * a queue's _nowait call made from a thread other than the loop's while
 * the loop runs: a data race otherwise. */
void ac_debug(int on);

/* Number of live (not yet freed) tasks. For tests. */
size_t ac_live_tasks(void);

/* ====================================================================
 * Pools (thread and process executors)
 *
 * `await in_thread(EXPR)` / `in_process(EXPR)` use these pools from async
 * code; the functions below use them from plain synchronous C, as
 * concurrent.futures is used from synchronous Python. Every function here
 * may be called from any thread unless it says otherwise.
 *
 * A thread pool runs jobs on its own threads ("ac-worker-N"), not on
 * libuv's shared pool. A process pool runs them in worker processes forked
 * from a fork server, a clean single-threaded image of the program taken
 * before main (ac__process_prefork). Pointers do not cross processes: a
 * process job gets a copy of its bytes and sends a copy back, and its
 * function must be a function of this program. An in_process job's
 * ac_bytes_t captures and result are the exception: their buffers travel
 * too (ac_bytes_copy below; docs/executors.md, "Bytes"). If the fork server was not
 * started before main, creating a process pool starts it then, but only
 * while the process has a single thread: otherwise it fails with
 * AC_ENOTSUP (forking a threaded process is unsafe). A worker process that
 * dies (signal, exit) fails only the job it ran, with AC_EWORKERDIED (its
 * status is reported on stderr); the pool starts a replacement.
 * ==================================================================== */
typedef struct ac_pool_options_s {
  int workers;             /* 0: min(32, cores + 4) threads, cores processes */
  void (*initializer)(void *arg); /* run once in each new worker, or NULL */
  void *initarg;           /* process pools: must point to data that existed
                              before main (it is the same address there) */
  int max_tasks_per_child; /* process pools: replace a worker after this
                              many jobs; 0 = never */
} ac_pool_options_t;

/* Creates a pool in *POOL (OPT NULL: defaults). Returns 0, AC_EINVAL (a
 * negative size), AC_ENOTSUP (process pool: see above), or another
 * negative code when threads or processes cannot be started. */
int ac_thread_pool_new(ac_pool_t **pool, const ac_pool_options_t *opt);
int ac_process_pool_new(ac_pool_t **pool, const ac_pool_options_t *opt);
/* The largest peak resident set (KiB) of the worker processes reaped so
 * far, of every process pool: what getrusage(RUSAGE_CHILDREN).ru_maxrss
 * would say if the workers were this process's children (they are the
 * fork server's). 0 before any worker has exited. Any thread. */
long ac_process_workers_peak_rss_kb(void);

/* Stops accepting work (later submissions fail with AC_ESHUTDOWN_POOL).
 * CANCEL_PENDING: queued jobs that have not started are cancelled
 * (AC_ECANCELED). WAIT: returns when every started job has finished and
 * the workers have left (processes reaped); otherwise at once. Returns 0. */
int ac_pool_shutdown(ac_pool_t *pool, int wait, int cancel_pending);

/* Shuts POOL down with wait (keeping pending jobs) and frees it. No job
 * may still be awaited from async code. */
void ac_pool_free(ac_pool_t *pool);

/* The number of workers of POOL. */
int ac_pool_size(const ac_pool_t *pool);

/* The pool that in_thread (AC__JOB_THREAD) or in_process (AC__JOB_PROCESS)
 * uses when none is given, created at first use; NULL if it cannot be
 * (see above). It lives as long as the program. */
ac_pool_t *ac_pool_default(int kind);

/* Inside a thread-pool job: 1 once the job's waiter was cancelled (the
 * result will be dropped), so a long job may stop early. 0 elsewhere. */
int ac_job_cancelled(void);

typedef struct ac_future_s ac_future_t;

/* Runs FN(ARG) on a worker of a thread pool. NULL if POOL was shut down
 * (or is a process pool: ARG would not cross). */
ac_future_t *ac_pool_submit(ac_pool_t *pool, void (*fn)(void *arg),
                            void *arg);

/* Runs FN(BUF) on a worker of any pool, BUF a buffer of
 * max(ARG_SIZE, BUF_SIZE) bytes that starts as a copy of ARG (rest
 * zeroed); FN leaves its result there, read with ac_future_buffer. For a
 * process pool BUF is copied to the worker and back. NULL if POOL was shut
 * down. */
ac_future_t *ac_pool_submit_copy(ac_pool_t *pool, void (*fn)(void *buf),
                                 const void *arg, size_t arg_size,
                                 size_t buf_size);

/* Waits until F is done, at most TIMEOUT_S seconds (negative: forever).
 * Returns 0 on success, AC_ETIMEDOUT (F goes on), AC_ECANCELED,
 * AC_EWORKERDIED or AC_ESHUTDOWN_POOL. */
int ac_future_result(ac_future_t *f, double timeout_s);

/* The buffer of a future from ac_pool_submit_copy (the result once
 * ac_future_result returned 0); NULL for ac_pool_submit. */
void *ac_future_buffer(ac_future_t *f);

int ac_future_done(ac_future_t *f);      /* finished, failed or cancelled */
int ac_future_running(ac_future_t *f);   /* a worker runs it now */
int ac_future_cancelled(ac_future_t *f);
/* Cancels F if it has not started: returns 1 (then or before); 0 if it
 * runs or has finished. */
int ac_future_cancel(ac_future_t *f);

/* Calls CB(F, ARG) once F is done: at once, on this thread, if it is
 * already; else on the thread that finishes it (a worker's feeding
 * thread, or the one that cancels it). Returns 0. */
int ac_future_add_done_callback(ac_future_t *f,
                                void (*cb)(ac_future_t *f, void *arg),
                                void *arg);

/* Frees F. If it has not finished it is cancelled, or, when running, freed
 * by the worker when done. */
void ac_future_free(ac_future_t *f);

/* Runs FN on each of N items at ITEMS, STRIDE bytes apart, in place, on
 * POOL: CHUNK items per job (0: 1), at most MAX_IN_FLIGHT jobs submitted
 * at a time (0: twice the pool size). Each item is updated in place, so
 * results keep input order. Returns 0 or the first failure in input
 * order (the other jobs still run to the end). */
int ac_pool_map(ac_pool_t *pool, void (*fn)(void *item), void *items,
                size_t n, size_t stride, size_t chunk, size_t max_in_flight);

enum { AC_FIRST_COMPLETED = 1, AC_FIRST_EXCEPTION = 2, AC_ALL_COMPLETED = 3 };

/* Waits until the condition MODE holds for the N futures at FS (at most
 * TIMEOUT_S seconds, negative: forever). Returns the number done, or
 * AC_ETIMEDOUT. */
int ac_futures_wait(ac_future_t **fs, size_t n, int mode, double timeout_s);

/* Completion order: waits until one of FS[0..N) is done and moves the one
 * that finished first to FS[0]. Loop with FS + k, N - k to visit all.
 * Returns 0 or AC_ETIMEDOUT. */
int ac_futures_as_completed(ac_future_t **fs, size_t n, double timeout_s);

/* ---- Bridges: other threads into a running loop (asyncio's
 * call_soon_threadsafe; with an event or a queue, run_coroutine_threadsafe).
 * A bridge is opened on the loop thread, inside ac_run; while it is open
 * the loop waits for calls even when no task is ready. */
typedef struct ac_bridge_s ac_bridge_t;
/* Loop thread: opens a bridge into *B. 0, AC_EINVAL outside ac_run, or
 * AC_ENOMEM. */
int ac_bridge_open(ac_bridge_t **b);
/* Any thread: FN(ARG) runs on the loop thread at its next iteration, calls
 * in the order they were made; FN may create tasks, set events, put on
 * queues. 0, or AC_EINVAL once B is closing. Not after ac_bridge_close
 * returned (B is gone). */
int ac_bridge_call(ac_bridge_t *b, void (*fn)(void *arg), void *arg);
/* Loop thread: calls already made still run; then B is freed. */
void ac_bridge_close(ac_bridge_t *b);

/* A task of any task(T) with its result slot, as ac_bridge_submit's START
 * returns it: AC_TASK_REF(h) of a handle variable H (an lvalue: a call
 * such as AC_TASK_REF(f(x)) would run twice, so it does not compile). */
typedef struct ac_task_ref_s {
  ac_task_t *t;
  void *r;
} ac_task_ref_t;
#define AC_TASK_REF(h) \
  ((void)sizeof &(h), ac__task_ref((h).t, ac__task_result((h).t, sizeof *(h).ac_type_)))
static inline ac_task_ref_t ac__task_ref(ac_task_t *t, void *r) {
  ac_task_ref_t ref;
  ref.t = t;
  ref.r = r;
  return ref;
}

/* Any thread: asyncio's run_coroutine_threadsafe. START(ARG) runs on the
 * loop thread, in the order of B's calls; in ordinary C it calls an async
 * function without await, which starts a task, and returns AC_TASK_REF of
 * the handle. The future completes when that task ends:
 * ac_future_result gives 0 and ac_future_buffer RESULT_SIZE bytes copied
 * from its result, or the task's failure code (AC_EINVAL if START
 * returned no task). ac_future_cancel cancels the task from the loop and
 * returns at once; the future completes once the task has ended, with
 * AC_ECANCELED unless the task swallowed it. ac_future_running: START
 * has run and the task has not ended. A task that ac_run's final cleanup
 * cancels settles its future with AC_ECANCELED. Returns NULL once B is
 * closing. Free the future with ac_future_free (also before it is done:
 * the task is not cancelled by that, only by ac_future_cancel). */
ac_future_t *ac_bridge_submit(ac_bridge_t *b, ac_task_ref_t (*start)(void *arg),
                              void *arg, size_t result_size);

/* ---- Promises (asyncio's loop.create_future) ----
 *
 *   task(int) p;
 *   ac_promise_new(p);          // p is a task that nothing runs
 *   ...hand p to a callback...  // which calls ac_resolve(p, 42)
 *   int v = await p;            // or gather it, wait_for it, shield it
 *
 * A promise is a task handle: await, ac_cancel, ac_gather, ac_wait_for,
 * ac_shield, ac_wait, ac_as_completed and the task dump all take it, and it
 * is owned and freed as any task its creator spawns. On the loop thread
 * (in a callback, a task, or ordinary code inside ac_run):
 * ac_resolve(p, value) gives it its value, ac_reject(p, code) makes it
 * fail with CODE (negative, e.g. AC_EIO); each returns 0, AC_ESETTLED if
 * P was settled already, was cancelled or has finished (the second call
 * changes nothing), or AC_EINVAL if P is no promise or CODE is not
 * negative. The value is copied (any type: a struct with a const member
 * too), so it may be a temporary. A cancelled promise fails with
 * AC_ECANCELED, as a cancelled task does.
 * From another thread: ac_resolve_threadsafe(bridge, p, value) and
 * ac_reject_threadsafe(bridge, p, code) copy the value and settle P on
 * the loop thread through BRIDGE (ac_bridge_open); they return what
 * ac_bridge_call returns, and a refused settling is reported on stderr.
 * P must still exist when the loop gets to it: its owner must not have
 * let it go (an unfinished promise is never freed; a finished one is
 * freed with its owner). */
ac_task_t *ac__promise_new(size_t size, const char *file, int line);
int ac__promise_settle(ac_task_t *t, const void *value, size_t size, int err);
int ac__promise_reject(ac_task_t *t, int code);
int ac__promise_settle_threadsafe(ac_bridge_t *b, ac_task_t *t, const void *value,
                                  size_t size, int err);
/* 1 while P is a promise that has not been settled, cancelled or finished. */
int ac_promise_pending(ac_task_t *t);
#define ac_promise_new(h) \
  ((h).t = ac__promise_new(sizeof *(h).ac_type_, __FILE__, __LINE__))
/* The value goes through a one-element array of the result type: an
 * element may be initialized from a struct (any struct), where `=`
 * might not be allowed. */
#define ac_resolve(h, value)                                                   \
  ac__promise_settle((h).t, (__typeof__(*(h).ac_type_)[1]){value},            \
                     sizeof *(h).ac_type_, 0)
#define ac_reject(h, code) ac__promise_reject((h).t, (code))
/* A task(void) promise has no value to give. */
#define ac_resolve_void(h) ac__promise_settle((h).t, (void *)0, 0, 0)
#define ac_resolve_threadsafe(b, h, value)                                     \
  ac__promise_settle_threadsafe((b), (h).t, (__typeof__(*(h).ac_type_)[1]){value}, \
                                sizeof *(h).ac_type_, 0)
#define ac_reject_threadsafe(b, h, code)                                       \
  ac__promise_settle_threadsafe((b), (h).t, (void *)0, 0, (code) < 0 ? (code) : AC_EINVAL)
#define ac_promise_is_pending(h) ac_promise_pending((h).t)
/* ac_promise_on_cancel(p, fn, arg): FN(ARG) runs once, on the loop thread,
 * if P finishes by cancellation, whether or not it had been settled (a
 * value it was settled with is dropped: FN frees what it stood for). An
 * operation behind a promise uses it to stop its work at once (the HTTP
 * client removes its transfer). A later call replaces the hook, FN NULL
 * removes it. Returns 0, AC_EINVAL if P is no promise, AC_ESETTLED if P
 * has finished. */
int ac__promise_on_cancel(ac_task_t *t, void (*fn)(void *arg), void *arg);
#define ac_promise_on_cancel(h, fn, arg) ac__promise_on_cancel((h).t, (fn), (arg))

/* The libuv loop (a uv_loop_t) that ac_run drives, for libraries that
 * plug their own handles into it (asyncc_http). Loop thread only, inside
 * ac_run; the handles must be closed before ac_run returns, or registered
 * with ac_handle_register (below) for ac_run to close them. */
struct uv_loop_s *ac_uv_loop(void);

/* Handles a module owns on that loop (a server's listener, a stream's
 * socket, a child process), registered so that none outlives ac_run: when
 * ac_run ends, after its task and the cancelled leftovers have finished,
 * the runtime calls CLOSE once for each handle still registered, newest
 * first, then runs the loop until every close callback has run, and only
 * then closes the loop. CLOSE starts closing (uv_close) what the record
 * stands for and frees it in the close callback; it must not create or
 * wake tasks (none will run again). A module unregisters a handle once it
 * has closed it itself. The record is the module's memory, embedded in
 * its object (zero it before first use: unregistering a record never
 * registered is then a no-op); the runtime only links it. Loop thread
 * only. */
typedef struct ac_owned_handle_s ac_owned_handle_t;
struct ac_owned_handle_s {
  ac_owned_handle_t *next_, **prev_; /* runtime-private */
  void (*close)(ac_owned_handle_t *h);
};
void ac_handle_register(ac_owned_handle_t *h, void (*close)(ac_owned_handle_t *h));
/* Takes H off the list; no-op if it is not on it. */
void ac_handle_unregister(ac_owned_handle_t *h);

/* ====================================================================
 * The open door: awaitable operations declared in headers
 *
 * An operation that is no async function (the runtime's lock acquire and
 * queue get, a user's wrapper of a callback library) is declared with
 *
 *   AC_AWAITABLE(T, name, (params));      or   AC_AWAITABLE0(T, name);
 *
 * in any header the translator reads (this one, a user's .h or .ah).
 * `await name(args)` in an async function then becomes a call of
 *
 *   int name__await(ac_frame_t *frame, T *result, params);
 *
 * (RESULT is NULL when T is void), which either finishes at once (returns
 * 0, with the outcome in frame->err and, on success, the value in
 * *RESULT) or suspends the task (returns nonzero) and later stores the
 * value and wakes it through the runtime's wait protocol; cancellation
 * reaches it through the wait's own hook. The translator knows no
 * runtime name: this declaration is the whole door. An operation may also
 * be an ordinary async function, or return a promise (see Promises),
 * which needs no protocol at all. */
#define AC_AWAITABLE(T, name, params) \
  int name##__await(ac_frame_t *ac_frame, T *ac_result AC__MORE_PARAMS params)
#define AC_AWAITABLE0(T, name) int name##__await(ac_frame_t *ac_frame, T *ac_result)
#define AC__MORE_PARAMS(...) , __VA_ARGS__
/* An operation whose wait needs a record (a waiter in a list, a copy of
 * an argument) declares it with
 *
 *   AC_AWAITABLE_WITH(S, T, name, (params));
 *
 * and `await name(args)` then calls
 *
 *   int name__await(ac_frame_t *frame, T *result, S *state, params);
 *
 * where STATE points into the awaiting frame (S is a complete type the
 * header defines): it stays valid and untouched by anyone else from the
 * call until the operation has resumed the frame, so the wait costs no
 * allocation. Every await of a function shares that storage (one waits at
 * a time). A caller outside the translator may pass NULL for STATE: the
 * operation then allocates its record. */
#define AC_AWAITABLE_WITH(S, T, name, params) \
  int name##__await(ac_frame_t *ac_frame, T *ac_result, S *ac_state AC__MORE_PARAMS params)

/* ====================================================================
 * Synchronization and queues
 *
 * asyncio's Lock, Event, Condition, Semaphore, BoundedSemaphore, Barrier
 * and Queue/LifoQueue/PriorityQueue, with asyncio's (3.11) semantics:
 * waiters are served first-in first-out, a wake-up makes the waiter ready
 * at the back of the ready FIFO (asyncio's call_soon), and an operation
 * that need not wait completes without letting any other task run.
 *
 * Objects are caller-allocated and not movable while in use; the fields
 * behind a trailing underscore are private. A zeroed object is not
 * initialized: call the _init function. Destroying an object that tasks
 * still wait on is an error (AC_EBUSY, nothing done).
 *
 * The awaited forms, `await ac_X(args)`, are translated to
 * ac__await_X(frame, args) (protocol section below) and yield no value.
 * Every one of them fails with AC_ECANCELED when its task is cancelled
 * while waiting, and leaves the object as asyncio would: a cancelled lock
 * or semaphore waiter that had already been woken passes the wake-up on;
 * a cancelled queue getter or putter takes or adds no item and passes its
 * wake-up on. Loop thread only.
 * ==================================================================== */
typedef struct ac_frame_s ac_frame_t; /* see the protocol section */
struct ac__waiter_s; /* runtime-private: one waiting task */
typedef struct ac__wlist_s {
  struct ac__waiter_s *head, *tail;
} ac__wlist_t;

/* ---- Lock (asyncio.Lock): not owned by a task, not reentrant ---- */
typedef struct ac_lock_s {
  int locked_;
  ac__wlist_t waiters_;
} ac_lock_t;

void ac_lock_init(ac_lock_t *l);
/* 0, or AC_EBUSY while tasks wait on L. */
int ac_lock_destroy(ac_lock_t *l);
/* `await ac_lock_acquire(l)`: waits until L is free and takes it. Tasks
 * that wait get it in arrival order; a free lock with live waiters is not
 * taken by a newcomer. Errors: AC_ECANCELED (L not taken). */
int ac__await_lock_acquire(ac_frame_t *frame, ac_lock_t *l);
AC_AWAITABLE(void, ac_lock_acquire, (ac_lock_t *l));
#define ac_lock_acquire__await(F, R, A0) ac__await_lock_acquire((F), (A0))
/* Frees L and wakes its first waiter. 0, or AC_EINVAL if L is not locked
 * (asyncio's RuntimeError). */
int ac_lock_release(ac_lock_t *l);
/* 1 if L is locked. */
int ac_lock_locked(const ac_lock_t *l);

/* ---- Event (asyncio.Event) ---- */
typedef struct ac_event_s {
  int set_;
  ac__wlist_t waiters_;
} ac_event_t;

void ac_event_init(ac_event_t *e);
/* 0, or AC_EBUSY while tasks wait on E. */
int ac_event_destroy(ac_event_t *e);
/* `await ac_event_wait(e)`: returns at once if E is set, else waits until
 * it is (a clear() after the set does not stop a woken waiter). Errors:
 * AC_ECANCELED. */
int ac__await_event_wait(ac_frame_t *frame, ac_event_t *e);
AC_AWAITABLE(void, ac_event_wait, (ac_event_t *e));
#define ac_event_wait__await(F, R, A0) ac__await_event_wait((F), (A0))
/* Sets E and wakes every waiter, in the order they came. */
void ac_event_set(ac_event_t *e);
void ac_event_clear(ac_event_t *e);
int ac_event_is_set(const ac_event_t *e);

/* ---- Condition (asyncio.Condition) ---- */
typedef struct ac_cond_s {
  ac_lock_t *lock_; /* NULL: own_lock_ */
  ac_lock_t own_lock_;
  ac__wlist_t waiters_;
} ac_cond_t;

/* LOCK: the lock the condition uses (shared with other conditions or used
 * directly), or NULL for one of its own. */
void ac_cond_init(ac_cond_t *c, ac_lock_t *lock);
/* 0, or AC_EBUSY while tasks wait on C or its own lock. */
int ac_cond_destroy(ac_cond_t *c);
/* The lock C uses. */
ac_lock_t *ac_cond_lock(ac_cond_t *c);
/* `await ac_cond_acquire(c)`: `await ac_lock_acquire(ac_cond_lock(c))`. */
int ac__await_cond_acquire(ac_frame_t *frame, ac_cond_t *c);
AC_AWAITABLE(void, ac_cond_acquire, (ac_cond_t *c));
#define ac_cond_acquire__await(F, R, A0) ac__await_cond_acquire((F), (A0))
int ac_cond_release(ac_cond_t *c); /* ac_lock_release of its lock */
int ac_cond_locked(const ac_cond_t *c);
/* `await ac_cond_wait(c)`: releases C's lock (which the caller holds),
 * waits for a notify, and takes the lock again before returning, also
 * when cancelled (cancellations while re-taking it are held back until it
 * is taken). Errors: AC_EINVAL (lock not held; nothing done),
 * AC_ECANCELED (the lock is held again). */
int ac__await_cond_wait(ac_frame_t *frame, ac_cond_t *c);
AC_AWAITABLE(void, ac_cond_wait, (ac_cond_t *c));
#define ac_cond_wait__await(F, R, A0) ac__await_cond_wait((F), (A0))
/* `int v = await ac_cond_wait_for(c, pred, arg)` (asyncio's
 * Condition.wait_for): calls PRED(ARG) and, while it returns 0, waits as
 * ac_cond_wait does and calls it again; yields PRED's last (nonzero)
 * value. PRED runs on the loop thread with C's lock held (unless it is
 * true at the first call, which needs no lock, as in asyncio); ARG must
 * stay valid until the await completes. Errors: those of ac_cond_wait
 * (AC_EINVAL if the lock is not held when a wait is needed; AC_ECANCELED
 * with the lock held again). */
typedef int (*ac_cond_pred_fn)(void *arg);
AC_AWAITABLE(int, ac_cond_wait_for, (ac_cond_t *c, ac_cond_pred_fn pred, void *arg));
/* Wakes the first N waiters (all: ac_cond_notify_all). The caller holds
 * the lock: 0, or AC_EINVAL if it is not locked. */
int ac_cond_notify(ac_cond_t *c, size_t n);
int ac_cond_notify_all(ac_cond_t *c);

/* ---- Semaphore and BoundedSemaphore (asyncio's) ---- */
typedef struct ac_sem_s {
  long value_;
  long bound_; /* < 0: unbounded */
  ac__wlist_t waiters_;
} ac_sem_t;

/* Counter VALUE. 0, or AC_EINVAL if VALUE < 0. */
int ac_sem_init(ac_sem_t *s, long value);
/* A bounded semaphore: releasing it above VALUE fails. */
int ac_bounded_sem_init(ac_sem_t *s, long value);
/* 0, or AC_EBUSY while tasks wait on S. */
int ac_sem_destroy(ac_sem_t *s);
/* `await ac_sem_acquire(s)`: takes one unit, waiting (first come, first
 * served) while there is none or others wait. Errors: AC_ECANCELED (no
 * unit taken). */
int ac__await_sem_acquire(ac_frame_t *frame, ac_sem_t *s);
AC_AWAITABLE(void, ac_sem_acquire, (ac_sem_t *s));
#define ac_sem_acquire__await(F, R, A0) ac__await_sem_acquire((F), (A0))
/* Gives one unit back, waking the first waiter. 0, or AC_EINVAL for a
 * bounded semaphore already at its initial value. */
int ac_sem_release(ac_sem_t *s);
/* 1 if an acquire would wait now. */
int ac_sem_locked(const ac_sem_t *s);
long ac_sem_value(const ac_sem_t *s);

/* ---- Barrier (asyncio.Barrier) ---- */
typedef struct ac_barrier_s {
  ac_cond_t cond_;
  int parties_;
  int state_;
  int count_;
} ac_barrier_t;

/* PARTIES tasks meet. 0, or AC_EINVAL if PARTIES < 1. */
int ac_barrier_init(ac_barrier_t *b, int parties);
int ac_barrier_destroy(ac_barrier_t *b); /* 0 or AC_EBUSY */
/* `await ac_barrier_wait(b)`: waits until PARTIES tasks wait, then all go
 * on (a task arriving while the others leave waits for the next round).
 * Errors: AC_EBROKEN (the barrier was aborted or reset meanwhile),
 * AC_ECANCELED. */
int ac__await_barrier_wait(ac_frame_t *frame, ac_barrier_t *b);
AC_AWAITABLE(void, ac_barrier_wait, (ac_barrier_t *b));
#define ac_barrier_wait__await(F, R, A0) ac__await_barrier_wait((F), (A0))
/* Breaks B: current and future waiters fail with AC_EBROKEN. Unlike
 * asyncio's (async) abort it does not wait for the barrier's lock. */
void ac_barrier_abort(ac_barrier_t *b);
/* Back to the initial state; current waiters fail with AC_EBROKEN. */
void ac_barrier_reset(ac_barrier_t *b);
int ac_barrier_parties(const ac_barrier_t *b);
int ac_barrier_n_waiting(const ac_barrier_t *b);
int ac_barrier_broken(const ac_barrier_t *b);

/* ---- Queues (asyncio.Queue, LifoQueue, PriorityQueue) ----
 * Items are ITEM_SIZE bytes, copied in and out by value. */
enum { AC_QUEUE_FIFO = 0, AC_QUEUE_LIFO = 1, AC_QUEUE_PRIORITY = 2 };
/* Priority order: negative when A comes before B (qsort's convention).
 * Equal items leave in heapq's order, so programs match Python's. */
typedef int (*ac_queue_cmp_fn)(const void *a, const void *b);

typedef struct ac_queue_s {
  char *buf_;
  size_t item_size_, cap_, head_, len_, maxsize_;
  int kind_;
  ac_queue_cmp_fn cmp_;
  size_t unfinished_;
  ac_event_t finished_;
  ac__wlist_t getters_, putters_;
  int shutdown_;
  int fast_; /* queue.c's short path serves it */
} ac_queue_t;

/* MAXSIZE 0: unbounded. KIND: AC_QUEUE_*; CMP is required for
 * AC_QUEUE_PRIORITY and ignored otherwise. 0, or AC_EINVAL (ITEM_SIZE 0,
 * unknown KIND, no CMP). */
int ac_queue_init(ac_queue_t *q, size_t item_size, size_t maxsize, int kind,
                  ac_queue_cmp_fn cmp);
/* Frees the items' storage. 0, or AC_EBUSY while tasks wait on Q. */
int ac_queue_destroy(ac_queue_t *q);
/* What a waiting get or put keeps in the awaiting frame (the open door's
 * state, AC_AWAITABLE_WITH): its waiter, and the copy of an item of at
 * most 16 bytes (a bigger one is copied to the heap). Private. */
typedef union ac_queue_wait_u {
  long double ld_; /* the alignments of ac__max_align_t (below) */
  long long ll_;
  void *p_;
  void (*fp_)(void);
  unsigned char bytes_[96];
} ac_queue_wait_t;
/* `await ac_queue_put(q, &item)`: waits while Q is full, then adds a copy
 * of *ITEM (read when the call is made). Errors: AC_ECANCELED (nothing
 * added). */
int ac__await_queue_put(ac_frame_t *frame, ac_queue_wait_t *state, ac_queue_t *q,
                        const void *item);
AC_AWAITABLE_WITH(ac_queue_wait_t, void, ac_queue_put, (ac_queue_t *q, const void *item));
#define ac_queue_put__await(F, R, S, A0, A1) ac__await_queue_put((F), (S), (A0), (A1))
/* `await ac_queue_get(q, &out)`: waits while Q is empty, then moves the
 * next item to *OUT, which must stay valid until the await completes (a
 * local of the async function does). Errors: AC_ECANCELED (no item
 * taken, *OUT untouched). */
int ac__await_queue_get(ac_frame_t *frame, ac_queue_wait_t *state, ac_queue_t *q, void *out);
AC_AWAITABLE_WITH(ac_queue_wait_t, void, ac_queue_get, (ac_queue_t *q, void *out));
#define ac_queue_get__await(F, R, S, A0, A1) ac__await_queue_get((F), (S), (A0), (A1))
/* `await ac_queue_join(q)`: waits until every item ever put has been
 * marked done with ac_queue_task_done. Errors: AC_ECANCELED. */
int ac__await_queue_join(ac_frame_t *frame, ac_queue_t *q);
AC_AWAITABLE(void, ac_queue_join, (ac_queue_t *q));
#define ac_queue_join__await(F, R, A0) ac__await_queue_join((F), (A0))

/* ---- Task groups (asyncio.TaskGroup, Trio's nurseries) ----
 *
 *   ac_group_t g;
 *   ac_group_init(&g);
 *   try {
 *     ac_group_spawn(&g, fetch(1));
 *     ac_group_spawn(&g, fetch(2));
 *     ... the body: more awaits, more spawns ...
 *   } finally {
 *     await ac_group_join(&g);   // always: no child outlives the group
 *   }
 *
 * The group belongs to the task that initialised it (the body). The first
 * child to fail (with any code but AC_ECANCELED) cancels the other
 * children and, unless the body is already waiting in ac_group_join, the
 * body too, so that it unwinds to its join. ac_group_join waits for every
 * child; if the joiner is cancelled meanwhile it cancels the children and
 * still waits for them. It then throws the first failure, or AC_ECANCELED
 * if the group (ac_group_cancel) or the joiner was cancelled, or returns;
 * every other failure is reported on stderr (none is lost), and the
 * group's memory is released. Join exactly once, before the body returns:
 * the group lives in the body's frame and its children's watchers point at
 * it. ac_gather keeps its meaning (a group over a fixed set of tasks).
 * ac_group_spawn(&g, h) adopts the task of any handle H (usually an async
 * call written without await): 0, or AC_EINVAL after the join (the task is
 * cancelled: it must not outlive the group). A task spawned into a group
 * that is failing already is cancelled at once. */
typedef struct ac_group_s {
  ac_task_t *owner_;
  struct ac_group_child_s {
    ac_task_t *t;
    int err;
  } *children_;
  size_t n_, cap_, running_;
  int first_err_, joining_, closed_, cancelled_;
  ac_event_t idle_; /* set while no child runs */
} ac_group_t;
void ac_group_init(ac_group_t *g);
int ac__group_spawn(ac_group_t *g, ac_task_t *t);
#define ac_group_spawn(g, h) ac__group_spawn((g), (h).t)
/* Cancels every child; the join then throws AC_ECANCELED. */
void ac_group_cancel(ac_group_t *g);
AC_AWAITABLE(void, ac_group_join, (ac_group_t *g));

/* 0, AC_EAGAIN if Q is full (asyncio's QueueFull), or AC_EQUEUE_SHUTDOWN
 * once Q is shut down. */
int ac_queue_put_nowait(ac_queue_t *q, const void *item);
/* 0, AC_EAGAIN if Q is empty (QueueEmpty), or AC_EQUEUE_SHUTDOWN if Q is
 * empty and shut down; *OUT untouched on failure. */
int ac_queue_get_nowait(ac_queue_t *q, void *out);
/* asyncio 3.13's Queue.shutdown(immediate): from now on every put (await
 * ac_queue_put, ac_queue_put_nowait) fails with AC_EQUEUE_SHUTDOWN, and
 * so does every get once Q is empty; the items already in Q can still be
 * got. Tasks waiting in put, and in get if Q is empty, are woken and
 * fail with AC_EQUEUE_SHUTDOWN (a getter that finds an item takes it).
 * IMMEDIATE also drops every item in Q, counting each as done for
 * ac_queue_join (which then returns once nothing got earlier is still
 * unfinished), so every getter fails at once. A second call only adds
 * IMMEDIATE's effect. Loop thread only. */
void ac_queue_shutdown(ac_queue_t *q, int immediate);
/* One item got earlier is processed. 0, or AC_EINVAL if called more
 * times than items were put. */
int ac_queue_task_done(ac_queue_t *q);
size_t ac_queue_size(const ac_queue_t *q);
size_t ac_queue_maxsize(const ac_queue_t *q);
int ac_queue_empty(const ac_queue_t *q);
int ac_queue_full(const ac_queue_t *q);

/* ====================================================================
 * For generated code: the translator-to-runtime protocol
 *
 * An async function f becomes:
 *   - a frame struct: ac_frame_t first, then f's parameters, locals and
 *     temporaries;
 *   - a resume function `int f__resume(ac_frame_t *)`, a state machine that
 *     runs f from its current resume point until f suspends or finishes;
 *   - `ac_frame_t *f__call(T *res, params...)`: a new frame for `await f()`;
 *     at its return f stores its result in *res (res may be NULL);
 *   - `ac_task__T f__spawn(const char *file, int line, params...)`, the
 *     task-creating call: the translator writes each call f(args) in an
 *     .ac file that is not awaited as f__spawn(__FILE__, __LINE__, args),
 *     so the task knows its call site;
 *   - `ac_task__T f(params...)`: f__spawn without a site, for plain C
 *     callers.
 *
 * The resume function returns AC__SUSPENDED when it has suspended (state
 * holds the resume point) and AC__DONE when f has finished; then
 * frame->err is 0 on success or the code f failed with.
 *
 * An await is: set state = N; call an ac__await_* function with the
 * frame; if it returned nonzero, return AC__SUSPENDED; at resume point N,
 * frame->err holds the outcome (0 or a failure code). If ac__await_*
 * returned 0 the outcome is already in frame->err and nothing suspended.
 * ==================================================================== */
/* 3: describe hooks in ac__waitops_t, ac_bytes_t jobs, generator checks.
 * 4: AC_AWAITABLE_WITH (the queue's get and put take the frame's state). */
#define AC_PROTOCOL_VERSION 4

typedef struct ac_frame_s ac_frame_t;
typedef int (*ac__resume_fn)(ac_frame_t *frame);

/* Static facts about one async function, one const object per function. */
typedef struct ac__fninfo_s {
  const char *name;      /* the function's name in the .ac source */
  const char *file;      /* the .ac file that defines it */
  int line;              /* the line of its definition */
  ac__resume_fn resume;
  size_t frame_size;     /* sizeof its frame struct */
  size_t frame_align;    /* _Alignof its frame struct; 0: max_align_t's */
  const int *lines;      /* lines[state]: the .ac line of each resume
                            point (ac_dump_tasks); NULL: the caller's */
} ac__fninfo_t;

/* The head of every frame. The runtime owns frames: it frees a frame after
 * its resume function returned AC__DONE (a task's root frame, with the
 * task). 16 bytes: the line a frame waits on is info->lines[state]. */
struct ac_frame_s {
  const ac__fninfo_t *info;
  int state;           /* resume point; 0 = not started */
  int err;             /* outcome of the last await, or of the function */
};

/* Where a task's result goes. A task's root frame sits AC__TASK_HEAD bytes
 * into the task's block. A result of at most 16 bytes that needs no more
 * than 8-byte alignment lives in the task's first 16 bytes, which the
 * runtime uses only while the task waits (so a function writes its result
 * only when it is about to finish); a bigger one right after the frame,
 * aligned as AC__RESULT_ALIGN says (a type's alignment divides its size,
 * so the lowest set bit of the size is enough, capped). A frame made by
 * ac__frame_call (`await f()`, a generator) writes through the caller's
 * result pointer, kept by the runtime in front of the frame. */
enum { AC__TASK_HEAD = 64 };
/* max_align_t's alignment, without max_align_t: <stddef.h> declares it only
 * for C11 (tcc without -std=c11, gcc -std=gnu89 would not see it), and
 * generated code expands what follows. task.c checks that both agree. */
typedef union {
  long long ll;
  long double ld;
  void *p;
  void (*fp)(void);
} ac__max_align_t;
#define AC__RESULT_ALIGN(size)                                         \
  (((size) & (~(size) + 1)) == 0 ||                                   \
           ((size) & (~(size) + 1)) > _Alignof(ac__max_align_t)        \
       ? _Alignof(ac__max_align_t)                                     \
       : ((size) & (~(size) + 1)))
#define AC__RESULT_IN_HEAD(size) ((size) <= 16 && AC__RESULT_ALIGN(size) <= 8)
/* The result's offset from the root frame, when it is not in the head. */
#define AC__RESULT_OFF(frame_size, size) \
  (((frame_size) + AC__RESULT_ALIGN(size) - 1) / AC__RESULT_ALIGN(size) * AC__RESULT_ALIGN(size))
/* The result slot of SIZE bytes of task T (any state; valid while T is). */
static inline void *ac__task_result(ac_task_t *t, size_t size) {
  const ac_frame_t *root = (const ac_frame_t *)(const void *)((char *)t + AC__TASK_HEAD);
  return AC__RESULT_IN_HEAD(size)
             ? (void *)t
             : (void *)((char *)t + AC__TASK_HEAD + AC__RESULT_OFF(root->info->frame_size, size));
}
/* The result slot of SIZE bytes of FRAME, a frame of the running task. */
void *ac__result_at(ac_frame_t *frame, size_t size);
/* Zeroes it (a function that ends without `return value;`). */
void ac__result_zero(ac_frame_t *frame, size_t size);
/* The storage of a variable-length array that lives across an await
 * (docs/language.md): its frame holds the pointer, the end of its block
 * frees it on every way out. Out of memory aborts, as the runtime's other
 * allocations do (and as a stack overflow would). */
void *ac__vla_alloc(size_t size);
void ac__vla_free(void *p);
/* The runtime's loop state; its first member is the running task (the
 * runtime asserts it), which ac__result_here reads without a call. */
extern struct ac__loop_s ac__L;
/* ac__result_at inline, for generated code: every `return v;` stores
 * through it. A frame is its task's root exactly when it sits
 * AC__TASK_HEAD bytes into the running task; any other frame keeps its
 * caller's result pointer in the word just before it (ac__frame_call). */
static inline void *ac__result_here(ac_frame_t *frame, size_t size) {
  ac_task_t *t = *(ac_task_t *const *)(const void *)&ac__L;
  if (t != (void *)0 && (char *)t + AC__TASK_HEAD == (char *)frame) return ac__task_result(t, size);
  return ((void *const *)(const void *)frame)[-1];
}
/* The result slot of type T of the frame F of the running function. */
#define AC__RESULT(F, T) ((T *)ac__result_here(&(F)->ac_hdr, sizeof(T)))

/* A copy of a value of any type, for generated code: a struct with a
 * const member and an array cannot be assigned. This header includes no
 * <string.h>: a program may declare names that header reserves (old C
 * declares its own strlen). SRC is cast as DST is: the value copied may
 * be volatile (a parameter `volatile struct s v` or `int a[volatile 2]`),
 * which C would not pass as a plain `const void *`. */
void *ac__copy(void *dst, const void *src, size_t n);
#if defined(__GNUC__) || defined(__clang__)
#define AC__COPY(dst, src, n) __builtin_memcpy((void *)(dst), (const void *)(src), (n))
#else
#define AC__COPY(dst, src, n) ac__copy((void *)(dst), (const void *)(src), (n))
#endif
/* The result of task handle H, an lvalue of type T (a finished task). */
#define AC__TASK_RES(h) \
  (*(__typeof__((h).ac_type_))ac__task_result((h).t, sizeof *(h).ac_type_))

enum { AC__DONE = 0, AC__SUSPENDED = 1, AC__YIELDED = 2 };

/* A new zeroed frame of INFO->frame_size bytes with info set. Aborts with a
 * message on out-of-memory. */
ac_frame_t *ac__frame_new(const ac__fninfo_t *info);
/* The same, for `await f()`: RES is where f's result goes (see
 * AC__RESULT); NULL for a void function. */
ac_frame_t *ac__frame_call(const ac__fninfo_t *info, void *res);

/* Creates a task running a new frame of INFO, queued to run. RESULT_SIZE
 * bytes of result storage live with it (in the header when
 * AC__RESULT_IN_HEAD: write them only when the task is about to finish,
 * as ac__task_result says): *RESULT gets their address (RESULT may be
 * NULL: the task's handle finds them),
 * *FRAME the new frame (zeroed, info set), to be filled by the caller
 * before its own next suspension. FILE:LINE is where the task was created.
 * Aborts with a message on out-of-memory. */
/* ac__spawn's block: SIZE bytes (header, frame, result) aligned to 16 if
 * ALIGN16, zeroed. ac__spawn is inline so that, INFO and RESULT_SIZE
 * being constants where generated code calls it, the layout is folded at
 * compile time. */
ac_task_t *ac__spawn_block(const ac__fninfo_t *info, size_t size, int align16,
                           const char *file, int line);
static inline ac_task_t *ac__spawn(const ac__fninfo_t *info, size_t result_size,
                                   const char *file, int line, ac_frame_t **frame,
                                   void **result) {
  size_t res_off = AC__RESULT_IN_HEAD(result_size)
                       ? 0
                       : AC__TASK_HEAD + AC__RESULT_OFF(info->frame_size, result_size);
  size_t size = res_off != 0 ? res_off + result_size : AC__TASK_HEAD + info->frame_size;
  /* The block must be aligned like what it holds. */
  int align16 = (info->frame_align != 0 ? info->frame_align >= 16 : info->frame_size % 16 == 0) ||
                (res_off != 0 && AC__RESULT_ALIGN(result_size) == 16);
  ac_task_t *t = ac__spawn_block(info, size, align16, file, line);
  *frame = (ac_frame_t *)(void *)((char *)t + AC__TASK_HEAD);
  if (result != (void *)0) *result = (char *)t + res_off; /* res_off 0: the header */
  return t;
}

/* Await primitives. Each takes the awaiting frame, which must belong to the
 * running task. Each returns 0 when the outcome is known at once (stored in
 * frame->err, nothing suspended, no other task ran) and nonzero when the
 * task suspended: the resume function must return AC__SUSPENDED, and is
 * resumed at the same state with frame->err set. */

/* `await f(args)`: runs CHILD (from f__call) as part of the current task,
 * without scheduling. Always returns nonzero; the parent is resumed with
 * err = the child's outcome after the child's frame has been freed. */
int ac__await_call(ac_frame_t *frame, ac_frame_t *child);
/* `await h`: waits for task T. */
int ac__await_task(ac_frame_t *frame, ac_task_t *t);
/* `await ac_sleep(s)`. */
int ac__await_sleep(ac_frame_t *frame, double seconds);
/* `await ac_gather(...)` / `ac_gather_n(arr, n)`: N handles at BASE, STRIDE
 * bytes apart, each beginning with its ac_task_t pointer. The array is read
 * during the call only. */
int ac__await_gather(ac_frame_t *frame, const void *base, size_t n,
                     size_t stride);
/* `n = await ac_wait(arr, n, mode, timeout)`: ARR's N handles, STRIDE
 * bytes apart; *NDONE gets the number finished when the waiter resumes. */
int ac__await_wait(ac_frame_t *frame, const void *base, size_t n, size_t stride,
                   int mode, double timeout, size_t *ndone);
/* `i = await ac_as_completed_next(it)`. */
int ac__await_as_completed_next(ac_frame_t *frame, ac_as_completed_t *it, size_t *index);
/* These come through the open door (AC_AWAITABLE): the translator reads
 * the declarations, the macros map them onto the functions above. */
AC_AWAITABLE(void, ac_sleep, (double seconds));
#define ac_sleep__await(F, R, S) ac__await_sleep((F), (S))
AC_AWAITABLE(void, ac_gather_n, (const void *arr, size_t n));
#define ac_gather_n__await(F, R, ARR, N) \
  ac__await_gather((F), (ARR), (size_t)(N), sizeof (ARR)[0])
AC_AWAITABLE(size_t, ac_wait, (const void *arr, size_t n, int mode, double timeout));
#define ac_wait__await(F, R, ARR, N, MODE, TIMEOUT) \
  ac__await_wait((F), (ARR), (size_t)(N), sizeof (ARR)[0], (MODE), (TIMEOUT), (R))
AC_AWAITABLE(size_t, ac_as_completed_next, (ac_as_completed_t *it));
#define ac_as_completed_next__await(F, R, IT) ac__await_as_completed_next((F), (IT), (R))
/* `await ac_shield(h)`. */
int ac__await_shield(ac_frame_t *frame, ac_task_t *t);
/* `await ac_wait_for(h, s)`. */
int ac__await_wait_for(ac_frame_t *frame, ac_task_t *t, double seconds);

/* ---- The wait protocol: how a leaf awaitable parks a task ----
 * (docs/runtime.md tells the same with an example.)
 *
 * Every wait that is not an async function (sleep, gather, wait_for,
 * shield, jobs, locks, queues, and a user's own) is a wait kind: a static
 * ac__waitops_t of hooks. The core (task.c, loop.c) knows no kind by name;
 * it calls these hooks.
 *
 * Start. A leaf operation, declared with AC_AWAITABLE(T, name, (params))
 * (the open door above), is `int name__await(ac_frame_t *frame, T *result,
 * params)`, called on the loop's thread by the running task
 * (ac__current()). If the outcome is known at once, it stores the value
 * in *RESULT and the outcome in frame->err and returns 0: nothing
 * suspended. Otherwise it registers the task wherever the event
 * will come from (its own record, which it owns and frees), calls
 * ac__park(&ops, record) and returns 1; the caller's resume function
 * returns AC__SUSPENDED.
 *
 * Completion, result, failure. When the event comes (a libuv callback,
 * another task, a timer: always on the loop's thread), the operation
 * unregisters the task, writes its result where its caller asked (a
 * pointer it was given at start) and calls ac__wake(task, 0), or
 * ac__wake(task, code) with a negative AC_E* code for a failure. Exactly
 * once: after ac__wake the task is no longer parked and the operation must
 * forget it. From another thread, go through ac_bridge_* instead.
 *
 * Cancellation. ac_cancel on a parked task calls ops.cancel(task), once,
 * on the loop's thread, with the task still parked. The hook must undo
 * the registration, leave its object consistent (no item lost, no permit
 * leaked: what the operation took it gives back or keeps for the next
 * waiter), and then wake the task, normally with AC_ECANCELED, either at
 * once (ac__wake) or later, once the operation can stop (a job already
 * running on a worker) - but it must wake it exactly once. It must not
 * run the task, free it or cancel it again.
 *
 * The frame. The operation may read the frame it was given during the
 * start call, and may set frame->err only there (the return 0 path); the
 * outcome of a suspension travels only through ac__wake. It must not keep
 * the frame's address beyond the wake, nor free it: the runtime owns
 * frames. Result pointers given by the caller point into the caller's
 * frame and stay valid exactly while the task is parked.
 * ac__parked_on(task) gives back the record passed to ac__park.
 *
 * The task dump shows ops.name ("waiting for a reply") for a parked task.
 * ops.settle is for the runtime's own kinds that park a task in another
 * task's waiter list (ac_shield); leave it NULL. ops.kind_ is the
 * runtime's number for the kind, given on the first ac__park: keep the ops
 * object static and writable, and zero-initialise it. At most 250 kinds
 * per program. */
typedef struct ac__describe_s ac__describe_t;
typedef struct ac__waitops_s {
  const char *name;                     /* the task dump's words */
  void (*cancel)(ac_task_t *t);         /* required, see above */
  void (*settle)(ac_task_t *t, int err); /* runtime-internal; NULL */
  unsigned char kind_;                  /* runtime-private, start at 0 */
  /* Optional, for the task dump (ac_dump_tasks, ac_task_iter_new): tells
   * D more about parked task T's wait with ac__describe_printf ("1.5 s
   * left", "lock 0x..."), and names each task T waits for with
   * ac__describe_awaits. Reads, never changes anything. NULL: the name
   * alone. */
  void (*describe)(const ac_task_t *t, ac__describe_t *d);
} ac__waitops_t;
/* For describe hooks: appends printf-style text to the description. */
void ac__describe_printf(ac__describe_t *d, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* For describe hooks: the task being described waits for ON, HOW ("a
 * gather" ...: a string that outlives the dump). */
void ac__describe_awaits(ac__describe_t *d, const ac_task_t *on, const char *how);
/* The running task, or NULL outside a task. */
ac_task_t *ac__current(void);
/* Parks the running task on OPS; RECORD is the operation's own, given
 * back by ac__parked_on. */
void ac__park(ac__waitops_t *ops, void *record);
void *ac__parked_on(const ac_task_t *t);
/* Makes parked task T ready, resuming with frame->err = ERR (0, or a
 * negative AC_E* code). */
void ac__wake(ac_task_t *t, int err);

/* Async generators. A generator's resume function returns AC__YIELDED
 * after storing a value through its res pointer (AC__YIELD below). Its
 * consumer (`for await`) makes the frame with g__call, then:
 *   ac__await_next(frame, gen): runs GEN to its next yield or its end; the
 *     consumer resumes with err 0 and either a value or
 *     ac__gen_finished(gen) true, or with the generator's failure;
 *   ac__await_close(frame, gen): closes a generator left early: resumes it
 *     with AC_EGENCLOSED at its yield, so its finally/defer blocks run;
 *     the consumer resumes with err 0, or the failure of that cleanup;
 *   ac__gen_free(gen) once done with it (finished or closed);
 *   ac__gen_mark(gen): called by a generator's own g__call. A `for await`
 *     over a frame that is not marked (a prototype-only callee that is no
 *     generator) fails with AC_EINVAL at its first next; a generator that
 *     yields to a plain `await` or as a task fails that await/task with
 *     AC_EINVAL (its finally blocks do not run); debug mode says so on
 *     stderr. */
void ac__gen_mark(ac_frame_t *gen);
int ac__await_next(ac_frame_t *frame, ac_frame_t *gen);
int ac__await_close(ac_frame_t *frame, ac_frame_t *gen);
int ac__gen_finished(const ac_frame_t *gen);
void ac__gen_free(ac_frame_t *gen);

#define AC__YIELD(F, N, ON_ERR)                        \
  do {                                                 \
    (F)->state = (N);                                  \
    return AC__YIELDED;                                \
  ac_resume_##N:                                       \
    if ((F)->err != 0) goto ON_ERR;                    \
  } while (0)

/* A resume function reached a state it does not have: reports and fails. */
int ac__bad_state(ac_frame_t *frame);

/* `throw CODE;`: a failure is negative; anything else becomes AC_EINVAL. */
static inline int ac__throwable(int code) { return code < 0 ? code : AC_EINVAL; }
/* `throw CODE` at .ac line LINE of FRAME's function: notes where (and the
 * frames above, for the report of a failure nobody catches) and returns
 * ac__throwable(CODE). Runs only when something is thrown. */
int ac__throw(ac_frame_t *frame, int code, int line);

#if defined(__GNUC__) || defined(__clang__)
#define AC__MAYBE_UNUSED __attribute__((unused))
#else
#define AC__MAYBE_UNUSED
#endif

/* Offload (in_thread / in_process). The translator turns
 *   await in_thread([pool,] EXPR)
 * into a job struct of its own, `struct { ac_job_t hdr; captures...;
 * result; }`, a run function that evaluates EXPR from the captures into
 * result, and:
 *   job = ac__job_new(sizeof(struct ...), run);  fill the captures;
 *   AC__AWAIT(F, N, ac__await_job(F, pool, job, kind), ON_ERR);
 *   value = job->result;  ac__job_done(job);
 * POOL is NULL for the default pool of KIND. The runtime owns the job from
 * ac__await_job on: on success (err 0) the awaiter reads the result and
 * calls ac__job_done; on any failure (cancellation, a dead worker) the
 * runtime frees the job itself, when its worker is done with it, and the
 * awaiter must not touch it. For AC__JOB_PROCESS the job's bytes are
 * copied to a worker process, RUN runs there on the copy, and the bytes
 * come back (RUN is a plain function of the same program: workers are
 * forked from a clean image of it, so its address is the same there). */
typedef struct ac_job_s ac_job_t;
typedef void (*ac__job_fn)(ac_job_t *job);
/* Where a job holds ac_bytes_t values (offsets in the job struct, each
 * AC__NOT_BYTES for a member of another type): its result, and NCAPS
 * captures. A process pool copies the bytes they point to with the job
 * (see "Bytes" in docs/executors.md); a thread pool only frees a bytes
 * result nobody will read. The translator emits one per offload site,
 * its entries chosen by AC__BYTES_AT, as static data (the same address in
 * a worker). */
typedef struct ac__job_bytes_s {
  size_t result;
  size_t ncaps;
  const size_t *caps;
} ac__job_bytes_t;
#define AC__NOT_BYTES ((size_t)-1)
/* MEMBER's offset in struct type TYPE if it is an ac_bytes_t, else
 * AC__NOT_BYTES: a constant, chosen by C11 _Generic. */
#define AC__BYTES_AT(TYPE, MEMBER)                                            \
  _Generic(((TYPE *)0)->MEMBER,                                               \
           ac_bytes_t: __builtin_offsetof(TYPE, MEMBER),                       \
           const ac_bytes_t: __builtin_offsetof(TYPE, MEMBER),                 \
           default: AC__NOT_BYTES)
struct ac_job_s {
  ac__job_fn run;
  const ac__job_bytes_t *bytes; /* NULL: the job holds no ac_bytes_t */
  void *priv_[6]; /* runtime-private */
};
enum { AC__JOB_THREAD = 0, AC__JOB_PROCESS = 1 };
typedef struct ac_pool_s ac_pool_t;
ac_job_t *ac__job_new(size_t size, ac__job_fn run);
/* ac__job_new for a job whose ac_bytes_t members BYTES names. */
ac_job_t *ac__job_new_bytes(size_t size, ac__job_fn run, const ac__job_bytes_t *bytes);
int ac__await_job(ac_frame_t *frame, ac_pool_t *pool, ac_job_t *job, int kind);
void ac__job_done(ac_job_t *job);
/* Called (from a constructor the translator emits in files that use
 * in_process) before main, while the program has one thread: starts the
 * fork server the process pools take their workers from. */
void ac__process_prefork(void);

/* in_thread(EXPR) / in_process(EXPR) without await: a task(T) that runs
 * the job. The translator emits per site a frame type
 *   struct J_task { ac__job_task_t base; struct J job; };
 * and a fninfo whose resume is ac__job_task_resume, builds the job (its
 * captures, run set) in a temporary PROTO, and calls ac__spawn_job, which
 * copies PROTO's JOB_SIZE bytes into the new task's frame at JOB_OFF; the
 * job is submitted when the task first runs (so a task cancelled before it
 * starts submits nothing), and on success RESULT_SIZE bytes at RESULT_OFF
 * in the job become the task's result. *RESULT gets the result slot. */
typedef struct ac__job_task_s {
  ac_frame_t hdr;
  ac_pool_t *pool;
  ac_job_t *job;
  void *result;
  size_t job_off, job_size, result_off, result_size;
  int kind;
  int bytes_err;   /* a process job's bytes captures could not be copied */
  char *bytes;     /* their copy, taken by ac__spawn_job (bytes.c) */
  size_t nbytes;
} ac__job_task_t;
int ac__job_task_resume(ac_frame_t *frame);
ac_task_t *ac__spawn_job(const ac__fninfo_t *info, const ac_job_t *proto, size_t job_off,
                         size_t job_size, ac_pool_t *pool, int kind, size_t result_off,
                         size_t result_size, const char *file, int line, void **result);

/* EXPR's value, or an ac_void_t when EXPR is a void expression: for
 * in_thread(EXPR) as a task whose type the translator cannot know. EXPR is
 * evaluated once (the branch not chosen is not evaluated). gcc, clang and
 * tcc have both builtins. */
#define AC__VALUE_OR_VOID(e)                                                \
  __builtin_choose_expr(__builtin_types_compatible_p(__typeof__(e), void), \
                        ((e), (ac_void_t){0}), (e))

/* The await: N is the resume point, CALL one ac__await_* call, ON_ERR the
 * label to go to when the outcome is a failure. */
#define AC__AWAIT(F, N, CALL, ON_ERR)                  \
  do {                                                 \
    (F)->state = (N);                                  \
    if ((CALL) != 0) return AC__SUSPENDED;             \
  ac_resume_##N:                                       \
    if ((F)->err != 0) goto ON_ERR;                    \
  } while (0)


/* ====================================================================
 * TCP streams (asyncio's open_connection / start_server / StreamReader /
 * StreamWriter, C-shaped). docs/io.md has the whole story.
 *
 * A stream is one TCP connection with a read buffer. Operations that wait
 * are awaitables (the open door); each fails with a negative code (libuv's
 * -errno: AC_ECONNREFUSED, AC_ECONNRESET, AC_EPIPE...) and with
 * AC_ECANCELED when its task is cancelled, which leaves the stream usable
 * (no byte is lost: what arrived stays buffered). One task reads and one
 * task writes a stream at a time (AC_EBUSY otherwise). Loop thread only.
 * A stream or server still open when ac_run ends is closed and freed
 * then (ac_handle_register).
 * ==================================================================== */
typedef struct ac_stream_s ac_stream_t;
typedef struct ac_server_s ac_server_t;

/* The write buffer's marks (asyncio's): a write returns once the bytes
 * not yet handed to the kernel are at most AC_STREAM_HIGH_WATER, and when
 * it must wait, it waits until they are at most AC_STREAM_LOW_WATER. */
enum { AC_STREAM_HIGH_WATER = 64 * 1024, AC_STREAM_LOW_WATER = 16 * 1024 };

/* `s = await ac_tcp_connect(host, port)`: resolves HOST (a name or a
 * numeric IPv4/IPv6 address) and tries each address in turn until one
 * connects; fails with the last address's error. TCP_NODELAY is on.
 * Cancelled, it leaves no socket open. */
AC_AWAITABLE(ac_stream_t *, ac_tcp_connect, (const char *host, int port));
/* ac_tcp_connect with a local address (asyncio's local_addr): each socket
 * is bound to LOCAL_HOST:LOCAL_PORT before it connects. LOCAL_HOST is a
 * numeric IPv4 or IPv6 address, or NULL for any address of the remote
 * address's family; LOCAL_PORT 0 picks a free port. Remote addresses of
 * another family than a numeric LOCAL_HOST are skipped (the error is
 * then -EAFNOSUPPORT if none is left). AC_EINVAL for a LOCAL_HOST that is
 * not numeric. */
AC_AWAITABLE(ac_stream_t *, ac_tcp_connect_from,
             (const char *host, int port, const char *local_host, int local_port));
/* TCP options, 0 or a negative code (AC_ENOTSUP on a Unix socket).
 * TCP_NODELAY is on from the start; keep-alive is off until asked for:
 * ON with DELAY, the seconds of silence before the first probe (> 0). */
int ac_stream_set_nodelay(ac_stream_t *s, int on);
int ac_stream_set_keepalive(ac_stream_t *s, int on, unsigned delay);
/* S's socket descriptor, for options asyncc does not wrap (asyncio's
 * get_extra_info("socket")), or a negative code. Still S's: do not close
 * it, nor read or write it behind S's back. */
int ac_stream_fd(const ac_stream_t *s);

/* `n = await ac_stream_read(s, buf, len)`: at least 1 and at most LEN
 * bytes, waiting for some; 0 at the end of the stream. */
AC_AWAITABLE(size_t, ac_stream_read, (ac_stream_t *s, void *buf, size_t len));
/* `await ac_stream_read_exactly(s, buf, n)`: exactly N bytes. AC_EOF if
 * the stream ends first: nothing is taken, ac_stream_buffered(s) says how
 * many bytes arrived and ac_stream_read takes them. Yields N. */
AC_AWAITABLE(size_t, ac_stream_read_exactly, (ac_stream_t *s, void *buf, size_t n));
/* `n = await ac_stream_read_until(s, buf, cap, delim)`: the bytes up to
 * and including the first DELIM, NUL-terminated in BUF (so the line is at
 * most CAP - 1 bytes); yields its length. AC_ELIMIT when no DELIM comes
 * within CAP - 1 bytes, AC_EOF when the stream ends before one: in both
 * cases nothing is taken (ac_stream_read gets the bytes). */
AC_AWAITABLE(size_t, ac_stream_read_until,
             (ac_stream_t *s, char *buf, size_t cap, int delim));
/* `n = await ac_stream_read_line(s, buf, cap)`: read_until '\n', except
 * that at the end of the stream it yields the last, unterminated line
 * (asyncio's readline), and 0 when nothing is left. */
AC_AWAITABLE(size_t, ac_stream_read_line, (ac_stream_t *s, char *buf, size_t cap));
/* `await ac_stream_write(s, buf, len)`: queues a copy of the LEN bytes,
 * then waits while more than the high-water mark is queued (a slow reader
 * makes the writer wait). A failure of an earlier write is reported by the
 * next write. */
AC_AWAITABLE(void, ac_stream_write, (ac_stream_t *s, const void *buf, size_t len));
/* `await ac_stream_drain(s)`: waits until every queued byte is written. */
AC_AWAITABLE(void, ac_stream_drain, (ac_stream_t *s));
/* Shuts the write side down once the queued bytes are written (the peer
 * reads end of stream). 0 or a negative code. */
int ac_stream_shutdown(ac_stream_t *s);
/* Closes S and frees it (queued writes are dropped; drain first to send
 * them). S must not be used afterwards, nor be waited on by any task. */
void ac_stream_close(ac_stream_t *s);
/* Bytes received and not yet read. */
size_t ac_stream_buffered(const ac_stream_t *s);
/* Bytes written and not yet handed to the kernel (asyncio's
 * get_write_buffer_size). */
size_t ac_stream_write_queued(const ac_stream_t *s);
/* The peer's / own address in BUF: "host:port" ("[::1]:80" for IPv6);
 * for a Unix socket its path, "@name" for an abstract name, "" for an
 * unnamed socket (a client's own end). 0 or a negative code. */
int ac_stream_peer_name(const ac_stream_t *s, char *buf, size_t cap);
int ac_stream_sock_name(const ac_stream_t *s, char *buf, size_t cap);

/* The per-connection handler of a server: makes the task that serves S
 * (typically `return handle(s, arg);` with an async function handle). The
 * server owns the task and the stream: it closes S when the task ends
 * (unless the handler closed it), and reports a failure on stderr. */
typedef ac_task__void (*ac_tcp_handler_t)(ac_stream_t *s, void *arg);

/* Listens on HOST (NULL: every IPv4 address) and PORT (0: any free port)
 * and serves each client with HANDLER. *SRV gets the server. 0 or a
 * negative code (AC_EADDRINUSE...). Synchronous (HOST is resolved at
 * once). */
int ac_tcp_listen(ac_server_t **srv, const char *host, int port,
                  ac_tcp_handler_t handler, void *arg);
/* The bound port (0 for a Unix server). */
int ac_server_port(const ac_server_t *srv);
/* Stops accepting; the handlers go on. Idempotent. */
void ac_server_close(ac_server_t *srv);
/* `await ac_server_shutdown(srv)`: closes SRV, cancels every handler,
 * waits until each has finished and its stream is closed, then frees SRV.
 * A cancelled shutdown still waits for the handlers, then fails with
 * AC_ECANCELED. */
AC_AWAITABLE(void, ac_server_shutdown, (ac_server_t *srv));

/* ---- Unix domain sockets: the same streams and servers ----
 * NAME is a file system path, or "@name" for a Linux abstract name (the
 * '@' stands for the leading NUL byte: no file, gone with its last
 * socket). At most 107 bytes (-ENAMETOOLONG past it). */

/* `s = await ac_unix_connect(name)`: a stream connected to the server at
 * NAME. Fails at once with AC_ENOENT or AC_ECONNREFUSED (nobody listens);
 * while the server's backlog is full, waits for room (retrying on a
 * timer, up to 64 ms apart), as a blocking connect would. */
AC_AWAITABLE(ac_stream_t *, ac_unix_connect, (const char *name));
/* Listens on NAME and serves each client with HANDLER, as ac_tcp_listen.
 * A socket file already at NAME is replaced (asyncio's choice: it is
 * taken for a stale one); any other file makes it fail with
 * AC_EADDRINUSE. The file is unlinked when the server closes
 * (ac_server_close, ac_server_shutdown, or the end of ac_run), if it is
 * still the socket this server bound. */
int ac_unix_listen(ac_server_t **srv, const char *name, ac_tcp_handler_t handler, void *arg);

/* ====================================================================
 * DNS (asyncio's loop.getaddrinfo / getnameinfo). Both run on libuv's
 * thread pool. struct addrinfo and struct sockaddr are the system's
 * (<netdb.h>, <sys/socket.h>: include them, with _POSIX_C_SOURCE under
 * -std=c11, to build hints or read the answer). Failures: libuv's
 * AC_EAI_* codes (AC_EAI_NONAME: no such name), AC_ECANCELED. A
 * cancelled lookup wakes its task at once and leaves nothing behind: it
 * is stopped if it has not started, and its answer is freed when it
 * comes if it has. Loop thread only.
 * ==================================================================== */
struct addrinfo;
struct sockaddr;

/* `struct addrinfo *ai = await ac_getaddrinfo(host, service, hints)`:
 * the system's getaddrinfo (HOST or SERVICE may be NULL, HINTS too). The
 * list is the caller's: free it with ac_freeaddrinfo. */
AC_AWAITABLE(struct addrinfo *, ac_getaddrinfo,
             (const char *host, const char *service, const struct addrinfo *hints));
/* Frees a list from ac_getaddrinfo (NULL is fine). */
void ac_freeaddrinfo(struct addrinfo *ai);

/* The answer of ac_getnameinfo, by value: nothing to free. The sizes are
 * NI_MAXHOST and NI_MAXSERV. */
typedef struct ac_nameinfo_s {
  char host[1025];
  char service[32];
} ac_nameinfo_t;
/* `ac_nameinfo_t ni = await ac_getnameinfo(addr, flags)`: the system's
 * getnameinfo of the IPv4 or IPv6 address ADDR (read during the call
 * only), FLAGS its NI_* flags. */
AC_AWAITABLE(ac_nameinfo_t, ac_getnameinfo, (const struct sockaddr *addr, int flags));

/* ====================================================================
 * Files (libuv's fs requests on its thread pool; docs/io.md)
 *
 * Descriptors, flags (O_RDONLY, O_CREAT...) and modes are the system's
 * (<fcntl.h>); every descriptor is opened close-on-exec. Failures are
 * -errno (AC_ENOENT, AC_EACCES, AC_EEXIST, AC_EISDIR, AC_ENOTDIR,
 * AC_ENOTEMPTY...) and AC_ECANCELED. A cancelled operation that reads
 * into or writes from the caller's buffer keeps its task waiting until
 * libuv is done with the buffer (at most the one system call already
 * running: one not yet started is stopped); an open that completes after
 * its cancellation has its descriptor closed, and a cancelled close still
 * closes (then fails with AC_ECANCELED). An operation the kernel
 * completed before the cancellation reached it (a rename, a write) stays
 * done. Loop thread only.
 * ==================================================================== */

/* `int fd = await ac_fs_open(path, flags, mode)`. */
AC_AWAITABLE(int, ac_fs_open, (const char *path, int flags, int mode));
AC_AWAITABLE(void, ac_fs_close, (int fd));
/* `n = await ac_fs_read(fd, buf, len, offset)`: up to LEN bytes at OFFSET,
 * or at the file position (which moves) for OFFSET < 0; 0 at the end. */
AC_AWAITABLE(size_t, ac_fs_read, (int fd, void *buf, size_t len, long long offset));
/* `await ac_fs_write(fd, buf, len, offset)`: all LEN bytes at OFFSET, or
 * at the file position for OFFSET < 0; yields LEN. */
AC_AWAITABLE(size_t, ac_fs_write, (int fd, const void *buf, size_t len, long long offset));

/* What ac_fs_stat tells (times in seconds since the epoch). */
typedef struct ac_stat_s {
  unsigned long long size, ino, dev, nlink;
  unsigned mode; /* st_mode: type and permission bits */
  int is_file, is_dir;
  double atime, mtime, ctime;
} ac_stat_t;
AC_AWAITABLE(ac_stat_t, ac_fs_stat, (const char *path));
AC_AWAITABLE(ac_stat_t, ac_fs_fstat, (int fd));
AC_AWAITABLE(void, ac_fs_fsync, (int fd));
AC_AWAITABLE(void, ac_fs_rename, (const char *from, const char *to));
AC_AWAITABLE(void, ac_fs_unlink, (const char *path));
AC_AWAITABLE(void, ac_fs_mkdir, (const char *path, int mode));
AC_AWAITABLE(void, ac_fs_rmdir, (const char *path));

/* A directory's entries (not "." nor ".."), sorted by name. */
enum {
  AC_DIRENT_UNKNOWN, AC_DIRENT_FILE, AC_DIRENT_DIR, AC_DIRENT_LINK,
  AC_DIRENT_FIFO, AC_DIRENT_SOCKET, AC_DIRENT_CHAR, AC_DIRENT_BLOCK
};
typedef struct ac_dirent_s {
  const char *name;
  int type; /* AC_DIRENT_* */
} ac_dirent_t;
typedef struct ac_dir_s {
  size_t n;
  ac_dirent_t *entries;
} ac_dir_t;
/* `ac_dir_t *d = await ac_fs_scandir(path)`: free it (entries and names
 * with it) with ac_fs_scandir_free. */
AC_AWAITABLE(ac_dir_t *, ac_fs_scandir, (const char *path));
void ac_fs_scandir_free(ac_dir_t *d);

/* `n = await ac_read_file(path, &data, limit)`: the whole file, in a
 * buffer of N + 1 bytes (a NUL after the last) that the caller frees with
 * free(). AC_EFBIG when the file holds more than LIMIT bytes (nothing is
 * returned). A cancelled read wakes at once; its buffer is freed when the
 * thread pool is done. */
AC_AWAITABLE(size_t, ac_read_file, (const char *path, char **data, size_t limit));
/* `await ac_write_file(path, data, len)`: creates or truncates PATH (mode
 * 0666 less the umask) and writes the LEN bytes. */
AC_AWAITABLE(void, ac_write_file, (const char *path, const void *data, size_t len));

/* ====================================================================
 * Subprocesses (asyncio's create_subprocess_exec and Process, C-shaped).
 * docs/io.md, "Subprocesses".
 *
 * ac_process_spawn starts a program; its stdin, stdout and stderr are each
 * inherited (the zeroed default), /dev/null, or a pipe that is an
 * ac_stream_t (read, write and close it like a TCP stream; closing stdin
 * gives the child end of file). The process object is the caller's until
 * ac_process_close; it owns its pipe streams (closed by ac_process_close
 * unless the program closed them first).
 *
 * No zombies: a child is always reaped. A task cancelled while it waits
 * for a child (ac_process_wait, ac_process_communicate) kills it first
 * (SIGTERM, then SIGKILL after the kill_grace seconds; at once SIGKILL
 * when kill_grace is 0) and fails with AC_ECANCELED only once the child
 * has been reaped. ac_process_close on a running child kills it with
 * SIGKILL and reaps it in the background; the children left when ac_run
 * ends are killed with SIGKILL, reaped and freed before it returns.
 * Loop thread only, inside ac_run.
 * ==================================================================== */
typedef struct ac_process_s ac_process_t;

enum {
  AC_STDIO_INHERIT = 0, /* the parent's descriptor (the default) */
  AC_STDIO_DEVNULL = 1, /* /dev/null */
  AC_STDIO_PIPE = 2,    /* a pipe, an ac_stream_t in the parent */
  AC_STDIO_STDOUT = 3   /* stderr_mode only: wherever stdout goes (asyncio's
                           subprocess.STDOUT): into the stdout pipe, the
                           parent's stdout, or /dev/null */
};

typedef struct ac_process_options_s {
  const char *file;       /* the program, searched in PATH; NULL: argv[0] */
  char *const *argv;      /* NULL-terminated; argv[0] is the program's name */
  char *const *env;       /* NULL-terminated "NAME=value"; NULL: inherit */
  const char *cwd;        /* working directory; NULL: the parent's */
  int stdin_mode, stdout_mode, stderr_mode; /* AC_STDIO_* */
  double kill_grace;      /* see above; 0: SIGKILL at once */
  size_t output_limit;    /* communicate: most bytes kept per stream;
                             0: AC_PROCESS_OUTPUT_LIMIT */
  const int *pass_fds;    /* NPASS_FDS descriptors (>= 3) the child gets
                             under the same numbers, close-on-exec or not
                             (asyncio's pass_fds); any other descriptor
                             follows its close-on-exec flag (the runtime's
                             own have it; Python sets it on every new one,
                             C does where O_CLOEXEC is asked) */
  int npass_fds;
} ac_process_options_t;

enum { AC_PROCESS_OUTPUT_LIMIT = 64 * 1024 * 1024 };

/* Starts the program OPTS describes; *P gets the process. 0 or a
 * negative code (AC_ENOENT: no such program, AC_EACCES...), with nothing
 * left open. The strings are copied. */
int ac_process_spawn(ac_process_t **p, const ac_process_options_t *opts);
/* `rc = await ac_process_wait(p)`: waits until the child exits and yields
 * asyncio's returncode: the exit status (0..255), or -N when signal N
 * ended it. Several tasks may wait; once it has exited, at once. */
AC_AWAITABLE(int, ac_process_wait, (ac_process_t *p));
/* `rc = await ac_process_communicate(p, input, len, &out, &err)`: writes
 * LEN bytes of INPUT to the stdin pipe (if there is one; INPUT may be
 * NULL) and closes it, reads stdout and stderr to their end, all three at
 * once (no deadlock whatever the child writes first), then waits for the
 * exit; yields the returncode. OUT / ERR (may be NULL: the bytes are
 * read and dropped) get the bytes of the stdout / stderr pipe, each
 * followed by a NUL not counted in len; free them with ac_bytes_free
 * (also when the stream was no pipe: then they are empty). A child that
 * closes stdin early is no error (as in asyncio). More than the options'
 * output_limit bytes on one stream: the child is killed and reaped, and
 * the await fails with AC_ENOBUFS (OUT and ERR are left empty). */
typedef struct ac_bytes_s {
  char *data; /* malloc'd, NUL-terminated; NULL when empty */
  size_t len;
} ac_bytes_t;
AC_AWAITABLE(int, ac_process_communicate,
             (ac_process_t *p, const void *input, size_t len, ac_bytes_t *out,
              ac_bytes_t *err));
/* Frees B's bytes and empties it. */
void ac_bytes_free(ac_bytes_t *b);
/* A fresh ac_bytes_t holding a copy of the N bytes at P, NUL-terminated
 * (data NULL when N is 0); free it with ac_bytes_free. The way to build
 * the result of an in_process job (docs/executors.md, "Bytes"). Aborts
 * when memory runs out, as the runtime's own allocations do. */
ac_bytes_t ac_bytes_copy(const void *p, size_t n);
/* The most bytes one in_process job may carry each way: its ac_bytes_t
 * captures together (with a NUL each), and its ac_bytes_t result. More
 * fails the job with AC_ENOBUFS. Thread pools have no limit. */
enum { AC_JOB_BYTES_LIMIT = 1024 * 1024 * 1024 };
/* Sends signal SIG to the child (asyncio's send_signal; SIGTERM is
 * terminate, SIGKILL kill). 0, AC_ESRCH once it has been reaped, or a
 * negative code. */
int ac_process_kill(ac_process_t *p, int sig);
/* The child's process id. */
int ac_process_pid(const ac_process_t *p);
/* 1 once the child has exited and been reaped (then ac_process_returncode
 * is its returncode, as ac_process_wait yields it). */
int ac_process_exited(const ac_process_t *p);
int ac_process_returncode(const ac_process_t *p);
/* The pipe streams, or NULL (no pipe, or the program closed it). */
ac_stream_t *ac_process_stdin(ac_process_t *p);
ac_stream_t *ac_process_stdout(ac_process_t *p);
ac_stream_t *ac_process_stderr(ac_process_t *p);
/* Closes the pipe streams still open and frees P; a child still running
 * is killed with SIGKILL and reaped in the background. No task may be
 * waiting on P or its streams. */
void ac_process_close(ac_process_t *p);

/* ====================================================================
 * Signals (asyncio's loop.add_signal_handler, as awaits)
 * ==================================================================== */
/* `n = await ac_signal_wait(SIGINT)`: waits until the process receives
 * signal SIG and yields SIG. While a task waits, SIG does not have its
 * default effect (it does not kill the program); once no task waits, it
 * has again. Cancelled, nothing is left behind. AC_EINVAL for a signal
 * that cannot be caught (SIGKILL, SIGSTOP). */
AC_AWAITABLE(int, ac_signal_wait, (int sig));
/* Turns signal SIG (typically SIGINT, Ctrl-C) into the cancellation of
 * the task ac_run runs, as asyncio.run does with Ctrl-C: its finally and
 * defer blocks run and ac_run returns 1. A second SIG while that task is
 * still running its cleanup kills the program the default way (CPython's
 * second Ctrl-C). Lasts until ac_run returns. Call it inside ac_run, on
 * the loop thread; 0 or a negative code. */
int ac_cancel_on_signal(int sig);

#ifdef __cplusplus
}
#endif
#endif /* ASYNCC_H */
