/* gather.c - ac_gather / ac_gather_n with asyncio.TaskGroup semantics,
 * and ac_wait (asyncio.wait) and ac_as_completed, which share its nodes.
 *
 * The first failure (in completion order) cancels the members still
 * running; the gatherer resumes only when every member has finished, with
 * that failure, or AC_ECANCELED if the gatherer itself was cancelled.
 *
 * All three are one wait kind (asyncc.h's protocol): the core knows them
 * by their hooks only.
 *
 * Memory: a member that nobody waits for yet (the common case) gets no
 * node at all: its waiter list becomes the gather's own node, tagged
 * AC__WT_LAST, so gathering a million tasks costs one small malloc and
 * no memory per member. A member already awaited by someone gets a node
 * in the gather's allocation, linked in its waiter list as before.
 *
 * The price is paid only when the gather has to cancel its members (a
 * failure, or the gatherer cancelled): the gather keeps no list of its
 * direct members, so it finds them by their waiter lists, which end with
 * the gather. They are usually the gatherer's own children, so that list
 * is searched first; if some are elsewhere (tasks created by another
 * task), every live task is visited once.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <string.h>

#include "internal.h"

enum { AS_COMPLETED = -1 }; /* mode of an ac_as_completed_t */

typedef struct ac__gather_s ac__gather_t;
typedef struct ac__gnode_s {
  ac__wnode_t node;  /* in the member's waiter list: first */
  ac__gather_t *g;
  ac_task_t *member; /* NULL once it finished */
} ac__gnode_t;

struct ac__gather_s {
  ac__wnode_t direct; /* ends the waiter list of every direct member */
  int mode;       /* 0: a gather; AS_COMPLETED; else ac_wait's
                     AC_FIRST_COMPLETED... */
  ac_task_t *waiter;
  size_t ndirect; /* direct members still running */
  size_t n;       /* nodes */
  size_t pending; /* members still running */
  int err;        /* first failure */
  int cancelled;  /* the gatherer was cancelled */
  int stopping;   /* members have been cancelled (done once only: a second
                     cancel would interrupt their cleanup) */
  /* ac_wait only */
  ac__tevent_t timeout; /* armed when has_timeout */
  int has_timeout;
  size_t ndone;     /* members finished */
  size_t linked;    /* nodes still in a member's waiter list */
  size_t *out;      /* where the number of finished members goes (for
                       as_completed: the index of the next one) */
  int finished;     /* the waiter has been woken (as_completed: freed) */
  size_t *order;    /* as_completed: indices in the order they finished */
  size_t nread;     /* as_completed: how many of them were returned */
  ac__gnode_t nodes[];
};

static void ascompl_fire(ac__gnode_t *n);
static void ascompl_cancel(ac__gather_t *g);
static void gather_fire(ac__wnode_t *node, ac_task_t *member, int err);
static void gather_fire_direct(ac__wnode_t *node, ac_task_t *member, int err);
static void gather_cancel(ac_task_t *waiter);

static void gather_describe(const ac_task_t *waiter, ac__describe_t *d);

static ac__waitops_t gather_ops = {"in a gather", gather_cancel, NULL, 0, gather_describe};

static void wait_member_done(ac__gather_t *g, ac_task_t *member, int err);
static void wait_finish(ac__gather_t *g, int err);

static ac_task_t *member_at(const void *base, size_t i, size_t stride) {
  /* Every handle type begins with its ac_task_t pointer. */
  return *(ac_task_t *const *)(const void *)((const char *)base + i * stride);
}

/* Makes N G's node for member T, listed in T's waiters. */
static void link_gnode(ac__gather_t *g, ac__gnode_t *n, ac_task_t *t) {
  n->node.fire = gather_fire;
  n->g = g;
  n->member = t;
  ac__waiter_push(t, (uintptr_t)n | AC__WT_NODE);
}

/* 1 if T waits in G as a direct member: G ends T's waiter list. */
static int direct_member(const ac_task_t *t, const ac__gather_t *g) {
  uintptr_t p = t->waiters;
  while (p != 0 && (p & AC__WT_MASK) != AC__WT_LAST)
    p = *(const uintptr_t *)(const void *)(p & ~(uintptr_t)AC__WT_MASK);
  return p == ((uintptr_t)&g->direct | AC__WT_LAST);
}

typedef struct {
  ac__gather_t *g;
  ac_task_t **found;
  size_t k;
} finder_t;

