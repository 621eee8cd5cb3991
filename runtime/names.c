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
 * Names live in a side table keyed by the task's address: open addressing
 * with linear probing, deletion by shifting the run back (no tombstones).
 * A task with an entry carries AC__F_NAMED, so freeing a task that was
 * never named costs one flag test (ac__name_drop in ac__task_free).
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

typedef struct {
  const ac_task_t *t; /* NULL: empty slot */
  char *name;
} name_slot;

static struct {
  name_slot *a;
  size_t cap, len; /* cap: 0 or a power of two, at most half full */
  unsigned long defaults; /* "Task-N" names handed out so far */
} names;

static size_t slot_of(const ac_task_t *t, size_t cap) {
  uintptr_t h = (uintptr_t)t >> 3; /* slab blocks are 8-byte aligned */
  h ^= h >> 17;
  h *= (uintptr_t)0x9E3779B97F4A7C15u;
  return (size_t)(h >> 7) & (cap - 1);
}

static name_slot *find(const ac_task_t *t) {
  size_t i;
  if (names.cap == 0) return NULL;
  for (i = slot_of(t, names.cap); names.a[i].t != NULL; i = (i + 1) & (names.cap - 1))
    if (names.a[i].t == t) return &names.a[i];
  return NULL;
}

static void put_slot(name_slot s) {
  size_t i = slot_of(s.t, names.cap);
  while (names.a[i].t != NULL) i = (i + 1) & (names.cap - 1);
  names.a[i] = s;
}

static void grow(void) {
  name_slot *old = names.a;
  size_t old_cap = names.cap, i;
  names.cap = old_cap != 0 ? old_cap * 2 : 16;
  names.a = ac__calloc(names.cap, sizeof *names.a);
  for (i = 0; i < old_cap; i++)
    if (old[i].t != NULL) put_slot(old[i]);
  ac__free(old);
}

static char *copy_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *c = ac__malloc(n);
  memcpy(c, s, n);
  return c;
}

/* Gives T the name NAME (already a copy the table now owns). */
static void store(ac_task_t *t, char *name) {
  name_slot *s = find(t);
  if (s != NULL) {
    ac__free(s->name);
    s->name = name;
    return;
  }
  if (2 * (names.len + 1) > names.cap) grow();
  put_slot((name_slot){t, name});
  names.len++;
  t->flags |= AC__F_NAMED;
}

int ac__task_set_name(ac_task_t *t, const char *name) {
  if (t == NULL || name == NULL) return AC_EINVAL;
  store(t, copy_string(name));
  return 0;
}

const char *ac__task_name(ac_task_t *t) {
  char buf[32];
  name_slot *s;
  if (t == NULL) return NULL;
  if ((t->flags & AC__F_NAMED) && (s = find(t)) != NULL) return s->name;
  snprintf(buf, sizeof buf, "Task-%lu", ++names.defaults);
  store(t, copy_string(buf));
  return find(t)->name;
}

ac_task_t *ac__task_named(ac_task_t *t, const char *name) {
  ac__task_set_name(t, name);
  return t;
}

/* Empties the slot at HOLE and moves back every entry of the run after it
 * that would no longer be found past the hole (Knuth's algorithm R). */
static void remove_at(size_t hole) {
  size_t mask = names.cap - 1, i = hole;
  names.a[hole].t = NULL;
  for (;;) {
    size_t home;
    i = (i + 1) & mask;
    if (names.a[i].t == NULL) return;
    home = slot_of(names.a[i].t, names.cap);
    /* The entry at I stays if its home lies cyclically in (hole, i]. */
    if (hole <= i ? (hole < home && home <= i) : (hole < home || home <= i)) continue;
    names.a[hole] = names.a[i];
    names.a[i].t = NULL;
    hole = i;
  }
}

void ac__name_drop(ac_task_t *t) {
  name_slot *s = find(t);
  t->flags &= (uint16_t)~AC__F_NAMED;
  if (s == NULL) return;
  ac__free(s->name);
  remove_at((size_t)(s - names.a));
  if (--names.len == 0) { /* the last name went: so does the table */
    ac__free(names.a);
    names.a = NULL;
    names.cap = 0;
  }
}

const char *ac__task_label(ac_task_t *t, char *buf, size_t n) {
  char where[512];
  snprintf(buf, n, "\"%s\" %s %s", ac__task_name(t), AC__ROOT(t)->info->name,
           ac__site_where(t, where, sizeof where));
  return buf;
}
