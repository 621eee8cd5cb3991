/* tsan_pools.c - a plain driver (no Criterion: its BoxFort arena cannot be
 * mapped under ThreadSanitizer) that exercises the pools' cross-thread
 * paths for scripts/test.sh's TSan step: awaited jobs and their
 * completions through the loop bridge, cancellation of running jobs,
 * futures with callbacks and waits, map on a process pool, tasks started
 * from another thread through ac_bridge_submit, and awaited process jobs
 * (two in flight per worker, a worker killed by a timeout), and
 * cancellation racing the workers that finish the jobs.
 * Exit status 0 on success; TSan makes any race fatal. */
#define _GNU_SOURCE
#include <stdio.h>

#include "internal.h"
#include "pool_test.h"

__attribute__((constructor)) static void prefork(void) {
  ac__process_prefork();
}

static ac_pool_t *tp;

enum { N = 2000 };
struct drive__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int h[N];
  ac_task__int slow;
  int i;
  long sum;
};
static int drive__resume(ac_frame_t *hdr) {
  struct drive__frame *F = (struct drive__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3))
  F->slow = offload(tp, AC__JOB_THREAD, 1, 5000, DIE_NONE);
  for (F->i = 0; F->i < N; F->i++)
    F->h[F->i] = offload(tp, AC__JOB_THREAD, F->i % 10, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_gather(&F->hdr, F->h, N, sizeof F->h[0]),
            fail);
  for (F->i = 0; F->i < N; F->i++) F->sum += AC__TASK_RES(F->h[F->i]);
  ac_cancel(F->slow);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->slow.t), caught);
caught:
  if (F->hdr.err != AC_ECANCELED) return AC__DONE;
  AC__AWAIT(&F->hdr, 3, ac__await_sleep(&F->hdr, 0.01), fail);
  *F->res = F->sum == 200L * 285 ? 0 : 1;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(drive, struct drive__frame)

/* ---- cancellation racing the workers: jobs cancelled while some are
 * still in the outbox, some queued, some running and some just finished,
 * so the cancel hook reads a job's state while a worker may be writing
 * it (an unlocked read there was a race TSan reports) ---- */
enum { NR = 64, ROUNDS = 40 };
struct race__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int h[NR];
  int round, i, bad;
};
static int race__resume(ac_frame_t *hdr) {
  struct race__frame *F = (struct race__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3) RT_STATE(4))
  /* A job that a worker is running, and nothing else in flight: no lock
   * orders the worker's write of RUNNING before the cancel hook's read. */
  F->h[0] = offload(tp, AC__JOB_THREAD, 1, 300, DIE_NONE);
  AC__AWAIT(&F->hdr, 3, ac__await_sleep(&F->hdr, 0.1), fail);
  ac_cancel(F->h[0]);
  AC__AWAIT(&F->hdr, 4, ac__await_task(&F->hdr, F->h[0].t), lone);
lone:
  if (F->hdr.err != AC_ECANCELED) F->bad++;
  F->hdr.err = 0;
  for (F->round = 0; F->round < ROUNDS; F->round++) {
    for (F->i = 0; F->i < NR; F->i++)
      F->h[F->i] = offload(tp, AC__JOB_THREAD, F->i, 0, DIE_NONE);
    /* Half the rounds let the outbox reach the workers first. */
    if (F->round % 2) AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0), fail);
    for (F->i = 0; F->i < NR; F->i++) ac_cancel(F->h[F->i]);
    for (F->i = 0; F->i < NR; F->i++) {
      AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->h[F->i].t), settled);
      if (AC__TASK_RES(F->h[F->i]) != F->i * F->i) F->bad++;
      continue;
    settled:
      if (F->hdr.err != AC_ECANCELED) F->bad++;
      F->hdr.err = 0;
    }
  }
  *F->res = F->bad;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(race, struct race__frame)

/* ---- a process pool: tiny jobs two in flight per worker, a timeout
 * that kills a worker, the job behind it re-sent ---- */
static ac_pool_t *procpool;
enum { NP = 500 };
struct procs__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int h[NP];
  ac_task__int slow, after;
  int i, bad;
};
static int procs__resume(ac_frame_t *hdr) {
  struct procs__frame *F = (struct procs__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3))
  for (F->i = 0; F->i < NP; F->i++)
    F->h[F->i] = offload(procpool, AC__JOB_PROCESS, F->i % 50, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_gather(&F->hdr, F->h, NP, sizeof F->h[0]),
            fail);
  for (F->i = 0; F->i < NP; F->i++)
    F->bad += AC__TASK_RES(F->h[F->i]) != (F->i % 50) * (F->i % 50);
  F->slow = offload(procpool, AC__JOB_PROCESS, 3, 5000, DIE_NONE);
  F->after = offload(procpool, AC__JOB_PROCESS, 4, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 2, ac__await_wait_for(&F->hdr, F->slow.t, 0.05), timed);
