/* test_timeout_scope.c - cancellation requests (cancel.c) and timeout
 * scopes (timeout.c), driven through the generated-code protocol by hand:
 * counts and reasons, uncancel dropping an undelivered request, a scope
 * that expires, one left in time (its timer disarmed at once), the count
 * at entry deciding the conversion, reschedule's refusals. */
#define _POSIX_C_SOURCE 200809L /* uv.h (internal.h) needs POSIX types */
#include <criterion/criterion.h>
#include <math.h>

#include "internal.h"
#include "rt_test.h"

TestSuite(timeout_scope, .timeout = 10);

/* ---- the driver: which scenario, then what it logs ---- */
enum { COUNTS, SELF_UNCANCEL, EXPIRES, IN_TIME, IN_CLEANUP, REFUSED };

struct drv__frame {
  ac_frame_t hdr;
  int *res;
  int which;
  ac_task__int v;
  ac_timeout_t cm;
  int exc;
};

/* ac_timeout (DELAY, &F->cm) { await ac_sleep(SLEEP); }: state N awaits,
 * the exit's outcome lands in F->exc. */
#define SCOPE(F, N, DELAY, SLEEP)                                            \
  do {                                                                       \
    ac__timeout_enter(&(F)->cm, (DELAY));                                    \
    AC__AWAIT(&(F)->hdr, N, ac__await_sleep(&(F)->hdr, (SLEEP)), err_##N);   \
    (F)->exc = ac__timeout_exit(&(F)->cm, 0);                                \
    goto done_##N;                                                           \
  err_##N:                                                                   \
    (F)->exc = ac__timeout_exit(&(F)->cm, (F)->hdr.err);                     \
    (F)->hdr.err = 0;                                                        \
  done_##N:;                                                                 \
  } while (0)

static int drv__resume(ac_frame_t *hdr) {
  struct drv__frame *F = (struct drv__frame *)(void *)hdr;
  ac_task_any_t me = ac_current_task();
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3) RT_STATE(4) RT_STATE(5) RT_STATE(6)
                  RT_STATE(7) RT_STATE(8))
  switch (F->which) {
  case COUNTS: /* each cancel of an unfinished task counts; the first reason stays */
    F->v = cleaner(1, 5.0);
    AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
    ac_cancel_with(F->v, 7);
    ac_cancel_with(F->v, 8);
    rt_log("n:%d r:%d", ac_cancelling(F->v), ac_cancel_reason(F->v));
    AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->v.t), v_failed);
    break;
  v_failed:
    rt_log("v:%s n:%d", ac_err_name(F->hdr.err), ac_cancelling(F->v));
    ac_cancel(F->v); /* finished: not counted */
    rt_log("n:%d", ac_cancelling(F->v)); /* one call a line: C leaves the order of */
    rt_log("u:%d", ac_uncancel(F->v));    /* a call's arguments open */
    rt_log("u:%d", ac_uncancel(F->v));
    rt_log("u:%d", ac_uncancel(F->v));
    rt_log("r:%d", ac_cancel_reason(F->v));
    F->hdr.err = 0;
    break;
  case SELF_UNCANCEL: /* withdrawn before it was delivered: never delivered */
    ac_cancel(me);
    rt_log("n:%d", ac_cancelling(me));
    rt_log("u:%d", ac_uncancel(me));
    AC__AWAIT(&F->hdr, 3, ac__await_sleep(&F->hdr, 0.01), fail);
    rt_log("slept");
    break;
  case EXPIRES:
    SCOPE(F, 4, 0.02, 5.0);
    rt_log("%s expired:%d n:%d timers:%d", ac_err_name(F->exc), ac_timeout_expired(&F->cm),
           ac_cancelling(me), ac__timers_next() >= 0);
    break;
  case IN_TIME: /* left before the deadline: the timer goes with it */
    SCOPE(F, 5, 5.0, 0.01);
    rt_log("%d expired:%d timers:%d", F->exc, ac_timeout_expired(&F->cm),
           ac__timers_next() >= 0);
    break;
  case IN_CLEANUP: /* entered with a request pending: its own still converts */
    ac_cancel(me);
    AC__AWAIT(&F->hdr, 6, ac__await_sleep(&F->hdr, 5.0), cleanup);
    break;
  cleanup:
    rt_log("first:%s n:%d", ac_err_name(F->hdr.err), ac_cancelling(me));
    F->hdr.err = 0;
    SCOPE(F, 7, 0.02, 5.0);
    rt_log("%s n:%d", ac_err_name(F->exc), ac_cancelling(me));
    break;
  case REFUSED: /* reschedule only while the block runs and has not expired */
    rt_log("before:%s", ac_err_name(ac_timeout_reschedule(&F->cm, 1.0)));
    rt_log("when:%d", isinf(ac_timeout_when(&F->cm)));
    ac__timeout_enter(&F->cm, -1.0);
    rt_log("none:%d", isinf(ac_timeout_when(&F->cm)));
    rt_log("move:%d", ac_timeout_reschedule(&F->cm, ac_now() + 0.01));
    AC__AWAIT(&F->hdr, 8, ac__await_sleep(&F->hdr, 1.0), expired);
    break;
  expired:
    rt_log("%s again:%s", ac_err_name(F->hdr.err),
           ac_err_name(ac_timeout_reschedule(&F->cm, ac_now() + 10)));
    rt_log("%s", ac_err_name(ac__timeout_exit(&F->cm, F->hdr.err)));
    F->hdr.err = 0;
    break;
  }
  *F->res = 0;
  F->hdr.err = 0;
  return AC__DONE;
