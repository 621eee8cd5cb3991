/* task.c - tasks: spawn, the frame driver, completion, ownership,
 * cancellation and `await task`.
 *
 * Conventions. A task runs only inside task_step (called by the loop's
 * rounds, ac__run_rounds), which resumes its top frame in a loop instead
 * of recursing, so `await f()` nests to any depth:
 * ac__await_call pushes the child as the new top and returns "suspended";
 * the driver sees the top changed and resumes the child; when a frame
 * finishes, the driver frees it and resumes its parent with the child's
 * outcome. A genuine suspension leaves the task registered wherever the
 * ac__await_* primitive put it (wait state in t->wait).
 *
 * Ownership: a task created while task P runs is a child of P; one created
 * in ordinary code is a root (ac__L.roots). A task is freed once it has
 * finished and has been released: its owner finished (finished children
 * are freed then; unfinished ones move up beside their owner, see
 * release_children), ac_detach, or ac_run's end for roots. Freeing
 * reports an unobserved failure.
 *
 * Waits: the core has its own states (ready, running, `await task`, done)
 * and knows every other wait only as a kind, an ac__waitops_t whose hooks
 * it calls (cancel, settle, the dump's name); see asyncc.h's wait
 * protocol. A kind's number is its index in the registry below, kept in
 * the task's wait byte, so a kind that keeps its state in the task's
 * union (sleep's timer) needs no pointer beside it.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <math.h> /* INFINITY */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ================= creation ================= */

_Static_assert(offsetof(ac__fhead_t, res) + sizeof(void *) == sizeof(ac__fhead_t),
               "the result pointer is the word just before the frame");

ac_frame_t *ac__frame_alloc(const ac__fninfo_t *info, size_t extra) {
  unsigned cls;
  char *p = ac__slab_alloc(AC__FRAME_BLOCK(info, extra), &cls);
  ac_frame_t *f = (ac_frame_t *)(void *)(p + AC__FHEAD_SIZE);
  f->info = info;
  AC__FHEAD(f)->slab = cls;
  return f;
}



ac_frame_t *ac__frame_new(const ac__fninfo_t *info) {
  return ac__frame_alloc(info, 0);
}

ac_frame_t *ac__frame_call(const ac__fninfo_t *info, void *res) {
  ac_frame_t *f = ac__frame_alloc(info, 0);
  AC__FHEAD(f)->res = res;
  return f;
}

void ac__frame_free(ac_frame_t *f) {
  if (f != NULL) ac__slab_free((char *)f - AC__FHEAD_SIZE, AC__FHEAD(f)->slab);
}

_Static_assert(AC__FRAME_OFF == AC__TASK_HEAD, "asyncc.h knows the header size");
_Static_assert(_Alignof(ac__max_align_t) == _Alignof(max_align_t),
               "asyncc.h's ac__max_align_t aligns as max_align_t");
_Static_assert(offsetof(ac_task_t, u) == 0 && sizeof(((ac_task_t *)0)->u) == 16,
               "a small result lives in the first 16 bytes (AC__RESULT_IN_HEAD)");

/* A frame is a task's root exactly when it sits where the running task's
 * root does: no flag in the frame needed. */
_Static_assert(offsetof(ac__loop_t, current) == 0,
               "asyncc.h's ac__result_here reads the running task first in ac__L");

void *ac__result_at(ac_frame_t *frame, size_t size) { return ac__result_here(frame, size); }

void ac__result_zero(ac_frame_t *frame, size_t size) {
  memset(ac__result_at(frame, size), 0, size);
}

/* The root frame follows the header with no padding. */
_Static_assert(sizeof(ac_task_t) == 64, "ac_task_t is 64 bytes");

