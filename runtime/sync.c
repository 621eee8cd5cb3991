/* sync.c - Lock, Event, Condition, Semaphore, Barrier: asyncio's (3.11),
 * step for step, so programs wake in the same order as under CPython.
 *
 * Each await has a fast path that completes without suspending, and
 * otherwise pushes a runtime frame (wait.h) whose resume function is the
 * rest of asyncio's coroutine: the part after `await fut`. Those resume
 * functions are written like generated code (switch on state, AC__AWAIT),
 * so a Condition wait awaits a Lock acquire and a Barrier awaits both.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdint.h>

#include "wait.h"

#define OP_INFO(name, frame_type)                                      \
  static const ac__fninfo_t name##_info = {#name, "<asyncc runtime>", 0, \
                                           name##_resume,              \
                                           sizeof(frame_type),         \
                                           _Alignof(frame_type), NULL}

/* ================= Lock ================= */

void ac_lock_init(ac_lock_t *l) {
  l->locked_ = 0;
  l->waiters_.head = l->waiters_.tail = NULL;
}

int ac_lock_destroy(ac_lock_t *l) {
  return l->waiters_.head != NULL ? AC_EBUSY : 0;
}

int ac_lock_locked(const ac_lock_t *l) { return l->locked_; }

/* asyncio looks at the first waiter only: a woken or cancelled one that
 * has not run yet blocks the wake-up until it runs and passes it on. */
static void lock_wake_first(ac_lock_t *l) {
  ac__waiter_t *w = l->waiters_.head;
  if (w != NULL && w->state == AC__WS_PENDING) ac__wait_wake(w);
}

int ac_lock_release(ac_lock_t *l) {
  if (!l->locked_) return AC_EINVAL;
  l->locked_ = 0;
  lock_wake_first(l);
  return 0;
}

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;
  ac_lock_t *l;
} lock_frame_t;

static int lock_acquire_resume(ac_frame_t *hdr) {
  lock_frame_t *F = (lock_frame_t *)(void *)hdr;
  if (hdr->state == 0) {
    ac__wait_park(&F->w, &F->l->waiters_);
    hdr->state = 1;
    return AC__SUSPENDED;
  }
  ac__wlist_remove(&F->w);
  if (hdr->err != 0) {
    /* Woken and then cancelled before it ran: the lock is free and
     * nobody else was told; tell the next one. */
    if (!F->l->locked_) lock_wake_first(F->l);
    return AC__DONE;
  }
  F->l->locked_ = 1;
  return AC__DONE;
}
OP_INFO(lock_acquire, lock_frame_t);

int ac__await_lock_acquire(ac_frame_t *frame, ac_lock_t *l) {
  lock_frame_t *F;
  if (!l->locked_ && !ac__wlist_live(&l->waiters_)) {
    l->locked_ = 1;
    frame->err = 0;
    return 0;
  }
  F = (lock_frame_t *)(void *)ac__op_frame(&lock_acquire_info, 0);
  F->l = l;
  return ac__await_call(frame, &F->hdr);
}

/* ================= Event ================= */

void ac_event_init(ac_event_t *e) {
  e->set_ = 0;
  e->waiters_.head = e->waiters_.tail = NULL;
}

int ac_event_destroy(ac_event_t *e) {
  return e->waiters_.head != NULL ? AC_EBUSY : 0;
}

int ac_event_is_set(const ac_event_t *e) { return e->set_; }

void ac_event_clear(ac_event_t *e) { e->set_ = 0; }

void ac_event_set(ac_event_t *e) {
  AC__DEBUG_THREAD("ac_event_set");
  if (e->set_) return;
  e->set_ = 1;
  for (ac__waiter_t *w = e->waiters_.head; w != NULL; w = w->next)
    if (w->state == AC__WS_PENDING) ac__wait_wake(w);
}

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;
  ac_event_t *e;
} event_frame_t;

