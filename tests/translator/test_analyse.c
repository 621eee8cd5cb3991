/* test_analyse.c - the analyser (translator/analyse.c), read as its
 * specification.
 *
 * Each test translates a small file up to analyse() (lex, skim, parse,
 * analyse) and looks at what the analyser promises the lowering: the
 * frame variables of each function and their field names (a shadowing
 * local gets x_1), which identifiers name them, the file-scope names of
 * the tags, enumerators, typedefs and statics a body declares
 * (Ctx.rename, Sym.field), callees and has_await; and each language check,
 * with its exact message and position.
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
} Fixture;

static void analyse_text(Fixture *f, const char *text) {
  memset(f, 0, sizeof *f);
  f->ctx.diag_out = open_memstream(&f->diag, &f->diag_len);
  cr_assert(f->ctx.diag_out);
  cr_assert_eq(source_from_buffer(&f->ctx.src, "t.ac", text, strlen(text)), 0);
  lex_file(&f->ctx);
  f->errors = parse_file(&f->ctx);
  cr_assert_eq(f->errors, 0, "parse errors in:\n%s", text);
  f->errors = analyse(&f->ctx);
  fflush(f->ctx.diag_out);
}

static void done(Fixture *f) {
  fclose(f->ctx.diag_out);
  free(f->diag);
  arena_free(&f->ctx.arena);
  source_free(&f->ctx.src);
}

static AsyncFn *defined(Fixture *f, const char *name) {
  for (Item *it = f->ctx.items; it; it = it->next)
    if (it->kind == ITEM_ASYNC_DEF && !strcmp(it->fn->name, name)) return it->fn;
  cr_assert_fail("no definition of %s", name);
  return NULL;
}

/* "name:field name:field ..." of FN's frame variables, in order. */
static char *frame_vars(AsyncFn *fn) {
  static char out[512];
  out[0] = '\0';
  for (Sym *y = fn->frame_vars; y; y = y->next) {
    size_t n = strlen(out);
    snprintf(out + n, sizeof out - n, "%s%s:%s", n ? " " : "", y->name, y->field);
  }
  return out;
}

/* The index of the K-th (from 0) token spelled S. */
static int tok_index(Ctx *ctx, const char *s, int k) {
  for (int i = 0; i < ctx->ntoks; i++)
    if ((size_t)ctx->toks[i].len == strlen(s) &&
        !memcmp(ctx->src.text + ctx->toks[i].off, s, strlen(s)) && k-- == 0)
      return i;
  cr_assert_fail("no token %s", s);
  return -1;
}

static const char *renamed(Fixture *f, const char *s, int k) {
  int i = tok_index(&f->ctx, s, k);
  return f->ctx.rename && f->ctx.rename[i] ? f->ctx.rename[i] : "";
}

/* ------------------------------------------------------ frame variables */

Test(frame, params_then_locals_in_order) {
  Fixture f;
  analyse_text(&f, "async int f(int a, char *b) { int x = a; char *y = b; return x; }\n");
  cr_assert_eq(f.errors, 0);
  cr_assert_str_eq(frame_vars(defined(&f, "f")), "a:a b:b x:x y:y");
  done(&f);
}

Test(frame, shadowing_gets_a_field_of_its_own) {
  Fixture f;
  analyse_text(&f, "async int f(int x) { { int x = 2; { int x = 3; } } int y = x; return y; }\n");
  cr_assert_eq(f.errors, 0);
  cr_assert_str_eq(frame_vars(defined(&f, "f")), "x:x x:x_1 x:x_2 y:y");
  done(&f);
}

Test(frame, statics_typedefs_and_externs_are_not_frame_variables) {
  Fixture f;
  analyse_text(&f, "async int f(void) { static int n; typedef int T; extern int e; T t = 0;"
                   " return n + e + t; }\n");
  cr_assert_eq(f.errors, 0);
  cr_assert_str_eq(frame_vars(defined(&f, "f")), "t:t");
  done(&f);
}

