/* skim.c - the skimmer: splits the file into top-level items and finds
 * what the translator must rewrite.
 *
 * Takes: CTX->src (lexed here if CTX->toks is NULL). Gives: Ctx.items,
 * Ctx.fns (async functions of the file and of the .ah files it includes),
 * Ctx.tasktypes, Ctx.includes, Ctx.files_read and the typedef set; then,
 * if it reported nothing, each async definition's body parsed by
 * parse_async_body (parse.c). Guarantees: the items cover every token
 * once, in order; an AsyncFn's token fields lie inside its item.
 *
 * The translator reads source before the preprocessor, so it cannot parse
 * all of C; it does not need to. parse_file:
 *   1. cuts the token array into top-level items (one external
 *      declaration each; every # line at top level is an item of its own);
 *   2. reads the #include lines: "x.ah" files fully (their async
 *      declarations), other headers for their typedef names only;
 *   3. records typedef names, which decide whether `task(x)` is a type;
 *   4. classifies the items that declare or define async functions;
 *   5. records every `task(type-name)`;
 *   6. reports await/yield used in ordinary functions, and a bracket
 *      left open at the end of the file;
 *   7. hands each async definition to the parser (parse.c).
 * Everything else is copied through untouched by emit.c.
 *
 * Brackets are matched once (Skim.match) so every later step jumps over
 * a bracketed group in one step instead of counting depth. The token
 * questions and the typedef set are tokens.c's, shared with the parser.
 */
#define _XOPEN_SOURCE 700
#include "translator.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  Ctx *ctx;
  int *match;   /* index of the matching bracket, or -1 */
  int eof;      /* index of the TK_EOF token */
  int unclosed; /* the innermost bracket still open at the end, or -1 */
} Skim;

/* ==================== Token helpers ==================== */

static const Tok *T(Ctx *ctx, int i) { return &ctx->toks[i]; }

static const char *text(Ctx *ctx, int i) { return ctx->src.text + T(ctx, i)->off; }

/* Pairs every bracket of the file (tokens.c says how a stray one pairs). */
static void match_all(Skim *s) {
  Ctx *ctx = s->ctx;
  s->match = arena_alloc(&ctx->arena, sizeof(int) * (size_t)ctx->ntoks);
  s->unclosed = match_brackets(ctx, 0, ctx->ntoks - 1, s->match);
}

/* The token after the group opened at I (or the end, if unclosed). */
static int skip_group(Skim *s, int i) {
  return s->match[i] < 0 ? s->eof : s->match[i] + 1;
}

/* Should C text put a space between tokens A and B? Only where needed:
 * "const char *", "char **", "char *const", "char *key", "task(int)". */
static bool needs_space(Ctx *ctx, int a, int b) {
  const Tok *p = T(ctx, a), *t = T(ctx, b);
  bool pw = p->kind != TK_PUNCT, tw = t->kind != TK_PUNCT;
  bool ps = tok_is_punct(ctx, a, P_STAR), ts = tok_is_punct(ctx, b, P_STAR);
  return (pw && tw) || (ts && pw) || (ps && tw && t->keyword != KW_NONE);
}

/* Joins tokens first..last as C text with single spaces where needed. */
static void join_tokens(Ctx *ctx, Buf *b, int first, int last) {
  for (int i = first; i <= last; i++) {
    if (i > first && needs_space(ctx, i - 1, i))
      buf_puts(b, " ");
    buf_append(b, ctx->src.text + T(ctx, i)->off, (size_t)T(ctx, i)->len);
  }
}

/* ==================== Awaitable operations ==================== */

struct AwaitableSet {
  Arena *arena; /* the translation's, which outlives the headers' */
  Awaitable *head;
};

static struct AwaitableSet *awaitables(Ctx *ctx) {
  if (!ctx->awaitables) {
    ctx->awaitables = arena_alloc(&ctx->arena, sizeof *ctx->awaitables);
    ctx->awaitables->arena = &ctx->arena;
  }
  return ctx->awaitables;
}

const Awaitable *find_awaitable(Ctx *ctx, const char *s, size_t n) {
  if (!ctx->awaitables) return NULL;
  for (const Awaitable *a = ctx->awaitables->head; a; a = a->next)
    if (strlen(a->name) == n && !memcmp(a->name, s, n)) return a;
  return NULL;
}

static int declarator_name(Skim *s, int first, int last);

/* Parameter FIRST..LAST as C text with its name NAME made ac_pI, and
 * adjusted as C adjusts a parameter: an array (`int v[4]`) or a function
 * (`int cb(int)`) is a pointer (`int (*ac_pI)`, `int (*ac_pI)(int)`), so
 * the text also declares a variable that holds the argument. */
static const char *renamed_param(Skim *s, Arena *a, int first, int last, int name, int i) {
  Ctx *ctx = s->ctx;
  Buf b = {0};
  if (name > first) {
    join_tokens(ctx, &b, first, name - 1);
    buf_puts(&b, needs_space(ctx, name - 1, name) ? " " : "");
  }
  bool array = name < last && tok_is_punct(ctx, name + 1, P_LBRACKET);
  bool function = name < last && tok_is_punct(ctx, name + 1, P_LPAREN);
  char field[24];
  snprintf(field, sizeof field, array || function ? "(*ac_p%d)" : "ac_p%d", i);
  buf_puts(&b, field);
  int rest = array ? skip_group(s, name + 1) : name + 1;
  if (rest <= last) join_tokens(ctx, &b, rest, last);
  const char *t = b.failed ? NULL : arena_strndup(a, b.data, b.len);
  buf_free(&b);
  return t;
}

/* The parameters LP..RP of an awaitable, each as renamed_param writes it
 * (an array in A); *N their number. NULL when a parameter has no name or
 * the list ends in `...`. */
