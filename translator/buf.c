/* buf.c - a growable byte buffer with a sticky error flag.
 *
 * Takes: bytes and printf formats to append. Guarantees: the bytes come
 * out in order, or `failed` is set and stays set.
 *
 * Modelled on SQLite's sqlite3_str: once an allocation fails, `failed` is
 * set and every later append is a no-op, so emitters append freely and
 * check once at the end instead of after every call. The data is always
 * NUL-terminated when not failed, for the convenience of tests.
 */
#include "translator.h"

#include <stdlib.h>
#include <string.h>

/* Makes room for N more bytes plus a NUL; false (and sticky) on failure. */
static bool reserve(Buf *b, size_t n) {
  if (b->failed)
    return false;
  if (b->len + n + 1 <= b->cap)
    return true;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + n + 1) {
    if (cap > ((size_t)-1) / 2) {
      b->failed = true;
      return false;
    }
    cap *= 2;
  }
  char *p = realloc(b->data, cap);
  if (!p) {
    b->failed = true;
    return false;
  }
  b->data = p;
  b->cap = cap;
  return true;
}

void buf_append(Buf *b, const char *s, size_t n) {
  if (!reserve(b, n))
    return;
  if (n)
    memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_vprintf(Buf *b, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n < 0 || !reserve(b, (size_t)n)) {
    if (n < 0) b->failed = true;
    va_end(again);
    return;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
  va_end(again);
  b->len += (size_t)n;
}

void buf_free(Buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->failed = false;
}
