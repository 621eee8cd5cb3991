/* sync_test.h - one hand-written async function for the sync and queue
 * suites: `async int op(int kind, void *obj, int id)` awaits one primitive
 * and logs what happened ("w<id>" before, "ok<id>" / "x<id>:<code>"
 * after), releasing what it took so the next waiter can go on. */
#ifndef SYNC_TEST_H
#define SYNC_TEST_H

#include "rt_test.h"

enum { OP_LOCK, OP_SEM, OP_EVENT, OP_COND, OP_GET, OP_PUT, OP_JOIN };

struct op__frame {
  ac_frame_t hdr;
  int *res;
  int kind;
  void *obj;
  int id;
  int v;
};

static inline int op__await(struct op__frame *F) {
  switch (F->kind) {
  case OP_LOCK: return ac__await_lock_acquire(&F->hdr, F->obj);
  case OP_SEM: return ac__await_sem_acquire(&F->hdr, F->obj);
  case OP_EVENT: return ac__await_event_wait(&F->hdr, F->obj);
  case OP_COND: return ac__await_cond_wait(&F->hdr, F->obj);
  case OP_GET: return ac__await_queue_get(&F->hdr, NULL, F->obj, &F->v);
  case OP_PUT: F->v = F->id; return ac__await_queue_put(&F->hdr, NULL, F->obj, &F->v);
  default: return ac__await_queue_join(&F->hdr, F->obj);
  }
}

static inline int op__resume(ac_frame_t *hdr) {
  struct op__frame *F = (struct op__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  if (F->kind == OP_COND) {
    AC__AWAIT(&F->hdr, 2, ac__await_cond_acquire(&F->hdr, F->obj), fail);
  }
  rt_log("w%d", F->id);
  AC__AWAIT(&F->hdr, 1, op__await(F), fail);
  if (F->kind == OP_GET)
    rt_log("ok%d=%d", F->id, F->v);
  else
    rt_log("ok%d", F->id);
  if (F->kind == OP_LOCK) ac_lock_release(F->obj);
  if (F->kind == OP_SEM) ac_sem_release(F->obj);
  if (F->kind == OP_COND) ac_cond_release(F->obj);
  if (F->res) *F->res = 0;
  F->hdr.err = 0;
  return AC__DONE;
fail:
  rt_log("x%d:%s", F->id, ac_err_name(F->hdr.err));
  if (F->kind == OP_COND && ac_cond_locked(F->obj)) ac_cond_release(F->obj);
  return AC__DONE;
}
RT_INFO(op, struct op__frame)

static inline ac_task__int op__spawn(const char *file, int line, int kind,
                                     void *obj, int id) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  struct op__frame *F;
  h.t = ac__spawn(op__info(), sizeof(int), file, line, &fr, &r);
  F = (struct op__frame *)(void *)fr;
  F->res = (int *)r;
  F->kind = kind;
  F->obj = obj;
  F->id = id;
  return h;
}
#define op(...) op__spawn(__FILE__, __LINE__, __VA_ARGS__)

/* A driver: `async int drive(void)` runs SCRIPT, a function called once
 * per step with the step number, yielding (sleep 0) between steps until
 * it returns 0. Tests write the script as plain C. */
typedef int (*script_fn)(int step);
struct drive__frame {
  ac_frame_t hdr;
  int *res;
  script_fn script;
  int step;
};
static inline int drive__resume(ac_frame_t *hdr) {
  struct drive__frame *F = (struct drive__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  while (F->script(F->step++)) {
    AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, 0), fail);
  }
  if (F->res) *F->res = 0;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_INFO(drive, struct drive__frame)
static inline int drive_run(script_fn script) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(drive__info(), sizeof(int), __FILE__, __LINE__, &fr, &r);
  ((struct drive__frame *)(void *)fr)->res = (int *)r;
  ((struct drive__frame *)(void *)fr)->script = script;
  return ac_run(h);
}

#endif /* SYNC_TEST_H */