static int event_wait_resume(ac_frame_t *hdr) {
  event_frame_t *F = (event_frame_t *)(void *)hdr;
  if (hdr->state == 0) {
    ac__wait_park(&F->w, &F->e->waiters_);
    hdr->state = 1;
    return AC__SUSPENDED;
  }
  ac__wlist_remove(&F->w);
  return AC__DONE; /* err: 0 or AC_ECANCELED */
}
OP_INFO(event_wait, event_frame_t);

int ac__await_event_wait(ac_frame_t *frame, ac_event_t *e) {
  event_frame_t *F;
  if (e->set_) {
    frame->err = 0;
    return 0;
  }
  F = (event_frame_t *)(void *)ac__op_frame(&event_wait_info, 0);
  F->e = e;
  return ac__await_call(frame, &F->hdr);
}

/* ================= Condition ================= */

void ac_cond_init(ac_cond_t *c, ac_lock_t *lock) {
  c->lock_ = lock;
  ac_lock_init(&c->own_lock_);
  c->waiters_.head = c->waiters_.tail = NULL;
}

int ac_cond_destroy(ac_cond_t *c) {
  if (c->waiters_.head != NULL) return AC_EBUSY;
  return ac_lock_destroy(&c->own_lock_);
}

ac_lock_t *ac_cond_lock(ac_cond_t *c) {
  return c->lock_ != NULL ? c->lock_ : &c->own_lock_;
}

int ac__await_cond_acquire(ac_frame_t *frame, ac_cond_t *c) {
  return ac__await_lock_acquire(frame, ac_cond_lock(c));
}

int ac_cond_release(ac_cond_t *c) { return ac_lock_release(ac_cond_lock(c)); }

int ac_cond_locked(const ac_cond_t *c) {
  return c->lock_ != NULL ? c->lock_->locked_ : c->own_lock_.locked_;
}

int ac_cond_notify(ac_cond_t *c, size_t n) {
  size_t i = 0;
  if (!ac_cond_locked(c)) return AC_EINVAL;
  for (ac__waiter_t *w = c->waiters_.head; w != NULL && i < n; w = w->next)
    if (w->state == AC__WS_PENDING) {
      i++;
      ac__wait_wake(w);
    }
  return 0;
}

int ac_cond_notify_all(ac_cond_t *c) { return ac_cond_notify(c, SIZE_MAX); }

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;
  ac_cond_t *c;
  int cancelled;
} cond_frame_t;

/* release; wait for a notify; then take the lock back whatever happens,
 * retrying through cancellations, and only then report one. */
static int cond_wait_resume(ac_frame_t *hdr) {
  cond_frame_t *F = (cond_frame_t *)(void *)hdr;
  switch (hdr->state) {
  case 0: break;
  case 1: goto woken;
  case 2: goto ac_resume_2;
  default: return ac__bad_state(hdr);
  }
  ac_lock_release(ac_cond_lock(F->c)); /* checked held by the await */
  ac__wait_park(&F->w, &F->c->waiters_);
  hdr->state = 1;
  return AC__SUSPENDED;
woken:
  ac__wlist_remove(&F->w);
  F->cancelled = hdr->err != 0;
  for (;;) {
    AC__AWAIT(hdr, 2, ac__await_lock_acquire(hdr, ac_cond_lock(F->c)),
              retry);
    break;
  retry:
    F->cancelled = 1;
  }
  hdr->err = F->cancelled ? AC_ECANCELED : 0;
  return AC__DONE;
}
OP_INFO(cond_wait, cond_frame_t);

int ac__await_cond_wait(ac_frame_t *frame, ac_cond_t *c) {
  cond_frame_t *F;
  if (!ac_cond_locked(c)) {
    frame->err = AC_EINVAL;
    return 0;
  }
  F = (cond_frame_t *)(void *)ac__op_frame(&cond_wait_info, 0);
  F->c = c;
  return ac__await_call(frame, &F->hdr);
}

/* Condition.wait_for: `while not predicate(): await self.wait()`. */
typedef struct {
  ac_frame_t hdr;
  ac_cond_t *c;
  ac_cond_pred_fn pred;
  void *arg;
  int *out;
  int value;
} cond_wait_for_frame_t;

