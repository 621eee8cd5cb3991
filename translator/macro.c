/* macro.c - what the file's own #define lines make of a name in an async
 * body, where the parser could not read the name as written.
 *
 * The translator reads the source before the C preprocessor, so a macro
 * that stands for a piece of syntax (`return 1 SEMI`, `F(, 1) 0`,
 * `x(hello) " is better"`, `(ATTR int (*)(void))`) does not parse. For a
 * few shapes the parser can read the macro as what it expands to:
 *   MACRO_PUNCT      an object-like macro whose replacement is one
 *                    punctuator other than a bracket (`#define SEMI ;`):
 *                    that punctuator (*PUNCT);
 *   MACRO_EMPTY      an object-like macro with an empty replacement, or a
 *                    function-like macro's call that expands to nothing:
 *                    its replacement is empty, or is one parameter (or
 *                    __VA_ARGS__) whose argument is blank (`F(, 1)` for
 *                    `#define F(a, b) a`, `ARGS()` for
 *                    `#define ARGS(...) __VA_ARGS__`): no tokens at all;
 *   MACRO_ATTRIBUTE  an object-like macro whose replacement is a GNU
 *                    attribute (`#define ATTR __attribute__((noinline))`);
 *   MACRO_STRING     a function-like macro whose replacement stringizes a
 *                    parameter (`#define x(y) #y`): a string literal.
 * Takes: ctx->toks (each # line is one TK_PP token). Guarantees: an answer
 * other than MACRO_NONE only for a name that the file #defines exactly
 * once, before the use, and never #undefs (otherwise which definition is
 * in force is the preprocessor's business, not a guess of ours); *END is
 * the last token of the use (the `)` of a function-like macro's call).
 * Nothing is rewritten: the tokens are copied as written and the C
 * compiler's preprocessor expands them as before.
 */
#include "translator.h"

#include <string.h>

/* A #define or #undef line of the file: the name it (un)defines. */
typedef struct {
  int tok;            /* the TK_PP token */
  const char *name;   /* in the source text */
  int len;
  bool undef;
} Directive;

struct MacroIndex {
  Directive *d;
  int n;
};

enum { MAX_PARAMS = 32, MAX_BODY = 8 };

/* A token of a replacement list, lexed here: the lexer gives a # line
 * as one token. */
typedef struct {
  const char *s;
  int len;
  bool ident;
  int punct; /* P_ value, or P_NONE */
} BodyTok;

typedef struct {
  bool function_like, variadic;
  const char *param[MAX_PARAMS];
  int param_len[MAX_PARAMS];
  int nparams;          /* __VA_ARGS__ not counted */
  BodyTok body[MAX_BODY];
  int nbody;            /* MAX_BODY + 1: longer than we look at */
} Macro;

static bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

/* P past blanks, backslash-newlines and comments, up to END. */
static const char *skip_blank(const char *p, const char *end) {
  while (p < end) {
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v') {
      p++;
    } else if (*p == '\\' && p + 1 < end && (p[1] == '\n' || p[1] == '\r')) {
      p += 2;
    } else if (*p == '/' && p + 1 < end && p[1] == '*') {
      const char *q = p + 2;
      while (q + 1 < end && !(q[0] == '*' && q[1] == '/')) q++;
      p = q + 1 < end ? q + 2 : end;
    } else if (*p == '/' && p + 1 < end && p[1] == '/') {
      return end;
    } else {
      break;
    }
  }
  return p;
}

static const char *skip_name(const char *p, const char *end) {
  while (p < end && is_name_char(*p)) p++;
  return p;
}

/* The longest punctuator spelled at P, or P_NONE; its length in *LEN. */
static int punct_at(const char *p, const char *end, int *len) {
  static const struct { const char *text; int p; } puncts[] = {
#define P_ROW(name, text) {text, P_##name},
      PUNCT_LIST(P_ROW)
#undef P_ROW
  };
  int best = P_NONE;
  *len = 0;
  for (size_t k = 0; k < sizeof puncts / sizeof puncts[0]; k++) {
    int n = (int)strlen(puncts[k].text);
    if (n > *len && end - p >= n && memcmp(p, puncts[k].text, (size_t)n) == 0) {
      best = puncts[k].p;
      *len = n;
    }
  }
  return best;
}

