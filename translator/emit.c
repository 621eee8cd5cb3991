/* emit.c - the file level of the translation: the driver of the output.
 *
 * Takes: a Ctx that analyse() accepted. Guarantees: every byte of the
 * input that is not part of an async function or an async prototype is
 * copied through unchanged, except `task(T)` (rewritten to its handle type
 * name), `#include "x.ah"` (rewritten to "x.h") and, when the output goes
 * to another directory, `#include "x.h"` of a header beside the input
 * (rewritten to the path from the output to it); a file with neither,
 * and no async code, comes out byte for byte as it came in. Async
 * functions and prototypes are lowered by lower*.c; all text goes out
 * through the output layer (output.c), which also puts the #line lines,
 * and the runtime's names come from protocol.c.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "translator.h"

#include <stdlib.h>
#include <string.h>

/* task(T) -> its handle type name (analyse named them). */
static void name_task_types(Em *e) {
  for (TaskType *tt = e->ctx->tasktypes; tt; tt = tt->next) {
    e->repl[tt->first] = tt->mangled;
    e->repl_last[tt->first] = tt->last;
  }
}

/* #include "x.ah" -> #include "x.h": the directive text with the name's
 * extension changed, nothing else. */
static void rewrite_includes(Em *e) {
  Ctx *ctx = e->ctx;
  for (Include *inc = ctx->includes; inc; inc = inc->next) {
    const Tok *t = &ctx->toks[inc->tok];
    const char *s = ctx->src.text + t->off;
    int end = inc->name_off + inc->name_len; /* offset just past "x.ah" */
    if (inc->name_len < 3 || end > t->off + t->len) continue;
    Buf b = {0};
    buf_append(&b, s, (size_t)(end - 1 - t->off)); /* up to "x.a" */
    b.len--;                                       /* drop the 'a' */
    buf_append(&b, ctx->src.text + end - 1, (size_t)(t->off + t->len - end + 1));
    e->repl[inc->tok] = b.failed ? NULL : arena_strndup(&ctx->arena, b.data, b.len);
    e->repl_last[inc->tok] = inc->tok;
    buf_free(&b);
  }
}

/* The canonical directory that holds PATH (malloc'd), or NULL. */
static char *real_dir_of(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dir = !slash ? "." : slash == path ? "/" : arena_strndup(a, path, (size_t)(slash - path));
  return realpath(dir, NULL);
}

/* The path from directory FROM to directory TO (both canonical), ending
 * in '/': "../src/" from /p/out to /p/src. */
static const char *relative_dir(Arena *a, const char *from, const char *to) {
  const char *f = arena_printf(a, "%s%s", from, strcmp(from, "/") ? "/" : "");
  const char *t = arena_printf(a, "%s%s", to, strcmp(to, "/") ? "/" : "");
  size_t common = 0; /* just past the last '/' both share */
  for (size_t i = 0; f[i] && f[i] == t[i]; i++)
    if (f[i] == '/') common = i + 1;
  Buf b = {0};
  for (const char *p = f + common; *p; p++)
    if (*p == '/') buf_puts(&b, "../");
  buf_puts(&b, t + common);
  const char *rel = b.failed ? NULL : arena_strndup(a, b.data, b.len);
  buf_free(&b);
  return rel;
}

static bool file_exists(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (fp) fclose(fp);
  return fp != NULL;
}

/* #include "x.h" of a header beside the .ac, when the output goes to
 * another directory: the C compiler looks for x.h in the directory of
 * the file it compiles (whatever #line says), so the name becomes the
 * path from the output's directory to the .ac's ("../src/x.h"), and the
 * output compiles without -I. Only names found beside the .ac change;
 * "x.ah" is rewrite_includes' and <x.h> the include path's. */
