/* slab.c - the task allocator: one free list per size class.
 *
 * Why not malloc: a task is one small block whose size is fixed per async
 * function, and a program makes many of them. glibc adds a 8-byte header
 * and rounds to 16 (a 120-byte task costs 128 or 144), and spends a few
 * hundred instructions per malloc/free pair on bins; here a block is
 * carved from a 256 KiB chunk by bumping a pointer, exactly the size asked
 * (in 8-byte steps), and recycled through its class's free list, so spawn
 * and free cost a handful of instructions.
 *
 * Blocks of a class never go back to malloc while tasks live: memory once
 * used by a million sleepers stays with the runtime (as it would in
 * malloc's bins) until ac_run ends with no task left, when every chunk is
 * freed. Blocks over AC__SLAB_MAX bytes go to malloc (class 0).
 *
 * Page faults, not instructions, are most of the cost of a million new
 * tasks (one fault per 4 KiB touched: ~35,000 for W1). So once the slab
 * holds AC__SLAB_BIG bytes, further chunks are 2 MiB, 2 MiB-aligned and
 * marked MADV_HUGEPAGE: with transparent huge pages in "madvise" mode (the
 * Debian default) one fault maps 2 MiB. Small programs (under 1 MiB of
 * tasks: some 13,000 sleepers) never get there, so their RSS does not grow
 * by 2 MiB steps; at 16 MiB, W2m's first 16 MiB took 4,096 faults of its
 * 7,212 (1 MiB: 3,380 in all). MAP_POPULATE (or MADV_POPULATE_WRITE) on a
 * huge chunk changes nothing: the same zeroing, done at the mmap.
 *
 * Under AddressSanitizer every block is a malloc of its own, so that a use
 * after free of a task is still caught.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

enum { CHUNK_SIZE = 64 * 1024 };
#define HUGE_SIZE ((size_t)2 << 20)
#define AC__SLAB_BIG ((size_t)1 << 20)

/* A chunk starts with this header; blocks follow from offset 16, so a
 * block whose size is a multiple of 16 is 16-aligned. */
typedef struct chunk_s {
  struct chunk_s *next;
  size_t mapped; /* its mmap length, or 0 for a malloc'd chunk */
} chunk_t;

/* A 2 MiB-aligned 2 MiB chunk (map twice the size, trim), or NULL. */
static chunk_t *huge_chunk(void) {
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
  size_t lead;
  char *p = mmap(NULL, 2 * HUGE_SIZE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  lead = (HUGE_SIZE - (uintptr_t)p % HUGE_SIZE) % HUGE_SIZE;
  if (lead != 0) munmap(p, lead);
  munmap(p + lead + HUGE_SIZE, HUGE_SIZE - lead);
  p += lead;
  madvise(p, HUGE_SIZE, MADV_HUGEPAGE); /* advice: failure is harmless */
  ((chunk_t *)(void *)p)->mapped = HUGE_SIZE;
  return (chunk_t *)(void *)p;
#else
  return NULL;
#endif
}

/* A CHUNK_SIZE chunk straight from the kernel, so it comes zeroed (from
 * malloc, every block would need a memset: 30 instructions a W1 task), or
 * NULL. */
static chunk_t *small_chunk(void) {
#if defined(MAP_ANONYMOUS)
  void *p = mmap(NULL, CHUNK_SIZE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  ((chunk_t *)p)->mapped = CHUNK_SIZE;
  return p;
#else
  return NULL;
#endif
}

static chunk_t *new_chunk(ac__slab_t *s, size_t *size) {
  chunk_t *c = s->total >= AC__SLAB_BIG ? huge_chunk() : NULL;
  if (c != NULL) {
    *size = HUGE_SIZE;
  } else if ((c = small_chunk()) != NULL) {
    *size = CHUNK_SIZE;
  } else {
    c = ac__malloc(CHUNK_SIZE);
    c->mapped = 0;
    *size = CHUNK_SIZE;
  }
  s->total += *size;
  return c;
}

/* SIZE is a multiple of 8; one that is a multiple of 16 may hold
 * something 16-aligned, so it starts on a 16-byte boundary. */
static void *carve(ac__slab_t *s, size_t size) {
  void *p;
  if ((size & 15) == 0 && s->cur != NULL)
    s->cur += (uintptr_t)s->cur & 8;
  if (s->cur == NULL || (size_t)(s->end - s->cur) < size) {
    size_t csize;
    chunk_t *c = new_chunk(s, &csize);
    c->next = s->chunks;
    s->chunks = c;
    s->cur = (char *)c + sizeof *c;
    s->end = (char *)c + csize;
    s->cur_zero = c->mapped != 0; /* the kernel zeroed it */
  }
  p = s->cur;
  s->cur += size;
  return p;
}

/* A block of class C (C * 8 bytes), zeroed if ZERO. */
static void *take_block(ac__slab_t *s, size_t c, int zero) {
  void *p = s->free[c - 1];
  if (p != NULL) {
    s->free[c - 1] = *(void **)p;
    if (zero) memset(p, 0, c * 8);
  } else {
    p = carve(s, c * 8);
    /* A fresh mmap is zeroed already: writing zeros again would cost a
     * pass over every new task's memory (W1, W2). */
    if (zero && !s->cur_zero) memset(p, 0, c * 8);
  }
  s->outstanding++;
  return p;
}

static void *slab_alloc(size_t size, unsigned *cls, int zero) {
  size_t c = (size + 7) / 8;
  if (!AC__SLAB_ON || c > AC__SLAB_CLASSES) {
    *cls = 0;
    return zero ? ac__calloc(1, size) : ac__malloc(size);
  }
  if (c == 0) c = 1;
  *cls = (unsigned)c;
  return take_block(&ac__L.slab, c, zero);
}

void *ac__slab_alloc(size_t size, unsigned *cls) { return slab_alloc(size, cls, 1); }

void *ac__slab_alloc_raw(size_t size, unsigned *cls) { return slab_alloc(size, cls, 0); }

void ac__slab_release(void) {
  ac__slab_t *s = &ac__L.slab;
  if (s->outstanding != 0) return;
  while (s->chunks != NULL) {
    chunk_t *c = s->chunks;
    s->chunks = c->next;
    if (c->mapped != 0)
      munmap(c, c->mapped);
    else
      ac__free(c);
  }
  memset(s, 0, sizeof *s);
}
