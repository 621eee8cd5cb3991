/* test_futures.c - the synchronous pool API (concurrent.futures' side):
 * submit and result with a timeout, cancel, done callbacks, map in input
 * order on thread and process pools, ac_futures_wait and as_completed. */
#define _GNU_SOURCE
#include <criterion/criterion.h>

#include "internal.h"
#include "pool_test.h"

__attribute__((constructor)) static void prefork(void) {
  ac__process_prefork();
}

TestSuite(futures, .timeout = 20);

static void sleep_arg(void *arg) { pt_sleep_ms(*(int *)arg); }

static ac_pool_t *thread_pool(int n) {
  ac_pool_options_t opt = {n, NULL, NULL, 0};
  ac_pool_t *p;
  cr_assert_eq(ac_thread_pool_new(&p, &opt), 0);
  return p;
}

Test(futures, result_timeout_and_state) {
  ac_pool_t *p = thread_pool(1);
  int ms = 150;
  ac_future_t *f = ac_pool_submit(p, sleep_arg, &ms);
  cr_assert_eq(ac_future_result(f, 0.02), AC_ETIMEDOUT);
  cr_assert_eq(ac_future_running(f), 1);
  cr_assert_eq(ac_future_done(f), 0);
  cr_assert_eq(ac_future_cancel(f), 0); /* running: too late */
  cr_assert_eq(ac_future_result(f, -1), 0);
  cr_assert_eq(ac_future_done(f), 1);
  cr_assert_null(ac_future_buffer(f));
  ac_future_free(f);
  ac_pool_free(p);
}

Test(futures, cancel_pending) {
  ac_pool_t *p = thread_pool(1);
  int ms = 100, zero = 0;
  ac_future_t *a = ac_pool_submit(p, sleep_arg, &ms);
  ac_future_t *b = ac_pool_submit(p, sleep_arg, &zero);
  cr_assert_eq(ac_future_cancel(b), 1);
  cr_assert_eq(ac_future_cancel(b), 1);
  cr_assert(ac_future_cancelled(b));
  cr_assert_eq(ac_future_result(b, 0), AC_ECANCELED);
  ac_future_free(a); /* running: freed by the worker when done */
  ac_future_free(b);
  ac_pool_free(p);
}

static void on_done(ac_future_t *f, void *arg) {
  (void)f;
  atomic_fetch_add((atomic_int *)arg, 1);
}

Test(futures, done_callbacks) {
  ac_pool_t *p = thread_pool(2);
  static atomic_int calls;
  int ms = 30;
  ac_future_t *f = ac_pool_submit(p, sleep_arg, &ms);
  ac_future_add_done_callback(f, on_done, &calls);
  ac_future_add_done_callback(f, on_done, &calls);
  cr_assert_eq(ac_future_result(f, -1), 0);
  ac_pool_shutdown(p, 1, 0); /* the callbacks ran on the worker before */
  cr_assert_eq(atomic_load(&calls), 2);
  ac_future_add_done_callback(f, on_done, &calls); /* already done: now */
  cr_assert_eq(atomic_load(&calls), 3);
  ac_future_free(f);
  ac_pool_free(p);
}

static void triple(void *item) { *(long *)item *= 3; }

static void map_case(ac_pool_t *p) {
  long v[1000];
  size_t i;
  for (i = 0; i < 1000; i++) v[i] = (long)i;
  cr_assert_eq(ac_pool_map(p, triple, v, 1000, sizeof v[0], 7, 4), 0);
  for (i = 0; i < 1000; i++) cr_assert_eq(v[i], 3 * (long)i);
}

Test(futures, map_thread_and_process) {
  ac_pool_t *p = thread_pool(3), *q;
  ac_pool_options_t opt = {2, NULL, NULL, 0};
  map_case(p);
  ac_pool_free(p);
  cr_assert_eq(ac_process_pool_new(&q, &opt), 0);
  map_case(q);
  ac_pool_free(q);
}

Test(futures, wait_and_as_completed) {
  ac_pool_t *p = thread_pool(3);
  int ms[3] = {150, 10, 80};
  ac_future_t *f[3], *orig[3];
  size_t k;
  for (k = 0; k < 3; k++) orig[k] = f[k] = ac_pool_submit(p, sleep_arg, &ms[k]);
  cr_assert_eq(ac_futures_wait(f, 3, AC_FIRST_COMPLETED, 5), 1);
  cr_assert_eq(ac_futures_wait(f, 3, AC_ALL_COMPLETED, 0.01), AC_ETIMEDOUT);
  for (k = 0; k < 3; k++)
    cr_assert_eq(ac_futures_as_completed(f + k, 3 - k, 5), 0);
  cr_assert_eq(f[0], orig[1]);
  cr_assert_eq(f[1], orig[2]);
  cr_assert_eq(f[2], orig[0]);
  cr_assert_eq(ac_futures_wait(f, 3, AC_ALL_COMPLETED, 0), 3);
  for (k = 0; k < 3; k++) ac_future_free(f[k]);
  ac_pool_free(p);
}

Test(futures, submit_after_shutdown) {
  ac_pool_t *p = thread_pool(1);
  int zero = 0;
  ac_pool_shutdown(p, 0, 0);
  cr_assert_null(ac_pool_submit(p, sleep_arg, &zero));
  ac_pool_free(p);
}
