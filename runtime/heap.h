/* heap.h - the timer min-heap, header-only.
 *
 * A binary heap of pointers to ac__timer_t nodes that are embedded in the
 * objects that sleep (a task, a wait_for record): no allocation per timer,
 * and a node knows its own index so removal (cancel, wait_for finishing
 * first) is O(log n). The array itself grows in time.c, the one file that
 * manages deadlines; here the caller guarantees room before a push.
 *
 * Order: earliest deadline first; equal deadlines in start order, by a
 * sequence number stamped at push (libuv's timer.c does the same with
 * start_id). The sequence is 32 bits compared modulo 2^32, which is exact
 * as long as fewer than 2^31 timers separate two live ones.
 */
#ifndef AC_HEAP_H
#define AC_HEAP_H

#include <stdint.h>

#define AC__HEAP_NONE UINT32_MAX /* idx of a timer that is in no heap */

typedef struct ac__timer_s {
  double deadline; /* ac_now() seconds */
  uint32_t idx;    /* position in the heap, or AC__HEAP_NONE */
  uint32_t seq;    /* start order; the low bit is the owner's kind (time.c) */
} ac__timer_t;

typedef struct ac__heap_s {
  ac__timer_t **a;
  uint32_t len, cap;
} ac__heap_t;

static inline int ac__timer_before(const ac__timer_t *x, const ac__timer_t *y) {
  if (x->deadline != y->deadline) return x->deadline < y->deadline;
  return (int32_t)(x->seq - y->seq) < 0;
}

static inline void ac__heap_set(ac__heap_t *h, uint32_t i, ac__timer_t *t) {
  h->a[i] = t;
  t->idx = i;
}

static inline void ac__heap_up(ac__heap_t *h, uint32_t i) {
  ac__timer_t *t = h->a[i];
  while (i > 0) {
    uint32_t p = (i - 1) / 2;
    if (!ac__timer_before(t, h->a[p])) break;
    ac__heap_set(h, i, h->a[p]);
    i = p;
  }
  ac__heap_set(h, i, t);
}

static inline void ac__heap_down(ac__heap_t *h, uint32_t i) {
  ac__timer_t *t = h->a[i];
  for (;;) {
    uint32_t c = 2 * i + 1;
    if (c >= h->len) break;
    if (c + 1 < h->len && ac__timer_before(h->a[c + 1], h->a[c])) c++;
    if (!ac__timer_before(h->a[c], t)) break;
    ac__heap_set(h, i, h->a[c]);
    i = c;
  }
  ac__heap_set(h, i, t);
}

/* Inserts T; the caller made sure len < cap. */
static inline void ac__heap_push(ac__heap_t *h, ac__timer_t *t) {
  h->a[h->len] = t;
  t->idx = h->len++;
  ac__heap_up(h, t->idx);
}

/* Removes T, which is in H. */
static inline void ac__heap_remove(ac__heap_t *h, ac__timer_t *t) {
  uint32_t i = t->idx;
  ac__timer_t *last = h->a[--h->len];
  t->idx = AC__HEAP_NONE;
  if (last == t) return;
  ac__heap_set(h, i, last);
  if (i > 0 && ac__timer_before(last, h->a[(i - 1) / 2]))
    ac__heap_up(h, i);
  else
    ac__heap_down(h, i);
}

static inline ac__timer_t *ac__heap_top(const ac__heap_t *h) {
  return h->len > 0 ? h->a[0] : NULL;
}

#endif /* AC_HEAP_H */
