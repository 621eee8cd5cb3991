/* lexer.re - cuts a source file into tokens (re2c 3.0).
 *
 * Edit lexer.re, not the generated lexer.c.
 *
 * Every byte of the file belongs either to a token or to the gap before
 * the next one (white space, comments, backslash-newlines), and Tok.gap
 * records where that gap starts: emit.c copies [gap, off+len) of each
 * token and reproduces the file byte for byte. The input is never
 * rewritten, so "\r\n" and backslash-newline are handled by the rules
 * themselves, not by a cleaning pass (chibicc folds them in its buffer;
 * we cannot, because we copy the bytes through).
 *
 * End of input uses re2c's eof rule with YYLIMIT: a NUL byte inside the
 * file is an ordinary (stray) byte, not the end.
 *
 * Layout after re2c's own lexer: one global block names the shared
 * regexps; the main loop lex_token() and each sub-lexer (block comment,
 * quoted literal, # line) has its own local block.
 *
 * Line and column are computed by a tracker that scans forward to each
 * token, counting '\n' only, so CRLF files count lines right.
 */
#include "translator.h"

#include <string.h>

typedef struct {
  Ctx *ctx;
  const unsigned char *base, *cur, *lim, *mar, *tok;
  int gap;            /* where the gap before the next token starts */
  Tok *toks;
  int ntoks, cap;
  int scan;           /* the line tracker has counted lines up to here */
  int line, line_off; /* line number at `scan`, and where that line began */
  int prev_end_line;  /* line on which the last token ended; 0 = none */
  unsigned char kw_slots[256]; /* keyword hash: index + 1, 0 = empty */
} Lexer;

/*!re2c
  re2c:define:YYCTYPE = "unsigned char";
  re2c:define:YYCURSOR = "l->cur";
  re2c:define:YYMARKER = "l->mar";
  re2c:define:YYLIMIT = "l->lim";
  re2c:yyfill:enable = 0;
  re2c:eof = 0;

  nl      = "\r"? "\n";
  ws      = [ \t\v\f\r];
  bsnl    = "\\" [ \t]* nl;
  hex     = [0-9a-fA-F];
  ucn     = "\\u" hex{4} | "\\U" hex{8};
  idstart = [a-zA-Z_$] | [\x80-\xff] | ucn;
  ident   = idstart (idstart | [0-9])*;
  ppnum   = "."? [0-9] ([0-9a-zA-Z_.] | [eEpP] [+-] | ucn)*;
  prefix  = "L" | "u" | "U" | "u8";
  linecmt = "//" ([^\\\n] | "\\" [^] | "\\\r\n")*;
*/

/* ==================== Keywords ==================== */

/* Tok.keyword comes from a small open-addressed hash built per lex_file
 * call (a few hundred bytes on the stack, no file-static state) from the
 * one KEYWORD_LIST, so the list and the lookup cannot drift. */
static const struct {
  const char *name;
  int len;
} kw_table[] = {
    {"", 0},
#define KW_ROW(k) {#k, (int)sizeof(#k) - 1},
    KEYWORD_LIST(KW_ROW)
#undef KW_ROW
};

static unsigned kw_hash(const unsigned char *s, int n) {
  return ((unsigned)n * 7u + s[0] * 31u + s[n - 1] * 3u + s[n / 2]) & 255u;
}

static void kw_build(Lexer *l) {
  memset(l->kw_slots, 0, sizeof l->kw_slots);
  for (int k = 1; k < KW__COUNT; k++) {
    unsigned h = kw_hash((const unsigned char *)kw_table[k].name,
                         kw_table[k].len);
    while (l->kw_slots[h])
      h = (h + 1) & 255u;
    l->kw_slots[h] = (unsigned char)k;
  }
}

/* Other spellings GNU C takes for a keyword of the list: they get its
 * Keyword (the token's text stays as written). */
static const struct {
  const char *name;
  int keyword;
} kw_aliases[] = {
    {"__typeof", KW___typeof__},
};