/* Lexes the replacement list P..END into M->body: names and punctuators;
 * anything else (numbers, literals) is one opaque token up to a blank.
 * Enough to tell the shapes above apart, not a C lexer. */
static void lex_body(Macro *m, const char *p, const char *end) {
  m->nbody = 0;
  for (p = skip_blank(p, end); p < end; p = skip_blank(p, end)) {
    if (m->nbody == MAX_BODY) {
      m->nbody++;
      return;
    }
    BodyTok *t = &m->body[m->nbody++];
    t->s = p;
    t->ident = is_name_start(*p);
    t->punct = P_NONE;
    if (t->ident) {
      p = skip_name(p, end);
    } else {
      int n;
      t->punct = punct_at(p, end, &n);
      if (t->punct != P_NONE) p += n;
      else
        while (p < end && *p != ' ' && *p != '\t') p++;
    }
    t->len = (int)(p - t->s);
  }
}

/* Reads the #define line TOK (its name at NAME, NAME_LEN bytes) into M.
 * False for a parameter list we do not read. */
static bool read_define(Ctx *ctx, int tok, const char *name, int name_len, Macro *m) {
  const Tok *t = &ctx->toks[tok];
  const char *end = ctx->src.text + t->off + t->len;
  const char *p = name + name_len;
  memset(m, 0, sizeof *m);
  if (p < end && *p == '(') { /* no blank between: function-like */
    m->function_like = true;
    for (p = skip_blank(p + 1, end); p < end && *p != ')'; p = skip_blank(p, end)) {
      if (end - p >= 3 && memcmp(p, "...", 3) == 0) {
        m->variadic = true;
        p += 3;
      } else if (is_name_start(*p) && m->nparams < MAX_PARAMS && !m->variadic) {
        m->param[m->nparams] = p;
        p = skip_name(p, end);
        m->param_len[m->nparams] = (int)(p - m->param[m->nparams]);
        m->nparams++;
      } else {
        return false;
      }
      p = skip_blank(p, end);
      if (p < end && *p == ',') p++;
    }
    if (p >= end) return false;
    p++;
  }
  lex_body(m, p, end);
  return true;
}

/* NAME at P (up to END) of a `#define` / `#undef` line, or NULL. */
static const char *directive_name(const char *p, const char *end, bool *undef) {
  p += *p == '%' ? 2 : 1; /* `#` or the digraph `%:` */
  p = skip_blank(p, end);
  const char *word = p;
  p = skip_name(p, end);
  if (p - word == 6 && memcmp(word, "define", 6) == 0) *undef = false;
  else if (p - word == 5 && memcmp(word, "undef", 5) == 0) *undef = true;
  else return NULL;
  p = skip_blank(p, end);
  return p < end && is_name_start(*p) ? p : NULL;
}

/* Every #define and #undef of the file, listed on first use. */
static struct MacroIndex *index_of(Ctx *ctx) {
  if (ctx->macros) return ctx->macros;
  struct MacroIndex *x = arena_alloc(&ctx->arena, sizeof *x);
  int cap = 0;
  for (int i = 0; i < ctx->ntoks; i++)
    cap += ctx->toks[i].kind == TK_PP;
  x->d = arena_alloc(&ctx->arena, sizeof *x->d * (size_t)(cap + 1));
  for (int i = 0; i < ctx->ntoks; i++) {
    const Tok *t = &ctx->toks[i];
    if (t->kind != TK_PP) continue;
    const char *end = ctx->src.text + t->off + t->len;
    bool undef;
    const char *name = directive_name(ctx->src.text + t->off, end, &undef);
    if (!name) continue;
    Directive *d = &x->d[x->n++];
    d->tok = i;
    d->name = name;
    d->len = (int)(skip_name(name, end) - name);
    d->undef = undef;
  }
  ctx->macros = x;
  return x;
}

/* The one #define of the name at token I, before I and never #undef'd, in
 * M; false if there is none or more than one. */
static bool find_macro(Ctx *ctx, int i, Macro *m) {
  const Tok *t = &ctx->toks[i];
  const char *s = ctx->src.text + t->off;
  struct MacroIndex *x = index_of(ctx);
  const Directive *found = NULL;
  for (int k = 0; k < x->n; k++) {
    const Directive *d = &x->d[k];
    if (d->len != t->len || memcmp(d->name, s, (size_t)t->len) != 0) continue;
    if (d->undef || found || d->tok > i) return false;
    found = d;
  }
  return found && read_define(ctx, found->tok, found->name, found->len, m);
}

