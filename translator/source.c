/* source.c - loading a source file and mapping offsets to line:column.
 *
 * The bytes are kept exactly as read (never rewritten: emit.c copies them
 * through), followed by PAD NUL bytes so that a lexer peeking a few bytes
 * ahead never runs off the end. A line starts after every '\n', so "\r\n"
 * files count lines right without touching the '\r'.
 */
#define _POSIX_C_SOURCE 200809L
#include "translator.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { PAD = 16 };

/* Fills line_starts from text[0..len). Returns 0 or -ENOMEM. */
/* memchr finds newlines many bytes at a time: this runs on every byte of
 * every input, 9 MB for sqlite3.c. */
static int index_lines(Source *src) {
  const char *end = src->text + src->len;
  int n = 1;
  for (const char *p = src->text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
    n++;
  src->line_starts = malloc(sizeof(int) * (size_t)n);
  if (!src->line_starts)
    return -ENOMEM;
  src->line_starts[0] = 0;
  int k = 1;
  for (const char *p = src->text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
    src->line_starts[k++] = (int)(p - src->text) + 1;
  src->nlines = n;
  return 0;
}

/* Reads all of FP into a malloc'd, NUL-padded buffer. */
static int read_all(FILE *fp, char **out, size_t *outlen) {
  size_t cap = 4096, len = 0;
  char *p = malloc(cap + PAD);
  if (!p)
    return -ENOMEM;
  for (;;) {
    size_t got = fread(p + len, 1, cap - len, fp);
    len += got;
    if (got == 0) {
      if (ferror(fp)) {
        free(p);
        return -EIO;
      }
      break;
    }
    if (len == cap) {
      /* Tokens are indexed with int offsets. */
      if (cap >= (size_t)1 << 30) {
        free(p);
        return -EFBIG;
      }
      cap *= 2;
      char *q = realloc(p, cap + PAD);
      if (!q) {
        free(p);
        return -ENOMEM;
      }
      p = q;
    }
  }
  memset(p + len, 0, PAD);
  *out = p;
  *outlen = len;
  return 0;
}

int source_load(Source *src, const char *path) {
  memset(src, 0, sizeof *src);
  bool is_stdin = strcmp(path, "-") == 0;
  FILE *fp = is_stdin ? stdin : fopen(path, "rb");
  if (!fp)
    return errno ? -errno : -ENOENT;
  char *text = NULL;
  size_t len = 0;
  int rc = read_all(fp, &text, &len);
  if (!is_stdin)
    fclose(fp);
  if (rc)
    return rc;
  src->path = is_stdin ? "<stdin>" : path;
  src->text = text;
  src->len = len;
  rc = index_lines(src);
  if (rc) {
    free(text);
    memset(src, 0, sizeof *src);
  }
  return rc;
}

int source_from_buffer(Source *src, const char *path, const char *text,
                       size_t len) {
  memset(src, 0, sizeof *src);
  if (len >= (size_t)1 << 30)
    return -EFBIG;
  char *p = malloc(len + PAD);
  if (!p)
    return -ENOMEM;
  if (len)
    memcpy(p, text, len);
  memset(p + len, 0, PAD);
  src->path = path;
  src->text = p;
  src->len = len;
  int rc = index_lines(src);
  if (rc) {
    free(p);
    memset(src, 0, sizeof *src);
  }
  return rc;
}

void source_free(Source *src) {
  free(src->text);
  free(src->line_starts);
  memset(src, 0, sizeof *src);
}

void source_position(const Source *src, int off, int *line, int *col) {
  /* Binary search for the last line starting at or before OFF. */
  int lo = 0, hi = src->nlines - 1;
  while (lo < hi) {
    int mid = lo + (hi - lo + 1) / 2;
    if (src->line_starts[mid] <= off)
      lo = mid;
    else
      hi = mid - 1;
  }
  *line = lo + 1;
  *col = off - (src->line_starts ? src->line_starts[lo] : 0) + 1;
}
