/* ast.c - the driver of the Lemon grammar, its token classifier and the
 * AST builders its actions call.
 *
 * Expects: ctx->toks from lex_file, and an Item from the skimmer
 * (parse.c) whose fn->params_rparen is known. Guarantees: on success
 * it->fn->body is an N_BLOCK covering the body's `{`..`}`, every node
 * covers exactly its tokens (first..last, inclusive) and an expression's
 * range nests inside its parent's, so emit.c can copy any node's bytes
 * and substitute sub-ranges. Leaves alone: everything outside the body;
 * no symbol resolution (analyse.c) and no checks beyond syntax.
 *
 * Conventions: parse_async_body feeds the tokens one by one, each first
 * through classify(), which turns a Tok into a Lemon terminal (TOK_*).
 * Balanced constructs we never look inside become one terminal whose
 * value is their first token; ParseState.end remembers where they end.
 * After the first syntax error nothing more is fed (one message per
 * body, at the token that broke the rule). All state is in a ParseState
 * on the C stack, reached through ctx->parse; nodes come from the arena.
 */
#include "ast.h"

#include "parser.h"

#include <stdlib.h>
#include <string.h>

/* Lemon's entry points (generated into parser.c, no header for them). */
void *AcParseAlloc(void *(*alloc)(size_t), Ctx *ctx);
void AcParse(void *parser, int major, int minor);
void AcParseFree(void *parser, void (*dealloc)(void *));

typedef struct ParseState {
  Item *it;
  int base, n;        /* the body: tokens base .. base+n-1 */
  int *match;         /* [k]: index of the bracket matching base+k, or -1 */
  int *end;           /* [k]: last token of an opaque construct at base+k */
  Node *root;
  bool saw_yield;
  bool failed;        /* a syntax error was reported: stop feeding */
  int prev, prev_code;/* last token fed and its terminal; -1 / 0 at start */
  int last_fed;
  List enums;         /* enumerators not yet claimed by a declaration */
  int for_await_lp;   /* the `(` of the for-await head being read, or -1 */
  bool in_seen;       /* its IN was classified */
  /* Typedef names that a parameter or local declares as an ordinary name
   * (`int T = 1;`): until the block that declared them closes, they are
   * identifiers. depth counts the braces open in the body. */
  struct Shadow { int tok, depth; } *shadow;
  int nshadow, shadow_cap, depth;
} ParseState;

static ParseState *ps_of(Ctx *ctx) { return ctx->parse; }

static bool same_text(Ctx *ctx, int a, int b) {
  const Tok *x = &ctx->toks[a], *y = &ctx->toks[b];
  return x->len == y->len && !memcmp(ctx->src.text + x->off, ctx->src.text + y->off, (size_t)x->len);
}

/* Name token TOK hides the typedef it spells until brace depth DEPTH
 * closes. */
static void shadow_push(Ctx *ctx, ParseState *ps, int tok, int depth) {
  if (!is_typedef_name(ctx, ctx->src.text + ctx->toks[tok].off, (size_t)ctx->toks[tok].len))
    return;
  if (ps->nshadow == ps->shadow_cap) {
    int cap = ps->shadow_cap ? 2 * ps->shadow_cap : 8;
    struct Shadow *a = arena_alloc(&ctx->arena, sizeof *a * (size_t)cap);
    if (ps->nshadow) memcpy(a, ps->shadow, sizeof *a * (size_t)ps->nshadow);
    ps->shadow = a;
    ps->shadow_cap = cap;
  }
  ps->shadow[ps->nshadow].tok = tok;
  ps->shadow[ps->nshadow++].depth = depth;
}

static bool is_shadowed(Ctx *ctx, ParseState *ps, int tok) {
  for (int k = ps->nshadow - 1; k >= 0; k--)
    if (same_text(ctx, ps->shadow[k].tok, tok)) return true;
  return false;
}

static Tok *tok_at(Ctx *ctx, int i) { return &ctx->toks[i]; }

/* The index of the bracket matching I, or -1. */
static int match_of(ParseState *ps, int i) {
  if (i < ps->base || i >= ps->base + ps->n)
    return -1;
  return ps->match[i - ps->base];
}

/* The last token of the construct whose terminal has value I. */
static int end_of(Ctx *ctx, int i) {
  ParseState *ps = ps_of(ctx);
  if (!ps || i < ps->base || i >= ps->base + ps->n)
    return i;
  int e = ps->end[i - ps->base];
  return e > i ? e : i;
}

/* ==================== Spans, lists, nodes ==================== */

Span span_tok(Ctx *ctx, int tok) { return span_range(tok, end_of(ctx, tok)); }

Span span_join(Span a, Span b) { return span_range(a.first, b.last); }

Span span_range(int first, int last) {
  Span s = {first, last};
  return s;
}

List list_none(void) {
  List l = {0, 0};
  return l;
}

List list_one(Node *n) {
  List l = {n, n};
  return l;
}

List list_add(List l, Node *n) {
  if (!l.head)
    return list_one(n);
  l.tail->next = n;
  l.tail = n;
  return l;
}

static Node *new_node(Ctx *ctx, NodeKind kind, int first, int last) {
  Node *n = arena_alloc(&ctx->arena, sizeof *n);
  n->kind = kind;
  n->first = first;
  n->last = last;
  n->tok = -1;
  n->spec_first = n->spec_last = -1;
  n->type_first = n->type_last = -1;
  return n;
}

/* The Punct of operator token OP. */
static int op_of(Ctx *ctx, int op) { return tok_at(ctx, op)->punct; }

/* ==================== Statements ==================== */

void ast_body(Ctx *ctx, Node *block) { ps_of(ctx)->root = block; }

Node *ast_block(Ctx *ctx, int lc, List items, int rc) {
  Node *n = new_node(ctx, N_BLOCK, lc, rc);
  n->tok = lc;
  n->body = items.head;
  return n;
}

Node *ast_expr_stmt(Ctx *ctx, Node *e, int semi) {
  Node *n = new_node(ctx, N_EXPR_STMT, e->first, semi);
  n->tok = e->first;
  n->a = e;
  return n;
}

