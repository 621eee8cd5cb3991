/* side.c - per-task side records: what a few tasks need and the 64-byte
 * task header has no room for (a name, pending cancellation requests).
 *
 * Takes: names.c and cancel.c, loop thread only. Guarantees: one record
 * per task at most, keyed by the task's address, zeroed when made; a
 * pointer to it stays valid until the next ac__side_get or ac__side_drop
 * (the table may move). The owners mark the task (AC__F_NAMED,
 * AC__F_CANCEL_REC) so that a task without a record costs one flag test,
 * and drop the record when neither mark is left.
 *
 * Open addressing with linear probing, at most half full; deletion moves
 * the rest of the run back (Knuth's algorithm R, no tombstones); the
 * table goes back to malloc when its last record goes.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdint.h>

#include "internal.h"

static struct {
  ac__side_t *a;
  size_t cap, len; /* cap: 0 or a power of two */
} side;

static size_t home_of(const ac_task_t *t, size_t cap) {
  uintptr_t h = (uintptr_t)t >> 4; /* slab blocks are 16-byte aligned */
  h ^= h >> 15;
  h *= (uintptr_t)0x9E3779B97F4A7C15u;
  return (size_t)(h >> 9) & (cap - 1);
}

ac__side_t *ac__side_find(const ac_task_t *t) {
  if (side.cap == 0) return NULL;
  for (size_t i = home_of(t, side.cap); side.a[i].t != NULL; i = (i + 1) & (side.cap - 1))
    if (side.a[i].t == t) return &side.a[i];
  return NULL;
}

static ac__side_t *place(ac__side_t r) {
  size_t i = home_of(r.t, side.cap);
  while (side.a[i].t != NULL) i = (i + 1) & (side.cap - 1);
  side.a[i] = r;
  return &side.a[i];
}

static void grow(void) {
  ac__side_t *old = side.a;
  size_t old_cap = side.cap;
  side.cap = old_cap != 0 ? old_cap * 2 : 16;
  side.a = ac__calloc(side.cap, sizeof *side.a);
  for (size_t i = 0; i < old_cap; i++)
    if (old[i].t != NULL) place(old[i]);
  ac__free(old);
}

ac__side_t *ac__side_get(const ac_task_t *t) {
  ac__side_t *r = ac__side_find(t);
  if (r != NULL) return r;
  if (2 * (side.len + 1) > side.cap) grow();
  side.len++;
  return place((ac__side_t){.t = t});
}

void ac__side_drop(const ac_task_t *t) {
  ac__side_t *r = ac__side_find(t);
  if (r == NULL) return;
  size_t mask = side.cap - 1, hole = (size_t)(r - side.a), i = hole;
  side.a[hole].t = NULL;
  for (;;) {
    i = (i + 1) & mask;
    if (side.a[i].t == NULL) break;
    size_t home = home_of(side.a[i].t, side.cap);
    /* the entry at I stays if its home lies cyclically in (hole, i] */
    if (hole <= i ? (hole < home && home <= i) : (hole < home || home <= i)) continue;
    side.a[hole] = side.a[i];
    side.a[i].t = NULL;
    hole = i;
  }
  if (--side.len == 0) {
    ac__free(side.a);
    side.a = NULL;
    side.cap = 0;
  }
}
