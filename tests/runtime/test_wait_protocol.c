/* test_wait_protocol.c - a leaf awaitable (AC_AWAITABLE) written only
 * against the wait protocol of asyncc.h (ac__waitops_t, ac__park, ac__parked_on,
 * ac__wake, ac__current), the way a user would wrap a callback API: start
 * (ready at once, or parked), completion with a result, failure, and
 * cancellation at every stage (before the task starts, while it runs,
 * while parked, after the wake-up but before it ran, with a wake-up the
 * operation defers, through wait_for's timeout). The object must stay
 * consistent: a value put after a cancellation stays in the box.
 */
#define _POSIX_C_SOURCE 200809L /* internal.h includes uv.h */
#include <criterion/criterion.h>

#include "internal.h"
#include "rt_test.h"

TestSuite(wait_protocol, .timeout = 10);

/* ==== the test-only wait: a one-value box ==== */
typedef struct {
  int has, value;        /* a value waiting for a getter */
  ac_task_t *waiter;     /* the parked getter, or NULL */
  int *out;              /* where its value goes */
  int parks, cancels;    /* how often it parked, its cancel hook ran */
  int defer_cancel;      /* the hook only notes the cancel ... */
  int cancel_owed;       /* ... and the next put or fail wakes the task */
} box_t;

static box_t B;

static void box_cancel(ac_task_t *t) {
  box_t *b = ac__parked_on(t);
  b->cancels++;
  if (b->defer_cancel) { /* like a job already on a worker: wait for it */
    b->cancel_owed = 1;
    return;
  }
  b->waiter = NULL;
  ac__wake(t, AC_ECANCELED);
}

static ac__waitops_t box_ops = {"waiting for a box", box_cancel, NULL, 0, NULL};

/* `v = await box_get(b)`, declared as a header would (the open door) */
AC_AWAITABLE(int, box_get, (box_t *b));
int box_get__await(ac_frame_t *frame, int *out, box_t *b) {
  if (b->has) {
    b->has = 0;
    *out = b->value;
    frame->err = 0;
    return 0;
  }
  b->waiter = ac__current();
  b->out = out;
  b->parks++;
  ac__park(&box_ops, b);
  return 1;
}

/* Takes the parked getter off the box, or NULL. */
static ac_task_t *box_take_waiter(box_t *b) {
  ac_task_t *t = b->waiter;
  b->waiter = NULL;
  return t;
}

static void box_put(box_t *b, int v) {
  ac_task_t *t = box_take_waiter(b);
  if (t != NULL && !b->cancel_owed) {
    *b->out = v;
    ac__wake(t, 0);
    return;
  }
  b->has = 1; /* nobody takes it: it stays for the next getter */
  b->value = v;
  if (t != NULL) { /* the deferred cancellation ends now */
    b->cancel_owed = 0;
    ac__wake(t, AC_ECANCELED);
  }
}

static void box_fail(box_t *b, int code) {
  ac_task_t *t = box_take_waiter(b);
  if (t == NULL) return;
  b->cancel_owed = 0;
  ac__wake(t, code);
}

/* ==== async int getter(int self_cancel)
 *   log g; [ac_cancel(self);] v = await box_get(&B); log got<v>; return v;
 *   on failure: log err:<name>, rethrow ==== */
struct getter__frame {
  ac_frame_t hdr;
  int *res;
  int self_cancel;
  int v;
};
static int getter__resume(ac_frame_t *hdr) {
  struct getter__frame *F = (struct getter__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  rt_log("g");
  if (F->self_cancel) ac__cancel(ac__current());
  AC__AWAIT(&F->hdr, 1, box_get__await(&F->hdr, &F->v, &B), fail);
  rt_log("got%d", F->v);
  *F->res = F->v;
  F->hdr.err = 0;
  return AC__DONE;
fail:
  rt_log("err:%s", ac_err_name(F->hdr.err));
  return AC__DONE;
}
RT_INFO(getter, struct getter__frame)
static ac_task__int getter(int self_cancel) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(getter__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct getter__frame *)(void *)fr)->res = (int *)r;
  ((struct getter__frame *)(void *)fr)->self_cancel = self_cancel;
  return h;
}

/* ==== async int actor(double delay, int what, int arg, ac_task_t *target)
 *   await ac_sleep(delay); then one action on the box or the target ==== */
enum { PUT, FAIL, CANCEL, PUT_THEN_CANCEL, PROBE };
struct actor__frame {
  ac_frame_t hdr;
  int *res;
  double delay;
  int what, arg;
  ac_task_t *target;
};
static void act(struct actor__frame *F) {
  switch (F->what) {
  case PUT: rt_log("put%d", F->arg); box_put(&B, F->arg); break;
  case FAIL: rt_log("fail"); box_fail(&B, F->arg); break;
  case CANCEL: rt_log("cancel"); ac__cancel(F->target); break;
  case PUT_THEN_CANCEL:
    rt_log("put%d+cancel", F->arg);
    box_put(&B, F->arg);
    ac__cancel(F->target);
    break;
  default: /* PROBE: what the core and the dump see of a parked task */
    rt_log("[%s]%s", ac__task_state_name(F->target),
           ac__parked_on(F->target) == &B ? "" : "(wrong record)");
    break;
  }
}
static int actor__resume(ac_frame_t *hdr) {
  struct actor__frame *F = (struct actor__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, F->delay), fail);
  act(F);
  *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_INFO(actor, struct actor__frame)
