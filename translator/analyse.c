/* analyse.c - scopes, frame variables and the language's static checks.
 *
 * Expects: parse_file succeeded; every async definition has its AST.
 * Guarantees, for each async function:
 *   - every N_IDENT that names a parameter or an automatic local has `sym`
 *     set, and that Sym has a frame field name unique in the function
 *     (shadowed names get "x_1", "x_2", ...); fn->frame_vars lists them all;
 *   - every N_CALL of a known async function has `callee` set;
 *   - `has_await` is set on every node whose subtree suspends;
 *   - the checks of the contract are reported (lower_live.c does VLAs'
 *     and alloca's, which need to know what suspends): await inside
 *     sizeof, a task handle discarded by an expression statement, a leaf
 *     operation that cannot be made a task where an await takes a handle,
 *     a yield inside a timeout scope;
 *   - every tag, enumerator and typedef the body declares, which lower_frame.c
 *     moves to file scope, has a name of its own there (`f__pair`,
 *     `f__RED`, `f__pair_1` for a second one), and Ctx.rename gives it
 *     to every token that C's block scopes resolve to that declaration
 *     (an inner declaration hides an outer one, a file-scope tag of the
 *     same name stays itself).
 * Leaves alone: the file outside async functions (skim.c skimmed it).
 */
#include "translator.h"

#include <string.h>

/* A struct, union or enum tag declared in the body. */
typedef struct Tag {
  const char *name;
  const char *hoisted; /* its name at file scope */
  struct Tag *next;
} Tag;

typedef struct Scope {
  struct Scope *up;
  Sym *syms;
  Tag *tags;
} Scope;

/* A name this function has given to something it moves to file scope. */
typedef struct Taken {
  const char *name;
  struct Taken *next;
} Taken;

typedef struct {
  Ctx *ctx;
  AsyncFn *fn;
  Scope *scope;
  Sym **vars_tail;
  Taken *ordinary;  /* statics, enumerators, typedefs at file scope */
  Taken *tags;      /* tags at file scope (C keeps them apart) */
  int in_sizeof;
  int unlowered; /* inside what lowering never reaches (a rejected
                    construct): its checks would only repeat the error */
  int in_catch;  /* catch bodies around the walk: `throw;` rethrows */
  int in_timeout; /* timeout scopes around the walk */
  Node *gen_call; /* the call a `for await` consumes: a generator's call
                     is allowed there only */
} An;

static const char *tok_text(Ctx *ctx, int t, int *len) {
  *len = ctx->toks[t].len;
  return ctx->src.text + ctx->toks[t].off;
}

static AsyncFn *find_async(Ctx *ctx, const char *s, int n) {
  for (AsyncFn *f = ctx->fns; f; f = f->next)
    if ((int)strlen(f->name) == n && !memcmp(f->name, s, (size_t)n)) return f;
  return NULL;
}

/* ---------------------------------------------------------------- scopes */

static void enter_scope(An *an, Scope *s) {
  s->up = an->scope;
  s->syms = NULL;
  s->tags = NULL;
  an->scope = s;
}

static void leave_scope(An *an) { an->scope = an->scope->up; }

static Sym *lookup(An *an, const char *s, int n) {
  for (Scope *sc = an->scope; sc; sc = sc->up)
    for (Sym *y = sc->syms; y; y = y->scope_next)
      if ((int)strlen(y->name) == n && !memcmp(y->name, s, (size_t)n))
        return y;
  return NULL;
}

/* A frame field name for NAME not yet used in this function. */
static const char *unique_field(An *an, const char *name) {
  int k = 0;
  const char *cand = name;
  for (;;) {
    bool taken = false;
    for (Sym *y = an->fn->frame_vars; y; y = y->next)
      if (!strcmp(y->field, cand)) taken = true;
    if (!taken) return cand;
    cand = arena_printf(&an->ctx->arena, "%s_%d", name, ++k);
  }
}

/* "f__NAME", or "f__NAME_K" when this function gave that name already. */
static const char *file_scope_name(An *an, Taken **taken, const char *name) {
  const char *base = arena_printf(&an->ctx->arena, "%s__%s", an->fn->name, name);
  const char *cand = base;
  for (int k = 1;; k++) {
    bool used = false;
    for (Taken *t = *taken; t && !used; t = t->next) used = !strcmp(t->name, cand);
    if (!used) break;
    cand = arena_printf(&an->ctx->arena, "%s_%d", base, k);
  }
  Taken *t = arena_alloc(&an->ctx->arena, sizeof *t);
  t->name = cand;
  t->next = *taken;
  *taken = t;
  return cand;
}

static void rename_tok(An *an, int tok, const char *name) {
  Ctx *ctx = an->ctx;
  if (!ctx->rename) ctx->rename = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)ctx->ntoks);
  ctx->rename[tok] = name;
}

