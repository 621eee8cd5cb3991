/* emit.c - output helpers, and the file level of the translation.
 *
 * Expects: analyse succeeded. Guarantees: every byte of the input that is
 * not part of an async function or an async prototype is copied through
 * unchanged, except `task(T)` (rewritten to its handle type name) and
 * `#include "x.ah"` (rewritten to "x.h"); a file with neither, and no async
 * code, comes out byte for byte as it came in. Around generated text,
 * `#line` markers keep compiler messages and debuggers on the .ac lines.
 * Async functions themselves are lowered by lower.c.
 */
#include "translator.h"

#include <asyncc.h> /* AC_PROTOCOL_VERSION: the header is its one source */
#include <stdlib.h>
#include <string.h>

typedef struct EmittedType {
  const char *mangled;
  struct EmittedType *next;
} EmittedType;

/* ------------------------------------------------------------ helpers */

void em_put(Em *e, const char *s) { buf_puts(e->out, s); }

void em_printf(Em *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[512];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    e->out->failed = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    buf_append(e->out, small, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) {
    e->out->failed = true;
    return;
  }
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf_append(e->out, big, (size_t)n);
  free(big);
}

void em_gap_before(Em *e, int tok) {
  const Tok *t = &e->ctx->toks[tok];
  buf_append(e->out, e->ctx->src.text + t->gap, (size_t)(t->off - t->gap));
}

int em_token(Em *e, int i) {
  if (e->repl && e->repl[i]) {
    em_put(e, e->repl[i]);
    return e->repl_last[i];
  }
  const Tok *t = &e->ctx->toks[i];
  buf_append(e->out, e->ctx->src.text + t->off, (size_t)t->len);
  return i;
}

void em_tokens(Em *e, int first, int last) {
  if (!e->repl) { /* nothing to rewrite in this file: one copy */
    const Tok *a = &e->ctx->toks[first], *b = &e->ctx->toks[last];
    buf_append(e->out, e->ctx->src.text + a->off, (size_t)(b->off + b->len - a->off));
    return;
  }
  for (int i = first; i <= last; i++) {
    if (i > first) em_gap_before(e, i);
    i = em_token(e, i);
  }
}

static bool at_line_start(Em *e) {
  return e->out->len == 0 || e->out->data[e->out->len - 1] == '\n';
}

static void ensure_newline(Em *e) {
  if (!at_line_start(e)) em_put(e, "\n");
}

void em_line_ac(Em *e, int line) {
  if (e->ctx->opt.no_line) return;
  ensure_newline(e);
  em_printf(e, "#line %d %s\n", line, e->ac_name);
}

/* A C string literal for a path in a #line marker. */
static const char *quote_path(Ctx *ctx, const char *path) {
  Buf b = {0};
  buf_puts(&b, "\"");
  for (const char *p = path; *p; p++) {
    if (*p == '"' || *p == '\\') buf_puts(&b, "\\");
    buf_append(&b, p, 1);
  }
  buf_puts(&b, "\"");
  const char *s = b.failed ? "\"?\"" : arena_strndup(&ctx->arena, b.data, b.len);
  buf_free(&b);
  return s;
}

/* ----------------------------------------------------- task(T) types */

/* "const char *" -> "ac_task__const_char_p". */
const char *mangle_task_type(Ctx *ctx, const char *type_text) {
  Buf b = {0};
  buf_puts(&b, "ac_task__");
  bool sep = false;
  for (const char *p = type_text; *p; p++) {
    char c = *p;
    if (c == ' ') {
      sep = true;
      continue;
    }
    if (sep && b.len > 9 && b.data[b.len - 1] != '_') buf_puts(&b, "_");
    sep = false;
    if (c == '*') buf_puts(&b, b.data[b.len - 1] == '_' ? "p" : "_p");
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '_')
      buf_append(&b, &c, 1);
    else buf_puts(&b, "_");
  }
  const char *s = b.failed ? "ac_task__oom" : arena_strndup(&ctx->arena, b.data, b.len);
  buf_free(&b);
  return s;
}

/* Generated code needs the runtime's header even where the user's file
 * (an .ah, typically) did not include it: once, before the first
 * generated line; its include guard makes a second one harmless. Before
 * that first line too, after the user's #include or ours, the check that
 * the header speaks the protocol this code was written for: code from
 * another asyncc would otherwise fail deep inside generated lines, or
 * compile and misbehave. The #error's text is a string literal, so an
 * apostrophe in it cannot start a character constant. */
static void em_need_runtime(Em *e) {
  if (e->has_protocol) return;
  ensure_newline(e);
  if (!e->has_runtime) em_put(e, "#include <asyncc.h>\n");
  e->has_runtime = e->has_protocol = true;
  em_printf(e,
            "#if AC_PROTOCOL_VERSION != %d\n"
            "#error \"translated by asyncc for runtime protocol %d, which this "
            "asyncc.h does not speak: translate the .ac again with the asyncc "
            "of this runtime\"\n"
            "#endif\n",
            AC_PROTOCOL_VERSION, AC_PROTOCOL_VERSION);
}

