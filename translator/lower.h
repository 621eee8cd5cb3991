/* lower.h - what the files of the lowering share (lower.c, lower_frame.c,
 * lower_live.c, lower_pp.c); not for the rest of the translator.
 *
 * lower.c lowers statements and expressions into the body of the state
 * machine and drives the rest; lower_frame.c lays out the frame, writes
 * the starters and function info, and hoists a body's types and statics
 * to file scope; lower_pp.c keeps the body's # lines in place and tracks
 * the #if lines each resume state sits under; lower_live.c decides which
 * locals the frame holds and in which block scope. lower.c calls the others;
 * they call neither lower.c nor each other, and all stand on the
 * output layer (output.c) and name the runtime only through protocol.c.
 */
#ifndef ASYNCC_LOWER_H
#define ASYNCC_LOWER_H

#include "translator.h"

#include <string.h>

typedef struct Label {
  const char *name;
  bool used;
} Label;

typedef struct Jump {
  Node *stmt;  /* break, continue, goto; NULL for return */
  int code;
  struct Jump *next;
} Jump;

enum { B_LOOP, B_SWITCH, B_FINALLY };

/* One enclosing construct that break/continue/goto/return care about. */
typedef struct Block {
  struct Block *up;
  int kind;
  Label *cont;       /* B_LOOP: label for continue; NULL = `continue;` */
  int id;            /* B_FINALLY: the try's number */
  int first, last;   /* B_FINALLY: tokens of the protected region */
  Label *fin_label;  /* B_FINALLY: ac_finally_K */
  Jump *jumps;       /* B_FINALLY: exits routed through it */
  int njumps;
  bool routes_return;
} Block;

/* A try's number: its routing fields ac_exc_K, ac_fin_K are in the frame,
 * each only when the body's code names it. */
typedef struct TryId {
  int id;
  bool uses_exc, uses_fin;
  struct TryId *next;
} TryId;

/* A block scope of the frame's layout (lower_live.c): the frame
 * variables it declares, then its inner scopes, which never live at once
 * (lower_frame.c lays them over each other). */
typedef struct FrameVar {
  Sym *sym;
  struct FrameVar *next;
} FrameVar;

typedef struct FrameScope {
  FrameVar *vars, **vars_tail;
  struct FrameScope *kids, **kids_tail, *next;
} FrameScope;

typedef struct Temp {
  const char *type;
  const char *name;
  int group;         /* the statement whose expressions use it, or 0 for
                        one that lives longer (see new_temp) */
  struct Temp *next;
} Temp;

/* What the lowering knows of one node: its side table (Fn.scratch,
 * indexed by Node.id), so that Node keeps only what the parser and the
 * analyser produce. */
typedef struct {
  const char *subst;       /* C text standing for the node once its
                              awaits are out (lower_steps, spill) */
  const char *handle_type; /* in_thread()/in_process() as a task: the
                              handle type its site gives it */
  const char *frame_temp;  /* a compound literal kept in the frame */
  bool value_unused;       /* an await whose value nobody reads */
  bool address_taken;      /* a compound literal under `&` */
  bool emitting;           /* a compound literal being written */
  bool hoisted;            /* a declaration lower_frame.c moved out */
  bool as_task;            /* a leaf operation's call where a handle is
                              wanted: it becomes a task (emit_leaf_task) */
  const char *leaf_task;   /* then the name of that task's function */
} Scratch;