static Sym *declare(An *an, SymKind kind, int name_tok) {
  int n;
  const char *s = tok_text(an->ctx, name_tok, &n);
  Sym *y = arena_alloc(&an->ctx->arena, sizeof *y);
  y->id = an->ctx->nsyms++;
  y->kind = kind;
  y->name = arena_strndup(&an->ctx->arena, s, (size_t)n);
  if (kind == SYM_LOCAL || kind == SYM_PARAM) {
    y->field = unique_field(an, y->name);
    *an->vars_tail = y;
    an->vars_tail = &y->next;
  } else if (kind == SYM_STATIC) {
    /* hoisted to file scope by lower_frame.c under a name of its own */
    y->field = file_scope_name(an, &an->ordinary, y->name);
  } else if (kind == SYM_TYPEDEF || kind == SYM_ENUMCONST) {
    y->field = file_scope_name(an, &an->ordinary, y->name);
    rename_tok(an, name_tok, y->field);
  }
  y->scope_next = an->scope->syms;
  an->scope->syms = y;
  return y;
}

static Tag *declare_tag(An *an, int name_tok) {
  int n;
  const char *s = tok_text(an->ctx, name_tok, &n);
  Tag *t = arena_alloc(&an->ctx->arena, sizeof *t);
  t->name = arena_strndup(&an->ctx->arena, s, (size_t)n);
  t->hoisted = file_scope_name(an, &an->tags, t->name);
  t->next = an->scope->tags;
  an->scope->tags = t;
  rename_tok(an, name_tok, t->hoisted);
  return t;
}

static Tag *lookup_tag(An *an, int name_tok) {
  int n;
  const char *s = tok_text(an->ctx, name_tok, &n);
  for (Scope *sc = an->scope; sc; sc = sc->up)
    for (Tag *t = sc->tags; t; t = t->next)
      if ((int)strlen(t->name) == n && !memcmp(t->name, s, (size_t)n)) return t;
  return NULL;
}

/* Tokens FIRST..LAST of specifiers, a declarator or a type name, in
 * order: tags and enumerators defined there are declared in the current
 * scope, and names that resolve to a tag, an enumerator or a typedef of
 * the body are renamed. SKIP (or -1) is a declarator's own name; TAG_DECL
 * (or -1) the tag of a declaration `struct T;`, which declares a new T. */
static void scan_names(An *an, int first, int last, int skip, int tag_decl) {
  Ctx *ctx = an->ctx;
  for (int i = first; i <= last; i++) {
    const Tok *t = &ctx->toks[i];
    if (i == skip || t->kind != TK_IDENT || t->keyword != KW_NONE) continue;
    int role = ctx->tok_role ? ctx->tok_role[i] : ROLE_NONE;
    if (role == ROLE_TAG_DEF || i == tag_decl) {
      declare_tag(an, i);
    } else if (role == ROLE_TAG) {
      Tag *tag = lookup_tag(an, i);
      if (tag) rename_tok(an, i, tag->hoisted);
    } else if (role == ROLE_ENUMERATOR) {
      declare(an, SYM_ENUMCONST, i);
    } else if (role != ROLE_NOT_ORDINARY && i > 0 && ctx->toks[i - 1].punct != P_DOT &&
               ctx->toks[i - 1].punct != P_ARROW) {
      Sym *y = lookup(an, ctx->src.text + t->off, t->len);
      if (y && (y->kind == SYM_ENUMCONST || y->kind == SYM_TYPEDEF)) rename_tok(an, i, y->field);
    }
  }
}

/* Does a token of FIRST..LAST define a struct, union or enum tag? */
static bool defines_tag(Ctx *ctx, int first, int last) {
  for (int i = first; ctx->tok_role && i <= last; i++)
    if (ctx->tok_role[i] == ROLE_TAG_DEF) return true;
  return false;
}

/* `struct T;` alone declares a new T that hides an outer one: its tag. */
static int forward_tag(An *an, Node *d) {
  Ctx *ctx = an->ctx;
  if (d->list || !ctx->tok_role || ctx->tok_role[d->spec_last] != ROLE_TAG) return -1;
  return d->spec_last;
}

/* If the declaration's specifiers are `task ( T )`, remember T. */
static void note_task_type(An *an, Sym *y, int first, int last) {
  /* the outermost task(T) among the specifiers names the variable's type */
  for (TaskType *t = an->ctx->tasktypes; t; t = t->next)
    if (t->first >= first && t->last <= last) y->task_of = t->mangled;
}

/* ------------------------------------------------------------ the walk */

static void walk(An *an, Node *n);

static void walk_list(An *an, Node *n) {
  for (; n; n = n->next) walk(an, n);
}

