/* tokens.c - the token toolkit the skimmer and the parser share.
 *
 * Takes: ctx->toks from lex_file. Gives: questions about one token (is it
 * this punctuator, this keyword, a plain name, the start of a type name?),
 * the pairing of brackets over a run of tokens, and the set of typedef
 * names (built in, then added as the skimmer and the grammar meet them).
 *
 * Guarantees: each question has one answer for the whole translator (the
 * skimmer's idea of `task(T)` is the parser's); every token question
 * takes any index and answers false (or KW_NONE) outside 0..ntoks-1, so a
 * caller may look at i + 1 or i - 1 without a bounds check. Nothing here
 * reports an error: deciding what is wrong is the caller's business.
 */
#include "translator.h"

#include <string.h>

/* ==================== One token ==================== */

static const Tok *tok_at(const Ctx *ctx, int i) {
  return i >= 0 && i < ctx->ntoks ? &ctx->toks[i] : NULL;
}

int tok_pp_defines(const Ctx *ctx, int pp, int name, const char **body, const char **end) {
  const Tok *n = tok_at(ctx, name), *t = tok_at(ctx, pp);
  if (!n || n->kind != TK_IDENT || !t || t->kind != TK_PP) return 0;
  const char *p = ctx->src.text + t->off + 1, *e = ctx->src.text + t->off + t->len;
  while (p < e && (*p == ' ' || *p == '\t')) p++;
  if (e - p < 7 || memcmp(p, "define", 6) != 0 || (p[6] != ' ' && p[6] != '\t')) return 0;
  p += 6;
  while (p < e && (*p == ' ' || *p == '\t')) p++;
  if (e - p < n->len || memcmp(p, ctx->src.text + n->off, (size_t)n->len) != 0) return 0;
  p += n->len;
  if (p < e && (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9')))
    return 0; /* a longer name */
  int kind = p < e && *p == '(' ? 2 : 1;
  while (p < e && (*p == ' ' || *p == '\t')) p++;
  *body = p;
  *end = e;
  return kind;
}

int tok_macro_def(const Ctx *ctx, int name, const char **body, const char **end) {
  for (int i = 0; i < ctx->ntoks; i++) {
    int kind = tok_pp_defines(ctx, i, name, body, end);
    if (kind) return kind;
  }
  return 0;
}

int tok_include_name(const Ctx *ctx, int i, int *off, int *len) {
  const Tok *t = tok_at(ctx, i);
  if (!t || t->kind != TK_PP) return 0;
  const char *p = ctx->src.text + t->off, *end = p + t->len;
  p += *p == '%' ? 2 : 1;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if (end - p < 7 || memcmp(p, "include", 7) != 0)
    return 0;
  p += 7;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if (p >= end || (*p != '"' && *p != '<'))
    return 0;
  char close = *p == '"' ? '"' : '>';
  const char *name = ++p;
  while (p < end && *p != close && *p != '\n')
    p++;
  if (p >= end || *p != close)
    return 0;
  *off = (int)(name - ctx->src.text);
  *len = (int)(p - name);
  return close == '"' ? '"' : '<';
}

bool tok_is_punct(const Ctx *ctx, int i, int p) {
  const Tok *t = tok_at(ctx, i);
  return t && t->kind == TK_PUNCT && t->punct == p;
}

int tok_keyword(const Ctx *ctx, int i) {
  const Tok *t = tok_at(ctx, i);
  return t && t->kind == TK_IDENT ? t->keyword : KW_NONE;
}

bool tok_is_kw(const Ctx *ctx, int i, int kw) {
  return kw != KW_NONE && tok_keyword(ctx, i) == kw;
}

bool tok_is_name(const Ctx *ctx, int i) {
  const Tok *t = tok_at(ctx, i);
  return t && t->kind == TK_IDENT &&
         (t->keyword == KW_NONE || t->keyword >= KW_async);
}

bool tok_spells(const Ctx *ctx, int i, const char *s) {
  const Tok *t = tok_at(ctx, i);
  size_t n = strlen(s);
  return t && t->kind == TK_IDENT && (size_t)t->len == n &&
         memcmp(ctx->src.text + t->off, s, n) == 0;
}

bool tok_is_open(const Ctx *ctx, int i) {
  return tok_is_punct(ctx, i, P_LPAREN) || tok_is_punct(ctx, i, P_LBRACKET) ||
         tok_is_punct(ctx, i, P_LBRACE);
}

/* ==================== Kinds of keyword ==================== */

bool kw_is_base_type(int kw) {
  switch (kw) {
  case KW_void: case KW_char: case KW_short: case KW_int: case KW_long:
  case KW_float: case KW_double: case KW_signed: case KW_unsigned:
  case KW__Bool: case KW__Complex: case KW___int128: case KW__Float128:
  case KW___signed__: case KW__Imaginary:
    return true;
  default:
    return false;
  }
}

bool kw_is_qualifier(int kw) {
  switch (kw) {
  case KW_const: case KW_volatile: case KW_restrict: case KW__Atomic:
  case KW___restrict: case KW___restrict__: case KW___const:
  case KW___volatile__:
    return true;
  default:
    return false;
  }
}

bool kw_is_storage(int kw) {
  switch (kw) {
  case KW_static: case KW_extern: case KW_inline: case KW___inline:
  case KW___inline__: case KW__Noreturn: case KW_register: case KW_auto:
  case KW__Thread_local: case KW_typedef: case KW___extension__:
    return true;
  default:
    return false;
  }
}

bool kw_is_tag(int kw) {
  return kw == KW_struct || kw == KW_union || kw == KW_enum;
}

bool tok_is_typedef(Ctx *ctx, int i) {
  return tok_is_name(ctx, i) &&
         is_typedef_name(ctx, ctx->src.text + ctx->toks[i].off,
                         (size_t)ctx->toks[i].len);
}

/* C's specifier-qualifier-list may open with any qualifier, GNU's
 * spellings included: `task(__volatile__ int)` and `task(restrict int)`
 * are type names to the skimmer and to the parser alike (whether the
 * qualifier fits the type is the C compiler's judgement). `task` counts
 * only as the start of another `task(T)`. */
bool tok_starts_type_name(Ctx *ctx, int i) {
  int kw = tok_keyword(ctx, i);
  if (kw_is_base_type(kw) || kw_is_qualifier(kw) || kw_is_tag(kw) ||
      kw == KW___typeof__ || kw == KW_typeof)
    return true;
  if (kw == KW_task)
    return tok_is_punct(ctx, i + 1, P_LPAREN) && tok_starts_type_name(ctx, i + 2);
  return kw == KW_NONE && tok_is_typedef(ctx, i);
}

/* ==================== Brackets ==================== */

/* The closer's opener kind, or P_NONE for a token that closes nothing. */
static int opener_of(int punct) {
  return punct == P_RPAREN ? P_LPAREN : punct == P_RBRACKET ? P_LBRACKET
       : punct == P_RBRACE ? P_LBRACE : P_NONE;
}

/* How deep in STACK[0..SP) the opener of kind WANT sits: it may leave `(`
 * and `[` open above it, never a `{` (a stray `)` inside a block must not
 * end the block). 0 if there is none. */
static int opener_depth(const Ctx *ctx, const int *stack, int sp, int want) {
  for (int k = sp; k > 0; k--) {
    int p = ctx->toks[stack[k - 1]].punct;
    if (p == want)
      return k;
    if (p == P_LBRACE)
      return 0;
  }
  return 0;
}

/* A closer closes the innermost opener of its kind, and the `(` `[` it
 * passes stay unmatched: in `f(x; }` the `}` still ends the block, so
 * only the `(` is left without partner. A closer with nothing to close
 * is unmatched and changes nothing. */
int match_brackets(Ctx *ctx, int first, int last, int *match) {
  int n = last - first + 1;
  if (n <= 0)
    return -1;
  int *stack = arena_alloc_uninit(&ctx->arena, sizeof(int) * (size_t)n);
  int sp = 0;
  for (int i = first; i <= last; i++) {
    match[i - first] = -1;
    if (ctx->toks[i].kind != TK_PUNCT)
      continue;
    int p = ctx->toks[i].punct;
    if (p == P_LPAREN || p == P_LBRACKET || p == P_LBRACE) {
      stack[sp++] = i;
      continue;
    }
    int want = opener_of(p);
    int k = want != P_NONE ? opener_depth(ctx, stack, sp, want) : 0;
    if (k == 0)
      continue;
    sp = k - 1;
    int o = stack[sp];
    match[o - first] = i;
    match[i - first] = o;
  }
  return sp > 0 ? stack[sp - 1] : -1;
}

/* ==================== Typedef names ==================== */

/* An open-addressed set of names; its strings live in the arena of the
 * Ctx that created it, so header skims (with their own Ctx) can share it. */
struct TypedefSet {
  Arena *arena;
  const char **slots;
  int cap, n;
};

static unsigned name_hash(const char *s, size_t n) {
  unsigned h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* Names of the C library, POSIX, asyncc.h and uv.h that a program uses
 * without the translator having read their headers (it cannot always
 * find them, and a header it cannot see only costs it typedef names). */
static const char *const builtin_typedefs[] = {
    "size_t", "ssize_t", "ptrdiff_t", "intptr_t", "uintptr_t", "intmax_t",
    "uintmax_t", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t",
    "uint16_t", "uint32_t", "uint64_t", "int_least8_t", "int_least16_t",
    "int_least32_t", "int_least64_t", "uint_least8_t", "uint_least16_t",
    "uint_least32_t", "uint_least64_t", "int_fast8_t", "int_fast16_t",
    "int_fast32_t", "int_fast64_t", "uint_fast8_t", "uint_fast16_t",
    "uint_fast32_t", "uint_fast64_t", "wchar_t", "char16_t", "char32_t",
    "max_align_t", "va_list", "FILE", "fpos_t", "time_t", "clock_t", "off_t",
    "pid_t", "uid_t", "gid_t", "mode_t", "dev_t", "ino_t", "nlink_t",
    "blksize_t", "blkcnt_t", "suseconds_t", "socklen_t", "sa_family_t",
    "in_addr_t", "in_port_t", "pthread_t", "pthread_mutex_t",
    "pthread_cond_t", "pthread_attr_t", "pthread_once_t", "pthread_key_t",
    "sigset_t", "sig_atomic_t", "jmp_buf", "bool", "div_t", "ldiv_t",
    "lldiv_t", "mbstate_t", "wint_t", "errno_t", "regex_t", "DIR",
    /* asyncc.h */
    "ac_task_t", "ac_frame_t", "ac_void_t", "ac_errno_t", "ac__fninfo_t",
    /* uv.h */
    "uv_loop_t", "uv_handle_t", "uv_dir_t", "uv_stream_t", "uv_tcp_t",
    "uv_udp_t", "uv_pipe_t", "uv_tty_t", "uv_poll_t", "uv_timer_t",
    "uv_prepare_t", "uv_check_t", "uv_idle_t", "uv_async_t", "uv_process_t",
    "uv_fs_event_t", "uv_fs_poll_t", "uv_signal_t", "uv_req_t",
    "uv_getaddrinfo_t", "uv_getnameinfo_t", "uv_shutdown_t", "uv_write_t",
    "uv_connect_t", "uv_udp_send_t", "uv_fs_t", "uv_work_t", "uv_random_t",
    "uv_buf_t", "uv_os_fd_t", "uv_file", "uv_os_sock_t", "uv_thread_t",
    "uv_mutex_t", "uv_rwlock_t", "uv_sem_t", "uv_cond_t", "uv_once_t",
    "uv_key_t", "uv_barrier_t", "uv_pid_t", "uv_uid_t", "uv_gid_t",
    "uv_lib_t", "uv_cpu_info_t", "uv_interface_address_t", "uv_dirent_t",
    "uv_passwd_t", "uv_utsname_t", "uv_statfs_t", "uv_stat_t",
    "uv_timespec_t", "uv_timeval_t", "uv_timeval64_t", "uv_rusage_t",
    "uv_env_item_t", "uv_process_options_t", "uv_stdio_container_t",
    "uv_errno_t", "uv_handle_type", "uv_req_type", "uv_run_mode",
    "uv_membership", "uv_fs_type", "uv_dirent_type_t", "uv_loop_option",
    "uv_stdio_flags", "uv_tty_mode_t", "uv_poll_event", "uv_udp_flags",
};

enum { NBUILTIN_TYPEDEFS = sizeof builtin_typedefs / sizeof *builtin_typedefs };

/* Moves every name into a table twice as large (the set stays at most
 * half full, so probing stays short). */
static void set_grow(struct TypedefSet *set) {
  int cap = set->cap * 2;
  unsigned mask = (unsigned)(cap - 1);
  const char **slots = arena_alloc(set->arena, sizeof(char *) * (size_t)cap);
  for (int i = 0; i < set->cap; i++) {
    if (!set->slots[i])
      continue;
    unsigned h = name_hash(set->slots[i], strlen(set->slots[i])) & mask;
    while (slots[h])
      h = (h + 1) & mask;
    slots[h] = set->slots[i];
  }
  set->slots = slots;
  set->cap = cap;
}

/* The slot holding S[0..N), or the empty slot where it would go. */
static const char **set_slot(const struct TypedefSet *set, const char *s, size_t n) {
  unsigned mask = (unsigned)(set->cap - 1);
  unsigned h = name_hash(s, n) & mask;
  while (set->slots[h] && !(strncmp(set->slots[h], s, n) == 0 && set->slots[h][n] == '\0'))
    h = (h + 1) & mask;
  return &set->slots[h];
}

static void set_insert(struct TypedefSet *set, const char *s, size_t n) {
  if ((set->n + 1) * 2 > set->cap)
    set_grow(set);
  const char **slot = set_slot(set, s, n);
  if (*slot)
    return;
  *slot = arena_strndup(set->arena, s, n);
  set->n++;
}

struct TypedefSet *typedef_set(Ctx *ctx) {
  if (!ctx->typedefs) {
    struct TypedefSet *set = arena_alloc(&ctx->arena, sizeof *set);
    set->arena = &ctx->arena;
    set->cap = 512;
    set->slots = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)set->cap);
    for (size_t i = 0; i < NBUILTIN_TYPEDEFS; i++)
      set_insert(set, builtin_typedefs[i], strlen(builtin_typedefs[i]));
    ctx->typedefs = set;
  }
  return ctx->typedefs;
}

bool is_typedef_name(Ctx *ctx, const char *s, size_t n) {
  /* The runtime's namespace: every ac_*_t is a type of asyncc.h, whether
   * or not the translator can find the header it comes from. */
  if (n > 5 && !memcmp(s, "ac_", 3) && !memcmp(s + n - 2, "_t", 2))
    return true;
  return *set_slot(typedef_set(ctx), s, n) != NULL;
}

void add_typedef_name(Ctx *ctx, const char *s, size_t n) {
  set_insert(typedef_set(ctx), s, n);
}

bool is_plain_typedef(const char *s, size_t n) {
  if (n > 3 && !memcmp(s, "ac_", 3))
    return true; /* asyncc.h's, task handles */
  if ((n == 7 && !memcmp(s, "va_list", 7)) || (n == 7 && !memcmp(s, "jmp_buf", 7)))
    return false; /* arrays */
  for (size_t i = 0; i < NBUILTIN_TYPEDEFS; i++)
    if (strlen(builtin_typedefs[i]) == n && !memcmp(builtin_typedefs[i], s, n))
      return true;
  return false;
}