timed:
  if (F->hdr.err != AC_ETIMEDOUT) F->bad++;
  AC__AWAIT(&F->hdr, 3, ac__await_task(&F->hdr, F->after.t), fail);
  if (AC__TASK_RES(F->after) != 16) F->bad++;
  *F->res = F->bad;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(procs, struct procs__frame)

/* ---- ac_bridge_submit: another thread starts tasks on the loop ---- */
static ac_bridge_t *bridge;
static ac_event_t thread_done;
static atomic_int bridged_ok;

static ac_task_ref_t start_tick(void *arg) {
  ac_task__int h = ticker(*(int *)arg, 0.001);
  return AC_TASK_REF(h);
}
static void set_done(void *arg) {
  (void)arg;
  ac_event_set(&thread_done);
}
static void *submitter(void *arg) {
  int one = 1, many = 100000, i;
  (void)arg;
  for (i = 0; i < 50; i++) {
    ac_future_t *f = ac_bridge_submit(bridge, start_tick, &one, sizeof(int));
    if (ac_future_result(f, 10) == 0 && *(int *)ac_future_buffer(f) == 1)
      atomic_fetch_add(&bridged_ok, 1);
    ac_future_free(f);
  }
  ac_future_t *slow = ac_bridge_submit(bridge, start_tick, &many, sizeof(int));
  ac_future_cancel(slow);
  if (ac_future_result(slow, 10) == AC_ECANCELED && ac_future_cancelled(slow))
    atomic_fetch_add(&bridged_ok, 1);
  ac_future_free(slow);
  ac_bridge_call(bridge, set_done, NULL);
  return NULL;
}

struct bridged__frame {
  ac_frame_t hdr;
  int *res;
  pthread_t th;
};
static int bridged__resume(ac_frame_t *hdr) {
  struct bridged__frame *F = (struct bridged__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  ac_event_init(&thread_done);
  if (ac_bridge_open(&bridge) != 0) return AC__DONE;
  pthread_create(&F->th, NULL, submitter, NULL);
  AC__AWAIT(&F->hdr, 1, ac__await_event_wait(&F->hdr, &thread_done), fail);
  pthread_join(F->th, NULL);
  ac_bridge_close(bridge);
  *F->res = atomic_load(&bridged_ok) == 51 ? 0 : 1;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(bridged, struct bridged__frame)

static void bump(ac_future_t *f, void *arg) {
  (void)f;
  atomic_fetch_add((atomic_int *)arg, 1);
}
static void work(void *arg) { atomic_fetch_add((atomic_int *)arg, 1); }
static void twice(void *item) { *(int *)item *= 2; }

int main(void) {
  static atomic_int ran, calls;
  ac_future_t *f[64];
  ac_pool_options_t opt = {4, NULL, NULL, 0};
  ac_pool_t *pp;
  int i, v[100], rc;

  if (ac_thread_pool_new(&tp, &opt) != 0) return 1;
  if ((rc = ac_run(drive__spawn(__FILE__, __LINE__))) != 0) return 10 + rc;
  if ((rc = ac_run(bridged__spawn(__FILE__, __LINE__))) != 0) return 20 + rc;
  if ((rc = ac_run(race__spawn(__FILE__, __LINE__))) != 0) return 40 + rc;
  opt.workers = 2;
  if (ac_process_pool_new(&procpool, &opt) != 0) return 30;
  if ((rc = ac_run(procs__spawn(__FILE__, __LINE__))) != 0) return 30 + rc;
  ac_pool_free(procpool);
  opt.workers = 4;

  for (i = 0; i < 64; i++) {
    f[i] = ac_pool_submit(tp, work, &ran);
    ac_future_add_done_callback(f[i], bump, &calls);
  }
  if (ac_futures_wait(f, 64, AC_ALL_COMPLETED, 10) != 64) return 2;
  for (i = 0; i < 64; i++) ac_future_free(f[i]);
  ac_pool_free(tp);
  if (atomic_load(&ran) != 64 || atomic_load(&calls) != 64) return 3;

  opt.workers = 2;
  if (ac_process_pool_new(&pp, &opt) != 0) return 4;
  for (i = 0; i < 100; i++) v[i] = i;
  if (ac_pool_map(pp, twice, v, 100, sizeof v[0], 10, 3) != 0) return 5;
  for (i = 0; i < 100; i++)
    if (v[i] != 2 * i) return 6;
  ac_pool_free(pp);
  puts("tsan_pools: ok");
  return 0;
}
