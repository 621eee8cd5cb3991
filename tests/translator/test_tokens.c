/* test_tokens.c - tokens.c, the token toolkit of the skimmer and the
 * parser: the token predicates (out-of-range indices included), which
 * keywords start a type name, bracket matching on balanced and unbalanced
 * input, and the typedef set (builtin, added, plain). The last tests check
 * that the skimmer and the parser now agree on what `task(T)` is.
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
} Fixture;

/* Lexes TEXT only (no skim): the toolkit's input. */
static void lex(Fixture *f, const char *text) {
  memset(f, 0, sizeof *f);
  f->ctx.diag_out = open_memstream(&f->diag, &f->diag_len);
  cr_assert(f->ctx.diag_out);
  cr_assert_eq(source_from_buffer(&f->ctx.src, "t.ac", text, strlen(text)), 0);
  cr_assert_eq(lex_file(&f->ctx), 0);
}

static void done(Fixture *f) {
  fclose(f->ctx.diag_out);
  free(f->diag);
  arena_free(&f->ctx.arena);
  source_free(&f->ctx.src);
}

/* The index of the Nth token (0-based) spelled S. */
static int nth(Fixture *f, const char *s, int n) {
  size_t len = strlen(s);
  for (int i = 0; i < f->ctx.ntoks; i++) {
    const Tok *t = &f->ctx.toks[i];
    if ((size_t)t->len == len && !memcmp(f->ctx.src.text + t->off, s, len) && n-- == 0)
      return i;
  }
  cr_assert_fail("no token '%s'", s);
  return -1;
}

static int at(Fixture *f, const char *s) { return nth(f, s, 0); }

/* Does the first token of TEXT start a type name? */
static bool starts_type(const char *text) {
  Fixture f;
  lex(&f, text);
  bool r = tok_starts_type_name(&f.ctx, 0);
  done(&f);
  return r;
}

static bool known(Ctx *ctx, const char *s) { return is_typedef_name(ctx, s, strlen(s)); }

static bool plain(const char *s) { return is_plain_typedef(s, strlen(s)); }

/* ---- one token ---- */

Test(tokens, predicates) {
  Fixture f;
  lex(&f, "x->await ( in ) int \"s\" 1");
  Ctx *c = &f.ctx;
  int x = at(&f, "x"), arrow = at(&f, "->"), aw = at(&f, "await");
  cr_assert(tok_is_punct(c, arrow, P_ARROW));
  cr_assert(!tok_is_punct(c, arrow, P_DOT));
  cr_assert(!tok_is_punct(c, x, P_ARROW));
  cr_assert(tok_is_name(c, x));
  cr_assert(tok_is_name(c, aw), "the extension's words are names");
  cr_assert(!tok_is_name(c, at(&f, "int")), "C keywords are not");
  cr_assert(!tok_is_name(c, at(&f, "\"s\"")));
  cr_assert(tok_is_kw(c, aw, KW_await));
  cr_assert(tok_is_kw(c, at(&f, "int"), KW_int));
  cr_assert(!tok_is_kw(c, x, KW_NONE), "KW_NONE is no keyword");
  cr_assert_eq(tok_keyword(c, at(&f, "int")), KW_int);
  cr_assert_eq(tok_keyword(c, at(&f, "1")), KW_NONE);
  cr_assert(tok_spells(c, at(&f, "in"), "in"));
  cr_assert(!tok_spells(c, at(&f, "in"), "int"));
  cr_assert(!tok_spells(c, at(&f, "\"s\""), "\"s\""), "only identifiers spell");
  cr_assert(tok_is_open(c, at(&f, "(")));
  cr_assert(!tok_is_open(c, at(&f, ")")));
  done(&f);
}