Node *ast_if(Ctx *ctx, int kw, Node *cond, Node *then, Node *els) {
  Node *n = new_node(ctx, N_IF, kw, (els ? els : then)->last);
  n->tok = kw;
  n->a = cond;
  n->b = then;
  n->c = els;
  return n;
}

Node *ast_while(Ctx *ctx, int kw, Node *cond, Node *body) {
  Node *n = new_node(ctx, N_WHILE, kw, body->last);
  n->tok = kw;
  n->a = cond;
  n->b = body;
  return n;
}

Node *ast_do(Ctx *ctx, int kw, Node *body, Node *cond, int semi) {
  Node *n = new_node(ctx, N_DO, kw, semi);
  n->tok = kw;
  n->a = cond;
  n->b = body;
  return n;
}

Node *ast_for(Ctx *ctx, int kw, Node *init, Node *cond, Node *step,
              Node *body) {
  Node *n = new_node(ctx, N_FOR, kw, body->last);
  n->tok = kw;
  n->init = init;
  n->a = cond;
  n->c = step;
  n->b = body;
  return n;
}

Node *ast_switch(Ctx *ctx, int kw, Node *cond, Node *body) {
  Node *n = new_node(ctx, N_SWITCH, kw, body->last);
  n->tok = kw;
  n->a = cond;
  n->b = body;
  return n;
}

Node *ast_case(Ctx *ctx, int kw, Node *lo, Node *hi, Node *stmt) {
  Node *n = new_node(ctx, N_CASE, kw, stmt->last);
  n->tok = kw;
  n->a = lo;
  n->c = hi;
  n->b = stmt;
  return n;
}

Node *ast_default(Ctx *ctx, int kw, Node *stmt) {
  Node *n = new_node(ctx, N_DEFAULT, kw, stmt->last);
  n->tok = kw;
  n->b = stmt;
  return n;
}

/* break; continue; return [value]; */
Node *ast_jump(Ctx *ctx, NodeKind kind, int kw, Node *value, int semi) {
  Node *n = new_node(ctx, kind, kw, semi);
  n->tok = kw;
  n->a = value;
  return n;
}

Node *ast_goto(Ctx *ctx, int kw, int label, int semi) {
  Node *n = new_node(ctx, N_GOTO, kw, semi);
  n->tok = label;
  return n;
}

Node *ast_label(Ctx *ctx, int name, Node *stmt) {
  Node *n = new_node(ctx, N_LABEL, name, stmt->last);
  n->tok = name;
  n->b = stmt;
  return n;
}

Node *ast_empty(Ctx *ctx, int semi) {
  Node *n = new_node(ctx, N_EMPTY, semi, semi);
  n->tok = semi;
  return n;
}

Node *ast_try(Ctx *ctx, int kw, Node *body, int var, Node *handler,
              Node *final) {
  Node *n = new_node(ctx, N_TRY, kw, (final ? final : handler)->last);
  n->tok = var;
  n->a = body;
  n->b = handler;
  n->c = final;
  return n;
}

Node *ast_throw(Ctx *ctx, int kw, Node *a, int semi) {
  Node *n = new_node(ctx, N_THROW, kw, semi);
  n->tok = kw;
  n->a = a;
  return n;
}

Node *ast_defer(Ctx *ctx, int kw, Node *stmt) {
  Node *n = new_node(ctx, N_DEFER, kw, stmt->last);
  n->tok = kw;
  n->b = stmt;
  return n;
}

/* A yield anywhere in the body makes the function a generator. */
Node *ast_yield(Ctx *ctx, int kw, Node *a, int semi) {
  Node *n = new_node(ctx, N_YIELD, kw, semi);
  n->tok = kw;
  n->a = a;
  ps_of(ctx)->saw_yield = true;
  return n;
}

/* for await (SPECS D in GEN) BODY: init is an N_DECL of the one variable,
 * without initializer, covering SPECS..D. */
Node *ast_for_await(Ctx *ctx, int kw, Span specs, Decl d, Node *gen,
                    Node *body) {
  Node *id = ast_initdecl(ctx, d, 0);
  Node *decl = new_node(ctx, N_DECL, specs.first, d.last);
  decl->tok = id->tok;
  decl->spec_first = specs.first;
  decl->spec_last = specs.last;
  decl->list = id;
  Node *n = new_node(ctx, N_FOR_AWAIT, kw, body->last);
  n->tok = kw;
  n->init = decl;
  n->a = gen;
  n->b = body;
  return n;
}

Node *ast_asm(Ctx *ctx, int kw, int semi) {
  Node *n = new_node(ctx, N_ASM, kw, semi);
  n->tok = kw;
  return n;
}

Node *ast_static_assert(Ctx *ctx, int kw, int semi) {
  Node *n = new_node(ctx, N_STATIC_ASSERT, kw, semi);
  n->tok = kw;
  return n;
}

/* ==================== Declarations ==================== */

/* DF_* flags of the specifiers FIRST..LAST. Only tokens at bracket depth
 * 0 count: `struct { int (*f)(register int); }` is not a register
 * declaration. A `{` at depth 0 is a struct/union/enum body. */
static int spec_flags(Ctx *ctx, int first, int last) {
  int flags = 0, depth = 0;
  for (int i = first; i <= last; i++) {
    Tok *t = tok_at(ctx, i);
    if (t->kind == TK_PUNCT) {
      if (t->punct == P_LBRACE && depth == 0)
        flags |= DF_DEFINES_TYPE;
      if (t->punct == P_LPAREN || t->punct == P_LBRACE ||
          t->punct == P_LBRACKET)
        depth++;
      else if (t->punct == P_RPAREN || t->punct == P_RBRACE ||
               t->punct == P_RBRACKET)
        depth--;
      continue;
    }
    if (depth != 0 || t->kind != TK_IDENT)
      continue;
    switch (t->keyword) {
    case KW_typedef: flags |= DF_TYPEDEF; break;
    case KW_static: flags |= DF_STATIC; break;
    case KW_extern: flags |= DF_EXTERN; break;
    case KW_register: flags |= DF_REGISTER; break;
    case KW__Thread_local: flags |= DF_THREAD_LOCAL; break;
    default: break;
    }
  }
  return flags;
}