static const char **awaitable_params(Skim *s, Arena *a, int lp, int rp, int *n) {
  Ctx *ctx = s->ctx;
  *n = 0;
  int max = 1;
  for (int i = lp + 1; i < rp; i++) max += tok_is_punct(ctx, i, P_COMMA);
  const char **out = arena_alloc(a, sizeof *out * (size_t)max);
  if (rp == lp + 1 || (rp == lp + 2 && tok_is_kw(ctx, lp + 1, KW_void))) return out;
  for (int start = lp + 1, i = lp + 1; i <= rp;) {
    if (i < rp && !tok_is_punct(ctx, i, P_COMMA)) {
      i = tok_is_open(ctx, i) ? skip_group(s, i) : i + 1;
      continue;
    }
    int name = start <= i - 1 ? declarator_name(s, start, i - 1) : -1;
    if (name < 0 || name == start) return NULL; /* `...`, or a type alone */
    out[*n] = renamed_param(s, a, start, i - 1, name, *n);
    if (!out[*n]) return NULL;
    (*n)++;
    start = ++i;
  }
  return out;
}

/* The index of the first comma at depth 0 in FROM..CLOSE-1, or CLOSE. */
static int next_comma(Skim *s, int from, int close) {
  int i = from;
  while (i < close && !tok_is_punct(s->ctx, i, P_COMMA))
    i = tok_is_open(s->ctx, i) ? skip_group(s, i) : i + 1;
  return i;
}

/* FIRST..LAST as C text in arena A ("void" when empty). */
static const char *tokens_text(Ctx *ctx, Arena *a, int first, int last) {
  Buf b = {0};
  join_tokens(ctx, &b, first, last);
  const char *t = b.data && !b.failed ? arena_strndup(a, b.data, b.len) : "void";
  buf_free(&b);
  return t;
}

/* Records `AC_AWAITABLE ( T , name , (params) )`, `AC_AWAITABLE0 ( T ,
 * name )` and `AC_AWAITABLE_WITH ( S , T , name , (params) )` in item IT:
 * S and T are every token before the next comma at depth 0. */
static void collect_awaitables(Skim *s, Item *it) {
  Ctx *ctx = s->ctx;
  for (int i = it->first; i + 3 <= it->last; i++) {
    bool with = tok_spells(ctx, i, "AC_AWAITABLE_WITH");
    if (!(with || tok_spells(ctx, i, "AC_AWAITABLE") || tok_spells(ctx, i, "AC_AWAITABLE0")) ||
        !tok_is_punct(ctx, i + 1, P_LPAREN) || s->match[i + 1] < 0)
      continue;
    int close = s->match[i + 1], type_at = i + 2, state_comma = -1;
    if (with) { /* the state type S comes first */
      state_comma = next_comma(s, i + 2, close);
      if (state_comma >= close || state_comma == i + 2) continue;
      type_at = state_comma + 1;
    }
    int comma = next_comma(s, type_at, close);
    if (comma >= close || comma == type_at || !tok_is_name(ctx, comma + 1)) continue;
    struct AwaitableSet *set = awaitables(ctx);
    Awaitable *a = arena_alloc(set->arena, sizeof *a);
    a->type_text = tokens_text(ctx, set->arena, type_at, comma - 1);
    a->state_type = with ? tokens_text(ctx, set->arena, i + 2, state_comma - 1) : NULL;
    a->name = arena_strndup(set->arena, text(ctx, comma + 1), (size_t)T(ctx, comma + 1)->len);
    int lp = comma + 3; /* `, (params)` after the name */
    if (tok_is_punct(ctx, comma + 2, P_COMMA) && lp < close && tok_is_punct(ctx, lp, P_LPAREN) &&
        s->match[lp] > lp && s->match[lp] < close)
      a->params = awaitable_params(s, set->arena, lp, s->match[lp], &a->nparams);
    else if (tok_spells(ctx, i, "AC_AWAITABLE0"))
      a->params = arena_alloc(set->arena, sizeof *a->params);
    a->next = set->head;
    set->head = a;
    i = close;
  }
}

/* ==================== Items ==================== */

static Item *add_item(Skim *s, Item **tail, ItemKind kind, int first, int last) {
  Item *it = arena_alloc(&s->ctx->arena, sizeof *it);
  it->kind = kind;
  it->first = first;
  it->last = last;
  *tail = it;
  return it;
}

/* Is the `{` at I, in an item starting at FIRST, a function body? It is
 * when it follows a `)`, looking back over attribute groups and over
 * identifiers (macros like glibc's __THROW), and no `=` came first. */
static bool is_function_body(Skim *s, int first, int i, bool saw_assign) {
  Ctx *ctx = s->ctx;
  if (saw_assign)
    return false;
  int j = i - 1;
  while (j >= first) {
    if (tok_is_punct(ctx, j, P_RPAREN)) {
      int o = s->match[j];
      if (o > first && (tok_is_kw(ctx, o - 1, KW___attribute__) ||
                        tok_is_kw(ctx, o - 1, KW___asm__) || tok_is_kw(ctx, o - 1, KW_asm))) {
        j = o - 2;
        continue;
      }
      return true;
    }
    if (T(ctx, j)->kind == TK_IDENT && T(ctx, j)->keyword == KW_NONE) {
      j--;
      continue;
    }
    return false;
  }
  return false;
}

/* The last token of the item that starts at FIRST. */
static int item_end(Skim *s, int first) {
  Ctx *ctx = s->ctx;
  bool saw_assign = false;
  for (int i = first; i < s->eof;) {
    if (tok_is_punct(ctx, i, P_SEMI))
      return i;
    if (tok_is_punct(ctx, i, P_ASSIGN))
      saw_assign = true;
    if (tok_is_punct(ctx, i, P_LBRACE) && is_function_body(s, first, i, saw_assign))
      return s->match[i] < 0 ? s->eof - 1 : s->match[i];
    if (tok_is_open(ctx, i)) {
      i = skip_group(s, i);
      continue;
    }
    i++;
  }
  return s->eof - 1;
}

/* The first preprocessor line among tokens FIRST..LAST outside brackets
 * after which an `async` stands (outside brackets too), or -1. Such an
 * item is text the preprocessor may drop (`#if 0` ... `#endif`) running
 * into an async function's declaration: the declaration starts after the
 * line, never in text we cannot see is compiled. */
