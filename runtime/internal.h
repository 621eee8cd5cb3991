/* internal.h - what the runtime's .c files share (ac__ names).
 *
 * The runtime, file by file:
 *   mem.c     the one allocator (ac__malloc ...), aborting on out-of-memory
 *   loop.c    the loop state ac__L, the ready FIFO, the scheduler, ac__run
 *   uv_loop.c ac_uv_loop(), the libuv loop for libraries
 *   task.c    spawn, frames, the driver that runs a task's frames,
 *             completion, ownership and freeing, cancellation, await_task,
 *             the wait-kind registry, the walk over the task tree (ac__walk)
 *   time.c    ac_now, timers (the heap, the lanes), sleep, wait_for
 *             (heap.h: the timer min-heap; list.h: intrusive lists)
 *   gather.c  gather / gather_n, wait, as_completed
 *   shield.c  ac_shield
 *   cancel.c  cancellation requests: counts, reasons, uncancel
 *   timeout.c timeout scopes (ac_timeout), on time.c's timer events
 *   group.c   task groups (asyncio.TaskGroup)
 *   promise.c tasks that someone else completes (create_future)
 *   generator.c  async generators, driven by their consumer's for await
 *   wait.c    waiter lists and runtime frames shared by sync.c and queue.c
 *             (wait.h)
 *   sync.c    Lock, Event, Condition, Semaphore, Barrier
 *   queue.c   Queue, LifoQueue, PriorityQueue
 *   pool.c    executors: jobs, pools and their queues, ac__await_job
 *             (pool_thread.c, pool_process.c: the workers; pool.h)
 *   addr_ref.c  addresses of code and data another run of the program
 *             can resolve (jobs sent to process-pool workers)
 *   offload.c in_thread / in_process as tasks
 *   bytes.c   ac_bytes_copy, and the ac_bytes_t members of jobs
 *   future.c  the pools' synchronous side (futures)
 *   bridge.c  calls from other threads into the running loop
 *   answer.c  awaiting a libuv request whose answer is a resource
 *             (answer.h), for dns.c and fs.c
 *   dns.c     getaddrinfo / getnameinfo as awaitables
 *   fs.c      files as awaitables (uv_fs_*, ac_read_file, ac_write_file)
 *   stream.c  TCP streams and servers
 *   process.c subprocesses
 *   signal.c  signals as awaits, Ctrl-C as cancellation
 *   names.c   task names, and the label reports print for a task
 *   side.c    per-task side records (names, cancellation requests)
 *   handles.c libuv handles modules own, closed when ac_run ends
 *   debug.c   ac_dump_tasks, ac__bad_state, debug mode's reports
 *   error.c   names for failure codes
 *   slab.c    the task allocator (size classes, free lists)
 *   site.c    creation sites (file:line) interned as 32-bit numbers
 *
 * A task is one allocation from slab.c: the 64-byte ac_task_t header,
 * then its root frame (aligned as its size allows: see task.c), then its
 * result slot unless the result fits the header's union u (asyncc.h,
 * AC__RESULT_IN_HEAD: u is idle once the task has finished, and the
 * function stores its result only as it finishes). Each task is in exactly
 * one wait state (ac__wait_e), or parked on a wait kind (an
 * ac__waitops_t, asyncc.h): the state says which of the union's members
 * is in use and what cancellation has to undo. The core (task.c, loop.c)
 * knows only its own states; every other wait (sleep, gather, wait_for,
 * shield, jobs, sync, queues) is a kind that brings its own hooks.
 */
#ifndef AC_INTERNAL_H
#define AC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <uv.h>

#include "asyncc.h"
#include "heap.h"
#include "list.h"

/* ---- mem.c ---- */
void *ac__malloc(size_t size);
void *ac__calloc(size_t n, size_t size);
void *ac__realloc(void *p, size_t size);
void ac__free(void *p);
/* How many allocations (ac__malloc, ac__calloc, ac__realloc) the calling
 * thread has made: tests count the ones a hot path makes. */
size_t ac__mem_allocs(void);