ac_task_t *ac__spawn_block(const ac__fninfo_t *info, size_t size, int align16,
                           const char *file, int line) {
  ac__loop_t *L = &ac__L;
  unsigned cls;
  ac_task_t *t;
  ac_frame_t *root;

  AC__DEBUG_THREAD("creating a task");
  /* A block whose size is a multiple of 16 is 16-aligned (slab.c). */
  if (align16) size = AC__ALIGN_UP(size, 16);
  if ((t = ac__slab_take(size, &cls, 1)) == NULL) t = ac__slab_alloc(size, &cls);
  root = AC__ROOT(t);
  root->info = info;
  t->top = root;
  t->slab = (uint8_t)cls;
  t->site = ac__site_intern(file, line);
  ac__link_push(L->current != NULL ? &L->current->children : &L->roots,
                &t->owned);
  L->nlive++;
  L->nunfinished++;
  ac__ready_push(t, 0);
  return t;
}

/* ================= completion and freeing ================= */

static void report_unobserved(ac_task_t *t) {
  int err = AC__ROOT(t)->err;
  /* A cancelled task that ends cancelled is not news (asyncio agrees). */
  if (err == AC_ECANCELED && (t->flags & AC__F_CANCELLED)) return;
  char label[640];
  fprintf(stderr, "asyncc: task %s failed and nobody awaited it: %s\n",
          ac__task_label(t, label, sizeof label), ac_strerror(err));
  ac__report_throw(t, err);
}

/* ac__task_free for T out of every list already. */
static void free_unlinked(ac_task_t *t) {
  if (AC__ROOT(t)->err != 0 && !(t->flags & AC__F_OBSERVED)) report_unobserved(t);
  if (t->flags & (AC__F_NAMED | AC__F_CANCEL_REC)) { /* it has a side record */
    if (t->flags & AC__F_NAMED) ac__name_drop(t);
    if (t->flags & AC__F_CANCEL_REC) ac__cancel_forget(t); /* cancel.c */
  }
  ac__L.nlive--;
  ac__slab_free(t, t->slab);
}

void ac__task_free(ac_task_t *t) {
  ac__link_remove(&t->owned);
  free_unlinked(t);
}

/* T finished: the children it still holds go. A finished one is freed.
 * An unfinished one takes T's place in the tree, beside T (a child of T's
 * owner, or a root): its handle may have left T (returned, put on a
 * queue), and stays valid as long as T's own would. Only if T itself was
 * released (detached, or its owner finished) is the child released too,
 * and freed when it finishes. */
static void release_children(ac_task_t *t) {
  ac__link_t *l;
  while ((l = t->children) != NULL) { /* unlink the first */
    ac_task_t *c = ac__container_of(l, ac_task_t, owned);
    t->children = l->next;
    if (l->next != NULL) l->next->pprev = &t->children;
    if (c->wait == AC__W_DONE) {
      free_unlinked(c);
      continue;
    }
    l->next = NULL;
    l->pprev = NULL;
    if ((c->flags & AC__F_RELEASED) || (t->flags & AC__F_RELEASED)) {
      c->flags |= AC__F_RELEASED;
      ac__link_push(&ac__L.orphans, &c->owned);
    } else {
      ac__link_insert_before(&t->owned, &c->owned);
    }
  }
}

/* A waiter that is a task itself: woken with T's outcome, unless a wait
 * kind parked it there (ac_shield), which then says what happens. */
static void wake_task_waiter(ac_task_t *w, int err) {
  if (w->wait == AC__W_TASK)
    ac__wake(w, err);
  else
    ac__parked_ops(w)->settle(w, err);
}

/* Hands T's outcome to its waiters, in the order they started waiting.
 * An AC__WT_LAST node can only end the list, so it is the oldest waiter
 * and is told first. */
