/* test_promise.c - promises (ac_promise_new): resolve and reject wake the
 * awaiter with the value or the code; a second settling is refused with
 * AC_ESETTLED and changes nothing (also once finished); a settling from
 * another thread that is refused is reported, not a crash; a promise
 * cancelled through its awaiter refuses a late resolve and runs its
 * cancel hook; a resolve from another thread through a bridge (the TSan
 * run of this path is scripts/test.sh's "tsan (promise)", as Criterion
 * cannot run under TSan). */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <pthread.h>
#include <time.h>

#include "internal.h"
#include "sync_test.h"

TestSuite(promise, .timeout = 10);

static ac_task__int P;
static ac_task__int A;

/* ==== async int awaiter(task(int) p): logs what `await p` gave ==== */
struct awaiter__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int p;
};
static int awaiter__resume(ac_frame_t *hdr) {
  struct awaiter__frame *F = (struct awaiter__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  AC__AWAIT(&F->hdr, 1, ac__await_task(&F->hdr, F->p.t), fail);
  rt_log("got=%d", *(int *)ac__task_result(F->p.t, sizeof(int)));
  *F->res = 0;
  F->hdr.err = 0;
  return AC__DONE;
fail:
  rt_log("x:%s", ac_err_name(F->hdr.err));
  return AC__DONE;
}
RT_INFO(awaiter, struct awaiter__frame)
static ac_task__int awaiter(ac_task__int p) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(awaiter__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct awaiter__frame *)(void *)fr)->res = r;
  ((struct awaiter__frame *)(void *)fr)->p = p;
  return h;
}

static void start(void) {
  ac_promise_new(P);
  A = awaiter(P);
}

/* ---- resolve, then a second resolve and a reject are refused ---- */
static int resolve_twice(int step) {
  switch (step) {
  case 0: start(); return 1;
  case 1:
    cr_assert(ac_promise_is_pending(P));
    cr_assert_eq(ac_resolve(P, 42), 0);
    cr_assert_eq(ac_resolve(P, 43), AC_ESETTLED); /* before it ran */
    cr_assert_eq(ac_reject(P, AC_EIO), AC_ESETTLED);
    cr_assert_not(ac_promise_is_pending(P));
    return 1;
  case 2:
  case 3:
    return 1;
  default:
    cr_assert(ac_done(P));
    cr_assert_eq(ac_resolve(P, 44), AC_ESETTLED); /* finished */
    return 0;
  }
}
Test(promise, resolve_then_settle_again_is_refused) {
  cr_assert_eq(drive_run(resolve_twice), 0);
  cr_assert_str_eq(rt_log_buf, "got=42");
}

/* ---- reject: the awaiter gets the code; a non-negative code is no
 * failure ---- */
static int reject(int step) {
  switch (step) {
  case 0: start(); return 1;
  case 1:
    cr_assert_eq(ac_reject(P, 5), AC_EINVAL);
    cr_assert_eq(ac_reject(P, 0), AC_EINVAL);
    cr_assert(ac_promise_is_pending(P));
    cr_assert_eq(ac_reject(P, AC_EIO), 0);
    return 1;
  case 2:
  case 3: return 1;
  default:
    cr_assert_eq(ac_task_error(P), AC_EIO);
    cr_assert_eq(ac_task_error(A), AC_EIO); /* seen: not reported */
    return 0;
  }
}
Test(promise, reject_fails_the_awaiter) {
  cr_assert_eq(drive_run(reject), 0);
  cr_assert_str_eq(rt_log_buf, "x:EIO");
}

/* ---- the awaiter is cancelled: the promise with it (asyncio's rule for
 * `await t`), its hook runs once, a late resolve is refused ---- */
static int hook_runs;
static void on_cancel(void *arg) {
  (void)arg;
  hook_runs++;
}
static int cancel_awaiter(int step) {
  switch (step) {
  case 0:
    start();
    cr_assert_eq(ac_promise_on_cancel(P, on_cancel, NULL), 0);
    return 1;
  case 1: ac_cancel(A); return 1;
  case 2:
  case 3: return 1;
  default:
    cr_assert_eq(ac_resolve(P, 1), AC_ESETTLED);
    cr_assert_eq(ac_task_error(P), AC_ECANCELED);
    return 0;
  }
}
Test(promise, resolve_after_the_awaiter_was_cancelled) {
  cr_assert_eq(drive_run(cancel_awaiter), 0);
  cr_assert_str_eq(rt_log_buf, "x:ECANCELED");
  cr_assert_eq(hook_runs, 1);
}

/* ---- from another thread, through a bridge ---- */
static ac_bridge_t *bridge;
static int twice; /* the thread settles a second time: refused, reported */

static void *resolver(void *arg) {
  struct timespec ms = {0, 1000000};
  (void)arg;
  nanosleep(&ms, NULL);
  cr_assert_eq(ac_resolve_threadsafe(bridge, P, 7), 0);
  if (twice) cr_assert_eq(ac_resolve_threadsafe(bridge, P, 8), 0);
  return NULL;
}

static pthread_t thread;
static int threaded(int step) {
  switch (step) {
  case 0:
    cr_assert_eq(ac_bridge_open(&bridge), 0);
    start();
    cr_assert_eq(pthread_create(&thread, NULL, resolver, NULL), 0);
    return 1;
  default:
    if (!ac_done(A)) return 1;
    pthread_join(thread, NULL);
    ac_bridge_close(bridge); /* the calls already made still run */
    return 0;
  }
}
Test(promise, resolved_from_another_thread) {
  cr_assert_eq(drive_run(threaded), 0);
  cr_assert_str_eq(rt_log_buf, "got=7");
}

static void redirect(void) { cr_redirect_stderr(); }
Test(promise, a_refused_settling_from_a_thread_is_reported, .init = redirect) {
  twice = 1;
  cr_assert_eq(drive_run(threaded), 0);
  cr_assert_str_eq(rt_log_buf, "got=7");
  cr_assert_stderr_eq_str("asyncc: a promise settled from another thread: "
                          "promise already settled\n");
}
