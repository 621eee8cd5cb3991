/* addr_ref.c - names for addresses of the program's code and static data
 * that mean the same thing in another process running the same program.
 *
 * A process pool's worker forked from the program has its exact address
 * layout, so a job may carry a function pointer. A worker that is another
 * run of the same binary (an MPI rank, started by mpirun on this host or
 * another) has its own layout: ASLR places the executable (PIE) and each
 * shared library at random bases. What stays the same is an address's
 * offset inside its module. So a reference is:
 *
 *   bit 63 = 1   [62:32] a hash of the module's file name (its basename,
 *                so the same library under another directory on another
 *                host still matches), [31:0] the offset from the module's
 *                load bias (dl_iterate_phdr's dlpi_addr)
 *   bit 63 = 0   the raw address: it lies in no module (heap, JIT code), so
 *                it means something only in this address space and its
 *                forks
 *
 * Takes: any address. Guarantees: ac__addr_from_ref(ac__addr_ref(a)) == a
 * in the same process and in forks; in another run of the same binary it
 * gives the same function or object, or 0 when no loaded module has that
 * name. Both directions cache the last module per thread, so a pool that
 * sends the same function again and again pays a compare and an add.
 */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include <link.h>
#include <string.h>

#include "pool.h"

#define REF_MODULE (UINT64_C(1) << 63)

typedef struct {
  uint32_t hash;   /* of the module's basename, 31 bits */
  uintptr_t bias;  /* dlpi_addr */
  uintptr_t lo, hi; /* the span of its PT_LOAD segments */
} module_t;

static _Thread_local module_t last_module;

static uint32_t name_hash(const char *path) {
  const char *base = strrchr(path, '/');
  uint32_t h = 2166136261u; /* FNV-1a */
  for (base = base != NULL ? base + 1 : path; *base != '\0'; base++) {
    h ^= (unsigned char)*base;
    h *= 16777619u;
  }
  return h & 0x7fffffffu;
}

/* The span [lo, hi) of INFO's loaded segments. */
static void module_span(const struct dl_phdr_info *info, module_t *m) {
  m->lo = UINTPTR_MAX;
  m->hi = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    uintptr_t beg = info->dlpi_addr + ph->p_vaddr;
    if (ph->p_type != PT_LOAD) continue;
    if (beg < m->lo) m->lo = beg;
    if (beg + ph->p_memsz > m->hi) m->hi = beg + ph->p_memsz;
  }
  m->bias = info->dlpi_addr;
  /* The program itself has the empty name. */
  m->hash = name_hash(info->dlpi_name != NULL ? info->dlpi_name : "");
}

typedef struct {
  uintptr_t addr;  /* find the module holding this address, */
  uint32_t hash;   /* or else the one with this name hash */
  int by_addr;
  module_t found;
  int ok;
} search_t;

static int visit(struct dl_phdr_info *info, size_t size, void *arg) {
  search_t *s = arg;
  module_t m;
  (void)size;
  module_span(info, &m);
  if (s->by_addr ? (s->addr >= m.lo && s->addr < m.hi) : m.hash == s->hash) {
    s->found = m;
    s->ok = 1;
    return 1;
  }
  return 0;
}

uint64_t ac__addr_ref(uintptr_t addr) {
  search_t s;
  if (addr == 0) return 0;
  if (!(last_module.hi != 0 && addr >= last_module.lo && addr < last_module.hi)) {
    memset(&s, 0, sizeof s);
    s.addr = addr;
    s.by_addr = 1;
    dl_iterate_phdr(visit, &s);
    if (!s.ok || addr - s.found.bias > UINT32_MAX) return (uint64_t)addr;
    last_module = s.found;
  }
  return REF_MODULE | (uint64_t)last_module.hash << 32 |
         (uint64_t)(addr - last_module.bias);
}

uintptr_t ac__addr_from_ref(uint64_t ref) {
  uint32_t hash = (uint32_t)(ref >> 32) & 0x7fffffffu;
  search_t s;
  if (!(ref & REF_MODULE)) return (uintptr_t)ref;
  if (last_module.hi == 0 || last_module.hash != hash) {
    memset(&s, 0, sizeof s);
    s.hash = hash;
    dl_iterate_phdr(visit, &s);
    if (!s.ok) return 0;
    last_module = s.found;
  }
  return last_module.bias + (uintptr_t)(ref & UINT32_MAX);
}