/* ---- bytes.c: a job's ac_bytes_t members (its ac__job_bytes_t) ---- */
/* The ac_bytes_t at offset OFF of JOB. */
ac_bytes_t *ac__job_bytes_at(ac_job_t *job, size_t off);
/* Whether JOB has an ac_bytes_t capture or result. */
int ac__job_has_bytes(const ac_job_t *job);
/* What a process worker is sent after JOB: its bytes captures' data, each
 * followed by a NUL, into *TAIL. 0, AC_EINVAL for a capture {NULL, n > 0},
 * or AC_ENOBUFS over AC_JOB_BYTES_LIMIT. */
int ac__job_tail_size(ac_job_t *job, size_t *tail);
/* Copies JOB's bytes captures as ac__job_tail_size laid them out (N
 * bytes) into a new malloc'd *OUT (NULL when N is 0). 0, or AC_ENOMEM. */
int ac__job_pack_captures(ac_job_t *job, size_t n, char **out);
/* For a job of KIND on POOL (NULL: the default pool of KIND): when it is
 * a process job with bytes captures, checks them and copies them into a
 * new malloc'd *DATA of *TAIL bytes (else both are empty). 0, or why the
 * job cannot go: AC_EINVAL, AC_ENOBUFS, AC_ENOMEM, AC_ENOTSUP (MPI).
 * (pool.c) */
int ac__job_pack_bytes(ac_pool_t *pool, int kind, ac_job_t *job, size_t *tail, char **data);
/* Gives JOB the copy ac__job_pack_bytes made earlier (it owns it now). */
void ac__job_give_bytes(ac_job_t *job, char *data, size_t tail);
/* Frees JOB's bytes result, if it has one (nobody will read it). */
void ac__job_free_result(ac_job_t *job);

/* ---- tasks ---- */
typedef enum {
  AC__W_READY,   /* in the ready FIFO (u.ready), outcome in top->err */
  AC__W_RUNNING, /* the task ac__L.current */
  AC__W_TASK,    /* `await t`: in the waiters of task u.wait.on */
  AC__W_DONE,    /* finished; root frame's err is the outcome */
  AC__W_KINDS    /* from here on: parked on the wait kind of that number
                    (ac__park); u belongs to the kind */
} ac__wait_e;

enum {
  AC__F_STARTED = 1 << 0,        /* its body has been entered */
  AC__F_RELEASED = 1 << 1,       /* owner finished or detached it */
  AC__F_OBSERVED = 1 << 2,       /* someone read its outcome */
  AC__F_CANCELLED = 1 << 3,      /* ac_cancel was called on it */
  AC__F_CANCEL_PENDING = 1 << 4, /* cancelled while running */
  AC__F_FINAL = 1 << 5,          /* cancelled by ac_run's last cleanup */
  AC__F_HOP = 1 << 6,            /* ready, but passes its turn once */
  AC__F_ALWAYS_START = 1 << 7,   /* entered even if cancelled before it
                                    ran, with AC_ECANCELED as its err */
  AC__F_HOP_DROP = 1 << 8,       /* ready with a hop that a cancel in
                                    the round that woke it drops
                                    (u.ready.round; shield.c) */
  AC__F_OPWAIT = 1 << 13,        /* in a frameless runtime wait: u.wait.on
                                    is its ac__opwait_t (wait.h) */
  AC__F_CANCEL_REC = 1 << 14,    /* its side record's cancel fields are in use */
  AC__F_NAMED = 1 << 15          /* has an entry in names.c's table (the
                                    top bit: new flags grow from below) */
};

/* Waiter lists (the tasks and records waiting for one task) are singly
 * linked through uintptr_t links whose low bits say what the next node is,
 * so a waiting task needs no separate node. */
enum {
  AC__WT_TASK = 0, /* an ac_task_t, linked by u.wait.link: woken, or told
                      through its kind's settle hook */
  AC__WT_NODE = 1, /* an ac__wnode_t */
  AC__WT_LAST = 3, /* an ac__wnode_t whose link is unused: only pushed on
                      an empty list, it stays the last (a gather's direct
                      members: no node per member) */
  AC__WT_MASK = 3
};

/* A record waiting for a task, of a wait kind's own (a gather member, a
 * wait_for): FIRE is called once with the finished task and its outcome,
 * after the node left the list. Aligned to 4 for the tag bits. */
