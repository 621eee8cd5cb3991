/* translator.h - the one internal header of the asyncc translator.
 *
 * Read top to bottom, it is the pipeline: source.c loads a file, lexer.re
 * cuts it into tokens, skim.c skims the file into top-level items and
 * hands the body of each async function to parse.c, whose classifier
 * feeds the Lemon grammar (parser.y), whose actions build a small AST
 * (ast.c); analyse.c resolves names and checks the rules; emit.c drives
 * the output of the file, lower*.c lower async functions, and both write
 * through output.c, spelling the runtime's names through protocol.c.
 * tokens.c answers questions about tokens for the skimmer and the
 * parser; diag.c is the only code that prints a message.
 * No pass calls into a file that calls it back: the skimmer calls the
 * parser, never the other way round (ctest translator-passes checks it).
 *
 * Conventions: a Ctx is the first argument everywhere; nothing mutable is
 * file-static. Tokens live in one array and are named by their index; AST
 * nodes name token indices, never copy text. All memory comes from the
 * translation's arena and is freed at once with it.
 */
#ifndef ASYNCC_TRANSLATOR_H
#define ASYNCC_TRANSLATOR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

typedef struct Ctx Ctx;
typedef struct Node Node;

/* -------------------------------------------------------------------
 * arena.c, buf.c
 * ------------------------------------------------------------------- */
typedef struct ArenaBlock ArenaBlock;
typedef struct {
  ArenaBlock *head;
} Arena;

void *arena_alloc(Arena *a, size_t n); /* zeroed; aborts on OOM */
void *arena_alloc_uninit(Arena *a, size_t n); /* not zeroed */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);
void arena_free(Arena *a);

/* A growable byte buffer with a sticky error flag (SQLite's sqlite3_str):
 * appends after a failure do nothing; check `failed` once at the end. */
typedef struct {
  char *data;
  size_t len, cap;
  bool failed;
} Buf;

