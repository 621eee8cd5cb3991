/* gather.c - ac_gather / ac_gather_n with asyncio.TaskGroup semantics.
 *
 * One allocation per gather holds its state and one waiter node per member
 * still running, so gathering a million tasks is one malloc. Each node sits
 * in its member's waiter list and fires when the member finishes. The
 * first failure (in completion order) cancels the members still running;
 * the gatherer resumes only when every member has finished, with that
 * failure, or AC_ECANCELED if the gatherer itself was cancelled.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include "internal.h"

struct ac__gather_s {
  ac_task_t *waiter;
  size_t n;       /* nodes */
  size_t pending; /* members still running */
  int err;        /* first failure */
  int cancelled;  /* the gatherer was cancelled */
  int stopping;   /* members have been cancelled (done once only: a second
                     cancel would interrupt their cleanup) */
  ac__gnode_t nodes[];
};

static ac_task_t *member_at(const void *base, size_t i, size_t stride) {
  /* Every handle type begins with its ac_task_t pointer. */
  return *(ac_task_t *const *)(const void *)((const char *)base + i * stride);
}

static void cancel_members(ac__gather_t *g) {
  size_t i;
  if (g->stopping) return;
  g->stopping = 1;
  for (i = 0; i < g->n; i++)
    if (g->nodes[i].member != NULL) ac__cancel(g->nodes[i].member);
}

int ac__await_gather(ac_frame_t *frame, const void *base, size_t n,
                     size_t stride) {
  ac_task_t *self = ac__L.current;
  ac__gather_t *g;
  size_t i, pending = 0, k = 0;
  int err = 0;

  /* Members already finished count at once, in array order. */
  for (i = 0; i < n; i++) {
    ac_task_t *t = member_at(base, i, stride);
    if (t->wait == AC__W_DONE) {
      int e = ac__task_observe(t);
      if (err == 0) err = e;
    } else {
      pending++;
    }
  }
  if (pending == 0) {
    frame->err = err;
    return 0;
  }
  g = ac__malloc(sizeof *g + pending * sizeof g->nodes[0]);
  g->waiter = self;
  g->n = g->pending = pending;
  g->err = err;
  g->cancelled = 0;
  g->stopping = 0;
  for (i = 0; i < n; i++) {
    ac_task_t *t = member_at(base, i, stride);
    if (t->wait == AC__W_DONE) continue;
    g->nodes[k].g = g;
    g->nodes[k].member = t;
    ac__waiter_push(t, (uintptr_t)&g->nodes[k] | AC__WT_GATHER);
    k++;
  }
  self->wait = AC__W_GATHER;
  self->u.wait.on = g;
  if (err != 0) cancel_members(g);
  return 1;
}

/* N's member finished with ERR. */
void ac__gather_fire(ac__gnode_t *n, int err) {
  ac__gather_t *g = n->g;
  ac__task_observe(n->member);
  n->member = NULL;
  if (err != 0 && g->err == 0) {
    g->err = err;
    cancel_members(g);
  }
  if (--g->pending == 0) {
    ac_task_t *waiter = g->waiter;
    err = g->cancelled ? AC_ECANCELED : g->err;
    ac__free(g);
    ac__wake(waiter, err);
  }
}

void ac__gather_cancel(ac__gather_t *g) {
  g->cancelled = 1;
  cancel_members(g);
}
