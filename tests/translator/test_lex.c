/* test_lex.c - the lexer: a string in, tokens and diagnostics asserted.
 *
 * Besides per-token checks, every input is run through the round-trip
 * property emit.c relies on: the gaps and tokens, in order, reproduce the
 * file byte for byte.
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

static void lex_str(Fixture *f, const char *text, size_t len) {
  memset(f, 0, sizeof *f);
  f->ctx.diag_out = open_memstream(&f->diag, &f->diag_len);
  cr_assert(f->ctx.diag_out);
  cr_assert_eq(source_from_buffer(&f->ctx.src, "t.ac", text, len), 0);
  lex_file(&f->ctx);
  fflush(f->ctx.diag_out);
}

static void lex(Fixture *f, const char *text) { lex_str(f, text, strlen(text)); }

static void done(Fixture *f) {
  fclose(f->ctx.diag_out);
  free(f->diag);
  arena_free(&f->ctx.arena);
  source_free(&f->ctx.src);
}

static const Tok *tok(Fixture *f, int i) {
  cr_assert_lt(i, f->ctx.ntoks);
  return &f->ctx.toks[i];
}

static bool tok_is(Fixture *f, int i, const char *text) {
  const Tok *t = tok(f, i);
  return (size_t)t->len == strlen(text) &&
         memcmp(f->ctx.src.text + t->off, text, (size_t)t->len) == 0;
}

/* The round-trip property: gaps and tokens tile the file exactly. */
static void assert_tiles(Fixture *f) {
  int pos = 0;
  cr_assert_gt(f->ctx.ntoks, 0);
  for (int i = 0; i < f->ctx.ntoks; i++) {
    const Tok *t = &f->ctx.toks[i];
    cr_assert_eq(t->gap, pos, "token %d: gap %d, expected %d", i, t->gap, pos);
    cr_assert_leq(t->gap, t->off);
    pos = t->off + t->len;
  }
  cr_assert_eq((size_t)pos, f->ctx.src.len);
  cr_assert_eq(f->ctx.toks[f->ctx.ntoks - 1].kind, TK_EOF);
  Buf b = {0};
  for (int i = 0; i < f->ctx.ntoks; i++) {
    const Tok *t = &f->ctx.toks[i];
    buf_append(&b, f->ctx.src.text + t->gap, (size_t)(t->off + t->len - t->gap));
  }
  cr_assert_not(b.failed);
  cr_assert_eq(b.len, f->ctx.src.len);
  cr_assert(b.len == 0 || memcmp(b.data, f->ctx.src.text, b.len) == 0);
  buf_free(&b);
}

Test(lex, simple_tokens) {
  Fixture f;
  lex(&f, "int x = 42;");
  cr_assert_eq(f.ctx.ntoks, 6);
  cr_assert_eq(tok(&f, 0)->kind, TK_IDENT);
  cr_assert_eq(tok(&f, 0)->keyword, KW_int);
  cr_assert_eq(tok(&f, 1)->kind, TK_IDENT);
  cr_assert_eq(tok(&f, 1)->keyword, KW_NONE);
  cr_assert_eq(tok(&f, 1)->off, 4);
  cr_assert_eq(tok(&f, 1)->len, 1);
  cr_assert_eq(tok(&f, 1)->gap, 3);
  cr_assert_eq(tok(&f, 1)->col, 5);
  cr_assert_eq(tok(&f, 2)->punct, P_ASSIGN);
  cr_assert_eq(tok(&f, 3)->kind, TK_NUMBER);
  cr_assert_eq(tok(&f, 4)->punct, P_SEMI);
  cr_assert_eq(tok(&f, 5)->kind, TK_EOF);
  cr_assert_eq(tok(&f, 5)->off, 11);
  cr_assert_str_empty(f.diag);
  assert_tiles(&f);
  done(&f);
}

Test(lex, extension_words_are_identifiers_with_keyword) {
  Fixture f;
  lex(&f, "async await task yield defer try catch finally throw "
          "in_thread in_process asyncx");
  int want[] = {KW_async, KW_await, KW_task, KW_yield, KW_defer, KW_try,
                KW_catch, KW_finally, KW_throw, KW_in_thread, KW_in_process,
                KW_NONE};
  for (int i = 0; i < 12; i++) {
    cr_assert_eq(tok(&f, i)->kind, TK_IDENT);
    cr_assert_eq(tok(&f, i)->keyword, want[i], "token %d", i);
  }
  done(&f);
}

