/* ast.c - the AST builders the Lemon grammar's actions call.
 *
 * Takes: the token indices and nodes the grammar (grammar/parser.y) hands
 * each action, and the ParseState of the body being parsed (parse.c's
 * driver fills its brackets and the ends of opaque constructs). Gives:
 * one arena node per construct; ast_body() stores the root N_BLOCK in
 * the state. Guarantees: every node covers exactly its tokens
 * (first..last, inclusive) and an expression's range nests inside its
 * parent's, so the lowering can copy any node's bytes and substitute
 * sub-ranges. Also keeps what the classifier must learn as the parse
 * goes: typedef names a declaration adds (the lexer hack) or a variable
 * hides, the roles of tokens (Ctx.tok_role), the enumerators a
 * declaration declares; and reports syntax errors, one per body.
 * Leaves alone: no symbol resolution (analyse.c), no checks beyond
 * syntax. Calls nothing of the driver: the driver calls the grammar,
 * which calls here.
 */
#include "ast.h"

#include "parser.h" /* TOK_AWAIT, for the message after an await */

#include <string.h>

static ParseState *ps_of(Ctx *ctx) { return ctx->parse; }

static Tok *tok_at(Ctx *ctx, int i) { return &ctx->toks[i]; }

static bool same_text(Ctx *ctx, int a, int b) {
  const Tok *x = &ctx->toks[a], *y = &ctx->toks[b];
  return x->len == y->len && !memcmp(ctx->src.text + x->off, ctx->src.text + y->off, (size_t)x->len);
}

/* ==================== Shadowed typedef names ==================== */

void shadow_push(Ctx *ctx, ParseState *ps, int tok, int depth) {
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

bool is_shadowed(Ctx *ctx, const ParseState *ps, int tok) {
  for (int k = ps->nshadow - 1; k >= 0; k--)
    if (same_text(ctx, ps->shadow[k].tok, tok)) return true;
  return false;
}

void shadow_close(ParseState *ps, int depth) {
  while (ps->nshadow > 0 && ps->shadow[ps->nshadow - 1].depth > depth)
    ps->nshadow--;
}

/* ==================== The body's tokens ==================== */

int match_of(const ParseState *ps, int i) {
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
  n->id = ctx->nnodes++;
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

/* `goto *E;`: an N_GOTO with no label (tok -1) and the target E in a. */
Node *ast_computed_goto(Ctx *ctx, int kw, Node *target, int semi) {
  Node *n = new_node(ctx, N_GOTO, kw, semi);
  n->tok = -1;
  n->a = target;
  return n;
}

Node *ast_label(Ctx *ctx, int name, Span attrs, Node *stmt) {
  Node *n = new_node(ctx, N_LABEL, name, stmt->last);
  n->tok = name;
  n->type_first = attrs.first;
  n->type_last = attrs.last;
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

Node *ast_timeout(Ctx *ctx, int kw, Node *delay, Node *handle, Node *block) {
  Node *n = new_node(ctx, N_TIMEOUT, kw, block->last);
  n->tok = kw;
  n->a = delay;
  n->b = block;
  n->c = handle;
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
    case KW_async: flags |= DF_ASYNC; break;
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

/* `&&label`: an N_UNARY of op P_ANDAND over the label's name, unbound. */
Node *ast_label_address(Ctx *ctx, int op, int name) {
  Node *label = new_node(ctx, N_LITERAL, name, name);
  label->tok = name;
  return ast_unary(ctx, op, label);
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
/* The macro whose use a syntax error at TOK most likely is: TOK itself,
 * or the name before a `(` that is still open at TOK (its arguments),
 * when the file defines it as a macro; else -1. Only a hint for a note:
 * the translator does not expand macros. */
static int macro_at_error(Ctx *ctx, ParseState *ps, int tok) {
  const char *body, *end;
  if (tok_macro_def(ctx, tok, &body, &end)) return tok;
  int depth = 0;
  for (int i = tok - 1; i > ps->base; i--) {
    const Tok *t = tok_at(ctx, i);
    if (t->kind != TK_PUNCT) continue;
    if (t->punct == P_RPAREN) depth++;
    else if (t->punct == P_LPAREN && depth > 0) depth--;
    else if (t->punct == P_LPAREN && tok_macro_def(ctx, i - 1, &body, &end) == 2)
      return i - 1;
    else if (t->punct == P_SEMI || t->punct == P_LBRACE || t->punct == P_RBRACE)
      return -1;
  }
  return -1;
}

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
  int macro = macro_at_error(ctx, ps, tok);
  if (macro >= 0)
    diag_note(ctx, macro,
              "'%.*s' is a macro: an async body is read before the preprocessor, so "
              "a macro's use must read as C (its arguments as expressions)",
              tok_at(ctx, macro)->len, ctx->src.text + tok_at(ctx, macro)->off);
}

void ast_overflow(Ctx *ctx) {
  ParseState *ps = ps_of(ctx);
  if (ps->failed)
    return;
  ps->failed = true;
  diag_error(ctx, ps->last_fed, "nesting too deep");
}