static int pp_line_before_async(Skim *s, int first, int last) {
  Ctx *ctx = s->ctx;
  int pp = -1;
  for (int i = first; i <= last;) {
    if (T(ctx, i)->kind == TK_PP && pp < 0)
      pp = i;
    else if (pp >= 0 && tok_is_kw(ctx, i, KW_async))
      return pp;
    i = tok_is_open(ctx, i) ? skip_group(s, i) : i + 1;
  }
  return -1;
}

/* item = pp-line | `extern "C" {` | `}` | tokens up to `;` or a body */
static void split_items(Skim *s) {
  Ctx *ctx = s->ctx;
  Item **tail = &ctx->items;
  for (int i = 0; i < s->eof;) {
    int last;
    if (T(ctx, i)->kind == TK_PP)
      last = i;
    else if (tok_is_kw(ctx, i, KW_extern) && T(ctx, i + 1)->kind == TK_STRING &&
             tok_is_punct(ctx, i + 2, P_LBRACE))
      last = i + 2; /* C++ guards in headers: the braces do not nest */
    else if (tok_is_punct(ctx, i, P_RBRACE) || tok_is_punct(ctx, i, P_RPAREN) ||
             tok_is_punct(ctx, i, P_RBRACKET))
      last = i;
    else {
      last = item_end(s, i);
      int pp = pp_line_before_async(s, i, last);
      if (pp >= 0)
        last = pp - 1;
    }
    Item *it = add_item(s, tail, ITEM_PASS, i, last);
    tail = &it->next;
    i = last + 1;
  }
}

/* ==================== Declarators ==================== */

/* The declared name in tokens first..last (one declarator, maybe with its
 * specifiers): the last plain identifier, looking into parenthesised
 * declarators like (*cb) but not into parameter lists, brackets, braces
 * or attributes, and never a struct/union/enum tag. -1 if none. */
static int declarator_name(Skim *s, int first, int last) {
  Ctx *ctx = s->ctx;
  int name = -1;
  for (int i = first; i <= last;) {
    if (tok_is_punct(ctx, i, P_LPAREN)) {
      int inner = i + 1;
      bool prev_attr = i > first && (tok_is_kw(ctx, i - 1, KW___attribute__) ||
                                     tok_is_kw(ctx, i - 1, KW__Alignas) ||
                                     tok_is_kw(ctx, i - 1, KW___asm__) ||
                                     tok_is_kw(ctx, i - 1, KW_asm) ||
                                     tok_is_kw(ctx, i - 1, KW___typeof__) ||
                                     tok_is_kw(ctx, i - 1, KW_typeof) ||
                                     tok_is_kw(ctx, i - 1, KW_task));
      bool nested = !prev_attr && inner <= last &&
                    (tok_is_punct(ctx, inner, P_STAR) || tok_is_punct(ctx, inner, P_CARET) ||
                     tok_is_punct(ctx, inner, P_LPAREN) ||
                     (tok_is_name(ctx, inner) && !tok_is_typedef(ctx, inner) &&
                      (tok_is_punct(ctx, inner + 1, P_RPAREN) ||
                       tok_is_punct(ctx, inner + 1, P_LBRACKET))));
      if (nested) {
        i++;
        continue;
      }
      i = skip_group(s, i);
      continue;
    }
    if (tok_is_open(ctx, i)) {
      i = skip_group(s, i);
      continue;
    }
    if (tok_is_name(ctx, i) && T(ctx, i)->keyword != KW_task &&
        !(i > first && T(ctx, i - 1)->kind == TK_IDENT && kw_is_tag(T(ctx, i - 1)->keyword)))
      name = i;
    i++;
  }
  return name;
}

/* ==================== typedef items ==================== */

/* Records the names declared by a `typedef` item (all its declarators). */
static void collect_typedef(Skim *s, Item *it) {
  Ctx *ctx = s->ctx;
  bool is_typedef = false;
  for (int i = it->first; i <= it->last; i = tok_is_open(ctx, i) ? skip_group(s, i) : i + 1)
    if (tok_is_kw(ctx, i, KW_typedef))
      is_typedef = true;
  if (!is_typedef)
    return;
  int last = tok_is_punct(ctx, it->last, P_SEMI) ? it->last - 1 : it->last;
  int start = it->first;
  for (int i = it->first; i <= last + 1;) {
    if (i == last + 1 || tok_is_punct(ctx, i, P_COMMA)) {
      int name = declarator_name(s, start, i - 1);
      if (name >= 0)
        add_typedef_name(ctx, text(ctx, name), (size_t)T(ctx, name)->len);
      start = i + 1;
      if (i == last + 1)
        break;
      i++;
      continue;
    }
    i = tok_is_open(ctx, i) ? skip_group(s, i) : i + 1;
  }
}

/* ==================== Async functions ==================== */

/* The `async` of item IT that stands as a declaration specifier, or -1.
 * uv.h's `uv_async_t async;`, `int async = 1;`, `async(x)` are not. */
static int find_async(Skim *s, Item *it) {
  Ctx *ctx = s->ctx;
  for (int i = it->first; i <= it->last;) {
    if (tok_is_punct(ctx, i, P_ASSIGN) || tok_is_punct(ctx, i, P_LBRACE))
      return -1;
    if (tok_is_open(ctx, i)) {
      i = skip_group(s, i);
      continue;
    }
    if (tok_is_kw(ctx, i, KW_async) && i < it->last) {
      const Tok *n = T(ctx, i + 1);
      if (tok_is_punct(ctx, i + 1, P_STAR))
        return i;
      if (n->kind == TK_IDENT &&
          (n->keyword == KW_NONE || kw_is_base_type(n->keyword) ||
           kw_is_qualifier(n->keyword) || kw_is_storage(n->keyword) ||
           kw_is_tag(n->keyword) || n->keyword == KW_task ||
           n->keyword == KW___attribute__ || n->keyword == KW__Alignas ||
           n->keyword == KW___typeof__ || n->keyword == KW_typeof))
        return i;
    }
    i++;
  }
  return -1;
}