/* SPECS INITDECLS ; -- a typedef's names become TYPE_NAME for the tokens
 * after its `;` (the lexer hack; see classify()). */
Node *ast_decl(Ctx *ctx, Span specs, List initdecls, int semi) {
  ParseState *ps = ps_of(ctx);
  Node *n = new_node(ctx, N_DECL, specs.first, semi);
  n->tok = specs.first;
  n->spec_first = specs.first;
  n->spec_last = specs.last;
  n->list = initdecls.head;
  n->flags = spec_flags(ctx, specs.first, specs.last);
  n->enums = ps->enums.head;
  ps->enums = list_none();
  for (Node *d = n->list; d; d = d->next) {
    n->flags |= d->flags & DF_FUNCTION;
    if ((n->flags & DF_TYPEDEF) && d->tok >= 0) {
      Tok *t = tok_at(ctx, d->tok);
      add_typedef_name(ctx, ctx->src.text + t->off, (size_t)t->len);
    }
  }
  /* a typedef's names were taken for variables by ast_initdecl */
  if (n->flags & DF_TYPEDEF)
    while (ps->nshadow > 0 && ps->shadow[ps->nshadow - 1].tok >= n->first) ps->nshadow--;
  return n;
}

/* Whether the declaration whose declarator starts at FIRST is a typedef:
 * its specifiers, back to the `;`, `{` or `}` before them (bodies of
 * structs among them skipped whole), say `typedef`. */
static bool in_typedef(Ctx *ctx, ParseState *ps, int first) {
  for (int i = first - 1; i >= ps->base; i--) {
    const Tok *t = tok_at(ctx, i);
    if (t->kind == TK_PUNCT && t->punct == P_RBRACE) {
      int open = match_of(ps, i);
      if (open < 0 || open < ps->base) return false;
      i = open;
      if (i - 1 >= ps->base && tok_at(ctx, i - 1)->kind == TK_PUNCT &&
          tok_at(ctx, i - 1)->punct == P_RPAREN)
        return false; /* the `)` of a statement head: a block */
      continue;
    }
    if (t->kind == TK_PUNCT && (t->punct == P_SEMI || t->punct == P_LBRACE)) return false;
    if (t->kind == TK_IDENT && t->keyword == KW_typedef) return true;
  }
  return false;
}

Node *ast_initdecl(Ctx *ctx, Decl d, Node *init) {
  Node *n = new_node(ctx, N_INITDECL, d.first, d.last);
  /* Reduced before the token after its `;` or `,` is classified: from
   * there on, a variable that spells a typedef name is a variable (a
   * typedef that declares it again keeps it a type name). */
  if (d.name >= 0 && !in_typedef(ctx, ps_of(ctx), d.first))
    shadow_push(ctx, ps_of(ctx), d.name, ps_of(ctx)->depth);
  n->tok = d.name;
  n->init = init;
  n->list = d.dims.head;
  if (d.deriv == DERIV_FUNC)
    n->flags = DF_FUNCTION;
  return n;
}

void ast_role(Ctx *ctx, int tok, int role) {
  if (tok < 0 || tok >= ctx->ntoks) return;
  if (!ctx->tok_role) ctx->tok_role = arena_alloc(&ctx->arena, (size_t)ctx->ntoks);
  ctx->tok_role[tok] = (unsigned char)role;
}

void ast_enumerator(Ctx *ctx, int name) {
  ParseState *ps = ps_of(ctx);
  ast_role(ctx, name, ROLE_ENUMERATOR);
  Node *n = new_node(ctx, N_IDENT, name, name);
  n->tok = name;
  ps->enums = list_add(ps->enums, n);
}

Decl decl_name(int tok) {
  Decl d = {tok, tok, tok, DERIV_NONE, {0, 0}};
  return d;
}

Decl decl_paren(int lp, Decl d, int rp) {
  d.first = lp;
  d.last = rp;
  return d;
}

Decl decl_array(Decl d, Node *dim, int rb) {
  d.last = rb;
  if (d.deriv == DERIV_NONE)
    d.deriv = DERIV_ARRAY;
  if (dim)
    d.dims = list_add(d.dims, dim);
  return d;
}

Decl decl_func(Decl d, int rp) {
  d.last = rp;
  if (d.deriv == DERIV_NONE)
    d.deriv = DERIV_FUNC;
  return d;
}

Decl decl_pointer(Span ptr, Decl d) {
  d.first = ptr.first;
  if (d.deriv == DERIV_NONE)
    d.deriv = DERIV_PTR;
  return d;
}

Decl decl_attr(Ctx *ctx, Decl d, int kw) {
  d.last = end_of(ctx, kw);
  return d;
}

/* ==================== Expressions ==================== */

Node *ast_ident(Ctx *ctx, int tok) {
  Node *n = new_node(ctx, N_IDENT, tok, tok);
  n->tok = tok;
  return n;
}

Node *ast_literal(Ctx *ctx, Span s) {
  Node *n = new_node(ctx, N_LITERAL, s.first, s.last);
  n->tok = s.first;
  return n;
}

Node *ast_generic(Ctx *ctx, int kw, Node *control, List assocs, int rp) {
  Node *n = new_node(ctx, N_GENERIC, kw, rp);
  n->tok = kw;
  n->a = control;
  n->list = assocs.head;
  return n;
}

/* ({..}): one terminal, copied as it is. */
Node *ast_opaque(Ctx *ctx, NodeKind kind, int tok) {
  Node *n = new_node(ctx, kind, tok, end_of(ctx, tok));
  n->tok = tok;
  return n;
}

Node *ast_paren(Ctx *ctx, int lp, Node *e, int rp) {
  Node *n = new_node(ctx, N_PAREN, lp, rp);
  n->tok = lp;
  n->a = e;
  return n;
}

Node *ast_call(Ctx *ctx, Node *fn, List args, int rp) {
  Node *n = new_node(ctx, N_CALL, fn->first, rp);
  n->tok = fn->tok;
  n->a = fn;
  n->list = args.head;
  return n;
}