typedef struct ac__wnode_s ac__wnode_t;
struct ac__wnode_s {
  uintptr_t link; /* first: the list is linked through it */
  void (*fire)(ac__wnode_t *n, ac_task_t *done, int err);
};

struct ac_task_s {
  union {
    ac__timer_t timer;                         /* sleeping (time.c) */
    struct {                                   /* AC__W_READY */
      ac_task_t *next;
      uint32_t round; /* AC__F_HOP_DROP: the round it was woken in */
    } ready;
    struct { uintptr_t link; void *on; } wait; /* AC__W_TASK, and parked on
                                                  a kind: on = its record */
  } u;
  ac_frame_t *top;      /* the frame to resume */
  ac__link_t owned;     /* in the owner's children, or ac__L.roots/orphans */
  ac__link_t *children; /* tasks it created and has not released */
  uintptr_t waiters;    /* tagged list, newest first */
  uint32_t site;        /* where it was created (site.c) */
  uint16_t flags;
  uint8_t wait;         /* ac__wait_e */
  uint8_t slab;         /* its size class in slab.c */
};

/* The root frame sits right after the header (64 bytes, so aligned for
 * max_align_t with no padding). */
/* Keeps a slow path out of its caller, whose fast path then saves no
 * registers for it. */
#if defined(__GNUC__)
#define AC__NOINLINE __attribute__((noinline))
#else
#define AC__NOINLINE
#endif

#define AC__ALIGN_UP(n, a) (((n) + (a) - 1) / (a) * (a))
#define AC__FRAME_OFF AC__ALIGN_UP(sizeof(ac_task_t), _Alignof(max_align_t))
#define AC__ROOT(t) ((ac_frame_t *)(void *)((char *)(t) + AC__FRAME_OFF))

/* A frame other than a task's root (`await f()`, a generator, a runtime
 * operation's frame) has this in front of it: the frame that awaits it and
 * runtime flags. A root frame has neither: its parent is nobody, and it
 * is never a generator. Keeping them out of ac_frame_t saves every task
 * 8 bytes. */
typedef struct ac__fhead_s {
  ac_frame_t *parent;
  int flags;     /* AC__FRAME_GEN... */
  unsigned slab; /* the allocation's size class in slab.c */
  void *res;     /* the caller's result slot: last, see ac__result_at */
} ac__fhead_t;
/* The prefix's allocation (the frame stays aligned for max_align_t); the
 * header itself ends right at the frame. */
#define AC__FHEAD_SIZE AC__ALIGN_UP(sizeof(ac__fhead_t), _Alignof(max_align_t))
#define AC__FHEAD(f) ((ac__fhead_t *)(void *)((char *)(f) - sizeof(ac__fhead_t)))
/* A zeroed non-root frame of INFO->frame_size + EXTRA bytes, info set,
 * from the slab: a wait's runtime frame (a queue get, a lock acquire) and
 * `await f()` recycle a block of their size class, no malloc. */
ac_frame_t *ac__frame_alloc(const ac__fninfo_t *info, size_t extra);
/* The block of a non-root frame: a multiple of 16, so the slab gives a
 * 16-aligned block and the frame after the 16-aligned prefix is aligned
 * for max_align_t. */
#define AC__FRAME_BLOCK(info, extra) \
  AC__ALIGN_UP(AC__FHEAD_SIZE + (info)->frame_size + (extra), 16)
/* ac__frame_alloc_raw (below, inline) gives the same frame with only the
 * prefix and ac_frame_t set (state 0, err 0): for a runtime frame whose
 * maker sets every field it reads. */
/* Frees a frame from ac__frame_alloc / ac__frame_new. */
void ac__frame_free(ac_frame_t *f);

/* A runtime operation's wait that pushes no frame (a queue get or put,
 * queue.c): the task parks with AC__F_OPWAIT set, its top frame still the
 * awaiting one (at the await's state), and u.wait.on pointing at the
 * operation's record, which begins with this. u.wait.on survives the
 * wake-up (ready.next overlays wait.link; ready.round, which overlays
 * wait.on, is written only for a shield's waiter). Before the task's next
 * step the driver calls FINISH with the wake-up's outcome (0, or
 * AC_ECANCELED): it does what asyncio does in the woken task (re-check,
 * take or give the item, hand a wake-up on) and returns 1 when the await
 * is over, its outcome in t->top->err, flag cleared and record gone, so
 * the awaiting frame resumes; or 0 when it parked the task again. */
