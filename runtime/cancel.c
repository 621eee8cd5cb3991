/* cancel.c - cancellation requests: how many are pending on a task
 * (asyncio's cancelling()), the reason given with the first, their
 * withdrawal (uncancel).
 *
 * Takes: task.c calls ac__cancel_request for every request it applies to
 * an unfinished task (each one down an `await u` chain) just before it
 * marks the task AC__F_CANCELLED, and ac__cancel_forget when it frees a
 * task marked AC__F_CANCEL_REC.
 *
 * The common case costs no memory: AC__F_CANCELLED alone means one
 * request, without a reason (a gather's or wait_for's cancel, ac_run's
 * cleanup: W7's 100k timeouts). A second request, or a reason, moves the
 * count into the task's side record (side.c; the 64-byte task header has
 * no room) and marks the task AC__F_CANCEL_REC. When ac_uncancel brings
 * the count to 0, the record and the marks go (AC__F_CANCEL_PENDING too: a
 * request the task made on itself, not delivered yet), as asyncio 3.13's
 * uncancel clears _must_cancel. Loop thread only, like cancellation.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdint.h>

#include "internal.h"

/* T's record, its cancel fields put in use if they were not: its count
 * so far is COUNT. */
static ac__side_t *record_of(ac_task_t *t, int count) {
  ac__side_t *r = ac__side_get(t);
  if (!(t->flags & AC__F_CANCEL_REC)) {
    r->cancel_count = count;
    r->cancel_reason = 0;
    t->flags |= AC__F_CANCEL_REC;
  }
  return r;
}

void ac__cancel_request(ac_task_t *t, int reason) {
  if (!(t->flags & AC__F_CANCELLED)) { /* the first: the mark counts it */
    if (reason != 0) record_of(t, 1)->cancel_reason = reason;
    return;
  }
  record_of(t, 1)->cancel_count++;
}

void ac__cancel_forget(ac_task_t *t) {
  t->flags &= (uint16_t)~AC__F_CANCEL_REC;
  if (!(t->flags & AC__F_NAMED)) ac__side_drop(t);
}

static const ac__side_t *cfind(const ac_task_t *t) {
  return (t->flags & AC__F_CANCEL_REC) ? ac__side_find(t) : NULL;
}

int ac__cancelling(const ac_task_t *t) {
  const ac__side_t *r = cfind(t);
  if (r != NULL) return r->cancel_count;
  return (t->flags & AC__F_CANCELLED) ? 1 : 0;
}

int ac__cancel_reason(const ac_task_t *t) {
  const ac__side_t *r = cfind(t);
  return r != NULL ? r->cancel_reason : 0;
}

int ac__uncancel(ac_task_t *t) {
  ac__side_t *r = (t->flags & AC__F_CANCEL_REC) ? ac__side_find(t) : NULL;
  if (!(t->flags & AC__F_CANCELLED)) return 0;
  if (r != NULL && --r->cancel_count > 0) return r->cancel_count;
  ac__cancel_forget(t);
  t->flags &= (uint16_t)~(AC__F_CANCELLED | AC__F_CANCEL_PENDING);
  return 0;
}
