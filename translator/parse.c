/* parse.c - the parser of async function bodies: the driver of the Lemon
 * grammar (grammar/parser.y) and its token classifier.
 *
 * Takes: ctx->toks from lex_file, and an Item from the skimmer (skim.c)
 * whose fn->params_rparen is known. Guarantees: on success it->fn->body
 * is an N_BLOCK covering the body's `{`..`}` (built by ast.c) and
 * fn->is_generator says whether it yields. Leaves alone: everything
 * outside the body.
 *
 * Conventions: parse_async_body feeds the tokens one by one, each first
 * through classify(), which turns a Tok into a Lemon terminal (TOK_*).
 * Balanced constructs we never look inside become one terminal whose
 * value is their first token; ParseState.end remembers where they end.
 * After the first syntax error nothing more is fed (one message per
 * body, at the token that broke the rule). All state is in a ParseState
 * on the C stack, reached through ctx->parse; nodes come from the arena.
 * Calls the token toolkit (tokens.c), the grammar and ast.c, never the
 * skimmer.
 */
#include "ast.h"

#include "parser.h"

#include <stdlib.h>
#include <string.h>

/* Lemon's entry points (generated into parser.c, no header for them). */
void *AcParseAlloc(void *(*alloc)(size_t), Ctx *ctx);
void AcParse(void *parser, int major, int minor);
void AcParseFree(void *parser, void (*dealloc)(void *));

static Tok *tok_at(Ctx *ctx, int i) { return &ctx->toks[i]; }

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
    case KW_ac_timeout: case KW_ac_timeout_at:
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

/* The terminal for `ac_timeout` / `ac_timeout_at` at I: TIMEOUT at a
 * statement start when a parenthesis follows whose match is followed by
 * `{` (`ac_timeout (0.5) { ... }`); anything else (`ac_timeout(x);`, a
 * variable of that name) is left to C as an IDENTIFIER. */
