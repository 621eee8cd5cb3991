/* ast.h - what the Lemon grammar (grammar/parser.y) and the driver
 * (parse.c) see of ast.c.
 *
 * The grammar's actions are one call each into these builders, so the
 * grammar stays a grammar (SQLite's parse.y -> build.c). Semantic values
 * are token indices (terminals), Node pointers, or the three small value
 * types below; all nodes live in the translation's arena, so no value
 * needs a destructor. The ParseState is the one body's parse both sides
 * read: the driver fills it and feeds the grammar, the builders keep the
 * tree and what the classifier learns from declarations in it.
 */
#ifndef ASYNCC_AST_H
#define ASYNCC_AST_H

#include "translator.h"

/* A run of tokens first..last: specifiers, type names, pointers. */
typedef struct {
  int first, last;
} Span;

/* A list under construction; `tail` makes appending O(1). */
typedef struct {
  Node *head, *tail;
} List;

/* What a declarator derives first from the declared name: `*f(int)` is a
 * function (DERIV_FUNC), `(*fp)(int)` a pointer (DERIV_PTR). */
enum { DERIV_NONE, DERIV_PTR, DERIV_ARRAY, DERIV_FUNC };

/* A declarator under construction. */
typedef struct {
  int first, last;
  int name;      /* token of the declared name, -1 for none */
  int deriv;     /* DERIV_* */
  List dims;     /* array dimension expressions, outermost first */
} Decl;

/* One body being parsed (ctx->parse while parse_async_body runs). */
typedef struct ParseState {
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
  int *attr_defs;     /* the # lines that may #define a name as
                         __attribute__((..)) (parse.c), and how many */
  int nattr_defs;
  /* Typedef names that a parameter or local declares as an ordinary name
   * (`int T = 1;`): until the block that declared them closes, they are
   * identifiers. depth counts the braces open in the body. */
  struct Shadow { int tok, depth; } *shadow;
  int nshadow, shadow_cap, depth;
} ParseState;

/* The index of the bracket matching token I of the body, or -1 (also
 * for I outside the body). */
int match_of(const ParseState *ps, int i);
/* Name token TOK, if it spells a typedef name, hides that name until the
 * brace depth DEPTH closes; shadow_close(ps, d) ends what is deeper than
 * d; is_shadowed says whether a variable hides the name TOK spells. */
void shadow_push(Ctx *ctx, ParseState *ps, int tok, int depth);
void shadow_close(ParseState *ps, int depth);
bool is_shadowed(Ctx *ctx, const ParseState *ps, int tok);

/* Tokens, spans, lists */
Span span_tok(Ctx *ctx, int tok);
Span span_join(Span a, Span b);
Span span_range(int first, int last);
List list_one(Node *n);
List list_add(List l, Node *n);
List list_none(void);

/* Statements */
void ast_body(Ctx *ctx, Node *block);
Node *ast_block(Ctx *ctx, int lc, List items, int rc);
Node *ast_expr_stmt(Ctx *ctx, Node *e, int semi);
Node *ast_if(Ctx *ctx, int kw, Node *cond, Node *then, Node *els);
Node *ast_while(Ctx *ctx, int kw, Node *cond, Node *body);
Node *ast_do(Ctx *ctx, int kw, Node *body, Node *cond, int semi);
Node *ast_for(Ctx *ctx, int kw, Node *init, Node *cond, Node *step,
              Node *body);
Node *ast_switch(Ctx *ctx, int kw, Node *cond, Node *body);
Node *ast_case(Ctx *ctx, int kw, Node *lo, Node *hi, Node *stmt);
Node *ast_default(Ctx *ctx, int kw, Node *stmt);
Node *ast_jump(Ctx *ctx, NodeKind kind, int kw, Node *value, int semi);
Node *ast_goto(Ctx *ctx, int kw, int label, int semi);
Node *ast_computed_goto(Ctx *ctx, int kw, Node *target, int semi); /* goto *E; */
Node *ast_label(Ctx *ctx, int name, Span attrs, Node *stmt); /* attrs: -1 for none */
Node *ast_empty(Ctx *ctx, int semi);
Node *ast_try(Ctx *ctx, int kw, Node *body, int var, Node *handler,
              Node *final);
Node *ast_defer(Ctx *ctx, int kw, Node *stmt);
Node *ast_timeout(Ctx *ctx, int kw, Node *delay, Node *handle, Node *block);
Node *ast_for_await(Ctx *ctx, int kw, Span specs, Decl d, Node *gen,
                    Node *body);
Node *ast_asm(Ctx *ctx, int kw, int semi);
Node *ast_static_assert(Ctx *ctx, int kw, int semi);

/* Declarations */
Node *ast_decl(Ctx *ctx, Span specs, List initdecls, int semi);
Node *ast_initdecl(Ctx *ctx, Decl d, Node *init);
void ast_enumerator(Ctx *ctx, int name);
/* Records ROLE (ROLE_*) for token TOK (-1: nothing to record). */
void ast_role(Ctx *ctx, int tok, int role);
Decl decl_name(int tok);
Decl decl_paren(int lp, Decl d, int rp);
Decl decl_array(Decl d, Node *dim, int rb);
Decl decl_func(Decl d, int rp);
Decl decl_pointer(Span ptr, Decl d);
Decl decl_attr(Ctx *ctx, Decl d, int kw);

/* Expressions */
Node *ast_ident(Ctx *ctx, int tok);
Node *ast_literal(Ctx *ctx, Span s);
Node *ast_opaque(Ctx *ctx, NodeKind kind, int tok);
Node *ast_generic(Ctx *ctx, int kw, Node *control, List assocs, int rp);
Node *ast_paren(Ctx *ctx, int lp, Node *e, int rp);
Node *ast_call(Ctx *ctx, Node *fn, List args, int rp);
Node *ast_index(Ctx *ctx, Node *a, Node *idx, int rb);
Node *ast_member(Ctx *ctx, Node *a, int op, int name);
Node *ast_postfix(Ctx *ctx, Node *a, int op);
Node *ast_unary(Ctx *ctx, int op, Node *a);
Node *ast_label_address(Ctx *ctx, int op, int name); /* &&label */
Node *ast_extension(Ctx *ctx, int kw, Node *a);
Node *ast_sizeof_expr(Ctx *ctx, int kw, Node *a);
Node *ast_sizeof_type(Ctx *ctx, int kw, Span type, int rp);
Node *ast_cast(Ctx *ctx, int lp, Span type, Node *a);
Node *ast_compound(Ctx *ctx, int lp, Span type, Node *init);
Node *ast_binary(Ctx *ctx, Node *a, int op, Node *b);
Node *ast_cond(Ctx *ctx, Node *a, Node *b, Node *c);
Node *ast_assign(Ctx *ctx, Node *a, int op, Node *b);
Node *ast_comma(Ctx *ctx, Node *a, Node *b);
Node *ast_await(Ctx *ctx, int kw, Node *a);
Node *ast_offload(Ctx *ctx, int kw, Node *pool, Node *e, int rp);
Node *ast_initlist(Ctx *ctx, int lc, List items, int rc);
Node *ast_inititem(Ctx *ctx, int first, Node *value);
Node *ast_yield(Ctx *ctx, int kw, Node *a, int semi);
Node *ast_throw(Ctx *ctx, int kw, Node *a, int semi);

/* The grammar's %syntax_error and %stack_overflow: one message per body,
 * after which the driver feeds nothing more (ParseState.failed). */
void ast_syntax_error(Ctx *ctx, int tok);
void ast_overflow(Ctx *ctx);

#endif
