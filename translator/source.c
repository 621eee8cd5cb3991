/* source.c - loading a source file and mapping offsets to line:column.
 *
 * Takes: a path ("-": stdin) or a buffer. Guarantees: 0 and the bytes in
 * src, or a negative errno and nothing to free; source_position maps any
 * offset in 0..len to its 1-based line and column.
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
#include <sys/stat.h>

enum { PAD = 16 };

/* Reads all of FP into a malloc'd, NUL-padded buffer. */
static int read_all(FILE *fp, char **out, size_t *outlen) {
  size_t cap = 4096, len = 0;
  struct stat st;
  /* A regular file is read in one piece: no doubling and copying. */
  if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
      st.st_size < ((off_t)1 << 30))
    cap = (size_t)st.st_size + 1;
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
  /* No line index: the lexer counts lines itself, and messages (rare)
   * count them in source_position. */
  return 0;
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
  return 0;
}

void source_free(Source *src) {
  free(src->text);
  memset(src, 0, sizeof *src);
}

/* Counted when asked, not indexed up front: the lexer tracks lines itself,
 * so only messages (at most MAX_ERRORS of them) come here, and plain C
 * copied through never pays for an index. */
void source_position(const Source *src, int off, int *line, int *col) {
  const char *p = src->text, *end = src->text + off, *bol = p;
  int n = 1;
  while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
    n++;
    bol = ++p;
  }
  *line = n;
  *col = (int)(end - bol) + 1;
}
