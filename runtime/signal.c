/* signal.c - signals as awaits, and Ctrl-C as cancellation (asyncc.h
 * "Signals").
 *
 * Takes: a running loop. Guarantees: ac_signal_wait holds one uv_signal_t
 * for exactly as long as its task waits (a one-shot handle, closed when
 * the signal comes or the wait is cancelled), so a signal nobody waits
 * for has its default effect again; ac_cancel_on_signal's handles are
 * unreferenced (they never keep the loop alive) and closed when ac_run
 * ends, which gives the signals their former dispositions back.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types; sigaction */
#include <signal.h>
#include <string.h>

#include "internal.h"

/* ================= ac_signal_wait ================= */

typedef struct {
  uv_signal_t h;
  ac_task_t *task;
  int *result;
} sigwait_t;

static void free_handle_owner(uv_handle_t *h) { ac__free(h->data); }

static void on_signal(uv_signal_t *h, int signum) {
  sigwait_t *w = h->data;
  ac_task_t *t = w->task;
  if (w->result != NULL) *w->result = signum;
  uv_close((uv_handle_t *)&w->h, free_handle_owner);
  ac__wake(t, 0);
}

static void sigwait_cancel(ac_task_t *t) {
  sigwait_t *w = ac__parked_on(t);
  uv_close((uv_handle_t *)&w->h, free_handle_owner);
  ac__wake(t, AC_ECANCELED);
}

static void sigwait_describe(const ac_task_t *t, ac__describe_t *d) {
  const sigwait_t *w = ac__parked_on(t);
  ac__describe_printf(d, "signal %d", w->h.signum);
}

static ac__waitops_t sigwait_ops = {"waiting for a signal", sigwait_cancel, NULL, 0,
                                    sigwait_describe};

int ac_signal_wait__await(ac_frame_t *frame, int *result, int sig) {
  sigwait_t *w = ac__calloc(1, sizeof *w);
  uv_signal_init(&ac__L.uv, &w->h);
  w->h.data = w;
  int rc = uv_signal_start_oneshot(&w->h, on_signal, sig);
  if (rc != 0) {
    uv_close((uv_handle_t *)&w->h, free_handle_owner);
    frame->err = rc;
    return 0;
  }
  w->task = ac__current();
  w->result = result;
  ac__park(&sigwait_ops, w);
  return 1;
}

/* ================= ac_cancel_on_signal ================= */

typedef struct cancel_sig_s cancel_sig_t;
struct cancel_sig_s {
  uv_signal_t h;
  ac_owned_handle_t reg; /* closed when ac_run ends */
  cancel_sig_t *next;
  int sig;
  int fired; /* the main task has been cancelled by it */
};

static cancel_sig_t *cancel_sigs;

/* The second one, while the cancelled task still runs its cleanup: die
 * of it as if nobody had caught it. */
static void die_of(cancel_sig_t *c) {
  struct sigaction dfl;
  uv_signal_stop(&c->h);
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(c->sig, &dfl, NULL);
  raise(c->sig);
}

static void on_cancel_signal(uv_signal_t *h, int signum) {
  cancel_sig_t *c = h->data;
  ac_task_t *t = ac__main_task();
  (void)signum;
  if (t == NULL || ac__task_done(t)) return;
  if (c->fired) {
    die_of(c);
    return;
  }
  c->fired = 1;
  ac__cancel(t);
}

static void close_cancel_sig(ac_owned_handle_t *h) {
  cancel_sig_t *c = ac__container_of(h, cancel_sig_t, reg), **pp = &cancel_sigs;
  while (*pp != c) pp = &(*pp)->next;
  *pp = c->next;
  uv_close((uv_handle_t *)&c->h, free_handle_owner);
}

int ac_cancel_on_signal(int sig) {
  if (!ac__L.running) return AC_EINVAL;
  for (cancel_sig_t *c = cancel_sigs; c != NULL; c = c->next)
    if (c->sig == sig) return 0;
  cancel_sig_t *c = ac__calloc(1, sizeof *c);
  uv_signal_init(&ac__L.uv, &c->h);
  c->h.data = c;
  c->sig = sig;
  int rc = uv_signal_start(&c->h, on_cancel_signal, sig);
  if (rc != 0) {
    uv_close((uv_handle_t *)&c->h, free_handle_owner);
    return rc;
  }
  uv_unref((uv_handle_t *)&c->h);
  c->next = cancel_sigs;
  cancel_sigs = c;
  ac_handle_register(&c->reg, close_cancel_sig);
  return 0;
}