/* Is token I part of the return type's text (not async/static/...)? */
static bool drops_from_ret_type(Ctx *ctx, int i) {
  int kw = tok_keyword(ctx, i);
  return kw == KW_async || (kw_is_storage(kw) && kw != KW_typedef);
}

/* The task(T) that starts at token I, if any. */
static const TaskType *task_type_at(Ctx *ctx, int i) {
  for (const TaskType *tt = ctx->tasktypes; tt; tt = tt->next)
    if (tt->first == i) return tt;
  return NULL;
}

/* Is token I, in the type FIRST..LAST, a qualifier of the type itself
 * (`const int`, `int *const`), not of what a pointer points to (`const
 * char *`)? A value of the type is its unqualified version, which is what
 * a result slot, a handle and an await must use: a qualifier there would
 * forbid the store that sets the result. */
static bool is_top_qualifier_but(Ctx *ctx, int first, int last, int gap_first, int gap_last,
                                 int i);
static bool is_top_qualifier(Ctx *ctx, int first, int last, int i) {
  return is_top_qualifier_but(ctx, first, last, -1, -2, i);
}

/* The same, for a type whose tokens FIRST..LAST leave out GAP_FIRST..
 * GAP_LAST (the declarators before this one in its declaration). */
static bool is_top_qualifier_but(Ctx *ctx, int first, int last, int gap_first, int gap_last,
                                 int i) {
  if (!kw_is_qualifier(tok_keyword(ctx, i)) ||
      tok_is_kw(ctx, i, KW__Atomic))
    return false;
  int depth = 0;
  for (int j = first; j <= last; j++) {
    if (j == gap_first) j = gap_last + 1;
    if (j > last) break;
    if (tok_is_punct(ctx, j, P_LPAREN) || tok_is_punct(ctx, j, P_LBRACKET)) depth++;
    else if (tok_is_punct(ctx, j, P_RPAREN) || tok_is_punct(ctx, j, P_RBRACKET)) depth--;
    else if (j > i && depth == 0 && tok_is_punct(ctx, j, P_STAR)) return false;
    if (j == i && depth != 0) return false;
  }
  return true;
}

/* ret_type = the specifiers without async, storage classes, attributes
 * and the type's own qualifiers, plus the `*`s of the declarator before
 * the name. */
static const char *ret_type_text(Skim *s, AsyncFn *fn) {
  Ctx *ctx = s->ctx;
  Buf b = {0};
  int prev = -1;
  for (int i = fn->spec_first; i < fn->name_tok;) {
    if (i == fn->spec_last + 1 && i != fn->ptr_first) { /* past earlier declarators */
      i = fn->ptr_first;
      continue;
    }
    if (tok_is_kw(ctx, i, KW___attribute__) && tok_is_punct(ctx, i + 1, P_LPAREN)) {
      i = skip_group(s, i + 1);
      continue;
    }
    if ((i <= fn->spec_last && drops_from_ret_type(ctx, i)) ||
        is_top_qualifier_but(ctx, fn->spec_first, fn->name_tok - 1, fn->spec_last + 1,
                             fn->ptr_first - 1, i)) {
      i++;
      continue;
    }
    const TaskType *tt = task_type_at(ctx, i);
    if (tt != NULL) { /* async task(int) f(): returns a handle */
      if (prev >= 0) buf_puts(&b, " ");
      buf_puts(&b, tt->mangled);
      prev = tt->last;
      i = tt->last + 1;
      continue;
    }
    if (prev >= 0 && needs_space(ctx, prev, i))
      buf_puts(&b, " ");
    buf_append(&b, text(ctx, i), (size_t)T(ctx, i)->len);
    prev = i;
    i++;
  }
  /* C89's implicit int: `async f()`, `async _Noreturn *g()` */
  const char *r = prev < 0 || (b.data && b.data[0] == '*')
                      ? arena_printf(&ctx->arena, "int%s%.*s", b.len ? " " : "", (int)b.len,
                                     b.data ? b.data : "")
                      : arena_strndup(&ctx->arena, b.data ? b.data : "", b.len);
  buf_free(&b);
  return r;
}

static Param *new_param(Skim *s, int first, int last) {
  Param *p = arena_alloc(&s->ctx->arena, sizeof *p);
  p->first = first;
  p->last = last;
  p->name = declarator_name(s, first, last);
  /* A name with nothing before it is a type (`my_t`), not a name. */
  if (p->name == first)
    p->name = -1;
  return p;
}

/* params = "(" ")" | "(" "void" ")" | "(" param ("," param)* ("," "...")? ")" */
static void read_params(Skim *s, AsyncFn *fn) {
  Ctx *ctx = s->ctx;
  int l = fn->params_lparen, r = fn->params_rparen;
  if (r == l + 1 || (r == l + 2 && tok_is_kw(ctx, l + 1, KW_void)))
    return;
  Param **tail = &fn->params;
  int start = l + 1;
  for (int i = l + 1; i <= r;) {
    if (i == r || tok_is_punct(ctx, i, P_COMMA)) {
      if (start == i - 1 && tok_is_punct(ctx, start, P_ELLIPSIS)) {
        fn->variadic = true;
      } else if (start <= i - 1) {
        Param *p = new_param(s, start, i - 1);
        *tail = p;
        tail = &p->next;
        fn->nparams++;
      }
      start = i + 1;
      if (i == r)
        break;
      i++;
      continue;
    }
    i = tok_is_open(ctx, i) ? skip_group(s, i) : i + 1;
  }
}

/* The `,` after the async function's parameter list (its `)` at RP)
 * that starts another declarator (`async int f(int), g(int);`), or -1. */
