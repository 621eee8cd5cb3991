/* test_task.c - tasks: FIFO start order, awaits that do not yield, deep
 * inline recursion, failure propagation, ac_run's results, lifetimes. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdlib.h>

#include "rt_test.h"

TestSuite(task, .timeout = 10);

/* ---- FIFO: three workers yield once each; main awaits them ---- */
struct fifo_main__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a, b, c;
};
static int fifo_main__resume(ac_frame_t *hdr) {
  struct fifo_main__frame *F = (struct fifo_main__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3))
  F->a = worker(1, 0.0);
  F->b = worker(2, 0.0);
  F->c = worker(3, 0.0);
  rt_log("m1");
  AC__AWAIT(&F->hdr, 1, ac__await_task(&F->hdr, F->a.t), fail);
  rt_log("m2");
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->b.t), fail);
  AC__AWAIT(&F->hdr, 3, ac__await_task(&F->hdr, F->c.t), fail);
  rt_log("m3");
  *F->res = AC__TASK_RES(F->a) + AC__TASK_RES(F->b) + AC__TASK_RES(F->c);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  return AC__DONE;
}
RT_DEF0(fifo_main, struct fifo_main__frame)

Test(task, fifo_order) {
  int rc = ac_run(fifo_main__spawn(__FILE__, __LINE__));
  cr_assert_eq(rc, 60);
  cr_assert_str_eq(rt_log_buf, "m1 s1 s2 s3 e1 e2 e3 m2 m3");
  cr_assert_eq(ac_live_tasks(), 0);
}

/* ---- a task created in ordinary code does not run before ac_run ---- */
Test(task, not_started_before_run) {
  ac_task__int w = worker(5, 0.0);
  cr_assert_str_eq(rt_log_buf, "");
  cr_assert_eq(ac_done(w), 0);
  cr_assert_eq(ac_task_error(w), AC_ENOTDONE);
  cr_assert_eq(ac_run(w), 50);
  cr_assert_str_eq(rt_log_buf, "s5 e5");
  cr_assert_eq(ac_live_tasks(), 0);
}

/* ---- await of a finished task, or of a function that never waits, lets
 * no other task run ---- */
struct noyield__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a, b;
  int tmp;
};
static int quick__resume(ac_frame_t *hdr) { /* async int quick() { return 4; } */
  ((int **)(void *)(hdr + 1))[0] != NULL ? (void)(**(int **)(void *)(hdr + 1) = 4) : (void)0;
  hdr->err = 0;
  return AC__DONE;
}
struct quick__frame {
  ac_frame_t hdr;
  int *res;
};
RT_INFO(quick, struct quick__frame)
static ac_frame_t *quick__call(int *res) {
  struct quick__frame *F = (struct quick__frame *)(void *)ac__frame_new(quick__info());
  F->res = res;
  return &F->hdr;
}
static int noyield__resume(ac_frame_t *hdr) {
  struct noyield__frame *F = (struct noyield__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3) RT_STATE(4) RT_STATE(5))
  F->a = worker(1, 0.0);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.02), fail);
  cr_assert(ac_done(F->a));
  F->b = worker(2, 0.0); /* queued, must not run during the next awaits */
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->a.t), fail);
  rt_log("r%d", AC__TASK_RES(F->a));
  AC__AWAIT(&F->hdr, 3, ac__await_task(&F->hdr, F->a.t), fail); /* again */
  rt_log("r%d", AC__TASK_RES(F->a));
  AC__AWAIT(&F->hdr, 4, ac__await_call(&F->hdr, quick__call(&F->tmp)), fail);
  rt_log("q%d", F->tmp);
  AC__AWAIT(&F->hdr, 5, ac__await_task(&F->hdr, F->b.t), fail);
  *F->res = AC__TASK_RES(F->b);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  return AC__DONE;
}
RT_DEF0(noyield, struct noyield__frame)

Test(task, await_done_does_not_yield) {
  cr_assert_eq(ac_run(noyield__spawn(__FILE__, __LINE__)), 20);
  cr_assert_str_eq(rt_log_buf, "s1 e1 r10 r10 q4 s2 e2");
}

/* ---- async int depth(int n) {
 *        if (n == 0) { await ac_sleep(0); return 0; }
 *        return 1 + await depth(n - 1); } ---- */
struct depth__frame {
  ac_frame_t hdr;
  int *res;
  int n;
  int tmp;
};
static int depth__resume(ac_frame_t *hdr);
RT_INFO(depth, struct depth__frame)
static ac_frame_t *depth__call(int *res, int n) {
  struct depth__frame *F = (struct depth__frame *)(void *)ac__frame_new(depth__info());
  F->res = res;
  F->n = n;
  return &F->hdr;
}
static int depth__resume(ac_frame_t *hdr) {
  struct depth__frame *F = (struct depth__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  if (F->n == 0) {
    AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0), fail);
    *F->res = 0;
    F->hdr.err = 0;
    return AC__DONE;
  }
  AC__AWAIT(&F->hdr, 2, ac__await_call(&F->hdr, depth__call(&F->tmp, F->n - 1)), fail);
  *F->res = 1 + F->tmp;
  F->hdr.err = 0;
  return AC__DONE;
fail:
  return AC__DONE;
}
static ac_task__int depth__spawn(const char *file, int line, int n) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(depth__info(), sizeof(int), file, line, &fr, &r);
  ((struct depth__frame *)(void *)fr)->res = (int *)r;
  ((struct depth__frame *)(void *)fr)->n = n;
  return h;
}

