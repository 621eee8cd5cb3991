/* wait.c - waiter lists and runtime frames shared by sync.c and queue.c
 * (see wait.h for why waits are frames). */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include "wait.h"

void ac__wlist_append(ac__wlist_t *l, ac__waiter_t *w) {
  w->next = NULL;
  w->prev = l->tail;
  if (l->tail != NULL)
    l->tail->next = w;
  else
    l->head = w;
  l->tail = w;
  w->list = l;
}

void ac__wlist_remove(ac__waiter_t *w) {
  ac__wlist_t *l = w->list;
  if (l == NULL) return;
  if (w->prev != NULL)
    w->prev->next = w->next;
  else
    l->head = w->next;
  if (w->next != NULL)
    w->next->prev = w->prev;
  else
    l->tail = w->prev;
  w->next = w->prev = NULL;
  w->list = NULL;
}

int ac__wlist_live(const ac__wlist_t *l) {
  for (const ac__waiter_t *w = l->head; w != NULL; w = w->next)
    if (w->state != AC__WS_CANCELLED) return 1;
  return 0;
}

/* The task is cancelled while parked: asyncio cancels the future and
 * wakes the task; the waiter stays listed until its frame resumes and
 * removes it (asyncio's `finally: waiters.remove(fut)`), except where the
 * object drops it at once. */
static void on_cancel(ac_task_t *t) {
  ac__waiter_t *w = ac__parked_on(t);
  w->state = AC__WS_CANCELLED;
  if (w->unlink_on_cancel) ac__wlist_remove(w);
  ac__wake(t, AC_ECANCELED);
}

/* The runtime frame that parked T names the object's operation
 * (ac_lock_acquire, ac_queue_get, ac_stream_read...). */
static void describe(const ac_task_t *t, ac__describe_t *d) {
  const ac__waiter_t *w = ac__parked_on(t);
  size_t ahead = 0;
  for (const ac__waiter_t *o = w->list != NULL ? w->list->head : NULL; o != NULL && o != w;
       o = o->next)
    ahead++;
  const ac_frame_t *f = t->top;
  int named = 0;
  /* the runtime's frames, innermost first: "in event_wait < ac_group_join" */
  for (; f != NULL && f->info->lines == NULL;
       f = f == AC__ROOT(t) ? NULL : AC__FHEAD(f)->parent)
    ac__describe_printf(d, "%s%s", named++ ? " < " : "in ", f->info->name);
  if (ahead > 0) ac__describe_printf(d, "%s%zu waiter(s) ahead", named ? ", " : "", ahead);
}

static ac__waitops_t waiter_ops = {"waiting", on_cancel, NULL, 0, describe};

void ac__wait_park(ac__waiter_t *w, ac__wlist_t *l) {
  w->task = ac__L.current;
  w->state = AC__WS_PENDING;
  ac__wlist_append(l, w);
  ac__park_on(w->task, &waiter_ops, w);
}

void ac__wait_wake(ac__waiter_t *w) {
  w->state = AC__WS_WOKEN;
  ac__wake(w->task, 0);
}

ac_frame_t *ac__op_frame(const ac__fninfo_t *info, size_t extra) {
  return ac__frame_alloc(info, extra);
}