Test(frame, catch_variable_is_a_frame_variable) {
  Fixture f;
  analyse_text(&f, "async int f(void) { int e = 0; try { throw 1; } catch (int e) { return e; }"
                   " return e; }\n");
  cr_assert_eq(f.errors, 0);
  cr_assert_str_eq(frame_vars(defined(&f, "f")), "e:e e:e_1");
  done(&f);
}

Test(frame, identifiers_name_the_variable_in_scope) {
  Fixture f;
  analyse_text(&f, "async int f(void) { int x = 1; { int x = 2; x++; } return x; }\n");
  cr_assert_eq(f.errors, 0);
  AsyncFn *fn = defined(&f, "f");
  Node *outer_ret = fn->body->body->next->next; /* return x; */
  cr_assert_eq(outer_ret->kind, N_RETURN);
  cr_assert_str_eq(outer_ret->a->sym->field, "x");
  Node *inner = fn->body->body->next->body->next; /* x++; */
  cr_assert_eq(inner->kind, N_EXPR_STMT);
  cr_assert_str_eq(inner->a->a->sym->field, "x_1");
  done(&f);
}

/* ------------------------------------------------ names at file scope */

Test(rename, tags_enumerators_typedefs_and_statics_move_with_a_prefix) {
  Fixture f;
  analyse_text(&f, "async int f(void) {\n"
                   "  struct pair { int a, b; } p = {1, 2};\n"
                   "  enum color { RED, GREEN } c = GREEN;\n"
                   "  typedef long L;\n"
                   "  static L count;\n"
                   "  return p.a + c + RED + (int)count;\n"
                   "}\n");
  cr_assert_eq(f.errors, 0);
  cr_assert_str_eq(renamed(&f, "pair", 0), "f__pair");
  cr_assert_str_eq(renamed(&f, "color", 0), "f__color");
  cr_assert_str_eq(renamed(&f, "GREEN", 0), "f__GREEN");
  cr_assert_str_eq(renamed(&f, "GREEN", 1), "f__GREEN");
  cr_assert_str_eq(renamed(&f, "RED", 1), "f__RED");
  cr_assert_str_eq(renamed(&f, "L", 0), "f__L");
  cr_assert_str_eq(renamed(&f, "L", 1), "f__L");
  /* a member's name is not the tag's */
  cr_assert_str_eq(renamed(&f, "a", 1), "");
  cr_assert_str_eq(frame_vars(defined(&f, "f")), "p:p c:c");
  done(&f);
}

Test(rename, an_inner_tag_hides_an_outer_one_and_gets_a_second_name) {
  Fixture f;
  analyse_text(&f, "async int f(void) {\n"
                   "  struct s { int a; } x = {1};\n"
                   "  { struct s { long b; } y = {2}; (void)y; }\n"
                   "  struct s z = x;\n"
                   "  return z.a;\n"
                   "}\n");
  cr_assert_eq(f.errors, 0);
  cr_assert_str_eq(renamed(&f, "s", 0), "f__s");
  cr_assert_str_eq(renamed(&f, "s", 1), "f__s_1");
  cr_assert_str_eq(renamed(&f, "s", 2), "f__s");
  done(&f);
}

Test(rename, a_file_scope_tag_stays_itself) {
  Fixture f;
  analyse_text(&f, "struct s { int a; };\n"
                   "async int f(void) { struct s x = {1}; return x.a; }\n");
  cr_assert_eq(f.errors, 0);
  cr_assert_str_eq(renamed(&f, "s", 1), "");
  done(&f);
}

Test(rename, generated_names_are_taken_first) {
  Fixture f;
  analyse_text(&f, "async int f(void) { struct frame { int a; } x = {1}; return x.a; }\n");
  cr_assert_eq(f.errors, 0);
  cr_assert_str_eq(renamed(&f, "frame", 0), "f__frame_1");
  done(&f);
}