static int child_await(Node *n) {
  int h = 0;
  if (n->a) h |= n->a->has_await;
  if (n->b) h |= n->b->has_await;
  if (n->c) h |= n->c->has_await;
  if (n->init) h |= n->init->has_await;
  for (Node *x = n->list; x; x = x->next) h |= x->has_await;
  for (Node *x = n->body; x; x = x->next) h |= x->has_await;
  return h;
}

/* Any identifier in a dimension that names a local makes it a VLA, and
 * so does a call (`char buf[strlen(s) + 1]`: no constant has one). */
static bool mentions_local(An *an, Node *n) {
  if (!n) return false;
  if (n->kind == N_CALL) return true;
  if (n->kind == N_IDENT) {
    int len;
    const char *s = tok_text(an->ctx, n->tok, &len);
    Sym *y = lookup(an, s, len);
    return y && (y->kind == SYM_LOCAL || y->kind == SYM_PARAM);
  }
  if (n->kind == N_SIZEOF) return false;
  if (mentions_local(an, n->a) || mentions_local(an, n->b) ||
      mentions_local(an, n->c))
    return true;
  for (Node *x = n->list; x; x = x->next)
    if (mentions_local(an, x)) return true;
  return false;
}

static bool lowered(An *an);

/* `async int f(int);` inside a body: it says again what the file says
 * (the lowering writes nothing for it), so calls of f still await the
 * file's async f; it declares no name of the block. */
static void walk_async_decl(An *an, Node *d) {
  for (Node *id = d->list; id; id = id->next) {
    int len;
    const char *s = id->tok >= 0 ? tok_text(an->ctx, id->tok, &len) : NULL;
    if (!s || !(id->flags & DF_FUNCTION) || id->init)
      diag_error(an->ctx, id->tok >= 0 ? id->tok : id->first,
                 "only a function can be declared async");
    else if (!find_async(an->ctx, s, len))
      diag_error(an->ctx, id->tok,
                 "'%.*s' is declared async inside a block but not at file scope; "
                 "declare it async at file scope", len, s);
  }
}

static void walk_decl(An *an, Node *d) {
  if (d->flags & DF_ASYNC) {
    walk_async_decl(an, d);
    return;
  }
  scan_names(an, d->spec_first, d->spec_last, -1, forward_tag(an, d));
  for (Node *id = d->list; id; id = id->next) {
    scan_names(an, id->first, id->last, id->tok, -1);
    bool vm = false;
    for (Node *dim = id->list; dim; dim = dim->next) {
      if (!(d->flags & (DF_TYPEDEF | DF_STATIC | DF_EXTERN)) &&
          mentions_local(an, dim))
        vm = true;
      walk(an, dim);
      /* `int a[await n()]`: the declaration awaits before a exists */
      id->has_await |= dim->has_await;
      d->has_await |= dim->has_await;
    }
    /* The initializer sees the name being declared (int x = sizeof x). */
    if (id->tok >= 0) {
      SymKind k = SYM_LOCAL;
      if (d->flags & DF_TYPEDEF) k = SYM_TYPEDEF;
      else if (d->flags & (DF_STATIC | DF_THREAD_LOCAL)) k = SYM_STATIC;
      else if (d->flags & (DF_EXTERN | DF_FUNCTION)) k = SYM_EXTERN;
      Sym *y = declare(an, k, id->tok);
      y->decl = d;
      y->initdecl = id;
      id->sym = y;
      y->vm = vm;
      note_task_type(an, y, d->spec_first, d->spec_last);
    }
    if (id->init) {
      walk(an, id->init);
      id->has_await |= id->init->has_await;
      d->has_await |= id->has_await;
    }
  }
}

static bool is_async_call(Node *e) { return e->kind == N_CALL && e->callee; }

static void check_discarded(An *an, Node *e) {
  while (e->kind == N_PAREN) e = e->a;
  if (!is_async_call(e)) return;
  Ctx *ctx = an->ctx;
  int from = e->first, to = e->last;
  int len = ctx->toks[to].off + ctx->toks[to].len - ctx->toks[from].off;
  /* `(void)f(x);` and `ac_detach(f(x));` are the ways to say "run it in
   * the background"; the README says so, the message stays short. */
  diag_error_span(ctx, e->first, e->last,
                  "task handle discarded; did you mean `await %.*s`?", len,
                  ctx->src.text + ctx->toks[from].off);
}

/* ------------------------------------------------------------ checks
 *
 * What lowering cannot express is rejected here, so that lowering may
 * assume valid input. Each check is made where lowering would reach the
 * construct: not under sizeof (never evaluated), nor inside a construct
 * already rejected (walked with `unlowered` raised, for the other checks
 * of this pass).
 */

static bool lowered(An *an) { return !an->in_sizeof && !an->unlowered; }

static Node *strip_parens(Node *n) {
  while (n && n->kind == N_PAREN) n = n->a;
  return n;
}