static int declarator_comma(Skim *s, Item *it, int rp) {
  if (it->kind != ITEM_ASYNC_DECL || rp < 0)
    return -1;
  for (int i = rp + 1; i < it->last;) {
    if (tok_is_punct(s->ctx, i, P_COMMA))
      return i;
    i = tok_is_open(s->ctx, i) ? skip_group(s, i) : i + 1;
  }
  return -1;
}

/* The function's name in FIRST..LAST: the identifier before the first
 * `(` that is not an attribute's, typeof's or task's; -1 if none. */
static int function_name(Skim *s, int first, int last) {
  Ctx *ctx = s->ctx;
  for (int i = first; i <= last; i++) {
    if (!tok_is_punct(ctx, i, P_LPAREN))
      continue;
    if (i > first && tok_is_name(ctx, i - 1) && T(ctx, i - 1)->keyword != KW_task)
      return i - 1;
    i = skip_group(s, i) - 1;
  }
  return -1;
}

/* The AsyncFn of the declarator whose name is token NAME (its `*`s from
 * PTR_FIRST), the declaration's specifiers SPEC_FIRST..SPEC_LAST; it ends
 * at DECL_LAST. */
static AsyncFn *new_async_fn(Skim *s, Item *it, int spec_last, int ptr_first, int name,
                             int decl_last) {
  Ctx *ctx = s->ctx;
  AsyncFn *fn = arena_alloc(&ctx->arena, sizeof *fn);
  fn->name = arena_strndup(&ctx->arena, text(ctx, name), (size_t)T(ctx, name)->len);
  fn->name_tok = name;
  fn->decl_first = it->first;
  fn->spec_first = it->first;
  fn->spec_last = spec_last;
  fn->ptr_first = ptr_first;
  fn->params_lparen = name + 1;
  fn->params_rparen = s->match[name + 1];
  fn->decl_last = decl_last;
  for (int i = fn->spec_first; i <= fn->spec_last; i++)
    if (tok_is_kw(ctx, i, KW_static))
      fn->is_static = true;
  fn->ret_type = ret_type_text(s, fn);
  fn->returns_void = strcmp(fn->ret_type, "void") == 0;
  read_params(s, fn);
  return fn;
}

/* The declarators after the first one's `,` at COMMA, each an async
 * function of the same specifiers (one set of starters each, as if each
 * had a declaration of its own), chained by `also` from FN. A declarator
 * that is not a function's is an error: only functions are async. */
static bool read_more_declarators(Skim *s, Item *it, AsyncFn *fn, int comma) {
  Ctx *ctx = s->ctx;
  while (comma >= 0) {
    int first = comma + 1, name = function_name(s, first, it->last - 1);
    int end = it->last; /* the `;`, or the next declarator's `,` */
    for (int i = first; i < it->last;) {
      if (tok_is_punct(ctx, i, P_COMMA)) {
        end = i;
        break;
      }
      i = tok_is_open(ctx, i) ? skip_group(s, i) : i + 1;
    }
    if (name < 0 || name >= end || s->match[name + 1] < 0) {
      diag_error_span(ctx, first, end - 1,
                      "only functions can be async: declare what follows the comma in a "
                      "declaration of its own");
      return false;
    }
    fn->also = new_async_fn(s, it, fn->spec_last, first, name, end - 1);
    fn = fn->also;
    comma = end < it->last ? end : -1;
  }
  return true;
}

/* Fills the AsyncFn of item IT whose specifier `async` is token A (and,
 * for a declaration of several functions, those of the others). */
static AsyncFn *read_async_fn(Skim *s, Item *it, int a) {
  Ctx *ctx = s->ctx;
  int name = function_name(s, it->first, it->last);
  if (name < 0 || name < a || s->match[name + 1] < 0) {
    diag_error(ctx, a, "expected an async function declaration");
    return NULL;
  }
  for (int i = it->first; i < name;) { /* `async int x, f(void);` */
    if (tok_is_punct(ctx, i, P_COMMA)) {
      diag_error_span(ctx, it->first, i - 1,
                      "only functions can be async: declare what comes before the comma in a "
                      "declaration of its own");
      return NULL;
    }
    i = tok_is_open(ctx, i) ? skip_group(s, i) : i + 1;
  }
  int comma = declarator_comma(s, it, s->match[name + 1]);
  /* The declarator's pointer part: `*`s and qualifiers before the name,
   * starting at the first `*`. */
  int ptr_first = name;
  for (int j = name - 1; j >= it->first; j--) {
    if (tok_is_punct(ctx, j, P_STAR))
      ptr_first = j;
    else if (!(T(ctx, j)->kind == TK_IDENT && kw_is_qualifier(T(ctx, j)->keyword)))
      break;
  }
  int decl_last = it->kind == ITEM_ASYNC_DEF ? s->match[it->last] - 1
                  : comma >= 0                ? comma - 1
                                              : it->last - 1;
  AsyncFn *fn = new_async_fn(s, it, ptr_first - 1, ptr_first, name, decl_last);
  if (comma >= 0 && !read_more_declarators(s, it, fn, comma))
    return NULL;
  return fn;
}

static void classify(Skim *s, Item *it) {
  Ctx *ctx = s->ctx;
  if (T(ctx, it->first)->kind == TK_PP)
    return;
  int a = find_async(s, it);
  if (a < 0)
    return;
  it->kind = tok_is_punct(ctx, it->last, P_RBRACE) ? ITEM_ASYNC_DEF : ITEM_ASYNC_DECL;
  it->fn = read_async_fn(s, it, a);
  if (!it->fn) {
    it->kind = ITEM_PASS;
    return;
  }
  for (AsyncFn *fn = it->fn; fn; fn = fn->also) {
    fn->next = ctx->fns;
    ctx->fns = fn;
  }
}

/* ==================== task(T) ==================== */

static int by_last(const void *a, const void *b) {
  const TaskType *x = *(TaskType *const *)a, *y = *(TaskType *const *)b;
  return (x->last > y->last) - (x->last < y->last);
}

/* Names every task(T): T as C text and its handle type. The skimmer lists
 * inner task types before the ones around them, so an inner one is named
 * first and stands in the outer one's text by its handle name. */
