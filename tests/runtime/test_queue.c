/* test_queue.c - asyncio.Queue semantics: no suspension when not needed,
 * FIFO getters and putters, cancellation that loses no item, join and
 * task_done, LIFO and heapq-ordered priority storage. */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h */
#include <criterion/criterion.h>

#include "internal.h"
#include "sync_test.h"

TestSuite(queue, .timeout = 10);

static ac_queue_t Q;
static ac_task__int T[4];

static int cmp_int(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

/* ---- getters wait in order; a woken getter cancelled hands on ---- */
static int getters(int step) {
  int v;
  switch (step) {
  case 0:
    ac_queue_init(&Q, sizeof(int), 0, AC_QUEUE_FIFO, NULL);
    for (int i = 0; i < 3; i++) T[i] = op(OP_GET, &Q, i);
    return 1;
  case 1:
    v = 7;
    ac_queue_put_nowait(&Q, &v); /* wakes g0 */
    ac_cancel(T[0]);
    v = 8;
    ac_queue_put_nowait(&Q, &v); /* wakes g1 */
    rt_log("put");
    return 1;
  default: return step < 4;
  }
}
Test(queue, cancelled_getter_loses_no_item) {
  cr_assert_eq(drive_run(getters), 0);
  cr_assert_str_eq(rt_log_buf, "w0 w1 w2 put x0:ECANCELED ok1=7 ok2=8");
  cr_assert_eq(ac_queue_size(&Q), 0);
  cr_assert_eq(ac_queue_destroy(&Q), 0);
}

/* ---- bounded: putters wait, get wakes the first; join waits for every
 * task_done (checked against CPython) ---- */
static int putters(int step) {
  int v;
  switch (step) {
  case 0:
    ac_queue_init(&Q, sizeof(int), 1, AC_QUEUE_FIFO, NULL);
    for (int i = 0; i < 3; i++) T[i] = op(OP_PUT, &Q, i);
    T[3] = op(OP_JOIN, &Q, 9);
    return 1;
  case 1:
  case 2:
  case 3:
    cr_assert_eq(ac_queue_full(&Q), 1);
    ac_queue_get_nowait(&Q, &v);
    rt_log("g%d", v);
    ac_queue_task_done(&Q);
    return 1;
  case 4:
    cr_assert_eq(ac_queue_get_nowait(&Q, &v), AC_EAGAIN);
    cr_assert_eq(ac_queue_task_done(&Q), AC_EINVAL);
    return 1;
  default: return step < 6;
  }
}
Test(queue, bounded_putters_and_join) {
  cr_assert_eq(drive_run(putters), 0);
  /* task_done after g0 brings the count to 0 for a moment (p1 has been
   * woken but has not put yet): the joiner is woken then, as in CPython. */
  cr_assert_str_eq(rt_log_buf, "w0 ok0 w1 w2 w9 g0 ok1 ok9 g1 ok2 g2");
  cr_assert_eq(ac_queue_destroy(&Q), 0);
}

Test(queue, lifo_and_priority_storage) {
  ac_queue_t q;
  int v, i;
  static const int in[] = {5, 3, 9, 1, 7, 3, 0, 8, 2, 6, 4, 1};
  cr_assert_eq(ac_queue_init(&q, sizeof(int), 0, AC_QUEUE_PRIORITY, NULL),
               AC_EINVAL);
  cr_assert_eq(ac_queue_init(&q, 0, 0, AC_QUEUE_FIFO, NULL), AC_EINVAL);
  ac_queue_init(&q, sizeof(int), 0, AC_QUEUE_PRIORITY, cmp_int);
  for (i = 0; i < 12; i++) ac_queue_put_nowait(&q, &in[i]);
  for (i = 0; i < 12; i++) {
    static const int want[] = {0, 1, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9};
    ac_queue_get_nowait(&q, &v);
    cr_assert_eq(v, want[i]);
  }
  ac_queue_destroy(&q);
  ac_queue_init(&q, sizeof(int), 0, AC_QUEUE_LIFO, NULL);
  for (i = 0; i < 20; i++) ac_queue_put_nowait(&q, &i); /* grows */
  for (i = 19; i >= 0; i--) {
    ac_queue_get_nowait(&q, &v);
    cr_assert_eq(v, i);
  }
  ac_queue_destroy(&q);
  /* FIFO ring wraps and grows. */
  ac_queue_init(&q, sizeof(int), 0, AC_QUEUE_FIFO, NULL);
  for (i = 0; i < 6; i++) ac_queue_put_nowait(&q, &i);
  for (i = 0; i < 4; i++) ac_queue_get_nowait(&q, &v);
  for (i = 6; i < 30; i++) ac_queue_put_nowait(&q, &i);
  for (i = 4; i < 30; i++) {
    ac_queue_get_nowait(&q, &v);
    cr_assert_eq(v, i);
  }
  cr_assert_eq(ac_queue_size(&q), 0);
  ac_queue_destroy(&q);
}

/* ---- a parked get or put in the task dump: its operation, the waiters
 * ahead, and the awaiting frame on top (the wait keeps no frame) ---- */
static ac_queue_t Q2;

static const ac_task_info_t *info_of(ac_task_iter_t *it, ac_task__int h) {
  const ac_task_info_t *i;
  while ((i = ac_task_iter_next(it)) != NULL)
    if (i->id == (const void *)h.t) return i;
  return NULL;
}

static void expect_parked(ac_task__int h, const char *detail) {
  ac_task_iter_t *it = ac_task_iter_new();
  const ac_task_info_t *i = info_of(it, h);
  cr_assert_not_null(i);
  cr_assert_str_eq(i->state, "waiting");
  cr_assert_str_eq(i->detail, detail);
  ac_task_iter_free(it);
  cr_assert_eq(h.t->top, AC__ROOT(h.t)); /* op's frame: the wait pushed none */
}

static int parked(int step) {
  int v = 5;
  switch (step) {
  case 0:
    ac_queue_init(&Q, sizeof(int), 0, AC_QUEUE_FIFO, NULL);
    ac_queue_init(&Q2, sizeof(int), 1, AC_QUEUE_FIFO, NULL);
    ac_queue_put_nowait(&Q2, &v); /* full: the putter parks */
    T[0] = op(OP_GET, &Q, 0);
    T[1] = op(OP_GET, &Q, 1);
    T[2] = op(OP_PUT, &Q2, 2);
    return 1;
  case 1:
    expect_parked(T[0], "in ac_queue_get");
    expect_parked(T[1], "in ac_queue_get, 1 waiter(s) ahead");
    expect_parked(T[2], "in ac_queue_put");
    ac_cancel(T[0]);
    ac_queue_get_nowait(&Q2, &v); /* wakes the putter */
    return 1;
  case 2:
    expect_parked(T[1], "in ac_queue_get"); /* the cancelled one left */
    ac_queue_put_nowait(&Q, &v);
    return 1;
  default: return step < 4;
  }
}
Test(queue, parked_waits_in_the_dump) {
  cr_assert_eq(drive_run(parked), 0);
  cr_assert_str_eq(rt_log_buf, "w0 w1 w2 x0:ECANCELED ok2 ok1=5");
  cr_assert_eq(ac_queue_get_nowait(&Q2, &(int){0}), 0);
  cr_assert_eq(ac_queue_destroy(&Q), 0);
  cr_assert_eq(ac_queue_destroy(&Q2), 0);
}
