/* test_parse.c - the Lemon grammar (grammar/parser.y), its driver and
 * classifier (translator/parse.c) and the AST builders (translator/ast.c).
 *
 * Each test wraps a body in `async int f(void) { ... }`, runs the lexer,
 * the skimmer and the grammar, and compares an S-expression dump of the
 * tree with the expected text. Every parsed tree is also checked for the
 * range invariant the emitter relies on: a child's tokens lie inside its
 * parent's. Syntax errors must give exactly one diagnostic, at the token
 * that broke the rule, and never crash.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "translator.h"

typedef struct {
  Ctx ctx;
  char *diag;
  size_t diag_len;
  int errors;
  AsyncFn *fn;
  char *text;
} Fixture;

/* ---- the dumper ---- */

typedef struct {
  char *s;
  size_t len, cap;
} Str;

static void put(Str *o, const char *s) {
  size_t n = strlen(s);
  if (o->len + n + 1 > o->cap) {
    o->cap = (o->len + n + 1) * 2;
    o->s = realloc(o->s, o->cap);
  }
  memcpy(o->s + o->len, s, n + 1);
  o->len += n;
}

static void put_tok(Str *o, Ctx *ctx, int i) {
  char tmp[256];
  const Tok *t = &ctx->toks[i];
  snprintf(tmp, sizeof tmp, "%.*s", t->len, ctx->src.text + t->off);
  put(o, tmp);
}

/* Tokens FIRST..LAST joined by spaces. */
static void put_range(Str *o, Ctx *ctx, int first, int last) {
  put(o, "`");
  for (int i = first; i <= last; i++) {
    if (i > first)
      put(o, " ");
    put_tok(o, ctx, i);
  }
  put(o, "`");
}

static void dump(Str *o, Ctx *ctx, Node *n);

static void dump_kid(Str *o, Ctx *ctx, Node *n) {
  put(o, " ");
  if (n)
    dump(o, ctx, n);
  else
    put(o, "-");
}

static void dump_list(Str *o, Ctx *ctx, Node *n) {
  for (; n; n = n->next)
    dump_kid(o, ctx, n);
}

static const char *punct_text(int p) {
  static const char *names[] = {
      "",
#define P_NAME(name, text) text,
      PUNCT_LIST(P_NAME)
#undef P_NAME
  };
  return names[p];
}

static void dump_decl(Str *o, Ctx *ctx, Node *n) {
  put(o, "(decl ");
  put_range(o, ctx, n->spec_first, n->spec_last);
  if (n->flags) {
    put(o, " !");
    if (n->flags & DF_TYPEDEF) put(o, "t");
    if (n->flags & DF_STATIC) put(o, "s");
    if (n->flags & DF_EXTERN) put(o, "e");
    if (n->flags & DF_REGISTER) put(o, "r");
    if (n->flags & DF_THREAD_LOCAL) put(o, "l");
    if (n->flags & DF_DEFINES_TYPE) put(o, "d");
    if (n->flags & DF_FUNCTION) put(o, "f");
  }
  for (Node *e = n->enums; e; e = e->next) {
    put(o, " enum:");
    put_tok(o, ctx, e->tok);
  }
  dump_list(o, ctx, n->list);
  put(o, ")");
}

static void dump_initdecl(Str *o, Ctx *ctx, Node *n) {
  put(o, "(var ");
  if (n->tok >= 0)
    put_tok(o, ctx, n->tok);
  else
    put(o, "-");
  put(o, " ");
  put_range(o, ctx, n->first, n->last);
  if (n->list) {
    put(o, " dims");
    dump_list(o, ctx, n->list);
  }
  if (n->init) {
    put(o, " =");
    dump_kid(o, ctx, n->init);
  }
  put(o, ")");
}

static void dump_named(Str *o, Ctx *ctx, const char *name, Node *n) {
  put(o, "(");
  put(o, name);
  if (n->a) dump_kid(o, ctx, n->a);
  if (n->b) dump_kid(o, ctx, n->b);
  if (n->c) dump_kid(o, ctx, n->c);
  put(o, ")");
}