static void name_task_types(Ctx *ctx) {
  for (TaskType *tt = ctx->tasktypes; tt; tt = tt->next) {
    Buf b = {0};
    for (int i = tt->t_first; i <= tt->t_last; i++) {
      if (is_top_qualifier(ctx, tt->t_first, tt->t_last, i)) continue;
      if (b.len) buf_puts(&b, " ");
      TaskType *inner = NULL;
      for (TaskType *u = ctx->tasktypes; u != tt; u = u->next)
        if (u->first == i) inner = u;
      if (inner) {
        buf_puts(&b, inner->mangled);
        i = inner->last;
        continue;
      }
      buf_append(&b, ctx->src.text + ctx->toks[i].off, (size_t)ctx->toks[i].len);
    }
    tt->type_text = b.failed || !b.data ? "int" : arena_strndup(&ctx->arena, b.data, b.len);
    buf_free(&b);
    tt->mangled = mangle_task_type(ctx, tt->type_text);
  }
}

/* Records every `task ( type-name )`, inner ones before outer ones. */
static void find_task_types(Skim *s) {
  Ctx *ctx = s->ctx;
  int n = 0;
  for (int i = 0; i + 2 < s->eof; i++)
    if (tok_is_kw(ctx, i, KW_task) && tok_is_punct(ctx, i + 1, P_LPAREN) &&
        s->match[i + 1] > i + 2 && tok_starts_type_name(ctx, i + 2))
      n++;
  if (!n)
    return;
  TaskType **all = arena_alloc(&ctx->arena, sizeof(TaskType *) * (size_t)n);
  int k = 0;
  for (int i = 0; i + 2 < s->eof; i++) {
    if (!(tok_is_kw(ctx, i, KW_task) && tok_is_punct(ctx, i + 1, P_LPAREN) &&
          s->match[i + 1] > i + 2 && tok_starts_type_name(ctx, i + 2)))
      continue;
    TaskType *t = arena_alloc(&ctx->arena, sizeof *t);
    t->first = i;
    t->last = s->match[i + 1];
    t->t_first = i + 2;
    t->t_last = t->last - 1;
    Buf b = {0};
    join_tokens(ctx, &b, t->t_first, t->t_last);
    t->type_text = arena_strndup(&ctx->arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    all[k++] = t;
  }
  qsort(all, (size_t)n, sizeof *all, by_last);
  TaskType **tail = &ctx->tasktypes;
  for (int i = 0; i < n; i++) {
    *tail = all[i];
    tail = &all[i]->next;
  }
  name_task_types(ctx);
}

/* `async task(int) f()`: the return type's text, read by skim_items
 * before task types were named, names the handle type. */
static void name_return_handles(Skim *s) {
  for (Item *it = s->ctx->items; it; it = it->next) {
    AsyncFn *fn = it->fn;
    if (fn == NULL) continue;
    for (const TaskType *tt = s->ctx->tasktypes; tt; tt = tt->next)
      if (tt->first >= fn->spec_first && tt->last < fn->name_tok) {
        fn->ret_type = ret_type_text(s, fn);
        fn->returns_void = false;
        break;
      }
  }
}

/* ==================== await/yield in ordinary code ==================== */

/* Does the file declare or define a function called WORD at top level? */
static bool declares_function(Skim *s, int kw) {
  Ctx *ctx = s->ctx;
  for (Item *it = ctx->items; it; it = it->next)
    for (int i = it->first; i < it->last; i = tok_is_open(ctx, i) ? skip_group(s, i) : i + 1)
      if (tok_is_kw(ctx, i, kw) && tok_is_punct(ctx, i + 1, P_LPAREN))
        return true;
  return false;
}

/* Can token I start the operand of a prefix await/yield? */
static bool starts_operand(Ctx *ctx, int i) {
  const Tok *t = T(ctx, i);
  if (t->kind == TK_IDENT || t->kind == TK_NUMBER || t->kind == TK_CHAR ||
      t->kind == TK_STRING)
    return true;
  if (t->kind != TK_PUNCT)
    return false;
  switch (t->punct) {
  case P_LPAREN: case P_STAR: case P_AMP: case P_BANG: case P_MINUS:
  case P_TILDE: case P_INC: case P_DEC:
    return true;
  default:
    return false;
  }
}

/* Is token I a timeout scope's keyword, as it would stand in async code:
 * `ac_timeout (...) {` at what can be a statement start? */
static bool starts_timeout_scope(Skim *s, int i) {
  Ctx *ctx = s->ctx;
  if (!tok_is_kw(ctx, i, KW_ac_timeout) && !tok_is_kw(ctx, i, KW_ac_timeout_at))
    return false;
  if (!tok_is_punct(ctx, i - 1, P_SEMI) && !tok_is_punct(ctx, i - 1, P_LBRACE) &&
      !tok_is_punct(ctx, i - 1, P_RBRACE) && !tok_is_punct(ctx, i - 1, P_RPAREN) &&
      !tok_is_punct(ctx, i - 1, P_COLON) && !tok_is_kw(ctx, i - 1, KW_else) &&
      !tok_is_kw(ctx, i - 1, KW_do))
    return false;
  if (!tok_is_punct(ctx, i + 1, P_LPAREN))
    return false;
  int rp = s->match[i + 1];
  return rp > i + 1 && tok_is_punct(ctx, rp + 1, P_LBRACE);
}

static void check_misuse(Skim *s, Item *it, bool await_fn, bool yield_fn) {
  Ctx *ctx = s->ctx;
  if (it->kind == ITEM_ASYNC_DEF || !tok_is_punct(ctx, it->last, P_RBRACE))
    return;
  int body = s->match[it->last];
  if (body < it->first)
    return;
  for (int i = body + 1; i < it->last; i++) {
    if (starts_timeout_scope(s, i)) {
      diag_error(ctx, i, "%.*s outside an async function: a timeout scope cancels "
                 "awaits, so it needs an async function's body", T(ctx, i)->len, text(ctx, i));
      continue;
    }
    bool aw = tok_is_kw(ctx, i, KW_await), yi = tok_is_kw(ctx, i, KW_yield);
    if (!aw && !yi)
      continue;
    if (tok_is_punct(ctx, i - 1, P_DOT) || tok_is_punct(ctx, i - 1, P_ARROW))
      continue;
    if (!starts_operand(ctx, i + 1))
      continue;
    if (tok_is_punct(ctx, i + 1, P_LPAREN) && (aw ? await_fn : yield_fn))
      continue;
    diag_error(ctx, i, aw ? "await outside an async function"
                          : "yield outside an async function");
  }
}

/* ==================== Unclosed brackets ==================== */

/* Is token I the preprocessor line `#else` or `#elif...`? */
static bool is_pp_alternative(Ctx *ctx, int i) {
  if (T(ctx, i)->kind != TK_PP)
    return false;
  const char *p = text(ctx, i), *end = p + T(ctx, i)->len;
  p += *p == '%' ? 2 : 1;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return end - p >= 4 && (!memcmp(p, "else", 4) || !memcmp(p, "elif", 4));
}

/* The last token that is not a preprocessor line, or -1. */
static int last_c_token(Skim *s) {
  for (int i = s->eof - 1; i >= 0; i--)
    if (T(s->ctx, i)->kind != TK_PP)
      return i;
  return -1;
}

/* A bracket still open at the end of the file is reported as gcc and
 * clang do: the error where the input ends, a note at the opener. Only
 * the innermost: the ones around it could only repeat the message at the
 * same place. Not when an #else or #elif follows the opener: branches
 * that each open a block (`#ifdef X` `int f(int a) {` `#else` `int f(void)
 * {` `#endif`) balance only after the preprocessor, and the C compiler,
 * which sees one branch, judges them. */
static void report_unclosed(Skim *s) {
  Ctx *ctx = s->ctx;
  int o = s->unclosed;
  if (o < 0)
    return;
  for (int i = o + 1; i < s->eof; i++)
    if (is_pp_alternative(ctx, i))
      return;
  int p = T(ctx, o)->punct;
  char close = p == P_LPAREN ? ')' : p == P_LBRACKET ? ']' : '}';
  int last = last_c_token(s);
  diag_error_at(ctx, T(ctx, last)->off + T(ctx, last)->len,
                "expected '%c' at end of input", close);
  diag_note(ctx, o, "to match this '%.*s'", T(ctx, o)->len, text(ctx, o));
}

/* ==================== #include ==================== */

typedef struct {
  Ctx *ctx;           /* the translation: typedefs, fns, files_read */
  const char **seen;  /* real paths already read */
  int nseen;
  int depth;
} Includes;

static void skim_file(Includes *inc, const char *path, bool is_ah, int from_tok,
                      Ctx *from);

/* Appends P to an arena array whose capacity is the next power of two. */
static const char **push_str(Arena *a, const char **arr, int n, const char *p) {
  if ((n & (n - 1)) == 0) { /* n is 0 or a power of two: full */
    const char **bigger = arena_alloc(a, sizeof(char *) * (size_t)(n ? n * 2 : 8));
    if (n)
      memcpy(bigger, arr, sizeof(char *) * (size_t)n);
    arr = bigger;
  }
  arr[n] = p;
  return arr;
}

static bool file_exists(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (fp)
    fclose(fp);
  return fp != NULL;
}

/* Finds NAME the way the C compiler would; the path or NULL. */
static const char *resolve(Includes *inc, Ctx *from, const char *name, int quote) {
  Arena *a = &inc->ctx->arena;
  if (name[0] == '/')
    return file_exists(name) ? name : NULL;
  if (quote == '"') {
    const char *dir_end = strrchr(from->src.path, '/');
    const char *p = dir_end ? arena_printf(a, "%.*s/%s", (int)(dir_end - from->src.path),
                                           from->src.path, name)
                            : name;
    if (file_exists(p))
      return p;
  }
  static const char *const sys[] = {"/usr/local/include",
                                    "/usr/include/x86_64-linux-gnu", "/usr/include"};
  for (int i = 0; i < inc->ctx->opt.ninclude_dirs; i++) {
    const char *p = arena_printf(a, "%s/%s", inc->ctx->opt.include_dirs[i], name);
    if (file_exists(p))
      return p;
  }
  for (size_t i = 0; i < sizeof sys / sizeof *sys; i++) {
    const char *p = arena_printf(a, "%s/%s", sys[i], name);
    if (file_exists(p))
      return p;
  }
  /* asyncc.h where this translator was installed or built: its
   * awaitable declarations are what `await ac_queue_get(...)` needs.
   * Beside the executable first (the prefix it was installed under),
   * then the configured install directory, then the source tree. */
  if (inc->ctx->opt.own_include_dir) {
    const char *p = arena_printf(a, "%s/%s", inc->ctx->opt.own_include_dir, name);
    if (file_exists(p))
      return p;
  }
#if defined(ASYNCC_INSTALL_INCLUDE_DIR) && defined(ASYNCC_SOURCE_RUNTIME_DIR)
  static const char *const own[] = {ASYNCC_INSTALL_INCLUDE_DIR, ASYNCC_SOURCE_RUNTIME_DIR};
  for (size_t i = 0; i < sizeof own / sizeof *own; i++) {
    const char *p = arena_printf(a, "%s/%s", own[i], name);
    if (file_exists(p))
      return p;
  }
#endif
  return NULL;
}

static bool ends_with(const char *s, int n, const char *suffix) {
  int k = (int)strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, (size_t)k) == 0;
}