/* An await anywhere in N, even under sizeof. */
static bool mentions_await(Node *n) {
  if (!n) return false;
  if (n->kind == N_AWAIT) return true;
  if (mentions_await(n->a) || mentions_await(n->b) || mentions_await(n->c)) return true;
  for (Node *x = n->list; x; x = x->next)
    if (mentions_await(x)) return true;
  return false;
}

/* An await in N that is evaluated (not under sizeof). */
static bool evaluates_await(Node *n) {
  if (!n || n->kind == N_SIZEOF) return false;
  if (n->kind == N_AWAIT) return true;
  if (evaluates_await(n->a) || evaluates_await(n->b) || evaluates_await(n->c) ||
      evaluates_await(n->init))
    return true;
  for (Node *x = n->list; x; x = x->next)
    if (evaluates_await(x)) return true;
  return false;
}

/* `_Generic(.., await x ..)`, `({ .. await x .. })`: the selection is made
 * at compile time, the statement expression is opaque; and the expression
 * of in_thread()/in_process() runs on another thread, where nothing can
 * suspend. Walks N's children, quiet when N is rejected. */
static void walk_children(An *an, Node *n);
static void walk_substatement(An *an, Node *n);

static void walk_checked_expr(An *an, Node *n) {
  bool offload = n->kind == N_IN_THREAD || n->kind == N_IN_PROCESS;
  bool bad = lowered(an) && (offload ? mentions_await(n->a) : evaluates_await(n));
  if (bad) an->unlowered++;
  walk_children(an, n);
  if (!bad) return;
  an->unlowered--;
  if (offload)
    diag_error(an->ctx, n->a->first, "await inside in_thread/in_process: its expression is ordinary C");
  else if (n->kind == N_GENERIC)
    diag_error(an->ctx, n->first,
               "await inside _Generic is not supported; await into a local "
               "first and name the local here");
  else
    diag_error(an->ctx, n->first, "await inside this expression is not supported");
}

/* Does the `}` at RB (after FIRST) close the body of a struct, union or
 * enum specifier, not a block? */
static bool closes_tag_body(Ctx *ctx, int first, int rb) {
  int depth = 0;
  for (int j = rb; j > first; j--) {
    if (ctx->toks[j].punct == P_RBRACE) depth++;
    if (ctx->toks[j].punct == P_LBRACE && --depth == 0)
      return kw_is_tag(tok_keyword(ctx, j - 1)) ||
             (j - 2 >= first && kw_is_tag(tok_keyword(ctx, j - 2)));
  }
  return false;
}

/* Does the statement expression FIRST..LAST declare a name spelled like
 * token I (`int k = ..`, `T *k;`)? Then that name is its own, not the
 * body's. Read from the tokens: a name after a type word or its `*`s and
 * before `=` `;` `,` `[` `)`. */
static bool declares_name(Ctx *ctx, int first, int last, int i) {
  for (int j = first + 1; j < last; j++) {
    if (ctx->toks[j].len != ctx->toks[i].len ||
        memcmp(ctx->src.text + ctx->toks[j].off, ctx->src.text + ctx->toks[i].off,
               (size_t)ctx->toks[i].len) != 0)
      continue;
    const Tok *next = &ctx->toks[j + 1];
    if (next->kind != TK_PUNCT ||
        !(next->punct == P_ASSIGN || next->punct == P_SEMI || next->punct == P_COMMA ||
          next->punct == P_LBRACKET || next->punct == P_RPAREN))
      continue;
    int p = j - 1;
    while (p > first && ctx->toks[p].punct == P_STAR) p--;
    const Tok *t = &ctx->toks[p];
    if (t->kind == TK_IDENT &&
        (kw_is_base_type(t->keyword) || kw_is_qualifier(t->keyword) ||
         (t->keyword == KW_NONE && is_typedef_name(ctx, ctx->src.text + t->off, (size_t)t->len))))
      return true;
    if (t->kind == TK_IDENT && t->keyword == KW_NONE && p > first && kw_is_tag(tok_keyword(ctx, p - 1)))
      return true; /* struct s k; */
    if (t->kind == TK_PUNCT && t->punct == P_RBRACE && closes_tag_body(ctx, first, p))
      return true; /* struct { .. } k; */
  }
  return false;
}

/* An N_IDENT for token I, a name of Y in text copied as written. */
static Node *verbatim_ident(Ctx *ctx, int i, Sym *y) {
  Node *id = arena_alloc(&ctx->arena, sizeof *id);
  id->kind = N_IDENT;
  id->id = ctx->nnodes++;
  id->first = id->last = id->tok = i;
  id->spec_first = id->spec_last = id->type_first = id->type_last = -1;
  id->sym = y;
  return id;
}

