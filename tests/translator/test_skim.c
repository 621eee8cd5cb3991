/* test_skim.c - the skimmer (skim.c): items, async detection, AsyncFn
 * fields, typedef names, task types, misuse diagnostics, .ah includes.
 *
 * parse_file also parses the async bodies (parse.c); these tests look
 * only at what the skimmer gives.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "translator.h"

typedef struct {
  Ctx ctx;
  char *diag;
  size_t diag_len;
  int errors;
} Fixture;

static void skim_path(Fixture *f, const char *path, const char *text) {
  memset(f, 0, sizeof *f);
  f->ctx.diag_out = open_memstream(&f->diag, &f->diag_len);
  cr_assert(f->ctx.diag_out);
  cr_assert_eq(source_from_buffer(&f->ctx.src, path, text, strlen(text)), 0);
  lex_file(&f->ctx);
  f->errors = parse_file(&f->ctx);
  fflush(f->ctx.diag_out);
}

static void skim(Fixture *f, const char *text) { skim_path(f, "t.ac", text); }

static void done(Fixture *f) {
  fclose(f->ctx.diag_out);
  free(f->diag);
  arena_free(&f->ctx.arena);
  source_free(&f->ctx.src);
}

static Item *item(Fixture *f, int n) {
  Item *it = f->ctx.items;
  for (int i = 0; i < n && it; i++)
    it = it->next;
  cr_assert(it, "no item %d", n);
  return it;
}

static int nitems(Fixture *f) {
  int n = 0;
  for (Item *it = f->ctx.items; it; it = it->next)
    n++;
  return n;
}

static bool tok_is(Fixture *f, int i, const char *s) {
  const Tok *t = &f->ctx.toks[i];
  return (size_t)t->len == strlen(s) && memcmp(f->ctx.src.text + t->off, s, strlen(s)) == 0;
}

static AsyncFn *fn_named(Fixture *f, const char *name) {
  for (AsyncFn *fn = f->ctx.fns; fn; fn = fn->next)
    if (strcmp(fn->name, name) == 0)
      return fn;
  cr_assert_fail("no async function %s", name);
  return NULL;
}

static bool typedef_known(Fixture *f, const char *s) {
  return is_typedef_name(&f->ctx, s, strlen(s));
}

Test(skim, splits_items) {
  Fixture f;
  skim(&f, "#include <stddef.h>\n"
           "struct S { int a; struct { int b; } in; };\n"
           "int f(int x) { if (x) { return 1; } return 0; }\n"
           "int tbl[] = { 1, { 2 } }, y = 3;\n"
           "#define X 1\n"
           "enum { A, B } e = A;\n"
           "void (*signal_(int, void (*)(int)))(int) { return 0; }\n"
           "int g(void) __attribute__((cold)) { }\n"
           "static int h;");
  cr_assert_eq(nitems(&f), 9);
  cr_assert_eq(f.ctx.toks[item(&f, 0)->first].kind, TK_PP);
  cr_assert(tok_is(&f, item(&f, 1)->first, "struct"));
  cr_assert(tok_is(&f, item(&f, 1)->last, ";"));
  cr_assert(tok_is(&f, item(&f, 2)->first, "int"));
  cr_assert(tok_is(&f, item(&f, 2)->last, "}"));
  cr_assert(tok_is(&f, item(&f, 3)->last, ";"));
  cr_assert_eq(f.ctx.toks[item(&f, 4)->first].kind, TK_PP);
  cr_assert(tok_is(&f, item(&f, 5)->first, "enum"));
  cr_assert(tok_is(&f, item(&f, 6)->last, "}"));
  cr_assert(tok_is(&f, item(&f, 7)->last, "}"));
  cr_assert(tok_is(&f, item(&f, 8)->first, "static"));
  for (int i = 0; i < 9; i++)
    cr_assert_eq(item(&f, i)->kind, ITEM_PASS);
  cr_assert_eq(f.errors, 0);
  done(&f);
}

Test(skim, async_detection) {
  Fixture f;
  skim(&f, "struct H { uv_async_t async; int async2; };\n"
           "uv_async_t async;\n"
           "int async = 1;\n"
           "int async(int x);\n"
           "async int f(void);\n"
           "static inline async int g(int a) { return a; }\n"
           "int x = async + 1;\n");
  cr_assert_eq(item(&f, 0)->kind, ITEM_PASS);
  cr_assert_eq(item(&f, 1)->kind, ITEM_PASS);
  cr_assert_eq(item(&f, 2)->kind, ITEM_PASS);
  cr_assert_eq(item(&f, 3)->kind, ITEM_PASS);
  cr_assert_eq(item(&f, 4)->kind, ITEM_ASYNC_DECL);
  cr_assert_eq(item(&f, 5)->kind, ITEM_ASYNC_DEF);
  cr_assert_eq(item(&f, 6)->kind, ITEM_PASS);
  cr_assert_eq(item(&f, 5)->fn, fn_named(&f, "g"));
  cr_assert_eq(f.errors, 0);
  done(&f);
}

Test(skim, async_fn_fields) {
  Fixture f;
  skim(&f, "static inline async const char *name_of(int x, const char *s, ...);\n"
           "async void run() { }\n"
           "async unsigned long big(void);\n"
           "static async struct point mk(pair_t p, int (*cb)(int), int arr[10], size_t);\n"
           "async char ** __attribute__((unused)) pp(void);\n");
  AsyncFn *fn = fn_named(&f, "name_of");
  cr_assert_str_eq(fn->ret_type, "const char *");
  cr_assert_eq(fn->nparams, 2);
  cr_assert(fn->variadic);
  cr_assert(fn->is_static);
  cr_assert_not(fn->returns_void);
  cr_assert(tok_is(&f, fn->name_tok, "name_of"));
  cr_assert(tok_is(&f, fn->params_lparen, "("));
  cr_assert(tok_is(&f, fn->params_rparen, ")"));
  cr_assert(tok_is(&f, fn->spec_first, "static"));
  cr_assert(tok_is(&f, fn->spec_last, "char"));
  cr_assert(tok_is(&f, fn->decl_last, ")"));
  cr_assert(tok_is(&f, fn->params->name, "x"));
  cr_assert(tok_is(&f, fn->params->next->name, "s"));
  cr_assert(tok_is(&f, fn->params->next->first, "const"));

  fn = fn_named(&f, "run");
  cr_assert_str_eq(fn->ret_type, "void");
  cr_assert(fn->returns_void);
  cr_assert_eq(fn->nparams, 0);
  cr_assert_null(fn->params);
  cr_assert_not(fn->is_static);

  fn = fn_named(&f, "big");
  cr_assert_str_eq(fn->ret_type, "unsigned long");
  cr_assert_eq(fn->nparams, 0);

  fn = fn_named(&f, "mk");
  cr_assert_str_eq(fn->ret_type, "struct point");
  cr_assert_eq(fn->nparams, 4);
  Param *p = fn->params;
  cr_assert(tok_is(&f, p->name, "p"));
  cr_assert(tok_is(&f, p->next->name, "cb"));
  cr_assert(tok_is(&f, p->next->next->name, "arr"));
  cr_assert_eq(p->next->next->next->name, -1);

  cr_assert_str_eq(fn_named(&f, "pp")->ret_type, "char **");
  done(&f);
}

Test(skim, typedef_names) {
  Fixture f;
  skim(&f, "typedef struct { int a; } pair_t, *ppair;\n"
           "typedef int (*cb)(int);\n"
           "typedef char buf_t[10];\n"
           "typedef unsigned long ulong;\n"
           "typedef struct node node;\n"
           "typedef void (fn_t)(int);\n"
           "int not_a_type;\n");
  cr_assert(typedef_known(&f, "pair_t"));
  cr_assert(typedef_known(&f, "ppair"));
  cr_assert(typedef_known(&f, "cb"));
  cr_assert(typedef_known(&f, "buf_t"));
  cr_assert(typedef_known(&f, "ulong"));
  cr_assert(typedef_known(&f, "node"));
  cr_assert(typedef_known(&f, "fn_t"));
  cr_assert(typedef_known(&f, "size_t"));
  cr_assert(typedef_known(&f, "uv_tcp_t"));
  cr_assert(typedef_known(&f, "ac_task_t"));
  cr_assert_not(typedef_known(&f, "not_a_type"));
  cr_assert_not(typedef_known(&f, "a"));
  done(&f);
}

Test(skim, task_types) {
  Fixture f;
  skim(&f, "typedef struct { int a; } pair_t;\n"
           "task(int) a; task(task(pair_t)) b; task(const char *) c;\n"
           "int f(void) { return task(3) + task(x); }\n");
  TaskType *t = f.ctx.tasktypes;
  cr_assert(t);
  cr_assert_str_eq(t->type_text, "int");
  cr_assert(tok_is(&f, t->first, "task"));
  cr_assert(tok_is(&f, t->last, ")"));
  t = t->next;
  cr_assert_str_eq(t->type_text, "pair_t");
  cr_assert_str_eq(t->mangled, "ac_task__pair_t");
  t = t->next; /* the inner one stands in the outer one by its name */
  cr_assert_str_eq(t->type_text, "ac_task__pair_t");
  cr_assert_str_eq(t->mangled, "ac_task__ac_task__pair_t");
  t = t->next;
  cr_assert_str_eq(t->type_text, "const char *");
  cr_assert_null(t->next);
  done(&f);
}