Test(task, deep_recursion) {
  cr_assert_eq(ac_run(depth__spawn(__FILE__, __LINE__, 10000)), 10000);
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(task, very_deep_recursion) {
  cr_assert_eq(ac_run(depth__spawn(__FILE__, __LINE__, 200000)), 200000);
}

/* ---- failures: failer throws inside an inline call, through a task ---- */
struct mid__frame {
  ac_frame_t hdr;
  int *res;
  int tmp;
};
static int mid__resume(ac_frame_t *hdr) {
  struct mid__frame *F = (struct mid__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  AC__AWAIT(&F->hdr, 1, ac__await_call(&F->hdr, failer__call(&F->tmp, 1, 0.0, AC_EINVAL)), fail);
  rt_log("unreached");
  F->hdr.err = 0;
  return AC__DONE;
fail:
  rt_log("mid:%s", ac_err_name(F->hdr.err));
  return AC__DONE; /* rethrow: err already set */
}
RT_DEF0(mid, struct mid__frame)

struct prop__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int m;
};
static int prop__resume(ac_frame_t *hdr) {
  struct prop__frame *F = (struct prop__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->m = mid__spawn(__FILE__, __LINE__);
  AC__AWAIT(&F->hdr, 1, ac__await_task(&F->hdr, F->m.t), fail);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  rt_log("prop:%s", ac_err_name(F->hdr.err));
  *F->res = -F->hdr.err;
  F->hdr.err = 0; /* caught */
  return AC__DONE;
}
RT_DEF0(prop, struct prop__frame)

Test(task, failure_propagates) {
  cr_assert_eq(ac_run(prop__spawn(__FILE__, __LINE__)), 22);
  cr_assert_str_eq(rt_log_buf, "f1 t1 mid:EINVAL prop:EINVAL");
}

static void redirect(void) { cr_redirect_stderr(); }

static char *read_stderr(void) {
  static char buf[4096];
  FILE *f = cr_get_redirected_stderr();
  size_t n;
  fflush(stderr);
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  return buf;
}

Test(task, run_failure_returns_1, .init = redirect) {
  ac_task__int h = failer(1, 0.0, AC_ETIMEDOUT);
  cr_assert_eq(ac_run(h), 1);
  cr_assert_eq(ac_live_tasks(), 0);
  cr_assert_not_null(strstr(read_stderr(), "asyncc: failer: connection timed out (task \"Task-1\" created at"));
}

Test(task, run_void_returns_0) {
  cr_assert_eq(ac_run(ac_sleep(0.001)), 0);
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(task, run_several_times) {
  cr_assert_eq(ac_run(worker(1, 0.001)), 10);
  cr_assert_eq(ac_run(worker(2, 0.0)), 20);
  cr_assert_eq(ac_live_tasks(), 0);
}

/* ---- unobserved failure: amain starts failer and never awaits it ---- */
struct forget__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int f;
};
static int forget__resume(ac_frame_t *hdr) {
  struct forget__frame *F = (struct forget__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->f = failer(3, 0.0, AC_EINVAL);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(forget, struct forget__frame)

Test(task, unobserved_failure_reported, .init = redirect) {
  const char *err;
  cr_assert_eq(ac_run(forget__spawn(__FILE__, __LINE__)), 0);
  err = read_stderr();
  cr_assert_not_null(strstr(err, "\" failer created at " __FILE__ ":"),
                     "stderr: %s", err);
  cr_assert_not_null(strstr(err, "failed and nobody awaited it: invalid argument"),
                     "stderr: %s", err);
}

/* ---- detached background task is freed when it finishes ---- */
struct bg__frame {
  ac_frame_t hdr;
  int *res;
  size_t live;
};
static int bg__resume(ac_frame_t *hdr) {
  struct bg__frame *F = (struct bg__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->live = ac_live_tasks();
  ac_detach(worker(1, 0.0));
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
  *F->res = (int)(ac_live_tasks() - F->live); /* the worker is gone */
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(bg, struct bg__frame)

Test(task, detach_frees_on_finish) {
  cr_assert_eq(ac_run(bg__spawn(__FILE__, __LINE__)), 0);
  cr_assert_str_eq(rt_log_buf, "s1 e1");
}

/* ---- 100,000 tasks through gather_n; all freed ---- */
#define MANY 100000
struct many__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int *hs;
  int i;
};
static int many__resume(ac_frame_t *hdr) {
  struct many__frame *F = (struct many__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->hs = malloc(MANY * sizeof *F->hs);
  for (F->i = 0; F->i < MANY; F->i++) F->hs[F->i] = worker__spawn("many", F->i, F->i % 7, 0.0);
  cr_assert_eq(ac_live_tasks(), MANY + 1);
  AC__AWAIT(&F->hdr, 1, ac__await_gather(&F->hdr, F->hs, MANY, sizeof F->hs[0]), fail);
  *F->res = 0;
  for (F->i = 0; F->i < MANY; F->i++) *F->res += AC__TASK_RES(F->hs[F->i]);
  free(F->hs);
  F->hdr.err = 0;
  return AC__DONE;
fail:
  free(F->hs);
  return AC__DONE;
}
RT_DEF0(many, struct many__frame)

Test(task, hundred_thousand_no_leak) {
  int want = 0, i;
  for (i = 0; i < MANY; i++) want += (i % 7) * 10;
  rt_log_buf[0] = '\0';
  cr_assert_eq(ac_run(many__spawn(__FILE__, __LINE__)), want);
  cr_assert_eq(ac_live_tasks(), 0);
}