/* A GNU statement expression `({ .. })` is copied as written, unparsed;
 * the body's parameters and locals that it names are the frame's all the
 * same: each such name becomes an N_IDENT child of N with its Sym, which
 * the lowering writes as it writes any other (c-testsuite 00214). Names
 * after `.` `->` and struct/union/enum, and names the statement expression
 * declares itself, stay as written. */
static void bind_stmt_expr_names(An *an, Node *n) {
  Ctx *ctx = an->ctx;
  Node **tail = &n->list;
  for (int i = n->first + 2; i < n->last - 1; i++) {
    const Tok *t = &ctx->toks[i];
    if (t->kind != TK_IDENT || t->keyword != KW_NONE) continue;
    if (kw_is_tag(tok_keyword(ctx, i - 1))) {
      /* `struct s x;` of a struct the body declared: its hoisted name */
      Tag *tag = tok_is_punct(ctx, i + 1, P_LBRACE) ? NULL : lookup_tag(an, i);
      if (tag) rename_tok(an, i, tag->hoisted);
      continue;
    }
    int pp = ctx->toks[i - 1].punct;
    if (pp == P_DOT || pp == P_ARROW || tok_keyword(ctx, i - 1) == KW_goto)
      continue;
    Sym *y = lookup(an, ctx->src.text + t->off, t->len);
    if (!y || (y->kind != SYM_LOCAL && y->kind != SYM_PARAM && y->kind != SYM_STATIC)) continue;
    if (declares_name(ctx, n->first, n->last, i)) continue;
    *tail = verbatim_ident(ctx, i, y);
    tail = &(*tail)->next;
  }
}

/* An asm statement is copied as written too; the C expressions of its
 * operands (`"=m" (*addr)`, each in parentheses of its own inside the
 * asm's) may name the body's parameters and locals, which are the
 * frame's: as in a statement expression, each becomes an N_IDENT child.
 * Its template strings, clobbers and goto labels stand outside those
 * parentheses and stay as written (tinycc's 127_asm_goto). */
static void bind_asm_operand_names(An *an, Node *n) {
  Ctx *ctx = an->ctx;
  Node **tail = &n->list;
  int depth = 0;
  for (int i = n->first; i < n->last; i++) {
    const Tok *t = &ctx->toks[i];
    if (t->kind == TK_PUNCT && t->punct == P_LPAREN) depth++;
    if (t->kind == TK_PUNCT && t->punct == P_RPAREN) depth--;
    if (depth < 2 || t->kind != TK_IDENT || t->keyword != KW_NONE) continue;
    int pp = ctx->toks[i - 1].punct;
    if (pp == P_DOT || pp == P_ARROW || kw_is_tag(tok_keyword(ctx, i - 1))) continue;
    Sym *y = lookup(an, ctx->src.text + t->off, t->len);
    if (!y || (y->kind != SYM_LOCAL && y->kind != SYM_PARAM && y->kind != SYM_STATIC)) continue;
    *tail = verbatim_ident(ctx, i, y);
    tail = &(*tail)->next;
  }
}

/* Is the token after an `await` at I an operand's start (a name, a
 * literal, `(`, a unary operator), so that the await is the operator? */
static bool await_operator_at(Ctx *ctx, int i) {
  if (tok_keyword(ctx, i) != KW_await) return false;
  if (i > 0 && (ctx->toks[i - 1].punct == P_DOT || ctx->toks[i - 1].punct == P_ARROW))
    return false;
  const Tok *t = &ctx->toks[i + 1];
  if (t->kind == TK_IDENT || t->kind == TK_NUMBER || t->kind == TK_CHAR ||
      t->kind == TK_STRING)
    return true;
  return t->kind == TK_PUNCT && (t->punct == P_LPAREN || t->punct == P_STAR ||
                                 t->punct == P_AMP || t->punct == P_MINUS ||
                                 t->punct == P_BANG || t->punct == P_TILDE);
}

/* A GNU statement expression `({ .. })` is copied as it is, unparsed: an
 * await in it would reach the C compiler as a stray word. Say so here. */
static void check_stmt_expr_awaits(An *an, Node *n) {
  if (!lowered(an)) return;
  for (int i = n->first; i <= n->last; i++) {
    if (await_operator_at(an->ctx, i)) {
      diag_error(an->ctx, i,
                 "await inside a statement expression ({ .. }) is not supported; "
                 "await into a local before it and name the local inside");
      return;
    }
    /* copied as is, it would return from the generated resume function
     * (tinycc tests2/87_dead_code: `0 && ({ return; 0; })`) */
    if (tok_keyword(an->ctx, i) == KW_return) {
      diag_error(an->ctx, i,
                 "return inside a statement expression ({ .. }) is not supported "
                 "in an async function");
      return;
    }
  }
}

