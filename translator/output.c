/* output.c - the output layer: where generated C goes, and its lines.
 *
 * Takes: text and tokens to write (em_put, em_printf, em_tokens), and what
 * .ac line the text that follows stands for (em_mark_line, em_attr,
 * em_free_line). Guarantees: tokens are copied byte for byte (or as their
 * replacement, Em.repl), and, unless --no-line, the finished text has the
 * `#line` lines that put every user token on its .ac line (out_finish).
 * It knows tokens and the Ctx, not the AST nor the lowering, nor the
 * runtime's names (protocol.c, which stands on it, spells those): the
 * driver (emit.c) and the lowering (lower*.c) stand on both, and neither
 * calls them.
 *
 * Line accounting (all of it is here; the lowering only says which .ac
 * line its generated lines stand for). Unless --no-line, the text is first
 * built with marks in it (see "line marks" below): every copied token says
 * its .ac line, and generated text says which .ac line it is attributed
 * to, or that it is the generated file's own. resolve_lines() then writes
 * the output, following the compiler's idea of the current file and line
 * and putting a `#line` (or, a few lines short, newlines) where it differs
 * from what the text needs. The result: every user token is on its own .ac
 * line, tokens of one statement spread over lines stay on their lines,
 * the generated lines inside a function body are attributed to the
 * statement (or await) they implement, and the scaffolding around a body
 * (frame struct, starters, dispatch) is on its own lines of the output
 * file, so no .ac line also names generated code. Without marks, the text
 * is exactly the --no-line output plus `#line` lines and line breaks.
 */
#include "translator.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

void em_put(Em *e, const char *s) { buf_puts(e->out, s); }

void em_printf(Em *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(e->out, fmt, ap);
  va_end(ap);
}

/* ------------------------------------------------------- line marks
 *
 * A mark is MARK, a kind letter, an optional decimal number, MARK_END:
 *   L n  the text that follows is (or stands for) a token of .ac line n
 *   A n  generated lines from here on belong to .ac line n; A 0: they are
 *        the output file's own
 *   S, E source text starts, ends: its newlines are the input's own, so
 *        they never start a generated line
 *   F    the generated line that follows holds no code (a brace, a label):
 *        it may join the line before it instead of needing a #line
 *   B, C a literal MARK, MARK_END byte of the input
 * Marks travel inside the strings the lowering builds (expr_text and the like)
 * and are resolved once, on the whole text. None is written with --no-line.
 */
enum { MARK = '\001', MARK_END = '\002' };

static bool marking(Em *e) { return !e->ctx->opt.no_line; }

static void put_mark(Em *e, char kind, int n) {
  char m[24];
  int len = n >= 0 ? snprintf(m, sizeof m, "%c%c%d%c", MARK, kind, n, MARK_END)
                   : snprintf(m, sizeof m, "%c%c%c", MARK, kind, MARK_END);
  buf_append(e->out, m, (size_t)len);
}

void em_mark_line(Em *e, int line) {
  if (marking(e) && line > 0) put_mark(e, 'L', line);
}

int em_attr(Em *e, int line) {
  int was = e->attr;
  /* always marked: the text goes to several buffers (the lowering writes a
   * body before the frame in front of it), so WAS may be another one's */
  if (marking(e)) put_mark(e, 'A', line);
  e->attr = line;
  return was;
}

void em_free_line(Em *e) {
  if (marking(e)) put_mark(e, 'F', -1);
}

/* Input bytes as source text; the two mark bytes are escaped. */
static void put_source(Em *e, const char *s, size_t n) {
  if (!marking(e)) {
    buf_append(e->out, s, n);
    return;
  }
  put_mark(e, 'S', -1);
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] != MARK && s[i] != MARK_END) continue;
    buf_append(e->out, s + run, i - run);
    put_mark(e, s[i] == MARK ? 'B' : 'C', -1);
    run = i + 1;
  }
  buf_append(e->out, s + run, n - run);
  put_mark(e, 'E', -1);
}

void em_gap_before(Em *e, int tok) {
  const Tok *t = &e->ctx->toks[tok];
  put_source(e, e->ctx->src.text + t->gap, (size_t)(t->off - t->gap));
}