Test(lex, every_keyword_is_found) {
  /* Build "auto break ..." from the list itself. */
  Buf b = {0};
#define KW_TEXT(k) buf_puts(&b, #k " ");
  KEYWORD_LIST(KW_TEXT)
#undef KW_TEXT
  Fixture f;
  lex(&f, b.data);
  cr_assert_eq(f.ctx.ntoks, KW__COUNT); /* KW__COUNT - 1 words + EOF */
  for (int k = 1; k < KW__COUNT; k++)
    cr_assert_eq(tok(&f, k - 1)->keyword, k);
  buf_free(&b);
  done(&f);
}

Test(lex, identifiers) {
  Fixture f;
  lex(&f, "$x _a1 caf\xc3\xa9 \\u00e9t\\U0001F600z");
  cr_assert(tok_is(&f, 0, "$x"));
  cr_assert(tok_is(&f, 1, "_a1"));
  cr_assert(tok_is(&f, 2, "caf\xc3\xa9"));
  cr_assert(tok_is(&f, 3, "\\u00e9t\\U0001F600z"));
  cr_assert_eq(tok(&f, 4)->kind, TK_EOF);
  done(&f);
}

Test(lex, numbers) {
  const char *nums[] = {"0x1p-3", "1e+5", "0b101", "12ULL", ".5f", "1.5E-10L",
                        "0x1e+5", "077", "1.2.3"};
  Fixture f;
  lex(&f, "0x1p-3 1e+5 0b101 12ULL .5f 1.5E-10L 0x1e+5 077 1.2.3");
  for (int i = 0; i < 9; i++) {
    cr_assert_eq(tok(&f, i)->kind, TK_NUMBER, "token %d", i);
    cr_assert(tok_is(&f, i, nums[i]), "token %d", i);
  }
  done(&f);
}

Test(lex, literals_with_prefixes_and_escapes) {
  Fixture f;
  lex(&f, "'a' L'\\n' u'\\'' U'x' u8'y' \"a\\\"b\" L\"w\" u8\"s\" u\"16\" "
          "U\"32\" \"\\\\\" \"q\\\nr\" Lx");
  TokKind kinds[] = {TK_CHAR,   TK_CHAR,   TK_CHAR,   TK_CHAR,
                     TK_CHAR,   TK_STRING, TK_STRING, TK_STRING,
                     TK_STRING, TK_STRING, TK_STRING, TK_STRING,
                     TK_IDENT,  TK_EOF};
  for (int i = 0; i < 14; i++)
    cr_assert_eq(tok(&f, i)->kind, kinds[i], "token %d", i);
  cr_assert(tok_is(&f, 2, "u'\\''"));
  cr_assert(tok_is(&f, 5, "\"a\\\"b\""));
  cr_assert(tok_is(&f, 11, "\"q\\\nr\""));
  cr_assert_str_empty(f.diag);
  assert_tiles(&f);
  done(&f);
}

Test(lex, punctuators_and_digraphs) {
  Fixture f;
  lex(&f, "[ ] ( ) { } . -> ++ -- & * + - ~ ! / % << >> < > <= >= == != ^ "
          "| && || ? : ; ... = *= /= %= += -= <<= >>= &= ^= |= , x # ## "
          "<: :> <% %> x %: %:%: ..");
  int i = 0;
  for (int p = P_LBRACKET; p <= P_COMMA; p++, i++)
    cr_assert_eq(tok(&f, i)->punct, p, "token %d", i);
  i++; /* x */
  cr_assert_eq(tok(&f, i++)->punct, P_HASH);
  cr_assert_eq(tok(&f, i++)->punct, P_HASHHASH);
  cr_assert_eq(tok(&f, i++)->punct, P_LBRACKET);
  cr_assert_eq(tok(&f, i++)->punct, P_RBRACKET);
  cr_assert_eq(tok(&f, i++)->punct, P_LBRACE);
  cr_assert_eq(tok(&f, i++)->punct, P_RBRACE);
  i++; /* x */
  cr_assert_eq(tok(&f, i++)->punct, P_HASH);
  cr_assert_eq(tok(&f, i++)->punct, P_HASHHASH);
  cr_assert_eq(tok(&f, i++)->punct, P_DOT);
  cr_assert_eq(tok(&f, i++)->punct, P_DOT);
  cr_assert_eq(tok(&f, i)->kind, TK_EOF);
  done(&f);
}