static void wake_waiters(ac_task_t *t, int err) {
  uintptr_t rev = 0, p = t->waiters;
  ac__wnode_t *last = NULL;
  t->waiters = 0;
  if ((p & AC__WT_MASK) == AC__WT_LAST) { /* one waiter: a gather */
    last = (ac__wnode_t *)(void *)(p & ~(uintptr_t)AC__WT_MASK);
    last->fire(last, t, err);
    return;
  }
  while (p != 0) { /* reverse: the list is newest first */
    uintptr_t *link = (uintptr_t *)(void *)(p & ~(uintptr_t)AC__WT_MASK);
    uintptr_t next;
    if ((p & AC__WT_MASK) == AC__WT_LAST) {
      last = (ac__wnode_t *)(void *)link;
      break;
    }
    /* Both kinds of node have their link first. */
    next = *link;
    *link = rev;
    rev = p;
    p = next;
  }
  if (last != NULL) last->fire(last, t, err);
  while (rev != 0) {
    uintptr_t *link = (uintptr_t *)(void *)(rev & ~(uintptr_t)AC__WT_MASK);
    int is_task = (rev & AC__WT_MASK) == AC__WT_TASK;
    rev = *link; /* read before the node is told: it may free itself */
    if (is_task) {
      t->flags |= AC__F_OBSERVED;
      wake_task_waiter(ac__container_of(link, ac_task_t, u.wait.link), err);
    } else {
      ac__wnode_t *n = (ac__wnode_t *)(void *)link;
      n->fire(n, t, err);
    }
  }
}

/* complete's part for a task that was cancelled: its outcome ERR, or
 * the cancellation. */
static int complete_cancelled(ac_task_t *t, int err) {
  /* Cancelled while running and finished before it could be told: asyncio
   * counts such a task as cancelled, and so do we. */
  if ((t->flags & AC__F_CANCEL_PENDING) && err == 0) err = AC_ECANCELED;
  t->flags &= (uint16_t)~AC__F_CANCEL_PENDING;
  if ((t->flags & AC__F_CANCELLED) && err == 0 && ac__L.debug &&
      !(t->flags & AC__F_FINAL)) {
    char label[640];
    fprintf(stderr, "asyncc: debug: task %s swallowed its cancellation and returned "
            "normally\n", ac__task_label(t, label, sizeof label));
  }
  return err;
}

static void complete(ac_task_t *t, int err) {
  if (t->flags & (AC__F_CANCEL_PENDING | AC__F_CANCELLED)) err = complete_cancelled(t, err);
  AC__ROOT(t)->err = err;
  t->top = AC__ROOT(t);
  t->wait = AC__W_DONE;
  ac__L.nunfinished--;
  if (t->waiters != 0) wake_waiters(t, err);
  if (t->children != NULL) release_children(t);
  if (t->flags & AC__F_RELEASED) ac__task_free(t);
}

/* ================= the driver ================= */

static void cancel_chain(ac_task_t *t, int reason, int counted);

/* Debug mode: reports a step begun at T0 that stalled the loop. */
static void check_step(ac_task_t *t, uint64_t t0, int finished) {
  uint64_t ns = uv_hrtime() - t0;
  if (ns >= AC__SLOW_STEP_NS) ac__debug_slow_step(t, ns, finished);
}

/* Notes the failure of runtime frame F as entering its user parent at the
 * await (debug.c), named by the operation that failed. */
static void hand_failure(ac_task_t *t, const ac_frame_t *f) {
  const char *via = ac__L.failed_frame == f ? ac__L.failed_via : f->info->name;
  ac__L.failed_frame = NULL;
  if (f->err != AC_ECANCELED) ac__note_failure(t, t->top, f->err, via);
}

/* Runs T's frames, from F whose resume just returned RC, until T suspends
 * (0) or finishes (1: its outcome is in its root frame's err). */
static int run_frames(ac_task_t *t, ac_frame_t *f, int rc) {
  ac__loop_t *L = &ac__L;
  for (;;) {
    if (rc == AC__DONE && f == AC__ROOT(t)) break; /* a root is no generator */
    if (rc != AC__SUSPENDED) { /* a generator's frame goes to its consumer */
      if (f != AC__ROOT(t) && (AC__FHEAD(f)->flags & AC__FRAME_GEN)) {
        f = ac__gen_back(t, f, rc); /* generator.c */
        rc = f->info->resume(f);
        continue;
      }
      if (rc == AC__YIELDED) rc = ac__gen_misused(f); /* awaited or spawned */
    }
    if (rc == AC__SUSPENDED) {
      /* ac__await_call pushed a child; it runs now unless the await
       * parked the task in it already (ac__op_park). */
      if (t->top != f && t->wait == AC__W_RUNNING) {
        f = t->top;
        rc = f->info->resume(f);
        continue;
      }
      L->current = NULL;
      if (t->flags & AC__F_CANCEL_PENDING) {
        t->flags &= (uint16_t)~AC__F_CANCEL_PENDING;
        cancel_chain(t, ac__cancel_reason(t), 1); /* counted when it was made */
      }
      return 0;
    }
    if (f == AC__ROOT(t)) break;
    t->top = AC__FHEAD(f)->parent;
    t->top->err = f->err;
    if (f->err != 0 && f->info->lines == NULL && t->top->info->lines != NULL)
      hand_failure(t, f); /* a runtime operation's failure enters user code */
    ac__slab_free((char *)f - AC__FHEAD_SIZE, AC__FHEAD(f)->slab); /* ac__frame_free */
    f = t->top;
    rc = f->info->resume(f);
  }
  L->current = NULL;
  return 1;
}

