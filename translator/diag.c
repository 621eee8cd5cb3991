/* diag.c - the only code that formats or prints a message.
 *
 * Takes: a token, a token span or a byte offset of ctx->src, and a printf
 * message. Guarantees: the message goes to ctx->diag_out (stderr unless a
 * test gave a buffer) in the form below, and every error counts in
 * ctx->errors, so a pass's caller learns of it without a return value.
 *
 * Messages look like gcc's and chibicc's, so editors and humans read them
 * without help:
 *
 *   x.ac:12:7: error: await outside an async function
 *      12 |     await f();
 *         |     ^~~~~
 *
 * The caret line repeats the tabs of the source line in its padding
 * (chibicc's trick), so the caret lines up whatever the tab width. After
 * MAX_ERRORS errors one "too many errors" line is printed and everything
 * later is dropped; ctx->errors keeps counting, which is the only state.
 */
#include "translator.h"

#include <string.h>

static FILE *out(Ctx *ctx) { return ctx->diag_out ? ctx->diag_out : stderr; }

/* The gutter width of " %4d" for LINE, so the caret line can match it. */
static int gutter_width(int line) {
  char tmp[32];
  return snprintf(tmp, sizeof tmp, " %4d", line);
}

/* Prints the source line holding OFF, without its line terminator. */
static void show_line(Ctx *ctx, int off) {
  const Source *src = &ctx->src;
  int line, col;
  source_position(src, off, &line, &col);
  const char *start = src->text + (off - (col - 1));
  const char *end = start;
  const char *limit = src->text + src->len;
  while (end < limit && *end != '\n')
    end++;
  if (end > start && end[-1] == '\r')
    end--;
  FILE *fp = out(ctx);
  fprintf(fp, " %4d | ", line);
  fwrite(start, 1, (size_t)(end - start), fp);
  fputc('\n', fp);
}

/* Prints a caret under OFF with tildes under the rest of a LEN-byte token. */
static void show_caret(Ctx *ctx, int off, int len) {
  const Source *src = &ctx->src;
  int line, col;
  source_position(src, off, &line, &col);
  const char *start = src->text + (off - (col - 1));
  FILE *fp = out(ctx);
  fprintf(fp, "%*s | ", gutter_width(line), "");
  for (int i = 0; i < col - 1; i++) {
    unsigned char c = (unsigned char)start[i];
    if (c == '\t')
      fputc('\t', fp);
    else if ((c & 0xC0) != 0x80) /* one column per UTF-8 character */
      fputc(' ', fp);
  }
  fputc('^', fp);
  /* Tildes under the rest of the token, but not past its first line. */
  const char *p = src->text + off + 1;
  const char *limit = src->text + src->len;
  for (int i = 1; i < len && p < limit && *p != '\n' && *p != '\r'; i++, p++)
    if (((unsigned char)*p & 0xC0) != 0x80)
      fputc('~', fp);
  fputc('\n', fp);
}

static void vreport(Ctx *ctx, int off, int len, const char *kind,
                    const char *fmt, va_list ap) {
  FILE *fp = out(ctx);
  const char *path = ctx->src.path ? ctx->src.path : "<input>";
  if (ctx->src.text && off >= 0 && (size_t)off <= ctx->src.len) {
    int line, col;
    source_position(&ctx->src, off, &line, &col);
    fprintf(fp, "%s:%d:%d: %s: ", path, line, col, kind);
    vfprintf(fp, fmt, ap);
    fputc('\n', fp);
    show_line(ctx, off);
    show_caret(ctx, off, len);
  } else {
    fprintf(fp, "%s: %s: ", path, kind);
    vfprintf(fp, fmt, ap);
    fputc('\n', fp);
  }
}

/* Counts an error; false when it must not be printed. */
static bool count_error(Ctx *ctx) {
  ctx->errors++;
  if (ctx->errors <= MAX_ERRORS)
    return true;
  if (ctx->errors == MAX_ERRORS + 1)
    fprintf(out(ctx), "%s: error: too many errors\n",
            ctx->src.path ? ctx->src.path : "<input>");
  return false;
}

static void tok_span(Ctx *ctx, int tok, int *off, int *len) {
  if (tok >= 0 && tok < ctx->ntoks) {
    *off = ctx->toks[tok].off;
    *len = ctx->toks[tok].len;
  } else {
    *off = -1;
    *len = 0;
  }
}

void diag_error(Ctx *ctx, int tok, const char *fmt, ...) {
  if (!count_error(ctx))
    return;
  int off, len;
  tok_span(ctx, tok, &off, &len);
  va_list ap;
  va_start(ap, fmt);
  vreport(ctx, off, len, "error", fmt, ap);
  va_end(ap);
}

void diag_error_span(Ctx *ctx, int first, int last, const char *fmt, ...) {
  if (!count_error(ctx))
    return;
  int off, len, off2, len2;
  tok_span(ctx, first, &off, &len);
  tok_span(ctx, last, &off2, &len2);
  /* underline the whole phrase when it stands on one line */
  if (off >= 0 && off2 >= off && ctx->toks[first].line == ctx->toks[last].line)
    len = off2 + len2 - off;
  va_list ap;
  va_start(ap, fmt);
  vreport(ctx, off, len, "error", fmt, ap);
  va_end(ap);
}

void diag_error_at(Ctx *ctx, int off, const char *fmt, ...) {
  if (!count_error(ctx))
    return;
  va_list ap;
  va_start(ap, fmt);
  vreport(ctx, off, 1, "error", fmt, ap);
  va_end(ap);
}

void diag_note(Ctx *ctx, int tok, const char *fmt, ...) {
  /* A note belongs to the error before it: dropped with it. */
  if (ctx->errors > MAX_ERRORS)
    return;
  int off, len;
  tok_span(ctx, tok, &off, &len);
  va_list ap;
  va_start(ap, fmt);
  vreport(ctx, off, len, "note", fmt, ap);
  va_end(ap);
}