static void find_direct(ac_task_t *t, void *arg) {
  finder_t *f = arg;
  if (f->k < f->g->ndirect && t->wait != AC__W_DONE && direct_member(t, f->g))
    f->found[f->k++] = t;
}

/* Cancels G's direct members, in creation order (both the children list
 * and ac__walk give siblings newest first, so they are collected and
 * cancelled backwards).
 * Cancelling never finishes or frees a task synchronously, so the lists
 * walked here are stable meanwhile. */
static void cancel_direct(ac__gather_t *g) {
  ac__link_t *l;
  finder_t f;
  if (g->ndirect == 0) return;
  f.g = g;
  f.k = 0;
  f.found = ac__malloc(g->ndirect * sizeof *f.found);
  for (l = g->waiter->children; l != NULL; l = l->next)
    find_direct(ac__container_of(l, ac_task_t, owned), &f);
  if (f.k < g->ndirect) { /* some are not the gatherer's own */
    f.k = 0;
    ac__walk(find_direct, &f);
  }
  while (f.k-- > 0) ac__cancel(f.found[f.k]);
  ac__free(f.found);
}

static void cancel_members(ac__gather_t *g) {
  size_t i;
  if (g->stopping) return;
  g->stopping = 1;
  cancel_direct(g);
  for (i = 0; i < g->n; i++)
    if (g->nodes[i].member != NULL) ac__cancel(g->nodes[i].member);
}

int ac__await_gather(ac_frame_t *frame, const void *base, size_t n,
                     size_t stride) {
  ac_task_t *self = ac__L.current;
  ac__gather_t *g;
  size_t i, pending = 0, nodes = 0, k = 0;
  int err = 0;

  /* Members already finished count at once, in array order. A member
   * with an empty waiter list will be direct; it is marked so (the bare
   * tag, no gather yet) so that a second listing of it counts a node. */
  for (i = 0; i < n; i++) {
    ac_task_t *t = member_at(base, i, stride);
    if (t->wait == AC__W_DONE) {
      int e = ac__task_observe(t);
      if (err == 0) err = e;
    } else {
      pending++;
      if (t->waiters != 0)
        nodes++;
      else
        t->waiters = AC__WT_LAST;
    }
  }
  if (pending == 0) {
    frame->err = err;
    return 0;
  }
  g = ac__malloc(sizeof *g + nodes * sizeof g->nodes[0]);
  memset(g, 0, sizeof *g);
  g->direct.fire = gather_fire_direct;
  g->waiter = self;
  g->ndirect = 0;
  g->n = 0;
  g->pending = pending;
  g->err = err;
  g->cancelled = 0;
  g->stopping = 0;
  for (i = 0; i < n; i++) {
    ac_task_t *t = member_at(base, i, stride);
    if (t->wait == AC__W_DONE) continue;
    if (t->waiters == AC__WT_LAST) { /* marked above */
      t->waiters = (uintptr_t)&g->direct | AC__WT_LAST;
      g->ndirect++;
      continue;
    }
    link_gnode(g, &g->nodes[k++], t);
  }
  g->n = k;
  ac__park_on(g->waiter, &gather_ops, g);
  if (err != 0) cancel_members(g);
  return 1;
}

static void member_done(ac__gather_t *g, ac_task_t *member, int err) {
  if (g->mode != 0) {
    wait_member_done(g, member, err);
    return;
  }
  ac__task_observe(member);
  if (err != 0 && g->err == 0) {
    g->err = err;
    cancel_members(g);
  }
  if (--g->pending == 0) {
    ac_task_t *waiter = g->waiter;
    err = g->cancelled ? AC_ECANCELED : g->err;
    ac__free(g);
    ac__wake_hop(waiter, err); /* asyncio: done-callback, then wake-up */
  }
}

/* NODE's member finished with ERR. */
static void gather_fire(ac__wnode_t *node, ac_task_t *member, int err) {
  ac__gnode_t *n = (ac__gnode_t *)(void *)node;
  if (n->g->mode == AS_COMPLETED) {
    ascompl_fire(n);
    return;
  }
  n->member = NULL;
  member_done(n->g, member, err);
}

/* MEMBER, a direct member of the gather of NODE, finished with ERR. */
static void gather_fire_direct(ac__wnode_t *node, ac_task_t *member, int err) {
  ac__gather_t *g = ac__container_of(node, ac__gather_t, direct);
  g->ndirect--;
  member_done(g, member, err);
}

/* The kind's cancel hook: WAITER, parked in a gather, wait or
 * as_completed, is cancelled. */