static int kw_alias(const unsigned char *s, int n) {
  for (size_t i = 0; i < sizeof kw_aliases / sizeof kw_aliases[0]; i++)
    if ((int)strlen(kw_aliases[i].name) == n && memcmp(kw_aliases[i].name, s, (size_t)n) == 0)
      return kw_aliases[i].keyword;
  return KW_NONE;
}

static int kw_lookup(const Lexer *l, const unsigned char *s, int n) {
  for (unsigned h = kw_hash(s, n); l->kw_slots[h]; h = (h + 1) & 255u) {
    int k = l->kw_slots[h];
    if (kw_table[k].len == n && memcmp(kw_table[k].name, s, (size_t)n) == 0)
      return k;
  }
  return n > 2 && s[0] == '_' && s[1] == '_' ? kw_alias(s, n) : KW_NONE;
}

/* ==================== Tokens ==================== */

/* Moves the line tracker forward to offset OFF. */
static void track_to(Lexer *l, int off) {
  const unsigned char *p = l->base + l->scan, *end = l->base + off;
  while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
    l->line++;
    l->line_off = (int)(p - l->base) + 1;
    p++;
  }
  l->scan = off;
}

/* True when the token starting at l->tok is the first on its line. */
static bool at_line_start(Lexer *l) {
  track_to(l, (int)(l->tok - l->base));
  return l->prev_end_line < l->line;
}

static void grow(Lexer *l) {
  int cap = l->cap * 2;
  Tok *t = arena_alloc_uninit(&l->ctx->arena, sizeof(Tok) * (size_t)cap);
  memcpy(t, l->toks, sizeof(Tok) * (size_t)l->ntoks);
  l->toks = t;
  l->cap = cap;
}

/* Appends the token l->tok..l->cur and starts a new gap after it. */
static Tok *push(Lexer *l, TokKind kind, int punct) {
  if (l->ntoks == l->cap)
    grow(l);
  Tok *t = &l->toks[l->ntoks++];
  t->kind = kind;
  t->punct = punct;
  t->off = (int)(l->tok - l->base);
  t->len = (int)(l->cur - l->tok);
  t->gap = l->gap;
  track_to(l, t->off);
  t->line = l->line;
  t->col = t->off - l->line_off + 1;
  t->keyword = kind == TK_IDENT ? kw_lookup(l, l->tok, t->len) : KW_NONE;
  track_to(l, t->off + t->len);
  l->prev_end_line = l->line;
  l->gap = (int)(l->cur - l->base);
  return t;
}

/* ==================== Sub-lexers ==================== */

/* After a comment opener: runs to the closing star-slash. False at end of input. */
static bool lex_block_comment(Lexer *l) {
  for (;;) {
    l->tok = l->cur;
    /*!local:re2c
      "*" "/"  { return true; }
      $        { return false; }
      [^*]+    { continue; }
      *        { continue; }
    */
  }
}

/* After the opening QUOTE of a string or character literal: runs to the
 * closing one. On a newline (or the end) the literal is unterminated:
 * the cursor stays before the newline, which belongs to the next gap. */
static bool lex_quoted(Lexer *l, unsigned char quote) {
  for (;;) {
    l->tok = l->cur;
    /*!local:re2c
      ["]       { if (quote == '"') return true; continue; }
      [']       { if (quote == '\'') return true; continue; }
      "\\" nl   { continue; }
      "\\" [^]  { continue; }
      nl        { l->cur = l->tok; return false; }
      $         { return false; }
      [^"'\\\r\n]+ { continue; }
      *         { continue; }
    */
  }
}

/* After a "#" that opens a line: runs to the end of the line, across
 * backslash-newlines and any comment that begins on the line (a block
 * comment may carry it over several lines). Quotes are skipped as
 * literals so that a comment opener inside a string opens nothing, but a lone
 * apostrophe (#error don't) just runs to the end of the line. */