static void dump(Str *o, Ctx *ctx, Node *n) {
  switch (n->kind) {
  case N_BLOCK:
    put(o, "(block");
    dump_list(o, ctx, n->body);
    put(o, ")");
    break;
  case N_DECL: dump_decl(o, ctx, n); break;
  case N_INITDECL: dump_initdecl(o, ctx, n); break;
  case N_EXPR_STMT: dump_named(o, ctx, "expr", n); break;
  case N_IF: dump_named(o, ctx, "if", n); break;
  case N_WHILE: dump_named(o, ctx, "while", n); break;
  case N_DO: put(o, "(do"); dump_kid(o, ctx, n->b); dump_kid(o, ctx, n->a); put(o, ")"); break;
  case N_FOR:
    put(o, "(for");
    dump_kid(o, ctx, n->init);
    dump_kid(o, ctx, n->a);
    dump_kid(o, ctx, n->c);
    dump_kid(o, ctx, n->b);
    put(o, ")");
    break;
  case N_SWITCH: dump_named(o, ctx, "switch", n); break;
  case N_CASE:
    put(o, "(case");
    dump_kid(o, ctx, n->a);
    if (n->c) { put(o, " ..."); dump_kid(o, ctx, n->c); }
    dump_kid(o, ctx, n->b);
    put(o, ")");
    break;
  case N_DEFAULT: dump_named(o, ctx, "default", n); break;
  case N_BREAK: put(o, "(break)"); break;
  case N_CONTINUE: put(o, "(continue)"); break;
  case N_GOTO: put(o, "(goto "); put_tok(o, ctx, n->tok); put(o, ")"); break;
  case N_LABEL:
    put(o, "(label ");
    put_tok(o, ctx, n->tok);
    dump_kid(o, ctx, n->b);
    put(o, ")");
    break;
  case N_RETURN: dump_named(o, ctx, "return", n); break;
  case N_EMPTY: put(o, "(empty)"); break;
  case N_TRY:
    put(o, "(try");
    dump_kid(o, ctx, n->a);
    if (n->b) {
      put(o, " catch ");
      put_tok(o, ctx, n->tok);
      dump_kid(o, ctx, n->b);
    }
    if (n->c) {
      put(o, " finally");
      dump_kid(o, ctx, n->c);
    }
    put(o, ")");
    break;
  case N_THROW: dump_named(o, ctx, "throw", n); break;
  case N_DEFER: dump_named(o, ctx, "defer", n); break;
  case N_FOR_AWAIT:
    put(o, "(for-await");
    dump_kid(o, ctx, n->init);
    dump_kid(o, ctx, n->a);
    dump_kid(o, ctx, n->b);
    put(o, ")");
    break;
  case N_YIELD: dump_named(o, ctx, "yield", n); break;
  case N_ASM: put(o, "(asm "); put_range(o, ctx, n->first, n->last); put(o, ")"); break;
  case N_STATIC_ASSERT: put(o, "(static_assert)"); break;
  case N_IDENT: put(o, "(ident "); put_tok(o, ctx, n->tok); put(o, ")"); break;
  case N_LITERAL: put(o, "(lit "); put_range(o, ctx, n->first, n->last); put(o, ")"); break;
  case N_PAREN: dump_named(o, ctx, "paren", n); break;
  case N_CALL:
    put(o, "(call");
    dump_kid(o, ctx, n->a);
    dump_list(o, ctx, n->list);
    put(o, ")");
    break;
  case N_INDEX: dump_named(o, ctx, "index", n); break;
  case N_MEMBER:
    put(o, "(");
    put(o, punct_text(n->op));
    dump_kid(o, ctx, n->a);
    put(o, " ");
    put_tok(o, ctx, n->tok);
    put(o, ")");
    break;
  case N_POSTFIX:
    put(o, "(post");
    put(o, punct_text(n->op));
    dump_kid(o, ctx, n->a);
    put(o, ")");
    break;
  case N_UNARY:
    put(o, "(u");
    put(o, punct_text(n->op));
    dump_kid(o, ctx, n->a);
    put(o, ")");
    break;
  case N_SIZEOF:
    put(o, "(");
    put_tok(o, ctx, n->first);
    if (n->a)
      dump_kid(o, ctx, n->a);
    else {
      put(o, " ");
      put_range(o, ctx, n->type_first, n->type_last);
    }
    put(o, ")");
    break;
  case N_CAST:
  case N_COMPOUND:
    put(o, n->kind == N_CAST ? "(cast " : "(compound ");
    put_range(o, ctx, n->type_first, n->type_last);
    dump_kid(o, ctx, n->kind == N_CAST ? n->a : n->init);
    put(o, ")");
    break;
  case N_BINARY:
  case N_ASSIGN:
    put(o, "(");
    put(o, punct_text(n->op));
    dump_kid(o, ctx, n->a);
    dump_kid(o, ctx, n->b);
    put(o, ")");
    break;
  case N_LOGAND: dump_named(o, ctx, "&&", n); break;
  case N_LOGOR: dump_named(o, ctx, "||", n); break;
  case N_COND:
    put(o, "(?:");
    dump_kid(o, ctx, n->a);
    dump_kid(o, ctx, n->b);
    dump_kid(o, ctx, n->c);
    put(o, ")");
    break;
  case N_COMMA: dump_named(o, ctx, ",", n); break;
  case N_AWAIT: dump_named(o, ctx, "await", n); break;
  case N_IN_THREAD:
  case N_IN_PROCESS:
    put(o, n->kind == N_IN_THREAD ? "(in_thread" : "(in_process");
    if (n->b) { put(o, " pool"); dump_kid(o, ctx, n->b); }
    dump_kid(o, ctx, n->a);
    put(o, ")");
    break;
  case N_GENERIC: put(o, "(generic "); put_range(o, ctx, n->first, n->last); put(o, ")"); break;
  case N_STMT_EXPR: put(o, "(stmt-expr "); put_range(o, ctx, n->first, n->last); put(o, ")"); break;
  case N_INITLIST:
    put(o, "(init");
    dump_list(o, ctx, n->list);
    put(o, ")");
    break;
  case N_INITITEM:
    if (n->first != n->a->first) {
      put(o, "(at ");
      put_range(o, ctx, n->first, n->a->first - 2);
      dump_kid(o, ctx, n->a);
      put(o, ")");
    } else {
      dump(o, ctx, n->a);
    }
    break;
  default: put(o, "(?)"); break;
  }
}

