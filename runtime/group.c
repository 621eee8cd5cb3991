/* group.c - task groups (asyncio.TaskGroup, Trio's nurseries).
 *
 * A group belongs to the task that initialised it (its body). Each task
 * spawned into it gets a watcher: a small runtime task that awaits the
 * child and reports its outcome to the group. The first failure (any
 * code but AC_ECANCELED) cancels the other children and, unless the body
 * is already in ac_group_join, the body itself, so that it reaches its
 * join at once. The join waits for every child; cancelled while it waits,
 * it cancels the children and still waits for them, so no child outlives
 * the group. It then throws the first failure, or AC_ECANCELED if the
 * group or the joiner was cancelled, and reports every other failure on
 * stderr: none is lost. The group's memory (the children's list) goes with
 * the join; the watchers point at the group, which is why the join must
 * come before the body's frame is gone.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdio.h>

#include "internal.h"
#include "wait.h"

void ac_group_init(ac_group_t *g) {
  g->owner_ = ac__L.current;
  g->children_ = NULL;
  g->n_ = g->cap_ = 0;
  g->running_ = 0;
  g->first_err_ = 0;
  g->joining_ = g->closed_ = g->cancelled_ = 0;
  ac_event_init(&g->idle_);
  ac_event_set(&g->idle_); /* set while no child runs */
}

/* Cancels every child still running. */
static void cancel_children(ac_group_t *g) {
  for (size_t i = 0; i < g->n_; i++)
    if (!ac__task_done(g->children_[i].t)) ac__cancel(g->children_[i].t);
}

/* A child ended with ERR. */
static void child_done(ac_group_t *g, size_t index, int err) {
  g->children_[index].err = err;
  if (err != 0 && err != AC_ECANCELED && g->first_err_ == 0) {
    g->first_err_ = err;
    cancel_children(g);
    if (!g->joining_ && g->owner_ != NULL && g->owner_->wait != AC__W_DONE) {
      g->cancelled_ = 1;
      ac__cancel(g->owner_);
    }
  }
  if (--g->running_ == 0) ac_event_set(&g->idle_);
}

/* ---- the watcher: `await child`, then child_done ---- */

typedef struct {
  ac_frame_t hdr;
  ac_group_t *g;
  size_t index;
} watch_frame_t;

static int watch_resume(ac_frame_t *hdr) {
  watch_frame_t *w = (watch_frame_t *)(void *)hdr;
  if (hdr->state == 0) {
    hdr->state = 1;
    if (ac__await_task(hdr, w->g->children_[w->index].t) != 0) return AC__SUSPENDED;
  }
  child_done(w->g, w->index, hdr->err);
  hdr->err = 0; /* the group reports the child's failure, not the watcher */
  return AC__DONE;
}

static const ac__fninfo_t watch_info = {"ac_group watcher", "<asyncc runtime>", 0,
                                        watch_resume, sizeof(watch_frame_t),
                                        _Alignof(watch_frame_t), NULL};

const ac_task_t *ac__group_watcher_body(const ac_task_t *t) {
  const watch_frame_t *w = (const watch_frame_t *)(const void *)AC__ROOT(t);
  if (AC__ROOT(t)->info != &watch_info || t->wait == AC__W_DONE) return NULL;
  return w->g->owner_;
}

int ac__group_spawn(ac_group_t *g, ac_task_t *t) {
  if (t == NULL) return AC_EINVAL;
  if (g->closed_) { /* the group is gone: the task must not outlive it */
    ac__cancel(t);
    return AC_EINVAL;
  }
  if (g->n_ == g->cap_) {
    g->cap_ = g->cap_ ? 2 * g->cap_ : 8;
    g->children_ = ac__realloc(g->children_, sizeof *g->children_ * g->cap_);
  }
  g->children_[g->n_].t = t;
  g->children_[g->n_].err = 0;
  ac_frame_t *root;
  ac_task_t *watcher = ac__spawn(&watch_info, 0, NULL, 0, &root, NULL);
  watch_frame_t *w = (watch_frame_t *)(void *)root;
  w->g = g;
  w->index = g->n_++;
  ac__detach(watcher); /* freed when it finishes */
  if (g->running_++ == 0) ac_event_clear(&g->idle_);
  if (g->first_err_ != 0 || g->cancelled_) ac__cancel(t); /* failing already */
  return 0;
}

void ac_group_cancel(ac_group_t *g) {
  g->cancelled_ = 1;
  cancel_children(g);
}

/* ---- the join ---- */

typedef struct {
  ac_frame_t hdr;
  ac_group_t *g;
  int cancelled; /* the joiner was cancelled while it waited */
} join_frame_t;

static void report_others(ac_group_t *g) {
  int first_seen = 0;
  for (size_t i = 0; i < g->n_; i++) {
    int err = g->children_[i].err;
    if (err == 0 || err == AC_ECANCELED) continue;
    if (err == g->first_err_ && !first_seen) {
      first_seen = 1;
      continue;
    }
    char label[640];
    fprintf(stderr, "asyncc: task group: another child, task %s, failed too: %s\n",
            ac__task_label(g->children_[i].t, label, sizeof label), ac_strerror(err));
  }
}

static int join_resume(ac_frame_t *hdr) {
  join_frame_t *j = (join_frame_t *)(void *)hdr;
  ac_group_t *g = j->g;
  if (hdr->state != 0 && hdr->err == AC_ECANCELED) { /* the joiner was cancelled */
    j->cancelled = 1;
    cancel_children(g);
  }
  hdr->state = 1;
  if (g->running_ > 0 && ac__await_event_wait(hdr, &g->idle_) != 0) return AC__SUSPENDED;
  /* every child has finished */
  report_others(g);
  hdr->err = g->first_err_ != 0 ? g->first_err_
             : (g->cancelled_ || j->cancelled) ? AC_ECANCELED
                                                : 0;
  g->joining_ = 0;
  g->closed_ = 1;
  ac__free(g->children_);
  g->children_ = NULL;
  g->n_ = g->cap_ = 0;
  return AC__DONE;
}

static const ac__fninfo_t join_info = {"ac_group_join", "<asyncc runtime>", 0, join_resume,
                                       sizeof(join_frame_t), _Alignof(join_frame_t), NULL};

int ac_group_join__await(ac_frame_t *frame, void *result, ac_group_t *g) {
  (void)result;
  if (g->closed_) {
    frame->err = AC_EINVAL;
    return 0;
  }
  g->joining_ = 1;
  join_frame_t *j = (join_frame_t *)(void *)ac__op_frame(&join_info, 0);
  j->g = g;
  return ac__await_call(frame, &j->hdr);
}