static void anchor_local_includes(Em *e) {
  Ctx *ctx = e->ctx;
  if (!e->repl || !ctx->opt.out_name) return;
  char *src_dir = real_dir_of(&ctx->arena, ctx->src.path);
  char *out_dir = real_dir_of(&ctx->arena, ctx->opt.out_name);
  const char *rel = src_dir && out_dir && strcmp(src_dir, out_dir)
                        ? relative_dir(&ctx->arena, out_dir, src_dir)
                        : NULL;
  for (int i = 0; rel && i < ctx->ntoks; i++) {
    int off, len;
    if (ctx->toks[i].kind != TK_PP || e->repl[i] ||
        tok_include_name(ctx, i, &off, &len) != '"' || len == 0)
      continue;
    const char *name = ctx->src.text + off;
    if (name[0] == '/' || (len > 3 && !memcmp(name + len - 3, ".ah", 3)) ||
        !file_exists(arena_printf(&ctx->arena, "%s/%.*s", src_dir, len, name)))
      continue;
    const Tok *t = &ctx->toks[i];
    const char *s = ctx->src.text + t->off;
    e->repl[i] = arena_printf(&ctx->arena, "%.*s%s%.*s", off - t->off, s, rel,
                              t->off + t->len - off, name);
    e->repl_last[i] = i;
  }
  free(src_dir);
  free(out_dir);
}

/* The names analyse.c gave to what moves to file scope. */
static void apply_renames(Em *e) {
  Ctx *ctx = e->ctx;
  if (!ctx->rename || !e->repl) return;
  for (int i = 0; i < ctx->ntoks; i++)
    if (ctx->rename[i]) {
      e->repl[i] = ctx->rename[i];
      e->repl_last[i] = i;
    }
}

/* --------------------------------------------------------- the file */

static void emit_item_types(Em *e, Item *it) {
  for (TaskType *tt = e->ctx->tasktypes; tt; tt = tt->next)
    if (tt->first >= it->first && tt->last <= it->last)
      em_task_typedef(e, tt->type_text);
}

static bool item_needs_types(Em *e, Item *it) {
  for (TaskType *tt = e->ctx->tasktypes; tt; tt = tt->next)
    if (tt->first >= it->first && tt->last <= it->last && !em_task_type_done(e, tt->mangled))
      return true;
  return false;
}

/* `#include <asyncc.h>` (or "asyncc.h") written by the user. */
static bool includes_runtime(Ctx *ctx, Item *it) {
  const Tok *t = &ctx->toks[it->first];
  if (it->first != it->last || t->kind != TK_PP) return false;
  const char *s = ctx->src.text + t->off, *end = s + t->len;
  const char *inc = NULL, *h = NULL;
  for (const char *p = s; p + 8 <= end && !h; p++) {
    if (!inc && !memcmp(p, "include", 7)) inc = p;
    if (inc && !memcmp(p, "asyncc.h", 8)) h = p;
  }
  return h != NULL;
}

int emit_file(Ctx *ctx, Buf *out) {
  Em e;
  out_open(&e, ctx, out);
  if (ctx->tasktypes || ctx->includes || ctx->fns) {
    e.repl = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)(ctx->ntoks + 1));
    e.repl_last = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(ctx->ntoks + 1));
  }
  rewrite_includes(&e);
  anchor_local_includes(&e);
  name_task_types(&e);
  apply_renames(&e);

  bool uses_process = false;
  for (Item *it = ctx->items; it; it = it->next) {
    em_gap_before(&e, it->first);
    switch (it->kind) {
    case ITEM_PASS:
      if (includes_runtime(ctx, it)) e.has_runtime = true;
      if (item_needs_types(&e, it)) emit_item_types(&e, it);
      em_tokens(&e, it->first, it->last);
      break;
    case ITEM_ASYNC_DECL:
      em_need_runtime(&e);
      emit_item_types(&e, it);
      for (AsyncFn *fn = it->fn; fn; fn = fn->also) lower_prototypes(&e, fn);
      break;
    case ITEM_ASYNC_DEF:
      em_need_runtime(&e);
      emit_item_types(&e, it);
      if (lower_function(&e, it->fn)) uses_process = true;
      break;
    }
  }
  em_gap_before(&e, ctx->ntoks - 1); /* the bytes before EOF */
  if (uses_process) out_prefork_ctor(&e); /* process pools fork from a clean image */
  return out_finish(&e);
}
