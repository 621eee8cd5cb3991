/* arena.c - the translation's memory: one arena, freed at once.
 *
 * Takes: sizes and strings. Guarantees: arena_alloc's memory is zeroed,
 * every block is aligned for any object, and everything stays valid until
 * arena_free; out of memory aborts the process (there is nothing sensible
 * a half-made translation could do).
 *
 * Every token array, AST node and string of one translation comes from
 * here, so a pass never frees anything and a fuzz harness can translate
 * many inputs in one process by calling arena_free between them.
 * Large requests get a block of their own so that a small remainder is
 * not wasted on them.
 */
#include "translator.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
  ArenaBlock *next;
  size_t used, cap;
  /* Aligned payload follows; max_align_t keeps it aligned for anything. */
  _Alignas(max_align_t) unsigned char data[];
};

enum { BLOCK_SIZE = 64 * 1024 };

static void *oom(size_t n) {
  /* An allocation failure leaves no sensible way to continue a pass, and
   * every caller would otherwise need an error path for it. */
  fprintf(stderr, "asyncc: out of memory (%zu bytes)\n", n);
  abort();
}

static size_t align_up(size_t n) {
  size_t a = _Alignof(max_align_t);
  return (n + a - 1) & ~(a - 1);
}

static ArenaBlock *new_block(size_t cap) {
  ArenaBlock *b = malloc(sizeof(ArenaBlock) + cap);
  if (!b)
    oom(cap);
  b->next = NULL;
  b->used = 0;
  b->cap = cap;
  return b;
}

static void *alloc(Arena *a, size_t n, bool zero);

void *arena_alloc(Arena *a, size_t n) { return alloc(a, n, true); }

/* For big arrays about to be written in full (the token array): zeroing
 * them first would touch every page twice. */
void *arena_alloc_uninit(Arena *a, size_t n) { return alloc(a, n, false); }

static void *alloc(Arena *a, size_t n, bool zero) {
  if (n == 0)
    n = 1;
  if (n > SIZE_MAX / 2)
    oom(n);
  n = align_up(n);
  ArenaBlock *b = a->head;
  if (!b || b->cap - b->used < n) {
    if (n > BLOCK_SIZE / 4) {
      /* A big one: its own block, linked behind the current head so the
       * head keeps serving small requests. */
      ArenaBlock *big = new_block(n);
      if (b) {
        big->next = b->next;
        b->next = big;
      } else {
        a->head = big;
      }
      big->used = n;
      if (zero)
        memset(big->data, 0, n);
      return big->data;
    }
    b = new_block(BLOCK_SIZE);
    b->next = a->head;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += n;
  if (zero)
    memset(p, 0, n);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n < 0)
    oom(0);
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, again);
  va_end(again);
  return p;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

void arena_free(Arena *a) {
  ArenaBlock *b = a->head;
  while (b) {
    ArenaBlock *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}
