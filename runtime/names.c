/* names.c - task names (asyncio's Task.set_name / get_name) and the label
 * every report prints for a task.
 *
 * Takes: live tasks (task.c). Guarantees: ac__task_set_name keeps a copy
 * of the caller's string; a task never named is called "Task-N" once its
 * name is first needed, N counting such default names from 1 in the
 * process (asyncio numbers a task when it is created; the 64-byte task
 * header has no room for a number, and a table entry per spawn would
 * cost every task, named or not). A name stays valid until the task is
 * renamed or freed.
 *
 * Names live in the task's side record (side.c). A named task carries
 * AC__F_NAMED, so freeing a task that was never named costs one flag test
 * (ac__name_drop in ac__task_free).
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static unsigned long defaults; /* "Task-N" names handed out so far */

static char *copy_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *c = ac__malloc(n);
  memcpy(c, s, n);
  return c;
}

/* Gives T the name NAME (already a copy its side record now owns). */
static void store(ac_task_t *t, char *name) {
  ac__side_t *r = ac__side_get(t);
  if (t->flags & AC__F_NAMED) ac__free(r->name);
  r->name = name;
  t->flags |= AC__F_NAMED;
}

int ac__task_set_name(ac_task_t *t, const char *name) {
  if (t == NULL || name == NULL) return AC_EINVAL;
  store(t, copy_string(name));
  return 0;
}

const char *ac__task_name(ac_task_t *t) {
  char buf[32];
  if (t == NULL) return NULL;
  if (!(t->flags & AC__F_NAMED)) {
    snprintf(buf, sizeof buf, "Task-%lu", ++defaults);
    store(t, copy_string(buf));
  }
  return ac__side_find(t)->name;
}

ac_task_t *ac__task_named(ac_task_t *t, const char *name) {
  ac__task_set_name(t, name);
  return t;
}

void ac__name_drop(ac_task_t *t) {
  ac__side_t *r = ac__side_find(t);
  t->flags &= (uint16_t)~AC__F_NAMED;
  if (r == NULL) return;
  ac__free(r->name);
  r->name = NULL;
  if (!(t->flags & AC__F_CANCEL_REC)) ac__side_drop(t);
}

const char *ac__task_label(ac_task_t *t, char *buf, size_t n) {
  char where[512];
  snprintf(buf, n, "\"%s\" %s %s", ac__task_name(t), AC__ROOT(t)->info->name,
           ac__site_where(t, where, sizeof where));
  return buf;
}