Node *ast_index(Ctx *ctx, Node *a, Node *idx, int rb) {
  Node *n = new_node(ctx, N_INDEX, a->first, rb);
  n->tok = a->tok;
  n->a = a;
  n->b = idx;
  return n;
}

Node *ast_member(Ctx *ctx, Node *a, int op, int name) {
  Node *n = new_node(ctx, N_MEMBER, a->first, name);
  n->tok = name;
  n->op = op_of(ctx, op);
  n->a = a;
  return n;
}

Node *ast_postfix(Ctx *ctx, Node *a, int op) {
  Node *n = new_node(ctx, N_POSTFIX, a->first, op);
  n->tok = op;
  n->op = op_of(ctx, op);
  n->a = a;
  return n;
}

Node *ast_unary(Ctx *ctx, int op, Node *a) {
  Node *n = new_node(ctx, N_UNARY, op, a->last);
  n->tok = op;
  n->op = op_of(ctx, op);
  n->a = a;
  return n;
}

/* `__extension__ E` is E whose range starts at the keyword: the keyword
 * only silences -pedantic, so it is copied with E and builds no node. */
Node *ast_extension(Ctx *ctx, int kw, Node *a) {
  (void)ctx;
  a->first = kw;
  return a;
}

Node *ast_sizeof_expr(Ctx *ctx, int kw, Node *a) {
  Node *n = new_node(ctx, N_SIZEOF, kw, a->last);
  n->tok = kw;
  n->a = a;
  return n;
}

Node *ast_sizeof_type(Ctx *ctx, int kw, Span type, int rp) {
  Node *n = new_node(ctx, N_SIZEOF, kw, rp);
  n->tok = kw;
  n->type_first = type.first;
  n->type_last = type.last;
  return n;
}

Node *ast_cast(Ctx *ctx, int lp, Span type, Node *a) {
  Node *n = new_node(ctx, N_CAST, lp, a->last);
  n->tok = lp;
  n->type_first = type.first;
  n->type_last = type.last;
  n->a = a;
  return n;
}

Node *ast_compound(Ctx *ctx, int lp, Span type, Node *init) {
  Node *n = new_node(ctx, N_COMPOUND, lp, init->last);
  n->tok = lp;
  n->type_first = type.first;
  n->type_last = type.last;
  n->init = init;
  return n;
}

Node *ast_binary(Ctx *ctx, Node *a, int op, Node *b) {
  int p = op_of(ctx, op);
  NodeKind kind = p == P_ANDAND ? N_LOGAND : p == P_OROR ? N_LOGOR : N_BINARY;
  Node *n = new_node(ctx, kind, a->first, b->last);
  n->tok = op;
  n->op = p;
  n->a = a;
  n->b = b;
  return n;
}

Node *ast_cond(Ctx *ctx, Node *a, Node *b, Node *c) {
  Node *n = new_node(ctx, N_COND, a->first, c->last);
  n->tok = a->last + 1; /* the `?` */
  n->a = a;
  n->b = b;
  n->c = c;
  return n;
}

Node *ast_assign(Ctx *ctx, Node *a, int op, Node *b) {
  Node *n = new_node(ctx, N_ASSIGN, a->first, b->last);
  n->tok = op;
  n->op = op_of(ctx, op);
  n->a = a;
  n->b = b;
  return n;
}

Node *ast_comma(Ctx *ctx, Node *a, Node *b) {
  Node *n = new_node(ctx, N_COMMA, a->first, b->last);
  n->tok = a->last + 1;
  n->a = a;
  n->b = b;
  return n;
}

Node *ast_await(Ctx *ctx, int kw, Node *a) {
  Node *n = new_node(ctx, N_AWAIT, kw, a->last);
  n->tok = kw;
  n->a = a;
  return n;
}

/* in_thread([POOL,] E) / in_process([POOL,] E) */
Node *ast_offload(Ctx *ctx, int kw, Node *pool, Node *e, int rp) {
  NodeKind kind =
      tok_keyword(ctx, kw) == KW_in_process ? N_IN_PROCESS : N_IN_THREAD;
  Node *n = new_node(ctx, kind, kw, rp);
  n->tok = kw;
  n->a = e;
  n->b = pool;
  return n;
}

Node *ast_initlist(Ctx *ctx, int lc, List items, int rc) {
  Node *n = new_node(ctx, N_INITLIST, lc, rc);
  n->tok = lc;
  n->list = items.head;
  return n;
}

/* FIRST is the first designator token, or -1 without designators. */
Node *ast_inititem(Ctx *ctx, int first, Node *value) {
  Node *n = new_node(ctx, N_INITITEM, first >= 0 ? first : value->first,
                     value->last);
  n->tok = n->first;
  n->a = value;
  return n;
}

/* ==================== Errors ==================== */

/* TOK = -1: the input ended inside the body. Right after an await, no
 * rule can fail but the operand's: the message says that, at the await. */
void ast_syntax_error(Ctx *ctx, int tok) {
  ParseState *ps = ps_of(ctx);
  if (ps->failed)
    return;
  ps->failed = true;
  if (ps->prev_code == TOK_AWAIT) {
    diag_error(ctx, ps->prev, "expected an expression after 'await'");
    return;
  }
  if (tok < 0) {
    diag_error(ctx, ps->last_fed, "unexpected end of input");
    return;
  }
  Tok *t = tok_at(ctx, tok);
  diag_error(ctx, tok, "syntax error near '%.*s'", t->len,
             ctx->src.text + t->off);
}

void ast_overflow(Ctx *ctx) {
  ParseState *ps = ps_of(ctx);
  if (ps->failed)
    return;
  ps->failed = true;
  diag_error(ctx, ps->last_fed, "nesting too deep");
}

/* ==================== The classifier ==================== */

/* True if token I can begin an expression. Used to decide whether an
 * extension word is followed by its operand. */
