/* debug.c - reports about tasks: ac_dump_tasks (over task.c's walk),
 * ac_live_tasks, debug mode's slow steps and wrong-thread calls, and the
 * report of a corrupted resume state. Reads tasks, never changes them.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

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
  char label[640];
  fprintf(stderr, "  task %s: %s", ac__task_label(t, label, sizeof label),
          (t->flags & AC__F_STARTED) || t->wait != AC__W_READY
              ? ac__task_state_name(t)
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
  fprintf(stderr, "asyncc: debug: task \"%s\" %s ran %.3f s without letting other tasks "
          "run, ", ac__task_name(t), AC__ROOT(t)->info->name, (double)ns / 1e9);
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