static int cond_wait_for_resume(ac_frame_t *hdr) {
  cond_wait_for_frame_t *F = (cond_wait_for_frame_t *)(void *)hdr;
  switch (hdr->state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto wait; /* the await called PRED already: wait first */
  default: return ac__bad_state(hdr);
  }
  while ((F->value = F->pred(F->arg)) == 0) {
  wait:
    AC__AWAIT(hdr, 1, ac__await_cond_wait(hdr, F->c), out);
  }
  if (F->out != NULL) *F->out = F->value;
  hdr->err = 0;
out:
  return AC__DONE;
}
OP_INFO(cond_wait_for, cond_wait_for_frame_t);

int ac_cond_wait_for__await(ac_frame_t *frame, int *result, ac_cond_t *c,
                            ac_cond_pred_fn pred, void *arg) {
  cond_wait_for_frame_t *F;
  int value = pred(arg);
  if (value != 0 || !ac_cond_locked(c)) { /* no wait: done, or the wait's error */
    if (value != 0 && result != NULL) *result = value;
    frame->err = value != 0 ? 0 : AC_EINVAL;
    return 0;
  }
  F = (cond_wait_for_frame_t *)(void *)ac__op_frame(&cond_wait_for_info, 0);
  F->c = c;
  F->pred = pred;
  F->arg = arg;
  F->out = result;
  F->value = value;
  F->hdr.state = 2; /* PRED was just called: start by waiting */
  return ac__await_call(frame, &F->hdr);
}

/* ================= Semaphore ================= */

static int sem_setup(ac_sem_t *s, long value, long bound) {
  if (value < 0) return AC_EINVAL;
  s->value_ = value;
  s->bound_ = bound;
  s->waiters_.head = s->waiters_.tail = NULL;
  return 0;
}

int ac_sem_init(ac_sem_t *s, long value) { return sem_setup(s, value, -1); }

int ac_bounded_sem_init(ac_sem_t *s, long value) {
  return sem_setup(s, value, value);
}

int ac_sem_destroy(ac_sem_t *s) {
  return s->waiters_.head != NULL ? AC_EBUSY : 0;
}

long ac_sem_value(const ac_sem_t *s) { return s->value_; }

/* A woken waiter that has not run yet still counts (asyncio's locked()). */
int ac_sem_locked(const ac_sem_t *s) {
  return s->value_ == 0 || ac__wlist_live(&s->waiters_);
}

/* The unit goes to the first pending waiter at once (value decremented
 * here, not when it runs), as asyncio 3.11.7 does. */
static void sem_wake_next(ac_sem_t *s) {
  for (ac__waiter_t *w = s->waiters_.head; w != NULL; w = w->next)
    if (w->state == AC__WS_PENDING) {
      s->value_--;
      ac__wait_wake(w);
      return;
    }
}

int ac_sem_release(ac_sem_t *s) {
  if (s->bound_ >= 0 && s->value_ >= s->bound_) return AC_EINVAL;
  s->value_++;
  sem_wake_next(s);
  return 0;
}

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;
  ac_sem_t *s;
} sem_frame_t;

static int sem_acquire_resume(ac_frame_t *hdr) {
  sem_frame_t *F = (sem_frame_t *)(void *)hdr;
  if (hdr->state == 0) {
    ac__wait_park(&F->w, &F->s->waiters_);
    hdr->state = 1;
    return AC__SUSPENDED;
  }
  ac__wlist_remove(&F->w);
  if (hdr->err != 0) {
    if (F->w.state == AC__WS_WOKEN) { /* had its unit: give it on */
      F->s->value_++;
      sem_wake_next(F->s);
    }
    return AC__DONE;
  }
  if (F->s->value_ > 0) sem_wake_next(F->s);
  return AC__DONE;
}
OP_INFO(sem_acquire, sem_frame_t);

int ac__await_sem_acquire(ac_frame_t *frame, ac_sem_t *s) {
  sem_frame_t *F;
  if (!ac_sem_locked(s)) {
    s->value_--;
    frame->err = 0;
    return 0;
  }
  F = (sem_frame_t *)(void *)ac__op_frame(&sem_acquire_info, 0);
  F->s = s;
  return ac__await_call(frame, &F->hdr);
}