int em_token(Em *e, int i) {
  const Tok *t = &e->ctx->toks[i];
  em_mark_line(e, t->line);
  if (e->repl && e->repl[i]) { /* stands for input text: its lines */
    put_source(e, e->repl[i], strlen(e->repl[i]));
    return e->repl_last[i];
  }
  put_source(e, e->ctx->src.text + t->off, (size_t)t->len);
  return i;
}

void em_tokens(Em *e, int first, int last) {
  if (!e->repl) { /* nothing to rewrite in this file: one copy */
    const Tok *a = &e->ctx->toks[first], *b = &e->ctx->toks[last];
    em_mark_line(e, a->line);
    put_source(e, e->ctx->src.text + a->off, (size_t)(b->off + b->len - a->off));
    return;
  }
  for (int i = first; i <= last; i++) {
    if (i > first) em_gap_before(e, i);
    i = em_token(e, i);
  }
}

/* The last byte of the text, marks skipped ('\0' for none). */
static char last_byte(const Buf *b) {
  size_t n = b->len;
  while (n > 0 && b->data[n - 1] == MARK_END) {
    while (n > 0 && b->data[n - 1] != MARK) n--;
    if (n > 0) n--;
  }
  return n > 0 ? b->data[n - 1] : '\0';
}

bool em_at_line_start(Em *e) {
  char c = last_byte(e->out);
  return c == '\0' || c == '\n';
}

void em_ensure_newline(Em *e) {
  if (!em_at_line_start(e)) em_put(e, "\n");
}



/* A C string literal for a path in a #line marker. */
static const char *quote_path(Ctx *ctx, const char *path) {
  Buf b = {0};
  buf_puts(&b, "\"");
  for (const char *p = path; *p; p++) {
    if (*p == '"' || *p == '\\') buf_puts(&b, "\\");
    buf_append(&b, p, 1);
  }
  buf_puts(&b, "\"");
  const char *s = b.failed ? "\"?\"" : arena_strndup(&ctx->arena, b.data, b.len);
  buf_free(&b);
  return s;
}

/* ------------------------------------------------------ resolve_lines */

/* Writes the final text: follows where the compiler believes it is (file
 * and line, counting newlines since the last #line) and, at each mark,
 * makes that agree with what the text needs. */
typedef struct {
  Buf *out;
  const char *ac_name, *gen_name; /* quoted, for #line */
  int line;       /* the physical line being written, from 1 */
  bool in_gen;    /* the compiler is in the output file itself (else .ac) */
  int pres;       /* the compiler's number for the current line */
  int attr;       /* the .ac line generated lines belong to; 0: their own */
  int want;       /* the .ac line an L mark asked for at a line's start */
  bool source;    /* inside S .. E */
  bool held_nl;   /* a generated newline not written yet: the next line
                     may join this one instead */
  bool free_next; /* F: the next generated line holds no code */
  bool blank;     /* the current line holds only white space so far */
  bool directive; /* the current line is a # line */
  int depth;      /* ( nesting outside literals, comments and # lines */
  char lex;       /* inside '"', '\'', '*' (comment), '/' (line comment) */
  char prev;      /* the byte before, for comment starts and escapes */
  Buf ws;         /* white space held at the start of a line */
  size_t indent;  /* the current line's, for the lines sync() breaks off */
  bool continued; /* the current line continues a statement begun on a line
                     before (no join: -Wmisleading-indentation) */
  const char *next, *end; /* the marked text not read yet */
} Lines;

static void write_byte(Lines *l, char c) {
  buf_append(l->out, &c, 1);
  if (c == '\n') {
    l->line++;
    l->pres++;
    l->blank = true;
    l->continued = true; /* unless the caller knows better */
    if (l->prev != '\\') {
      l->directive = false;
      if (l->lex != '*') l->lex = 0;
    }
    l->prev = c;
    return;
  }
  if (l->blank && c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') {
    l->blank = false;
    l->directive = c == '#';
  }
  char was = l->prev;
  l->prev = c;
  switch (l->lex) {
  case 0:
    if (c == '"' || c == '\'') l->lex = c;
    else if (c == '*' && was == '/') l->lex = '*', l->prev = 0; /* not "/" "*" "/" */
    else if (c == '/' && was == '/') l->lex = '/';
    else if (!l->directive && c == '(') l->depth++;
    else if (!l->directive && c == ')' && l->depth > 0) l->depth--;
    break;
  case '"':
  case '\'':
    if (c == l->lex && was != '\\') l->lex = 0;
    else if (c == '\\' && was == '\\') l->prev = 0; /* an escaped backslash */
    break;
  case '*':
    if (c == '/' && was == '*') l->lex = 0;
    break;
  }
}