static void lex_pp_line(Lexer *l) {
  for (;;) {
    const unsigned char *start = l->cur;
    l->tok = l->cur;
    /*!local:re2c
      nl        { l->cur = start; return; }
      $         { return; }
      bsnl      { continue; }
      "/*"      {
        if (!lex_block_comment(l))
          diag_error_at(l->ctx, (int)(start - l->base), "unterminated comment");
        continue;
      }
      linecmt   { continue; }
      ["] ([^"\\\r\n] | "\\" [^] | "\\\r\n")* ["]? { continue; }
      ['] ([^'\\\r\n] | "\\" [^] | "\\\r\n")* [']? { continue; }
      [^/"'\\\r\n]+ { continue; }
      *         { continue; }
    */
  }
}

/* ==================== The main loop ==================== */

static void push_quoted(Lexer *l, unsigned char quote) {
  const unsigned char *start = l->tok;
  bool ok = lex_quoted(l, quote);
  l->tok = start;
  if (ok) {
    push(l, quote == '"' ? TK_STRING : TK_CHAR, 0);
    return;
  }
  diag_error_at(l->ctx, (int)(start - l->base),
                quote == '"' ? "unterminated string literal"
                             : "unterminated character constant");
  push(l, TK_ERROR, 0);
}

/* A '#' (or "%:", or "##") first on its line opens a preprocessor line;
 * anywhere else it is the operator. */
static void push_hash(Lexer *l, int punct) {
  if (!at_line_start(l)) {
    push(l, TK_PUNCT, punct);
    return;
  }
  const unsigned char *start = l->tok;
  lex_pp_line(l);
  l->tok = start;
  push(l, TK_PP, 0);
}

static void push_stray(Lexer *l) {
  unsigned char c = *l->tok;
  if (c == 0)
    diag_error_at(l->ctx, (int)(l->tok - l->base), "null character in program");
  else if (c >= 0x20 && c < 0x7f)
    diag_error_at(l->ctx, (int)(l->tok - l->base), "stray '%c' in program", c);
  else
    diag_error_at(l->ctx, (int)(l->tok - l->base),
                  "stray '\\%03o' in program", c);
  push(l, TK_ERROR, 0);
}

#define PUNCT(name) do { push(l, TK_PUNCT, P_##name); return true; } while (0)

/* Lexes one token (skipping the gap before it). False after TK_EOF. */
static bool lex_token(Lexer *l) {
  for (;;) {
    l->tok = l->cur;
    /*!re2c
      $         { push(l, TK_EOF, 0); return false; }
      ws+       { continue; }
      nl        { continue; }
      bsnl      { continue; }
      linecmt   { continue; }
      "/*"      {
        const unsigned char *start = l->tok;
        if (!lex_block_comment(l))
          diag_error_at(l->ctx, (int)(start - l->base), "unterminated comment");
        continue;
      }

      ident     { push(l, TK_IDENT, 0); return true; }
      ppnum     { push(l, TK_NUMBER, 0); return true; }
      prefix? ["] { push_quoted(l, '"'); return true; }
      prefix? ['] { push_quoted(l, '\''); return true; }

      "#"  | "%:"       { push_hash(l, P_HASH); return true; }
      "##" | "%:%:"     { push_hash(l, P_HASHHASH); return true; }

      "[" | "<:" { PUNCT(LBRACKET); }
      "]" | ":>" { PUNCT(RBRACKET); }
      "("   { PUNCT(LPAREN); }
      ")"   { PUNCT(RPAREN); }
      "{" | "<%" { PUNCT(LBRACE); }
      "}" | "%>" { PUNCT(RBRACE); }
      "."   { PUNCT(DOT); }
      "->"  { PUNCT(ARROW); }
      "++"  { PUNCT(INC); }
      "--"  { PUNCT(DEC); }
      "&"   { PUNCT(AMP); }
      "*"   { PUNCT(STAR); }
      "+"   { PUNCT(PLUS); }
      "-"   { PUNCT(MINUS); }
      "~"   { PUNCT(TILDE); }
      "!"   { PUNCT(BANG); }
      "/"   { PUNCT(SLASH); }
      "%"   { PUNCT(PERCENT); }
      "<<"  { PUNCT(SHL); }
      ">>"  { PUNCT(SHR); }
      "<"   { PUNCT(LT); }
      ">"   { PUNCT(GT); }
      "<="  { PUNCT(LE); }
      ">="  { PUNCT(GE); }
      "=="  { PUNCT(EQ); }
      "!="  { PUNCT(NE); }
      "^"   { PUNCT(CARET); }
      "|"   { PUNCT(PIPE); }
      "&&"  { PUNCT(ANDAND); }
      "||"  { PUNCT(OROR); }
      "?"   { PUNCT(QUESTION); }
      ":"   { PUNCT(COLON); }
      ";"   { PUNCT(SEMI); }
      "..." { PUNCT(ELLIPSIS); }
      "="   { PUNCT(ASSIGN); }
      "*="  { PUNCT(MUL_ASSIGN); }
      "/="  { PUNCT(DIV_ASSIGN); }
      "%="  { PUNCT(MOD_ASSIGN); }
      "+="  { PUNCT(ADD_ASSIGN); }
      "-="  { PUNCT(SUB_ASSIGN); }
      "<<=" { PUNCT(SHL_ASSIGN); }
      ">>=" { PUNCT(SHR_ASSIGN); }
      "&="  { PUNCT(AND_ASSIGN); }
      "^="  { PUNCT(XOR_ASSIGN); }
      "|="  { PUNCT(OR_ASSIGN); }
      ","   { PUNCT(COMMA); }

      *     { push_stray(l); return true; }
    */
  }
}