Test(tokens, out_of_range_is_false) {
  Fixture f;
  lex(&f, "(");
  Ctx *c = &f.ctx;
  int outside[] = {-2, -1, c->ntoks, c->ntoks + 1};
  for (size_t k = 0; k < sizeof outside / sizeof *outside; k++) {
    int i = outside[k];
    cr_assert(!tok_is_punct(c, i, P_LPAREN));
    cr_assert(!tok_is_kw(c, i, KW_int));
    cr_assert_eq(tok_keyword(c, i), KW_NONE);
    cr_assert(!tok_is_name(c, i));
    cr_assert(!tok_spells(c, i, "x"));
    cr_assert(!tok_is_open(c, i));
    cr_assert(!tok_is_typedef(c, i));
    cr_assert(!tok_starts_type_name(c, i));
  }
  done(&f);
}

Test(tokens, keyword_classes) {
  cr_assert(kw_is_base_type(KW_int) && kw_is_base_type(KW__Imaginary) &&
            kw_is_base_type(KW___int128));
  cr_assert(!kw_is_base_type(KW_const) && !kw_is_base_type(KW_NONE));
  int quals[] = {KW_const, KW_volatile, KW_restrict, KW__Atomic, KW___restrict,
                 KW___restrict__, KW___const, KW___volatile__};
  for (size_t i = 0; i < sizeof quals / sizeof *quals; i++)
    cr_assert(kw_is_qualifier(quals[i]), "qualifier %zu", i);
  cr_assert(!kw_is_qualifier(KW_static) && !kw_is_qualifier(KW_NONE));
  cr_assert(kw_is_storage(KW_static) && kw_is_storage(KW_typedef) &&
            kw_is_storage(KW___extension__) && kw_is_storage(KW_inline));
  cr_assert(!kw_is_storage(KW_const));
  cr_assert(kw_is_tag(KW_struct) && kw_is_tag(KW_union) && kw_is_tag(KW_enum));
  cr_assert(!kw_is_tag(KW_typedef));
}

/* The skimmer and the classifier used to differ here: restrict and GNU's
 * __volatile__ (the skimmer yes, the classifier no), a bare `task` (the
 * classifier yes, the skimmer only before `(` and a type). */