/* Where an await takes a handle (ac_wait_for's and ac_shield's first
 * argument, each of ac_gather's), the lowering makes a leaf operation's
 * call a task of its own, whose parameters are the operation's declared
 * ones: each needs a name (and no `...`) in its AC_AWAITABLE. */
static void check_leaf_handles(An *an, Node *e) {
  Ctx *ctx = an->ctx;
  e = strip_parens(e);
  if (!lowered(an) || e->kind != N_CALL || e->a->kind != N_IDENT || e->a->sym) return;
  bool gather = tok_spells(ctx, e->a->tok, "ac_gather");
  if (!gather && !tok_spells(ctx, e->a->tok, "ac_wait_for") &&
      !tok_spells(ctx, e->a->tok, "ac_shield"))
    return;
  for (Node *x = e->list; x; x = gather ? x->next : NULL) {
    Node *c = strip_parens(x);
    if (c->kind != N_CALL || c->callee || c->a->kind != N_IDENT || c->a->sym) continue;
    int len;
    const char *name = tok_text(ctx, c->a->tok, &len);
    const Awaitable *op = find_awaitable(ctx, name, (size_t)len);
    if (op && !op->params)
      diag_error_span(ctx, c->first, c->last,
                      "%s cannot be a task here: its AC_AWAITABLE declaration must name "
                      "every parameter (and have no `...`)",
                      op->name);
  }
}

/* `return x;` in a generator (its values are yielded). */
static void walk_return(An *an, Node *n) {
  bool bad = n->a && an->fn->is_generator && lowered(an);
  if (bad) {
    diag_error(an->ctx, n->a->first, "an async generator returns no value; use `yield`");
    an->unlowered++;
  }
  walk(an, n->a);
  if (bad) an->unlowered--;
}

/* `throw;` rethrows the exception a catch block is handling. */
static void walk_throw(An *an, Node *n) {
  if (!n->a && !an->in_catch && lowered(an))
    diag_error(an->ctx, n->first, "`throw;` outside a catch block");
  walk(an, n->a);
}

/* for await (T v in g(args)): G must be an async generator, or known here
 * only by a prototype (the runtime then checks). */
static void walk_for_await(An *an, Node *n) {
  Scope sc;
  enter_scope(an, &sc);
  walk(an, n->init);
  Node *call = strip_parens(n->a);
  Node *outer = an->gen_call;
  an->gen_call = call;
  walk(an, n->a);
  an->gen_call = outer;
  walk(an, n->c);
  AsyncFn *g = call && call->kind == N_CALL ? call->callee : NULL;
  bool bad = (!g || !(g->is_generator || g->maybe_generator)) &&
             lowered(an);
  if (bad) {
    diag_error(an->ctx, n->a ? n->a->first : n->first,
               "`for await` needs a call of an async generator");
    an->unlowered++;
  }
  walk(an, n->b);
  if (bad) an->unlowered--;
  leave_scope(an);
}

/* try A catch (int v) B finally C: B is a catch body. */
static void walk_try(An *an, Node *n) {
  Scope sc;
  walk(an, n->a);
  enter_scope(an, &sc);
  if (n->tok >= 0 && n->b) n->sym = declare(an, SYM_LOCAL, n->tok);
  an->in_catch++;
  walk(an, n->b);
  an->in_catch--;
  leave_scope(an);
  walk(an, n->c);
}

/* ac_timeout (A[, C]) B. A yield inside B would hand the value to the
 * consumer with the deadline still running: the consumer's own code, in
 * the same task, would be cancelled (Trio forbids it for the same reason). */
static void walk_timeout(An *an, Node *n) {
  walk(an, n->a);
  walk(an, n->c);
  an->in_timeout++;
  walk(an, n->b);
  an->in_timeout--;
}

static void walk_ident(An *an, Node *n) {
  int len;
  const char *s = tok_text(an->ctx, n->tok, &len);
  Sym *y = lookup(an, s, len);
  if (y && (y->kind == SYM_LOCAL || y->kind == SYM_PARAM || y->kind == SYM_STATIC))
    n->sym = y;
  else if (y && (y->kind == SYM_ENUMCONST || y->kind == SYM_TYPEDEF))
    rename_tok(an, n->tok, y->field);
}

/* A call of a generator of this file anywhere but as a `for await`'s
 * source (awaited, or started as a task): it would fail at its first
 * yield (runtime/generator.c), so say so now. */
static void check_generator_use(An *an, Node *call) {
  if (call->callee && call->callee->is_generator && call != an->gen_call && lowered(an) &&
      !an->in_sizeof)
    diag_error(an->ctx, call->a->tok,
               "`%s` is an async generator: consume it with `for await`, not as a function",
               call->callee->name);
}