static bool starts_expr(Ctx *ctx, int i) {
  if (i < 0 || i >= ctx->ntoks)
    return false;
  Tok *t = tok_at(ctx, i);
  switch (t->kind) {
  case TK_NUMBER:
  case TK_CHAR:
  case TK_STRING:
    return true;
  case TK_IDENT:
    switch (t->keyword) {
    case KW_NONE: case KW_sizeof: case KW__Alignof: case KW__Generic:
    case KW___extension__: case KW___func__: case KW_async: case KW_await:
    case KW_task: case KW_yield: case KW_defer: case KW_try: case KW_catch:
    case KW_finally: case KW_throw: case KW_in_thread: case KW_in_process:
      return true;
    default:
      return false;
    }
  case TK_PUNCT:
    switch (t->punct) {
    case P_LPAREN: case P_AMP: case P_STAR: case P_PLUS: case P_MINUS:
    case P_TILDE: case P_BANG: case P_INC: case P_DEC:
      return true;
    default:
      return false;
    }
  default:
    return false;
  }
}

/* True if the word at I is followed by an operand: an expression start,
 * where `++`/`--` count only if an operand follows them too
 * (`await++;` increments a variable named await). */
static bool operand_follows(Ctx *ctx, int i) {
  if (tok_is_punct(ctx, i + 1, P_INC) || tok_is_punct(ctx, i + 1, P_DEC))
    return starts_expr(ctx, i + 2) && !tok_is_punct(ctx, i + 2, P_INC) &&
           !tok_is_punct(ctx, i + 2, P_DEC);
  return starts_expr(ctx, i + 1);
}

/* True if the terminal CODE was a type specifier: an identifier right
 * after one is the declared name, never a type (`int T;` redeclares T). */
static bool is_type_code(int code) {
  return code == TOK_BASETYPE || code == TOK_TYPE_NAME ||
         code == TOK_OPAQUE_TYPE;
}

/* True if the token at I stands where a statement starts: after `;` `{`
 * `}` `:` `else` `do`, or after the `)` closing the head of if, while,
 * for, switch. (`x = (int)defer;` has `)` before `defer`, but that `)`
 * closes a cast, so defer stays an identifier.) Counter-example kept
 * simple: `c ? d : throw;` takes `throw` for the keyword. */
static bool at_stmt_start(Ctx *ctx, ParseState *ps) {
  int p = ps->prev;
  if (p < 0)
    return true;
  Tok *t = tok_at(ctx, p);
  if (t->kind == TK_IDENT)
    return t->keyword == KW_else || t->keyword == KW_do;
  if (t->kind != TK_PUNCT)
    return false;
  switch (t->punct) {
  case P_SEMI: case P_LBRACE: case P_RBRACE: case P_COLON:
    return true;
  case P_RPAREN: {
    int lp = match_of(ps, p);
    if (lp < 1)
      return false;
    int kw = tok_keyword(ctx, lp - 1);
    if (kw == KW_await && tok_keyword(ctx, lp - 2) == KW_for)
      return true;
    return kw == KW_if || kw == KW_while || kw == KW_for || kw == KW_switch;
  }
  default:
    return false;
  }
}

/* The terminal for `defer` at I: DEFER at a statement start unless what
 * follows makes it an operand (`defer = 1;`, `defer[i]`, `defer.x`,
 * `defer / 2`). `defer (void)close(fd);` is DEFER, so a function called
 * defer cannot be called as a statement. */
static int classify_defer(Ctx *ctx, ParseState *ps, int i) {
  if (!at_stmt_start(ctx, ps))
    return TOK_IDENTIFIER;
  Tok *n = tok_at(ctx, i + 1);
  if (n->kind == TK_PUNCT) {
    switch (n->punct) {
    case P_LPAREN: case P_LBRACE: case P_STAR: case P_AMP: case P_PLUS:
    case P_MINUS: case P_TILDE: case P_BANG:
      return TOK_DEFER;
    case P_INC: case P_DEC:
      return operand_follows(ctx, i) ? TOK_DEFER : TOK_IDENTIFIER;
    default:
      return TOK_IDENTIFIER;
    }
  }
  return n->kind == TK_EOF ? TOK_IDENTIFIER : TOK_DEFER;
}

/* Where the opaque construct starting at I ends: the `)` matching the
 * first `(` after I, skipping asm's qualifiers. -1 if malformed. */
static int opaque_close(Ctx *ctx, ParseState *ps, int i) {
  int j = i + 1;
  if (tok_keyword(ctx, i) == KW_asm || tok_keyword(ctx, i) == KW___asm__ ||
      tok_keyword(ctx, i) == KW___asm) {
    for (;;) {
      int k = tok_keyword(ctx, j);
      if (k != KW_volatile && k != KW___volatile__ && k != KW_inline &&
          k != KW___inline__ && k != KW_goto)
        break;
      j++;
    }
  }
  if (!tok_is_punct(ctx, j, P_LPAREN))
    return -1;
  return match_of(ps, j);
}

/* Marks I as an opaque construct of terminal CODE (STRAY if its
 * parentheses are missing or unbalanced). */
static int opaque(Ctx *ctx, ParseState *ps, int i, int code) {
  int e = opaque_close(ctx, ps, i);
  if (e < 0)
    return TOK_STRAY;
  ps->end[i - ps->base] = e;
  return code;
}

/* `NAME * [qualifiers *]... ID` then `=` `;` `[` or `,` at I: only a
 * declaration of a pointer makes sense of that at a statement start. */
static bool declares_pointer(Ctx *ctx, int i) {
  int j = i + 1, stars = 0;
  for (;; j++) {
    Tok *t = tok_at(ctx, j);
    if (t->kind == TK_PUNCT && t->punct == P_STAR)
      stars++;
    else if (!(t->kind == TK_IDENT && (t->keyword == KW_const ||
                                       t->keyword == KW_volatile ||
                                       t->keyword == KW_restrict)))
      break;
  }
  Tok *name = tok_at(ctx, j);
  if (stars == 0 || name->kind != TK_IDENT || name->keyword != KW_NONE)
    return false;
  return tok_is_punct(ctx, j + 1, P_ASSIGN) || tok_is_punct(ctx, j + 1, P_SEMI) ||
         tok_is_punct(ctx, j + 1, P_LBRACKET) || tok_is_punct(ctx, j + 1, P_COMMA);
}

