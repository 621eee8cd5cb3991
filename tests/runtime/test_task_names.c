/* test_task_names.c - task names and the current task: the default
 * "Task-N", a set name is a copy, ac_named names at creation and keeps the
 * handle's type, ac_current_task inside and outside a task, and the name
 * in the reports (unobserved failure, ac_run's failure, the task dump).
 */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "internal.h"
#include "rt_test.h"

TestSuite(task_names, .timeout = 10);

static char seen[4][64]; /* what each `me` task saw as its own name */
static ac_task_t *seen_task[4];

/* ==== async int me(int slot): notes its own name and task, sleeps ==== */
struct me__frame {
  ac_frame_t hdr;
  int *res;
  int slot;
};
static int me__resume(ac_frame_t *hdr) {
  struct me__frame *F = (struct me__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  seen_task[F->slot] = ac_current_task().t;
  snprintf(seen[F->slot], sizeof seen[F->slot], "%s", ac_task_name(ac_current_task()));
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.001), fail);
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_INFO(me, struct me__frame)
static ac_task__int me(int slot) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(me__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct me__frame *)(void *)fr)->res = r;
  ((struct me__frame *)(void *)fr)->slot = slot;
  return h;
}

/* ==== async int trio(void): three children, named three ways ==== */
struct trio__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a, b, c;
};
static int trio__resume(ac_frame_t *hdr) {
  struct trio__frame *F = (struct trio__frame *)(void *)hdr;
  char buf[16];
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3))
  F->a = me(1);                         /* default name */
  strcpy(buf, "second");
  F->b = ac_named(me(2), buf);          /* named at creation, copied */
  strcpy(buf, "clobbered");
  F->c = me(3);
  cr_assert_eq(ac_task_set_name(F->c, "first try"), 0);
  cr_assert_eq(ac_task_set_name(F->c, "third"), 0); /* renamed */
  cr_assert_eq(ac_task_set_name(F->c, NULL), AC_EINVAL);
  AC__AWAIT(&F->hdr, 1, ac__await_task(&F->hdr, F->a.t), fail);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->b.t), fail);
  AC__AWAIT(&F->hdr, 3, ac__await_task(&F->hdr, F->c.t), fail);
  cr_assert_eq(seen_task[1], F->a.t);
  cr_assert_eq(seen_task[3], F->c.t);
  snprintf(seen[0], sizeof seen[0], "%s", ac_task_name(ac_current_task()));
  *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(trio, struct trio__frame)

Test(task_names, default_set_and_named_at_creation) {
  cr_assert_eq(ac_run(trio__spawn(__FILE__, __LINE__)), 0);
  cr_assert_str_eq(seen[1], "Task-1"); /* the first name needed */
  cr_assert_str_eq(seen[2], "second");
  cr_assert_str_eq(seen[3], "third");
  cr_assert_str_eq(seen[0], "Task-2"); /* trio asked last */
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(task_names, current_task_outside_a_task_is_null) {
  cr_assert_null(ac_current_task().t);
  cr_assert_null(ac_task_name(ac_current_task()));
}

Test(task_names, named_keeps_the_handle_type) {
  ac_task__int h = ac_named(me(0), "typed"); /* another type would not compile */
  cr_assert_str_eq(ac_task_name(h), "typed");
  cr_assert_eq(ac_run(h), 0);
}

/* ==== the name in the reports ==== */
static void redirect(void) { cr_redirect_stderr(); }

static const char *read_stderr(void) {
  static char buf[8192];
  FILE *f = cr_get_redirected_stderr();
  size_t n;
  fflush(stderr);
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  return buf;
}

/* async int forget(void): a named child fails, nobody awaits it; then
 * the dump while the child is still asleep */
struct forget__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int f, g;
};
static int forget__resume(ac_frame_t *hdr) {
  struct forget__frame *F = (struct forget__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->f = ac_named(failer(1, 0.0, AC_EINVAL), "doomed");
  F->g = ac_named(worker(2, 0.02), "sleepy");
  ac_task_set_name(ac_current_task(), "boss");
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
  ac_dump_tasks();
  ac_cancel(F->g);
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(forget, struct forget__frame)

Test(task_names, reports_show_the_name, .init = redirect) {
  const char *err;
  cr_assert_eq(ac_run(forget__spawn(__FILE__, __LINE__)), 0);
  err = read_stderr();
  cr_assert_not_null(strstr(err, "task \"doomed\" failer created at " __FILE__ ":"),
                     "stderr: %s", err);
  cr_assert_not_null(strstr(err, "  task \"sleepy\" worker created at " __FILE__ ":"),
                     "stderr: %s", err);
  cr_assert_not_null(strstr(err, "  task \"boss\" forget created at " __FILE__ ":"),
                     "stderr: %s", err);
  cr_assert_eq(ac_live_tasks(), 0);
}

Test(task_names, run_failure_shows_the_name, .init = redirect) {
  const char *err;
  cr_assert_eq(ac_run(ac_named(failer(1, 0.0, AC_EIO), "main")), 1);
  err = read_stderr();
  cr_assert_not_null(strstr(err, "asyncc: failer: i/o error (task \"main\" created at"),
                     "stderr: %s", err);
}

/* Many named tasks freed in any order: the table finds every name again
 * (deletion keeps the probe runs whole). */
Test(task_names, many_names_survive_deletions) {
  enum { N = 300 };
  static ac_task__int h[N];
  char buf[32];
  for (int i = 0; i < N; i++) {
    h[i] = me(0);
    snprintf(buf, sizeof buf, "n%d", i);
    ac_task_set_name(h[i], buf);
  }
  for (int i = 0; i < N; i += 3) { /* drop a third of them, then look */
    ac__name_drop(h[i].t);
  }
  for (int i = 0; i < N; i++) {
    snprintf(buf, sizeof buf, "n%d", i);
    if (i % 3 != 0) cr_assert_str_eq(ac_task_name(h[i]), buf);
  }
  cr_assert_eq(ac_run(me(0)), 0);
  cr_assert_eq(ac_live_tasks(), 0);
}