/* ================= Barrier =================
 * asyncio builds it on a Condition; so do we, so the wake-up order (each
 * waiter re-takes the condition's lock in turn) is the same. */
enum { B_FILLING, B_DRAINING, B_RESETTING, B_BROKEN };

int ac_barrier_init(ac_barrier_t *b, int parties) {
  if (parties < 1) return AC_EINVAL;
  ac_cond_init(&b->cond_, NULL);
  b->parties_ = parties;
  b->state_ = B_FILLING;
  b->count_ = 0;
  return 0;
}

int ac_barrier_destroy(ac_barrier_t *b) { return ac_cond_destroy(&b->cond_); }

int ac_barrier_parties(const ac_barrier_t *b) { return b->parties_; }

int ac_barrier_n_waiting(const ac_barrier_t *b) {
  return b->state_ == B_FILLING ? b->count_ : 0;
}

int ac_barrier_broken(const ac_barrier_t *b) { return b->state_ == B_BROKEN; }

/* asyncio notifies with the lock held; these synchronous forms do not
 * take it, so the notify bypasses the lock check. */
static void barrier_notify_all(ac_barrier_t *b) {
  for (ac__waiter_t *w = b->cond_.waiters_.head; w != NULL; w = w->next)
    if (w->state == AC__WS_PENDING) ac__wait_wake(w);
}

void ac_barrier_abort(ac_barrier_t *b) {
  b->state_ = B_BROKEN;
  barrier_notify_all(b);
}

void ac_barrier_reset(ac_barrier_t *b) {
  if (b->count_ > 0)
    b->state_ = B_RESETTING;
  else
    b->state_ = B_FILLING;
  barrier_notify_all(b);
}

typedef struct {
  ac_frame_t hdr;
  ac_barrier_t *b;
} barrier_frame_t;

/* async with cond:
 *   wait_for(state not DRAINING/RESETTING); BROKEN -> fail
 *   index = count++
 *   try: last one -> DRAINING, notify_all
 *        else wait_for(state != FILLING); BROKEN/RESETTING -> fail
 *   finally: count--; last out -> FILLING, notify_all */
static int barrier_wait_resume(ac_frame_t *hdr) {
  barrier_frame_t *F = (barrier_frame_t *)(void *)hdr;
  ac_barrier_t *b = F->b;
  switch (hdr->state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  case 3: goto ac_resume_3;
  default: return ac__bad_state(hdr);
  }
  AC__AWAIT(hdr, 1, ac__await_cond_acquire(hdr, &b->cond_), out);
  while (b->state_ == B_DRAINING || b->state_ == B_RESETTING)
    AC__AWAIT(hdr, 2, ac__await_cond_wait(hdr, &b->cond_), unlock);
  if (b->state_ == B_BROKEN) {
    hdr->err = AC_EBROKEN;
    goto unlock;
  }
  if (++b->count_ == b->parties_) {
    b->state_ = B_DRAINING;
    ac_cond_notify_all(&b->cond_);
  } else {
    while (b->state_ == B_FILLING)
      AC__AWAIT(hdr, 3, ac__await_cond_wait(hdr, &b->cond_), leave);
    if (b->state_ == B_BROKEN || b->state_ == B_RESETTING)
      hdr->err = AC_EBROKEN;
  }
leave:
  if (--b->count_ == 0) {
    if (b->state_ == B_RESETTING || b->state_ == B_DRAINING)
      b->state_ = B_FILLING;
    ac_cond_notify_all(&b->cond_);
  }
unlock:
  ac_cond_release(&b->cond_);
out:
  return AC__DONE;
}
OP_INFO(barrier_wait, barrier_frame_t);

int ac__await_barrier_wait(ac_frame_t *frame, ac_barrier_t *b) {
  barrier_frame_t *F =
      (barrier_frame_t *)(void *)ac__op_frame(&barrier_wait_info, 0);
  F->b = b;
  return ac__await_call(frame, &F->hdr);
}