/* The terminal for an identifier that is not a keyword: TYPE_NAME or
 * IDENTIFIER (the lexer hack). Rules, in order:
 *  - after `.` `->` (member) or struct/union/enum (tag): IDENTIFIER;
 *  - right after a type specifier it is the declared name: IDENTIFIER
 *    (`T T;`, `int size_t;`);
 *  - a known typedef name (including typedefs this body declared; they
 *    are added when their `;` is shifted, before the next token is
 *    classified): TYPE_NAME;
 *  - an unknown name followed by a plain identifier or a qualifier, at a
 *    statement start or after `(` `,`: TYPE_NAME, since two names in a row
 *    are never an expression (`my_t x;` with my_t from a header we did not
 *    read);
 *  - an unknown name at a statement start followed by `*`s (and
 *    qualifiers), a plain name and `=` `;` `[` or `,`: TYPE_NAME, since
 *    `a * b = c` is no lvalue and `a * b;` computes nothing (`my_t *p;`,
 *    `my_t **pp = NULL;`). Counter-example: `n * m` elsewhere.
 *  A typedef name that a parameter or a local of an enclosing block
 *  declares as a variable (`int T = 1; T = 2;`) is an IDENTIFIER.
 * Known limit: a typedef declared inside the body is not scoped: it stays
 * a type name after its block. */
static int classify_name(Ctx *ctx, ParseState *ps, int i) {
  int p = ps->prev;
  if (tok_is_punct(ctx, p, P_DOT) || tok_is_punct(ctx, p, P_ARROW))
    return TOK_IDENTIFIER;
  int pk = tok_keyword(ctx, p);
  if (pk == KW_struct || pk == KW_union || pk == KW_enum || pk == KW_goto)
    return TOK_IDENTIFIER;
  if (is_type_code(ps->prev_code))
    return TOK_IDENTIFIER;
  Tok *t = tok_at(ctx, i);
  if (is_typedef_name(ctx, ctx->src.text + t->off, (size_t)t->len))
    return ps->nshadow > 0 && is_shadowed(ctx, ps, i) ? TOK_IDENTIFIER : TOK_TYPE_NAME;
  Tok *n = tok_at(ctx, i + 1);
  bool name_next = n->kind == TK_IDENT &&
                   (n->keyword == KW_NONE || n->keyword == KW_const ||
                    n->keyword == KW_volatile) &&
                   !(ps->for_await_lp >= 0 && tok_spells(ctx, i + 1, "in"));
  bool ctx_ok = at_stmt_start(ctx, ps) || tok_is_punct(ctx, p, P_LPAREN) ||
                tok_is_punct(ctx, p, P_COMMA) || ps->prev_code == TOK_STORAGE ||
                ps->prev_code == TOK_STATIC || ps->prev_code == TOK_QUAL ||
                ps->prev_code == TOK_TYPEDEF;
  if (name_next && ctx_ok && !tok_is_punct(ctx, i + 2, P_COLON))
    return TOK_TYPE_NAME;
  if (at_stmt_start(ctx, ps) && declares_pointer(ctx, i))
    return TOK_TYPE_NAME;
  return TOK_IDENTIFIER;
}

/* The terminal for an extension word at I. Each is a keyword only where
 * its construct can stand, decided from its neighbours; anywhere else it
 * is an IDENTIFIER (`s.async`, `p->task`, `int defer = 0;`).
 *  await       AWAIT, the operator, even where only a name could follow:
 *              `await;` and `f(await)` are a missing operand, reported at
 *              the await rather than taken for a variable that the C
 *              compiler meets later. After `for`, AWAIT_FOR.
 *  task        OPAQUE_TYPE (all of `task ( T )`) when `(` and a type start
 *              follow: `task(int) t;`. Counter-example: `task(x);`.
 *  try/finally before `{`. catch: after `}` and before `(`.
 *  throw       at a statement start, before `;` or an operand.
 *  defer       see classify_defer.
 *  yield       at a statement start, before an operand (`yield = 3;` no).
 *  in_thread/in_process   before `(`.
 * After `.`/`->` or a type specifier every word is an IDENTIFIER: a
 * member, or the name being declared (`struct s { int await; }`). */
static int classify_word(Ctx *ctx, ParseState *ps, int i, int kw) {
  int p = ps->prev;
  if (tok_is_punct(ctx, p, P_DOT) || tok_is_punct(ctx, p, P_ARROW) ||
      is_type_code(ps->prev_code) || tok_keyword(ctx, p) == KW_struct ||
      tok_keyword(ctx, p) == KW_union || tok_keyword(ctx, p) == KW_enum)
    return TOK_IDENTIFIER;
  bool lp_next = tok_is_punct(ctx, i + 1, P_LPAREN);
  switch (kw) {
  case KW_await:
    if (tok_keyword(ctx, p) == KW_for && lp_next)
      return TOK_AWAIT_FOR;
    return TOK_AWAIT;
  case KW_task:
    if (lp_next && tok_starts_type_name(ctx, i + 2))
      return opaque(ctx, ps, i, TOK_OPAQUE_TYPE);
    return TOK_IDENTIFIER;
  case KW_try:
    return tok_is_punct(ctx, i + 1, P_LBRACE) ? TOK_TRY : TOK_IDENTIFIER;
  case KW_finally:
    return tok_is_punct(ctx, i + 1, P_LBRACE) && tok_is_punct(ctx, p, P_RBRACE)
               ? TOK_FINALLY
               : TOK_IDENTIFIER;
  case KW_catch:
    return lp_next && tok_is_punct(ctx, p, P_RBRACE) ? TOK_CATCH : TOK_IDENTIFIER;
  case KW_throw:
    return at_stmt_start(ctx, ps) &&
                   (tok_is_punct(ctx, i + 1, P_SEMI) || operand_follows(ctx, i))
               ? TOK_THROW
               : TOK_IDENTIFIER;
  case KW_defer:
    return classify_defer(ctx, ps, i);
  case KW_yield:
    return at_stmt_start(ctx, ps) && operand_follows(ctx, i) ? TOK_YIELD
                                                              : TOK_IDENTIFIER;
  case KW_in_thread:
    return lp_next ? TOK_IN_THREAD : TOK_IDENTIFIER;
  case KW_in_process:
    return lp_next ? TOK_IN_PROCESS : TOK_IDENTIFIER;
  default: /* async: never a keyword inside a body */
    return TOK_IDENTIFIER;
  }
}