Test(skim, await_outside_async) {
  Fixture f;
  skim(&f, "int g(void) {\n"
           "  int await = 1;\n"
           "  s.await(x);\n"
           "  await f();\n"
           "\tyield 3;\n"
           "  return await;\n"
           "}\n"
           "async int ok(void) { await f(); yield 1; }\n");
  cr_assert_eq(f.errors, 2);
  cr_assert_str_eq(f.diag,
                   "t.ac:4:3: error: await outside an async function\n"
                   "    4 |   await f();\n"
                   "      |   ^~~~~\n"
                   "t.ac:5:2: error: yield outside an async function\n"
                   "    5 | \tyield 3;\n"
                   "      | \t^~~~~\n");
  done(&f);
}

Test(skim, timeout_scope_outside_async) {
  Fixture f;
  skim(&f, "int g(void) {\n"
           "  ac_timeout(x);\n"
           "  if (x) ac_timeout_at (1.0) { return 1; }\n"
           "  return ac_timeout;\n"
           "}\n"
           "async int ok(void) { ac_timeout (1) { await f(); } }\n");
  cr_assert_eq(f.errors, 1);
  cr_assert_str_eq(f.diag,
                   "t.ac:3:10: error: ac_timeout_at outside an async function: a timeout "
                   "scope cancels awaits, so it needs an async function's body\n"
                   "    3 |   if (x) ac_timeout_at (1.0) { return 1; }\n"
                   "      |          ^~~~~~~~~~~~~\n");
  done(&f);
}