/* ---- the range invariant ---- */

static void check_ranges(Node *n, int first, int last) {
  for (; n; n = n->next) {
    cr_assert(n->first <= n->last, "node kind %d: empty range", n->kind);
    cr_assert(n->first >= first && n->last <= last,
              "node kind %d [%d,%d] outside its parent [%d,%d]", n->kind,
              n->first, n->last, first, last);
    Node *kids[] = {n->a, n->b, n->c, n->init, n->body};
    for (size_t k = 0; k < sizeof kids / sizeof kids[0]; k++) {
      /* an N_INITDECL covers its declarator only, not `= init` */
      if (kids[k] && n->kind == N_INITDECL && kids[k] == n->init)
        check_ranges(kids[k], first, last);
      else if (kids[k])
        check_ranges(kids[k], n->first, n->last);
    }
    if (n->list)
      check_ranges(n->list, n->first, n->last);
  }
}

/* ---- fixture ---- */

static void parse_text(Fixture *f, const char *prelude, const char *body) {
  memset(f, 0, sizeof *f);
  size_t n = strlen(prelude) + strlen(body) + 64;
  f->text = malloc(n);
  snprintf(f->text, n, "%s\nasync int f(void) %s\n", prelude, body);
  f->ctx.diag_out = open_memstream(&f->diag, &f->diag_len);
  cr_assert(f->ctx.diag_out);
  cr_assert_eq(source_from_buffer(&f->ctx.src, "t.ac", f->text, strlen(f->text)), 0);
  lex_file(&f->ctx);
  f->errors = parse_file(&f->ctx);
  fflush(f->ctx.diag_out);
  for (Item *it = f->ctx.items; it; it = it->next)
    if (it->kind == ITEM_ASYNC_DEF)
      f->fn = it->fn;
}