/* The terminal for a C keyword (C's and GNU's). */
static int classify_keyword(Ctx *ctx, ParseState *ps, int i, int kw) {
  switch (kw) {
  case KW_typedef: return TOK_TYPEDEF;
  case KW_static: return TOK_STATIC;
  case KW_auto: case KW_extern: case KW_register: case KW__Thread_local:
    return TOK_STORAGE;
  case KW_inline: case KW___inline: case KW___inline__: case KW__Noreturn:
    return TOK_FUNCSPEC;
  case KW_const: case KW_volatile: case KW_restrict: case KW___restrict:
  case KW___restrict__: case KW___const: case KW___volatile__:
    return TOK_QUAL;
  case KW__Atomic: /* _Atomic(T) is a specifier, bare _Atomic a qualifier */
    return tok_is_punct(ctx, i + 1, P_LPAREN) ? opaque(ctx, ps, i, TOK_OPAQUE_TYPE)
                                           : TOK_QUAL;
  case KW_void: case KW_char: case KW_short: case KW_int: case KW_long:
  case KW_float: case KW_double: case KW_signed: case KW_unsigned:
  case KW__Bool: case KW__Complex: case KW__Imaginary: case KW___signed__:
  case KW___int128: case KW__Float128:
    return TOK_BASETYPE;
  case KW_struct: return TOK_STRUCT;
  case KW_union: return TOK_UNION;
  case KW_enum: return TOK_ENUM;
  case KW_typeof: case KW___typeof__:
    return opaque(ctx, ps, i, TOK_OPAQUE_TYPE);
  case KW__Alignas: return opaque(ctx, ps, i, TOK_ALIGNAS);
  case KW__Generic: return TOK_GENERIC;
  case KW__Static_assert: return opaque(ctx, ps, i, TOK_STATIC_ASSERT);
  case KW___attribute__: return opaque(ctx, ps, i, TOK_ATTRIBUTE);
  case KW_asm: case KW___asm__: case KW___asm:
    return opaque(ctx, ps, i, TOK_ASM);
  case KW___extension__: /* a qualifier before a declaration */
    return tok_starts_type_name(ctx, i + 1) || tok_keyword(ctx, i + 1) == KW_static ||
                   tok_keyword(ctx, i + 1) == KW_extern ||
                   tok_keyword(ctx, i + 1) == KW_typedef
               ? TOK_EXTENSION
               : TOK_EXT_EXPR;
  case KW_sizeof: return TOK_SIZEOF;
  case KW__Alignof: return TOK_ALIGNOF;
  case KW_if: return TOK_IF;
  case KW_else: return TOK_ELSE;
  case KW_while: return TOK_WHILE;
  case KW_do: return TOK_DO;
  case KW_for: return TOK_FOR;
  case KW_switch: return TOK_SWITCH;
  case KW_case: return TOK_CASE;
  case KW_default: return TOK_DEFAULT;
  case KW_break: return TOK_BREAK;
  case KW_continue: return TOK_CONTINUE;
  case KW_goto: return TOK_GOTO;
  case KW_return: return TOK_RETURN;
  default: /* __func__ is an ordinary identifier */
    return TOK_IDENTIFIER;
  }
}

/* `in` in a for-await head: the first `in` directly inside the head's
 * parentheses that follows a declarator's end (a name, `]` or `)`). */
static bool is_for_await_in(Ctx *ctx, ParseState *ps, int i) {
  if (ps->for_await_lp < 0 || ps->in_seen || !tok_spells(ctx, i, "in"))
    return false;
  int depth = 0;
  for (int j = ps->for_await_lp + 1; j < i; j++) {
    if (tok_at(ctx, j)->kind != TK_PUNCT)
      continue;
    int p = tok_at(ctx, j)->punct;
    depth += p == P_LPAREN || p == P_LBRACKET || p == P_LBRACE;
    depth -= p == P_RPAREN || p == P_RBRACKET || p == P_RBRACE;
  }
  int p = ps->prev;
  return depth == 0 && (ps->prev_code == TOK_IDENTIFIER ||
                        tok_is_punct(ctx, p, P_RBRACKET) ||
                        tok_is_punct(ctx, p, P_RPAREN));
}

static int classify_punct(Ctx *ctx, ParseState *ps, int i) {
  switch (tok_at(ctx, i)->punct) {
  case P_LBRACKET: return TOK_LB;
  case P_RBRACKET: return TOK_RB;
  case P_LPAREN: /* ({ ... }) is a GNU statement expression */
    if (tok_is_punct(ctx, i + 1, P_LBRACE)) {
      int e = match_of(ps, i);
      if (e < 0)
        return TOK_STRAY;
      ps->end[i - ps->base] = e;
      return TOK_STMT_EXPR;
    }
    return TOK_LP;
  case P_RPAREN: return TOK_RP;
  case P_LBRACE: return TOK_LC;
  case P_RBRACE: return TOK_RC;
  case P_DOT: return TOK_DOT;
  case P_ARROW: return TOK_ARROW;
  case P_INC: return TOK_INC;
  case P_DEC: return TOK_DEC;
  case P_AMP: return TOK_AMP;
  case P_STAR: return TOK_STAR;
  case P_PLUS: return TOK_PLUS;
  case P_MINUS: return TOK_MINUS;
  case P_TILDE: return TOK_TILDE;
  case P_BANG: return TOK_BANG;
  case P_SLASH: return TOK_SLASH;
  case P_PERCENT: return TOK_PERCENT;
  case P_SHL: return TOK_SHL;
  case P_SHR: return TOK_SHR;
  case P_LT: return TOK_LT;
  case P_GT: return TOK_GT;
  case P_LE: return TOK_LE;
  case P_GE: return TOK_GE;
  case P_EQ: return TOK_EQ;
  case P_NE: return TOK_NE;
  case P_CARET: return TOK_CARET;
  case P_PIPE: return TOK_PIPE;
  case P_ANDAND: return TOK_ANDAND;
  case P_OROR: return TOK_OROR;
  case P_QUESTION: return TOK_QUESTION;
  case P_COLON: return TOK_COLON;
  case P_SEMI: return TOK_SEMI;
  case P_ELLIPSIS: return TOK_ELLIPSIS;
  case P_ASSIGN: return TOK_ASSIGN;
  case P_MUL_ASSIGN: case P_DIV_ASSIGN: case P_MOD_ASSIGN:
  case P_ADD_ASSIGN: case P_SUB_ASSIGN: case P_SHL_ASSIGN:
  case P_SHR_ASSIGN: case P_AND_ASSIGN: case P_XOR_ASSIGN:
  case P_OR_ASSIGN:
    return TOK_ASSIGN_OP;
  case P_COMMA: return TOK_COMMA;
  default: /* # and ## outside a # line */
    return TOK_STRAY;
  }
}