Test(skim, await_is_a_call_when_declared) {
  Fixture f;
  skim(&f, "int await(int);\nint g(void) { return await (1) + await(2); }\n");
  cr_assert_eq(f.errors, 0);
  cr_assert_str_empty(f.diag);
  done(&f);
}

Test(skim, ah_include) {
  char dir[] = "/tmp/skimXXXXXX";
  cr_assert(mkdtemp(dir));
  char ah[256], ac[256];
  snprintf(ah, sizeof ah, "%s/lib.ah", dir);
  snprintf(ac, sizeof ac, "%s/main.ac", dir);
  FILE *fp = fopen(ah, "w");
  fputs("typedef struct { int v; } lib_t;\n"
        "async lib_t *lib_get(const char *key, int n);\n", fp);
  fclose(fp);
  Fixture f;
  skim_path(&f, ac, "#include \"lib.ah\"\n#include \"missing.ah\"\n"
                    "task(lib_t) t;\n");
  cr_assert_eq(f.errors, 1);
  cr_assert(strstr(f.diag, "main.ac:2:1: error: cannot open 'missing.ah'\n"));
  Include *in = f.ctx.includes;
  cr_assert(in);
  cr_assert_eq(in->tok, 0);
  cr_assert_eq(in->name_len, 6);
  cr_assert_eq(memcmp(f.ctx.src.text + in->name_off, "lib.ah", 6), 0);
  AsyncFn *fn = fn_named(&f, "lib_get");
  cr_assert_eq(fn->name_tok, -1);
  cr_assert_str_eq(fn->ret_type, "lib_t *");
  cr_assert_eq(fn->nparams, 2);
  cr_assert_null(fn->params); /* a call to it needs only the count */
  cr_assert(typedef_known(&f, "lib_t"));
  cr_assert(f.ctx.tasktypes);
  cr_assert_eq(f.ctx.nfiles_read, 1);
  done(&f);
  unlink(ah);
  rmdir(dir);
}