Test(lex, comments_and_continuations_are_gap) {
  Fixture f;
  lex(&f, "a /* x\n y */ b // c \\\n still comment\nc \\\n d");
  cr_assert(tok_is(&f, 0, "a"));
  cr_assert(tok_is(&f, 1, "b"));
  cr_assert_eq(tok(&f, 1)->line, 2);
  cr_assert_eq(tok(&f, 1)->col, 7);
  cr_assert(tok_is(&f, 2, "c"));
  cr_assert_eq(tok(&f, 2)->line, 4);
  cr_assert(tok_is(&f, 3, "d"));
  cr_assert_eq(tok(&f, 3)->line, 5);
  cr_assert_eq(tok(&f, 3)->col, 2);
  cr_assert_eq(tok(&f, 4)->kind, TK_EOF);
  assert_tiles(&f);
  done(&f);
}

Test(lex, crlf_lines) {
  Fixture f;
  lex(&f, "a\r\n  b // x\r\n#define Y \\\r\n 1\r\nc\r\n");
  cr_assert_eq(tok(&f, 1)->line, 2);
  cr_assert_eq(tok(&f, 1)->col, 3);
  cr_assert_eq(tok(&f, 2)->kind, TK_PP);
  cr_assert(tok_is(&f, 2, "#define Y \\\r\n 1"));
  cr_assert_eq(tok(&f, 3)->line, 5);
  cr_assert_eq(tok(&f, 4)->kind, TK_EOF);
  assert_tiles(&f);
  done(&f);
}

Test(lex, pp_lines) {
  Fixture f;
  lex(&f, "#include <stdio.h>\n  #  define A(x) \\\n   x /* multi\n line */ + 1\n"
          "x # y\n%:if 1 // c\n#define S \"/*\" 'a'\n#error don't\nz");
  cr_assert_eq(tok(&f, 0)->kind, TK_PP);
  cr_assert(tok_is(&f, 0, "#include <stdio.h>"));
  cr_assert_eq(tok(&f, 1)->kind, TK_PP);
  cr_assert(tok_is(&f, 1, "#  define A(x) \\\n   x /* multi\n line */ + 1"));
  cr_assert_eq(tok(&f, 1)->col, 3);
  cr_assert(tok_is(&f, 2, "x"));
  cr_assert_eq(tok(&f, 3)->kind, TK_PUNCT);
  cr_assert_eq(tok(&f, 3)->punct, P_HASH);
  cr_assert(tok_is(&f, 4, "y"));
  cr_assert_eq(tok(&f, 5)->kind, TK_PP);
  cr_assert(tok_is(&f, 5, "%:if 1 // c"));
  cr_assert(tok_is(&f, 6, "#define S \"/*\" 'a'"));
  cr_assert(tok_is(&f, 7, "#error don't"));
  cr_assert(tok_is(&f, 8, "z"));
  cr_assert_eq(tok(&f, 8)->line, 9);
  cr_assert_str_empty(f.diag);
  assert_tiles(&f);
  done(&f);
}

Test(lex, pp_after_comment_on_same_line) {
  Fixture f;
  lex(&f, "/* c */ #define X 1\nx");
  cr_assert_eq(tok(&f, 0)->kind, TK_PP);
  cr_assert_eq(tok(&f, 0)->gap, 0);
  done(&f);
}

Test(lex, nul_byte_is_an_error_not_the_end) {
  Fixture f;
  lex_str(&f, "a \0 b", 5);
  cr_assert_eq(f.ctx.ntoks, 4);
  cr_assert_eq(tok(&f, 1)->kind, TK_ERROR);
  cr_assert(tok_is(&f, 2, "b"));
  cr_assert_eq(f.ctx.errors, 1);
  cr_assert_str_eq(f.diag, "t.ac:1:3: error: null character in program\n"
                           "    1 | a \0 b\n"
                           "      |   ^\n");
  assert_tiles(&f);
  done(&f);
}

Test(lex, unterminated_comment) {
  Fixture f;
  lex(&f, "x\n\tint /* never\n closed");
  cr_assert_eq(f.ctx.ntoks, 3);
  cr_assert_eq(tok(&f, 2)->kind, TK_EOF);
  cr_assert_eq(f.ctx.errors, 1);
  cr_assert_str_eq(f.diag, "t.ac:2:6: error: unterminated comment\n"
                           "    2 | \tint /* never\n"
                           "      | \t    ^\n");
  assert_tiles(&f);
  done(&f);
}

Test(lex, unterminated_string_keeps_going) {
  Fixture f;
  lex(&f, "s = \"abc;\nint y;");
  cr_assert_eq(tok(&f, 2)->kind, TK_ERROR);
  cr_assert(tok_is(&f, 2, "\"abc;"));
  cr_assert(tok_is(&f, 3, "int"));
  cr_assert_eq(tok(&f, 3)->line, 2);
  cr_assert_eq(f.ctx.errors, 1);
  cr_assert(strstr(f.diag, "t.ac:1:5: error: unterminated string literal\n"));
  assert_tiles(&f);
  done(&f);
}

