/* test_cancel.c - ac_cancel before start, while sleeping, while awaiting
 * another task (propagates), of a finished task (no-op), swallowed, of a
 * task cancelling itself, of a gatherer. */
#include <criterion/criterion.h>

#include "rt_test.h"

TestSuite(cancel, .timeout = 10);

/* async int outer(task(int) u) { try { return await u; }
 *   catch (int e) { log o:<e>; throw; } } */
struct outer__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int u;
};
static int outer__resume(ac_frame_t *hdr) {
  struct outer__frame *F = (struct outer__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  AC__AWAIT(&F->hdr, 1, ac__await_task(&F->hdr, F->u.t), fail);
  *F->res = AC__TASK_RES(F->u);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  rt_log("o:%s", ac_err_name(F->hdr.err));
  return AC__DONE;
}
RT_INFO(outer, struct outer__frame)
static ac_task__int outer(ac_task__int u) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(outer__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct outer__frame *)(void *)fr)->res = (int *)r;
  ((struct outer__frame *)(void *)fr)->u = u;
  return h;
}

/* The scenario driver: which case, then awaits the victim. */
enum { BEFORE_START, SLEEPING, AWAITING, FINISHED, SELF, GATHERER };
struct scen__frame {
  ac_frame_t hdr;
  int *res;
  int which;
  ac_task__int u, v, h[2];
};
static ac_task__int self_h;

/* async int selfish() { ac_cancel(self); await ac_sleep(1); } */
struct selfish__frame {
  ac_frame_t hdr;
  int *res;
};
static int selfish__resume(ac_frame_t *hdr) {
  struct selfish__frame *F = (struct selfish__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  ac_cancel(self_h);
  rt_log("still-running");
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 1.0), fail);
  rt_log("unreached");
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(selfish, struct selfish__frame)

/* async void gatherer(task(int) h[2]) { await ac_gather_n(h, 2); } */
struct gatherer__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int *h;
};
static int gatherer__resume(ac_frame_t *hdr) {
  struct gatherer__frame *F = (struct gatherer__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  AC__AWAIT(&F->hdr, 1, ac__await_gather(&F->hdr, F->h, 2, sizeof F->h[0]), fail);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  rt_log("g:%s", ac_err_name(F->hdr.err));
  return AC__DONE;
}
RT_INFO(gatherer, struct gatherer__frame)
static ac_task__int gatherer(ac_task__int *hs) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(gatherer__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct gatherer__frame *)(void *)fr)->res = (int *)r;
  ((struct gatherer__frame *)(void *)fr)->h = hs;
  return h;
}

static int scen__resume(ac_frame_t *hdr) {
  struct scen__frame *F = (struct scen__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3))
  switch (F->which) {
  case BEFORE_START: F->v = worker(1, 0.0); break;
  case SLEEPING: F->v = cleaner(1, 5.0); break;
  case AWAITING: F->u = cleaner(1, 5.0); F->v = outer(F->u); break;
  case FINISHED: F->v = worker(1, 0.0); break;
  case SELF: F->v = self_h = selfish__spawn(__FILE__, __LINE__); break;
  case GATHERER:
    F->h[0] = cleaner(1, 5.0);
    F->h[1] = cleaner(2, 5.0);
    F->v = gatherer(F->h);
    break;
  }
  if (F->which != BEFORE_START) {
    AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
  }
  ac_cancel(F->v);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->v.t), caught);
  rt_log("m:%d", AC__TASK_RES(F->v));
  ac_cancel(F->v); /* finished: no effect */
  AC__AWAIT(&F->hdr, 3, ac__await_task(&F->hdr, F->v.t), caught);
  rt_log("again:%d", AC__TASK_RES(F->v));
  *F->res = 0;
  F->hdr.err = 0;
  return AC__DONE;
caught:
  rt_log("m:%s", ac_err_name(F->hdr.err));
  *F->res = F->which == AWAITING ? ac_cancelled(F->u) : ac_cancelled(F->v);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  return AC__DONE;
}
RT_INFO(scen, struct scen__frame)
static int run_scen(int which) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(scen__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct scen__frame *)(void *)fr)->res = (int *)r;
  ((struct scen__frame *)(void *)fr)->which = which;
  return ac_run(h);
}

Test(cancel, before_start_body_never_runs) {
  cr_assert_eq(run_scen(BEFORE_START), 1);
  cr_assert_str_eq(rt_log_buf, "m:ECANCELED");
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(cancel, while_sleeping) {
  double t0 = ac_now();
  cr_assert_eq(run_scen(SLEEPING), 1);
  cr_assert_str_eq(rt_log_buf, "c1 z1 m:ECANCELED");
  cr_assert_lt(ac_now() - t0, 1.0);
}

Test(cancel, while_awaiting_propagates) {
  cr_assert_eq(run_scen(AWAITING), 1); /* u ended cancelled */
  cr_assert_str_eq(rt_log_buf, "c1 z1 o:ECANCELED m:ECANCELED");
}

Test(cancel, finished_is_noop) {
  cr_assert_eq(run_scen(FINISHED), 0);
  cr_assert_str_eq(rt_log_buf, "s1 e1 m:10 again:10");
}

Test(cancel, self_while_running) {
  cr_assert_eq(run_scen(SELF), 1);
  cr_assert_str_eq(rt_log_buf, "still-running m:ECANCELED");
}

Test(cancel, gatherer_cancels_members) {
  cr_assert_eq(run_scen(GATHERER), 1);
  cr_assert_str_eq(rt_log_buf, "c1 c2 z1 z2 g:ECANCELED m:ECANCELED");
}

/* ---- async int stubborn() { try { await ac_sleep(5); return 1; }
 *        catch (int e) { return 42; } } ---- */
struct stubborn__frame {
  ac_frame_t hdr;
  int *res;
};
static int stubborn__resume(ac_frame_t *hdr) {
  struct stubborn__frame *F = (struct stubborn__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 5.0), caught);
  *F->res = 1;
  F->hdr.err = 0;
  return AC__DONE;
caught:
  rt_log("swallowed:%s", ac_err_name(F->hdr.err));
  *F->res = 42;
  F->hdr.err = 0;
  return AC__DONE;
}
RT_DEF0(stubborn, struct stubborn__frame)

struct swmain__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int t;
};
static int swmain__resume(ac_frame_t *hdr) {
  struct swmain__frame *F = (struct swmain__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  F->t = stubborn__spawn(__FILE__, __LINE__);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
  ac_cancel(F->t);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->t.t), fail);
  *F->res = AC__TASK_RES(F->t) + ac_cancelled(F->t);
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(swmain, struct swmain__frame)

Test(cancel, swallowed_delivers_result) {
  cr_assert_eq(ac_run(swmain__spawn(__FILE__, __LINE__)), 42);
  cr_assert_str_eq(rt_log_buf, "swallowed:ECANCELED");
}

/* ---- ac_run cancels what is left when the main task ends ---- */
struct leftover__frame {
  ac_frame_t hdr;
  int *res;
};
static int leftover__resume(ac_frame_t *hdr) {
  struct leftover__frame *F = (struct leftover__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  (void)cleaner(1, 5.0);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
  *F->res = 7;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(leftover, struct leftover__frame)

Test(cancel, run_cleans_up_leftovers) {
  double t0 = ac_now();
  cr_assert_eq(ac_run(leftover__spawn(__FILE__, __LINE__)), 7);
  cr_assert_str_eq(rt_log_buf, "c1 z1");
  cr_assert_lt(ac_now() - t0, 1.0);
  cr_assert_eq(ac_live_tasks(), 0);
}
