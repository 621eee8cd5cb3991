/* tsan_pools.c - a plain driver (no Criterion: its BoxFort arena cannot be
 * mapped under ThreadSanitizer) that exercises the pools' cross-thread
 * paths for scripts/test.sh's TSan step: awaited jobs and their
 * completions through the loop bridge, cancellation of running jobs,
 * futures with callbacks and waits, map on a process pool.
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
  for (F->i = 0; F->i < N; F->i++) F->sum += *F->h[F->i].r;
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