static void done(Fixture *f) {
  fclose(f->ctx.diag_out);
  free(f->diag);
  free(f->text);
  arena_free(&f->ctx.arena);
  source_free(&f->ctx.src);
}

/* Parses BODY after PRELUDE and compares the dump of its block. */
static void expect_pre(const char *prelude, const char *body, const char *want) {
  Fixture f;
  parse_text(&f, prelude, body);
  cr_assert_eq(f.errors, 0, "errors for %s:\n%s", body, f.diag ? f.diag : "");
  cr_assert(f.fn && f.fn->body, "no body for %s", body);
  check_ranges(f.fn->body, f.fn->body->first, f.fn->body->last);
  Str o = {0};
  dump(&o, &f.ctx, f.fn->body);
  cr_assert_str_eq(o.s, want, "\nbody: %s\n got: %s\nwant: %s", body, o.s, want);
  free(o.s);
  done(&f);
}

static void expect(const char *body, const char *want) {
  expect_pre("", body, want);
}

/* BODY has a syntax error at the token starting at column COL of line
 * 2 (the body's line) and MSG in the diagnostic. */
static void expect_error(const char *body, int col, const char *msg) {
  Fixture f;
  parse_text(&f, "", body);
  cr_assert_eq(f.errors, 1, "want 1 error for %s, got %d:\n%s", body, f.errors,
               f.diag ? f.diag : "");
  char where[64];
  /* the body follows "async int f(void) " on its line */
  snprintf(where, sizeof where, "t.ac:2:%d: error: ", col + 18);
  cr_assert(strstr(f.diag, where), "want %s in:\n%s", where, f.diag);
  cr_assert(strstr(f.diag, msg), "want %s in:\n%s", msg, f.diag);
  done(&f);
}

/* ---- statements ---- */

Test(parse, empty_and_expr) {
  expect("{}", "(block)");
  expect("{ ; x; }", "(block (empty) (expr (ident x)))");
}

Test(parse, if_else_dangling) {
  expect("{ if (a) if (b) x; else y; }",
         "(block (if (ident a) (if (ident b) (expr (ident x)) (expr (ident y)))))");
  expect("{ if (a) { x; } else if (b) y; else z; }",
         "(block (if (ident a) (block (expr (ident x))) (if (ident b) (expr (ident y)) (expr (ident z)))))");
}

Test(parse, loops) {
  expect("{ while (i < n) i++; do x(); while (0); }",
         "(block (while (< (ident i) (ident n)) (expr (post++ (ident i)))) "
         "(do (expr (call (ident x))) (lit `0`)))");
  expect("{ for (;;) break; for (i = 0; i < 3; i++) continue; }",
         "(block (for - - - (break)) (for (= (ident i) (lit `0`)) (< (ident i) (lit `3`)) (post++ (ident i)) (continue)))");
  expect("{ for (int i = 0, j; i; ) ; }",
         "(block (for (decl `int` (var i `i` = (lit `0`)) (var j `j`)) (ident i) - (empty)))");
}

Test(parse, switch_case) {
  expect("{ switch (x) { case 1: case 2: y; break; case 'a' ... 'z': ; default: z; } }",
         "(block (switch (ident x) (block (case (lit `1`) (case (lit `2`) (expr (ident y)))) (break) "
         "(case (lit `'a'`) ... (lit `'z'`) (empty)) (default (expr (ident z))))))");
}

Test(parse, jumps_and_labels) {
  expect("{ again: x; goto again; return; return x + 1; }",
         "(block (label again (expr (ident x))) (goto again) (return) (return (+ (ident x) (lit `1`))))");
}

Test(parse, asm_and_static_assert) {
  expect("{ __asm__ volatile (\"nop\" : : : \"memory\"); _Static_assert(1, \"x\"); }",
         "(block (asm `__asm__ volatile ( \"nop\" : : : \"memory\" ) ;`) (static_assert))");
}

/* ---- declarations ---- */