/* ------------------------------------------------ callees, has_await */

Test(calls, async_callee_and_await_are_marked) {
  Fixture f;
  analyse_text(&f, "async int g(int v) { return v; }\n"
                   "int h(int v) { return v; }\n"
                   "async int f(void) { int x = h(1) + await g(2); return x; }\n");
  cr_assert_eq(f.errors, 0);
  Node *decl = defined(&f, "f")->body->body;
  Node *init = decl->list->init;    /* h(1) + await g(2) */
  cr_assert_eq(init->kind, N_BINARY);
  cr_assert(init->has_await);
  cr_assert(decl->has_await);
  cr_assert_null(init->a->callee); /* h: not async */
  cr_assert(!init->a->has_await);
  cr_assert_str_eq(init->b->a->callee->name, "g");
  done(&f);
}

Test(calls, an_await_under_sizeof_does_not_suspend) {
  Fixture f;
  analyse_text(&f, "async int g(void) { return 1; }\n"
                   "async int f(void) { return sizeof g(); }\n");
  cr_assert_eq(f.errors, 0);
  cr_assert(!defined(&f, "f")->body->body->a->has_await);
  done(&f);
}

/* ------------------------------------------------------------ checks */

/* TEXT gives exactly one error, whose first line is WANT. */
static void expect_error(const char *text, const char *want) {
  Fixture f;
  analyse_text(&f, text);
  cr_assert_eq(f.errors, 1, "%d errors for\n%s\n%s", f.errors, text, f.diag);
  size_t n = strcspn(f.diag, "\n");
  cr_assert(strlen(want) == n && !strncmp(f.diag, want, n), "\n got: %.*s\nwant: %s", (int)n,
            f.diag, want);
  done(&f);
}

#define G "async int g(void) { return 1; }\n"

/* A VLA is no error here: lower_live.c decides whether it can stay a C
 * local (e2e vla_between_awaits, err_vla_in_async). */
Test(check, vla_is_marked) {
  Fixture f;
  analyse_text(&f, "async int f(int n) {\n  int a[n], b[4];\n  return a[0] + b[0];\n}\n");
  cr_assert_eq(f.errors, 0);
  Node *decl = defined(&f, "f")->body->body;
  cr_assert(decl->list->sym->vm);
  cr_assert(!decl->list->next->sym->vm);
  done(&f);
}

/* alloca is lower_live.c's to judge (it knows what suspends): e2e
 * alloca_no_await_after, err_alloca_in_async. */
Test(check, alloca_left_to_lowering) {
  Fixture f;
  analyse_text(&f, "async int f(void) {\n  char *p = alloca(4);\n  return *p;\n}\n");
  cr_assert_eq(f.errors, 0);
  done(&f);
}

Test(check, await_inside_sizeof) {
  expect_error(G "async int f(void) {\n  return sizeof(await g());\n}\n",
               "t.ac:3:10: error: await inside sizeof is never evaluated");
}

Test(check, discarded_task) {
  expect_error(G "async int f(void) {\n  g();\n  return 0;\n}\n",
               "t.ac:3:3: error: task handle discarded; did you mean `await g()`?");
}

Test(check, variadic) {
  expect_error("async int f(int n, ...) {\n  return n;\n}\n",
               "t.ac:1:20: error: an async function cannot be variadic: its arguments are gone "
               "once the caller returns; pass a va_list or an array");
}

Test(check, unnamed_parameter) {
  expect_error("async int f(int) {\n  return 0;\n}\n",
               "t.ac:1:13: error: parameter of an async function needs a name");
}

Test(check, await_inside_generic) {
  expect_error(G "async int f(void) {\n  int a = 0;\n  return _Generic(a, int: await g());\n}\n",
               "t.ac:4:10: error: await inside _Generic is not supported; await into a local "
               "first and name the local here");
}