static int classify_timeout(Ctx *ctx, ParseState *ps, int i) {
  if (!at_stmt_start(ctx, ps) || !tok_is_punct(ctx, i + 1, P_LPAREN))
    return TOK_IDENTIFIER;
  int rp = match_of(ps, i + 1);
  return rp > 0 && tok_is_punct(ctx, rp + 1, P_LBRACE) ? TOK_TIMEOUT : TOK_IDENTIFIER;
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
    else if (!kw_is_qualifier(tok_keyword(ctx, j)))
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
/* Is token P the end of a struct, union or enum specifier: its tag
 * (`struct s`) or the `}` of its body (`struct s { .. }`, `enum { .. }`)?
 * A name right after one is the declared name (`struct s s;`). */
static bool ends_tag_specifier(Ctx *ctx, ParseState *ps, int p) {
  if (p < 0)
    return false;
  if (tok_is_punct(ctx, p, P_RBRACE)) {
    p = match_of(ps, p) - 1;
    if (p < ps->base)
      return false;
    if (kw_is_tag(tok_keyword(ctx, p)))
      return true;
  }
  Tok *t = tok_at(ctx, p);
  return t->kind == TK_IDENT && t->keyword == KW_NONE && p > ps->base &&
         kw_is_tag(tok_keyword(ctx, p - 1));
}

/* Is token I inside the member list of a struct or union (where
 * `T : 3;` is a bit-field, not a label)? */
static bool in_member_list(Ctx *ctx, ParseState *ps, int i) {
  for (int j = i - 1; j >= ps->base; j--) {
    if (tok_is_punct(ctx, j, P_RBRACE)) {
      j = match_of(ps, j);
      if (j < 0)
        return false;
    } else if (tok_is_punct(ctx, j, P_LBRACE)) {
      return j > ps->base && (kw_is_tag(tok_keyword(ctx, j - 1)) ||
                              kw_is_tag(tok_keyword(ctx, j - 2)));
    }
  }
  return false;
}

/* `( NAME ) x`, with a name, a literal or a string as x: only a cast
 * makes sense of that, unless the `(` is a call's (a name, `)` or `]`
 * before it) or the head of if, while, switch or for (`if (ok) x = 1;`).
 * So an unknown NAME there is a type (`(HANDLER) fn` with HANDLER from a
 * header we did not read, or from an #if branch for another system). */
static bool casts_a_name(Ctx *ctx, ParseState *ps, int i) {
  int lp = ps->prev;
  if (!tok_is_punct(ctx, lp, P_LPAREN) || !tok_is_punct(ctx, i + 1, P_RPAREN))
    return false;
  const Tok *x = tok_at(ctx, i + 2);
  if (!(x->kind == TK_IDENT && x->keyword == KW_NONE) && x->kind != TK_NUMBER &&
      x->kind != TK_CHAR && x->kind != TK_STRING)
    return false;
  if (lp <= ps->base) return true;
  const Tok *before = tok_at(ctx, lp - 1);
  if (before->kind == TK_PUNCT)
    return before->punct != P_RPAREN && before->punct != P_RBRACKET;
  if (before->kind != TK_IDENT) return before->kind != TK_PP;
  int kw = before->keyword;
  return kw != KW_NONE && kw != KW_if && kw != KW_while && kw != KW_switch && kw != KW_for;
}

/* Is the name at I a macro the file defines as an attribute
 * (`#define ATTR __attribute__((noinline))`)? It then stands where an
 * attribute can: `(ATTR int (*)(void)) fp`, `int (ATTR *)(void)`. */
static bool attribute_macro(Ctx *ctx, ParseState *ps, int i) {
  const char *body, *end;
  for (int k = 0; k < ps->nattr_defs; k++)
    if (tok_pp_defines(ctx, ps->attr_defs[k], i, &body, &end) == 1)
      return end - body >= 13 && !memcmp(body, "__attribute__", 13);
  return false;
}

static int classify_name(Ctx *ctx, ParseState *ps, int i) {
  int p = ps->prev;
  if (tok_is_punct(ctx, p, P_DOT) || tok_is_punct(ctx, p, P_ARROW))
    return TOK_IDENTIFIER;
  if (attribute_macro(ctx, ps, i))
    return TOK_ATTRIBUTE;
  int pk = tok_keyword(ctx, p);
  if (pk == KW_struct || pk == KW_union || pk == KW_enum || pk == KW_goto)
    return TOK_IDENTIFIER;
  if (is_type_code(ps->prev_code) || ends_tag_specifier(ctx, ps, p))
    return TOK_IDENTIFIER;
  Tok *t = tok_at(ctx, i);
  bool label = at_stmt_start(ctx, ps) && tok_is_punct(ctx, i + 1, P_COLON);
  if (is_typedef_name(ctx, ctx->src.text + t->off, (size_t)t->len)) {
    if (label && !in_member_list(ctx, ps, i))
      return TOK_IDENTIFIER; /* `T:` names a label: labels have their own names */
    return ps->nshadow > 0 && is_shadowed(ctx, ps, i) ? TOK_IDENTIFIER : TOK_TYPE_NAME;
  }
  Tok *n = tok_at(ctx, i + 1);
  bool name_next = n->kind == TK_IDENT &&
                   (n->keyword == KW_NONE || kw_is_qualifier(n->keyword)) &&
                   !(ps->for_await_lp >= 0 && tok_spells(ctx, i + 1, "in"));
  bool ctx_ok = at_stmt_start(ctx, ps) || tok_is_punct(ctx, p, P_LPAREN) ||
                tok_is_punct(ctx, p, P_COMMA) || ps->prev_code == TOK_STORAGE ||
                ps->prev_code == TOK_STATIC || ps->prev_code == TOK_QUAL ||
                ps->prev_code == TOK_TYPEDEF;
  if (name_next && ctx_ok && !tok_is_punct(ctx, i + 2, P_COLON))
    return TOK_TYPE_NAME;
  if (at_stmt_start(ctx, ps) && declares_pointer(ctx, i))
    return TOK_TYPE_NAME;
  if (casts_a_name(ctx, ps, i))
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
 *  ac_timeout/ac_timeout_at   see classify_timeout.
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
  case KW_ac_timeout:
  case KW_ac_timeout_at:
    return classify_timeout(ctx, ps, i);
  default: /* async: a specifier only where a declaration starts with it
              (`async int f(int);` inside a body), else a name */
    if ((at_stmt_start(ctx, ps) || ps->prev_code == TOK_STORAGE || ps->prev_code == TOK_STATIC) &&
        (tok_starts_type_name(ctx, i + 1) || kw_is_storage(tok_keyword(ctx, i + 1))))
      return TOK_FUNCSPEC;
    return TOK_IDENTIFIER;
  }
}