Test(parse, declarators) {
  expect("{ int *p, **const q, a[3], b[]; }",
         "(block (decl `int` (var p `* p`) (var q `* * const q`) (var a `a [ 3 ]` dims (lit `3`)) (var b `b [ ]`)))");
  expect("{ int (*fp)(int, char *), (*arr)[3]; }",
         "(block (decl `int` (var fp `( * fp ) ( int , char * )`) (var arr `( * arr ) [ 3 ]` dims (lit `3`))))");
  expect("{ int g(int a[static 3], const char *, ...); }",
         "(block (decl `int` !f (var g `g ( int a [ static 3 ] , const char * , ... )`)))");
  expect("{ int *h(void); void (*sig(int))(int); }",
         "(block (decl `int` !f (var h `* h ( void )`)) (decl `void` !f (var sig `( * sig ( int ) ) ( int )`)))");
  expect("{ char buf[n * 2]; }",
         "(block (decl `char` (var buf `buf [ n * 2 ]` dims (* (ident n) (lit `2`)))))");
}

Test(parse, storage_classes) {
  expect("{ static const int k = 1; extern int e; register int r; _Thread_local int t; }",
         "(block (decl `static const int` !s (var k `k` = (lit `1`))) (decl `extern int` !e (var e `e`)) "
         "(decl `register int` !r (var r `r`)) (decl `_Thread_local int` !l (var t `t`)))");
}

Test(parse, structs_enums) {
  expect("{ struct S { int a : 3, : 2; unsigned b; struct { int c; }; } s; }",
         "(block (decl `struct S { int a : 3 , : 2 ; unsigned b ; struct { int c ; } ; }` !d (var s `s`)))");
  expect("{ enum E { A, B = 2, C, } e = B; }",
         "(block (decl `enum E { A , B = 2 , C , }` !d enum:A enum:B enum:C (var e `e` = (ident B))))");
  expect("{ struct S *p; union U u; }",
         "(block (decl `struct S` (var p `* p`)) (decl `union U` (var u `u`)))");
}

Test(parse, typedefs_lexer_hack) {
  expect("{ typedef int T; T x; T *p = 0; x = (T)p; }",
         "(block (decl `typedef int` !t (var T `T`)) (decl `T` (var x `x`)) "
         "(decl `T` (var p `* p` = (lit `0`))) (expr (= (ident x) (cast `T` (ident p)))))");
  /* a known typedef from the file */
  expect_pre("typedef long my_t;", "{ my_t a; my_t T; a = sizeof(my_t); }",
             "(block (decl `my_t` (var a `a`)) (decl `my_t` (var T `T`)) (expr (= (ident a) (sizeof `my_t`))))");
  /* an unknown one, recognised by the name after it */
  expect("{ foo_t v = 1; }", "(block (decl `foo_t` (var v `v` = (lit `1`))))");
}

Test(parse, gnu_and_c11_specifiers) {
  expect("{ __attribute__((unused)) int x __attribute__((aligned(8))) = 1; }",
         "(block (decl `__attribute__ ( ( unused ) ) int` (var x `x __attribute__ ( ( aligned ( 8 ) ) )` = (lit `1`))))");
}

Test(parse, gnu_specifiers_more) {
  expect("{ _Alignas(16) char b[16]; _Atomic(int) a; _Atomic int c; __extension__ long long ll; }",
         "(block (decl `_Alignas ( 16 ) char` (var b `b [ 16 ]` dims (lit `16`))) (decl `_Atomic ( int )` (var a `a`)) "
         "(decl `_Atomic int` (var c `c`)) (decl `__extension__ long long` (var ll `ll`)))");
  expect("{ __typeof__(x) y = x; __attribute__((fallthrough)); }",
         "(block (decl `__typeof__ ( x )` (var y `y` = (ident x))) (decl `__attribute__ ( ( fallthrough ) )`))");
}