/* The guarded typedef of task(TYPE_TEXT), once per output file. */
void em_task_typedef(Em *e, const char *type_text) {
  em_need_runtime(e);
  const char *m = mangle_task_type(e->ctx, type_text);
  for (EmittedType *t = e->types; t; t = t->next)
    if (!strcmp(t->mangled, m)) return;
  EmittedType *t = arena_alloc(&e->ctx->arena, sizeof *t);
  t->mangled = m;
  t->next = e->types;
  e->types = t;
  if (!strcmp(m, "ac_task__void") || !strcmp(m, "ac_task__int")) return;
  const char *guard = m + 9; /* after "ac_task__" */
  ensure_newline(e);
  em_printf(e,
            "#ifndef AC_TASK_DEFINED_%s\n#define AC_TASK_DEFINED_%s\n"
            "AC_TASK_TYPE(%s, %s);\n#endif\n",
            guard, guard, m, type_text);
}

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

/* ------------------------------------------------------- prototypes */

const char *params_text(Em *e, AsyncFn *fn) {
  Buf *saved = e->out;
  Buf b = {0};
  e->out = &b;
  for (Param *p = fn->params; p; p = p->next) {
    if (p != fn->params) em_put(e, ", ");
    em_tokens(e, p->first, p->last);
  }
  e->out = saved;
  const char *s = b.failed ? "" : arena_strndup(&e->ctx->arena, b.data ? b.data : "", b.len);
  buf_free(&b);
  return s;
}

/* An async prototype from another file has no tokens here: its params and
 * return type were recorded as text by the skimmer. */
static void emit_prototypes(Em *e, AsyncFn *fn) {
  const char *st = fn->is_static ? "static " : "";
  const char *ps = params_text(e, fn);
  const char *ret = fn->returns_void ? "void" : fn->ret_type;
  const char *h = mangle_task_type(e->ctx, ret);
  em_task_typedef(e, ret);
  ensure_newline(e);
  if (fn->returns_void)
    em_printf(e, "%sac_frame_t *%s__call(%s);\n", st, fn->name,
              fn->nparams ? ps : "void");
  else
    em_printf(e, "%sac_frame_t *%s__call(%s *ac_res%s%s);\n", st, fn->name,
              fn->ret_type, fn->nparams ? ", " : "", ps);
  em_printf(e, "%s%s %s__spawn(const char *ac_file, int ac_line%s%s);\n", st,
            h, fn->name, fn->nparams ? ", " : "", ps);
  em_printf(e, "%s%s %s(%s);\n", st, h, fn->name, fn->nparams ? ps : "void");
}

/* --------------------------------------------------------- the file */

static void emit_item_types(Em *e, Item *it) {
  for (TaskType *tt = e->ctx->tasktypes; tt; tt = tt->next)
    if (tt->first >= it->first && tt->last <= it->last)
      em_task_typedef(e, tt->type_text);
}

static bool item_needs_types(Em *e, Item *it) {
  for (TaskType *tt = e->ctx->tasktypes; tt; tt = tt->next)
    if (tt->first >= it->first && tt->last <= it->last) {
      const char *m = tt->mangled;
      bool done = !strcmp(m, "ac_task__void") || !strcmp(m, "ac_task__int");
      for (EmittedType *t = e->types; t && !done; t = t->next)
        if (!strcmp(t->mangled, m)) done = true;
      if (!done) return true;
    }
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
  Em e = {0};
  e.ctx = ctx;
  e.out = e.file_out = out;
  if (ctx->tasktypes || ctx->includes || ctx->fns) {
    e.repl = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)(ctx->ntoks + 1));
    e.repl_last = arena_alloc(&ctx->arena, sizeof(int) * (size_t)(ctx->ntoks + 1));
  }
  e.ac_name = quote_path(ctx, ctx->src.path);
  rewrite_includes(&e);
  name_task_types(&e);
  apply_renames(&e);

  for (Item *it = ctx->items; it; it = it->next) {
    em_gap_before(&e, it->first);
    int first_line = ctx->toks[it->first].line;
    int last_line = ctx->toks[it->last].line;
    switch (it->kind) {
    case ITEM_PASS:
      if (includes_runtime(ctx, it)) e.has_runtime = true;
      if (item_needs_types(&e, it)) {
        emit_item_types(&e, it);
        em_line_ac(&e, first_line);
      }
      em_tokens(&e, it->first, it->last);
      break;
    case ITEM_ASYNC_DECL:
      em_need_runtime(&e);
      emit_item_types(&e, it);
      emit_prototypes(&e, it->fn);
      em_line_ac(&e, last_line);
      break;
    case ITEM_ASYNC_DEF:
      em_need_runtime(&e);
      emit_item_types(&e, it);
      lower_function(&e, it->fn);
      em_line_ac(&e, last_line);
      break;
    }
  }
  em_gap_before(&e, ctx->ntoks - 1); /* the bytes before EOF */
  if (e.uses_process) {
    /* Process pools fork their workers from a clean image of the program,
     * taken before main while it has one thread (asyncc.h, Offload). */
    ensure_newline(&e);
    em_put(&e, "#if defined(__GNUC__) || defined(__clang__) || defined(__TINYC__)\n"
               "__attribute__((constructor)) static void ac__prefork_ctor(void) {\n"
               "  ac__process_prefork();\n}\n#endif\n");
  }
  return out->failed ? 1 : 0;
}
