/* loop.c - the loop: ready FIFO, the scheduler around libuv, ac_run.
 *
 * The scheduler is our own loop, not one libuv callback per task step:
 *
 *   repeat until the goal is met:
 *     run the tasks that were ready when this round began (tasks made
 *       ready meanwhile wait for the next round, as in one iteration of
 *       asyncio's loop: same FIFO order, and a sleep(0) loop cannot starve
 *       timers or I/O);
 *     move the expired timers to the ready queue (deadline order);
 *     poll I/O without blocking, at most once per millisecond;
 *     if nothing is ready, block in uv_run(UV_RUN_ONCE) with the one
 *       uv_timer_t armed for the earliest deadline.
 *
 * While no timer is set and tasks stay ready, there is nothing to look at
 * between two rounds but the poll's pace, so the rounds run in place
 * (ac__run_rounds, task.c) and the clock is read once per 64 task steps
 * (a queue message costs no clock read and no trip through this loop);
 * with a timer set, the clock is read and the timers looked at after
 * every round.
 *
 * Sleeping tasks are in the runtime's own heap (time.c), not in libuv, so
 * a million sleepers cost no libuv handles.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <math.h> /* INFINITY */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

ac__loop_t ac__L;

/* ================= the ready FIFO ================= */

void ac__wake(ac_task_t *t, int err) { ac__ready_push(t, err); }

void ac__wake_hop(ac_task_t *t, int err) {
  ac__wake(t, err);
  t->flags |= AC__F_HOP;
}

/* ================= libuv ================= */

static void fail_uv(const char *what, int rc) {
  fprintf(stderr, "asyncc: %s: %s\n", what, uv_strerror(rc));
  abort();
}

/* libuv runs its timers before it polls, and computes the poll's timeout
 * without asking us: a timer that a library put on ac_uv_loop() (libcurl's
 * in the HTTP client, a user's) and whose callback wakes a task would leave
 * that task waiting in the poll until the next event or deadline. Just
 * before the poll, a task made ready turns the poll into a look. */
static void on_before_poll(uv_prepare_t *h) {
  if (ac__L.nready > 0) uv_stop(h->loop);
}

static void loop_open(void) {
  ac__loop_t *L = &ac__L;
  int rc;
  if (L->uv_open) return;
  if ((rc = uv_loop_init(&L->uv)) != 0) fail_uv("uv_loop_init", rc);
  if ((rc = uv_timer_init(&L->uv, &L->wake)) != 0) fail_uv("uv_timer_init", rc);
  if ((rc = uv_prepare_init(&L->uv, &L->before_poll)) != 0) fail_uv("uv_prepare_init", rc);
  uv_prepare_start(&L->before_poll, on_before_poll);
  uv_unref((uv_handle_t *)&L->before_poll); /* it keeps no loop alive */
  L->uv_open = 1;
  L->last_poll = ac__clock_ns();
}

static void loop_close(void) {
  ac__loop_t *L = &ac__L;
  int rc;
  if (!L->uv_open) return;
  uv_close((uv_handle_t *)&L->wake, NULL);
  uv_close((uv_handle_t *)&L->before_poll, NULL);
  uv_run(&L->uv, UV_RUN_DEFAULT); /* runs the close callbacks */
  if ((rc = uv_loop_close(&L->uv)) != 0) {
    /* A handle another module forgot: say so, and keep the loop. */
    fprintf(stderr, "asyncc: uv_loop_close: %s\n", uv_strerror(rc));
    return;
  }
  L->uv_open = 0;
}

static void on_wake(uv_timer_t *timer) { (void)timer; }

/* ================= the rounds ================= */

static void poll_io(uv_run_mode mode) {
  uv_run(&ac__L.uv, mode);
  ac__L.last_poll = ac__clock_ns();
}

static void cancel_unfinished(ac_task_t *t, void *arg) {
  (void)arg;
  ac__cancel_final(t);
}

static void unstick(ac_task_t *t, void *arg) {
  (void)arg;
  if (t->wait == AC__W_TASK) ac__task_unstick(t);
}

/* Nothing is ready, no timer is set, no I/O is pending: the unfinished
 * tasks wait for each other or for nothing. First cancel them all (their
 * cleanups run); if even that cannot move (tasks awaiting each other in a
 * cycle), wake the awaiting ones with AC_ECANCELED by force. */
static void deadlock(void) {
  ac__loop_t *L = &ac__L;
  if (L->deadlocks == 0) {
    fprintf(stderr,
            "asyncc: deadlock: %zu task(s) wait and nothing can wake them; "
            "cancelling them\n",
            L->nunfinished);
    ac_dump_tasks();
    ac__walk(cancel_unfinished, NULL);
  } else {
    ac__walk(unstick, NULL);
    if (L->nready == 0) {
      fputs("asyncc: deadlock cannot be broken\n", stderr);
      abort();
    }
  }
  L->deadlocks++;
}

