/* test_pool_thread.c - `await in_thread(...)` on thread pools: results,
 * the loop running other tasks meanwhile, cancellation before and during
 * the job, wait_for around a job, the default pool, 10,000 jobs. */
#define _GNU_SOURCE /* pthread_getname_np */
#include <criterion/criterion.h>
#include <pthread.h>

#include "internal.h"
#include "pool_test.h"

TestSuite(pool_thread, .timeout = 20);

static ac_pool_t *tp; /* the pool the test's tasks use */

static ac_pool_t *new_pool(int workers) {
  ac_pool_options_t opt = {workers, NULL, NULL, 0};
  ac_pool_t *p = NULL;
  cr_assert_eq(ac_thread_pool_new(&p, &opt), 0);
  pt_reset();
  return p;
}

/* ---- results come back; a ticker runs while the jobs do ---- */
struct many__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int tick;
  ac_task__int h[8];
  int i, sum;
};
static int many__resume(ac_frame_t *hdr) {
  struct many__frame *F = (struct many__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  F->tick = ticker(4, 0.02);
  for (F->i = 0; F->i < 8; F->i++)
    F->h[F->i] = offload(tp, AC__JOB_THREAD, F->i, 100, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_gather(&F->hdr, F->h, 8, sizeof F->h[0]),
            fail);
  rt_log("jobs");
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->tick.t), fail);
  for (F->i = 0; F->i < 8; F->i++) F->sum += AC__TASK_RES(F->h[F->i]);
  *F->res = F->sum;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(many, struct many__frame)

Test(pool_thread, results_and_interleave) {
  tp = new_pool(4);
  cr_assert_eq(ac_run(many__spawn(__FILE__, __LINE__)), 0 + 1 + 4 + 9 + 16 + 25 + 36 + 49);
  /* 8 jobs of 100 ms on 4 workers: the 4 ticks (20 ms apart) all come
   * before the jobs are through. */
  cr_assert_str_eq(rt_log_buf, "tick tick tick tick jobs");
  cr_assert_eq(ac_live_tasks(), 0);
  ac_pool_free(tp);
}

/* ---- cancel before start: the job never runs ---- */
struct early__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a, b;
};
static int early__resume(ac_frame_t *hdr) {
  struct early__frame *F = (struct early__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3))
  F->a = offload(tp, AC__JOB_THREAD, 2, 100, DIE_NONE);
  F->b = offload(tp, AC__JOB_THREAD, 3, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.02), fail);
  ac_cancel(F->b);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->b.t), caught);
  rt_log("b-ran");
caught:
  rt_log("b:%s", ac_err_name(F->hdr.err));
  AC__AWAIT(&F->hdr, 3, ac__await_task(&F->hdr, F->a.t), fail);
  *F->res = AC__TASK_RES(F->a);
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(early, struct early__frame)

Test(pool_thread, cancel_before_start) {
  tp = new_pool(1);
  cr_assert_eq(ac_run(early__spawn(__FILE__, __LINE__)), 4);
  cr_assert_str_eq(rt_log_buf, "b:ECANCELED");
  ac_pool_free(tp);
  cr_assert_eq(atomic_load(&pt_started), 1); /* b never ran */
}

/* ---- cancel while running: ECANCELED at once; the job sees the flag and
 * its memory is freed by the runtime when the worker is done ---- */
struct late__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a;
  double t0;
};
static int late__resume(ac_frame_t *hdr) {
  struct late__frame *F = (struct late__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  F->a = offload(tp, AC__JOB_THREAD, 5, 5000, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.05), fail);
  F->t0 = ac_now();
  ac_cancel(F->a);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->a.t), caught);
  rt_log("a-finished");
caught:
  rt_log("a:%s", ac_err_name(F->hdr.err));
  *F->res = ac_now() - F->t0 < 0.04 ? 7 : 8;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(late, struct late__frame)

Test(pool_thread, cancel_while_running) {
  tp = new_pool(1);
  cr_assert_eq(ac_run(late__spawn(__FILE__, __LINE__)), 7);
  cr_assert_str_eq(rt_log_buf, "a:ECANCELED");
  ac_pool_free(tp); /* waits for the worker; ASan checks the job was freed */
  cr_assert_eq(atomic_load(&pt_saw_cancel), 1);
}

/* ---- wait_for around a job: ETIMEDOUT, the job stops early ---- */
struct wf__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a;
};
static int wf__resume(ac_frame_t *hdr) {
  struct wf__frame *F = (struct wf__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->a = offload(tp, AC__JOB_THREAD, 5, 5000, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_wait_for(&F->hdr, F->a.t, 0.05), caught);
caught:
  *F->res = F->hdr.err == AC_ETIMEDOUT ? 1 : 2;
  F->hdr.err = 0;
  return AC__DONE;
}
RT_DEF0(wf, struct wf__frame)

Test(pool_thread, wait_for_timeout) {
  double t0 = ac_now();
  tp = new_pool(2);
  cr_assert_eq(ac_run(wf__spawn(__FILE__, __LINE__)), 1);
  cr_assert_lt(ac_now() - t0, 1.0);
  ac_pool_free(tp);
  cr_assert_eq(atomic_load(&pt_saw_cancel), 1);
}

/* ---- jobs a round of tasks submits are queued when the round ends: a
 * task cancelled in that same round has submitted nothing that runs ---- */
struct sameround__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a;
};
static int sameround__resume(ac_frame_t *hdr) {
  struct sameround__frame *F = (struct sameround__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  F->a = offload(tp, AC__JOB_THREAD, 3, 0, DIE_NONE);
  /* Next round: a runs first and submits its job, then we cancel it. */
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0), fail);
  ac_cancel(F->a);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->a.t), caught);