Test(parse, initializers) {
  expect("{ struct P p = { .x = 1, .y = { [2] = 3, 4 }, }; int a[] = { [0 ... 2] = 1 }; }",
         "(block (decl `struct P` (var p `p` = (init (at `. x` (lit `1`)) (at `. y` (init (at `[ 2 ]` (lit `3`)) (lit `4`)))))) "
         "(decl `int` (var a `a [ ]` = (init (at `[ 0 ... 2 ]` (lit `1`))))))");
  expect("{ int z[2] = {}; }", "(block (decl `int` (var z `z [ 2 ]` dims (lit `2`) = (init))))");
}

/* ---- expressions ---- */

Test(parse, precedence) {
  expect("{ x = a + b * c - d; }",
         "(block (expr (= (ident x) (- (+ (ident a) (* (ident b) (ident c))) (ident d)))))");
  expect("{ x = a || b && c | d ^ e & f == g < h << i; }",
         "(block (expr (= (ident x) (|| (ident a) (&& (ident b) (| (ident c) (^ (ident d) (& (ident e) (== (ident f) (< (ident g) (<< (ident h) (ident i))))))))))))");
  expect("{ a = b ? c : d; a = b ?: d; x = y = z; x += 1, y <<= 2; }",
         "(block (expr (= (ident a) (?: (ident b) (ident c) (ident d)))) (expr (= (ident a) (?: (ident b) - (ident d)))) "
         "(expr (= (ident x) (= (ident y) (ident z)))) (expr (, (+= (ident x) (lit `1`)) (<<= (ident y) (lit `2`)))))");
}

Test(parse, unary_postfix) {
  expect("{ x = -*p++ + !~y + &a[i].b->c; --x; }",
         "(block (expr (= (ident x) (+ (+ (u- (u* (post++ (ident p)))) (u! (u~ (ident y)))) "
         "(u& (-> (. (index (ident a) (ident i)) b) c))))) (expr (u-- (ident x))))");
  expect("{ n = sizeof x + sizeof(int *) + _Alignof(long); }",
         "(block (expr (= (ident n) (+ (+ (sizeof (ident x)) (sizeof `int *`)) (_Alignof `long`)))))");
}

Test(parse, casts_compound_literals) {
  expect("{ d = (double)(int)x; p = &(struct P){ .x = 1 }; q = (int[]){1, 2}; }",
         "(block (expr (= (ident d) (cast `double` (cast `int` (ident x))))) "
         "(expr (= (ident p) (u& (compound `struct P` (init (at `. x` (lit `1`))))))) "
         "(expr (= (ident q) (compound `int [ ]` (init (lit `1`) (lit `2`))))))");
}

/* A macro's type argument (va_arg, offsetof) is a literal copied as written. */
Test(parse, type_name_arguments) {
  expect_pre("typedef struct { int m; } T;",
             "{ v = va_arg(ap, unsigned long *); n = offsetof(T, m) + offsetof(struct s, k); }",
             "(block (expr (= (ident v) (call (ident va_arg) (ident ap) (lit `unsigned long *`)))) "
             "(expr (= (ident n) (+ (call (ident offsetof) (lit `T`) (ident m)) "
             "(call (ident offsetof) (lit `struct s`) (ident k))))))");
}

Test(parse, primary) {
  expect("{ s = \"a\" \"b\"; c = 'x'; f(__func__); g = _Generic(x, int: 1, default: 2); v = ({ int t = 1; t; }); }",
         "(block (expr (= (ident s) (lit `\"a\" \"b\"`))) (expr (= (ident c) (lit `'x'`))) (expr (call (ident f) (ident __func__))) "
         "(expr (= (ident g) (generic `_Generic ( x , int : 1 , default : 2 )`))) "
         "(expr (= (ident v) (stmt-expr `( { int t = 1 ; t ; } )`))))");
}

/* ---- the extension ---- */