static void actor(double delay, int what, int arg, ac_task__int target) {
  ac_frame_t *fr;
  void *r;
  ac_task_t *t = ac__spawn(actor__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  struct actor__frame *F = (struct actor__frame *)(void *)fr;
  F->res = (int *)r;
  F->delay = delay;
  F->what = what;
  F->arg = arg;
  F->target = target.t;
  (void)t;
}

static void reset(void) {
  memset(&B, 0, sizeof B);
  rt_log_buf[0] = '\0';
}

/* ---- start: the value is there, nothing suspends ---- */
Test(wait_protocol, ready_at_start) {
  reset();
  B.has = 1;
  B.value = 3;
  cr_assert_eq(ac_run(getter(0)), 3);
  cr_assert_str_eq(rt_log_buf, "g got3");
  cr_assert_eq(B.parks, 0);
  cr_assert_eq(B.has, 0);
}

/* ---- completion with a result, and what the dump sees while parked ---- */
Test(wait_protocol, complete) {
  reset();
  ac_task__int g = getter(0);
  actor(0.005, PROBE, 0, g);
  actor(0.01, PUT, 7, g);
  cr_assert_eq(ac_run(g), 7);
  cr_assert_str_eq(rt_log_buf, "g [waiting for a box] put7 got7");
  cr_assert_eq(B.parks, 1);
  cr_assert_eq(B.cancels, 0);
}

/* ---- failure: the code reaches the awaiting frame ---- */
Test(wait_protocol, fail) {
  char want[64];
  reset();
  ac_task__int g = getter(0);
  actor(0.01, FAIL, AC_ECONNREFUSED, g);
  cr_assert_eq(ac_run(g), 1);
  snprintf(want, sizeof want, "g fail err:%s", ac_err_name(AC_ECONNREFUSED));
  cr_assert_str_eq(rt_log_buf, want);
  cr_assert_eq(B.cancels, 0);
  cr_assert_null(B.waiter);
}

/* ---- cancelled before it started: the operation never sees it ---- */
Test(wait_protocol, cancel_before_start) {
  reset();
  ac_task__int g = getter(0);
  ac_cancel(g);
  cr_assert_eq(ac_run(g), 1);
  cr_assert_str_eq(rt_log_buf, "");
  cr_assert_eq(B.parks, 0);
  cr_assert_eq(B.cancels, 0);
}

/* ---- cancelled while running: the hook runs at its suspension ---- */
Test(wait_protocol, cancel_while_running) {
  reset();
  cr_assert_eq(ac_run(getter(1)), 1);
  cr_assert_str_eq(rt_log_buf, "g err:ECANCELED");
  cr_assert_eq(B.parks, 1);
  cr_assert_eq(B.cancels, 1);
  cr_assert_null(B.waiter);
}

/* ---- cancelled while parked: the hook unregisters; a later value is
 * kept for the next getter (nothing lost) ---- */
Test(wait_protocol, cancel_while_parked) {
  reset();
  ac_task__int g = getter(0);
  actor(0.01, CANCEL, 0, g);
  cr_assert_eq(ac_run(g), 1);
  cr_assert_str_eq(rt_log_buf, "g cancel err:ECANCELED");
  cr_assert_eq(B.cancels, 1);
  cr_assert_null(B.waiter);
  box_put(&B, 5);
  cr_assert(B.has && B.value == 5);
  rt_log_buf[0] = '\0';
  cr_assert_eq(ac_run(getter(0)), 5);
}

/* ---- woken, then cancelled before it ran: no hook (it is not parked
 * any more); the task sees the cancellation, as in asyncio ---- */
Test(wait_protocol, cancel_after_wake) {
  reset();
  ac_task__int g = getter(0);
  actor(0.01, PUT_THEN_CANCEL, 4, g);
  cr_assert_eq(ac_run(g), 1);
  cr_assert_str_eq(rt_log_buf, "g put4+cancel err:ECANCELED");
  cr_assert_eq(B.cancels, 0);
}

/* ---- the hook defers the wake-up: the task stays parked until the
 * operation can stop, and is woken once ---- */
Test(wait_protocol, cancel_deferred) {
  reset();
  B.defer_cancel = 1;
  ac_task__int g = getter(0);
  actor(0.01, CANCEL, 0, g);
  actor(0.03, PUT, 6, g);
  double t0 = ac_now();
  cr_assert_eq(ac_run(g), 1);
  cr_assert_geq(ac_now() - t0, 0.03);
  cr_assert_str_eq(rt_log_buf, "g cancel put6 err:ECANCELED");
  cr_assert_eq(B.cancels, 1);
  cr_assert(B.has && B.value == 6); /* not lost */
}

/* ---- wait_for around a task parked on the box: the timeout cancels it
 * through the hook; the waiter gets AC_ETIMEDOUT ---- */
struct timed__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int g;
};
static int timed__resume(ac_frame_t *hdr) {
  struct timed__frame *F = (struct timed__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  F->g = getter(0);
  AC__AWAIT(&F->hdr, 1, ac__await_wait_for(&F->hdr, F->g.t, 0.01), fail);
  rt_log("no timeout");
  *F->res = 0;
  return AC__DONE;
fail:
  rt_log("timed:%s", ac_err_name(F->hdr.err));
  *F->res = 0;
  F->hdr.err = 0;
  return AC__DONE;
}
RT_DEF0(timed, struct timed__frame)

Test(wait_protocol, wait_for_timeout_cancels_through_hook) {
  reset();
  cr_assert_eq(ac_run(timed__spawn(__FILE__, __LINE__)), 0);
  cr_assert_str_eq(rt_log_buf, "g err:ECANCELED timed:ETIMEDOUT");
  cr_assert_eq(B.cancels, 1);
  cr_assert_null(B.waiter);
}