caught:
  rt_log("a:%s", ac_err_name(F->hdr.err));
  *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(sameround, struct sameround__frame)

Test(pool_thread, cancel_in_the_submitting_round) {
  tp = new_pool(2);
  cr_assert_eq(ac_run(sameround__spawn(__FILE__, __LINE__)), 0);
  cr_assert_str_eq(rt_log_buf, "a:ECANCELED");
  ac_pool_free(tp);
  cr_assert_eq(atomic_load(&pt_started), 0); /* the job never ran */
  cr_assert_eq(ac_live_tasks(), 0);
}

/* ---- shutting the pool down from a task queues what the round submitted
 * first: those jobs still run ---- */
struct shutround__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a, b;
};
static int shutround__resume(ac_frame_t *hdr) {
  struct shutround__frame *F = (struct shutround__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3))
  F->a = offload(tp, AC__JOB_THREAD, 3, 10, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0), fail);
  ac_pool_shutdown(tp, 1, 0); /* a's job is in this round's outbox */
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->a.t), fail);
  rt_log("a=%d", AC__TASK_RES(F->a));
  /* After shutdown, an offload fails with AC_ESHUTDOWN_POOL. */
  F->b = offload(tp, AC__JOB_THREAD, 4, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 3, ac__await_task(&F->hdr, F->b.t), caught);
caught:
  rt_log("b:%s", ac_err_name(F->hdr.err));
  *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(shutround, struct shutround__frame)

Test(pool_thread, shutdown_queues_the_round_first) {
  tp = new_pool(2);
  cr_assert_eq(ac_run(shutround__spawn(__FILE__, __LINE__)), 0);
  cr_assert_str_eq(rt_log_buf, "a=9 b:ESHUTDOWN_POOL");
  ac_pool_free(tp);
  cr_assert_eq(atomic_load(&pt_started), 1);
  cr_assert_eq(ac_live_tasks(), 0);
}

/* ---- the default pool (NULL), created on first use ---- */
struct dflt__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a;
};
static int dflt__resume(ac_frame_t *hdr) {
  struct dflt__frame *F = (struct dflt__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->a = offload(NULL, AC__JOB_THREAD, 9, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_task(&F->hdr, F->a.t), fail);
  *F->res = AC__TASK_RES(F->a);
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(dflt, struct dflt__frame)

Test(pool_thread, default_pool) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int want = cores + 4 < 32 ? (int)cores + 4 : 32;
  pt_reset();
  cr_assert_eq(ac_run(dflt__spawn(__FILE__, __LINE__)), 81);
  cr_assert_eq(ac_pool_size(ac_pool_default(AC__JOB_THREAD)), want);
  cr_assert_eq(ac_pool_default(AC__JOB_THREAD), ac_pool_default(AC__JOB_THREAD));
}

/* ---- 10,000 jobs: all results, nothing leaked (ASan) ---- */
enum { NJOBS = 10000 };
struct lots__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int h[NJOBS];
  int i;
  long sum;
};
static int lots__resume(ac_frame_t *hdr) {
  struct lots__frame *F = (struct lots__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  for (F->i = 0; F->i < NJOBS; F->i++)
    F->h[F->i] = offload(tp, AC__JOB_THREAD, F->i % 100, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 1,
            ac__await_gather(&F->hdr, F->h, NJOBS, sizeof F->h[0]), fail);
  for (F->i = 0; F->i < NJOBS; F->i++) F->sum += AC__TASK_RES(F->h[F->i]);
  *F->res = F->sum == 100L * 328350L ? 0 : 1; /* 100 * sum of i^2, i<100 */
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(lots, struct lots__frame)

Test(pool_thread, ten_thousand_jobs) {
  tp = new_pool(4);
  cr_assert_eq(ac_run(lots__spawn(__FILE__, __LINE__)), 0);
  cr_assert_eq(atomic_load(&pt_finished), NJOBS);
  cr_assert_eq(ac_live_tasks(), 0);
  ac_pool_free(tp);
}

/* ---- workers are named ac-worker-N and run the initializer ---- */
static atomic_int inits;
static void count_init(void *arg) {
  (void)arg;
  atomic_fetch_add(&inits, 1);
}
static void get_name(void *arg) {
  pthread_getname_np(pthread_self(), arg, 16);
}

Test(pool_thread, names_and_initializer) {
  char name[16] = "";
  ac_pool_options_t opt = {3, count_init, NULL, 0};
  ac_pool_t *p;
  ac_future_t *f;
  cr_assert_eq(ac_thread_pool_new(&p, &opt), 0);
  f = ac_pool_submit(p, get_name, name);
  cr_assert_eq(ac_future_result(f, 5), 0);
  cr_assert_eq(strncmp(name, "ac-worker-", 10), 0, "name %s", name);
  ac_future_free(f);
  ac_pool_free(p);
  cr_assert_eq(atomic_load(&inits), 3);
}
