/* handles.c - the libuv handles modules own, closed when ac_run ends.
 *
 * Takes: records embedded in the modules' objects (ac_owned_handle_t,
 * asyncc.h), each with a close hook. Guarantees: ac__handles_close_all
 * calls each registered hook exactly once, newest first, and leaves the
 * list empty; a hook may unregister or register other records meanwhile.
 * The core names no module: a stream, a server or a process is only a
 * record with a hook here.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include "internal.h"

void ac_handle_register(ac_owned_handle_t *h, void (*close)(ac_owned_handle_t *h)) {
  h->close = close;
  h->next_ = ac__L.open_handles;
  h->prev_ = &ac__L.open_handles;
  if (h->next_ != NULL) h->next_->prev_ = &h->next_;
  ac__L.open_handles = h;
}

void ac_handle_unregister(ac_owned_handle_t *h) {
  if (h->prev_ == NULL) return;
  *h->prev_ = h->next_;
  if (h->next_ != NULL) h->next_->prev_ = h->prev_;
  h->next_ = NULL;
  h->prev_ = NULL;
}

void ac__handles_close_all(void) {
  while (ac__L.open_handles != NULL) {
    ac_owned_handle_t *h = ac__L.open_handles;
    ac_handle_unregister(h); /* first: the hook may free the record */
    h->close(h);
  }
}