/* Runs T until it suspends (0) or finishes (1). Its common case, a top
 * frame that suspends in an await that parked the task and no pending
 * cancellation, is inline; run_frames does the rest. */
static inline int run_steps(ac_task_t *t) {
  ac__loop_t *L = &ac__L;
  ac_frame_t *f = t->top;
  int rc;
  L->current = t;
  t->wait = AC__W_RUNNING;
  rc = f->info->resume(f);
  if (rc == AC__SUSPENDED) {
    if (t->top == f && !(t->flags & AC__F_CANCEL_PENDING)) {
      L->current = NULL;
      return 0;
    }
  } else if (rc == AC__DONE && f == AC__ROOT(t)) {
    L->current = NULL;
    return 1;
  }
  return run_frames(t, f, rc);
}

/* The rest of a step once T may run: a frameless wait ends first, then
 * its frames run; a finished task completes. */
static inline void step_body(ac_task_t *t) {
  if (t->flags & AC__F_OPWAIT) { /* a frameless wait ends first */
    ac__opwait_t *op = t->u.wait.on;
    if (!op->finish(t, op, t->top->err)) return; /* parked again */
  }
  if (run_steps(t)) complete(t, AC__ROOT(t)->err);
}

/* A step that is not the common case: T's first (it may have been
 * cancelled before it ran), one that waits a round first (AC__F_HOP), or
 * any step in debug mode, which times it. */
static AC__NOINLINE void task_step_general(ac_task_t *t) {
  uint16_t flags = t->flags;
  if (flags & AC__F_HOP) { /* its turn comes in the next round */
    t->flags &= (uint16_t)~(AC__F_HOP | AC__F_HOP_DROP);
    ac__wake(t, t->top->err);
    return;
  }
  if (!(flags & AC__F_STARTED)) {
    t->flags = flags | AC__F_STARTED;
    if (flags & AC__F_CANCELLED) { /* cancelled before it ran */
      if (!(t->flags & AC__F_ALWAYS_START)) {
        complete(t, AC_ECANCELED);
        return;
      }
      t->top->err = AC_ECANCELED;
    }
  }
  if (ac__L.debug) {
    uint64_t t0 = uv_hrtime();
    int finished = 0;
    if (t->flags & AC__F_OPWAIT) {
      ac__opwait_t *op = t->u.wait.on;
      if (!op->finish(t, op, t->top->err)) return; /* parked again */
    }
    finished = run_steps(t);
    check_step(t, t0, finished);
    if (finished) complete(t, AC__ROOT(t)->err);
    return;
  }
  step_body(t);
}

/* One step of T: runs it until it suspends or finishes. Inline in the
 * round below, so that a step costs no call. */
static inline void task_step(ac_task_t *t) {
  uint16_t flags = t->flags;
  if ((flags & (AC__F_HOP | AC__F_CANCELLED)) || ac__L.debug) {
    task_step_general(t);
    return;
  }
  t->flags = flags | AC__F_STARTED;
  step_body(t);
}