Test(lex, stray_bytes) {
  Fixture f;
  lex(&f, "a @ ` \\ b");
  cr_assert_eq(tok(&f, 1)->kind, TK_ERROR);
  cr_assert_eq(tok(&f, 2)->kind, TK_ERROR);
  cr_assert_eq(tok(&f, 3)->kind, TK_ERROR);
  cr_assert(tok_is(&f, 4, "b"));
  cr_assert_eq(f.ctx.errors, 3);
  cr_assert(strstr(f.diag, "error: stray '@' in program"));
  assert_tiles(&f);
  done(&f);
}

Test(lex, caret_with_tilde_under_whole_token) {
  Fixture f;
  lex(&f, "int f(void) {\n    await f();\n}\n");
  diag_error(&f.ctx, 6, "await outside an async function");
  fflush(f.ctx.diag_out);
  cr_assert_str_eq(f.diag, "t.ac:2:5: error: await outside an async function\n"
                           "    2 |     await f();\n"
                           "      |     ^~~~~\n");
  done(&f);
}

Test(lex, too_many_errors) {
  Fixture f;
  lex(&f, "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@"); /* 30 strays */
  cr_assert_eq(f.ctx.errors, 30);
  const char *p = f.diag;
  int n = 0;
  while ((p = strstr(p, "error: stray")) != NULL) {
    n++;
    p++;
  }
  cr_assert_eq(n, MAX_ERRORS);
  cr_assert(strstr(f.diag, "t.ac: error: too many errors\n"));
  done(&f);
}

Test(lex, empty_and_blank_files) {
  const char *inputs[] = {"", " ", "\n", "\\\n", "// x", "/**/"};
  for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
    Fixture f;
    lex(&f, inputs[i]);
    cr_assert_eq(f.ctx.ntoks, 1, "input %zu", i);
    assert_tiles(&f);
    done(&f);
  }
}

Test(lex, round_trip_tricky_inputs) {
  static const char *inputs[] = {
      "a/**/b/*\n*/c//\nd",
      "x = '\\\\'; y = \"\\\"\"; z = L\"\\x41\\u00e9\";",
      "#if defined(A) && \\\n    B\n#endif /* tail\n */\nint q;\n",
      "\r\n\r\n  #\r\n x\r\n",
      "<::><%%>%:%:%:",
      "p->q...r.s",
      "\"unterminated\n'also\nok",
      "/* unterminated",
      "a\\\r\nb \\ \n c",
      "\t\v\f x",
  };
  for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
    Fixture f;
    lex(&f, inputs[i]);
    assert_tiles(&f);
    done(&f);
  }
}

/* lex_needs_translation: the quick scan that lets plain C through without
 * lexing must say yes to everything the translator would rewrite or
 * report, and no to plain C, whatever its comments and strings say. */
static bool needs(const char *text) {
  Source src;
  cr_assert_eq(source_from_buffer(&src, "q.c", text, strlen(text)), 0);
  bool r = lex_needs_translation(&src);
  source_free(&src);
  return r;
}

Test(quick_scan, plain_c_needs_nothing) {
  cr_assert_not(needs("int main(void) { return 0; }\n"));
  cr_assert_not(needs("/* async task await yield */ int x; // task(int)\n"));
  cr_assert_not(needs("const char *s = \"await me\"; char c = 'a';\n"));
  cr_assert_not(needs("int tasks, asyncx, yielded, task_t2;\n"));
  cr_assert_not(needs("#define A(x) \\\n  (x)\n#include \"x.h\"\n"));
}

Test(quick_scan, extension_words_need_translation) {
  cr_assert(needs("async int f(void);\n"));
  cr_assert(needs("task(int) t;\n"));
  cr_assert(needs("void f(void) { await g(); }\n"));
  cr_assert(needs("void f(void) { yield 1; }\n"));
  cr_assert(needs("#include \"mod.ah\"\n"));
}

Test(quick_scan, what_the_lexer_reports_takes_the_full_path) {
  cr_assert(needs("int x; /* unterminated"));
  cr_assert(needs("char *s = \"unterminated\n"));
  cr_assert(needs("int x; @\n"));
}

Test(quick_scan, nul_byte) {
  Source src;
  cr_assert_eq(source_from_buffer(&src, "q.c", "int x;\0y;\n", 10), 0);
  cr_assert(lex_needs_translation(&src));
  source_free(&src);
}
