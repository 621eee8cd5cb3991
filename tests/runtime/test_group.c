/* test_group.c - task groups (ac_group_*): the first failure cancels the
 * other children and the body, and the join throws it once all have
 * finished; every other failure is reported on stderr, none lost; nested
 * groups pass an inner failure out; ac_group_cancel and a cancelled
 * joiner cancel every child and the join throws AC_ECANCELED; a task
 * spawned after the join is refused and cancelled. The body is written as
 * the translator writes `try { ... } finally { await ac_group_join(&g); }`.
 */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "internal.h"
#include "rt_test.h"

static void quiet(void) { cr_redirect_stderr(); }
TestSuite(group, .timeout = 10, .init = quiet);

/* ==== async int stubborn(int id, double delay, int code): sleeps; a
 * cancellation becomes failure CODE (a cleanup that fails) ==== */
struct stubborn__frame {
  ac_frame_t hdr;
  int *res;
  int id;
  double delay;
  int code;
};
static int stubborn__resume(ac_frame_t *hdr) {
  struct stubborn__frame *F = (struct stubborn__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, F->delay), fail);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  rt_log("b%d", F->id);
  F->hdr.err = F->code;
  return AC__DONE;
}
RT_INFO(stubborn, struct stubborn__frame)
static ac_task__int stubborn(int id, double delay, int code) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  struct stubborn__frame *F;
  h.t = ac__spawn(stubborn__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  F = (struct stubborn__frame *)(void *)fr;
  F->res = r;
  F->id = id;
  F->delay = delay;
  F->code = code;
  return h;
}

/* ==== async int body(int how): a group, its children, the body's own
 * sleep, the join in a finally; logs the body's and the join's outcome */
enum { FIRST_FAILURE, TWO_FAILURES, NESTED, INNER, CANCEL_GROUP, CANCEL_JOINER, LATE_SPAWN };
struct body__frame {
  ac_frame_t hdr;
  int *res;
  int how;
  ac_group_t g;
  int pending; /* the body's outcome, re-thrown after the join if no other */
};
static ac_task__int body(int how);
static ac_task__int late;

static void spawn_children(struct body__frame *F) {
  ac_group_t *g = &F->g;
  switch (F->how) {
  case FIRST_FAILURE:
    ac_group_spawn(g, worker(1, 0.05));
    ac_group_spawn(g, failer(2, 0.01, AC_EIO));
    ac_group_spawn(g, worker(3, 0.05));
    break;
  case TWO_FAILURES:
    ac_group_spawn(g, failer(1, 0.01, AC_EIO));
    ac_group_spawn(g, stubborn(2, 1.0, AC_EPIPE));
    ac_group_spawn(g, stubborn(3, 1.0, AC_EINVAL));
    break;
  case NESTED:
    ac_group_spawn(g, worker(1, 0.05));
    ac_group_spawn(g, body(INNER));
    break;
  case INNER:
    ac_group_spawn(g, worker(7, 0.05));
    ac_group_spawn(g, failer(8, 0.01, AC_ECONNRESET));
    break;
  default: /* CANCEL_GROUP, CANCEL_JOINER, LATE_SPAWN */
    ac_group_spawn(g, worker(1, 0.05));
    ac_group_spawn(g, worker(2, 0.05));
    break;
  }
}

static int body__resume(ac_frame_t *hdr) {
  struct body__frame *F = (struct body__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  ac_group_init(&F->g);
  spawn_children(F);
  /* try { */
  if (F->how != CANCEL_JOINER && F->how != LATE_SPAWN) {
    AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, F->how == CANCEL_GROUP ? 0.01 : 1.0),
              finally);
    if (F->how == CANCEL_GROUP)
      ac_group_cancel(&F->g);
    else
      rt_log("body-slept");
  }
finally:
  /* } finally { await ac_group_join(&F->g); } */
  F->pending = F->hdr.err;
  if (F->how != INNER) rt_log("body:%s", F->pending ? ac_err_name(F->pending) : "ok");
  AC__AWAIT(&F->hdr, 2, ac_group_join__await(&F->hdr, NULL, &F->g), joined);
  F->hdr.err = F->pending;
joined:
  rt_log("join%s:%s", F->how == INNER ? "-inner" : "",
         F->hdr.err ? ac_err_name(F->hdr.err) : "ok");
  if (F->how == LATE_SPAWN) {
    late = worker(9, 0.0);
    cr_assert_eq(ac_group_spawn(&F->g, late), AC_EINVAL);
  }
  if (F->hdr.err == 0) *F->res = 0;
  return AC__DONE;
}
RT_INFO(body, struct body__frame)
static ac_task__int body(int how) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(body__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct body__frame *)(void *)fr)->res = r;
  ((struct body__frame *)(void *)fr)->how = how;
  return h;
}

static const char *read_stderr(void) {
  static char buf[8192];
  FILE *f = cr_get_redirected_stderr();
  size_t n;
  fflush(stderr);
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  return buf;
}

Test(group, first_failure_cancels_the_rest_and_the_body) {
  cr_assert_eq(ac_run(body(FIRST_FAILURE)), 1);
  cr_assert_str_eq(rt_log_buf, "s1 f2 s3 t2 x1:ECANCELED x3:ECANCELED body:ECANCELED join:EIO");
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(group, every_other_failure_is_reported) {
  const char *err;
  cr_assert_eq(ac_run(body(TWO_FAILURES)), 1);
  cr_assert_str_eq(rt_log_buf, "f1 t1 b2 b3 body:ECANCELED join:EIO");
  err = read_stderr();
  cr_assert_not_null(strstr(err, "stubborn created at " __FILE__ ":"), "stderr: %s", err);
  cr_assert_not_null(strstr(err, "failed too: broken pipe\n"), "stderr: %s", err);
  cr_assert_not_null(strstr(err, "failed too: invalid argument\n"), "stderr: %s", err);
  cr_assert_null(strstr(err, "failed too: i/o error"), "the first is thrown, not reported");
}

Test(group, nested_groups_pass_the_inner_failure_out) {
  cr_assert_eq(ac_run(body(NESTED)), 1);
  cr_assert_str_eq(rt_log_buf, "s1 s7 f8 t8 x7:ECANCELED join-inner:ECONNRESET x1:ECANCELED "
                               "body:ECANCELED join:ECONNRESET");
}

Test(group, cancel_the_group) {
  cr_assert_eq(ac_run(body(CANCEL_GROUP)), 1);
  cr_assert_str_eq(rt_log_buf, "s1 s2 body:ok x1:ECANCELED x2:ECANCELED join:ECANCELED");
}

/* async int outside(void): cancels a body waiting in its join */
struct outside__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int b;
};
static int outside__resume(ac_frame_t *hdr) {
  struct outside__frame *F = (struct outside__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  F->b = body(CANCEL_JOINER);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
  ac_cancel(F->b);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->b.t), caught);
caught:
  rt_log("outside:%s", ac_err_name(F->hdr.err));
  *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(outside, struct outside__frame)

Test(group, cancelled_joiner_cancels_the_children_and_waits) {
  cr_assert_eq(ac_run(outside__spawn(__FILE__, __LINE__)), 0);
  cr_assert_str_eq(rt_log_buf,
                   "body:ok s1 s2 x1:ECANCELED x2:ECANCELED join:ECANCELED outside:ECANCELED");
}

Test(group, spawn_after_the_join_is_refused) {
  cr_assert_eq(ac_run(body(LATE_SPAWN)), 0);
  cr_assert_str_eq(rt_log_buf, "body:ok s1 s2 e1 e2 join:ok");
  cr_assert_eq(ac_live_tasks(), 0);
}
