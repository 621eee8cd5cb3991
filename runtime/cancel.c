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
 * count into a record of a side table keyed by the task's address (the
 * 64-byte task header has no room) and marks the task AC__F_CANCEL_REC:
 * open addressing with linear probing, at most half full, deletion by
 * moving the rest of the run back (no tombstones). When ac_uncancel brings
 * the count to 0, the record and the marks go (AC__F_CANCEL_PENDING too: a
 * request the task made on itself, not delivered yet), as asyncio 3.13's
 * uncancel clears _must_cancel. Loop thread only, like cancellation.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdint.h>

#include "internal.h"

typedef struct {
  const ac_task_t *t; /* NULL: an empty slot */
  int count;          /* requests pending */
  int reason;         /* given with the first of them */
} cancel_rec;

/* Process-wide like ac__L; emptied as tasks are freed, and given back to
 * malloc when its last record goes. */
static struct {
  cancel_rec *a;
  size_t cap, len; /* cap: 0 or a power of two */
} recs;

static size_t home_of(const ac_task_t *t, size_t cap) {
  uintptr_t h = (uintptr_t)t >> 4; /* slab blocks are 16-byte aligned */
  h ^= h >> 15;
  h *= (uintptr_t)0x9E3779B97F4A7C15u;
  return (size_t)(h >> 9) & (cap - 1);
}

static cancel_rec *find(const ac_task_t *t) {
  if (recs.cap == 0) return NULL;
  for (size_t i = home_of(t, recs.cap); recs.a[i].t != NULL; i = (i + 1) & (recs.cap - 1))
    if (recs.a[i].t == t) return &recs.a[i];
  return NULL;
}

static cancel_rec *place(cancel_rec r) {
  size_t i = home_of(r.t, recs.cap);
  while (recs.a[i].t != NULL) i = (i + 1) & (recs.cap - 1);
  recs.a[i] = r;
  return &recs.a[i];
}

static void grow(void) {
  cancel_rec *old = recs.a;
  size_t old_cap = recs.cap;
  recs.cap = old_cap != 0 ? old_cap * 2 : 16;
  recs.a = ac__calloc(recs.cap, sizeof *recs.a);
  for (size_t i = 0; i < old_cap; i++)
    if (old[i].t != NULL) place(old[i]);
  ac__free(old);
}

/* Empties slot HOLE, then moves back each later entry of its run that
 * could no longer be found across the hole. */
static void remove_rec(cancel_rec *r) {
  size_t mask = recs.cap - 1, hole = (size_t)(r - recs.a), i = hole;
  recs.a[hole].t = NULL;
  for (;;) {
    i = (i + 1) & mask;
    if (recs.a[i].t == NULL) break;
    size_t home = home_of(recs.a[i].t, recs.cap);
    /* it stays if its home lies cyclically in (hole, i] */
    int stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
    if (stays) continue;
    recs.a[hole] = recs.a[i];
    recs.a[i].t = NULL;
    hole = i;
  }
  if (--recs.len == 0) {
    ac__free(recs.a);
    recs.a = NULL;
    recs.cap = 0;
  }
}

/* T's record, made if it has none: its count so far is COUNT. */
static cancel_rec *record_of(ac_task_t *t, int count) {
  cancel_rec *r = (t->flags & AC__F_CANCEL_REC) ? find(t) : NULL;
  if (r != NULL) return r;
  if (2 * (recs.len + 1) > recs.cap) grow();
  r = place((cancel_rec){t, count, 0});
  recs.len++;
  t->flags |= AC__F_CANCEL_REC;
  return r;
}

void ac__cancel_request(ac_task_t *t, int reason) {
  if (!(t->flags & AC__F_CANCELLED)) { /* the first: the mark counts it */
    if (reason != 0) record_of(t, 1)->reason = reason;
    return;
  }
  record_of(t, 1)->count++;
}

void ac__cancel_forget(ac_task_t *t) {
  cancel_rec *r = find(t);
  if (r != NULL) remove_rec(r);
  t->flags &= (uint16_t)~AC__F_CANCEL_REC;
}

static const cancel_rec *cfind(const ac_task_t *t) {
  return (t->flags & AC__F_CANCEL_REC) ? find(t) : NULL;
}

int ac__cancelling(const ac_task_t *t) {
  const cancel_rec *r = cfind(t);
  if (r != NULL) return r->count;
  return (t->flags & AC__F_CANCELLED) ? 1 : 0;
}

int ac__cancel_reason(const ac_task_t *t) {
  const cancel_rec *r = cfind(t);
  return r != NULL ? r->reason : 0;
}

int ac__uncancel(ac_task_t *t) {
  cancel_rec *r = (t->flags & AC__F_CANCEL_REC) ? find(t) : NULL;
  if (!(t->flags & AC__F_CANCELLED)) return 0;
  if (r != NULL && --r->count > 0) return r->count;
  ac__cancel_forget(t);
  t->flags &= (uint16_t)~(AC__F_CANCELLED | AC__F_CANCEL_PENDING);
  return 0;
}