fail:
  return AC__DONE;
}
RT_INFO(drv, struct drv__frame)

static int run_drv(int which) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(drv__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct drv__frame *)(void *)fr)->res = (int *)r;
  ((struct drv__frame *)(void *)fr)->which = which;
  return ac_run(h);
}

Test(timeout_scope, requests_are_counted_with_the_first_reason) {
  cr_assert_eq(run_drv(COUNTS), 0);
  cr_assert_str_eq(rt_log_buf, "n:2 r:7 c1 z1 v:ECANCELED n:2 n:2 u:1 u:0 u:0 r:0");
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(timeout_scope, uncancel_to_zero_drops_an_undelivered_request) {
  cr_assert_eq(run_drv(SELF_UNCANCEL), 0);
  cr_assert_str_eq(rt_log_buf, "n:1 u:0 slept");
}

Test(timeout_scope, expiry_becomes_etimedout_and_disarms) {
  double t0 = ac_now();
  cr_assert_eq(run_drv(EXPIRES), 0);
  cr_assert_str_eq(rt_log_buf, "ETIMEDOUT expired:1 n:0 timers:0");
  cr_assert_lt(ac_now() - t0, 1.0);
}

Test(timeout_scope, left_in_time_disarms_at_once) {
  cr_assert_eq(run_drv(IN_TIME), 0);
  cr_assert_str_eq(rt_log_buf, "0 expired:0 timers:0");
}

Test(timeout_scope, the_count_at_entry_decides) {
  /* asyncio's rule (uncancel() <= count at entry), not "drops to 0": a
   * scope in the cleanup of a cancelled task still reports its timeout */
  cr_assert_eq(run_drv(IN_CLEANUP), 0);
  cr_assert_str_eq(rt_log_buf, "first:ECANCELED n:1 ETIMEDOUT n:1");
}

Test(timeout_scope, reschedule_refused_outside_the_running_block) {
  cr_assert_eq(run_drv(REFUSED), 0);
  cr_assert_str_eq(rt_log_buf,
                   "before:EINVAL when:1 none:1 move:0 ECANCELED again:EINVAL ETIMEDOUT");
}