size_t ac__run_rounds(const ac_task_t *goal, size_t budget) {
  static const uint8_t never_done = AC__W_RUNNING;
  ac__loop_t *L = &ac__L;
  const uint8_t *goal_wait = goal != NULL ? &goal->wait : &never_done; /* one test a round */
  size_t steps = 0;
  do {
    size_t n = L->nready;
    steps += n;
    while (n-- > 0) task_step(ac__ready_pop());
    L->round++;
  } while (L->nready > 0 && steps < budget && L->next_due >= INFINITY && L->flush == NULL &&
           *goal_wait != AC__W_DONE);
  return steps;
}

/* ================= awaits ================= */

int ac__await_call(ac_frame_t *frame, ac_frame_t *child) {
  AC__FHEAD(child)->parent = frame;
  ac__L.current->top = child;
  return 1;
}

/* The node's own link is its first member in every kind. */
static uintptr_t *link_of(uintptr_t node) {
  return (uintptr_t *)(void *)(node & ~(uintptr_t)AC__WT_MASK);
}

void ac__waiter_push(ac_task_t *t, uintptr_t node) {
  *link_of(node) = t->waiters;
  t->waiters = node;
}

int ac__waiter_unlink(ac_task_t *t, uintptr_t node) {
  uintptr_t *pp = &t->waiters;
  while (*pp != 0 && (*pp & AC__WT_MASK) != AC__WT_LAST) {
    if (*pp == node) {
      *pp = *link_of(node);
      return 1;
    }
    pp = link_of(*pp);
  }
  return 0;
}

int ac__await_task(ac_frame_t *frame, ac_task_t *t) {
  ac_task_t *self = ac__L.current;
  if (t->wait == AC__W_DONE) {
    frame->err = ac__task_observe(t);
    return 0;
  }
  self->wait = AC__W_TASK;
  self->u.wait.on = t;
  self->u.wait.link = 0;
  ac__waiter_push(t, (uintptr_t)self | AC__WT_TASK);
  return 1;
}

/* ================= cancellation ================= */

/* Cancels T in its current state; returns the task T waits on in
 * `await u`, which must be cancelled too (the caller loops, so a long
 * chain of awaiting tasks costs no C stack). */
static ac_task_t *cancel_one(ac_task_t *t, int reason, int counted) {
  if (t->wait == AC__W_DONE) return NULL;
  if (!counted) ac__cancel_request(t, reason); /* cancel.c, before the mark */
  t->flags |= AC__F_CANCELLED;
  switch (t->wait) {
  case AC__W_READY:
    /* Not started: task_step completes it without running it. Woken
     * but not yet run: the pending outcome becomes the cancellation. */
    if (t->flags & AC__F_STARTED) t->top->err = AC_ECANCELED;
    if ((t->flags & AC__F_HOP_DROP) && t->u.ready.round == ac__L.round)
      t->flags &= (uint16_t)~(AC__F_HOP | AC__F_HOP_DROP);
    return NULL;
  case AC__W_RUNNING:
    t->flags |= AC__F_CANCEL_PENDING; /* delivered at its next suspension */
    return NULL;
  case AC__W_TASK:
    /* asyncio's rule: cancel what we wait on, keep waiting for it, and
     * take its outcome (AC_ECANCELED unless it swallows the cancel). */
    return t->u.wait.on;
  default: /* parked on a wait kind: its own hook */
    ac__parked_ops(t)->cancel(t);
    return NULL;
  }
}

/* A request on T and on each task down its `await u` chain; COUNTED: T's
 * was counted already (a request made while T ran, delivered now). */
static void cancel_chain(ac_task_t *t, int reason, int counted) {
  /* Bounded so that a cycle of tasks awaiting each other ends. */
  size_t steps = ac__L.nunfinished + 1;
  AC__DEBUG_THREAD("ac_cancel");
  for (; t != NULL && steps-- > 0; counted = 0) t = cancel_one(t, reason, counted);
}

void ac__cancel(ac_task_t *t) { cancel_chain(t, 0, 0); }

void ac__cancel_with(ac_task_t *t, int reason) { cancel_chain(t, reason, 0); }

void ac__cancel_final(ac_task_t *t) {
  /* A task already cancelled is running its cleanup: let it finish
   * (asyncio would cancel it again and cut the cleanup short). */
  if (t->wait == AC__W_DONE || (t->flags & AC__F_CANCELLED)) return;
  t->flags |= AC__F_FINAL;
  ac__cancel(t);
}