static void gather_cancel(ac_task_t *waiter) {
  ac__gather_t *g = ac__parked_on(waiter);
  if (g->mode == AS_COMPLETED) {
    ascompl_cancel(g);
    return;
  }
  if (g->mode != 0) {
    wait_finish(g, AC_ECANCELED);
    if (g->linked == 0) ac__free(g);
    return;
  }
  g->cancelled = 1;
  cancel_members(g);
}

/* ================= ac_wait ================= */

/* Every member gets a node (no direct membership: an early return must
 * unlink the rest). The timeout is a timer event in the record. The
 * record outlives the wake-up while a node is still on its way (listed in
 * a finishing member's waiters, to be fired): it goes with the last. */

/* pending: ac_wait's number of members */
static int wait_met(const ac__gather_t *g, int err) {
  if (g->ndone == g->pending) return 1;
  if (g->mode == AC_FIRST_COMPLETED) return g->ndone > 0;
  if (g->mode == AC_FIRST_EXCEPTION) return err != 0 && err != AC_ECANCELED;
  return 0;
}

/* Takes G's nodes that are still listed out of their members' waiter
 * lists. A node already taken off by its member's end (about to fire)
 * stays counted in g->linked. */
static void unlink_gnodes(ac__gather_t *g) {
  size_t i;
  for (i = 0; i < g->n; i++) {
    ac__gnode_t *n = &g->nodes[i];
    if (n->member != NULL &&
        ac__waiter_unlink(n->member, (uintptr_t)n | AC__WT_NODE)) {
      n->member = NULL;
      g->linked--;
    }
  }
}

/* Wakes the waiter with ERR and unlinks the nodes still listed; the
 * caller frees G once no node is left (g->linked). HOP: woken through a
 * member's done-callback, as asyncio does (one round later than from a
 * timer, whose callback sets the waiter's future itself). */
static void wait_finish_as(ac__gather_t *g, int err, int hop) {
  if (g->finished) return;
  g->finished = 1;
  *g->out = g->ndone;
  unlink_gnodes(g);
  if (g->has_timeout) ac__tevent_stop(&g->timeout);
  if (hop)
    ac__wake_hop(g->waiter, err);
  else
    ac__wake(g->waiter, err);
}

static void wait_finish(ac__gather_t *g, int err) { wait_finish_as(g, err, 1); }

static void wait_timeout(ac__tevent_t *ev) {
  ac__gather_t *g = ac__container_of(ev, ac__gather_t, timeout);
  wait_finish_as(g, 0, 0);
  if (g->linked == 0) ac__free(g);
}

static void wait_member_done(ac__gather_t *g, ac_task_t *member, int err) {
  (void)member;
  g->linked--;
  if (!g->finished) {
    g->ndone++;
    if (wait_met(g, err)) wait_finish(g, 0);
  }
  if (g->finished && g->linked == 0) ac__free(g);
}

int ac__await_wait(ac_frame_t *frame, const void *base, size_t n, size_t stride,
                   int mode, double timeout, size_t *ndone) {
  ac__gather_t *g;
  size_t i, done = 0, k = 0;
  int failed = 0;

  if (mode != AC_FIRST_COMPLETED && mode != AC_FIRST_EXCEPTION && mode != AC_ALL_COMPLETED) {
    frame->err = AC_EINVAL;
    return 0;
  }
  for (i = 0; i < n; i++) {
    ac_task_t *t = member_at(base, i, stride);
    if (t->wait == AC__W_DONE) {
      int e = AC__ROOT(t)->err; /* not observed: asyncio.wait leaves it */
      done++;
      if (e != 0 && e != AC_ECANCELED) failed = 1;
    }
  }
  *ndone = done;
  frame->err = 0;
  if (done == n || (mode == AC_FIRST_COMPLETED && done > 0) ||
      (mode == AC_FIRST_EXCEPTION && failed) || timeout == 0)
    return 0;
  g = ac__malloc(sizeof *g + (n - done) * sizeof g->nodes[0]);
  memset(g, 0, sizeof *g);
  g->mode = mode;
  g->waiter = ac__L.current;
  g->ndone = done;
  g->pending = n;
  g->out = ndone;
  for (i = 0; i < n; i++) {
    ac_task_t *t = member_at(base, i, stride);
    if (t->wait == AC__W_DONE) continue;
    link_gnode(g, &g->nodes[k++], t);
  }
  g->n = k;
  g->linked = k;
  if (timeout > 0) {
    g->has_timeout = 1;
    g->timeout.fire = wait_timeout;
    ac__tevent_start_in(&g->timeout, timeout);
  }
  ac__park_on(g->waiter, &gather_ops, g);
  return 1;
}