/* Follows the #include line at token I of FROM. */
static void follow_include(Includes *inc, Ctx *from, int i, bool top) {
  int off, len;
  int quote = tok_include_name(from, i, &off, &len);
  if (!quote || len == 0)
    return;
  Ctx *ctx = inc->ctx;
  const char *name = arena_strndup(&ctx->arena, from->src.text + off, (size_t)len);
  bool is_ah = quote == '"' && ends_with(name, len, ".ah");
  const char *path = resolve(inc, from, name, quote);
  if (is_ah && top) {
    Include *in = arena_alloc(&ctx->arena, sizeof *in);
    in->path = path;
    in->tok = i;
    in->name_off = off;
    in->name_len = len;
    Include **tail = &ctx->includes;
    while (*tail)
      tail = &(*tail)->next;
    *tail = in;
  }
  if (!path) {
    if (is_ah)
      diag_error(from, i, "cannot open '%s'", name);
    return; /* a header we cannot see only costs us its typedef names */
  }
  skim_file(inc, path, is_ah, i, from);
}

/* Copies an async declaration read from another file into the translation. */
static void import_fn(Includes *inc, AsyncFn *f) {
  Ctx *ctx = inc->ctx;
  AsyncFn *fn = arena_alloc(&ctx->arena, sizeof *fn);
  *fn = *f;
  fn->name = arena_strndup(&ctx->arena, f->name, strlen(f->name));
  fn->ret_type = arena_strndup(&ctx->arena, f->ret_type, strlen(f->ret_type));
  fn->name_tok = fn->decl_first = fn->spec_first = fn->spec_last = -1;
  fn->decl_last = fn->params_lparen = fn->params_rparen = fn->ptr_first = -1;
  fn->also = NULL;
  fn->body = NULL;
  fn->params = NULL; /* a call needs only its name, result type and nparams */
  fn->next = ctx->fns;
  ctx->fns = fn;
}