/* Maps token I to a Lemon terminal, looking at its neighbours where one
 * token is not enough (see classify_word and classify_name). */
static int classify(Ctx *ctx, ParseState *ps, int i) {
  Tok *t = tok_at(ctx, i);
  switch (t->kind) {
  case TK_NUMBER: return TOK_NUMBER;
  case TK_CHAR: return TOK_CHARLIT;
  case TK_STRING: return TOK_STRING;
  case TK_PUNCT: return classify_punct(ctx, ps, i);
  case TK_IDENT: break;
  default: return TOK_STRAY;
  }
  switch (t->keyword) {
  case KW_NONE:
    if (is_for_await_in(ctx, ps, i))
      return TOK_IN;
    return classify_name(ctx, ps, i);
  case KW_async: case KW_await: case KW_task: case KW_yield: case KW_defer:
  case KW_try: case KW_catch: case KW_finally: case KW_throw:
  case KW_in_thread: case KW_in_process:
    return classify_word(ctx, ps, i, t->keyword);
  default:
    return classify_keyword(ctx, ps, i, t->keyword);
  }
}

/* ==================== The driver ==================== */

/* The body's `{`: the first one at parenthesis depth 0 after the
 * parameters' `)`. -1 if there is none. */
static int find_body(Ctx *ctx, Item *it) {
  int depth = 0;
  int start = it->fn ? it->fn->params_rparen + 1 : it->first;
  for (int i = start; i <= it->last && i < ctx->ntoks; i++) {
    if (tok_is_punct(ctx, i, P_LPAREN))
      depth++;
    else if (tok_is_punct(ctx, i, P_RPAREN))
      depth--;
    else if (depth == 0 && tok_is_punct(ctx, i, P_LBRACE))
      return i;
  }
  return -1;
}

/* Remembers the for-await head: `in` is a keyword only inside it. */
static void track_for_await(Ctx *ctx, ParseState *ps, int i, int code) {
  if (code == TOK_AWAIT_FOR && tok_is_punct(ctx, i + 1, P_LPAREN)) {
    ps->for_await_lp = i + 1;
    ps->in_seen = false;
  } else if (code == TOK_IN) {
    ps->in_seen = true;
  } else if (ps->for_await_lp >= 0 && i == match_of(ps, ps->for_await_lp)) {
    ps->for_await_lp = -1;
  }
}

static void feed(Ctx *ctx, ParseState *ps, void *parser) {
  for (int i = ps->base; i < ps->base + ps->n && !ps->failed; i++) {
    Tok *t = tok_at(ctx, i);
    if (t->kind == TK_PP) /* # lines inside a body are copied, not parsed */
      continue;
    int code = classify(ctx, ps, i);
    if (code == TOK_TYPE_NAME) ast_role(ctx, i, ROLE_TYPE_NAME);
    track_for_await(ctx, ps, i, code);
    if (t->kind == TK_PUNCT && t->punct == P_LBRACE) {
      ps->depth++;
    } else if (t->kind == TK_PUNCT && t->punct == P_RBRACE) {
      ps->depth--;
      while (ps->nshadow > 0 && ps->shadow[ps->nshadow - 1].depth > ps->depth) ps->nshadow--;
    }
    ps->last_fed = i;
    AcParse(parser, code, i);
    ps->prev_code = code;
    int e = ps->end[i - ps->base];
    if (e > i) /* an opaque construct was fed whole: skip to its end */
      i = e;
    ps->prev = i;
  }
  if (!ps->failed)
    AcParse(parser, 0, -1);
}

int parse_async_body(Ctx *ctx, Item *it) {
  int errors = ctx->errors;
  int lc = find_body(ctx, it);
  if (lc < 0) {
    diag_error(ctx, it->last, "expected the function body");
    return ctx->errors - errors;
  }
  ParseState ps;
  memset(&ps, 0, sizeof ps);
  ps.it = it;
  ps.base = lc;
  ps.n = it->last - lc + 1;
  ps.prev = -1;
  ps.last_fed = lc;
  ps.for_await_lp = -1;
  ps.match = arena_alloc(&ctx->arena, sizeof(int) * (size_t)ps.n);
  ps.end = arena_alloc(&ctx->arena, sizeof(int) * (size_t)ps.n);
  match_brackets(ctx, lc, lc + ps.n - 1, ps.match);
  if (match_of(&ps, lc) > lc) /* parse up to the matching `}` only */
    ps.n = match_of(&ps, lc) - lc + 1;

  if (it->fn) /* parameters are the body's names */
    for (Param *p = it->fn->params; p; p = p->next)
      if (p->name >= 0) shadow_push(ctx, &ps, p->name, 1);

  struct ParseState *saved = ctx->parse;
  ctx->parse = &ps;
  void *parser = AcParseAlloc(malloc, ctx);
  if (!parser) {
    diag_error(ctx, lc, "out of memory");
  } else {
    feed(ctx, &ps, parser);
    AcParseFree(parser, free);
  }
  ctx->parse = saved;

  if (!ps.failed && ps.root && it->fn) {
    it->fn->body = ps.root;
    it->fn->is_generator = ps.saw_yield;
  }
  return ctx->errors - errors;
}
