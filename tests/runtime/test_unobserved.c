/* test_unobserved.c - when an unobserved failure is reported (the rule
 * in docs/runtime.md): a task nobody can await any more (detached, or
 * released with its finished owner) is reported the moment it fails; one
 * whose handle its owner still holds is reported when that owner
 * finishes, unless awaited meanwhile. Exactly once in every case.
 * stderr goes to a temporary file read while the loop still runs.
 */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h; pread */
#include <criterion/criterion.h>
#include <unistd.h>

#include "internal.h"
#include "rt_test.h"

static FILE *err_file;

static void capture(void) {
  err_file = tmpfile();
  cr_assert_not_null(err_file);
  cr_assert_eq(dup2(fileno(err_file), 2), 2);
  setvbuf(stderr, NULL, _IONBF, 0);
}

TestSuite(unobserved, .timeout = 10, .init = capture);

/* How many unobserved-failure reports stderr has so far. */
static int reports(void) {
  static char buf[16384];
  ssize_t n = pread(fileno(err_file), buf, sizeof buf - 1, 0);
  int count = 0;
  buf[n > 0 ? n : 0] = '\0';
  for (const char *p = buf; (p = strstr(p, "nobody awaited it")) != NULL; p++) count++;
  return count;
}

/* ==== async int scene(int how): a child fails at once; SCENE looks at
 * stderr 10 ms later, while it still runs ==== */
enum { DETACH_BEFORE, DETACH_AFTER, HOLD, HOLD_AND_AWAIT, VIA_RELEASED_OWNER };
static int seen_while_running;

/* async int parent(void): spawns a failing child and returns at once,
 * leaving the child unfinished (it is then released with the parent) */
struct parent__frame {
  ac_frame_t hdr;
  int *res;
};
static int parent__resume(ac_frame_t *hdr) {
  struct parent__frame *F = (struct parent__frame *)(void *)hdr;
  (void)failer(9, 0.001, AC_EIO);
  *F->res = 0;
  F->hdr.err = 0;
  return AC__DONE;
}
RT_DEF0(parent, struct parent__frame)

struct scene__frame {
  ac_frame_t hdr;
  int *res;
  int how;
  ac_task__int child;
};
static int scene__resume(ac_frame_t *hdr) {
  struct scene__frame *F = (struct scene__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  if (F->how == VIA_RELEASED_OWNER) {
    ac_detach(parent__spawn(__FILE__, __LINE__));
  } else {
    F->child = failer(1, 0.0, AC_EINVAL);
    if (F->how == DETACH_BEFORE) ac_detach(F->child);
  }
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0.01), fail);
  if (F->how == DETACH_AFTER) ac_detach(F->child); /* it has failed already */
  seen_while_running = reports();
  if (F->how == HOLD_AND_AWAIT) {
    AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->child.t), caught);
  }
caught:
  *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_INFO(scene, struct scene__frame)
static int run_scene(int how) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(scene__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct scene__frame *)(void *)fr)->res = r;
  ((struct scene__frame *)(void *)fr)->how = how;
  return ac_run(h);
}

Test(unobserved, detached_is_reported_when_it_fails) {
  cr_assert_eq(run_scene(DETACH_BEFORE), 0);
  cr_assert_eq(seen_while_running, 1);
  cr_assert_eq(reports(), 1);
}

Test(unobserved, detached_after_failing_is_reported_at_the_detach) {
  cr_assert_eq(run_scene(DETACH_AFTER), 0);
  cr_assert_eq(seen_while_running, 1);
  cr_assert_eq(reports(), 1);
}

Test(unobserved, released_with_its_owner_is_reported_when_it_fails) {
  cr_assert_eq(run_scene(VIA_RELEASED_OWNER), 0);
  cr_assert_eq(seen_while_running, 1);
  cr_assert_eq(reports(), 1);
}

Test(unobserved, held_is_reported_when_its_owner_finishes) {
  cr_assert_eq(run_scene(HOLD), 0);
  cr_assert_eq(seen_while_running, 0); /* the owner could still await it */
  cr_assert_eq(reports(), 1);
}

Test(unobserved, held_and_awaited_late_is_never_reported) {
  cr_assert_eq(run_scene(HOLD_AND_AWAIT), 0);
  cr_assert_eq(seen_while_running, 0);
  cr_assert_eq(reports(), 0);
}