/* Does a `#define NAME(` of this file make NAME a function-like macro? */
static bool is_function_macro(Ctx *ctx, const char *name, int len) {
  for (int i = 0; i < ctx->ntoks; i++) {
    const Tok *t = &ctx->toks[i];
    if (t->kind != TK_PP) continue;
    const char *p = ctx->src.text + t->off, *end = p + t->len;
    p += *p == '%' ? 2 : 1; /* `#` or the digraph `%:` */
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (end - p < 6 || memcmp(p, "define", 6) != 0) continue;
    p += 6;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (end - p > len && memcmp(p, name, (size_t)len) == 0 && p[len] == '(') return true;
  }
  return false;
}

/* `x(y)` where x is a function-like macro is the macro's, whatever a
 * local of the same name says (c-testsuite 00079: `int x; x = x(y);`):
 * the name is left as written, not made the frame's variable. */
static bool calls_macro(An *an, Node *callee) {
  if (callee->kind != N_IDENT) return false;
  int len;
  const char *s = tok_text(an->ctx, callee->tok, &len);
  Sym *y = lookup(an, s, len);
  return y && (y->kind == SYM_LOCAL || y->kind == SYM_PARAM) &&
         is_function_macro(an->ctx, s, len);
}

static void walk_call(An *an, Node *n) {
  if (calls_macro(an, n->a)) {
    walk_list(an, n->list);
    return;
  }
  walk(an, n->a);
  walk_list(an, n->list);
  if (n->a->kind == N_IDENT && n->a->sym) return;
  if (n->a->kind == N_IDENT && !n->a->sym) {
    int len;
    const char *s = tok_text(an->ctx, n->a->tok, &len);
    if (lookup(an, s, len) == NULL) {
      n->callee = find_async(an->ctx, s, len);
      check_generator_use(an, n); /* alloca: lower_live.c checks it */
    }
  }
}

static void walk(An *an, Node *n) {
  if (!n) return;
  if (++an->ctx->depth > MAX_DEPTH) {
    diag_error(an->ctx, n->first, "nesting too deep");
    an->ctx->depth--;
    return;
  }
  Scope sc;
  switch (n->kind) {
  case N_BLOCK:
    enter_scope(an, &sc);
    walk_list(an, n->body);
    leave_scope(an);
    break;
  case N_FOR_AWAIT:
    walk_for_await(an, n);
    break;
  case N_FOR:
    enter_scope(an, &sc);
    walk(an, n->init);
    walk(an, n->a);
    walk(an, n->c);
    walk(an, n->b);
    leave_scope(an);
    break;
  case N_IF:
  case N_WHILE:
  case N_DO:
  case N_SWITCH:
    /* C11 6.8.4p3, 6.8.5p5: the statement is a block and so is each
     * substatement, so what its condition declares ends with it
     * (`if (sizeof(enum { in = 1 })) ..; in` is the outer in again) */
    enter_scope(an, &sc);
    if (n->kind != N_DO) walk(an, n->a);
    walk_substatement(an, n->b);
    walk_substatement(an, n->c);
    if (n->kind == N_DO) walk(an, n->a); /* the body comes first */
    leave_scope(an);
    break;
  case N_GOTO:
    if (n->a)
      diag_error(an->ctx, n->first,
                 "a computed goto (goto *) is not supported in an async function: "
                 "it cannot follow its state machine");
    walk_children(an, n);
    break;
  case N_UNARY:
    if (n->op == P_ANDAND)
      diag_error_span(an->ctx, n->first, n->last,
                 "the address of a label (&&%.*s) is not supported in an async function: "
                 "computed gotos cannot follow its state machine",
                 an->ctx->toks[n->a->tok].len, an->ctx->src.text + an->ctx->toks[n->a->tok].off);
    walk_children(an, n);
    break;
  case N_DECL:
    walk_decl(an, n);
    break;
  case N_TRY:
    walk_try(an, n);
    break;
  case N_TIMEOUT:
    walk_timeout(an, n);
    break;
  case N_RETURN:
    walk_return(an, n);
    break;
  case N_THROW:
    walk_throw(an, n);
    break;
  case N_IN_THREAD:
  case N_IN_PROCESS:
    walk_checked_expr(an, n);
    break;
  case N_EXPR_STMT:
    walk(an, n->a);
    if (n->a) check_discarded(an, n->a);
    break;
  case N_IDENT:
    walk_ident(an, n);
    break;
  case N_CALL:
    walk_call(an, n);
    break;
  case N_CAST:
  case N_COMPOUND:
    scan_names(an, n->type_first, n->type_last, -1, -1);
    walk(an, n->a);
    walk(an, n->init);
    break;
  case N_GENERIC:
  case N_STMT_EXPR:
    scan_names(an, n->first, n->last, -1, -1);
    walk_checked_expr(an, n);
    if (n->kind == N_STMT_EXPR) {
      check_stmt_expr_awaits(an, n);
      bind_stmt_expr_names(an, n);
    }
    break;
  case N_ASM:
    bind_asm_operand_names(an, n);
    break;
  case N_LITERAL: /* a type name as a macro's argument: `va_arg(ap, struct s *)` */
    /* one that defines a tag (`offsetof(struct T { .. }, m)`) keeps it
     * where it stands, under its own name: copied as written */
    if (!defines_tag(an->ctx, n->first, n->last))
      scan_names(an, n->first, n->last, -1, -1);
    break;
  case N_TYPENAME:
    scan_names(an, n->first, n->last, -1, -1);
    walk(an, n->a);
    walk_list(an, n->list);
    break;
  case N_INITITEM: /* designators: [RED] = ... */
    scan_names(an, n->first, n->a ? n->a->first - 1 : n->last, -1, -1);
    walk(an, n->a);
    break;
  case N_SIZEOF:
    if (!n->a) scan_names(an, n->type_first, n->type_last, -1, -1);
    an->in_sizeof++;
    walk(an, n->a);
    an->in_sizeof--;
    if (n->a && n->a->has_await)
      diag_error(an->ctx, n->first,
                 "await inside sizeof is never evaluated");
    n->has_await = 0;
    an->ctx->depth--;
    return;
  case N_AWAIT:
    walk(an, n->a);
    check_leaf_handles(an, n->a);
    n->has_await = 1;
    an->ctx->depth--;
    return;
  case N_YIELD:
    if (an->in_timeout > 0 && lowered(an))
      diag_error(an->ctx, n->first,
                 "yield inside a timeout scope: the deadline would run on in the "
                 "consumer's code; leave the scope before yielding");
    walk(an, n->a);
    n->has_await = 1;
    an->ctx->depth--;
    return;
  default:
    walk_children(an, n);
    break;
  }
  n->has_await |= child_await(n);
  an->ctx->depth--;
}

