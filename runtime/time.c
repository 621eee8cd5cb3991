/* time.c - the clock, timers, sleep and wait_for: the only deadline code.
 *
 * Timers are ac__timer_t nodes embedded in what waits (a sleeping task's
 * header, a wait_for record) and kept in one heap (heap.h); the scheduler
 * (loop.c) asks for the earliest deadline to arm its single uv_timer_t and
 * calls ac__timers_expire after each batch. The low bit of a timer's seq
 * says which kind of object holds it, so the heap stays a heap of bare
 * nodes.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <uv.h>

#include "internal.h"

enum { KIND_TASK = 0, KIND_WAITFOR = 1 };

double ac_now(void) { return (double)uv_hrtime() / 1e9; }

/* ================= the heap ================= */

void ac__timer_start(ac__timer_t *tm, double deadline, unsigned kind) {
  ac__heap_t *h = &ac__L.timers;
  if (h->len == h->cap) {
    h->cap = h->cap != 0 ? h->cap * 2 : 64;
    h->a = ac__realloc(h->a, h->cap * sizeof *h->a);
  }
  tm->deadline = deadline;
  ac__L.timer_seq += 2;
  tm->seq = ac__L.timer_seq | kind;
  ac__heap_push(h, tm);
}

void ac__timer_stop(ac__timer_t *tm) {
  if (tm->idx != AC__HEAP_NONE) ac__heap_remove(&ac__L.timers, tm);
}

double ac__timers_next(void) {
  ac__timer_t *tm = ac__heap_top(&ac__L.timers);
  return tm != NULL ? tm->deadline : -1.0;
}

static void waitfor_timeout(ac__waitfor_t *w);

void ac__timers_expire(double now) {
  ac__heap_t *h = &ac__L.timers;
  ac__timer_t *tm;
  while ((tm = ac__heap_top(h)) != NULL && tm->deadline <= now) {
    ac__heap_remove(h, tm);
    if ((tm->seq & 1) == KIND_TASK)
      ac__wake(ac__container_of(tm, ac_task_t, u.timer), 0);
    else
      waitfor_timeout(ac__container_of(tm, ac__waitfor_t, timer));
  }
}

void ac__timers_free(void) {
  ac__heap_t *h = &ac__L.timers;
  ac__free(h->a);
  h->a = NULL;
  h->len = h->cap = 0;
}

/* ================= sleep ================= */

int ac__await_sleep(ac_frame_t *frame, double seconds) {
  ac_task_t *self = ac__L.current;
  (void)frame;
  if (!(seconds > 0)) { /* also NaN: a pure yield, back of the queue */
    ac__wake(self, 0);
    return 1;
  }
  self->wait = AC__W_SLEEP;
  ac__timer_start(&self->u.timer, ac_now() + seconds, KIND_TASK);
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
                                        sizeof(struct sleep_frame)};

ac_task__void ac_sleep(double seconds) {
  ac_task__void h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(&sleep_info, sizeof(ac_void_t), "ac_sleep", 0, &fr, &r);
  h.r = r;
  ((struct sleep_frame *)(void *)fr)->seconds = seconds;
  return h;
}

/* ================= wait_for ================= */

/* Waits for T and a deadline at once; whichever comes first. On timeout T
 * is cancelled and still awaited: the waiter resumes only after T's
 * cleanup, with AC_ETIMEDOUT if T ended cancelled, else T's own outcome
 * (an error it threw, or 0 if it swallowed the cancellation). */
int ac__await_wait_for(ac_frame_t *frame, ac_task_t *t, double seconds) {
  ac_task_t *self = ac__L.current;
  ac__waitfor_t *w;
  if (t->wait == AC__W_DONE) {
    frame->err = ac__task_observe(t);
    return 0;
  }
  w = ac__malloc(sizeof *w);
  w->waiter = self;
  w->t = t;
  w->state = AC__WF_WAITING;
  w->timer.idx = AC__HEAP_NONE;
  ac__waiter_push(t, (uintptr_t)w | AC__WT_WAITFOR);
  ac__timer_start(&w->timer, ac_now() + seconds, KIND_WAITFOR);
  self->wait = AC__W_WAITFOR;
  self->u.wait.on = w;
  return 1;
}

static void waitfor_timeout(ac__waitfor_t *w) {
  w->state = AC__WF_TIMEDOUT;
  ac__cancel(w->t);
}

void ac__waitfor_cancel(ac__waitfor_t *w) {
  int was = w->state;
  ac__timer_stop(&w->timer);
  w->state = AC__WF_CANCELLED;
  /* After a timeout t is already cancelled; a second cancel would cut its
   * cleanup short. */
  if (was == AC__WF_WAITING) ac__cancel(w->t);
}

/* The awaited task finished with ERR. */
void ac__waitfor_fire(ac__waitfor_t *w, int err) {
  ac_task_t *waiter = w->waiter;
  ac__task_observe(w->t);
  ac__timer_stop(&w->timer);
  if (w->state == AC__WF_TIMEDOUT && err == AC_ECANCELED)
    err = AC_ETIMEDOUT;
  else if (w->state == AC__WF_CANCELLED)
    err = AC_ECANCELED;
  ac__free(w);
  ac__wake_hop(waiter, err); /* asyncio: _release_waiter, then wake-up */
}
