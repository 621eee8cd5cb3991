/* test_queue_shutdown.c - ac_queue_shutdown (asyncio 3.13's
 * Queue.shutdown): waiting getters and putters are woken with
 * AC_EQUEUE_SHUTDOWN, items left are still got unless `immediate` dropped
 * them, `immediate` releases join, a getter woken by an item before the
 * shutdown keeps its item, and a cancelled waiter stays cancelled. */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "internal.h"
#include "sync_test.h"

static void quiet(void) { cr_redirect_stderr(); } /* the unawaited failures */
TestSuite(queue_shutdown, .timeout = 10, .init = quiet);

static ac_queue_t Q;
static ac_task__int T[4];

static void put_int(int v) { cr_assert_eq(ac_queue_put_nowait(&Q, &v), 0); }

/* ---- waiting getters: one gets the item put just before, the others
 * are woken with the shutdown ---- */
static int getters(int step) {
  switch (step) {
  case 0:
    ac_queue_init(&Q, sizeof(int), 0, AC_QUEUE_FIFO, NULL);
    for (int i = 0; i < 3; i++) T[i] = op(OP_GET, &Q, i);
    return 1;
  case 1:
    put_int(5);              /* wakes g0 */
    ac_queue_shutdown(&Q, 0); /* wakes g1 and g2 */
    rt_log("shut");
    return 1;
  default: return step < 3;
  }
}
Test(queue_shutdown, waiting_getters_are_woken) {
  cr_assert_eq(drive_run(getters), 0);
  cr_assert_str_eq(rt_log_buf, "w0 w1 w2 shut ok0=5 x1:EQUEUE_SHUTDOWN x2:EQUEUE_SHUTDOWN");
  cr_assert_eq(ac_queue_destroy(&Q), 0);
}

/* ---- waiting putters fail; what is in the queue is still got, then
 * gets fail; nowait calls say why ---- */
static int putters(int step) {
  int v = 0;
  switch (step) {
  case 0:
    ac_queue_init(&Q, sizeof(int), 1, AC_QUEUE_FIFO, NULL);
    put_int(7);
    T[0] = op(OP_PUT, &Q, 1);
    T[1] = op(OP_PUT, &Q, 2);
    return 1;
  case 1:
    ac_queue_shutdown(&Q, 0);
    cr_assert_eq(ac_queue_put_nowait(&Q, &v), AC_EQUEUE_SHUTDOWN);
    return 1;
  case 2:
    T[2] = op(OP_GET, &Q, 3); /* gets 7, left in the queue */
    T[3] = op(OP_GET, &Q, 4); /* empty and shut down: fails at once */
    return 1;
  case 3:
    cr_assert_eq(ac_queue_get_nowait(&Q, &v), AC_EQUEUE_SHUTDOWN);
    cr_assert_eq(v, 0);
    return 1;
  default: return step < 5;
  }
}
Test(queue_shutdown, putters_fail_items_left_are_got) {
  cr_assert_eq(drive_run(putters), 0);
  cr_assert_str_eq(rt_log_buf,
                   "w1 w2 x1:EQUEUE_SHUTDOWN x2:EQUEUE_SHUTDOWN w3 ok3=7 w4 x4:EQUEUE_SHUTDOWN");
  cr_assert_eq(ac_queue_destroy(&Q), 0);
}

/* ---- immediate: the items go, counted as done; join is released once
 * the items got earlier are done; gets fail at once ---- */
static int immediate(int step) {
  int v;
  switch (step) {
  case 0:
    ac_queue_init(&Q, sizeof(int), 0, AC_QUEUE_FIFO, NULL);
    for (int i = 0; i < 3; i++) put_int(i);
    cr_assert_eq(ac_queue_get_nowait(&Q, &v), 0);
    T[0] = op(OP_JOIN, &Q, 1);
    return 1;
  case 1:
    ac_queue_shutdown(&Q, 1);
    cr_assert_eq(ac_queue_size(&Q), 0);
    rt_log("shut");
    return 1;
  case 2:
    rt_log("done");
    ac_queue_task_done(&Q); /* the item got in step 0 */
    cr_assert_eq(ac_queue_task_done(&Q), AC_EINVAL); /* nothing else owed */
    return 1;
  case 3:
    T[1] = op(OP_GET, &Q, 2);
    return 1;
  default: return step < 5;
  }
}
Test(queue_shutdown, immediate_drops_items_and_releases_join) {
  cr_assert_eq(drive_run(immediate), 0);
  cr_assert_str_eq(rt_log_buf, "w1 shut done ok1 w2 x2:EQUEUE_SHUTDOWN");
  cr_assert_eq(ac_queue_destroy(&Q), 0);
}

/* ---- a getter cancelled before the shutdown stays cancelled; a second
 * shutdown call only adds immediate ---- */
static int cancelled(int step) {
  int v = 3;
  switch (step) {
  case 0:
    ac_queue_init(&Q, sizeof(int), 0, AC_QUEUE_FIFO, NULL);
    T[0] = op(OP_GET, &Q, 1);
    T[1] = op(OP_GET, &Q, 2);
    return 1;
  case 1:
    ac_cancel(T[0]);
    ac_queue_shutdown(&Q, 0);
    return 1;
  case 2:
    cr_assert_eq(ac_queue_put_nowait(&Q, &v), AC_EQUEUE_SHUTDOWN);
    ac_queue_shutdown(&Q, 1);
    cr_assert_eq(ac_queue_size(&Q), 0);
    return 1;
  default: return step < 4;
  }
}
Test(queue_shutdown, cancelled_getter_stays_cancelled) {
  cr_assert_eq(drive_run(cancelled), 0);
  cr_assert_str_eq(rt_log_buf, "w1 w2 x1:ECANCELED x2:EQUEUE_SHUTDOWN");
  cr_assert_eq(ac_queue_destroy(&Q), 0);
}