static void write_text(Lines *l, const char *s) {
  for (; *s; s++) write_byte(l, *s);
}

/* `#line N` for the next line, on a line of its own. */
static void put_directive(Lines *l, bool gen, int n) {
  bool continued = !l->blank || l->continued;
  if (!l->blank) write_byte(l, '\n');
  if (gen) n = l->line + 1;
  char num[16];
  snprintf(num, sizeof num, "%d ", n);
  write_text(l, "#line ");
  write_text(l, num);
  write_text(l, gen ? l->gen_name : l->ac_name);
  write_byte(l, '\n');
  l->in_gen = gen;
  l->pres = n;
  l->continued = continued;
}

/* Where a line break may go: not inside a literal or a comment, nor in a
 * # line. A #line also needs to be outside parentheses: they may be a
 * macro's arguments, where a directive is not portable C. */
static bool can_break(const Lines *l) {
  return l->lex == 0 && !(l->directive && !l->blank);
}

/* Makes the compiler's line the output's own (GEN) or .ac line N: with
 * newlines when N is at most two lines ahead (or a #line cannot stand
 * here), else with a #line. Inside parentheses a line behind stays. */
static void sync(Lines *l, bool gen, int n) {
  if (!can_break(l)) return;
  bool directive_ok = l->depth == 0;
  if (gen) {
    if (!(l->in_gen && l->pres == l->line) && directive_ok && l->blank)
      put_directive(l, true, 0);
    return;
  }
  if (!l->in_gen && l->pres == n) return;
  bool ahead = !l->in_gen && n > l->pres;
  if (ahead && (n - l->pres <= 2 || !directive_ok)) {
    bool mid_line = !l->blank, continued = l->continued;
    while (l->pres < n) write_byte(l, '\n');
    if (mid_line) { /* the rest of the line: a continuation, synced */
      for (size_t i = 0; i < l->indent + 4; i++) write_byte(l, ' ');
      l->blank = false;
    } else {
      l->continued = continued; /* blank lines in front change nothing */
    }
    return;
  }
  if (directive_ok) put_directive(l, false, n);
}

static void flush_ws(Lines *l) {
  if (l->blank) l->indent = l->ws.len;
  for (size_t i = 0; i < l->ws.len; i++) write_byte(l, l->ws.data[i]);
  l->ws.len = 0;
}

/* The held newline: written, or replaced by a space when the line that
 * follows holds no code (F) or needs the .ac line the current one has
 * (two generated lines of one statement): such lines join, rather than
 * take a #line each. */
static void place_newline(Lines *l, int target) {
  if (!l->held_nl) return;
  l->held_nl = false;
  bool joinable = !l->in_gen && !l->blank && !l->continued && can_break(l);
  if (joinable && (l->free_next || (target > 0 && target == l->pres))) {
    l->ws.len = 0;
    write_byte(l, ' ');
    l->free_next = false;
    l->want = 0;
    return;
  }
  write_byte(l, '\n');
  l->continued = false;
  l->depth = 0; /* generated lines start outside everything */
  l->lex = 0;
}

/* The first L mark on the rest of the current generated line, or 0. */
static int first_mark_on_line(const Lines *l) {
  bool source = l->source;
  for (const char *p = l->next; p < l->end; p++) {
    if (*p == '\n' && !source) return 0;
    if (*p != MARK) continue;
    char kind = p[1];
    int n = 0;
    for (p += 2; p < l->end && *p != MARK_END; p++) n = n * 10 + (*p - '0');
    if (kind == 'L') return n;
    if (kind == 'S' || kind == 'E') source = kind == 'S';
  }
  return 0;
}

/* Before the first byte that is not white space on a line: the line it
 * needs is its first L mark's or, for a generated line, its attribution;
 * a line of the output's own that carries user text (a parameter list,
 * a temporary's __typeof__ of a user expression, an offloaded expression)
 * goes to the line of that text. */
static void begin_text(Lines *l, bool generated) {
  int target = l->want ? l->want : generated && !l->free_next ? l->attr : -1;
  if (target == 0) {
    int m = first_mark_on_line(l);
    if (m > 0) target = m;
  }
  place_newline(l, target);
  if (l->blank && target >= 0) sync(l, target == 0, target);
  l->want = 0;
  l->free_next = false;
  flush_ws(l);
}

