/* test_time.c - sleep order, equal deadlines, sleep(0), wait_for, the
 * ac_sleep task. */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h */
#include <criterion/criterion.h>

#include "internal.h"
#include "rt_test.h"

TestSuite(time, .timeout = 10);

/* ---- sleepers wake in deadline order ---- */
struct order__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int h[4];
};
static int order__resume(ac_frame_t *hdr) {
  struct order__frame *F = (struct order__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->h[0] = worker(1, 0.04);
  F->h[1] = worker(2, 0.01);
  F->h[2] = worker(3, 0.03);
  F->h[3] = worker(4, 0.02);
  AC__AWAIT(&F->hdr, 1, ac__await_gather(&F->hdr, F->h, 4, sizeof F->h[0]), fail);
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(order, struct order__frame)

Test(time, sleep_deadline_order) {
  double t0 = ac_now();
  cr_assert_eq(ac_run(order__spawn(__FILE__, __LINE__)), 0);
  cr_assert_str_eq(rt_log_buf, "s1 s2 s3 s4 e2 e4 e3 e1");
  cr_assert_geq(ac_now() - t0, 0.04);
  cr_assert_lt(ac_now() - t0, 1.0);
}

/* ---- equal deadlines fire in start order (the heap's tie-break) ---- */
Test(time, equal_deadlines_start_order) {
  ac__timer_t tm[50];
  ac__heap_t *h = &ac__L.timers;
  int i;
  for (i = 0; i < 50; i++) ac__timer_start(&tm[i], i % 2 ? 5.0 : 7.0, 0);
  for (i = 0; i < 50; i++) {
    ac__timer_t *top = ac__heap_top(h);
    int want = i < 25 ? 2 * i + 1 : 2 * (i - 25);
    cr_assert_eq(top, &tm[want], "pop %d", i);
    ac__heap_remove(h, top);
  }
  /* Removal from the middle keeps the order of the rest. */
  for (i = 0; i < 50; i++) ac__timer_start(&tm[i], 1.0, 0);
  for (i = 0; i < 50; i += 3) ac__timer_stop(&tm[i]);
  for (i = 0; i < 50; i++) {
    if (i % 3 == 0) continue;
    cr_assert_eq(ac__heap_top(h), &tm[i]);
    ac__heap_remove(h, &tm[i]);
  }
  cr_assert_eq(h->len, 0);
  ac__timers_free();
}

Test(time, equal_sleeps_in_start_order) {
  /* All start in the same batch with the same delay: deadlines differ by
   * the clock, never in the wrong direction. */
  ac_task__int h[4];
  int i;
  for (i = 0; i < 4; i++) h[i] = worker(i, 0.01);
  cr_assert_eq(ac_run(h[3]), 30);
  cr_assert_str_eq(rt_log_buf, "s0 s1 s2 s3 e0 e1 e2 e3");
}

/* ---- sleep(0) yields: two tasks alternate ---- */
struct pingpong__frame {
  ac_frame_t hdr;
  int *res;
  int id, i;
};
static int pingpong__resume(ac_frame_t *hdr) {
  struct pingpong__frame *F = (struct pingpong__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  for (F->i = 1; F->i <= 3; F->i++) {
    rt_log("%c%d", 'a' + F->id, F->i);
    AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0), fail);
  }
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_INFO(pingpong, struct pingpong__frame)
static ac_task__int pingpong(int id) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(pingpong__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct pingpong__frame *)(void *)fr)->res = (int *)r;
  ((struct pingpong__frame *)(void *)fr)->id = id;
  return h;
}

Test(time, sleep0_yields) {
  ac_task__int a = pingpong(0), b = pingpong(1);
  (void)a;
  cr_assert_eq(ac_run(b), 0);
  cr_assert_str_eq(rt_log_buf, "a1 b1 a2 b2 a3 b3");
}

/* ---- a sleep(0) loop does not starve a timer ---- */
struct spin__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int w;
  int spins;
};
static int spin__resume(ac_frame_t *hdr) {
  struct spin__frame *F = (struct spin__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  F->w = worker(1, 0.01);
  while (!ac_done(F->w)) {
    F->spins++;
    AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0), fail);
  }
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->w.t), fail);
  *F->res = F->spins > 1;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(spin, struct spin__frame)

Test(time, sleep0_loop_lets_timers_fire) {
  cr_assert_eq(ac_run(spin__spawn(__FILE__, __LINE__)), 1);
}

/* ---- wait_for ---- */
struct wf__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int t;
  double inner, limit;
  int slow;
};
static int wf__resume(ac_frame_t *hdr) {
  struct wf__frame *F = (struct wf__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->t = cleaner(1, F->inner);
  AC__AWAIT(&F->hdr, 1, ac__await_wait_for(&F->hdr, F->t.t, F->limit), fail);
  rt_log("ok%d", AC__TASK_RES(F->t));
  *F->res = 0;
  F->hdr.err = 0;
  return AC__DONE;
fail:
  rt_log("main:%s", ac_err_name(F->hdr.err));
  *F->res = F->hdr.err;
  F->hdr.err = 0;
  return AC__DONE;
}
RT_INFO(wf, struct wf__frame)
static ac_task__int wf(double inner, double limit) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(wf__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct wf__frame *)(void *)fr)->res = (int *)r;
  ((struct wf__frame *)(void *)fr)->inner = inner;
  ((struct wf__frame *)(void *)fr)->limit = limit;
  return h;
}

Test(time, wait_for_timeout) {
  double t0 = ac_now();
  cr_assert_eq(ac_run(wf(5.0, 0.02)), AC_ETIMEDOUT);
  cr_assert_str_eq(rt_log_buf, "c1 z1 main:ETIMEDOUT");
  cr_assert_lt(ac_now() - t0, 1.0);
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(time, wait_for_in_time) {
  double t0 = ac_now();
  cr_assert_eq(ac_run(wf(0.01, 5.0)), 0);
  cr_assert_str_eq(rt_log_buf, "d1 ok1");
  cr_assert_lt(ac_now() - t0, 1.0); /* the 5 s timer was removed */
}

/* ---- ac_sleep without await is a task(void) ---- */
Test(time, sleep_task) {
  double t0 = ac_now();
  ac_task__void s = ac_sleep(0.02);
  cr_assert_eq(ac_run(s), 0);
  cr_assert_geq(ac_now() - t0, 0.02);
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(time, now_is_monotonic) {
  double a = ac_now(), b = ac_now();
  cr_assert_leq(a, b);
  cr_assert_gt(a, 0);
}
