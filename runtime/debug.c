/* debug.c - walking the live tasks: ac_dump_tasks, ac_live_tasks, and the
 * report of a corrupted resume state.
 *
 * Live tasks form a forest: ac__L.roots and ac__L.orphans, each task with
 * the children it owns. The walk uses an explicit stack, so a chain of a
 * million tasks each created by the previous one needs no C stack.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

typedef struct {
  ac_task_t **a;
  size_t len, cap;
} task_vec;

static void vec_push(task_vec *v, ac_task_t *t) {
  if (v->len == v->cap) {
    v->cap = v->cap != 0 ? v->cap * 2 : 64;
    v->a = ac__realloc(v->a, v->cap * sizeof *v->a);
  }
  v->a[v->len++] = t;
}

static void push_list(task_vec *v, ac__link_t *l) {
  for (; l != NULL; l = l->next)
    vec_push(v, ac__container_of(l, ac_task_t, owned));
}

/* Lists push at the front, so a preorder walk sees the newest sibling
 * first; visiting the preorder backwards gives creation order with
 * children before their owner. */
void ac__walk(void (*fn)(ac_task_t *t, void *arg), void *arg) {
  task_vec order = {NULL, 0, 0}, stack = {NULL, 0, 0};
  size_t i;
  push_list(&stack, ac__L.orphans);
  push_list(&stack, ac__L.roots);
  /* The stack pops the last pushed first; fine, since we reverse below
   * and only need each owner before its children here. */
  while (stack.len > 0) {
    ac_task_t *t = stack.a[--stack.len];
    vec_push(&order, t);
    push_list(&stack, t->children);
  }
  for (i = order.len; i-- > 0;) fn(order.a[i], arg);
  ac__free(order.a);
  ac__free(stack.a);
}

const char *ac__wait_name(int wait) {
  switch (wait) {
  case AC__W_READY: return "ready";
  case AC__W_RUNNING: return "running";
  case AC__W_SLEEP: return "sleeping";
  case AC__W_TASK: return "awaiting a task";
  case AC__W_GATHER: return "in a gather";
  case AC__W_WAITFOR: return "in a wait_for";
  case AC__W_HOOK: return "waiting";
  case AC__W_DONE: return "finished";
  default: return "?";
  }
}

/* The frame of T's that waits in user code, and the .ac line of its
 * await: a runtime operation's frame has no lines, so its caller's. */
static const ac_frame_t *waiting_frame(const ac_task_t *t, int *line) {
  const ac_frame_t *f = t->top;
  while (f->info->lines == NULL && f != AC__ROOT(t))
    f = AC__FHEAD(f)->parent;
  *line = f->info->lines != NULL ? f->info->lines[f->state] : f->info->line;
  return f;
}

static void dump_one(ac_task_t *t, void *arg) {
  (void)arg;
  char where[512];
  fprintf(stderr, "  task %s %s: %s", AC__ROOT(t)->info->name,
          ac__site_where(t, where, sizeof where),
          (t->flags & AC__F_STARTED) || t->wait != AC__W_READY
              ? ac__wait_name(t->wait)
              : "not started");
  if (t->wait != AC__W_DONE && (t->flags & AC__F_STARTED)) {
    int line;
    const ac_frame_t *f = waiting_frame(t, &line);
    fprintf(stderr, ", in %s at %s:%d", f->info->name, f->info->file, line);
  }
  fputc('\n', stderr);
}

void ac__debug_slow_step(ac_task_t *t, uint64_t ns, int finished) {
  char where[512];
  fprintf(stderr, "asyncc: debug: task %s ran %.3f s without letting other tasks run, ",
          AC__ROOT(t)->info->name, (double)ns / 1e9);
  if (finished) {
    fputs("to its end", stderr);
  } else {
    int line;
    const ac_frame_t *f = waiting_frame(t, &line);
    fprintf(stderr, "up to %s:%d", f->info->file, line);
  }
  fprintf(stderr, " (%s)\n", ac__site_where(t, where, sizeof where));
}

void ac__debug_check_thread(const char *what) {
  uv_thread_t self = uv_thread_self();
  if (!ac__L.running || uv_thread_equal(&self, &ac__L.thread)) return;
  fprintf(stderr, "asyncc: debug: %s called from a thread that is not the loop's "
          "while the loop runs; use ac_bridge_call or ac_bridge_submit\n", what);
  abort();
}

void ac_dump_tasks(void) {
  fprintf(stderr, "asyncc: %zu live task(s), %zu unfinished:\n",
          ac__L.nlive, ac__L.nunfinished);
  ac__walk(dump_one, NULL);
}

size_t ac_live_tasks(void) { return ac__L.nlive; }

int ac__bad_state(ac_frame_t *frame) {
  fprintf(stderr, "asyncc: %s: corrupted task state %d\n", frame->info->name,
          frame->state);
  frame->err = AC_EBADSTATE;
  return AC__DONE;
}
