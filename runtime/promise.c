/* promise.c - tasks that someone else completes (asyncio's
 * loop.create_future).
 *
 * A promise is an ordinary task, so everything that takes a task takes
 * it: await, ac_cancel, ac_gather, ac_wait_for, ac_shield, ac_wait and the
 * task dump. Its body is the runtime's own: it parks on a waiter until
 * ac_resolve or ac_reject settles it (or it is cancelled), then stores the
 * value in its result slot and finishes. The value waits in a copy of its
 * own until then, because a small result lives in the task header's
 * union, which the wait itself uses (AC__RESULT_IN_HEAD).
 *
 * A promise settled from another thread goes through a bridge: the value
 * is copied there and the settling runs on the loop thread.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "wait.h"

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;     /* where the task waits to be settled */
  ac__wlist_t list;   /* holds w while it waits */
  void *value;        /* the value, once resolved (ac__malloc'd) */
  size_t size;        /* of the value: the task's result size */
  int err;            /* 0 resolved, else the rejection code */
  int settled;
  void (*on_cancel)(void *arg); /* ac_promise_on_cancel */
  void *on_cancel_arg;
} promise_frame_t;

static promise_frame_t *promise_of(ac_task_t *t) {
  return (promise_frame_t *)(void *)AC__ROOT(t);
}

/* State 0: wait unless already settled; state 1: woken or cancelled. */
static int promise_resume(ac_frame_t *hdr) {
  promise_frame_t *p = (promise_frame_t *)(void *)hdr;
  if (hdr->state == 0 && hdr->err == 0 && !p->settled) {
    hdr->state = 1;
    ac__wait_park(&p->w, &p->list);
    return AC__SUSPENDED;
  }
  ac__wlist_remove(&p->w);
  if (hdr->err == 0 && p->settled) { /* cancelled: err is AC_ECANCELED */
    if (p->err == 0 && p->size != 0) memcpy(ac__result_at(hdr, p->size), p->value, p->size);
    hdr->err = p->err;
  } else if (p->on_cancel != NULL) {
    p->on_cancel(p->on_cancel_arg);
  }
  p->on_cancel = NULL;
  ac__free(p->value);
  p->value = NULL;
  p->settled = 1; /* a late ac_resolve is refused */
  return AC__DONE;
}

static const ac__fninfo_t promise_info = {"promise", "<asyncc runtime>", 0, promise_resume,
                                          sizeof(promise_frame_t),
                                          _Alignof(promise_frame_t), NULL};

ac_task_t *ac__promise_new(size_t size, const char *file, int line) {
  ac_frame_t *root;
  ac_task_t *t = ac__spawn(&promise_info, size, file, line, &root, NULL);
  promise_frame_t *p = (promise_frame_t *)(void *)root;
  p->size = size;
  /* entered even when cancelled before it ran: it frees what it holds */
  t->flags |= AC__F_ALWAYS_START;
  return t;
}

int ac__promise_settle(ac_task_t *t, const void *value, size_t size, int err) {
  if (t == NULL || AC__ROOT(t)->info != &promise_info) return AC_EINVAL;
  promise_frame_t *p = promise_of(t);
  if (t->wait == AC__W_DONE || p->settled) return AC_ESETTLED;
  if (err == 0 && value != NULL && size != p->size) return AC_EINVAL;
  if (err == 0 && size != 0) {
    p->value = ac__malloc(size);
    memcpy(p->value, value, size);
  } else if (err == 0 && p->size != 0) { /* ac_resolve_void: zeroes */
    p->value = ac__calloc(1, p->size);
  }
  p->err = err;
  p->settled = 1;
  if (p->w.list != NULL && p->w.state == AC__WS_PENDING) ac__wait_wake(&p->w);
  return 0;
}

int ac__promise_reject(ac_task_t *t, int code) {
  if (code >= 0) return AC_EINVAL; /* a failure is a negative code */
  return ac__promise_settle(t, NULL, 0, code);
}

int ac__promise_on_cancel(ac_task_t *t, void (*fn)(void *arg), void *arg) {
  if (t == NULL || AC__ROOT(t)->info != &promise_info) return AC_EINVAL;
  if (t->wait == AC__W_DONE) return AC_ESETTLED;
  promise_of(t)->on_cancel = fn;
  promise_of(t)->on_cancel_arg = arg;
  return 0;
}

int ac_promise_pending(ac_task_t *t) {
  return t != NULL && AC__ROOT(t)->info == &promise_info && t->wait != AC__W_DONE &&
         !promise_of(t)->settled;
}

/* ---- from another thread ---- */

typedef struct {
  ac_task_t *t;
  int err;
  size_t size;
  _Alignas(max_align_t) unsigned char value[];
} remote_t;

static void settle_remote(void *arg) {
  remote_t *r = arg;
  int rc = ac__promise_settle(r->t, r->value, r->size, r->err);
  if (rc != 0) /* nobody is there to return it to */
    fprintf(stderr, "asyncc: a promise settled from another thread: %s\n", ac_strerror(rc));
  ac__free(r);
}

int ac__promise_settle_threadsafe(ac_bridge_t *b, ac_task_t *t, const void *value,
                                  size_t size, int err) {
  remote_t *r = ac__malloc(sizeof *r + size);
  r->t = t;
  r->err = err;
  r->size = size;
  if (size != 0) memcpy(r->value, value, size);
  int rc = ac_bridge_call(b, settle_remote, r);
  if (rc != 0) ac__free(r);
  return rc;
}
