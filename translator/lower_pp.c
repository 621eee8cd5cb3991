/* lower_pp.c - the body's # lines, and the #if lines a resume state is under.
 *
 * Takes: the token up to which the body has been written. Guarantees: the
 * # lines of the body (which the parser skipped) are written where they
 * stood among the statements, so a conditional around statements stays
 * around their lowering; and each new resume state records the #if /
 * #elif / #else lines in force at its label, so the dispatch can put its
 * `case` under the same conditions.
 */
#include "lower.h"

static void track_conditional(Fn *f, int tok);

/* The # lines (#if, #ifdef, #define ...) of the body between what was
 * written and token TOK, copied at this place: the parser skipped them,
 * the generated statements keep the user's order, so a conditional around
 * statements stays around them. The conditionals are tracked too, so that
 * the dispatch can jump to a resume label only where its branch is in. */
void emit_pp_before(Fn *f, int tok) {
  for (int i = f->pp_next; i < tok; i++)
    if (f->ctx->toks[i].kind == TK_PP) {
      em_ensure_newline(f->em);
      em_tokens(f->em, i, i);
      put(f, "\n");
      track_conditional(f, i);
    }
  if (tok > f->pp_next) f->pp_next = tok;
}

/* The # lines that close what expression N's own tokens opened. N is
 * copied with the # lines among its tokens (`a\n#ifdef X\n && b`); those
 * right after its last token (the `#endif` before the `)` or `;` that the
 * statement writes) belong to it as well, or that `)` would stand inside
 * the conditional. Returns them as text to write right after N ("" when N
 * holds no # line) and counts every # line up to them as written, so that
 * no statement writes one again (tinycc's 124_atomic_counter). */
const char *pp_closing_expr(Fn *f, Node *n) {
  Ctx *ctx = f->ctx;
  bool holds = false;
  for (int i = n->first; i <= n->last && !holds; i++) holds = ctx->toks[i].kind == TK_PP;
  if (!holds) return "";
  Buf b = {0};
  int i = n->last + 1;
  for (; i < ctx->ntoks && ctx->toks[i].kind == TK_PP; i++) {
    buf_puts(&b, "\n");
    buf_append(&b, ctx->src.text + ctx->toks[i].off, (size_t)ctx->toks[i].len);
  }
  if (b.len > 0) buf_puts(&b, "\n");
  if (i > f->pp_next) f->pp_next = i;
  const char *text = b.failed || !b.len ? "" : arena_strndup(&ctx->arena, b.data, b.len);
  buf_free(&b);
  return text;
}

/* The directive's name: "if", "ifdef", "else", ... ("" for none). */
static int directive_is(Ctx *ctx, int tok, const char *name) {
  const char *p = ctx->src.text + ctx->toks[tok].off;
  const char *end = p + ctx->toks[tok].len;
  size_t n = strlen(name);
  p++; /* '#' */
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  if ((size_t)(end - p) < n || memcmp(p, name, n) != 0) return 0;
  p += n;
  return p == end || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                       (*p >= '0' && *p <= '9') || *p == '_');
}

/* Keeps f->cond in step with the # line TOK the body just got. */
static void track_conditional(Fn *f, int tok) {
  Ctx *ctx = f->ctx;
  const char *text = ctx->src.text + ctx->toks[tok].off;
  size_t len = (size_t)ctx->toks[tok].len;
  if (directive_is(ctx, tok, "if") || directive_is(ctx, tok, "ifdef") ||
      directive_is(ctx, tok, "ifndef")) {
    if (f->ncond == f->cond_cap) {
      int cap = f->cond_cap ? 2 * f->cond_cap : 8;
      Buf *a = arena_alloc(&ctx->arena, sizeof *a * (size_t)cap);
      for (int i = 0; i < f->cond_cap; i++) a[i] = f->cond[i];
      f->cond = a;
      f->cond_cap = cap;
    }
    Buf *b = &f->cond[f->ncond++];
    b->len = 0;
    buf_append(b, text, len);
    buf_puts(b, "\n");
  } else if (directive_is(ctx, tok, "elif") || directive_is(ctx, tok, "else") ||
             directive_is(ctx, tok, "elifdef") || directive_is(ctx, tok, "elifndef")) {
    if (f->ncond > 0) {
      buf_append(&f->cond[f->ncond - 1], text, len);
      buf_puts(&f->cond[f->ncond - 1], "\n");
    }
  } else if (directive_is(ctx, tok, "endif")) {
    if (f->ncond > 0) f->ncond--;
  }
}

/* A fresh resume state, remembering the conditionals it sits under. */
int new_state(Fn *f) {
  int n = ++f->nstates;
  if (n >= f->state_cap) {
    int cap = f->state_cap ? 2 * f->state_cap : 16;
    const char **a = arena_alloc(&f->ctx->arena, sizeof *a * (size_t)cap);
    int *lv = arena_alloc(&f->ctx->arena, sizeof *lv * (size_t)cap);
    int *ln = arena_alloc(&f->ctx->arena, sizeof *ln * (size_t)cap);
    for (int i = 0; i < f->state_cap; i++)
      a[i] = f->state_cond[i], lv[i] = f->state_levels[i], ln[i] = f->state_line[i];
    for (int i = f->state_cap; i < cap; i++) a[i] = NULL, lv[i] = 0, ln[i] = 0;
    f->state_cond = a;
    f->state_levels = lv;
    f->state_line = ln;
    f->state_cap = cap;
  }
  if (f->ncond > 0) {
    Buf b = {0};
    for (int i = 0; i < f->ncond; i++)
      buf_append(&b, f->cond[i].data, f->cond[i].len);
    f->state_cond[n] = b.failed ? NULL : arena_strndup(&f->ctx->arena, b.data, b.len);
    f->state_levels[n] = f->ncond;
    buf_free(&b);
  }
  f->state_line[n] = f->line;
  return n;
}
