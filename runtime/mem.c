/* mem.c - the runtime's one allocator.
 *
 * Every allocation of the runtime goes through here, so that tests can
 * count or fail them in one place and so that running out of memory has
 * one policy: an async runtime has no sensible way to report ENOMEM from
 * inside a spawn or an await, so, like a failed stack growth, it aborts
 * with a message.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void out_of_memory(void) {
  fputs("asyncc: out of memory\n", stderr);
  abort();
}

/* Per thread, so that counting costs no atomic and races with nobody. */
static _Thread_local size_t allocs;

size_t ac__mem_allocs(void) { return allocs; }

void *ac__malloc(size_t size) {
  void *p = malloc(size != 0 ? size : 1);
  allocs++;
  if (p == NULL) out_of_memory();
  return p;
}

void *ac__calloc(size_t n, size_t size) {
  void *p = calloc(n != 0 ? n : 1, size != 0 ? size : 1);
  allocs++;
  if (p == NULL) out_of_memory();
  return p;
}

void *ac__realloc(void *p, size_t size) {
  void *q = realloc(p, size != 0 ? size : 1);
  allocs++;
  if (q == NULL) out_of_memory();
  return q;
}

void ac__free(void *p) { free(p); }

void *ac__vla_alloc(size_t size) { return ac__malloc(size); }

void ac__vla_free(void *p) { free(p); }

void *ac__copy(void *dst, const void *src, size_t n) { return memcpy(dst, src, n); }