/* The index of parameter NAME (LEN bytes) of M; nparams for __VA_ARGS__;
 * -1 if it is none. */
static int param_index(const Macro *m, const char *name, int len) {
  for (int k = 0; k < m->nparams; k++)
    if (m->param_len[k] == len && memcmp(m->param[k], name, (size_t)len) == 0) return k;
  if (m->variadic && len == 11 && memcmp(name, "__VA_ARGS__", 11) == 0) return m->nparams;
  return -1;
}

/* The call's arguments at LP (the `(`): *RP its `)`, BLANK[k] whether
 * argument k has no token (the variadic ones count as one, at index
 * nparams; BLANK starts all true). False if the call is not closed or its
 * argument count does not fit M. */
static bool read_args(Ctx *ctx, const Macro *m, int lp, int *rp, bool *blank) {
  int depth = 0, arg = 0;
  for (int j = lp; j < ctx->ntoks; j++) {
    const Tok *t = &ctx->toks[j];
    if (t->kind == TK_EOF) return false;
    if (t->kind == TK_PP) continue;
    bool punct = t->kind == TK_PUNCT;
    if (punct && t->punct == P_LPAREN && ++depth == 1) continue;
    if (punct && t->punct == P_RPAREN && --depth == 0) {
      *rp = j;
      int nargs = arg + 1;
      if (m->variadic) return nargs == m->nparams || nargs == m->nparams + 1;
      return nargs == m->nparams || (m->nparams == 0 && blank[0]);
    }
    /* a comma among the variadic arguments is one of theirs */
    if (depth == 1 && punct && t->punct == P_COMMA && (!m->variadic || arg < m->nparams)) {
      if (++arg > MAX_PARAMS) return false;
      continue;
    }
    blank[arg] = false;
  }
  return false;
}

static MacroReading read_object_like(const Macro *m, int *punct) {
  if (m->nbody == 0) return MACRO_EMPTY;
  const BodyTok *b = &m->body[0];
  if (m->nbody == 1 && b->punct != P_NONE) {
    switch (b->punct) {
    case P_LPAREN: case P_RPAREN: case P_LBRACKET: case P_RBRACKET:
    case P_LBRACE: case P_RBRACE: case P_HASH: case P_HASHHASH:
      return MACRO_NONE; /* brackets pair with the file's own */
    default:
      *punct = b->punct;
      return MACRO_PUNCT;
    }
  }
  if (b->ident && b->len == 13 && memcmp(b->s, "__attribute__", 13) == 0)
    return MACRO_ATTRIBUTE;
  return MACRO_NONE;
}

static MacroReading read_call(Ctx *ctx, const Macro *m, int i, int *end) {
  bool blank[MAX_PARAMS + 1];
  int rp;
  for (int k = 0; k <= MAX_PARAMS; k++) blank[k] = true;
  if (!tok_is_punct(ctx, i + 1, P_LPAREN) || !read_args(ctx, m, i + 1, &rp, blank))
    return MACRO_NONE;
  *end = rp;
  if (m->nbody == 0) return MACRO_EMPTY;
  const BodyTok *b = m->body;
  if (m->nbody == 1 && b->ident) {
    int k = param_index(m, b->s, b->len);
    return k >= 0 && blank[k] ? MACRO_EMPTY : MACRO_NONE;
  }
  if (m->nbody == 2 && b[0].punct == P_HASH && b[1].ident && param_index(m, b[1].s, b[1].len) >= 0)
    return MACRO_STRING;
  return MACRO_NONE;
}

MacroReading macro_reading(Ctx *ctx, int i, int *punct, int *end) {
  *end = i;
  const Tok *t = &ctx->toks[i];
  if (t->kind != TK_IDENT || t->keyword != KW_NONE) return MACRO_NONE;
  Macro m;
  if (!find_macro(ctx, i, &m)) return MACRO_NONE;
  return m.function_like ? read_call(ctx, &m, i, end) : read_object_like(&m, punct);
}
