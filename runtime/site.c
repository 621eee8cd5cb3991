/* site.c - where tasks were created, interned as 32-bit site numbers.
 *
 * Every task remembers the .ac file:line of its creation, for the report
 * of a failure nobody observed and for ac_dump_tasks. Storing the file
 * pointer and the line in each task costs 12 bytes per task; a program has
 * few creation sites, so a task stores a 4-byte number into this table
 * instead. Lookups are a one-entry cache (a spawn loop hits it every time)
 * in front of an open-addressing hash on (file pointer, line). Site 0 is
 * "unknown" (a NULL file).
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <string.h>

#include <stdio.h>

#include "internal.h"

static size_t hash_site(const char *file, int line) {
  uintptr_t h = (uintptr_t)file ^ ((uintptr_t)(unsigned)line * 0x9e3779b1u);
  return (size_t)(h ^ (h >> 17));
}

static void rehash(ac__sites_t *s) {
  size_t i, cap = s->hcap != 0 ? s->hcap * 2 : 64;
  uint32_t *h = ac__calloc(cap, sizeof *h);
  for (i = 1; i < s->len; i++) {
    size_t j = hash_site(s->a[i].file, s->a[i].line) & (cap - 1);
    while (h[j] != 0) j = (j + 1) & (cap - 1);
    h[j] = (uint32_t)i;
  }
  ac__free(s->hash);
  s->hash = h;
  s->hcap = cap;
}

static uint32_t add_site(ac__sites_t *s, const char *file, int line) {
  if (s->len == s->cap) {
    s->cap = s->cap != 0 ? s->cap * 2 : 32;
    s->a = ac__realloc(s->a, s->cap * sizeof *s->a);
    if (s->len == 0) { /* entry 0: unknown */
      s->a[0].file = NULL;
      s->a[0].line = 0;
      s->len = 1;
    }
  }
  s->a[s->len].file = file;
  s->a[s->len].line = line;
  return (uint32_t)s->len++;
}

uint32_t ac__site_intern_slow(const char *file, int line) {
  ac__sites_t *s = &ac__L.sites;
  size_t j;
  uint32_t id;
  if (file == NULL) return 0;
  if (2 * (s->len + 1) > s->hcap) rehash(s);
  j = hash_site(file, line) & (s->hcap - 1);
  for (; (id = s->hash[j]) != 0; j = (j + 1) & (s->hcap - 1))
    if (s->a[id].file == file && s->a[id].line == line) break;
  if (id == 0) {
    id = add_site(s, file, line);
    s->hash[j] = id;
  }
  s->last = id;
  s->last_file = file;
  s->last_line = line;
  return id;
}

const char *ac__site_file(uint32_t site) {
  return site != 0 ? ac__L.sites.a[site].file : "?";
}

int ac__site_line(uint32_t site) {
  return site != 0 ? ac__L.sites.a[site].line : 0;
}

void ac__sites_free(void) {
  ac__sites_t *s = &ac__L.sites;
  ac__free(s->a);
  ac__free(s->hash);
  memset(s, 0, sizeof *s);
}

const char *ac__site_where(const ac_task_t *t, char *buf, size_t n) {
  const ac__fninfo_t *info = AC__ROOT(t)->info;
  if (t->site != 0)
    snprintf(buf, n, "created at %s:%d", ac__site_file(t->site), ac__site_line(t->site));
  else /* f() called from ordinary C, which the translator leaves alone */
    snprintf(buf, n, "created in ordinary code; %s is defined at %s:%d", info->name,
             info->file, info->line);
  return buf;
}