static void skim_items(Skim *s);

/* Reads a header (typedef names) or an .ah (also async declarations). */
static void skim_file(Includes *inc, const char *path, bool is_ah, int from_tok,
                      Ctx *from) {
  Ctx *ctx = inc->ctx;
  char *real = realpath(path, NULL);
  if (!real)
    return;
  for (int k = 0; k < inc->nseen; k++) {
    if (strcmp(inc->seen[k], real) == 0) {
      free(real);
      return;
    }
  }
  inc->seen = push_str(&ctx->arena, inc->seen, inc->nseen++,
                       arena_strndup(&ctx->arena, real, strlen(real)));
  free(real);
  if (inc->depth >= 200)
    return;
  ctx->files_read = push_str(&ctx->arena, ctx->files_read, ctx->nfiles_read++, path);

  Ctx sub = {0};
  sub.opt = ctx->opt;
  sub.diag_out = ctx->diag_out;
  sub.typedefs = typedef_set(ctx); /* shared; names land in ctx's arena */
  sub.awaitables = awaitables(ctx); /* the same */
  if (source_load(&sub.src, path) != 0) {
    if (is_ah)
      diag_error(from, from_tok, "cannot open '%s'", path);
    return;
  }
  /* A header's oddities are the C compiler's business, not ours: start
   * its count past the limit so diag.c prints nothing for it. */
  if (!is_ah)
    sub.errors = MAX_ERRORS + 1;
  lex_file(&sub);
  Skim s = {.ctx = &sub, .eof = sub.ntoks - 1};
  match_all(&s);
  split_items(&s);
  inc->depth++;
  for (Item *it = sub.items; it; it = it->next)
    if (T(&sub, it->first)->kind == TK_PP)
      follow_include(inc, &sub, it->first, false);
  inc->depth--;
  skim_items(&s);
  if (is_ah) {
    for (Item *it = sub.items; it; it = it->next)
      if (it->fn)
        import_fn(inc, it->fn);
    ctx->errors += sub.errors;
  }
  arena_free(&sub.arena);
  source_free(&sub.src);
}

/* Old C declares `char *cclass();` and defines `char *cclass(char *s,
 * char *p) {..}` (tinycc tests2/46_grep). Made async, the declaration's
 * `()` would mean `(void)` and its starters would take no arguments: an
 * async function declared with `()` takes the parameters of another
 * declaration of it in this file that lists them (none: `(void)`). */
static void complete_empty_params(Ctx *ctx) {
  for (AsyncFn *fn = ctx->fns; fn; fn = fn->next) {
    if (fn->nparams || fn->variadic || fn->params_rparen != fn->params_lparen + 1) continue;
    for (AsyncFn *g = ctx->fns; g; g = g->next)
      if (g != fn && g->nparams && strcmp(g->name, fn->name) == 0) {
        fn->params = g->params;
        fn->nparams = g->nparams;
        break;
      }
  }
}

/* Typedef names first (classification needs them), then async items. */
static void skim_items(Skim *s) {
  for (Item *it = s->ctx->items; it; it = it->next) {
    collect_typedef(s, it);
    collect_awaitables(s, it);
  }
  for (Item *it = s->ctx->items; it; it = it->next)
    classify(s, it);
  complete_empty_params(s->ctx);
}

/* ==================== The driver ==================== */

int parse_file(Ctx *ctx) {
  int errors = ctx->errors;
  if (!ctx->toks && lex_file(ctx) != 0)
    return ctx->errors - errors;
  typedef_set(ctx);
  Skim s = {.ctx = ctx, .eof = ctx->ntoks - 1};
  match_all(&s);
  split_items(&s);

  Includes inc = {.ctx = ctx};
  for (Item *it = ctx->items; it; it = it->next)
    if (T(ctx, it->first)->kind == TK_PP)
      follow_include(&inc, ctx, it->first, true);

  skim_items(&s);
  find_task_types(&s);
  name_return_handles(&s);

  bool await_fn = declares_function(&s, KW_await);
  bool yield_fn = declares_function(&s, KW_yield);
  for (Item *it = ctx->items; it; it = it->next)
    check_misuse(&s, it, await_fn, yield_fn);
  report_unclosed(&s);

  if (ctx->errors != errors)
    return ctx->errors - errors;
  for (Item *it = ctx->items; it; it = it->next)
    if (it->kind == ITEM_ASYNC_DEF)
      parse_async_body(ctx, it);
  return ctx->errors - errors;
}