static void take_byte(Lines *l, char c, bool generated) {
  if (c == '\n') {
    if (l->held_nl) begin_text(l, generated);
    flush_ws(l);
    l->free_next = false;
    l->want = 0;
    if (generated) l->held_nl = true;
    else write_byte(l, '\n');
    return;
  }
  if ((c == ' ' || c == '\t') && (l->held_nl || l->blank)) {
    buf_append(&l->ws, &c, 1);
    return;
  }
  if (l->held_nl || l->blank) begin_text(l, generated);
  write_byte(l, c);
}

static void take_mark(Lines *l, char kind, int n) {
  switch (kind) {
  case 'L':
    if (l->held_nl || l->blank) l->want = n;
    else sync(l, false, n);
    break;
  case 'A': l->attr = n; break;
  case 'F': if (l->held_nl) l->free_next = true; break;
  case 'S': l->source = true; break;
  case 'E': l->source = false; break;
  case 'B': take_byte(l, MARK, false); break;
  case 'C': take_byte(l, MARK_END, false); break;
  }
}

static void resolve_lines(Em *e, const Buf *in, Buf *out) {
  Lines l = {.out = out, .ac_name = e->ac_name, .gen_name = e->gen_name, .line = 1,
             .pres = 1, .blank = true};
  const char *p = in->data ? in->data : "", *end = p + in->len;
  l.end = end;
  while (p < end) {
    l.next = p + 1;
    if (*p != MARK) {
      take_byte(&l, *p, !l.source);
      p++;
      continue;
    }
    char kind = p[1];
    int n = 0;
    for (p += 2; p < end && *p != MARK_END; p++) n = n * 10 + (*p - '0');
    p++;
    l.next = p;
    take_mark(&l, kind, n);
  }
  if (l.held_nl) write_byte(&l, '\n');
  flush_ws(&l);
  if (l.ws.failed) out->failed = true;
  buf_free(&l.ws);
}

/* The name #line gives the output: Options.out_name, or (output on stdout,
 * or a library caller) the name `asyncc IN` would have written (main.c's
 * default_output): x.ac -> x.c, x.ah -> x.h, x.c -> x.out.c,
 * x.h -> x.out.h, anything else + ".c". */
static const char *output_name(Ctx *ctx) {
  if (ctx->opt.out_name) return ctx->opt.out_name;
  const char *in = ctx->src.path;
  const char *slash = strrchr(in, '/');
  const char *dot = strrchr(slash ? slash : in, '.');
  int stem = dot ? (int)(dot - in) : (int)strlen(in);
  const char *ext = !dot                  ? NULL
                    : !strcmp(dot, ".ac") ? ".c"
                    : !strcmp(dot, ".ah") ? ".h"
                    : !strcmp(dot, ".c")  ? ".out.c"
                    : !strcmp(dot, ".h")  ? ".out.h"
                                          : NULL;
  if (!ext) return arena_printf(&ctx->arena, "%s.c", in);
  return arena_printf(&ctx->arena, "%.*s%s", stem, in, ext);
}

/* ------------------------------------------------------ open, finish */

void out_open(Em *e, Ctx *ctx, Buf *out) {
  memset(e, 0, sizeof *e);
  e->ctx = ctx;
  e->final = out;
  e->out = ctx->opt.no_line ? out : &e->marked;
  e->ac_name = quote_path(ctx, ctx->src.path);
  e->gen_name = quote_path(ctx, output_name(ctx));
}

int out_finish(Em *e) {
  if (e->out == &e->marked) {
    if (e->marked.failed) e->final->failed = true;
    else resolve_lines(e, &e->marked, e->final);
    buf_free(&e->marked);
    e->out = e->final;
  }
  return e->final->failed ? 1 : 0;
}

/* ------------------------------------------------------------ capture */

void em_capture(Em *e, Capture *c) {
  memset(&c->buf, 0, sizeof c->buf);
  c->saved = e->out;
  e->out = &c->buf;
}

const char *em_captured(Em *e, Capture *c) {
  e->out = c->saved;
  const char *s = c->buf.failed ? "0"
                                : arena_strndup(&e->ctx->arena, c->buf.data ? c->buf.data : "",
                                                c->buf.len);
  buf_free(&c->buf);
  return s;
}