Test(parse, await_precedence) {
  expect("{ await s.f(x)[i]; }",
         "(block (expr (await (index (call (. (ident s) f) (ident x)) (ident i)))))");
  expect("{ y = -await f(); z = (double)await f(); w = await await g(); }",
         "(block (expr (= (ident y) (u- (await (call (ident f)))))) "
         "(expr (= (ident z) (cast `double` (await (call (ident f)))))) "
         "(expr (= (ident w) (await (await (call (ident g)))))))");
  expect("{ x += await e(); v = await f(a) + await g(b); }",
         "(block (expr (+= (ident x) (await (call (ident e))))) "
         "(expr (= (ident v) (+ (await (call (ident f) (ident a))) (await (call (ident g) (ident b)))))))");
  expect("{ if (ok && await check()) return await f(x); }",
         "(block (if (&& (ident ok) (await (call (ident check)))) (return (await (call (ident f) (ident x))))))");
}

Test(parse, task_type) {
  expect("{ task(int) t = f(), u = g(); task(x); }",
         "(block (decl `task ( int )` (var t `t` = (call (ident f))) (var u `u` = (call (ident g)))) "
         "(expr (call (ident task) (ident x))))");
  expect("{ task(char *) a[2]; n = sizeof(task(void)); }",
         "(block (decl `task ( char * )` (var a `a [ 2 ]` dims (lit `2`))) (expr (= (ident n) (sizeof `task ( void )`))))");
}

Test(parse, try_catch_finally) {
  expect("{ try { await f(); } catch (int err) { throw; } finally { x(); } }",
         "(block (try (block (expr (await (call (ident f))))) catch err (block (throw)) finally (block (expr (call (ident x))))))");
  expect("{ try { a(); } finally { b(); } try {} catch (int e) { throw e; } }",
         "(block (try (block (expr (call (ident a)))) finally (block (expr (call (ident b))))) "
         "(try (block) catch e (block (throw (ident e)))))");
}

Test(parse, defer_yield_throw) {
  expect("{ defer close(fd); defer (void)close(fd); defer { await g(); } yield i * 2; throw -5; }",
         "(block (defer (expr (call (ident close) (ident fd)))) (defer (expr (cast `void` (call (ident close) (ident fd))))) "
         "(defer (block (expr (await (call (ident g)))))) (yield (* (ident i) (lit `2`))) (throw (u- (lit `5`))))");
}

Test(parse, generator_flag) {
  Fixture f;
  parse_text(&f, "", "{ yield 1; }");
  cr_assert_eq(f.errors, 0);
  cr_assert(f.fn->is_generator);
  done(&f);
  parse_text(&f, "", "{ int yield = 1; return yield; }");
  cr_assert_eq(f.errors, 0, "%s", f.diag);
  cr_assert(!f.fn->is_generator);
  done(&f);
}

Test(parse, for_await) {
  expect("{ for await (int v in gen(3)) sum += v; }",
         "(block (for-await (decl `int` (var v `v`)) (call (ident gen) (lit `3`)) (expr (+= (ident sum) (ident v)))))");
  expect("{ for await (const char *s in lines(f)) { puts(s); } }",
         "(block (for-await (decl `const char` (var s `* s`)) (call (ident lines) (ident f)) (block (expr (call (ident puts) (ident s))))))");
}

Test(parse, offload) {
  expect("{ r = await in_thread(work(a, b)); q = await in_process(pool, crunch(x)); t = in_thread(f(1)); }",
         "(block (expr (= (ident r) (await (in_thread (call (ident work) (ident a) (ident b)))))) "
         "(expr (= (ident q) (await (in_process pool (ident pool) (call (ident crunch) (ident x)))))) "
         "(expr (= (ident t) (in_thread (call (ident f) (lit `1`))))))");
}

/* Every word but await, which is the operator wherever an expression
 * can stand (see await_needs_an_operand); a declared name or a member. */
Test(parse, words_as_identifiers) {
  expect("{ int task = 1, defer = 3, yield = 4, try = 5; task = defer + yield; }",
         "(block (decl `int` (var task `task` = (lit `1`)) (var defer `defer` = (lit `3`)) "
         "(var yield `yield` = (lit `4`)) (var try `try` = (lit `5`))) (expr (= (ident task) (+ (ident defer) (ident yield)))))");
  expect("{ s.async = p->task + s.await; defer = yield; defer++; x = (int)defer; f(throw, catch); }",
         "(block (expr (= (. (ident s) async) (+ (-> (ident p) task) (. (ident s) await)))) (expr (= (ident defer) (ident yield))) "
         "(expr (post++ (ident defer))) (expr (= (ident x) (cast `int` (ident defer)))) (expr (call (ident f) (ident throw) (ident catch))))");
  expect("{ struct await { int await; } *a; int await; x = a->await; }",
         "(block (decl `struct await { int await ; }` !d (var a `* a`)) (decl `int` (var await `await`)) (expr (= (ident x) (-> (ident a) await))))");
  expect("{ struct task { int in; } in; in.in = 1; }",
         "(block (decl `struct task { int in ; }` !d (var in `in`)) (expr (= (. (ident in) in) (lit `1`))))");
}