/* The terminal for a C keyword (C's and GNU's). */
static int classify_keyword(Ctx *ctx, ParseState *ps, int i, int kw) {
  if (kw_is_base_type(kw))
    return TOK_BASETYPE;
  if (kw_is_qualifier(kw) && kw != KW__Atomic)
    return TOK_QUAL;
  switch (kw) {
  case KW_typedef: return TOK_TYPEDEF;
  case KW_static: return TOK_STATIC;
  case KW_auto: case KW_extern: case KW_register: case KW__Thread_local:
    return TOK_STORAGE;
  case KW_inline: case KW___inline: case KW___inline__: case KW__Noreturn:
    return TOK_FUNCSPEC;
  case KW__Atomic: /* _Atomic(T) is a specifier, bare _Atomic a qualifier */
    return tok_is_punct(ctx, i + 1, P_LPAREN) ? opaque(ctx, ps, i, TOK_OPAQUE_TYPE)
                                           : TOK_QUAL;
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

/* The terminal of punctuator PUNCT (a P_ value). */
static int punct_terminal(int punct) {
  switch (punct) {
  case P_LBRACKET: return TOK_LB;
  case P_RBRACKET: return TOK_RB;
  case P_LPAREN: return TOK_LP;
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

static int classify_punct(Ctx *ctx, ParseState *ps, int i) {
  /* ({ ... }) is a GNU statement expression */
  if (tok_is_punct(ctx, i, P_LPAREN) && tok_is_punct(ctx, i + 1, P_LBRACE)) {
    int e = match_of(ps, i);
    if (e < 0)
      return TOK_STRAY;
    ps->end[i - ps->base] = e;
    return TOK_STMT_EXPR;
  }
  return punct_terminal(tok_at(ctx, i)->punct);
}

/* Not a terminal: the tokens from I to ps->end[I] expand to nothing, and
 * are not fed. */
enum { NO_TERMINAL = -1 };

/* The terminal of a name that the file's own #define makes a piece of
 * syntax (macro.c): `SEMI` for `#define SEMI ;` is TOK_SEMI, `x(hello)`
 * for `#define x(y) #y` a string, `ATTR` for `#define ATTR
 * __attribute__((..))` an attribute, a call that expands to nothing
 * NO_TERMINAL. 0 for a name to read as a name. */
static int classify_macro(Ctx *ctx, ParseState *ps, int i) {
  int punct = P_NONE, end;
  MacroReading r = macro_reading(ctx, i, &punct, &end);
  if (r == MACRO_NONE || end >= ps->base + ps->n)
    return 0;
  if (end > i)
    ps->end[i - ps->base] = end;
  switch (r) {
  case MACRO_PUNCT: return punct_terminal(punct);
  case MACRO_EMPTY: return NO_TERMINAL;
  case MACRO_ATTRIBUTE: return TOK_ATTRIBUTE;
  default: return TOK_STRING;
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
  case KW_NONE: {
    int code = classify_macro(ctx, ps, i);
    if (code != 0)
      return code;
    if (is_for_await_in(ctx, ps, i))
      return TOK_IN;
    return classify_name(ctx, ps, i);
  }
  case KW_async: case KW_await: case KW_task: case KW_yield: case KW_defer:
  case KW_try: case KW_catch: case KW_finally: case KW_throw:
  case KW_in_thread: case KW_in_process: case KW_ac_timeout: case KW_ac_timeout_at:
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
    if (code == NO_TERMINAL) { /* a macro that expands to nothing */
      i = ps->end[i - ps->base] > i ? ps->end[i - ps->base] : i;
      continue;
    }
    if (code == TOK_TYPE_NAME) ast_role(ctx, i, ROLE_TYPE_NAME);
    track_for_await(ctx, ps, i, code);
    if (t->kind == TK_PUNCT && t->punct == P_LBRACE) {
      ps->depth++;
    } else if (t->kind == TK_PUNCT && t->punct == P_RBRACE) {
      ps->depth--;
      shadow_close(ps, ps->depth);
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

/* The # lines that say both `define` and `__attribute__`, the only ones
 * attribute_macro need look at (most files have none). */
static void find_attribute_defines(Ctx *ctx, ParseState *ps) {
  for (int pass = 0; pass < 2; pass++) {
    int n = 0;
    for (int i = 0; i < ctx->ntoks; i++) {
      const Tok *t = tok_at(ctx, i);
      if (t->kind != TK_PP) continue;
      const char *s = ctx->src.text + t->off, *end = s + t->len;
      bool define = false, attribute = false;
      for (const char *p = s; end - p >= 6 && !define; p++) define = !memcmp(p, "define", 6);
      for (const char *p = s; define && end - p >= 13 && !attribute; p++)
        attribute = !memcmp(p, "__attribute__", 13);
      if (attribute && pass == 1) ps->attr_defs[n] = i;
      n += attribute;
    }
    if (pass == 0 && n == 0) return;
    if (pass == 0) ps->attr_defs = arena_alloc(&ctx->arena, sizeof(int) * (size_t)n);
    ps->nattr_defs = n;
  }
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
  ps.base = lc;
  ps.n = it->last - lc + 1;
  ps.prev = -1;
  ps.last_fed = lc;
  ps.for_await_lp = -1;
  find_attribute_defines(ctx, &ps);
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