typedef struct ac__opwait_s ac__opwait_t;
struct ac__opwait_s {
  int (*finish)(ac_task_t *t, ac__opwait_t *op, int err);
};

/* ---- task.c: wait kinds (the protocol is in asyncc.h) ---- */
/* Gives OPS its number (its first park). */
void ac__kind_register(ac__waitops_t *ops);
/* Parks T on OPS without touching t->u: for a kind that keeps its state
 * in the union itself (sleep's timer). Inline, as is ac__park_on: a queue
 * message parks twice. */
static inline void ac__park_state(ac_task_t *t, ac__waitops_t *ops) {
  if (ops->kind_ == 0) ac__kind_register(ops);
  t->wait = ops->kind_;
}
/* ac__park for the running task T, which the caller has at hand. */
static inline void ac__park_on(ac_task_t *t, ac__waitops_t *ops, void *record) {
  ac__park_state(t, ops);
  t->u.wait.on = record;
}
/* The kind T is parked on, or NULL in a core state. */
const ac__waitops_t *ac__parked_ops(const ac_task_t *t);
/* The words of the task dump for T's state: "ready", "sleeping"... */
const char *ac__task_state_name(const ac_task_t *t);
/* Calls FN on every live task: children before their owner, siblings in
 * creation order. FN must not free tasks. */
void ac__walk(void (*fn)(ac_task_t *t, void *arg), void *arg);

/* ---- slab.c ---- */
/* Under AddressSanitizer every block is a malloc of its own (slab.c). */
#if defined(__SANITIZE_ADDRESS__)
#define AC__SLAB_ON 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AC__SLAB_ON 0
#endif
#endif
#ifndef AC__SLAB_ON
#define AC__SLAB_ON 1
#endif
enum { AC__SLAB_CLASSES = 64 }; /* 8, 16, ... 512 bytes */
typedef struct ac__slab_s {
  void *free[AC__SLAB_CLASSES]; /* per class, linked through the block */
  char *cur, *end;              /* the unused rest of the newest chunk */
  int cur_zero;                 /* that rest is zeroed (fresh mmap) */
  void *chunks;
  size_t total;       /* bytes of chunks */
  size_t outstanding; /* blocks handed out and not freed */
} ac__slab_t;
/* A zeroed block of SIZE bytes; *CLS gets the class to free it with. */
void *ac__slab_alloc(size_t size, unsigned *cls);
/* The same, its contents left as they are (for a caller that sets them). */
void *ac__slab_alloc_raw(size_t size, unsigned *cls);
/* ac__slab_free and a fast ac__slab_alloc_raw are inline below ac__L:
 * a queue message allocates and frees two frames. */
/* Gives every chunk back to malloc if no block is in use. */
void ac__slab_release(void);

/* ---- site.c ---- */
typedef struct ac__sites_s {
  struct { const char *file; int line; } *a; /* a[0]: unknown */
  size_t len, cap;
  uint32_t *hash; /* open addressing, 0 = empty */
  size_t hcap;
  uint32_t last; /* the site found last, */
  const char *last_file; /* of this file */
  int last_line;         /* and line (NULL, 0 at first: site 0) */
} ac__sites_t;
/* The site of FILE:LINE (0 for FILE NULL); ac__site_intern is its fast
 * path, inline below: a task is usually made where the last one was. */
uint32_t ac__site_intern_slow(const char *file, int line);
const char *ac__site_file(uint32_t site);
/* "created at x.ac:12", or where its function is defined when T was created
 * in ordinary code; written into BUF. */
const char *ac__site_where(const ac_task_t *t, char *buf, size_t n);
int ac__site_line(uint32_t site);
void ac__sites_free(void);

/* ---- time.c: timer lanes ---- */
/* A lane holds timers started with one duration, in start order: their
 * deadlines (now + duration) only grow, so the lane is a FIFO and its
 * front is its earliest. 10^6 `ac_sleep(1.0)` cost a FIFO append and pop
 * each instead of two O(log n) heap operations with a cache miss a level.
 * A slot is 4 bytes, not a pointer: the timer's distance from the lane's
 * origin in 8-byte steps (a million sleepers: 4 MB less); a timer farther
 * than 16 GiB from it goes to the heap instead (time.c). */