void ac__task_unstick(ac_task_t *t) {
  ac__waiter_unlink(t->u.wait.on, (uintptr_t)t | AC__WT_TASK);
  t->flags |= AC__F_CANCELLED;
  ac__wake(t, AC_ECANCELED);
}

/* ================= handles ================= */

void ac__task_always_start(ac_task_t *t) { t->flags |= AC__F_ALWAYS_START; }

void ac__detach(ac_task_t *t) {
  AC__DEBUG_THREAD("ac_detach");
  if (t->wait == AC__W_DONE)
    ac__task_free(t);
  else
    t->flags |= AC__F_RELEASED;
}

int ac__task_done(const ac_task_t *t) { return t->wait == AC__W_DONE; }

int ac__task_error(ac_task_t *t) {
  if (t->wait != AC__W_DONE) return AC_ENOTDONE;
  return ac__task_observe(t);
}

/* ================= wait kinds ================= */

/* Process-wide like ac__L, but never reset: a kind keeps its number
 * across ac_run calls. Written on the loop's thread only. */
static ac__waitops_t *kinds[256];
static unsigned nkinds = AC__W_KINDS;

void ac__kind_register(ac__waitops_t *ops) {
  if (nkinds == sizeof kinds / sizeof kinds[0]) {
    fprintf(stderr, "asyncc: more than %u wait kinds\n", nkinds - AC__W_KINDS);
    abort();
  }
  kinds[nkinds] = ops;
  ops->kind_ = (unsigned char)nkinds++;
}

void ac__park(ac__waitops_t *ops, void *record) {
  ac__park_on(ac__L.current, ops, record);
}

void *ac__parked_on(const ac_task_t *t) { return t->u.wait.on; }

ac_task_t *ac__current(void) { return ac__L.current; }

const ac__waitops_t *ac__parked_ops(const ac_task_t *t) {
  return t->wait >= AC__W_KINDS ? kinds[t->wait] : NULL;
}

const char *ac__task_state_name(const ac_task_t *t) {
  switch (t->wait) {
  case AC__W_READY: return "ready";
  case AC__W_RUNNING: return "running";
  case AC__W_TASK: return "awaiting a task";
  case AC__W_DONE: return "finished";
  default: return kinds[t->wait]->name;
  }
}

/* ================= the walk over the task tree ================= */

/* Live tasks form a forest: ac__L.roots and ac__L.orphans, each task with
 * the children it owns. The walk uses an explicit stack, so a chain of a
 * million tasks each created by the previous one needs no C stack. */
typedef struct {
  ac_task_t **a;
  size_t len, cap;
} task_vec;

static void vec_push(task_vec *v, ac_task_t *t) {
  if (v->len == v->cap) {
    v->cap = v->cap != 0 ? v->cap * 2 : 64;
    v->a = ac__realloc(v->a, v->cap * sizeof *v->a);
  }
  v->a[v->len++] = t;
}

static void push_list(task_vec *v, ac__link_t *l) {
  for (; l != NULL; l = l->next)
    vec_push(v, ac__container_of(l, ac_task_t, owned));
}

/* Lists push at the front, so a preorder walk sees the newest sibling
 * first; visiting the preorder backwards gives creation order with
 * children before their owner. */
void ac__walk(void (*fn)(ac_task_t *t, void *arg), void *arg) {
  task_vec order = {NULL, 0, 0}, stack = {NULL, 0, 0};
  size_t i;
  push_list(&stack, ac__L.orphans);
  push_list(&stack, ac__L.roots);
  /* The stack pops the last pushed first; fine, since we reverse below
   * and only need each owner before its children here. */
  while (stack.len > 0) {
    ac_task_t *t = stack.a[--stack.len];
    vec_push(&order, t);
    push_list(&stack, t->children);
  }
  for (i = order.len; i-- > 0;) fn(order.a[i], arg);
  ac__free(order.a);
  ac__free(stack.a);
}
