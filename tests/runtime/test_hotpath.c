/* test_hotpath.c - what the runtime's hot paths promise beyond their
 * results (issue 14): a message through a bounded queue allocates nothing
 * (its waiter lives in a recycled runtime frame), the loop's cached
 * earliest deadline never makes a timer late, whatever is stopped or
 * started meanwhile, and a timer too far from its lane's origin for a
 * 4-byte slot still fires, from the heap. The benchmarks
 * (bench/callgrind.sh) give the costs. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h */
#include <criterion/criterion.h>
#include <sys/mman.h>

#include "internal.h"
#include "rt_test.h"

TestSuite(hotpath, .timeout = 10);

/* ---- W3's shape: a producer and a consumer through a capacity-1 queue ---- */
enum { MESSAGES = 2000, WARM = 100 };

static ac_queue_t Q;
static long consumed_sum;
static size_t allocs_warm, allocs_end; /* ac__mem_allocs at message WARM and at the end */

struct pc__frame {
  ac_frame_t hdr;
  int *res;
  long i, v;
};

static int producer__resume(ac_frame_t *hdr) {
  struct pc__frame *F = (struct pc__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  for (F->i = 0; F->i < MESSAGES; F->i++) {
    if (F->i == WARM) allocs_warm = ac__mem_allocs();
    F->v = F->i;
    AC__AWAIT(&F->hdr, 1, ac__await_queue_put(&F->hdr, NULL, &Q, &F->v), fail);
  }
  if (F->res) *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(producer, struct pc__frame)

static int consumer__resume(ac_frame_t *hdr) {
  struct pc__frame *F = (struct pc__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  for (F->i = 0; F->i < MESSAGES; F->i++) {
    AC__AWAIT(&F->hdr, 1, ac__await_queue_get(&F->hdr, NULL, &Q, &F->v), fail);
    consumed_sum += F->v;
  }
  allocs_end = ac__mem_allocs();
  if (F->res) *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(consumer, struct pc__frame)

Test(hotpath, queue_message_allocates_nothing) {
  if (!AC__SLAB_ON) cr_skip("AddressSanitizer build: every block is a malloc");
  cr_assert_eq(ac_queue_init(&Q, sizeof(long), 1, AC_QUEUE_FIFO, NULL), 0);
  ac_task__int p = producer__spawn(__FILE__, __LINE__);
  ac_task__int c = consumer__spawn(__FILE__, __LINE__);
  (void)p;
  cr_assert_eq(ac_run(c), 0);
  cr_assert_eq(consumed_sum, (long)MESSAGES * (MESSAGES - 1) / 2);
  /* Every put and get after the first ones parked its task: no malloc. */
  cr_assert_eq(allocs_end, allocs_warm, "%zu allocations for %d messages",
               allocs_end - allocs_warm, MESSAGES - WARM);
  cr_assert_eq(ac_queue_destroy(&Q), 0);
}

/* ---- the same with the wait's record in the awaiting frame ----
 * As generated code passes it (AC_AWAITABLE_WITH): a parked put or get
 * takes no block at all, not even from the slab. */
static size_t slab_warm, slab_max; /* blocks in use at message WARM, and the most after */

struct fpc__frame {
  ac_frame_t hdr;
  int *res;
  long i, v;
  ac_queue_wait_t w;
};

static void note_slab_use(void) {
  if (ac__L.slab.outstanding > slab_max) slab_max = ac__L.slab.outstanding;
}

static int fproducer__resume(ac_frame_t *hdr) {
  struct fpc__frame *F = (struct fpc__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  for (F->i = 0; F->i < MESSAGES; F->i++) {
    if (F->i == WARM) slab_warm = slab_max = ac__L.slab.outstanding;
    F->v = F->i;
    AC__AWAIT(&F->hdr, 1, ac__await_queue_put(&F->hdr, &F->w, &Q, &F->v), fail);
    note_slab_use();
  }
  if (F->res) *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(fproducer, struct fpc__frame)

static int fconsumer__resume(ac_frame_t *hdr) {
  struct fpc__frame *F = (struct fpc__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  for (F->i = 0; F->i < MESSAGES; F->i++) {
    AC__AWAIT(&F->hdr, 1, ac__await_queue_get(&F->hdr, &F->w, &Q, &F->v), fail);
    note_slab_use();
    consumed_sum += F->v;
  }
  if (F->res) *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(fconsumer, struct fpc__frame)

Test(hotpath, queue_wait_in_frame_takes_no_block) {
  if (!AC__SLAB_ON) cr_skip("AddressSanitizer build: every block is a malloc");
  consumed_sum = 0;
  cr_assert_eq(ac_queue_init(&Q, sizeof(long), 1, AC_QUEUE_FIFO, NULL), 0);
  ac_task__int p = fproducer__spawn(__FILE__, __LINE__);
  ac_task__int c = fconsumer__spawn(__FILE__, __LINE__);
  (void)p;
  cr_assert_eq(ac_run(c), 0);
  cr_assert_eq(consumed_sum, (long)MESSAGES * (MESSAGES - 1) / 2);
  cr_assert_eq(slab_max, slab_warm, "%zu slab blocks taken by parked waits",
               slab_max - slab_warm);
  cr_assert_eq(ac_queue_destroy(&Q), 0);
}

/* ---- the cached earliest deadline ----
 * A 5 s sleeper's timer sets the loop's cached deadline; cancelling it
 * leaves the cache 5 s out (early is allowed, it only costs a look).
 * A 20 ms sleeper started next must lower it and wake on time. */
struct late__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int h[2];
  double t0;
};

static int late__resume(ac_frame_t *hdr) {
  struct late__frame *F = (struct late__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3))
  F->h[0] = worker(1, 5.0);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0), fail); /* it starts sleeping */
  cr_assert_eq(ac__L.next_due, F->h[0].t->u.timer.deadline);
  ac_cancel(F->h[0]); /* its timer goes; the cache stays */
  F->t0 = ac_now();
  F->h[1] = worker(2, 0.02);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->h[1].t), fail);
  cr_assert_lt(ac_now() - F->t0, 1.0, "the 20 ms sleeper woke after %.3f s",
               ac_now() - F->t0);
  AC__AWAIT(&F->hdr, 3, ac__await_task(&F->hdr, F->h[0].t), cancelled);
cancelled:
  if (F->res) *F->res = 0;
  F->hdr.err = 0;
  return AC__DONE;
fail:
  return AC__DONE;
}
RT_DEF0(late, struct late__frame)

Test(hotpath, stopped_timer_leaves_no_late_wakeup) {
  cr_assert_eq(ac_run(late__spawn(__FILE__, __LINE__)), 0);
  cr_assert_str_eq(rt_log_buf, "s1 x1:ECANCELED s2 e2");
}

/* ---- a timer far from its lane's origin ----
 * NEAR (static data) opens an empty lane of 10 ms and becomes its origin;
 * FAR, mapped at least 64 GiB away, has the same duration but no slot can
 * say where it is: it must go to the heap and still fire, after NEAR. */
static ac__tevent_t near_ev, *far_ev;

static void far_fire(ac__tevent_t *ev) { rt_log(ev == &near_ev ? "near" : "far"); }

struct far__frame {
  ac_frame_t hdr;
  int *res;
};

static int far__resume(ac_frame_t *hdr) {
  struct far__frame *F = (struct far__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  near_ev.fire = far_fire;
  far_ev->fire = far_fire;
  ac__tevent_start_in(&near_ev, 0.01);
  ac__tevent_start_in(far_ev, 0.01);
  cr_assert_eq(ac__L.timers.len, 1, "the far timer is in the heap");
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.05), fail);
  if (F->res) *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(far, struct far__frame)

Test(hotpath, far_timer_fires_from_the_heap) {
  size_t len = 1 << 16;
  /* An address, not a pointer into near_ev: arithmetic past an object is
   * undefined, and gcc -O2 says so (-Warray-bounds). */
  void *want = (void *)((uintptr_t)&near_ev + ((uintptr_t)64 << 30));
  void *p = mmap(want, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  uintptr_t a = (uintptr_t)&near_ev, b = (uintptr_t)p;
  cr_assert_neq(p, MAP_FAILED);
  if ((a > b ? a - b : b - a) < ((uintptr_t)32 << 30)) {
    munmap(p, len);
    cr_skip("no mapping 32 GiB away from the test's data");
  }
  far_ev = p;
  cr_assert_eq(ac_run(far__spawn(__FILE__, __LINE__)), 0);
  cr_assert_str_eq(rt_log_buf, "near far");
  munmap(p, len);
}