enum { AC__LANES = 8 };
typedef struct ac__lane_s {
  double dur;          /* the duration of the timers in it */
  uintptr_t origin;    /* the address slots count from */
  int32_t *a;          /* a[i] is slot base + i; INT32_MIN: stopped */
  uint32_t base, head, tail, cap;
} ac__lane_t;

/* ---- debug.c: where failures were thrown ---- */
/* A `throw` (ac__throw), noted for the report of a failure that nobody
 * catches: the newest AC__THROWS are kept, each with the frames of its
 * task from the throw's up (at most AC__THROW_FRAMES), and in debug mode
 * the awaiters' chain as text. TASK is only compared, never followed. */
enum { AC__THROW_FRAMES = 12, AC__THROWS = 8 };
typedef struct ac__throw_s {
  const ac_task_t *task;
  int code;
  uint32_t round;  /* ac__L.round when noted */
  const char *via; /* a runtime operation's failure: its name; a throw: NULL */
  int nframes;
  struct { const ac__fninfo_t *info; int line; } frames[AC__THROW_FRAMES];
  char *awaiters; /* debug mode: "    awaited by ...\n" lines, or NULL */
} ac__throw_t;
/* Prints where T's failure CODE was thrown (the newest throw of CODE in T,
 * else the newest throw of CODE, which reached T through awaits), if any
 * is noted. */
void ac__report_throw(const ac_task_t *t, int code);
/* A failure of a runtime operation (VIA) handed to T's user frame USER at
 * its await: noted like a throw at that await's line, unless it came from
 * another task's noted failure (which keeps its site). Failure paths only. */
void ac__note_failure(ac_task_t *t, const ac_frame_t *user, int code, const char *via);
/* An await's runtime call VIA that fails at once with CODE, before any
 * wait: sets FRAME's err and notes the failure at FRAME's await (FRAME is
 * the caller's: its state is that await's). Returns 0 (not suspended). */
int ac__fail_now(ac_frame_t *frame, int code, const char *via);
/* Forgets the noted throws (ac_run's start and end). */
void ac__throws_clear(void);

/* ---- loop.c ---- */
typedef struct ac__loop_s {
  ac_task_t *current;                /* the running task, or NULL */
  ac_task_t *ready_head, *ready_tail;
  size_t nready;
  ac__heap_t timers;
  ac__lane_t lanes[AC__LANES]; /* timers of a common duration (time.c) */
  uint32_t timer_seq;
  double next_due; /* no timer is due before this (time.c): an earlier
                      value only costs a look; 0 (the start) means look */
  uint32_t round;      /* batches run so far (a shield's hop, task.c) */
  ac__link_t *roots;   /* created in ordinary code, freed by ac_run */
  ac__link_t *orphans; /* released but unfinished; freed when they finish */
  size_t nlive;        /* allocated tasks */
  size_t nunfinished;  /* tasks not yet AC__W_DONE */
  int uv_open;
  int running;         /* inside ac__run */
  int deadlocks;       /* no-progress rounds seen by this ac__run */
  int debug;           /* ac_debug() or ASYNCC_DEBUG=1 */
  uint64_t last_poll;  /* uv_hrtime() of the last I/O poll */
  uv_thread_t thread;  /* the thread in ac__run (debug mode's check) */
  void (*flush)(void); /* after each round: queues the round's jobs (pool.c) */
  ac_owned_handle_t *open_handles; /* modules' handles, closed at ac_run's end */
  ac__throw_t throws[AC__THROWS]; /* the newest throws, a ring (debug.c) */
  unsigned nthrows;               /* throws noted since ac_run began */
  /* The name of the operation whose frame FAILED_FRAME just failed
   * (answer.c), for the report when that frame hands the failure on. */
  const char *failed_via;
  const void *failed_frame;
  uv_loop_t uv;
  uv_timer_t wake; /* the one libuv timer: armed for the earliest deadline */
  uv_prepare_t before_poll; /* no blocking poll once a task is ready */
  ac__slab_t slab;
  ac__sites_t sites;
} ac__loop_t;

/* The loop of the thread that runs ac_run. One per process for now; the
 * runtime's only mutable global. */
