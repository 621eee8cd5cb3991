/* list.h - intrusive lists for the runtime, header-only.
 *
 * Nodes are embedded in the objects they link (a task carries its own
 * link), so linking or unlinking never allocates; the owner is recovered
 * with ac__container_of. Two shapes:
 *
 *   ac__link_t  a list headed by a plain pointer, with `pprev` pointing at
 *               whatever points to the node (the head or the previous
 *               node's `next`): O(1) unlink without knowing the head, at
 *               the cost of one pointer per head. Used for the tree of
 *               task ownership, where the head lives in every task.
 *   FIFO queues are simple enough to be written where they are used
 *               (loop.c: the ready queue).
 */
#ifndef AC_LIST_H
#define AC_LIST_H

#include <stddef.h>

#define ac__container_of(ptr, type, member) \
  ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

typedef struct ac__link_s {
  struct ac__link_s *next;
  struct ac__link_s **pprev; /* NULL while not in a list */
} ac__link_t;

/* Links N at the front of the list whose head is *HEAD. */
static inline void ac__link_push(ac__link_t **head, ac__link_t *n) {
  n->next = *head;
  if (*head != NULL) (*head)->pprev = &n->next;
  *head = n;
  n->pprev = head;
}

/* Links N just before AT, in whatever list AT is in (AT must be in one). */
static inline void ac__link_insert_before(ac__link_t *at, ac__link_t *n) {
  n->next = at;
  n->pprev = at->pprev;
  *at->pprev = n;
  at->pprev = &n->next;
}

/* Unlinks N from whatever list it is in; no-op if it is in none. */
static inline void ac__link_remove(ac__link_t *n) {
  if (n->pprev == NULL) return;
  *n->pprev = n->next;
  if (n->next != NULL) n->next->pprev = n->pprev;
  n->next = NULL;
  n->pprev = NULL;
}

#endif /* AC_LIST_H */
