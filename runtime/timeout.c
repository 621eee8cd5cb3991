/* timeout.c - timeout scopes: `ac_timeout (delay) { ... }` and
 * `ac_timeout_at (when) { ... }` (asyncio.timeout / timeout_at).
 *
 * Takes: the translator brackets the block with ac__timeout_enter[_at],
 * called by the running task, and ac__timeout_exit on every path out of
 * it (a try/finally of its own: the exit gets the failure leaving the
 * block, 0 if none, and returns the one that goes on). The scope record is
 * the caller's (an ac_timeout_t in the frame, or the user's): no
 * allocation; its deadline is a timer event of time.c's.
 *
 * Guarantees asyncio's rules (timeouts.py): on expiry the task gets a
 * cancellation request (reason AC_ETIMEDOUT; cancel.c counts it), so the
 * await running inside throws AC_ECANCELED; at the exit that request is
 * withdrawn, and AC_ECANCELED becomes AC_ETIMEDOUT only if no request is
 * left beyond those pending when the block was entered: an outer
 * ac_cancel, or an outer scope that expired as well, keeps AC_ECANCELED
 * going (never swallowed: gh-86296), and the outermost expired scope
 * reports. The exit always disarms the timer.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <math.h>

#include "internal.h"

enum { SC_CREATED, SC_ENTERED, SC_EXPIRING, SC_EXPIRED, SC_EXITED };

typedef struct {
  ac__tevent_t ev;   /* the deadline, armed while SC_ENTERED */
  ac_task_t *task;   /* the task that runs the block */
  double when;       /* INFINITY: none */
  int state;         /* SC_* */
  int cancelling;    /* the task's pending requests when it entered */
} scope_t;

_Static_assert(sizeof(scope_t) <= sizeof(ac_timeout_t), "ac_timeout_t holds a scope");
_Static_assert(_Alignof(scope_t) <= _Alignof(ac_timeout_t), "and is aligned for it");

static scope_t *scope_of(ac_timeout_t *cm) { return (scope_t *)(void *)cm; }
static const scope_t *cscope_of(const ac_timeout_t *cm) {
  return (const scope_t *)(const void *)cm;
}

/* The deadline passed with the task parked or ready (timers fire between
 * the scheduler's batches): ask it to stop. */
static void on_expiry(ac__tevent_t *ev) {
  scope_t *s = ac__container_of(ev, scope_t, ev);
  s->state = SC_EXPIRING;
  ac__cancel_with(s->task, AC_ETIMEDOUT);
}

static int no_deadline(double when) { return isnan(when) || when == INFINITY; }

static void begin(scope_t *s) {
  s->task = ac__L.current;
  s->state = SC_ENTERED;
  s->cancelling = ac__cancelling(s->task);
  s->ev.fire = on_expiry;
  s->ev.tm.idx = AC__HEAP_NONE;
  s->when = INFINITY;
}

void ac__timeout_enter(ac_timeout_t *cm, double delay) {
  scope_t *s = scope_of(cm);
  begin(s);
  if (!(delay >= 0) || delay == INFINITY) return; /* negative, NaN: none */
  ac__tevent_start_in(&s->ev, delay); /* a lane when many share the delay */
  s->when = s->ev.tm.deadline;
}

void ac__timeout_enter_at(ac_timeout_t *cm, double when) {
  scope_t *s = scope_of(cm);
  begin(s);
  if (no_deadline(when)) return;
  ac__tevent_start_at(&s->ev, when);
  s->when = when;
}

int ac__timeout_exit(ac_timeout_t *cm, int err) {
  scope_t *s = scope_of(cm);
  ac__tevent_stop(&s->ev);
  if (s->state == SC_EXPIRING) {
    s->state = SC_EXPIRED;
    if (ac__uncancel(s->task) <= s->cancelling && err == AC_ECANCELED) return AC_ETIMEDOUT;
  } else if (s->state == SC_ENTERED) {
    s->state = SC_EXITED;
  }
  return err;
}

int ac_timeout_reschedule(ac_timeout_t *cm, double when) {
  scope_t *s = scope_of(cm);
  if (s->state != SC_ENTERED) return AC_EINVAL;
  ac__tevent_stop(&s->ev);
  s->when = no_deadline(when) ? INFINITY : when;
  if (!no_deadline(when)) ac__tevent_start_at(&s->ev, when);
  return 0;
}

int ac_timeout_expired(const ac_timeout_t *cm) {
  int st = cscope_of(cm)->state;
  return st == SC_EXPIRING || st == SC_EXPIRED;
}

double ac_timeout_when(const ac_timeout_t *cm) {
  const scope_t *s = cscope_of(cm);
  return s->state == SC_CREATED ? INFINITY : s->when;
}