extern ac__loop_t ac__L;

static inline void ac__slab_free(void *p, unsigned cls) {
  ac__slab_t *s = &ac__L.slab;
  if (cls == 0) { /* malloc'd: too big, or no slab (ASan) */
    ac__free(p);
    return;
  }
  *(void **)p = s->free[cls - 1];
  s->free[cls - 1] = p;
  s->outstanding--;
}

/* slab.c's fast paths, inline for spawn and for a wait's frame: a block
 * of SIZE bytes from its class's free list or from the rest of the newest
 * chunk (carved as slab.c's carve does), zeroed if ZERO; NULL when
 * slab.c must do it (a new chunk, a big block, no slab). */
static inline void *ac__slab_take(size_t size, unsigned *cls, int zero) {
  ac__slab_t *s = &ac__L.slab;
  size_t c = (size + 7) / 8;
  char *p;
  if (!AC__SLAB_ON || c == 0 || c > AC__SLAB_CLASSES) return NULL;
  if ((p = s->free[c - 1]) != NULL) {
    s->free[c - 1] = *(void **)(void *)p;
    if (zero) memset(p, 0, c * 8);
  } else {
    p = s->cur;
    if (p == NULL || (zero && !s->cur_zero)) return NULL;
    if ((c & 1) == 0) p += (uintptr_t)p & 8; /* 16-aligned if 16 divides it */
    if ((size_t)(s->end - p) < c * 8) return NULL;
    s->cur = p + c * 8;
  }
  s->outstanding++;
  *cls = (unsigned)c;
  return p;
}

/* A block of SIZE bytes (a multiple of 8), contents as they are: only
 * the free list inline (a wait's frame is nearly always a recycled one),
 * so that callers stay small enough to be inlined themselves. */
static inline void *ac__slab_alloc_fast(size_t size, unsigned *cls) {
  ac__slab_t *s = &ac__L.slab;
  size_t c = size / 8;
  void *p;
  if (c == 0 || c > AC__SLAB_CLASSES || (p = s->free[c - 1]) == NULL)
    return ac__slab_alloc_raw(size, cls);
  s->free[c - 1] = *(void **)p;
  s->outstanding++;
  *cls = (unsigned)c;
  return p;
}

static inline ac_frame_t *ac__frame_alloc_raw(const ac__fninfo_t *info, size_t extra) {
  unsigned cls;
  char *p = ac__slab_alloc_fast(AC__FRAME_BLOCK(info, extra), &cls);
  ac_frame_t *f = (ac_frame_t *)(void *)(p + AC__FHEAD_SIZE);
  ac__fhead_t *h = AC__FHEAD(f);
  h->parent = NULL;
  h->flags = 0;
  h->slab = cls;
  h->res = NULL;
  f->info = info;
  f->state = 0;
  f->err = 0;
  return f;
}

static inline uint32_t ac__site_intern(const char *file, int line) {
  const ac__sites_t *s = &ac__L.sites;
  if (file == s->last_file && line == s->last_line) return s->last;
  return ac__site_intern_slow(file, line);
}

/* ac__wake (asyncc.h) makes T ready with outcome ERR (its top frame's
 * err), at the back; this is its body, inline for the runtime's hot paths
 * (a queue message wakes two tasks). */
static inline void ac__ready_push(ac_task_t *t, int err) {
  ac__loop_t *L = &ac__L;
  t->top->err = err;
  t->wait = AC__W_READY;
  t->u.ready.next = NULL;
  if (L->ready_tail != NULL)
    L->ready_tail->u.ready.next = t;
  else
    L->ready_head = t;
  L->ready_tail = t;
  L->nready++;
}
/* The same, but T lets the ready queue go round once before it runs: where
 * asyncio wakes a task through an intermediate callback (a gather's,
 * wait_for's or shield's done-callback, then the task's wake-up), two loop
 * iterations after the event, and programs that race the two print in
 * that order. */
void ac__wake_hop(ac_task_t *t, int err);
/* The front of the ready FIFO, taken off it; NULL if it is empty. */
static inline ac_task_t *ac__ready_pop(void) {
  ac__loop_t *L = &ac__L;
  ac_task_t *t = L->ready_head;
  if (t == NULL) return NULL;
  L->ready_head = t->u.ready.next;
  if (L->ready_head == NULL) L->ready_tail = NULL;
  L->nready--;
  return t;
}