Test(check, await_inside_offload) {
  expect_error(G "async int f(void) {\n  return await in_thread(await g() + 1);\n}\n",
               "t.ac:3:26: error: await inside in_thread/in_process: its expression is "
               "ordinary C");
}

Test(check, await_inside_offload_task) {
  expect_error(G "async int f(void) {\n  task(int) t = in_process(1 + await g());\n"
                 "  return await t;\n}\n",
               "t.ac:3:28: error: await inside in_thread/in_process: its expression is "
               "ordinary C");
}

Test(check, return_value_in_generator) {
  expect_error("async int f(void) {\n  yield 1;\n  return 2;\n}\n",
               "t.ac:3:10: error: an async generator returns no value; use `yield`");
}

Test(check, rethrow_outside_catch) {
  expect_error("async int f(void) {\n  try { throw 1; } catch (int e) { throw; }\n"
               "  throw;\n}\n",
               "t.ac:3:3: error: `throw;` outside a catch block");
}

Test(check, rethrow_in_a_try_inside_a_catch) {
  Fixture f;
  analyse_text(&f, "async int f(void) {\n  try { throw 1; } catch (int e) {\n"
                   "    try { throw; } finally { (void)e; }\n  }\n  return 0;\n}\n");
  cr_assert_eq(f.errors, 0, "%s", f.diag);
  done(&f);
}

Test(check, for_await_needs_a_generator) {
  expect_error(G "async int f(void) {\n  for await (int v in g()) { (void)v; }\n  return 0;\n}\n",
               "t.ac:3:23: error: `for await` needs a call of an async generator");
}

Test(check, the_body_of_a_rejected_construct_is_not_checked_again) {
  /* the bad for await's body would also rethrow outside a catch: one error */
  expect_error(G "async int f(void) {\n  for await (int v in g()) { throw; }\n  return 0;\n}\n",
               "t.ac:3:23: error: `for await` needs a call of an async generator");
}

Test(check, yield_inside_a_timeout_scope) {
  expect_error("async int g(void) {\n  ac_timeout (1.0) {\n    yield 1;\n  }\n}\n",
               "t.ac:3:5: error: yield inside a timeout scope: the deadline would run on in the "
               "consumer's code; leave the scope before yielding");
}

Test(check, timeout_scope_in_an_async_function) {
  /* a scope with a handle, awaits and exits; ac_timeout called as a
   * function or used as a name stays C */
  Fixture f;
  analyse_text(&f, "async int f(void) {\n  ac_timeout_t cm; int ac_timeout = 0;\n"
                   "  ac_timeout_at (ac_now() + 1, &cm) { await g(); if (cm.x) return 1; }\n"
                   "  ac_timeout(ac_timeout);\n  return ac_timeout;\n}\n" G);
  cr_assert_eq(f.errors, 0, "%s", f.diag);
  Node *scope = defined(&f, "f")->body->body->next->next; /* after two declarations */
  cr_assert_eq(scope->kind, N_TIMEOUT);
  cr_assert(scope->has_await && scope->c != NULL && scope->a != NULL);
  cr_assert_eq(scope->next->kind, N_EXPR_STMT);
  done(&f);
}

Test(check, leaf_task_needs_named_parameters) {
  expect_error("AC_AWAITABLE(int, take, (int *, double));\n"
               "async int f(int *p) {\n  return await ac_wait_for(take(p, 1), 0.5);\n}\n",
               "t.ac:3:28: error: take cannot be a task here: its AC_AWAITABLE "
               "declaration must name every parameter (and have no `...`)");
}

Test(check, leaf_task_with_named_parameters_is_fine) {
  Fixture f;
  analyse_text(&f, "AC_AWAITABLE(int, take, (int *box, double limit));\n"
                   "async int f(int *p) {\n"
                   "  await ac_gather(take(p, 1), take(p, 2));\n"
                   "  return await ac_shield(take(p, 3));\n}\n");
  cr_assert_eq(f.errors, 0, "%s", f.diag);
  done(&f);
}