void buf_append(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_free(Buf *b);

/* -------------------------------------------------------------------
 * source.c
 * ------------------------------------------------------------------- */
typedef struct {
  const char *path;  /* as given on the command line, or "<stdin>" */
  char *text;        /* the bytes, followed by at least 16 NUL bytes */
  size_t len;        /* without the padding */
} Source;

/* Reads PATH ("-" = stdin). Returns 0, or -errno (nothing allocated). */
int source_load(Source *src, const char *path);
/* Takes a copy of TEXT[0..LEN) under the name PATH. */
int source_from_buffer(Source *src, const char *path, const char *text,
                       size_t len);
void source_free(Source *src);
/* 1-based line and column of byte OFF. */
void source_position(const Source *src, int off, int *line, int *col);

/* -------------------------------------------------------------------
 * lexer.re (grammar/)
 *
 * Every byte of the file belongs to a token or to the gap before the next
 * token (white space and comments). A preprocessor line, with its
 * backslash-newline continuations, is one TK_PP token. Keywords of the
 * extension (async, await, ...) come out as TK_IDENT: the skimmer and
 * the parser's classifier decide.
 * ------------------------------------------------------------------- */
typedef enum {
  TK_EOF = 0,
  TK_IDENT,   /* identifiers and C keywords; `keyword` tells which */
  TK_NUMBER,  /* any pp-number */
  TK_CHAR,    /* 'a', L'a', u'a', U'a', u8'a' */
  TK_STRING,  /* "..", L"..", u8"..", u"..", U".." */
  TK_PUNCT,   /* operators and punctuators; `punct` tells which */
  TK_PP,      /* a whole # line */
  TK_ERROR,   /* a byte that starts no token (the lexer reported it) */
} TokKind;

/* C keywords and the extension's words, for Tok.keyword. */
#define KEYWORD_LIST(X)                                                  \
  X(auto) X(break) X(case) X(char) X(const) X(continue) X(default)       \
  X(do) X(double) X(else) X(enum) X(extern) X(float) X(for) X(goto)      \
  X(if) X(inline) X(int) X(long) X(register) X(restrict) X(return)       \
  X(short) X(signed) X(sizeof) X(static) X(struct) X(switch)             \
  X(typedef) X(union) X(unsigned) X(void) X(volatile) X(while)           \
  X(_Alignas) X(_Alignof) X(_Atomic) X(_Bool) X(_Complex) X(_Generic)    \
  X(_Imaginary) X(_Noreturn) X(_Static_assert) X(_Thread_local)          \
  X(__attribute__) X(__extension__) X(__inline) X(__inline__)            \
  X(__restrict) X(__restrict__) X(__const) X(__volatile__) X(__asm__)    \
  X(asm) X(__asm) X(__typeof__) X(typeof) X(__signed__) X(__int128)     \
  X(_Float128) X(__func__)                                               \
  /* the extension: keywords only where its constructs can stand */     \
  X(async) X(await) X(task) X(yield) X(defer) X(try) X(catch)           \
  X(finally) X(throw) X(in_thread) X(in_process)                        \
  X(ac_timeout) X(ac_timeout_at)

typedef enum {
  KW_NONE = 0,
#define KW_ENUM(k) KW_##k,
  KEYWORD_LIST(KW_ENUM)
#undef KW_ENUM
  KW__COUNT
} Keyword;

typedef struct {
  TokKind kind;
  int keyword;  /* Keyword for TK_IDENT, else 0 */
  int punct;    /* a P_ value for TK_PUNCT (see below), else 0 */
  int off, len; /* bytes of the token in Source.text */
  int line, col;
  int gap;      /* offset where the gap before this token starts */
} Tok;

/* Punctuators. */
#define PUNCT_LIST(X)                                                    \
  X(LBRACKET, "[") X(RBRACKET, "]") X(LPAREN, "(") X(RPAREN, ")")        \
  X(LBRACE, "{") X(RBRACE, "}") X(DOT, ".") X(ARROW, "->")               \
  X(INC, "++") X(DEC, "--") X(AMP, "&") X(STAR, "*") X(PLUS, "+")        \
  X(MINUS, "-") X(TILDE, "~") X(BANG, "!") X(SLASH, "/")                 \
  X(PERCENT, "%") X(SHL, "<<") X(SHR, ">>") X(LT, "<") X(GT, ">")        \
  X(LE, "<=") X(GE, ">=") X(EQ, "==") X(NE, "!=") X(CARET, "^")          \
  X(PIPE, "|") X(ANDAND, "&&") X(OROR, "||") X(QUESTION, "?")            \
  X(COLON, ":") X(SEMI, ";") X(ELLIPSIS, "...") X(ASSIGN, "=")           \
  X(MUL_ASSIGN, "*=") X(DIV_ASSIGN, "/=") X(MOD_ASSIGN, "%=")            \
  X(ADD_ASSIGN, "+=") X(SUB_ASSIGN, "-=") X(SHL_ASSIGN, "<<=")           \
  X(SHR_ASSIGN, ">>=") X(AND_ASSIGN, "&=") X(XOR_ASSIGN, "^=")           \
  X(OR_ASSIGN, "|=") X(COMMA, ",") X(HASH, "#") X(HASHHASH, "##")

typedef enum {
  P_NONE = 0,
#define P_ENUM(name, text) P_##name,
  PUNCT_LIST(P_ENUM)
#undef P_ENUM
  P__COUNT
} Punct;

/* Cuts CTX->src into CTX->toks (last one TK_EOF). Returns errors found. */
int lex_file(Ctx *ctx);
/* False when SRC certainly needs no rewriting: no extension word outside
 * comments and literals, no .ah include. */
bool lex_needs_translation(const Source *src);

/* -------------------------------------------------------------------
 * tokens.c: the token toolkit of the skimmer and the parser
 *
 * Questions about token I take any index: outside the array the answer is
 * false (KW_NONE), so I + 1 and I - 1 need no bounds check.
 * ------------------------------------------------------------------- */
bool tok_is_punct(const Ctx *ctx, int i, int p);
bool tok_is_kw(const Ctx *ctx, int i, int kw);
int tok_keyword(const Ctx *ctx, int i);     /* KW_NONE unless TK_IDENT */
/* A plain identifier: not a C keyword (the extension's words count). */
bool tok_is_name(const Ctx *ctx, int i);
/* An identifier spelled S (the extension's contextual words: `in`). */
bool tok_spells(const Ctx *ctx, int i, const char *s);
/* `# include "name"` or `<name>` at the # line I: the quote character
 * ('"' or '<') and the name's offset and length in the source, or 0. */
int tok_include_name(const Ctx *ctx, int i, int *off, int *len);
/* Does a # line of the file define the name at token NAME as a macro?
 * 1 object-like (BODY..END its replacement), 2 function-like (BODY at
 * its parameters' `(`), 0 no. The first #define wins; #undef is not seen. */
int tok_macro_def(const Ctx *ctx, int name, const char **body, const char **end);
/* The same question for the one # line PP. */
int tok_pp_defines(const Ctx *ctx, int pp, int name, const char **body, const char **end);
bool tok_is_open(const Ctx *ctx, int i);    /* ( [ { */
/* Keyword classes: void char int ... _Bool (not typedef names); const
 * volatile restrict _Atomic and GNU's spellings; storage classes,
 * function specifiers, typedef and __extension__; struct union enum. */
bool kw_is_base_type(int kw);
bool kw_is_qualifier(int kw);
bool kw_is_storage(int kw);
bool kw_is_tag(int kw);
/* A plain name that the typedef set knows. */
bool tok_is_typedef(Ctx *ctx, int i);
/* Can token I begin a type name (the T of `task(T)`)? */
bool tok_starts_type_name(Ctx *ctx, int i);

/* Pairs the brackets of tokens FIRST..LAST: MATCH[i - FIRST] is the index
 * of token i's partner, or -1. A closer closes the innermost opener of its
 * kind, never past a `{` (the `(` `[` it passes stay -1); a closer with
 * nothing to close stays -1. Returns the innermost opener still open after
 * LAST, or -1. */
int match_brackets(Ctx *ctx, int first, int last, int *match);

/* The typedef set: builtin names of libc, POSIX, asyncc.h and uv.h, then
 * those the skimmer and the grammar add. Created on first use; a header's
 * Ctx shares its translation's set (Ctx.typedefs = typedef_set(...)). */
struct TypedefSet *typedef_set(Ctx *ctx);
bool is_typedef_name(Ctx *ctx, const char *s, size_t n);
void add_typedef_name(Ctx *ctx, const char *s, size_t n);
/* A typedef known to name a scalar, a pointer or an assignable struct
 * (size_t, FILE, uv_loop_t, every ac_ type): not an array (va_list,
 * jmp_buf), nor one the translator cannot see into. */
bool is_plain_typedef(const char *s, size_t n);

/* -------------------------------------------------------------------
 * The AST (built by ast.c as the grammar parser.y reduces; the skimmer
 * fills AsyncFn and Param)
 *
 * Only async functions are parsed into nodes; everything else in the file
 * is skimmed and copied through. Every node covers tokens first..last
 * (inclusive); `tok` is its representative token, used in messages.
 * Lists are chained through `next`.
 * ------------------------------------------------------------------- */
typedef enum {
  /* statements                     children */
  N_BLOCK,      /* { items }        body = first item */
  N_DECL,       /* declaration      spec_first..spec_last = specifiers;
                                    list = N_INITDECL; flags = DF_* */
  N_INITDECL,   /* declarator [= init]  tok = name (-1: none);
                                    first..last = declarator tokens only;
                                    init = expression or N_INITLIST;
                                    list = array dimension exprs (VLA check) */
  N_EXPR_STMT,  /* expr ;           a = expr */
  N_IF,         /* if (a) b else c */
  N_WHILE,      /* while (a) b */
  N_DO,         /* do b while (a); */
  N_FOR,        /* for (init; a; c) b   init = N_DECL or expr or NULL */
  N_SWITCH,     /* switch (a) b */
  N_CASE,       /* case a: b   (GNU `case a ... c:` sets c) */
  N_DEFAULT,    /* default: b */
  N_BREAK,
  N_CONTINUE,
  N_GOTO,       /* goto tok; */
  N_LABEL,      /* tok: b */
  N_RETURN,     /* return [a]; */
  N_EMPTY,      /* ; */
  N_TRY,        /* try a catch (int tok) b finally c   (b, c optional;
                                    tok = -1 without catch variable) */
  N_THROW,      /* throw [a]; */
  N_DEFER,      /* defer b */
  N_FOR_AWAIT,  /* for await (init in a) b   init = N_DECL with one
                                    N_INITDECL and no initializer */
  N_YIELD,      /* yield a; */
  N_TIMEOUT,    /* ac_timeout (a [, c]) b   or ac_timeout_at: tok = the
                                    keyword; a = delay or deadline,
                                    c = the ac_timeout_t * or NULL,
                                    b = the block */
  N_ASM,        /* asm statement, copied verbatim */
  N_STATIC_ASSERT,

  /* expressions */
  N_IDENT,      /* tok */
  N_LITERAL,    /* number, char, string(s): first..last */
  N_PAREN,      /* ( a ) */
  N_CALL,       /* a ( list ) */
  N_INDEX,      /* a [ b ] */
  N_MEMBER,     /* a . tok   or  a -> tok  (op = P_DOT / P_ARROW) */
  N_POSTFIX,    /* a ++ / a --    op */
  N_UNARY,      /* op a: ++ -- & * + - ~ !   op */
  N_SIZEOF,     /* sizeof a | sizeof (type) | _Alignof (type); never
                   evaluated: its tokens are copied as they are.
                   a = expr or NULL; type_first..type_last */
  N_CAST,       /* ( type ) a */
  N_COMPOUND,   /* ( type ) { init }   init = N_INITLIST */
  N_BINARY,     /* a op b   (arithmetic, shift, relational, bitwise) */
  N_LOGAND,     /* a && b */
  N_LOGOR,      /* a || b */
  N_COND,       /* a ? b : c   (GNU a ?: c leaves b NULL) */
  N_ASSIGN,     /* a op b  op = P_ASSIGN or P_*_ASSIGN */
  N_COMMA,      /* a , b */
  N_AWAIT,      /* await a */
  N_IN_THREAD,  /* in_thread([b ,] a)   b = pool expr or NULL */
  N_IN_PROCESS, /* in_process([b ,] a) */
  N_GENERIC,    /* _Generic(a, type: e, ...): a control, list the e's */
  N_STMT_EXPR,  /* GNU ({ ... }): opaque */
  N_INITLIST,   /* { items }  list = N_INITITEM */
  N_INITITEM,   /* [designators =] init   a = value expr or N_INITLIST;
                   first..last include the designators */
  N_TYPENAME,   /* a type name: first..last */
  N__COUNT
} NodeKind;

/* N_DECL flags */
enum {
  DF_TYPEDEF = 1,
  DF_STATIC = 2,
  DF_EXTERN = 4,
  DF_REGISTER = 8,
  DF_THREAD_LOCAL = 16,
  DF_DEFINES_TYPE = 32, /* specifiers contain a struct/union/enum body */
  DF_FUNCTION = 64,     /* a declarator declares a function */
  DF_ASYNC = 128,       /* `async int f(int);` inside a body */
};

struct Node {
  NodeKind kind;
  int id;          /* its number in the translation, from 0 (ast.c): the
                      index of a later pass's side table (Ctx.nnodes) */
  int first, last; /* token indices, inclusive */
  int tok;         /* representative token (name, operator), or -1 */
  int op;          /* Punct of operators */
  int flags;
  Node *a, *b, *c;
  Node *init;      /* N_INITDECL, N_FOR, N_FOR_AWAIT, N_COMPOUND */
  Node *list;      /* N_DECL, N_CALL args, N_INITLIST, N_INITDECL dims */
  Node *body;      /* N_BLOCK */
  Node *next;      /* next in its list */
  Node *enums;     /* N_DECL: N_IDENT per enumerator its specifiers declare */
  int spec_first, spec_last;   /* N_DECL */
  int type_first, type_last;   /* N_SIZEOF, N_CAST, N_COMPOUND; N_LABEL: its attribute */
  /* filled by analyse.c */
  struct Sym *sym;             /* N_IDENT, N_INITDECL: what it names */
  struct AsyncFn *callee;      /* N_CALL of a known async function */
  int has_await;               /* subtree contains a suspension point */
};

/* One parameter of an async function. */
typedef struct Param {
  int first, last;   /* the whole parameter declaration */
  int name;          /* token of its name, -1 for none */
  struct Param *next;
} Param;

/* An async function, declared or defined in this file or an .ah it read. */
typedef struct AsyncFn {
  const char *name;
  int name_tok;         /* -1 when it came from another file */
  int decl_first;       /* first token of the declaration */
  int spec_first, spec_last; /* specifiers (with async, static, ...) */
  int ptr_first;        /* the declarator's first token (its `*`s): after
                           spec_last, or after the `,` that ends the
                           declaration's previous declarator */
  int decl_last;        /* the token before `{`, `;` or the next `,` */
  int params_lparen, params_rparen;
  Param *params;        /* NULL for (void) or (), and for a function read
                           from another file (its tokens are that file's;
                           nothing here writes its parameters) */
  int nparams;
  bool variadic;
  bool is_static;
  bool returns_void;
  bool is_generator;    /* body contains yield */
  bool maybe_generator; /* known only by a prototype here: `for await` may
                           use it, the runtime checks (ac__await_next) */
  const char *ret_type; /* return type as C text ("int", "char *") */
  Node *body;           /* N_BLOCK for a definition, NULL for a declaration */
  struct Sym *frame_vars; /* params and locals living in the frame (analyse) */
  struct AsyncFn *next;
  struct AsyncFn *also; /* the next declarator of the same declaration
                           (`async int f(int), g(int);`), or NULL */
} AsyncFn;

/* -------------------------------------------------------------------
 * skim.c: the skimmer
 *
 * A top-level item is one external declaration: the tokens up to its `;`
 * at depth 0, or up to the `}` closing a function body.
 * ------------------------------------------------------------------- */
typedef enum {
  ITEM_PASS,      /* copied through (task(T) types still rewritten) */
  ITEM_ASYNC_DECL,/* a prototype of an async function */
  ITEM_ASYNC_DEF, /* a definition of an async function */
} ItemKind;

typedef struct Item {
  ItemKind kind;
  int first, last;      /* tokens */
  AsyncFn *fn;          /* ITEM_ASYNC_* */
  struct Item *next;
} Item;

/* A `task ( type-name )` occurrence: tokens first..last, T = inner span. */
typedef struct TaskType {
  int first, last;
  int t_first, t_last;
  const char *mangled;  /* "ac_task__int", filled by the skimmer */
  const char *type_text;/* "int" */
  struct TaskType *next;
} TaskType;

/* An #include "x.ah" line to rewrite into "x.h". */
typedef struct Include {
  int tok;              /* the TK_PP token */
  int name_off, name_len; /* the "x.ah" name inside it, without quotes */
  const char *path;     /* where it was found (for --write-headers); NULL
                           when it was not (an error was reported) */
  struct Include *next;
} Include;

/* An operation declared with AC_AWAITABLE(T, name, (params)),
 * AC_AWAITABLE0(T, name) or AC_AWAITABLE_WITH(S, T, name, (params)) in a
 * header the skimmer read (asyncc.h, a user's header): `await name(args)`
 * calls name__await (asyncc.h, the open door). */
typedef struct Awaitable {
  const char *name;
  const char *type_text;  /* T as C text ("void", "ssize_t") */
  const char *state_type; /* S, what the awaiting frame keeps for the
                             operation while it waits; NULL for none */
  /* Its parameters' declarations as C text, the I-th one's name made
   * ac_pI ("ac_queue_t *ac_p0"), for the task the lowering makes of the
   * operation where a handle is wanted; NULL when that cannot be written
   * (a parameter without a name, `...`). */
  const char **params;
  int nparams;
  struct Awaitable *next;
} Awaitable;
const Awaitable *find_awaitable(Ctx *ctx, const char *s, size_t n);

/* Skims the file into items (lexing it first if CTX->toks is NULL),
 * then, if that found no error, parses each async function's body with
 * parse_async_body. Returns the errors found. */
int parse_file(Ctx *ctx);

/* -------------------------------------------------------------------
 * parse.c (driver + classifier), parser.y (Lemon), ast.c (builders)
 * ------------------------------------------------------------------- */
/* Parses the body of IT (an ITEM_ASYNC_DEF) into it->fn->body. Returns
 * the errors found. */
int parse_async_body(Ctx *ctx, Item *it);

/* What the grammar learnt about a token of an async body, for analyse.c
 * (Ctx.tok_role): a name of a tag, an enumerator or a typedef that C
 * scopes to a block must be renamed when its declaration moves to file
 * scope. */
enum {
  ROLE_NONE,
  ROLE_TYPE_NAME,    /* a typedef name used as a type */
  ROLE_TAG,          /* the tag of `struct T` without a body */
  ROLE_TAG_DEF,      /* the tag of `struct T { ... }` */
  ROLE_ENUMERATOR,   /* an enumerator being declared */
  ROLE_NOT_ORDINARY, /* a member's or a prototype parameter's name */
};

/* -------------------------------------------------------------------
 * analyse.c: scopes, frame variables, checks
 * ------------------------------------------------------------------- */
typedef enum {
  SYM_LOCAL, SYM_PARAM, SYM_STATIC, SYM_TYPEDEF, SYM_EXTERN, SYM_ENUMCONST
} SymKind;

typedef struct Sym {
  SymKind kind;
  int id;              /* its number in the translation, from 0: the
                          index of a later pass's side table (Ctx.nsyms) */
  const char *name;
  const char *field;   /* name of its frame field ("x", "x_1"); for what
                          moves to file scope (statics, typedefs,
                          enumerators) its name there ("f__x") */
  Node *decl;          /* its N_DECL (locals) */
  Node *initdecl;      /* its N_INITDECL (locals) */
  Param *param;        /* parameters */
  const char *task_of; /* if its type is task(T) (or an array of them, or
                          a pointer to them): the handle type's name, e.g.
                          "ac_task__int" */
  bool vm;             /* a local of a variably modified type (a VLA, a
                          pointer to one): lower_live.c keeps it a C local
                          or reports it */
  int cleanup_fn;      /* a frame variable with GCC's cleanup attribute:
                          the token of its function (lower_live.c), whose
                          call ends its block (lower.c), else 0 */
  bool vm_heap;        /* such an array that lives across an await: the
                          frame holds a pointer to heap storage and its
                          dimensions (lower_live.c decides, lower.c frees
                          it when its block ends) */
  struct Sym *next;    /* in the function's list of frame variables */
  struct Sym *scope_next; /* in its scope (analyse.c only) */
} Sym;

int analyse(Ctx *ctx);

/* -------------------------------------------------------------------
 * output.c: the output layer (buffers, tokens copied, line accounting,
 * the runtime's file-level spelling). It knows no AST.
 * ------------------------------------------------------------------- */
typedef struct Em {
  Ctx *ctx;
  Buf *out;             /* where text goes now (a capture swaps it) */
  Buf *final;           /* the translation's output */
  Buf marked;           /* the text with its line marks, unless --no-line */
  const char **repl;    /* per token: replacement text, or NULL */
  int *repl_last;       /* per token: last token that replacement covers */
  const char *ac_name;  /* the input as #line names it (quoted, escaped) */
  const char *gen_name; /* the output as #line names it (quoted, escaped) */
  int attr;             /* the .ac line generated lines belong to (em_attr) */
  struct EmittedType *types;
  bool has_runtime;     /* #include <asyncc.h> is out */
  bool has_protocol;    /* and the AC_PROTOCOL_VERSION check after it */
} Em;

/* Text goes to OUT (through the marked buffer unless --no-line); */
void out_open(Em *e, Ctx *ctx, Buf *out);
/* resolves the marks into #line lines. Returns 1 if memory ran out. */
int out_finish(Em *e);
void em_put(Em *e, const char *s);
void em_printf(Em *e, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Tokens FIRST..LAST with the gaps between them (not the one before
 * FIRST), each as its replacement where Em.repl has one. */
void em_tokens(Em *e, int first, int last);
/* Token I, or the replacement that starts at it; returns the last token
 * written (a replacement covers several). */
int em_token(Em *e, int i);
void em_gap_before(Em *e, int tok);
/* Line accounting (output.c has the whole story; all no-ops with
 * --no-line): the text that follows stands for a token of .ac line LINE; */
void em_mark_line(Em *e, int line);
/* generated lines from here on belong to .ac line LINE (0: to the output
 * file itself); returns the attribution it replaces; */
int em_attr(Em *e, int line);
/* the generated line that follows holds no code (a brace, a label). */
void em_free_line(Em *e);
bool em_at_line_start(Em *e);   /* marks do not count */
void em_ensure_newline(Em *e);
/* Text written between em_capture and em_captured goes into a string (in
 * the arena, marks and all) instead of the output. */
typedef struct {
  Buf buf;
  Buf *saved;
} Capture;
void em_capture(Em *e, Capture *c);
const char *em_captured(Em *e, Capture *c);

/* -------------------------------------------------------------------
 * protocol.c: the runtime's spelling (asyncc.h's protocol), standing on
 * output.c. The only file besides asyncc.h that names a runtime entry
 * point; helpers return C text in the arena, or write declarations.
 * ------------------------------------------------------------------- */
/* `#include <asyncc.h>` (unless the user's is out) and the protocol
 * check, once, before the first generated line. */
void em_need_runtime(Em *e);
/* The handle type name for a value type written as C text. */
const char *mangle_task_type(Ctx *ctx, const char *type_text);
/* The guarded typedef of task(TYPE_TEXT), once per output file. */
void em_task_typedef(Em *e, const char *type_text);
bool em_task_type_done(Em *e, const char *mangled);
void out_task_type(Em *e, const char *name, const char *type_text);
void out_prefork_ctor(Em *e);
void out_function_info(Em *e, const char *name, const char *shown, int line,
                       const char *resume, const char *frame_type, const char *lines);
/* types */
const char *out_frame_type(void);
const char *out_task_ptr_type(void);
const char *out_job_ptr_type(void);
const char *out_void_value_type(void);
const char *out_maybe_unused(void);
/* the frame: its pointer, fields, header, try routing, result */
const char *out_frame_ptr(void);
const char *out_field_prefix(void);
const char *out_field(Em *e, const char *name);
const char *out_frame_hdr(void);
const char *out_frame_err(void);
const char *out_frame_state(void);
const char *out_exc(Em *e, int k);
const char *out_fin(Em *e, int k);
const char *out_ret(void);
void out_frame_struct_open(Em *e, const char *name);
void out_frame_try_fields(Em *e, int k, bool exc, bool fin);
void out_frame_ret_field(Em *e, const char *type);
const char *out_result_slot(Em *e, const char *type);
const char *out_result_zero(Em *e, const char *type);
const char *out_return_done(void);
const char *out_copy(Em *e, const char *dst, const char *src, const char *size);
const char *out_throwable(Em *e, const char *value, int line);
/* resume functions and suspensions */
void out_resume_prototype(Em *e, const char *name);
void out_resume_open(Em *e, const char *name, bool has_temps);
void out_dispatch_open(Em *e);
void out_dispatch_close(Em *e);
const char *out_await(Em *e, int state, const char *call, const char *on_err);
const char *out_yield(Em *e, int state, const char *on_err);
/* what an await calls */
const char *out_call_frame(Em *e, const char *fn, const char *result_addr, const char *args);
const char *out_await_call(Em *e, const char *frame);
const char *out_await_task(Em *e, const char *h);
const char *out_await_shield(Em *e, const char *h);
const char *out_await_wait_for(Em *e, const char *h, const char *seconds);
const char *out_task_result(Em *e, const char *h);
const char *out_await_gather(Em *e, const char **handles, int n);
const char *out_await_leaf(Em *e, const char *name, const char *result_addr, const char *state_addr,
                           const char **args, int n);
const char *out_await_next(Em *e, const char *gen);
const char *out_await_close(Em *e, const char *gen);
const char *out_gen_finished(Em *e, const char *gen);
const char *out_gen_free(Em *e, const char *gen);
const char *out_gen_mark(void);
/* a heap VLA's storage (lower.c: gen_heap_vla) */
const char *out_vla_alloc(void);
const char *out_vla_free(Em *e, const char *p);
/* starters and spawns */
const char *out_frame_alloc(Em *e, const char *name, bool returns_void);
const char *out_task_alloc(Em *e, const char *name, const char *value_type);
const char *out_spawn(Em *e, const char *fn, const char *args);
/* offload jobs */
void out_job_struct_open(Em *e, const char *name);
void out_job_run_open(Em *e, const char *name);
void out_job_bytes(Em *e, const char *name, const char *const *fields, int n, bool want);
void out_job_task_struct(Em *e, const char *name, const char *shown, int line);
const char *out_job_new(Em *e, const char *name);
const char *out_await_job(Em *e, const char *pool, const char *job, bool in_process);
const char *out_job_done(Em *e, const char *job);
const char *out_value_or_void(Em *e, const char *expr);
const char *out_spawn_job(Em *e, const char *name, const char *proto, const char *captures,
                          const char *pool, bool in_process, bool want, const char *th,
                          const char *tr, const char *h);
/* A timeout scope (asyncc.h): its record's type (or a pointer to it);
 * entering the scope SCOPE (an ac_timeout_t *) with DELAY, or with a
 * deadline when AT, as a statement; and its exit's value given the
 * PENDING failure. */
const char *out_timeout_type(bool pointer);
const char *out_timeout_enter(Em *e, bool at, const char *scope, const char *delay);
const char *out_timeout_exit(Em *e, const char *scope, const char *pending);

/* -------------------------------------------------------------------
 * lower*.c: async functions and prototypes become C; emit.c: the file
 * ------------------------------------------------------------------- */
/* The three signatures of FN's starters, as prototypes. */
void lower_prototypes(Em *e, AsyncFn *fn);
/* FN's frame, info, starters and state machine. Returns whether it
 * offloads to a process (the file then needs the prefork constructor). */
bool lower_function(Em *e, AsyncFn *fn);
int emit_file(Ctx *ctx, Buf *out);

/* -------------------------------------------------------------------
 * diag.c
 * ------------------------------------------------------------------- */
enum { MAX_ERRORS = 20 };
void diag_error(Ctx *ctx, int tok, const char *fmt, ...) PRINTF_LIKE(3, 4);
void diag_error_at(Ctx *ctx, int off, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Underlines tokens FIRST..LAST (when they share a line). */
void diag_error_span(Ctx *ctx, int first, int last, const char *fmt, ...)
    PRINTF_LIKE(4, 5);
void diag_note(Ctx *ctx, int tok, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* -------------------------------------------------------------------
 * macro.c: what the file's own macros stand for, where the parser
 * cannot read them as written (see there)
 * ------------------------------------------------------------------- */
typedef enum {
  MACRO_NONE,      /* read the name as written */
  MACRO_PUNCT,     /* an object-like macro that is one punctuator */
  MACRO_EMPTY,     /* expands to nothing */
  MACRO_ATTRIBUTE, /* an object-like macro that is __attribute__((..)) */
  MACRO_STRING,    /* a call that stringizes its argument */
} MacroReading;
/* The reading of the name at token I; *PUNCT for MACRO_PUNCT, *END the
 * last token of the use (I, or a call's `)`). */
MacroReading macro_reading(Ctx *ctx, int i, int *punct, int *end);

/* -------------------------------------------------------------------
 * The translation context
 * ------------------------------------------------------------------- */
typedef struct {
  const char **include_dirs;  /* -I, in order */
  int ninclude_dirs;
  bool no_line;               /* --no-line */
  const char *out_name;       /* the output as #line names it; NULL: the
                                 input's name, .ac -> .c, .ah -> .h, else
                                 + ".c" (what main.c writes without -o) */
  const char *own_include_dir; /* <dir of the asyncc executable>/../include:
                                  an installed asyncc.h, found wherever
                                  the package was installed (main.c) */
} Options;

struct Ctx {
  Options opt;
  Source src;
  Arena arena;
  FILE *diag_out;       /* stderr, or a test's buffer */
  int errors;
  int depth;            /* recursion depth of the current walk */
  int nnodes;           /* AST nodes made so far (Node.id) */
  int nsyms;            /* symbols made so far (Sym.id) */
  Tok *toks;
  int ntoks;
  Item *items;
  AsyncFn *fns;         /* every async function known */
  TaskType *tasktypes;
  Include *includes;
  const char **files_read; /* every file read, for -MD */
  int nfiles_read;
  struct TypedefSet *typedefs;
  struct AwaitableSet *awaitables; /* shared with the headers' contexts */
  bool unchanged;       /* translate() found nothing to rewrite: the
                           output is src.text itself, and OUT stays empty */
  struct ParseState *parse; /* the body being parsed (parse.c, ast.h) */
  unsigned char *tok_role;  /* per token, a ROLE_ (the parser), or NULL */
  const char **rename;      /* per token, the name it is written as
                               (analyse.c: hoisted tags, enumerators,
                               typedefs), or NULL */
  struct MacroIndex *macros; /* the file's #define lines (macro.c), or
                                NULL until first asked */
};

enum { MAX_DEPTH = 1000 };

/* translate.c: the whole pipeline on CTX->src. Returns the error count;
 * on 0, OUT holds the C, or CTX->unchanged is set and the C is the input
 * itself (plain C is not copied twice). */
int translate(Ctx *ctx, Buf *out);
void ctx_init(Ctx *ctx, const Options *opt);
void ctx_free(Ctx *ctx);

#endif