/* ---- task.c ---- */
/* Runs rounds of the loop (loop.c): a round runs the tasks that were ready
 * when it began, in FIFO order; tasks made ready meanwhile wait for the
 * next one. Runs at least one round, and the next one in place only while
 * tasks are ready and the loop has nothing to do between the two: no timer
 * set, no flush hook, GOAL (NULL: none) not finished, and fewer than
 * BUDGET task steps run. Returns the task steps run. */
size_t ac__run_rounds(const ac_task_t *goal, size_t budget);
/* T's body is entered even if T is cancelled before it runs (its frame's
 * err is then AC_ECANCELED): for runtime tasks that must clean up. */
void ac__task_always_start(ac_task_t *t);
void ac__task_free(ac_task_t *t);
/* Marks T's outcome as seen and returns it (T finished). Inline: W1's
 * gather and awaits do it for every task. */
static inline int ac__task_observe(ac_task_t *t) {
  t->flags |= AC__F_OBSERVED;
  return AC__ROOT(t)->err;
}
/* Pushes a tagged node onto T's waiter list. */
void ac__waiter_push(ac_task_t *t, uintptr_t node);
/* Takes a tagged node out of T's waiter list: 1 if it was there. */
int ac__waiter_unlink(ac_task_t *t, uintptr_t node);
/* Cancels T with the FINAL mark (ac_run's cleanup). */
void ac__cancel_final(ac_task_t *t);
/* Wakes T, which is linked as itself in the waiters of task u.wait.on
 * (AC__W_TASK, a shield), with AC_ECANCELED, unlinking it (a shield's
 * cancel, deadlock recovery: O(waiters)). */
void ac__task_unstick(ac_task_t *t);

/* ---- time.c ---- */
/* The monotonic clock in nanoseconds: uv_hrtime's clock, read without its
 * wrapper (the loop reads it once per iteration; ac_now at each call). */
static inline uint64_t ac__clock_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
/* Moves every timer due at NOW to the ready queue, in deadline order.
 * While nothing is due it reads one double (ac__L.next_due) and touches
 * no timer structure. */
void ac__timers_expire(double now);
/* Earliest deadline, or a negative value when no timer is set. */
double ac__timers_next(void);
void ac__timer_start(ac__timer_t *tm, double deadline, unsigned kind);
/* A timer due SECONDS from now: in the lane of that duration if there is
 * (or can be) one, else in the heap. */
void ac__timer_start_in(ac__timer_t *tm, double seconds, unsigned kind);
void ac__timer_stop(ac__timer_t *tm);
void ac__timers_free(void);
/* A timer with a callback, embedded in a wait's record (wait_for,
 * ac_wait's timeout): FIRE runs from the scheduler once it is due, unless
 * stopped first. */
typedef struct ac__tevent_s ac__tevent_t;
struct ac__tevent_s {
  ac__timer_t tm;
  void (*fire)(ac__tevent_t *ev);
};
void ac__tevent_start_in(ac__tevent_t *ev, double seconds);
/* The same, due at DEADLINE (ac_now()'s clock), in the heap. */
void ac__tevent_start_at(ac__tevent_t *ev, double deadline);
void ac__tevent_stop(ac__tevent_t *ev);

/* ---- cancel.c ---- */
/* task.c counts a request on T, unfinished, before it marks T
 * AC__F_CANCELLED; REASON is kept if it is the first pending one. */
void ac__cancel_request(ac_task_t *t, int reason);
/* T, marked AC__F_CANCEL_REC, is being freed: its record goes. */
void ac__cancel_forget(ac_task_t *t);

/* ---- handles.c ---- */
/* Calls the close hook of every handle still registered (ac_run's end). */
void ac__handles_close_all(void);

/* ---- bridge.c: the one channel from other threads to the loop ---- */
/* A call to run on the loop's thread: FN gets the node back (embed it to
 * find your record; FN may free it). */
typedef struct ac__bcall_s ac__bcall_t;
struct ac__bcall_s {
  ac__bcall_t *next;
  void (*fn)(ac__bcall_t *c);
};
/* Any thread: queues C (the caller's memory, untouched until FN runs) on
 * bridge B, in order. 0, or AC_EINVAL once B is closing (C not queued). */