#undef PUNCT

/* A quick look before the real work: does the file use a word that makes
 * the translator rewrite something outside async functions (async; task,
 * for task(T) types; await, yield and ac_timeout[_at], to report their
 * misuse) or include
 * an .ah header? Comments and literals are skipped and nothing is stored,
 * so plain C (sqlite3.c: 9 MB) goes through at memcpy speed instead of
 * being cut into millions of tokens. Anything odd (an unterminated
 * comment or literal, a NUL byte) answers yes: the real lexer reports it. */
bool lex_needs_translation(const Source *src) {
  Lexer lx = {0};
  Lexer *l = &lx;
  l->base = (const unsigned char *)src->text;
  l->cur = l->base;
  l->lim = l->base + src->len;
  for (;;) {
    l->tok = l->cur;
    /*!local:re2c
      $                                   { return false; }
      "async" | "await" | "yield" | "task" { return true; }
      "ac_timeout" | "ac_timeout_at"      { return true; }
      ident                               { continue; }
      "include" ws* ["] [^"\n]* ".ah" ["] { return true; }
      "/*"      { if (!lex_block_comment(l)) return true; continue; }
      linecmt   { continue; }
      prefix? ["] { if (!lex_quoted(l, '"')) return true; continue; }
      prefix? ['] { if (!lex_quoted(l, '\'')) return true; continue; }
      ppnum     { continue; }
      bsnl      { continue; }
      "\x00" | [@`\\] | [\x01-\x08\x0e-\x1f\x7f] { return true; }
      *         { continue; }
    */
  }
}

int lex_file(Ctx *ctx) {
  Lexer lx = {0};
  Lexer *l = &lx;
  int errors = ctx->errors;
  l->ctx = ctx;
  l->base = (const unsigned char *)ctx->src.text;
  l->cur = l->base;
  l->lim = l->base + ctx->src.len;
  l->line = 1;
  /* A guess that rarely grows: real C averages well over 3 bytes a token. */
  l->cap = (int)(ctx->src.len / 3) + 16;
  l->toks = arena_alloc_uninit(&ctx->arena, sizeof(Tok) * (size_t)l->cap);
  kw_build(l);
  while (lex_token(l))
    ;
  ctx->toks = l->toks;
  ctx->ntoks = l->ntoks;
  return ctx->errors - errors;
}