Test(skim, system_header_typedefs) {
  Fixture f;
  skim(&f, "#include <stdlib.h>\n#include <uv.h>\n");
  cr_assert(typedef_known(&f, "__compar_fn_t"));
  cr_assert(typedef_known(&f, "uv_alloc_cb"));
  cr_assert(typedef_known(&f, "pthread_rwlock_t"));
  cr_assert_gt(f.ctx.nfiles_read, 10);
  cr_assert_eq(f.errors, 0);
  done(&f);
}

/* What the lowering needs to make a leaf operation a task: its
 * parameters' declarations, each name made ac_pI; none for an unnamed
 * parameter or `...`. */
Test(skim, awaitable_parameters) {
  Fixture f;
  skim(&f, "AC_AWAITABLE(void, get, (ac_queue_t *q, void *out));\n"
           "AC_AWAITABLE(size_t, rd, (const char *const s, int (*cb)(int, int), int v[4][2],\n"
           "                          int fn(int)));\n"
           "AC_AWAITABLE0(int, tick);\n"
           "AC_AWAITABLE(int, none, (void));\n"
           "AC_AWAITABLE(int, unnamed, (int, double d));\n"
           "AC_AWAITABLE(int, varargs, (int n, ...));\n");
  const Awaitable *a = find_awaitable(&f.ctx, "get", 3);
  cr_assert(a && a->params);
  cr_assert_eq(a->nparams, 2);
  cr_assert_str_eq(a->params[0], "ac_queue_t *ac_p0");
  cr_assert_str_eq(a->params[1], "void *ac_p1");
  a = find_awaitable(&f.ctx, "rd", 2);
  cr_assert(a && a->params);
  cr_assert_eq(a->nparams, 4);
  cr_assert_str_eq(a->params[0], "const char * const ac_p0");
  cr_assert_str_eq(a->params[1], "int(*ac_p1)(int,int)");
  cr_assert_str_eq(a->params[2], "int (*ac_p2)[2]"); /* C's adjustments */
  cr_assert_str_eq(a->params[3], "int (*ac_p3)(int)");
  a = find_awaitable(&f.ctx, "tick", 4);
  cr_assert(a && a->params && a->nparams == 0);
  a = find_awaitable(&f.ctx, "none", 4);
  cr_assert(a && a->params && a->nparams == 0);
  cr_assert_null(find_awaitable(&f.ctx, "unnamed", 7)->params);
  cr_assert_null(find_awaitable(&f.ctx, "varargs", 7)->params);
  done(&f);
}