static void walk_substatement(An *an, Node *n) {
  Scope sc;
  enter_scope(an, &sc);
  walk(an, n);
  leave_scope(an);
}

static void walk_children(An *an, Node *n) {
  walk(an, n->a);
  walk(an, n->b);
  walk(an, n->c);
  walk(an, n->init);
  walk_list(an, n->list);
}

/* The names lower.c gives to the function's own structs and functions
 * are taken before any of the body's. */
static void reserve_generated_names(An *an) {
  static const char *const tags[] = {"frame", "temps", "all"};
  static const char *const ordinary[] = {"info", "lines", "call", "spawn", "resume"};
  for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
    file_scope_name(an, &an->tags, tags[i]);
  for (size_t i = 0; i < sizeof ordinary / sizeof *ordinary; i++)
    file_scope_name(an, &an->ordinary, ordinary[i]);
}

static void analyse_fn(Ctx *ctx, AsyncFn *fn) {
  An an = {.ctx = ctx, .fn = fn, .vars_tail = &fn->frame_vars};
  reserve_generated_names(&an);
  Scope params;
  enter_scope(&an, &params);
  for (Param *p = fn->params; p; p = p->next) {
    if (p->name < 0) {
      diag_error(ctx, p->first, "parameter of an async function needs a name");
      continue;
    }
    Sym *y = declare(&an, SYM_PARAM, p->name);
    y->param = p;
    note_task_type(&an, y, p->first, p->last);
  }
  if (fn->variadic)
    diag_error(ctx, fn->params_rparen - 1,
               "an async function cannot be variadic: its arguments are gone once "
               "the caller returns; pass a va_list or an array");
  walk(&an, fn->body);
  leave_scope(&an);
}

/* A definition of the function NAME in this file, or NULL. */
static AsyncFn *find_definition(Ctx *ctx, const char *name) {
  for (AsyncFn *f = ctx->fns; f; f = f->next)
    if (f->body && !strcmp(f->name, name)) return f;
  return NULL;
}

/* A prototype learns from its definition that the function is a generator
 * (its body has a yield). One without a definition here (another file's
 * or a library's function) may be one: only the runtime can tell, so
 * `for await` accepts it unless it returns void or is static. */
static void share_generator_flags(Ctx *ctx) {
  for (AsyncFn *g = ctx->fns; g; g = g->next) {
    AsyncFn *def = find_definition(ctx, g->name);
    if (def && def->is_generator) g->is_generator = true;
    g->maybe_generator = !def && !g->returns_void && !g->is_static;
  }
}

int analyse(Ctx *ctx) {
  int before = ctx->errors;
  share_generator_flags(ctx);
  for (Item *it = ctx->items; it; it = it->next)
    if (it->kind == ITEM_ASYNC_DEF && it->fn && it->fn->body)
      analyse_fn(ctx, it->fn);
  return ctx->errors - before;
}
