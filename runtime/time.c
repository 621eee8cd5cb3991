/* time.c - the clock, timers, sleep and wait_for: the only deadline code.
 *
 * Timers are ac__timer_t nodes embedded in what waits (a sleeping task's
 * header, or an ac__tevent_t in a wait's record: wait_for, ac_wait) and
 * kept in one heap (heap.h) or a lane; the scheduler (loop.c) asks for
 * the earliest deadline to arm its single uv_timer_t and calls
 * ac__timers_expire after each batch. The low bit of a timer's seq says
 * which of the two holds it, so the heap stays a heap of bare nodes and a
 * sleeping task needs no callback pointer beside its timer.
 *
 * Sleep and wait_for are wait kinds (asyncc.h's protocol): the core knows
 * them only by their hooks.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <math.h> /* INFINITY */
#include <string.h>
#include <uv.h>

#include "internal.h"

enum { KIND_TASK = 0, KIND_EVENT = 1 };

double ac_now(void) { return (double)ac__clock_ns() / 1e9; }

/* ================= the heap ================= */

/* seq: the start order in steps of 32; bit 0 the kind of the owner, bits
 * 1-4 the lane (1..AC__LANES) or 0 for the heap. */
#define SEQ_STEP 32u
#define LANE_OF(tm) (((tm)->seq >> 1) & 15u)

static uint32_t next_seq(unsigned lane, unsigned kind) {
  ac__L.timer_seq += SEQ_STEP;
  return ac__L.timer_seq | (lane << 1) | kind;
}

/* A timer was started: the earliest deadline can only come closer.
 * Stopping one leaves next_due as it is (at worst early: one more look). */
static void note_deadline(double deadline) {
  if (deadline < ac__L.next_due) ac__L.next_due = deadline;
}

void ac__timer_start(ac__timer_t *tm, double deadline, unsigned kind) {
  ac__heap_t *h = &ac__L.timers;
  if (h->len == h->cap) {
    h->cap = h->cap != 0 ? h->cap * 2 : 64;
    h->a = ac__realloc(h->a, h->cap * sizeof *h->a);
  }
  tm->deadline = deadline;
  tm->seq = next_seq(0, kind);
  ac__heap_push(h, tm);
  note_deadline(deadline);
}

/* A lane slot: the timer's distance from the lane's origin, in 8-byte
 * steps (timers are 8-aligned: they hold a double). Integer arithmetic,
 * since the origin is another object. */
#define SLOT_STOPPED INT32_MIN

static ac__timer_t *slot_timer(const ac__lane_t *ln, int32_t slot) {
  return (ac__timer_t *)(ln->origin + (uintptr_t)((intptr_t)slot * 8));
}

/* The lane's earliest live timer, or NULL; an empty lane starts over at
 * slot 0, so slot numbers stay small. */
static ac__timer_t *lane_front(ac__lane_t *ln) {
  while (ln->head != ln->tail && ln->a[ln->head - ln->base] == SLOT_STOPPED) ln->head++;
  if (ln->head == ln->tail) {
    ln->base = ln->head = ln->tail = 0;
    return NULL;
  }
  return slot_timer(ln, ln->a[ln->head - ln->base]);
}

/* Appends TM; 0 if TM lies too far from the lane's origin for a slot
 * (the caller puts it in the heap). An empty lane takes TM as origin. */
static int lane_push(ac__lane_t *ln, ac__timer_t *tm) {
  intptr_t slot;
  if (ln->head == ln->tail) ln->origin = (uintptr_t)tm;
  slot = (intptr_t)((uintptr_t)tm - ln->origin) / 8;
  if (slot <= SLOT_STOPPED || slot > INT32_MAX) return 0;
  if (ln->tail - ln->base == ln->cap) {
    uint32_t live = ln->tail - ln->head;
    if (ln->cap != 0 && live <= ln->cap / 2) { /* slide the live part down */
      memmove(ln->a, ln->a + (ln->head - ln->base), live * sizeof *ln->a);
      ln->base = ln->head;
    } else {
      ln->cap = ln->cap != 0 ? ln->cap * 2 : 64;
      ln->a = ac__realloc(ln->a, ln->cap * sizeof *ln->a);
    }
  }
  tm->idx = ln->tail;
  ln->a[ln->tail++ - ln->base] = (int32_t)slot;
  return 1;
}

/* The lane for timers of SECONDS: the one of that duration (every timer
 * in a lane has the lane's duration, so its deadlines keep growing even if
 * it is empty now), else an empty one, which takes that duration; NULL if
 * every lane is busy with another duration. */