static void block(void) {
  ac__loop_t *L = &ac__L;
  double next = ac__timers_next();
  if (next >= 0) {
    double ms = (next - ac_now()) * 1000.0;
    /* Round up (no libm ceil): waking early would only loop once more. */
    uint64_t wait = ms > 0 ? (uint64_t)ms + ((double)(uint64_t)ms < ms) : 0;
    uv_update_time(&L->uv);
    uv_timer_start(&L->wake, on_wake, wait, 0);
    poll_io(UV_RUN_ONCE);
    uv_timer_stop(&L->wake);
    ac__timers_expire(ac_now());
  } else if (uv_loop_alive(&L->uv)) {
    poll_io(UV_RUN_ONCE);
  } else {
    deadlock();
  }
}

static int goal_met(ac_task_t *goal) {
  return goal != NULL ? goal->wait == AC__W_DONE : ac__L.nunfinished == 0;
}

/* While no timer is set, the clock matters only for the pace of the I/O
 * poll (once per millisecond): the loop then reads it only after this
 * many task steps, or when nothing is ready. The rounds in between run in
 * place (ac__run_rounds), each still after the one before it, as asyncio
 * would run them. */
enum { CLOCK_EVERY_STEPS = 64 };

/* Runs until GOAL finishes, or with GOAL NULL until every task has. */
static void run_until(ac_task_t *goal) {
  ac__loop_t *L = &ac__L;
  size_t unclocked = 0; /* task steps since the last clock read */
  while (!goal_met(goal)) {
    unclocked += ac__run_rounds(goal, CLOCK_EVERY_STEPS - unclocked); /* task.c */
    if (L->flush != NULL) L->flush();
    if (L->nready > 0 && L->next_due >= INFINITY && unclocked < CLOCK_EVERY_STEPS)
      continue; /* stopped for the goal or the flush hook: no clock needed */
    /* The iteration's one clock read, for the timers and the poll; with
     * no timer due, no timer structure is touched. */
    uint64_t now = ac__clock_ns();
    unclocked = 0;
    if ((double)now / 1e9 >= L->next_due) ac__timers_expire((double)now / 1e9);
    if (L->nready > 0) {
      if (now - L->last_poll >= 1000000) poll_io(UV_RUN_NOWAIT);
    } else if (!goal_met(goal)) {
      block();
    }
  }
}

/* ================= ac_run ================= */

static ac_task_t *main_task; /* the task ac__run runs, while it runs */

ac_task_t *ac__main_task(void) { return main_task; }

static void free_roots(void) {
  ac__loop_t *L = &ac__L;
  while (L->roots != NULL)
    ac__task_free(ac__container_of(L->roots, ac_task_t, owned));
}

void ac_debug(int on) { ac__L.debug = on != 0; }

int ac__run(ac_task_t *t, void *result, int result_is_int) {
  ac__loop_t *L = &ac__L;
  int err, rc;

  if (L->running || L->current != NULL) {
    fputs("asyncc: ac_run called while the loop runs (not reentrant)\n",
          stderr);
    abort();
  }
  L->running = 1;
  L->thread = uv_thread_self();
  L->deadlocks = 0;
  if (!L->debug) {
    const char *d = getenv("ASYNCC_DEBUG");
    L->debug = d != NULL && *d != '\0' && strcmp(d, "0") != 0;
  }
  loop_open();
  ac__throws_clear();
  ac__debug_run_start();
  main_task = t;
  run_until(t);
  ac__walk(cancel_unfinished, NULL); /* what is left, as asyncio.run does */
  run_until(NULL);
  main_task = NULL;
  /* No task is left to use them: close what modules still hold open (a
   * server, a stream, a child), or loop_close's uv_run would wait on it
   * forever. */
  ac__handles_close_all();

  err = ac__task_observe(t);
  if (result_is_int && result == NULL)
    result = ac__task_result(t, sizeof(int));
  rc = err != 0 ? 1 : result_is_int ? *(int *)result : 0;
  if (err != 0) {
    char where[512];
    fprintf(stderr, "asyncc: %s: %s (task \"%s\" %s)\n", AC__ROOT(t)->info->name,
            ac_strerror(err), ac__task_name(t), ac__site_where(t, where, sizeof where));
    ac__report_throw(t, err);
  }
  free_roots(); /* may report unobserved failures, with their throws */
  ac__throws_clear();
  ac__timers_free();
  if (L->nlive == 0) { /* what tasks used goes back to malloc */
    ac__slab_release();
    ac__sites_free();
  }
  loop_close();
  L->running = 0;
  return rc;
}