/* ================= ac_as_completed ================= */

/* One node per task, index = its place in the array, linked from the
 * start: the order in which they fire is the order in which the tasks
 * finished. The record lives until ac_as_completed_free, and after it
 * while a node is on its way (as in ac_wait). */

/* An ac_as_completed_t is its record. */
static ac__gather_t *ascompl_of(ac_as_completed_t *it) {
  return (ac__gather_t *)(void *)it;
}

ac_as_completed_t *ac__as_completed_new(const void *base, size_t n, size_t stride) {
  ac__gather_t *g = ac__malloc(sizeof *g + n * sizeof g->nodes[0]);
  size_t i;
  memset(g, 0, sizeof *g);
  g->mode = AS_COMPLETED;
  g->n = n;
  g->order = ac__malloc((n ? n : 1) * sizeof *g->order);
  for (i = 0; i < n; i++) {
    ac_task_t *t = member_at(base, i, stride);
    if (t->wait == AC__W_DONE) { /* the finished ones first, in array order */
      g->nodes[i].g = g;
      g->nodes[i].member = NULL;
      g->order[g->ndone++] = i;
    } else {
      link_gnode(g, &g->nodes[i], t);
      g->linked++;
    }
  }
  return (ac_as_completed_t *)(void *)g;
}

static void ascompl_release(ac__gather_t *g) {
  ac__free(g->order);
  ac__free(g);
}

static void ascompl_fire(ac__gnode_t *n) {
  ac__gather_t *g = n->g;
  n->member = NULL;
  g->linked--;
  if (g->finished) { /* freed by its owner: this node was the last on its way */
    if (g->linked == 0) ascompl_release(g);
    return;
  }
  g->order[g->ndone++] = (size_t)(n - g->nodes);
  if (g->waiter != NULL) {
    ac_task_t *w = g->waiter;
    g->waiter = NULL;
    *g->out = g->order[g->nread++];
    ac__wake_hop(w, 0);
  }
}

static void ascompl_cancel(ac__gather_t *g) {
  ac_task_t *w = g->waiter;
  g->waiter = NULL;
  ac__wake(w, AC_ECANCELED);
}

int ac__await_as_completed_next(ac_frame_t *frame, ac_as_completed_t *it, size_t *index) {
  ac__gather_t *g = ascompl_of(it);
  if (g->nread < g->ndone) {
    *index = g->order[g->nread++];
    frame->err = 0;
    return 0;
  }
  if (g->nread == g->n || g->waiter != NULL) { /* all returned, or in use */
    frame->err = AC_EINVAL;
    return 0;
  }
  g->waiter = ac__L.current;
  g->out = index;
  ac__park_on(g->waiter, &gather_ops, g);
  return 1;
}

void ac_as_completed_free(ac_as_completed_t *it) {
  ac__gather_t *g;
  if (it == NULL) return;
  g = ascompl_of(it);
  if (g->waiter != NULL) ascompl_cancel(g); /* a task still waits in it */
  g->finished = 1;
  unlink_gnodes(g);
  if (g->linked == 0) ascompl_release(g);
}

/* ---- the task dump ---- */

typedef struct {
  const ac__gather_t *g;
  ac__describe_t *d;
  const char *how;
} describer_t;

static void describe_direct(ac_task_t *t, void *arg) {
  describer_t *x = arg;
  if (t->wait != AC__W_DONE && direct_member(t, x->g)) ac__describe_awaits(x->d, t, x->how);
}

/* The members still running, direct ones found by their waiter lists as
 * cancel_direct does (a dump may visit every task). */
static void gather_describe(const ac_task_t *waiter, ac__describe_t *d) {
  const ac__gather_t *g = ac__parked_on(waiter);
  describer_t x;
  size_t i;
  x.g = g;
  x.d = d;
  x.how = g->mode == 0 ? "gather" : g->mode == AS_COMPLETED ? "as_completed" : "wait";
  ac__describe_printf(d, "%zu of its members running", g->pending);
  if (g->ndirect > 0) ac__walk(describe_direct, &x);
  for (i = 0; i < g->n; i++)
    if (g->nodes[i].member != NULL) ac__describe_awaits(d, g->nodes[i].member, x.how);
}
