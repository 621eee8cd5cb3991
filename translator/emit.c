/* emit.c - the file level of the translation: the driver of the output.
 *
 * Takes: a Ctx that analyse() accepted. Guarantees: every byte of the
 * input that is not part of an async function or an async prototype is
 * copied through unchanged, except `task(T)` (rewritten to its handle type
 * name) and `#include "x.ah"` (rewritten to "x.h"); a file with neither,
 * and no async code, comes out byte for byte as it came in. Async
 * functions and prototypes are lowered by lower*.c; all text goes out
 * through the output layer (output.c), which also puts the #line lines,
 * and the runtime's names come from protocol.c.
 */
#include "translator.h"

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