typedef struct {
  Ctx *ctx;
  Em *em;
  AsyncFn *fn;
  Scratch *scratch;  /* [ctx->nnodes] */
  bool *assignable;  /* [ctx->nsyms]: the symbol's type allows `=`
                        (sym_assignable; set for the frame variables) */
  bool *c_local;     /* [ctx->nsyms]: a local no suspension outlives,
                        a C local of the resume function (lower_live.c) */
  FrameScope *layout; /* the frame variables by block scope (lower_live.c) */
  signed char *suspends; /* [ctx->nnodes]: lower_live.c's memo */
  bool *addressed;   /* [ctx->nsyms]: its address may be taken (lower_live.c) */
  bool *mentioned;   /* [ctx->nsyms]: something names it (lower_live.c) */
  bool vm_wrap;      /* a VLA's declaration opens a block (gen_items) */
  int vm_braces;     /* blocks those declarations opened */
  Block *bl;
  Label *err;        /* where a failure goes from here */
  int catch_id;      /* innermost catch body being generated, or -1 */
  int nstates;
  int ntemps;
  int nids;
  Temp *temps, **temps_tail;
  int temp_group;    /* the statement being lowered (Temp.group), 0 outside */
  int ngroups;
  Temp *states;      /* what waiting leaf operations keep in the frame
                        (AC_AWAITABLE_WITH), one per state type: they
                        share a union, as one await waits at a time */
  TryId *tries, **tries_tail;
  Sym *hoisted;      /* static locals moved to file scope */
  int pp_next;       /* the first body token whose # lines are not out */
  /* The #if/#elif/#else lines in force where the body is being written,
   * one Buf per open #if (its directives so far), and for each resume
   * state those lines at its creation (NULL: none), so the dispatch can
   * put its `case` under the same conditions as the label. */
  Buf *cond;                /* [cond_cap], grown by doubling */
  int ncond, cond_cap;
  const char **state_cond;  /* [nstates + 1] */
  int *state_levels;        /* how many #if levels state_cond opens */
  int *state_line;          /* the .ac line of each resume state */
  int state_cap;
  int line;                 /* the .ac line being lowered */
  bool uses_ret;            /* a return passes through a finally: ac_ret */
  bool ret_assignable;      /* the result type allows `=` (text_assignable) */
  const char *var_prefix; /* how a frame variable is reached
                             (out_field_prefix, or a stand-in for __typeof__) */
  Buf jobs;          /* offload job structs and run functions */
  bool uses_process; /* in_process appears: the file needs the prefork */
  Buf body;
  int indent;
} Fn;

/* ------------------------------------------------ writing a body's lines */

static inline void put(Fn *f, const char *s) { em_put(f->em, s); }

/* A generated line that holds no code: only braces and `else`, a label
 * (`name:;`), a comment. Where it stands does not matter to a compiler or
 * a debugger, so it needs no #line (output.c may join it to the line before). */
static inline bool holds_no_code(const char *s) {
  size_t n = strspn(s, "{} \t");
  if (!strncmp(s + n, "else", 4)) n += 4 + strspn(s + n + 4, "{} \t");
  if (!s[n] || !strncmp(s, "/*", 2)) return true;
  size_t id = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
  return id > 0 && !strcmp(s + id, ":;");
}

static inline void line(Fn *f, const char *fmt, ...) PRINTF_LIKE(2, 3);
static inline void line(Fn *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = arena_vprintf(&f->ctx->arena, fmt, ap);
  va_end(ap);
  if (holds_no_code(s)) em_free_line(f->em);
  for (int i = 0; i < f->indent; i++) put(f, "  ");
  put(f, s);
  put(f, "\n");
}

static inline void indent(Fn *f) {
  for (int i = 0; i < f->indent; i++) put(f, "  ");
}

static inline Label *new_label(Fn *f, const char *fmt, int id) {
  Label *l = arena_alloc(&f->ctx->arena, sizeof *l);
  l->name = arena_printf(&f->ctx->arena, fmt, id);
  return l;
}

static inline const char *use(Label *l) {
  l->used = true;
  return l->name;
}

static inline void place(Fn *f, Label *l) {
  if (l->used) line(f, "%s:;", l->name);
}

static inline Scratch *scratch(Fn *f, Node *n) { return &f->scratch[n->id]; }

/* Is local Y a C local of the resume function rather than a frame field? */
static inline bool is_c_local(Fn *f, Sym *y) { return f->c_local[y->id]; }

/* Can frame variable Y be stored with `=`? (false for any other symbol) */
static inline bool is_assignable(Fn *f, Sym *y) { return f->assignable[y->id]; }

static inline int count_list(Node *n) {
  int k = 0;
  for (; n; n = n->next) k++;
  return k;
}

/* ------------------------------------------------------ lower_frame.c */

bool text_assignable(const char *type);
bool sym_assignable(Ctx *ctx, Sym *y);
bool declarator_has(Ctx *ctx, Node *id, int punct);
void emit_specs(Fn *f, int first, int last, bool keep_quals);
bool has_pointer(Ctx *ctx, int first, int last);
void field_declarator(Fn *f, int first, int last, int name, const char *field,
                             bool is_param, Node *init);
void emit_frame_struct(Fn *f);
void emit_dispatch_cases(Fn *f);
void emit_starters(Fn *f);
void emit_leaf_task(Fn *f, const Awaitable *op, const char *name, int line);
void hoist_types(Fn *f, Node *s);

/* -------------------------------------------------------- lower_live.c */

void plan_frame(Fn *f);

/* -------------------------------------------------------- lower_pp.c */

void emit_pp_before(Fn *f, int tok);
const char *pp_closing_expr(Fn *f, Node *n);
int new_state(Fn *f);

#endif