Test(tokens, starts_type_name) {
  const char *yes[] = {"int", "unsigned", "_Imaginary", "const", "volatile",
                       "restrict", "__restrict", "__restrict__", "__const",
                       "__volatile__", "_Atomic", "struct", "union", "enum",
                       "typeof", "__typeof__", "size_t", "uv_loop_t",
                       "ac_anything_t", "task(int)", "task(task(char *))"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    cr_assert(starts_type(yes[i]), "'%s' should start a type name", yes[i]);
  const char *no[] = {"x", "my_t", "task", "task x", "task(x)", "static",
                      "typedef", "__attribute__", "await", "(", "1", "\"s\""};
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    cr_assert(!starts_type(no[i]), "'%s' should not start a type name", no[i]);
}

Test(tokens, typedef_tokens) {
  Fixture f;
  lex(&f, "my_t size_t int defer");
  Ctx *c = &f.ctx;
  cr_assert(!tok_is_typedef(c, at(&f, "my_t")));
  cr_assert(tok_is_typedef(c, at(&f, "size_t")));
  cr_assert(!tok_is_typedef(c, at(&f, "int")), "a keyword is no typedef name");
  add_typedef_name(c, "my_t", 4);
  cr_assert(tok_is_typedef(c, at(&f, "my_t")));
  cr_assert(tok_starts_type_name(c, at(&f, "my_t")));
  done(&f);
}

/* ---- brackets ---- */

Test(tokens, brackets_balanced) {
  Fixture f;
  lex(&f, "{ a[f(x)] = (y); }");
  Ctx *c = &f.ctx;
  int *m = arena_alloc(&c->arena, sizeof(int) * (size_t)c->ntoks);
  cr_assert_eq(match_brackets(c, 0, c->ntoks - 1, m), -1);
  cr_assert_eq(m[at(&f, "{")], at(&f, "}"));
  cr_assert_eq(m[at(&f, "}")], at(&f, "{"));
  cr_assert_eq(m[at(&f, "[")], at(&f, "]"));
  cr_assert_eq(m[nth(&f, "(", 0)], nth(&f, ")", 0));
  cr_assert_eq(m[nth(&f, "(", 1)], nth(&f, ")", 1));
  cr_assert_eq(m[at(&f, "a")], -1);
  done(&f);
}

/* `}` closes its `{` past an open `(`, which stays unmatched; a stray `)`
 * closes nothing and never ends the block it stands in. */
Test(tokens, brackets_unbalanced) {
  Fixture f;
  lex(&f, "{ f(x; ) } ) [ (");
  Ctx *c = &f.ctx;
  int *m = arena_alloc(&c->arena, sizeof(int) * (size_t)c->ntoks);
  int unclosed = match_brackets(c, 0, c->ntoks - 1, m);
  int lp = nth(&f, "(", 0), rp = nth(&f, ")", 0);
  cr_assert_eq(m[lp], rp, "`)` closes the `(` before `;`");
  cr_assert_eq(m[at(&f, "{")], at(&f, "}"));
  cr_assert_eq(m[nth(&f, ")", 1)], -1, "a stray `)` stays unmatched");
  cr_assert_eq(unclosed, nth(&f, "(", 1), "the innermost opener left open");
  cr_assert_eq(m[at(&f, "[")], -1);
  done(&f);
}

Test(tokens, brackets_close_past_paren_not_past_brace) {
  Fixture f;
  lex(&f, "{ g(y; } { ) }");
  Ctx *c = &f.ctx;
  int *m = arena_alloc(&c->arena, sizeof(int) * (size_t)c->ntoks);
  cr_assert_eq(match_brackets(c, 0, c->ntoks - 1, m), -1);
  cr_assert_eq(m[nth(&f, "{", 0)], nth(&f, "}", 0));
  cr_assert_eq(m[at(&f, "(")], -1, "the `(` the `}` passed");
  cr_assert_eq(m[nth(&f, "{", 1)], nth(&f, "}", 1));
  cr_assert_eq(m[at(&f, ")")], -1, "a `)` does not end a block");
  done(&f);
}

/* A sub-range: MATCH is indexed from FIRST, partners are token indices,
 * and what lies outside the range is not seen. */
Test(tokens, brackets_in_a_range) {
  Fixture f;
  lex(&f, "( x { [ y ] } )");
  Ctx *c = &f.ctx;
  int first = at(&f, "{"), last = at(&f, "}");
  int m[8];
  cr_assert_eq(match_brackets(c, first, last, m), -1);
  cr_assert_eq(m[0], last);
  cr_assert_eq(m[last - first], first);
  cr_assert_eq(m[at(&f, "[") - first], at(&f, "]"));
  cr_assert_eq(match_brackets(c, 0, first, m), first, "`{` left open");
  cr_assert_eq(match_brackets(c, 3, 2, m), -1, "an empty range");
  done(&f);
}

/* ---- the typedef set ---- */

Test(tokens, typedef_set_builtin) {
  Ctx ctx = {0};
  cr_assert(known(&ctx, "size_t"));
  cr_assert(known(&ctx, "FILE"));
  cr_assert(known(&ctx, "uv_loop_t"));
  cr_assert(known(&ctx, "ac_task_t"));
  cr_assert(known(&ctx, "ac_task__int_t"), "asyncc.h's namespace: ac_*_t");
  cr_assert(!known(&ctx, "ac_t"), "too short for ac_*_t");
  cr_assert(!known(&ctx, "my_t"));
  cr_assert(!known(&ctx, "size"), "no prefix of a name");
  cr_assert(!known(&ctx, "size_tt"), "no extension of a name");
  arena_free(&ctx.arena);
}

Test(tokens, typedef_set_added_and_shared) {
  Ctx ctx = {0};
  add_typedef_name(&ctx, "my_typedef", 7); /* "my_type" */
  cr_assert(known(&ctx, "my_type"));
  cr_assert(!known(&ctx, "my_typedef"));
  add_typedef_name(&ctx, "my_type", 7); /* twice: one entry */
  /* A header's Ctx shares the set and its names outlive that Ctx. */
  Ctx header = {0};
  header.typedefs = typedef_set(&ctx);
  add_typedef_name(&header, "from_header", 11);
  arena_free(&header.arena);
  cr_assert(known(&ctx, "from_header"));
  /* Enough names to grow the table several times. */
  char name[32];
  for (int i = 0; i < 3000; i++) {
    snprintf(name, sizeof name, "t%d_t", i);
    add_typedef_name(&ctx, name, strlen(name));
  }
  for (int i = 0; i < 3000; i++) {
    snprintf(name, sizeof name, "t%d_t", i);
    cr_assert(known(&ctx, name), "%s lost", name);
  }
  cr_assert(known(&ctx, "size_t") && known(&ctx, "my_type"));
  cr_assert(!known(&ctx, "t3000_t"));
  arena_free(&ctx.arena);
}

Test(tokens, typedef_set_plain) {
  cr_assert(plain("size_t"));
  cr_assert(plain("FILE"));
  cr_assert(plain("uv_loop_t"));
  cr_assert(plain("ac_task__int"), "task handles");
  cr_assert(!plain("va_list"), "an array");
  cr_assert(!plain("jmp_buf"), "an array");
  cr_assert(!plain("my_t"), "not seen into");
  cr_assert(!plain("size"));
}

/* ---- the skimmer and the parser agree ---- */

typedef struct {
  Fixture f;
  int errors;
  AsyncFn *fn;
} Parsed;

static void parse(Parsed *p, const char *text) {
  lex(&p->f, text);
  p->errors = parse_file(&p->f.ctx);
  fflush(p->f.ctx.diag_out);
  p->fn = NULL;
  for (Item *it = p->f.ctx.items; it; it = it->next)
    if (it->kind == ITEM_ASYNC_DEF)
      p->fn = it->fn;
}

/* The skimmer recorded task(__volatile__ int) as a task type while the
 * classifier took `task` for a call: "syntax error near '__volatile__'". */
Test(tokens, task_type_with_gnu_qualifier_parses) {
  const char *types[] = {"__volatile__ int", "restrict int *", "__restrict int *",
                         "_Imaginary double"};
  for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
    char text[256];
    snprintf(text, sizeof text,
             "async int g(void);\n"
             "async int f(void) { task(%s) t = g(); (void)t; return 0; }\n",
             types[i]);
    Parsed p;
    parse(&p, text);
    cr_assert_eq(p.errors, 0, "task(%s): %s", types[i], p.f.diag ? p.f.diag : "");
    cr_assert(p.fn && p.fn->body, "task(%s): no body", types[i]);
    cr_assert(p.f.ctx.tasktypes, "task(%s): the skimmer saw no task type", types[i]);
    done(&p.f);
  }
}

/* The classifier's guesses about a name no header declared read the same
 * qualifier list: `my_t *__restrict p = 0;` used to be a syntax error at
 * `__restrict` (only const, volatile and restrict were looked at). */
Test(tokens, unknown_type_before_any_qualifier) {
  const char *decls[] = {"my_t *__restrict p = 0;", "my_t *__volatile__ *q = 0;",
                         "my_t __const c = 0;", "my_t _Atomic a;"};
  for (size_t i = 0; i < sizeof decls / sizeof *decls; i++) {
    char text[256];
    snprintf(text, sizeof text, "async int f(void) { %s return 0; }\n", decls[i]);
    Parsed p;
    parse(&p, text);
    cr_assert_eq(p.errors, 0, "%s: %s", decls[i], p.f.diag ? p.f.diag : "");
    int t = nth(&p.f, "my_t", 0);
    cr_assert(p.f.ctx.tok_role && p.f.ctx.tok_role[t] == ROLE_TYPE_NAME,
              "%s: my_t is no type name", decls[i]);
    done(&p.f);
  }
}