static ac__lane_t *lane_for(double seconds) {
  unsigned i;
  for (i = 0; i < AC__LANES; i++)
    if (ac__L.lanes[i].dur == seconds) return &ac__L.lanes[i];
  for (i = 0; i < AC__LANES; i++) {
    ac__lane_t *ln = &ac__L.lanes[i];
    if (lane_front(ln) == NULL) {
      ln->dur = seconds;
      return ln;
    }
  }
  return NULL;
}

void ac__timer_start_in(ac__timer_t *tm, double seconds, unsigned kind) {
  ac__lane_t *ln = lane_for(seconds);
  /* lane_push sets idx and the slot; seq must say the lane before any
   * comparison, and it is only compared once the timer is in */
  if (ln == NULL || !lane_push(ln, tm)) { /* more durations than lanes, or far */
    ac__timer_start(tm, ac_now() + seconds, kind);
    return;
  }
  tm->deadline = ac_now() + seconds; /* afresh: a sleep counts from its start */
  tm->seq = next_seq((unsigned)(ln - ac__L.lanes) + 1, kind);
  note_deadline(tm->deadline);
}

void ac__timer_stop(ac__timer_t *tm) {
  unsigned lane = LANE_OF(tm);
  if (tm->idx == AC__HEAP_NONE) return;
  if (lane == 0) {
    ac__heap_remove(&ac__L.timers, tm);
    return;
  }
  ac__lane_t *ln = &ac__L.lanes[lane - 1];
  ln->a[tm->idx - ln->base] = SLOT_STOPPED;
  tm->idx = AC__HEAP_NONE;
}

/* The earliest timer of all (heap top and lane fronts), ties in start
 * order, or NULL. */
static ac__timer_t *earliest(void) {
  ac__timer_t *best = ac__heap_top(&ac__L.timers);
  for (unsigned i = 0; i < AC__LANES; i++) {
    ac__timer_t *tm = lane_front(&ac__L.lanes[i]);
    if (tm != NULL && (best == NULL || ac__timer_before(tm, best))) best = tm;
  }
  return best;
}

double ac__timers_next(void) {
  ac__timer_t *tm = earliest();
  return tm != NULL ? tm->deadline : -1.0;
}

void ac__timers_expire(double now) {
  ac__timer_t *tm;
  if (now < ac__L.next_due) return;
  while ((tm = earliest()) != NULL && tm->deadline <= now) {
    unsigned lane = LANE_OF(tm);
    if (lane == 0) {
      ac__heap_remove(&ac__L.timers, tm);
    } else { /* the front of its lane */
      ac__L.lanes[lane - 1].head++;
      tm->idx = AC__HEAP_NONE;
    }
    if ((tm->seq & 1) == KIND_TASK) {
      ac__wake(ac__container_of(tm, ac_task_t, u.timer), 0);
    } else {
      ac__tevent_t *ev = ac__container_of(tm, ac__tevent_t, tm);
      ev->fire(ev);
    }
  }
  ac__L.next_due = tm != NULL ? tm->deadline : INFINITY;
}

void ac__timers_free(void) {
  ac__heap_t *h = &ac__L.timers;
  ac__free(h->a);
  h->a = NULL;
  h->len = h->cap = 0;
  for (unsigned i = 0; i < AC__LANES; i++) {
    ac__free(ac__L.lanes[i].a);
    memset(&ac__L.lanes[i], 0, sizeof ac__L.lanes[i]);
  }
  ac__L.next_due = INFINITY;
}

void ac__tevent_start_in(ac__tevent_t *ev, double seconds) {
  ac__timer_start_in(&ev->tm, seconds, KIND_EVENT);
}

void ac__tevent_start_at(ac__tevent_t *ev, double deadline) {
  ac__timer_start(&ev->tm, deadline, KIND_EVENT);
}

void ac__tevent_stop(ac__tevent_t *ev) { ac__timer_stop(&ev->tm); }

/* ================= sleep ================= */

/* A sleeping task's timer is its header's union (u.timer). */
static void sleep_cancel(ac_task_t *t) {
  ac__timer_stop(&t->u.timer);
  ac__wake(t, AC_ECANCELED);
}

static void sleep_describe(const ac_task_t *t, ac__describe_t *d) {
  ac__describe_printf(d, "%.3f s left", t->u.timer.deadline - ac_now());
}

static ac__waitops_t sleep_ops = {"sleeping", sleep_cancel, NULL, 0, sleep_describe};

