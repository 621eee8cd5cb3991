/* shield.c - `await ac_shield(t)`: waits for T, but a cancellation of the
 * waiter leaves T running.
 *
 * A wait kind (asyncc.h's protocol) whose task waits in T's waiter list
 * as itself, like `await t`, so it costs no record: u.wait.on is T and
 * u.wait.link the list's link. The core tells it T's end through the
 * settle hook. Guarantees asyncio's timing: the waiter wakes one round
 * after T's end (T's done-callback sets shield's outer future, whose own
 * callback wakes the waiter), and a cancel in the round that woke it
 * drops that hop (asyncio cancels the outer future, not yet set).
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include "internal.h"

/* Stop waiting; what we waited on runs on. */
static void shield_cancel(ac_task_t *w) { ac__task_unstick(w); }

/* The shielded task ended with ERR: W wakes one round late, and notes the
 * round, for a cancel in that round (task.c's cancel_one). */
static void shield_settle(ac_task_t *w, int err) {
  ac__wake_hop(w, err);
  w->flags |= AC__F_HOP_DROP;
  w->u.ready.round = ac__L.round;
}

static void shield_describe(const ac_task_t *w, ac__describe_t *d) {
  ac__describe_printf(d, "through a shield");
  ac__describe_awaits(d, ac__parked_on(w), "shield");
}

static ac__waitops_t shield_ops = {"awaiting a task", shield_cancel, shield_settle, 0,
                                   shield_describe};

int ac__await_shield(ac_frame_t *frame, ac_task_t *t) {
  ac_task_t *self = ac__L.current;
  if (t->wait == AC__W_DONE) {
    frame->err = ac__task_observe(t);
    return 0;
  }
  ac__park_on(self, &shield_ops, t);
  self->u.wait.link = 0;
  ac__waiter_push(t, (uintptr_t)self | AC__WT_TASK);
  return 1;
}