Test(parse, preprocessor_lines_skipped) {
  expect("{\n#ifdef X\n  x();\n#endif\n  y();\n}",
         "(block (expr (call (ident x))) (expr (call (ident y))))");
}

/* ---- errors ---- */

Test(parse, syntax_errors) {
  expect_error("{ x = ; }", 7, "syntax error near ';'");
  expect_error("{ if x) y; }", 6, "syntax error near 'x'");
  expect_error("{ int 3; }", 7, "syntax error near '3'");
  expect_error("{ a b c; }", 7, "syntax error near 'c'");
  /* catch is a keyword only after a try's `}`: here it is a call (whose
   * argument may be a type name, as va_arg's is, but not a declaration) */
  expect_error("{ catch (int e) {} }", 14, "syntax error near 'e'");
}

/* `await` with nothing it could apply to is reported at the await. */
Test(parse, await_needs_an_operand) {
  expect_error("{ await; }", 3, "expected an expression after 'await'");
  expect_error("{ x = (await); }", 8, "expected an expression after 'await'");
  expect_error("{ x = a[await]; }", 9, "expected an expression after 'await'");
  expect_error("{ f(await, 1); }", 5, "expected an expression after 'await'");
  expect_error("{ if (x) { await } }", 12, "expected an expression after 'await'");
  expect_error("{ await }", 3, "expected an expression after 'await'");
  expect_error("{ await = 1; }", 3, "expected an expression after 'await'");
  expect_error("{ await await; }", 9, "expected an expression after 'await'");
  expect_error("{ int await = 1; return await; }", 25, "expected an expression after 'await'");
}

Test(parse, unclosed_parenthesis) {
  expect_error("{ x = (1 + ; }", 12, "syntax error near ';'");
}

/* Garbage never crashes and never gives more than one parse error. */
Test(parse, garbage) {
  static const char *bodies[] = {
      "{ ) }", "{ ] }", "{ } }", "{ ((((( }", "{ await; }", "{ try }",
      "{ for await (int in in) ; }", "{ task( }", "{ __attribute__ x; }",
      "{ _Generic }", "{ case }", "{ ? : ; }", "{ # }", "{ x = { }; }",
      "{ int a[ }", "{ struct { int } s; }", "{ enum { } e; }",
      "{ asm }", "{ ({ }", "{ typedef; T x; }", "{ defer }", "{ yield yield; }",
      "{ in_thread(a, b, c); }", "{ sizeof(int; }", "{ (int){ ; }",
  };
  for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
    Fixture f;
    parse_text(&f, "", bodies[i]);
    cr_assert_leq(f.errors, 1, "%s:\n%s", bodies[i], f.diag);
    if (f.fn && f.fn->body)
      check_ranges(f.fn->body, f.fn->body->first, f.fn->body->last);
    done(&f);
  }
}

/* Deep nesting is reported, not a crash. */
Test(parse, deep_nesting) {
  enum { N = 5000 };
  char *body = malloc(2 * N + 32);
  char *p = body;
  p += sprintf(p, "{ x = ");
  for (int i = 0; i < N; i++) {
    *p++ = '-';
    *p++ = ' ';
  }
  sprintf(p, "y; }");
  Fixture f;
  parse_text(&f, "", body);
  cr_assert_eq(f.errors, 1, "%s", f.diag);
  cr_assert(strstr(f.diag, "nesting too deep"), "%s", f.diag);
  done(&f);
  free(body);
}
