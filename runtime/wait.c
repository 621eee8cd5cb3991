/* wait.c - waiter lists and runtime frames shared by sync.c and queue.c
 * (see wait.h for why waits are frames). */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include "wait.h"

int ac__wlist_live(const ac__wlist_t *l) {
  for (const ac__waiter_t *w = l->head; w != NULL; w = w->next)
    if (w->state != AC__WS_CANCELLED) return 1;
  return 0;
}

/* The task is cancelled while parked: asyncio cancels the future and
 * wakes the task; the waiter stays listed until its frame resumes and
 * removes it (asyncio's `finally: waiters.remove(fut)`), except where the
 * object drops it at once. */
void ac__waiter_cancel(ac_task_t *t) {
  ac__waiter_t *w = ac__parked_on(t);
  w->state = AC__WS_CANCELLED;
  if (w->unlink_on_cancel) ac__wlist_remove(w);
  ac__wake(t, AC_ECANCELED);
}

/* The runtime frame that parked T names the object's operation
 * (ac_lock_acquire, ac_queue_get, ac_stream_read...). */
void ac__waiter_describe(const ac_task_t *t, ac__describe_t *d) {
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

ac__waitops_t ac__waiter_ops = {"waiting", ac__waiter_cancel, NULL, 0,
                                 ac__waiter_describe};

ac_frame_t *ac__op_frame(const ac__fninfo_t *info, size_t extra) {
  return ac__frame_alloc(info, extra);
}