int ac__await_sleep(ac_frame_t *frame, double seconds) {
  ac_task_t *self = ac__L.current;
  (void)frame;
  if (!(seconds > 0)) { /* also NaN: a pure yield, back of the queue */
    ac__wake(self, 0);
    return 1;
  }
  ac__park_state(self, &sleep_ops);
  ac__timer_start_in(&self->u.timer, seconds, KIND_TASK);
  return 1;
}

/* `ac_sleep(s)` without await: a task whose body is `await ac_sleep(s)`,
 * written by hand in the generated-code protocol. */
struct sleep_frame {
  ac_frame_t hdr;
  double seconds;
};

static int sleep_resume(ac_frame_t *hdr) {
  struct sleep_frame *F = (struct sleep_frame *)(void *)hdr;
  switch (F->hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(hdr);
  }
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, F->seconds), fail);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  return AC__DONE;
}

static const ac__fninfo_t sleep_info = {"ac_sleep", __FILE__, __LINE__,
                                        sleep_resume,
                                        sizeof(struct sleep_frame),
                                        _Alignof(struct sleep_frame), NULL};

ac_task__void ac_sleep(double seconds) {
  ac_task__void h;
  ac_frame_t *fr;
  h.t = ac__spawn(&sleep_info, sizeof(ac_void_t), "ac_sleep", 0, &fr, NULL);
  ((struct sleep_frame *)(void *)fr)->seconds = seconds;
  return h;
}

/* ================= wait_for ================= */

/* Waits for T and a deadline at once; whichever comes first. On timeout T
 * is cancelled and still awaited: the waiter resumes only after T's
 * cleanup, with AC_ETIMEDOUT if T ended cancelled, else T's own outcome
 * (an error it threw, or 0 if it swallowed the cancellation). The record
 * is a node in T's waiter list and the waiter's parking record. */
typedef struct {
  ac__wnode_t node; /* in T's waiter list: first, for the tag bits */
  ac__tevent_t timer;
  ac_task_t *waiter, *t;
  int state; /* WF_* */
} waitfor_t;
enum { WF_WAITING, WF_TIMEDOUT, WF_CANCELLED };

static void waitfor_cancel(ac_task_t *waiter) {
  waitfor_t *w = ac__parked_on(waiter);
  int was = w->state;
  ac__tevent_stop(&w->timer);
  w->state = WF_CANCELLED;
  /* After a timeout t is already cancelled; a second cancel would cut its
   * cleanup short. */
  if (was == WF_WAITING) ac__cancel(w->t);
}

static void waitfor_describe(const ac_task_t *waiter, ac__describe_t *d) {
  const waitfor_t *w = ac__parked_on(waiter);
  ac__describe_printf(d, "%.3f s left", w->timer.tm.deadline - ac_now());
  ac__describe_awaits(d, w->t, "wait_for");
}

static ac__waitops_t waitfor_ops = {"in a wait_for", waitfor_cancel, NULL, 0, waitfor_describe};

static void waitfor_timeout(ac__tevent_t *ev) {
  waitfor_t *w = ac__container_of(ev, waitfor_t, timer);
  w->state = WF_TIMEDOUT;
  ac__cancel(w->t);
}

/* The awaited task finished with ERR. */
static void waitfor_fire(ac__wnode_t *n, ac_task_t *t, int err) {
  waitfor_t *w = (waitfor_t *)(void *)n;
  ac_task_t *waiter = w->waiter;
  ac__task_observe(t);
  ac__tevent_stop(&w->timer);
  if (w->state == WF_TIMEDOUT && err == AC_ECANCELED)
    err = AC_ETIMEDOUT;
  else if (w->state == WF_CANCELLED)
    err = AC_ECANCELED;
  ac__free(w);
  ac__wake_hop(waiter, err); /* asyncio: _release_waiter, then wake-up */
}

int ac__await_wait_for(ac_frame_t *frame, ac_task_t *t, double seconds) {
  waitfor_t *w;
  if (t->wait == AC__W_DONE) {
    frame->err = ac__task_observe(t);
    return 0;
  }
  w = ac__malloc(sizeof *w);
  w->node.fire = waitfor_fire;
  w->timer.fire = waitfor_timeout;
  w->waiter = ac__L.current;
  w->t = t;
  w->state = WF_WAITING;
  w->timer.tm.idx = AC__HEAP_NONE;
  ac__waiter_push(t, (uintptr_t)w | AC__WT_NODE);
  ac__tevent_start_in(&w->timer, seconds);
  ac__park_on(w->waiter, &waitfor_ops, w);
  return 1;
}