int ac__bridge_post(ac_bridge_t *b, ac__bcall_t *c);

/* ---- generator.c ---- */
/* ac__fhead_t.flags bits (a generator is never a root frame) */
/* AC__FRAME_IS_GEN: made by a generator's g__call (ac__gen_mark), so a
 * `for await` of a mere prototype can tell a generator from a function. */
enum { AC__FRAME_GEN = 1, AC__FRAME_GEN_DONE = 2, AC__FRAME_GEN_CLOSING = 4, AC__FRAME_IS_GEN = 8 };
/* GEN (running in T) yielded or finished with RC: returns its consumer,
 * now T's top frame, with the outcome in its err. */
ac_frame_t *ac__gen_back(ac_task_t *t, ac_frame_t *gen, int rc);
/* A generator that yielded to `await` or as a task's root: fails F with
 * AC_EINVAL (a message in debug mode); F counts as done. */
int ac__gen_misused(ac_frame_t *f);

/* ---- side.c ---- */
/* A task's side record: see side.c for the lifetime of a pointer to it. */
typedef struct {
  const ac_task_t *t; /* NULL: an empty slot */
  char *name;         /* names.c, while AC__F_NAMED */
  int cancel_count;   /* cancel.c, while AC__F_CANCEL_REC: requests pending */
  int cancel_reason;  /* given with the first of them */
} ac__side_t;
/* T's record, or NULL. */
ac__side_t *ac__side_find(const ac_task_t *t);
/* T's record, made zeroed if T has none. */
ac__side_t *ac__side_get(const ac_task_t *t);
/* Removes T's record (the owners have freed what it points to). */
void ac__side_drop(const ac_task_t *t);

/* ---- names.c ---- */
/* Forgets T's name (T is being freed; T has AC__F_NAMED). */
void ac__name_drop(ac_task_t *t);
/* `"Task-3" fetch created at x.ac:12`: T's name, function and creation
 * site, as every report names a task; written into BUF. */
const char *ac__task_label(ac_task_t *t, char *buf, size_t n);

/* ---- debug.c ---- */
/* Debug mode: a step of T (from its resume to its next suspension, or
 * FINISHED: its end) took NS, long enough to stall the loop (asyncio's
 * slow_callback_duration, 0.1 s). */
enum { AC__SLOW_STEP_NS = 100 * 1000 * 1000 };
void ac__debug_slow_step(ac_task_t *t, uint64_t ns, int finished);
/* Debug mode: WHAT (a runtime call) must come from the loop's thread while
 * the loop runs; from another it is a data race, reported, then abort(). */
void ac__debug_check_thread(const char *what);
/* Debug mode's dump on SIGQUIT, installed by ac__run once the loop is open. */
void ac__debug_run_start(void);
#define AC__DEBUG_THREAD(what) \
  do { if (ac__L.debug) ac__debug_check_thread(what); } while (0)

/* group.c: the body of the task group whose watcher T is (a runtime task
 * awaiting one child on the group's behalf), or NULL if T is none: the
 * task dump shows the child awaited by the group's body. */
const ac_task_t *ac__group_watcher_body(const ac_task_t *t);

/* loop.c: the task ac_run runs, NULL once every task has finished and
 * outside ac_run (signal.c's ac_cancel_on_signal). */
ac_task_t *ac__main_task(void);

/* stream.c: a stream over a pipe (process.c's stdio), its libuv handle
 * (a uv_pipe_t) first in it, not yet opened; *OWNER_REF becomes NULL when
 * the stream is closed. */
ac_stream_t *ac__stream_new_pipe(ac_stream_t **owner_ref);
/* A stream over FD, the parent's read end of a pipe this process made
 * (process.c, stderr into stdout): *OWNER_REF as ac__stream_new_pipe.
 * NULL and FD closed if libuv refuses it (*ERR gets its code). */
ac_stream_t *ac__stream_open_pipe_fd(ac_stream_t **owner_ref, int fd, int *err);
/* Names the process whose stdio pipe S is, for the task dump. */
void ac__stream_set_pipe_pid(ac_stream_t *s, int pid);

#endif /* AC_INTERNAL_H */
