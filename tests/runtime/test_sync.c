/* test_sync.c - Lock, Event, Condition, Semaphore, Barrier: wake order and
 * cancellation, against what asyncio 3.11 does (each expected log was
 * checked with the same steps in CPython). */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h */
#include <criterion/criterion.h>

#include "internal.h"
#include "sync_test.h"

TestSuite(sync, .timeout = 10);

static ac_lock_t L;
static ac_event_t E;
static ac_sem_t S;
static ac_cond_t C;
static ac_task__int T[4];

/* ---- lock: an uncontended acquire never suspends ---- */
static int lock_fifo(int step) {
  switch (step) {
  case 0:
    ac_lock_init(&L);
    for (int i = 0; i < 3; i++) T[i] = op(OP_LOCK, &L, i);
    return 1;
  case 1: return 1;
  case 2: return 1;
  default: return 0;
  }
}
Test(sync, lock_fifo) {
  cr_assert_eq(drive_run(lock_fifo), 0);
  /* Each task releases at once, so nobody ever waits (as in CPython). */
  cr_assert_str_eq(rt_log_buf, "w0 ok0 w1 ok1 w2 ok2");
  cr_assert_eq(ac_lock_locked(&L), 0);
  cr_assert_eq(ac_lock_release(&L), AC_EINVAL);
  cr_assert_eq(ac_lock_destroy(&L), 0);
}

/* ---- lock: a waiter woken and then cancelled passes the lock on ---- */
static int lock_cancel_woken(int step) {
  switch (step) {
  case 0:
    ac_lock_init(&L);
    L.locked_ = 1; /* held by the driver */
    T[0] = op(OP_LOCK, &L, 0);
    T[1] = op(OP_LOCK, &L, 1);
    return 1;
  case 1:
    ac_lock_release(&L); /* wakes w0 */
    ac_cancel(T[0]);     /* before it runs */
    rt_log("rel");
    return 1;
  default: return step < 4;
  }
}
Test(sync, lock_cancel_woken_passes_on) {
  cr_assert_eq(drive_run(lock_cancel_woken), 0);
  cr_assert_str_eq(rt_log_buf, "w0 w1 rel x0:ECANCELED ok1");
  cr_assert_eq(ac_lock_locked(&L), 0);
  cr_assert_null(L.waiters_.head);
}

/* ---- lock: a cancelled pending waiter lets a newcomer in ---- */
static int lock_cancel_pending(int step) {
  switch (step) {
  case 0:
    ac_lock_init(&L);
    L.locked_ = 1;
    T[0] = op(OP_LOCK, &L, 0);
    return 1;
  case 1:
    ac_cancel(T[0]);
    ac_lock_release(&L); /* the only waiter is cancelled: nobody woken */
    T[1] = op(OP_LOCK, &L, 1); /* may take it at once */
    return 1;
  default: return step < 3;
  }
}
Test(sync, lock_cancel_pending) {
  cr_assert_eq(drive_run(lock_cancel_pending), 0);
  cr_assert_str_eq(rt_log_buf, "w0 x0:ECANCELED w1 ok1");
}

/* ---- event: set wakes all in order; clear after set does not stop them */
static int event_all(int step) {
  switch (step) {
  case 0:
    ac_event_init(&E);
    for (int i = 0; i < 4; i++) T[i] = op(OP_EVENT, &E, i);
    return 1;
  case 1:
    ac_cancel(T[1]);
    ac_event_set(&E);
    ac_event_clear(&E);
    rt_log("set");
    return 1;
  default: return step < 3;
  }
}
Test(sync, event_wakes_all_in_order) {
  cr_assert_eq(drive_run(event_all), 0);
  cr_assert_str_eq(rt_log_buf, "w0 w1 w2 w3 set x1:ECANCELED ok0 ok2 ok3");
  cr_assert_eq(ac_event_is_set(&E), 0);
  cr_assert_eq(ac_event_destroy(&E), 0);
}

/* ---- semaphore: value 2, five takers; a woken waiter cancelled gives its
 * unit on ---- */
static int sem_order(int step) {
  switch (step) {
  case 0:
    ac_sem_init(&S, 1);
    S.value_ = 0; /* the driver holds the unit */
    for (int i = 0; i < 3; i++) T[i] = op(OP_SEM, &S, i);
    return 1;
  case 1:
    ac_sem_release(&S); /* wakes w0 */
    ac_cancel(T[0]);
    rt_log("rel");
    return 1;
  default: return step < 5;
  }
}
Test(sync, sem_cancel_woken_passes_on) {
  cr_assert_eq(drive_run(sem_order), 0);
  cr_assert_str_eq(rt_log_buf, "w0 w1 w2 rel x0:ECANCELED ok1 ok2");
  cr_assert_eq(ac_sem_value(&S), 1);
  cr_assert_eq(ac_sem_locked(&S), 0);
}

Test(sync, sem_init_and_bound) {
  ac_sem_t s;
  cr_assert_eq(ac_sem_init(&s, -1), AC_EINVAL);
  cr_assert_eq(ac_bounded_sem_init(&s, 1), 0);
  cr_assert_eq(ac_sem_release(&s), AC_EINVAL);
  cr_assert_eq(ac_sem_init(&s, 0), 0);
  cr_assert_eq(ac_sem_locked(&s), 1);
  cr_assert_eq(ac_sem_release(&s), 0);
  cr_assert_eq(ac_sem_value(&s), 1);
}

/* ---- condition: notify(1) wakes the first; waking re-takes the lock;
 * a cancelled waiter re-takes it too before failing ---- */
static int cond_notify(int step) {
  switch (step) {
  case 0:
    ac_cond_init(&C, NULL);
    for (int i = 0; i < 3; i++) T[i] = op(OP_COND, &C, i);
    return 1;
  case 1:
    cr_assert_eq(ac_cond_notify(&C, 1), AC_EINVAL); /* lock not held */
    ac_cond_lock(&C)->locked_ = 1;               /* the driver holds it */
    ac_cond_notify(&C, 1);
    ac_cancel(T[2]);
    rt_log("n");
    return 1;
  case 2:
    rt_log("rel");
    ac_cond_release(&C);
    return 1;
  case 3:
  case 4: return 1;
  case 5:
    ac_cond_lock(&C)->locked_ = 1;
    ac_cond_notify_all(&C);
    ac_cond_release(&C);
    return 1;
  default: return step < 8;
  }
}
Test(sync, cond_notify_order) {
  cr_assert_eq(drive_run(cond_notify), 0);
  cr_assert_str_eq(rt_log_buf, "w0 w1 w2 n rel ok0 x2:ECANCELED ok1");
  cr_assert_eq(ac_cond_locked(&C), 0);
  cr_assert_eq(ac_cond_destroy(&C), 0);
}

Test(sync, barrier_init) {
  ac_barrier_t b;
  cr_assert_eq(ac_barrier_init(&b, 0), AC_EINVAL);
  cr_assert_eq(ac_barrier_init(&b, 2), 0);
  cr_assert_eq(ac_barrier_parties(&b), 2);
  ac_barrier_abort(&b);
  cr_assert_eq(ac_barrier_broken(&b), 1);
  ac_barrier_reset(&b);
  cr_assert_eq(ac_barrier_broken(&b), 0);
  cr_assert_eq(ac_barrier_destroy(&b), 0);
}
