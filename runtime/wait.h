/* wait.h - waiter lists and runtime-written awaits for sync.c and queue.c.
 *
 * asyncio writes acquire(), get() and friends as coroutines that park on
 * a future and, once woken, run more code in the waiting task (re-check,
 * pass a wake-up on when cancelled). We keep that shape: an await that
 * must wait pushes a small frame of the runtime's own above the caller's
 * (as `await f()` does), whose resume function parks the task on the
 * object, and runs again in the task when it is woken or cancelled. So a
 * wake-up that arrives just before a cancellation is still seen by the
 * primitive, whatever the ready queue did in between.
 *
 * (queue.c's get and put do the same without the frame: ac__opwait_t.)
 *
 * A waiter is a future in asyncio's sense: PENDING, then WOKEN (result
 * set) or CANCELLED, and the task is parked on it (one wait kind for
 * every object but the queue, which has its own; asyncc.h's protocol).
 */
#ifndef AC_WAIT_H
#define AC_WAIT_H

#include "internal.h"

enum { AC__WS_PENDING, AC__WS_WOKEN, AC__WS_CANCELLED };

typedef struct ac__waiter_s ac__waiter_t;
struct ac__waiter_s {
  ac__waiter_t *next, *prev;
  ac__wlist_t *list; /* the list it is in, or NULL */
  ac_task_t *task;
  int state;         /* AC__WS_* */
  int unlink_on_cancel; /* queues: asyncio drops a cancelled getter at once */
};

/* The list, the park and the wake are inline: a queue message does each
 * twice. */
static inline void ac__wlist_append(ac__wlist_t *l, ac__waiter_t *w) {
  w->next = NULL;
  w->prev = l->tail;
  if (l->tail != NULL)
    l->tail->next = w;
  else
    l->head = w;
  l->tail = w;
  w->list = l;
}

/* Unlinks W from its list; no-op if it is in none. */
static inline void ac__wlist_remove(ac__waiter_t *w) {
  ac__wlist_t *l = w->list;
  if (l == NULL) return;
  if (w->prev != NULL)
    w->prev->next = w->next;
  else
    l->head = w->next;
  if (w->next != NULL)
    w->next->prev = w->prev;
  else
    l->tail = w->prev;
  w->next = w->prev = NULL;
  w->list = NULL;
}

/* 1 if some waiter of L is not cancelled (pending or woken). */
int ac__wlist_live(const ac__wlist_t *l);

/* The wait kind of every waiter (wait.c). */
extern ac__waitops_t ac__waiter_ops;

/* ac__waiter_ops' hooks, for a wait kind that describes its waits better
 * (stream.c, process.c: the peer, the pid) and cancels them alike. */
void ac__waiter_cancel(ac_task_t *t);
void ac__waiter_describe(const ac_task_t *t, ac__describe_t *d);

/* Parks the running task on W, appended to L, as a wait of kind OPS (call
 * from a runtime frame's resume function, which then returns
 * AC__SUSPENDED). */
static inline void ac__wait_park_as(ac__waiter_t *w, ac__wlist_t *l, ac__waitops_t *ops) {
  w->task = ac__L.current;
  w->state = AC__WS_PENDING;
  ac__wlist_append(l, w);
  ac__park_on(w->task, ops, w);
}

/* The same, of the common kind ac__waiter_ops. */
static inline void ac__wait_park(ac__waiter_t *w, ac__wlist_t *l) {
  ac__wait_park_as(w, l, &ac__waiter_ops);
}

/* Sets W's result: WOKEN, and its task ready with outcome 0. */
static inline void ac__wait_wake(ac__waiter_t *w) {
  w->state = AC__WS_WOKEN;
  ac__ready_push(w->task, 0);
}

/* A zeroed runtime frame of INFO->frame_size + EXTRA bytes, for the caller
 * to push with ac__await_call (its resume runs at once, at state 0) and
 * return that call's result. INFO has no lines: ac_dump_tasks shows the
 * line of the await that pushed it. */
ac_frame_t *ac__op_frame(const ac__fninfo_t *info, size_t extra);

/* For a wait whose caller has already looked and must wait: a runtime
 * frame (ac__op_frame_raw: only its headers set, the caller sets every
 * field its resume reads) pushed above FRAME with the running task parked
 * in it at state 1 on W, appended to L, in one step; its resume first runs
 * when the task is woken or cancelled. The wait costs no state-0 resume
 * and no zeroing. Returns what the await returns. */
static inline ac_frame_t *ac__op_frame_raw(const ac__fninfo_t *info, size_t extra) {
  return ac__frame_alloc_raw(info, extra);
}
static inline int ac__op_park(ac_frame_t *frame, ac_frame_t *op, ac__waiter_t *w,
                              ac__wlist_t *l) {
  AC__FHEAD(op)->parent = frame; /* ac__await_call */
  ac__L.current->top = op;
  op->state = 1;
  ac__wait_park(w, l);
  return 1; /* the driver sees the task parked and does not resume OP */
}

#endif /* AC_WAIT_H */
