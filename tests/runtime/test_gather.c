/* test_gather.c - gather: all succeed, the first failure cancels the
 * others and waits for their cleanup, members already finished, empty. */
#include <criterion/criterion.h>

#include "rt_test.h"

TestSuite(gather, .timeout = 10);

enum { ALL_OK, ONE_FAILS, ALREADY_DONE, ALREADY_FAILED, EMPTY };
struct g__frame {
  ac_frame_t hdr;
  int *res;
  int which;
  ac_task__int h[3];
};
static int g__resume(ac_frame_t *hdr) {
  struct g__frame *F = (struct g__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3))
  switch (F->which) {
  case ALL_OK:
    F->h[0] = worker(1, 0.02);
    F->h[1] = worker(2, 0.01);
    F->h[2] = worker(3, 0.0);
    break;
  case ONE_FAILS:
    F->h[0] = failer(1, 0.01, AC_EINVAL);
    F->h[1] = cleaner(2, 5.0);
    F->h[2] = cleaner(3, 5.0);
    break;
  case ALREADY_DONE:
  case ALREADY_FAILED:
    F->h[0] = worker(1, 0.0);
    F->h[1] = F->which == ALREADY_DONE ? worker(2, 0.0) : failer(2, 0.0, AC_EIO);
    F->h[2] = cleaner(3, 0.05);
    AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
    rt_log("|");
    break;
  case EMPTY:
    AC__AWAIT(&F->hdr, 2, ac__await_gather(&F->hdr, F->h, 0, sizeof F->h[0]), fail);
    rt_log("empty");
    *F->res = 0;
    F->hdr.err = 0;
    return AC__DONE;
  }
  AC__AWAIT(&F->hdr, 3, ac__await_gather(&F->hdr, F->h, 3, sizeof F->h[0]), caught);
  rt_log("g:ok");
  *F->res = AC__TASK_RES(F->h[0]) + AC__TASK_RES(F->h[1]) + AC__TASK_RES(F->h[2]);
  F->hdr.err = 0;
  return AC__DONE;
caught:
  rt_log("g:%s", ac_err_name(F->hdr.err));
  *F->res = ac_cancelled(F->h[1]) * 10 + ac_cancelled(F->h[2]);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  return AC__DONE;
}
RT_INFO(g, struct g__frame)
static int run_g(int which) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(g__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct g__frame *)(void *)fr)->res = (int *)r;
  ((struct g__frame *)(void *)fr)->which = which;
  return ac_run(h);
}

Test(gather, all_ok) {
  cr_assert_eq(run_g(ALL_OK), 60);
  cr_assert_str_eq(rt_log_buf, "s1 s2 s3 e3 e2 e1 g:ok");
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(gather, failure_cancels_and_waits_for_cleanup) {
  cr_assert_eq(run_g(ONE_FAILS), 11);
  cr_assert_str_eq(rt_log_buf, "f1 t1 c2 c3 z2 z3 g:EINVAL");
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(gather, members_already_done) {
  cr_assert_eq(run_g(ALREADY_DONE), 10 + 20 + 3);
  cr_assert_str_eq(rt_log_buf, "s1 s2 e1 e2 | d3 g:ok");
}

Test(gather, member_already_failed) {
  cr_assert_eq(run_g(ALREADY_FAILED), 1);
  cr_assert_str_eq(rt_log_buf, "s1 f2 e1 t2 | c3 z3 g:EIO");
}

Test(gather, empty_returns_at_once) {
  cr_assert_eq(run_g(EMPTY), 0);
  cr_assert_str_eq(rt_log_buf, "empty");
}
