/* lower.c - an async function becomes a frame struct and a state machine.
 *
 * Takes: FN as analyse.c left it (syms, callees, has_await set, and the
 * language's checks passed: lowering assumes valid input). Emits, in this
 * order: the offload jobs, the frame struct (parameters, the automatic
 * locals that live across an await by block scope, lower_live.c, and the
 * temporaries the lowering needed), the function's static
 * info, `f__call` (a frame for `await f()`), `f__spawn` and `f` (tasks),
 * all three from lower_frame.c, and `f__resume`, the state machine, which
 * is this file's work: statements and expressions.
 *
 * The state machine keeps the user's statements as C statements: loops,
 * switches and gotos stay as written, and a resume point is a label inside
 * them that the dispatch switch at the top reaches with goto (jumping into
 * a block is legal C, and no local lives on the C stack across an await:
 * one that does is a frame field, `ac_f->x`; the others stay C locals,
 * lower_live.c). Only what must
 * change is rewritten:
 *   - an expression containing awaits is evaluated in steps: each await
 *     becomes AC__AWAIT(...) with its result in a frame temporary, and
 *     `&&`, `||`, `?:` and `,` around awaits become if/else so that only
 *     what C would evaluate is awaited;
 *   - a loop whose condition or step awaits becomes `for (;;)` with the
 *     test inside; `continue` then goes to a label before the step;
 *   - try/catch/finally and defer become labels and gotos; every exit
 *     (break, continue, goto, return, throw, failure) that leaves a finally
 *     or defer region records where it was going in `ac_fin_K` and runs
 *     the finally first (Lua's BlockCnt chain: `Block` below).
 * The body is generated into its own buffer first, because the frame
 * struct in front of it must list the temporaries the body needed.
 * Expression lowering returns the residue (the C text that stands for the
 * value once its awaits are out); what the lowering notes about a node on
 * the way lives in its own side tables (Scratch by Node.id, and whether a
 * frame variable takes `=` by Sym.id: lower.h), not in the AST or the
 * analyser's symbols.
 * Every runtime name comes from protocol.c.
 */
#include "lower.h"

static void gen_stmt(Fn *f, Node *s);
static void gen_items(Fn *f, Node *item);
static void lower_steps(Fn *f, Node *n);
static const char *lower_expr(Fn *f, Node *n);
static void gen_expr(Fn *f, Node *n);
static void lower_in_order(Fn *f, Node **kids, int k, bool first_is_lvalue, bool first_is_callee);
static void gen_offload_task(Fn *f, Node *e);
static const char *heap_vla_ref(Fn *f, Sym *y);
static const char *heap_vla_type(Fn *f, Sym *y, const char *array_part);
static const Awaitable *declared_awaitable(Fn *f, Node *call);

/* The arguments of a call, as an array for lower_in_order. */
static Node **list_nodes(Fn *f, Node *n, int *k);

/* ------------------------------------------------------------ helpers */

/* A temporary of TYPE (C text, possibly a __typeof__), as the lvalue that
 * names it: "ac_t->t3". Temporaries live in the frame allocation after the
 * frame struct (see emit_frame_struct), so their types may be taken with
 * __typeof__ from the frame's own fields. GROUP: the statement whose
 * expressions alone use it, or 0. */
static const char *add_temp(Fn *f, const char *type, int group) {
  Temp *t = arena_alloc(&f->ctx->arena, sizeof *t);
  t->type = type;
  t->name = arena_printf(&f->ctx->arena, "t%d", ++f->ntemps);
  t->group = group;
  *f->temps_tail = t;
  f->temps_tail = &t->next;
  return arena_printf(&f->ctx->arena, "ac_t->%s", t->name);
}

/* A temporary that the statement being lowered reads and writes in its
 * own expressions only (an await's value, a spilled operand): dead by the
 * time any statement nested in it runs, or any other statement, so the
 * temporaries of different statements share storage (emit_frame_struct). */
static const char *new_temp(Fn *f, const char *type) { return add_temp(f, type, f->temp_group); }

/* A temporary that outlives its statement's expressions: a compound
 * literal whose address is taken (its block's lifetime), a `for await`'s
 * generator and value, a timeout scope. */
static const char *new_long_temp(Fn *f, const char *type) { return add_temp(f, type, 0); }

/* The address of the frame's storage for what a leaf operation's wait
 * keeps there, of type TYPE (AC_AWAITABLE_WITH's S): "&ac_t->ac_w.w1".
 * Every await of the function shares the union ac_w, as only one of them
 * waits at a time; one member per type. */
static const char *door_state(Fn *f, const char *type) {
  Temp **tail = &f->states;
  int n = 0;
  for (; *tail; tail = &(*tail)->next, n++)
    if (!strcmp((*tail)->type, type)) break;
  if (!*tail) {
    Temp *t = arena_alloc(&f->ctx->arena, sizeof *t);
    t->type = type;
    t->name = arena_printf(&f->ctx->arena, "w%d", n + 1);
    *tail = t;
  }
  return arena_printf(&f->ctx->arena, "&ac_t->ac_w.%s", (*tail)->name);
}

/* The generated lines of statement S belong to its first line (output.c
 * puts its tokens on their own lines). Returns the attribution before. */
static int stmt_line(Fn *f, Node *s) {
  return em_attr(f->em, f->ctx->toks[s->first].line);
}

/* Generated lines from here on belong to token TOK's line. */
static void at_tok(Fn *f, int tok) { em_attr(f->em, f->ctx->toks[tok].line); }

/* Is token T spelled S? */
static bool tok_is(Ctx *ctx, int t, const char *s) {
  const Tok *k = &ctx->toks[t];
  return (size_t)k->len == strlen(s) &&
         !memcmp(ctx->src.text + k->off, s, (size_t)k->len);
}

/* `DST = VALUE;`, or where the type may not allow `=` (ASSIGNABLE false),
 * the value initializes a block-local of DST's type whose bytes are
 * copied: C lets a struct with a const member be initialized, passed and
 * returned, but not assigned. */
static void gen_store(Fn *f, const char *dst, const char *value, bool assignable) {
  if (assignable) line(f, "%s = %s;", dst, value);
  else
    line(f, "{ __typeof__(%s) ac_v = %s; %s; }", dst, value,
         out_copy(f->em, arena_printf(&f->ctx->arena, "&%s", dst), "&ac_v", "sizeof ac_v"));
}

/* Text written between capture() and captured() goes into a string
 * instead of the output: how an expression or a call is built before it
 * is placed (in an AC__AWAIT, a temporary's type, a substitution). */
static void capture(Fn *f, Capture *c) { em_capture(f->em, c); }

static const char *captured(Fn *f, Capture *c) { return em_captured(f->em, c); }

/* The text gen_expr would write for N, as a string. */
static const char *expr_text(Fn *f, Node *n) {
  Capture c;
  capture(f, &c);
  gen_expr(f, n);
  return captured(f, &c);
}

/* "a, b": the list's expressions ("" for none). */
static const char *args_text(Fn *f, Node *list) {
  Capture c;
  capture(f, &c);
  for (Node *x = list; x; x = x->next) {
    if (x != list) put(f, ", ");
    gen_expr(f, x);
  }
  return captured(f, &c);
}

/* N without the parentheses around it. */
static Node *strip_parens(Node *n) {
  while (n && n->kind == N_PAREN) n = n->a;
  return n;
}

/* ------------------------------------------------------- expressions */

/* The list that starts at N as an array (in the arena); *K its length. */
static Node **list_nodes(Fn *f, Node *n, int *k) {
  int count = 0;
  for (Node *x = n; x; x = x->next) count++;
  Node **out = arena_alloc(&f->ctx->arena, sizeof *out * (size_t)(count + 1));
  *k = 0;
  for (Node *x = n; x; x = x->next) out[(*k)++] = x;
  return out;
}

/* Children of N in source order (they never overlap), as an array in the
 * arena; *COUNT their number. */
static Node **children(Fn *f, Node *n, int *count) {
  int k = 0, max = 4;
  for (Node *x = n->list; x; x = x->next) max++;
  Node **out = arena_alloc(&f->ctx->arena, sizeof *out * (size_t)max);
  Node *c[4] = {n->a, n->b, n->c, n->init};
  for (int i = 0; i < 4; i++)
    if (c[i]) out[k++] = c[i];
  for (Node *x = n->list; x; x = x->next) out[k++] = x;
  for (int i = 1; i < k; i++)
    for (int j = i; j > 0 && out[j - 1]->first > out[j]->first; j--) {
      Node *t = out[j];
      out[j] = out[j - 1];
      out[j - 1] = t;
    }
  *count = k;
  return out;
}

/* `f(args)` of an async function, not awaited: f__spawn(__FILE__,
 * __LINE__, args), a task created at the call's .ac line. */
static void gen_spawn(Fn *f, Node *n) {
  put(f, out_spawn(f->em, n->callee->name, args_text(f, n->list)));
}

/* Where a handle is wanted, a call of a leaf operation (declared with
 * AC_AWAITABLE, its parameters named) becomes a task: N is marked so. */
static void want_task(Fn *f, Node *n) {
  Node *x = strip_parens(n);
  if (x->kind == N_CALL && !x->callee) {
    const Awaitable *op = declared_awaitable(f, x);
    if (op && op->params) scratch(f, x)->as_task = true;
  }
}

/* A leaf operation's call as a task: NAME__spawn(__FILE__, __LINE__,
 * args) of the tiny async function emit_leaf_task writes for the site
 * (in front of the frame, with the offload jobs). */
static void gen_leaf_spawn(Fn *f, Node *n) {
  Scratch *x = scratch(f, n);
  if (!x->leaf_task) {
    x->leaf_task = arena_printf(&f->ctx->arena, "%s__leaf_%d", f->fn->name, ++f->nids);
    Buf *saved = f->em->out;
    f->em->out = &f->jobs;
    emit_leaf_task(f, declared_awaitable(f, n), x->leaf_task, f->ctx->toks[n->first].line);
    f->em->out = saved;
  }
  put(f, out_spawn(f->em, x->leaf_task, args_text(f, n->list)));
}

/* The task(T) handle type of an assignment's left side, when the
 * declarations say it: `h`, `hs[i]`, `*hp` for a variable declared with
 * task(T) among its specifiers. */
static const char *lhs_task_type(Node *lhs) {
  Node *x = strip_parens(lhs);
  if ((x->kind == N_INDEX || (x->kind == N_UNARY && x->op == P_STAR)) && x->a)
    x = strip_parens(x->a);
  return x->kind == N_IDENT && x->sym ? x->sym->task_of : NULL;
}

/* Writes expression N: its own tokens, with identifiers of frame
 * variables, awaits and other lowered parts replaced. */
/* A compound literal lives, in C, as long as its block; here a block's
 * storage does not survive a suspension, so one whose storage can be
 * reached afterwards (an array, which decays to a pointer, or one whose
 * address is taken) goes into a frame temporary, which lives as long as
 * the call: `f((int[]){1, 2})`, `int *p = (int[]){3};`, `&(point){1, 2}`. */
static bool compound_outlives(Fn *f, Node *n) {
  if (scratch(f, n)->address_taken) return true;
  for (int i = n->type_first; i <= n->type_last; i++)
    if (f->ctx->toks[i].punct == P_LBRACKET) return true;
  return false;
}

/* The type of compound literal N as C text for its frame temporary: its
 * type name, with the element count filled in for `T[]` (NULL when
 * designators make that count a guess). */
static const char *compound_type(Fn *f, Node *n) {
  Ctx *ctx = f->ctx;
  int last = n->type_last;
  int count = -1;
  if (last - 1 >= n->type_first && ctx->toks[last].punct == P_RBRACKET &&
      ctx->toks[last - 1].punct == P_LBRACKET) {
    count = 0;
    for (Node *x = n->init ? n->init->list : NULL; x; x = x->next, count++)
      if (x->kind == N_INITITEM && x->a && x->first != x->a->first) return NULL;
    last -= 2;
  }
  Capture c;
  capture(f, &c);
  em_tokens(f->em, n->type_first, last);
  if (count >= 0) em_printf(f->em, "[%d]", count);
  return captured(f, &c);
}

/* (*(__typeof__(tK) *)<copy of &(literal) into &tK>): the literal copied
 * into its frame temporary, which the expression then names. */
static void gen_compound_in_frame(Fn *f, Node *n) {
  scratch(f, n)->emitting = true;
  if (!scratch(f, n)->frame_temp) {
    const char *type = compound_type(f, n);
    if (!type) { /* left on the C stack, as before */
      gen_expr(f, n);
      scratch(f, n)->emitting = false;
      return;
    }
    scratch(f, n)->frame_temp =
        new_long_temp(f, arena_printf(&f->ctx->arena, "__typeof__(%s)", type));
  }
  const char *t = scratch(f, n)->frame_temp;
  Arena *A = &f->ctx->arena;
  const char *literal = expr_text(f, n);
  em_printf(f->em, "(*(__typeof__(%s) *)%s)", t,
            out_copy(f->em, arena_printf(A, "&%s", t), arena_printf(A, "&(%s)", literal),
                     arena_printf(A, "sizeof %s", t)));
  scratch(f, n)->emitting = false;
}

/* N's own tokens, frame variables as ac_f->x, lowered parts as their
 * residue (Scratch.subst), async calls as their spawn (out_spawn). */
static void gen_expr(Fn *f, Node *n) {
  em_mark_line(f->em, f->ctx->toks[n->first].line); /* what stands for N is on N's line */
  if (scratch(f, n)->subst) {
    put(f, scratch(f, n)->subst);
    return;
  }
  if (n->kind == N_UNARY && n->op == P_AMP && n->a) {
    Node *o = strip_parens(n->a);
    if (o->kind == N_COMPOUND) scratch(f, o)->address_taken = true;
  }
  if (n->kind == N_COMPOUND && !scratch(f, n)->emitting && compound_outlives(f, n)) {
    gen_compound_in_frame(f, n);
    return;
  }
  if (n->kind == N_IDENT) {
    if (n->sym && n->sym->kind == SYM_STATIC) put(f, n->sym->field);
    else if (n->sym && f->var_prefix == out_field_prefix() && is_c_local(f, n->sym))
      put(f, n->sym->name);
    else if (n->sym && n->sym->vm_heap) put(f, heap_vla_ref(f, n->sym));
    else if (n->sym) em_printf(f->em, "%s%s", f->var_prefix, n->sym->field);
    else if (tok_is(f->ctx, n->tok, "__func__") || tok_is(f->ctx, n->tok, "__FUNCTION__") ||
             tok_is(f->ctx, n->tok, "__PRETTY_FUNCTION__")) /* GNU's names for it */
      em_printf(f->em, "\"%s\"", f->fn->name);
    else em_tokens(f->em, n->tok, n->tok);
    return;
  }
  if (n->kind == N_CALL && n->callee) {
    gen_spawn(f, n);
    return;
  }
  if (n->kind == N_CALL && scratch(f, n)->as_task) {
    gen_leaf_spawn(f, n);
    return;
  }
  if (n->kind == N_IN_THREAD || n->kind == N_IN_PROCESS) {
    gen_offload_task(f, n);
    return;
  }
  if (n->kind == N_ASSIGN && n->op == P_ASSIGN) {
    Node *r = strip_parens(n->b);
    if (r->kind == N_IN_THREAD || r->kind == N_IN_PROCESS) scratch(f, r)->handle_type = lhs_task_type(n->a);
    if (lhs_task_type(n->a)) want_task(f, n->b);
  }
  if (n->kind == N_STMT_EXPR && !n->list) {
    em_tokens(f->em, n->first, n->last);
    return;
  }
  int k;
  Node **kids = children(f, n, &k);
  int pos = n->first;
  for (int i = 0; i < k; i++) {
    Node *c = kids[i];
    if (c->first > pos) {
      if (pos > n->first) em_gap_before(f->em, pos);
      em_tokens(f->em, pos, c->first - 1);
    }
    if (c->first > n->first) em_gap_before(f->em, c->first);
    gen_expr(f, c);
    pos = c->last + 1;
  }
  if (pos <= n->last) {
    if (pos > n->first) em_gap_before(f->em, pos);
    em_tokens(f->em, pos, n->last);
  }
}

/* Suspension point STATE: out_await, the one expansion of every await;
 * a failure goes to ON_ERR. */
static void emit_suspension(Fn *f, int state, const char *call, const char *on_err) {
  indent(f);
  em_mark_line(f->em, f->line); /* the await's line, as the state's */
  put(f, out_await(f->em, state, call, on_err));
  put(f, "\n");
}

/* The same with a fresh resume state, a failure going where failures go
 * from here. */
static void emit_await(Fn *f, const char *call) {
  emit_suspension(f, new_state(f), call, use(f->err));
}

/* An expression that can be evaluated twice with the same result. */
static bool is_pure(Node *n) {
  switch (n->kind) {
  case N_IDENT:
  case N_LITERAL:
    return true;
  case N_PAREN:
  case N_MEMBER:
    return is_pure(n->a);
  case N_INDEX:
    return is_pure(n->a) && is_pure(n->b);
  case N_UNARY:
    return n->op == P_STAR && is_pure(n->a);
  default:
    return false;
  }
}

/* A text naming the task handle H that stays valid after the await. A
 * leaf operation's call there is a task too (want_task). */
static const char *handle_ref(Fn *f, Node *h) {
  want_task(f, h);
  lower_steps(f, h);
  Node *s = strip_parens(h);
  if (is_pure(s)) return arena_printf(&f->ctx->arena, "(%s)", expr_text(f, h));
  if (s->kind == N_CALL && (s->callee || scratch(f, s)->as_task)) {
    const char *ret = s->callee ? s->callee->returns_void ? "void" : s->callee->ret_type
                                : declared_awaitable(f, s)->type_text;
    const char *t = new_temp(f, mangle_task_type(f->ctx, ret));
    line(f, "%s = %s;", t, expr_text(f, h));
    return arena_printf(&f->ctx->arena, "%s", t);
  }
  if (s->kind == N_IN_THREAD || s->kind == N_IN_PROCESS) {
    const char *text = expr_text(f, h); /* names the site's handle type */
    const char *t = new_temp(f, scratch(f, s)->handle_type);
    line(f, "%s = %s;", t, text);
    return t;
  }
  /* any other handle (a call of an ordinary function returning one, say):
   * evaluated once into a temporary of its own type */
  const char *saved = f->var_prefix;
  f->var_prefix = arena_printf(&f->ctx->arena, "((struct %s__frame *)0)->", f->fn->name);
  const char *type = arena_printf(&f->ctx->arena, "__typeof__(%s)", expr_text(f, h));
  f->var_prefix = saved;
  const char *t = new_temp(f, type);
  line(f, "%s = %s;", t, expr_text(f, h));
  return t;
}


/* Is CALL a call of the ordinary (undeclared in the body) name NAME? */
static bool callee_is(Fn *f, Node *call, const char *name) {
  Node *c = call->a;
  return c->kind == N_IDENT && !c->sym && tok_is(f->ctx, c->tok, name);
}

/* --------------------------------------------------------- offload */

/* One offload site: its job struct, and the frame variables it captures. */
typedef struct {
  const char *name; /* "f__job_3" */
  Sym **caps;       /* in the arena, grown by doubling */
  int ncaps, cap;
  bool want;        /* it has a result member */
} Job;

/* A heap VLA's element type, then its dimensions as ARRAY_PART writes
 * them (`char *` + `(*)[ac_f->names__d0]`): with the frame's prefix each
 * dimension is the frame's, anywhere else (a __typeof__ at file scope) 1,
 * which gives its elements their type and varies nothing. */
static const char *heap_vla_type(Fn *f, Sym *y, const char *array_part) {
  Node *d = y->decl, *id = y->initdecl;
  bool in_frame = f->var_prefix == out_field_prefix();
  Capture c;
  capture(f, &c);
  emit_specs(f, d->spec_first, d->spec_last, true);
  for (int i = id->first; i < id->tok; i++) em_token(f->em, i); /* the `*`s */
  put(f, array_part);
  int k = 0;
  for (Node *dim = id->list; dim; dim = dim->next, k++) {
    if (in_frame) em_printf(f->em, "[%s__d%d]", out_field(f->em, y->field), k);
    else put(f, "[1]");
  }
  return captured(f, &c);
}

/* A heap VLA as an lvalue of its array type: `(*(T (*)[n])ac_f->a)`, so
 * indexing, sizeof, & and decay mean what they mean for the array. */
static const char *heap_vla_ref(Fn *f, Sym *y) {
  return arena_printf(&f->ctx->arena, "(*(%s)%s%s)", heap_vla_type(f, y, "(*)"), f->var_prefix,
                      y->field);
}

/* Where the resume function reaches variable Y: `ac_f->x`, or `x` for a
 * C local (lower_live.c). */
static const char *var_ref(Fn *f, Sym *y) {
  if (y->vm_heap) return heap_vla_ref(f, y);
  return is_c_local(f, y) ? y->name : out_field(f->em, y->field);
}

/* Collects into J the distinct frame variables expression N names. */
static void captures(Fn *f, Node *n, Job *j) {
  if (!n) return;
  if (n->kind == N_IDENT && n->sym && n->sym->kind != SYM_STATIC) {
    for (int i = 0; i < j->ncaps; i++)
      if (j->caps[i] == n->sym) return;
    if (j->ncaps == j->cap) {
      j->cap = j->cap ? 2 * j->cap : 8;
      Sym **a = arena_alloc(&f->ctx->arena, sizeof *a * (size_t)j->cap);
      for (int i = 0; i < j->ncaps; i++) a[i] = j->caps[i];
      j->caps = a;
    }
    j->caps[j->ncaps++] = n->sym;
    return;
  }
  int m;
  Node **kids = children(f, n, &m);
  for (int i = 0; i < m; i++) captures(f, kids[i], j);
}


/* A capture field: the variable's own declaration, an array decayed to a
 * pointer as C passes it to a function. */
static void emit_capture_field(Fn *f, Sym *y) {
  Ctx *ctx = f->ctx;
  put(f, "  ");
  if (y->param) {
    Param *p = y->param;
    em_tokens(f->em, p->first, p->last);
  } else if (y->initdecl) {
    Node *d = y->decl, *id = y->initdecl;
    bool ptr = has_pointer(ctx, id->first, id->last) || declarator_has(ctx, id, P_LBRACKET);
    emit_specs(f, d->spec_first, d->spec_last, ptr);
    field_declarator(f, id->first, id->last, id->tok, y->field, true, NULL);
  } else {
    em_printf(f->em, "int %s", y->field);
  }
  put(f, ";\n");
}

/* Which of the job's captures and result are ac_bytes_t, for the pools:
 * a process pool copies their bytes (docs/executors.md, "Bytes"). */
static void emit_job_bytes(Fn *f, Job *j) {
  const char **fields = arena_alloc(&f->ctx->arena, sizeof *fields * (size_t)(j->ncaps + 1));
  for (int i = 0; i < j->ncaps; i++) fields[i] = j->caps[i]->field;
  out_job_bytes(f->em, j->name, fields, j->ncaps, j->want);
}

/* EXPR of in_thread([POOL,] EXPR) / in_process(...) becomes the body of a
 * run function over a job struct that holds copies of the frame variables
 * it names (captured when the offload is evaluated, by value) and its
 * result, whose type __typeof__ takes from EXPR itself (gcc, clang and tcc
 * have it; ISO C11 has no other way to name the type of an arbitrary
 * expression). Emitted in front of the frame. */
/* WANT: the job keeps EXPR's value as its result; MAYBE_VOID: EXPR may be
 * a void call (in_thread(f()) as a task of a type not known here), so the
 * result is EXPR's value or an ac_void_t (AC__VALUE_OR_VOID). */
static void emit_job(Fn *f, Node *e, bool want, bool maybe_void, Job *j) {
  Arena *A = &f->ctx->arena;
  j->name = arena_printf(A, "%s__job_%d", f->fn->name, ++f->nids);
  captures(f, e->a, j);
  j->want = want;
  if (e->kind == N_IN_PROCESS) f->uses_process = true;

  Buf *saved = f->em->out;
  const char *saved_prefix = f->var_prefix;
  f->em->out = &f->jobs;
  em_printf(f->em, "struct %s_cap {\n  char ac_unused;\n", j->name);
  for (int i = 0; i < j->ncaps; i++) emit_capture_field(f, j->caps[i]);
  put(f, "};\n");
  out_job_struct_open(f->em, j->name);
  if (want) {
    f->var_prefix = arena_printf(A, "((struct %s_cap *)0)->", j->name);
    const char *x = expr_text(f, e->a);
    em_printf(f->em, "  __typeof__(%s) result;\n", maybe_void ? out_value_or_void(f->em, x) : x);
  }
  put(f, "};\n");
  emit_job_bytes(f, j);
  out_job_run_open(f->em, j->name);
  f->var_prefix = "ac_c->cap.";
  const char *x = expr_text(f, e->a);
  if (!want) em_printf(f->em, "(void)(%s);\n}\n", x);
  else em_printf(f->em, "ac_c->result = %s;\n}\n", maybe_void ? out_value_or_void(f->em, x) : x);
  f->var_prefix = saved_prefix;
  f->em->out = saved;
}

/* await in_thread(...): a new job with the captures stored, the await of
 * the job, its result into a temporary, the job done; returns the value. */
static const char *lower_offload(Fn *f, Node *n, Node *e) {
  Arena *A = &f->ctx->arena;
  Job j = {0};
  if (e->b) lower_steps(f, e->b);
  emit_job(f, e, !scratch(f, n)->value_unused, false, &j);
  const char *jt = new_temp(f, out_job_ptr_type());
  line(f, "%s = %s;", jt, out_job_new(f->em, j.name));
  for (int i = 0; i < j.ncaps; i++)
    line(f, "((struct %s *)%s)->cap.%s = %s;", j.name, jt, j.caps[i]->field,
         var_ref(f, j.caps[i]));
  emit_await(f, out_await_job(f->em, e->b ? expr_text(f, e->b) : "((void *)0)", jt,
                              e->kind == N_IN_PROCESS));
  const char *rt = NULL;
  if (j.want) {
    rt = new_temp(f, arena_printf(A, "__typeof__(((struct %s *)0)->result)", j.name));
    line(f, "%s = ((struct %s *)%s)->result;", rt, j.name, jt);
  }
  line(f, "%s", out_job_done(f->em, jt));
  return j.want ? rt : "((void)0)";
}

/* in_thread(...) without await: a task(T) running the job (asyncc.h's
 * job tasks, out_spawn_job), as one comma expression so it stands wherever an
 * expression may. Its handle type is the task(T) it initializes or is
 * assigned to when that is known (handle_type), else a type of its own
 * whose .t still serves ac_gather and ac_cancel. */
static void gen_offload_task(Fn *f, Node *e) {
  Arena *A = &f->ctx->arena;
  if (scratch(f, e)->subst) {
    put(f, scratch(f, e)->subst);
    return;
  }
  const char *h = scratch(f, e)->handle_type;
  Job j = {0};
  emit_job(f, e, !h || strcmp(h, "ac_task__void"), !h, &j);
  Buf *saved = f->em->out;
  f->em->out = &f->jobs;
  out_job_task_struct(f->em, j.name, e->kind == N_IN_PROCESS ? "in_process" : "in_thread",
                      f->ctx->toks[e->first].line);
  if (!h) {
    h = scratch(f, e)->handle_type = arena_printf(A, "%s_h", j.name);
    out_task_type(f->em, h, arena_printf(A, "__typeof__(((struct %s *)0)->result)", j.name));
  }
  f->em->out = saved;
  const char *proto = new_temp(f, arena_printf(A, "struct %s", j.name));
  const char *th = new_temp(f, out_task_ptr_type());
  const char *tr = new_temp(f, "void *");
  Capture c;
  capture(f, &c);
  for (int i = 0; i < j.ncaps; i++)
    em_printf(f->em, "%s.cap.%s = %s, ", proto, j.caps[i]->field,
              var_ref(f, j.caps[i]));
  const char *stores = captured(f, &c);
  scratch(f, e)->subst = out_spawn_job(f->em, j.name, proto, stores, e->b ? expr_text(f, e->b) : "((void *)0)",
                           e->kind == N_IN_PROCESS, j.want, th, tr, h);
  put(f, scratch(f, e)->subst);
}

/* The operation a call names when a header declared it with
 * AC_AWAITABLE (asyncc.h's own included), or NULL. */
static const Awaitable *declared_awaitable(Fn *f, Node *call) {
  Node *c = call->a;
  if (c->kind != N_IDENT || c->sym) return NULL;
  const Tok *t = &f->ctx->toks[c->tok];
  return find_awaitable(f->ctx, f->ctx->src.text + t->off, (size_t)t->len);
}

/* await E: the suspension; returns the await's value (a temporary, the
 * task's result, or ((void)0)). */
static const char *lower_await(Fn *f, Node *n) {
  Arena *A = &f->ctx->arena;
  f->line = f->ctx->toks[n->first].line;
  Node *e = strip_parens(n->a);
  if (e->kind == N_CALL && e->callee) { /* await f(args): inline call */
    AsyncFn *g = e->callee;
    int nargs;
    Node **args = list_nodes(f, e->list, &nargs);
    lower_in_order(f, args, nargs, false, false);
    const char *t = g->returns_void ? NULL : new_temp(f, g->ret_type);
    const char *frame = out_call_frame(f->em, g->name, t ? arena_printf(A, "&%s", t) : NULL,
                                       args_text(f, e->list));
    emit_await(f, out_await_call(f->em, frame));
    return t ? t : "((void)0)";
  }
  if (e->kind == N_CALL && callee_is(f, e, "ac_gather")) {
    int k = count_list(e->list);
    int nargs;
    Node **args = list_nodes(f, e->list, &nargs);
    for (int i = 0; i < nargs; i++) want_task(f, args[i]);
    lower_in_order(f, args, nargs, false, false);
    const char **handles = arena_alloc(A, sizeof *handles * (size_t)(k + 1));
    for (int i = 0; i < k; i++) handles[i] = expr_text(f, args[i]);
    emit_await(f, out_await_gather(f->em, handles, k));
    return "((void)0)";
  }
  if (e->kind == N_CALL && callee_is(f, e, "ac_shield") && count_list(e->list) == 1) {
    const char *h = handle_ref(f, e->list);
    emit_await(f, out_await_shield(f->em, h));
    return out_task_result(f->em, h);
  }
  if (e->kind == N_CALL && callee_is(f, e, "ac_wait_for") && count_list(e->list) == 2) {
    const char *h = handle_ref(f, e->list);
    const char *seconds = lower_expr(f, e->list->next);
    emit_await(f, out_await_wait_for(f->em, h, seconds));
    return out_task_result(f->em, h);
  }
  if (e->kind == N_IN_THREAD || e->kind == N_IN_PROCESS) {
    return lower_offload(f, n, e);
  }
  const Awaitable *op = e->kind == N_CALL ? declared_awaitable(f, e) : NULL;
  if (op) { /* await name(args): name__await(frame, &result, args) */
    int nargs;
    Node **args = list_nodes(f, e->list, &nargs);
    lower_in_order(f, args, nargs, false, false);
    bool is_void = !strcmp(op->type_text, "void");
    const char *t = is_void ? NULL : new_temp(f, op->type_text);
    const char **texts = arena_alloc(A, sizeof *texts * (size_t)(nargs + 1));
    for (int i = 0; i < nargs; i++) texts[i] = expr_text(f, args[i]);
    const char *state = op->state_type ? door_state(f, op->state_type) : NULL;
    emit_await(f, out_await_leaf(f->em, op->name, t ? arena_printf(A, "&%s", t) : NULL, state,
                                 texts, nargs));
    return t ? t : "((void)0)";
  }
  const char *h = handle_ref(f, n->a);
  emit_await(f, out_await_task(f->em, h));
  return out_task_result(f->em, h);
}

/* A && B, A || B where B awaits: B runs only when C would evaluate it;
 * returns the int temporary that holds the value. */
static const char *lower_logical(Fn *f, Node *n) {
  const char *a = lower_expr(f, n->a);
  const char *t = new_temp(f, "int");
  line(f, "%s = (%s) != 0;", t, a);
  line(f, "if (%s%s) {", n->kind == N_LOGAND ? "" : "!", t);
  f->indent++;
  line(f, "%s = (%s) != 0;", t, lower_expr(f, n->b));
  f->indent--;
  line(f, "}");
  return t;
}

static void spill(Fn *f, Node *n);

/* C ? X : Y where X or Y awaits: only the chosen branch is awaited; the
 * value keeps C's type rules because the ?: itself stays. GNU C ?: Y is
 * C ? C : Y with C evaluated once (into a temporary), so ISO C comes out. */
static const char *lower_conditional(Fn *f, Node *n) {
  Node *yes = n->b ? n->b : n->a;
  lower_steps(f, n->a);
  if (!n->b) spill(f, n->a);
  const char *t = new_temp(f, "int");
  line(f, "%s = (%s) != 0;", t, expr_text(f, n->a));
  line(f, "if (%s) {", t);
  f->indent++;
  if (n->b) lower_steps(f, n->b);
  f->indent--;
  line(f, "} else {");
  f->indent++;
  lower_steps(f, n->c);
  f->indent--;
  line(f, "}");
  return arena_printf(&f->ctx->arena, "(%s ? (%s) : (%s))", t, expr_text(f, yes),
                      expr_text(f, n->c));
}

/* Emits the steps that evaluate the awaits inside N, in order; what
 * stands for each lowered node from then on goes into its side table
 * (Scratch.subst), so that gen_expr(N) writes what is left to evaluate. */
static void lower_steps(Fn *f, Node *n) {
  if (!n || !n->has_await || scratch(f, n)->subst) return;
  if (++f->ctx->depth > MAX_DEPTH) {
    diag_error(f->ctx, n->first, "expression nested too deeply");
    f->ctx->depth--;
    return;
  }
  switch (n->kind) {
  case N_AWAIT:
    scratch(f, n)->subst = lower_await(f, n);
    break;
  case N_LOGAND:
  case N_LOGOR:
    if (n->b->has_await) scratch(f, n)->subst = lower_logical(f, n);
    else lower_steps(f, n->a);
    break;
  case N_COND:
    if (!n->b || n->b->has_await || n->c->has_await)
      scratch(f, n)->subst = lower_conditional(f, n);
    else lower_steps(f, n->a);
    break;
  case N_COMMA:
    if (n->b->has_await) {
      line(f, "(void)(%s);", lower_expr(f, n->a));
      scratch(f, n)->subst = arena_printf(&f->ctx->arena, "(%s)", lower_expr(f, n->b));
    } else if (n->a->has_await) {
      /* what is left of `await f()` may be a temporary alone, a left
       * operand without effect to the C compiler (-Wunused-value): its
       * value is dropped, as C drops it, and (void) says so */
      const char *left = lower_expr(f, n->a);
      scratch(f, n)->subst =
          arena_printf(&f->ctx->arena, "((void)(%s), %s)", left, expr_text(f, n->b));
    } else {
      lower_steps(f, n->a);
    }
    break;
  case N_GENERIC:
  case N_STMT_EXPR:
    break; /* analyse.c rejected an await inside */
  default: {
    int k;
    Node **kids = children(f, n, &k);
    lower_in_order(f, kids, k, n->kind == N_ASSIGN, n->kind == N_CALL);
  }
  }
  f->ctx->depth--;
}

/* The awaits' steps of N (lower_steps), then what is left of it: the C
 * text that stands for N's value from here on (NULL for no N). */
static const char *lower_expr(Fn *f, Node *n) {
  if (!n) return NULL;
  lower_steps(f, n);
  const char *text = expr_text(f, n);
  const char *closing = pp_closing_expr(f, n);
  return *closing ? arena_printf(&f->ctx->arena, "%s%s", text, closing) : text;
}

/* An operand whose value cannot change: nothing to evaluate early. */
static bool is_constant(Node *n) {
  switch (n->kind) {
  case N_LITERAL:
  case N_SIZEOF:
    return true;
  case N_PAREN:
  case N_UNARY:
  case N_CAST:
    return n->kind != N_UNARY || (n->op != P_INC && n->op != P_DEC && n->op != P_STAR &&
                                  n->op != P_AMP)
               ? is_constant(n->a)
               : false;
  case N_BINARY:
    return is_constant(n->a) && is_constant(n->b);
  default:
    return false;
  }
}

/* Evaluates N now into a temporary that stands for it from here on: an
 * operand to the left of an await is evaluated before the await, as the
 * contract's left-to-right rule says. Its type is __typeof__ of the
 * expression itself over the frame's fields; `0 ? e : e` makes it an
 * rvalue (arrays decay, qualifiers go, also for tcc, whose __typeof__ of
 * a comma expression keeps const) that can be assigned. */
static bool names_array(Fn *f, Node *n) {
  Sym *y = n->kind == N_IDENT ? n->sym : NULL;
  return y && y->initdecl && declarator_has(f->ctx, y->initdecl, P_LBRACKET);
}

/* Can expression N have a struct or union type? Arithmetic, logic,
 * casts, sizeof and literals cannot; a variable's declaration says. */
static bool may_be_aggregate(Fn *f, Node *n) {
  switch (n->kind) {
  case N_BINARY:
  case N_LOGAND:
  case N_LOGOR:
  case N_CAST:
  case N_SIZEOF:
  case N_LITERAL:
  case N_POSTFIX:
    return false;
  case N_UNARY:
    return n->op == P_STAR;
  case N_PAREN:
    return may_be_aggregate(f, n->a);
  case N_IDENT:
    return n->sym == NULL || n->sym->kind == SYM_STATIC || !is_assignable(f, n->sym);
  default:
    return true;
  }
}

/* tK = N; (or a copy, for an aggregate), and N reads tK from here on. */
static void spill(Fn *f, Node *n) {
  /* an initializer's items: their values are evaluated early, not their
   * designators (`[2] = 5`) nor the braces of a nested list */
  if (n->kind == N_INITITEM) {
    if (n->a) spill(f, n->a);
    return;
  }
  if (n->kind == N_INITLIST) {
    for (Node *x = n->list; x; x = x->next) spill(f, x);
    return;
  }
  /* an array's address cannot change (and tcc's __typeof__ would not
   * decay it) */
  if (is_constant(n) || scratch(f, n)->subst || names_array(f, n)) return;
  const char *saved = f->var_prefix;
  f->var_prefix = arena_printf(&f->ctx->arena, "((struct %s__frame *)0)->", f->fn->name);
  const char *e = expr_text(f, n);
  const char *type = arena_printf(&f->ctx->arena, "__typeof__(0 ? (%s) : (%s))", e, e);
  f->var_prefix = saved;
  const char *t = new_temp(f, type);
  gen_store(f, t, expr_text(f, n), !may_be_aggregate(f, n));
  scratch(f, n)->subst = t;
}

/* The left operand of an assignment is not read (except by op=, which
 * reads it after the await, as the contract says), but what locates it
 * (an index, a pointer) is evaluated early like any operand. */
static void spill_lvalue(Fn *f, Node *n) {
  switch (n->kind) {
  case N_PAREN:
    spill_lvalue(f, n->a);
    break;
  case N_INDEX:
    if (n->a->kind != N_IDENT) spill(f, n->a);
    spill(f, n->b);
    break;
  case N_UNARY:
    if (n->op == P_STAR) spill(f, n->a);
    break;
  case N_MEMBER:
    if (n->op == P_ARROW) spill(f, n->a);
    else spill_lvalue(f, n->a);
    break;
  default:
    break;
  }
}

/* Lowers the operands KIDS[0..K) of one expression in order: those left
 * of the last one that awaits are evaluated first (spilled). */
static void lower_in_order(Fn *f, Node **kids, int k, bool first_is_lvalue, bool first_is_callee) {
  int last = -1;
  for (int i = 0; i < k; i++)
    if (kids[i]->has_await) last = i;
  for (int i = 0; i < k; i++) {
    Node *x = kids[i];
    if (x->has_await || i > last) {
      lower_steps(f, x);
    } else if (i == 0 && first_is_lvalue) {
      spill_lvalue(f, x);
    } else if (i == 0 && first_is_callee && x->kind == N_IDENT && !x->sym) {
      /* a function's name: nothing to evaluate */
    } else {
      spill(f, x);
    }
  }
}

/* -------------------------------------------------------- statements */

/* { S }: a sub-statement always in braces (its lowering may be several). */
static void gen_sub(Fn *f, Node *s) {
  if (s && s->kind == N_BLOCK) { /* it brings its own braces */
    gen_stmt(f, s);
    return;
  }
  line(f, "{");
  f->indent++;
  gen_stmt(f, s);
  f->indent--;
  line(f, "}");
}

/* Enters (push_block) and leaves (pop_block) a construct that break,
 * continue, goto or return care about. */
static void push_block(Fn *f, Block *b, int kind) {
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->up = f->bl;
  f->bl = b;
}

static void pop_block(Fn *f) { f->bl = f->bl->up; }

/* Try K's record, whose routing fields the frame holds once named. */
static TryId *try_id(Fn *f, int k) {
  TryId *t = f->tries;
  while (t->id != k) t = t->next;
  return t;
}

/* ac_exc_K: the failure try K caught or must pass on. */
static const char *exc_field(Fn *f, int k) {
  try_id(f, k)->uses_exc = true;
  return out_exc(f->em, k);
}

/* ac_fin_K: where try K's finally goes when it ends. */
static const char *fin_field(Fn *f, int k) {
  try_id(f, k)->uses_fin = true;
  return out_fin(f->em, k);
}

/* Routes an exit through the innermost finally it leaves, if any. */
static bool route(Fn *f, Block *fin, Node *stmt) {
  Jump *j = arena_alloc(&f->ctx->arena, sizeof *j);
  j->stmt = stmt;
  j->code = stmt ? 3 + fin->njumps++ : 2;
  if (stmt) {
    j->next = fin->jumps;
    fin->jumps = j;
  } else {
    fin->routes_return = true;
  }
  line(f, "%s = %d; goto %s;", fin_field(f, fin->id), j->code, use(fin->fin_label));
  return true;
}

/* A return value that must wait for finally blocks (which may await)
 * waits in the frame's ac_ret: a task's result slot may share memory the
 * runtime uses while the task waits (AC__RESULT_IN_HEAD). */
static Block *enclosing_finally(Fn *f) {
  for (Block *b = f->bl; b; b = b->up)
    if (b->kind == B_FINALLY) return b;
  return NULL;
}

/* The function's result slot, where its value is stored (asyncc.h). */
static const char *result_slot(Fn *f) {
  return out_result_slot(f->em, f->fn->ret_type);
}

/* RETURNED: a value waits in ac_ret (the routed return of a finally). */
static void gen_return_exit(Fn *f, bool returned) {
  Block *fin = enclosing_finally(f);
  if (fin) {
    route(f, fin, NULL);
    return;
  }
  if (returned && f->uses_ret)
    gen_store(f, result_slot(f), out_ret(), f->ret_assignable);
  line(f, "%s = 0; %s", out_frame_err(), out_return_done());
}

/* The token of the definition of the label that NAME_TOK (a goto's)
 * names: a N_LABEL with the same name, found by the token text over the
 * function's tokens; -1 for none. */
static int label_tok(Fn *f, int name_tok) {
  Ctx *ctx = f->ctx;
  const Tok *n = &ctx->toks[name_tok];
  for (int i = f->fn->body->first; i < f->fn->body->last; i++) {
    const Tok *t = &ctx->toks[i];
    if (i != name_tok && t->len == n->len && t->kind == TK_IDENT &&
        !memcmp(ctx->src.text + t->off, ctx->src.text + n->off, (size_t)n->len) &&
        ctx->toks[i + 1].punct == P_COLON && (i == 0 || ctx->toks[i - 1].keyword != KW_goto))
      return i;
  }
  return -1;
}

/* break; continue; goto L; as written, or `goto ac_cont_K;`, or through
 * the innermost finally it leaves: `ac_fin_K = code; goto ac_finally_K;`. */
static void gen_jump(Fn *f, Node *s) {
  int target = s->kind == N_GOTO ? label_tok(f, s->tok) : -1;
  for (Block *b = f->bl; b; b = b->up) {
    if (b->kind == B_FINALLY) {
      if (s->kind == N_GOTO && target >= b->first && target <= b->last) break;
      route(f, b, s);
      return;
    }
    if (s->kind == N_BREAK && (b->kind == B_LOOP || b->kind == B_SWITCH)) {
      line(f, "break;");
      return;
    }
    if (s->kind == N_CONTINUE && b->kind == B_LOOP) {
      if (b->cont) line(f, "goto %s;", use(b->cont));
      else line(f, "continue;");
      return;
    }
  }
  if (s->kind == N_GOTO) {
    indent(f);
    em_tokens(f->em, s->first, s->last);
    put(f, "\n");
  } else {
    line(f, s->kind == N_BREAK ? "break;" : "continue;");
  }
}

/* The function's result slot = VALUE. */
static void gen_result_store(Fn *f, const char *value) {
  const char *slot = result_slot(f);
  gen_store(f, slot, value, f->ret_assignable);
}

/* *AC__RESULT(ac_f, T) = value (or ac_ret = value inside a finally
 * region); then the exit: `err = 0; return AC__DONE;` or the finally. */
static void gen_return(Fn *f, Node *s) {
  if (s->a) {
    const char *v = lower_expr(f, s->a);
    if (f->fn->returns_void) {
      line(f, "(void)(%s);", v);
    } else if (enclosing_finally(f)) {
      f->uses_ret = true;
      gen_store(f, out_ret(), v, f->ret_assignable);
    } else {
      gen_result_store(f, v);
    }
  }
  gen_return_exit(f, false);
}

/* err = <throwable of value> (or the caught ac_exc_K); goto <failure>; */
static void gen_throw(Fn *f, Node *s) {
  if (s->a) {
    line(f, "%s = %s;", out_frame_err(),
         out_throwable(f->em, lower_expr(f, s->a), f->ctx->toks[s->first].line));
  } else { /* `throw;`: analyse.c saw it is inside a catch */
    line(f, "%s = %s;", out_frame_err(), exc_field(f, f->catch_id));
  }
  line(f, "goto %s;", use(f->err));
}

/* the awaits' steps, then `residue;` (nothing for a lone await). */
static void gen_expr_stmt(Fn *f, Node *s) {
  Node *e = strip_parens(s->a);
  if (e->kind == N_AWAIT) scratch(f, e)->value_unused = true;
  lower_steps(f, s->a);
  if (e->kind == N_AWAIT) return; /* its value is not used */
  indent(f);
  gen_expr(f, s->a);
  put(f, pp_closing_expr(f, s->a));
  put(f, ";\n");
}

/* the condition's steps, then if (residue) { A } else { B }. */
static void gen_if(Fn *f, Node *s) {
  line(f, "if (%s)", lower_expr(f, s->a));
  gen_sub(f, s->b);
  if (s->c) {
    line(f, "else");
    gen_sub(f, s->c);
  }
}

/* { BODY } as a loop's, where continue goes to CONT (NULL: `continue;`). */
static void gen_loop_body(Fn *f, Node *body, Label *cont) {
  Block b;
  push_block(f, &b, B_LOOP);
  b.cont = cont;
  gen_sub(f, body);
  pop_block(f);
}

/* the test's steps, then if (!(residue)) break; */
static void gen_test_break(Fn *f, Node *cond) {
  const char *c = lower_expr(f, cond);
  em_mark_line(f->em, f->ctx->toks[cond->first].line); /* the test is the condition's */
  line(f, "if (!(%s)) break;", c);
}

/* while (c) B, or for (;;) { <test> B } when the test awaits. */
static void gen_while(Fn *f, Node *s) {
  if (!s->a->has_await) {
    const char *c = expr_text(f, s->a);
    line(f, "while (%s%s)", c, pp_closing_expr(f, s->a));
    gen_loop_body(f, s->b, NULL);
    return;
  }
  line(f, "for (;;) {");
  f->indent++;
  gen_test_break(f, s->a);
  gen_loop_body(f, s->b, NULL);
  f->indent--;
  line(f, "}");
}

/* do B while (c);, or for (;;) { B ac_cont_K:; <test> } when it awaits. */
static void gen_do(Fn *f, Node *s) {
  if (!s->a->has_await) {
    line(f, "do");
    gen_loop_body(f, s->b, NULL);
    line(f, "while (%s);", expr_text(f, s->a));
    return;
  }
  Label *cont = new_label(f, "ac_cont_%d", ++f->nids);
  line(f, "for (;;) {");
  f->indent++;
  gen_loop_body(f, s->b, cont);
  place(f, cont);
  gen_test_break(f, s->a);
  f->indent--;
  line(f, "}");
}

/* A declaration's effect at its place: initialize the frame fields. */
static void gen_decl(Fn *f, Node *d);

/* { init; for (; c; s) B }, or { init; for (;;) { <test> B ac_cont_K:;
 * <step> } } when the test or the step awaits. */
static void gen_for(Fn *f, Node *s) {
  line(f, "{");
  f->indent++;
  if (s->init && s->init->kind == N_DECL) gen_decl(f, s->init);
  else if (s->init) {
    line(f, "%s;", lower_expr(f, s->init));
  }
  bool awaits = (s->a && s->a->has_await) || (s->c && s->c->has_await);
  if (!awaits) {
    line(f, "for (; %s; %s)", s->a ? expr_text(f, s->a) : "",
         s->c ? expr_text(f, s->c) : "");
    gen_loop_body(f, s->b, NULL);
  } else {
    Label *cont = new_label(f, "ac_cont_%d", ++f->nids);
    line(f, "for (;;) {");
    f->indent++;
    if (s->a) gen_test_break(f, s->a);
    gen_loop_body(f, s->b, cont);
    place(f, cont);
    if (s->c) line(f, "%s;", lower_expr(f, s->c));
    f->indent--;
    line(f, "}");
  }
  f->indent--;
  line(f, "}");
}

/* the value's steps, then switch (residue) { B } with case labels kept. */
static void gen_switch(Fn *f, Node *s) {
  line(f, "switch (%s)", lower_expr(f, s->a));
  Block b;
  push_block(f, &b, B_SWITCH);
  gen_sub(f, s->b);
  pop_block(f);
}

/* case K:; / default:; then the labelled statement. */
static void gen_case(Fn *f, Node *s) {
  /* the user's `fall through` comments are not copied: say it for them */
  line(f, "/* fall through */");
  if (s->kind == N_DEFAULT) {
    line(f, "default:;");
  } else if (s->c) {
    line(f, "case %s ... %s:;", expr_text(f, s->a), expr_text(f, s->c));
  } else {
    line(f, "case %s:;", expr_text(f, s->a));
  }
  if (s->b) gen_stmt(f, s->b);
}

/* ------------------------------------------------ try, catch, finally */

typedef struct {
  Node *stmt;      /* a statement to protect ... */
  Node *items;     /* ... or the rest of a block's items (defer) ... */
  Node *for_await; /* ... or the loop of a for await */
  const char *gen, *val; /* for await: temps of the generator and value */
  const char *timeout; /* a timeout scope's record: its exit is the finally */
  const char *frees;   /* heap VLAs' storage: freeing it is the finally */
  int first, last;
} Region;

static void gen_for_await_loop(Fn *f, Region r);

/* the protected part of a try: a statement, a block's rest, a loop. */
static void gen_region(Fn *f, Region r) {
  if (r.for_await) gen_for_await_loop(f, r);
  else if (r.stmt) gen_sub(f, r.stmt);
  else {
    line(f, "{");
    f->indent++;
    gen_items(f, r.items);
    f->indent--;
    line(f, "}");
  }
}

/* The finally of a for await: close the generator if the loop was left
 * before it finished (its own finally/defer blocks run), then free it,
 * failed or not, and only then go where a failure goes:
 *   <await close> (a failure to ac_closed_K); ac_closed_K:; free; test */
static void gen_close_generator(Fn *f, const char *gen) {
  int n = new_state(f);
  Label *closed = new_label(f, "ac_closed_%d", n);
  /* its lines belong to the loop's (no mark of the await's own line) */
  line(f, "%s", out_await(f->em, n, out_await_close(f->em, gen), use(closed)));
  place(f, closed);
  line(f, "%s %s = ((void *)0);", out_gen_free(f->em, gen), gen);
  line(f, "if (%s != 0) goto %s;", out_frame_err(), use(f->err));
}

/* try BODY [catch (int VAR) CATCH] [finally FIN]; CLOSE_GEN instead of FIN
 * makes the finally close that generator (for await). */
static void gen_try(Fn *f, Region body, Node *catch_body, Sym *var, Node *fin,
                    const char *close_gen) {
  bool has_fin = fin || close_gen || body.timeout || body.frees;
  Em *e = f->em;
  const char *err = out_frame_err();
  int k = ++f->nids;
  TryId *tid = arena_alloc(&f->ctx->arena, sizeof *tid);
  tid->id = k;
  *f->tries_tail = tid;
  f->tries_tail = &tid->next;
  Label *saved_err = f->err;
  int saved_catch = f->catch_id;
  Label *catch_l = new_label(f, "ac_catch_%d", k);
  Label *tryerr_l = new_label(f, "ac_tryerr_%d", k);
  Label *ok_l = new_label(f, "ac_tryok_%d", k);
  Block b;
  if (has_fin) {
    push_block(f, &b, B_FINALLY);
    b.id = k;
    b.first = body.first;
    b.last = catch_body ? catch_body->last : body.last;
    b.fin_label = new_label(f, "ac_finally_%d", k);
  }
  f->err = catch_body ? catch_l : tryerr_l;
  gen_region(f, body);
  /* the routing belongs to the brace it runs at: the end of the body, the
   * catch, the finally; what follows the finally, to its end */
  at_tok(f, body.last);
  line(f, "goto %s;", use(ok_l));
  if (catch_body) {
    place(f, catch_l);
    at_tok(f, catch_body->first);
    line(f, "%s = %s; %s = 0;", exc_field(f, k), err, err);
    if (var) line(f, "%s = %s;", out_field(e, var->field), exc_field(f, k));
    f->err = has_fin ? tryerr_l : saved_err;
    f->catch_id = k;
    gen_sub(f, catch_body);
    f->catch_id = saved_catch;
    at_tok(f, catch_body->last);
    line(f, "goto %s;", use(ok_l));
  }
  f->err = saved_err;
  if (!has_fin) {
    place(f, ok_l);
    return;
  }
  place(f, tryerr_l);
  if (tryerr_l->used)
    line(f, "%s = %s; %s = 0; %s = 1; goto %s;", exc_field(f, k), err, err, fin_field(f, k),
         use(b.fin_label));
  place(f, ok_l);
  if (fin) at_tok(f, fin->first);
  line(f, "%s = 0;", fin_field(f, k));
  place(f, b.fin_label);
  pop_block(f);
  if (close_gen) gen_close_generator(f, close_gen);
  else if (body.timeout) /* the failure leaving the block, rewritten */
    line(f, "%s = %s;", exc_field(f, k),
         out_timeout_exit(e, body.timeout,
                          arena_printf(&f->ctx->arena, "%s == 1 ? %s : 0", fin_field(f, k),
                                       exc_field(f, k))));
  else if (body.frees) line(f, "%s", body.frees);
  else gen_sub(f, fin);
  if (fin) at_tok(f, fin->last);
  if (tryerr_l->used)
    line(f, "if (%s == 1) { %s = %s; goto %s; }", fin_field(f, k), err, exc_field(f, k),
         use(f->err));
  if (b.routes_return) {
    line(f, "if (%s == 2) {", fin_field(f, k));
    f->indent++;
    gen_return_exit(f, true);
    f->indent--;
    line(f, "}");
  }
  for (Jump *j = b.jumps; j; j = j->next) {
    line(f, "if (%s == %d) {", fin_field(f, k), j->code);
    f->indent++;
    gen_jump(f, j->stmt);
    f->indent--;
    line(f, "}");
  }
}

/* try/catch/finally: see gen_try. */
static void gen_try_stmt(Fn *f, Node *s) {
  Region r = {.stmt = s->a, .first = s->a->first, .last = s->a->last};
  gen_try(f, r, s->b, s->sym, s->c, NULL);
}

/* ac_timeout[_at] (D[, H]) BLOCK:
 *   { [scope = (H);] ac__timeout_enter[_at](scope, (D));
 *     try BLOCK finally { exc = ac__timeout_exit(scope, exc or 0); } }
 * The scope record is the user's H, else a temporary in the frame. */
static void gen_timeout(Fn *f, Node *s) {
  bool at = tok_is(f->ctx, s->tok, "ac_timeout_at");
  const char *scope;
  const char *delay = lower_expr(f, s->a);
  const char *handle = lower_expr(f, s->c);
  line(f, "{");
  f->indent++;
  if (handle) {
    scope = new_long_temp(f, out_timeout_type(true));
    line(f, "%s = (%s);", scope, handle);
  } else {
    scope = arena_printf(&f->ctx->arena, "&%s", new_long_temp(f, out_timeout_type(false)));
  }
  line(f, "%s", out_timeout_enter(f->em, at, scope, delay));
  Region r = {.stmt = s->b, .timeout = scope, .first = s->b->first, .last = s->b->last};
  gen_try(f, r, NULL, NULL, NULL, NULL);
  f->indent--;
  line(f, "}");
}

/* ----------------------------------------------------- generators */

/* for (;;) { next value or end; v = value; BODY } */
static void gen_for_await_loop(Fn *f, Region r) {
  Node *s = r.for_await;
  Node *var = s->init && s->init->list ? s->init->list : NULL;
  line(f, "for (;;) {");
  f->indent++;
  emit_await(f, out_await_next(f->em, r.gen));
  line(f, "if (%s) break;", out_gen_finished(f->em, r.gen));
  if (var && var->sym)
    gen_store(f, out_field(f->em, var->sym->field), r.val,
              is_assignable(f, var->sym));
  gen_loop_body(f, s->b, NULL);
  f->indent--;
  line(f, "}");
}

/* for await (T v in g(args)) BODY: the loop runs inside a try whose
 * finally closes the generator, so break, return, goto and throw leave the
 * loop only after the generator's own cleanup ran. */
static void gen_for_await(Fn *f, Node *s) {
  Node *call = strip_parens(s->a); /* a generator's call (analyse.c) */
  AsyncFn *g = call->callee;
  for (Node *x = call->list; x; x = x->next) lower_steps(f, x);
  const char *gen = new_long_temp(f, arena_printf(&f->ctx->arena, "%s *", out_frame_type()));
  const char *val = new_long_temp(f, g->ret_type);
  line(f, "{");
  f->indent++;
  line(f, "%s = %s;", gen,
       out_call_frame(f->em, g->name, arena_printf(&f->ctx->arena, "&%s", val),
                      args_text(f, call->list)));
  Region r = {.for_await = s, .gen = gen, .val = val, .first = s->first, .last = s->last};
  gen_try(f, r, NULL, NULL, NULL, gen);
  f->indent--;
  line(f, "}");
}

/* <result slot> = value; then the yield's suspension (out_yield). */
static void gen_yield(Fn *f, Node *s) {
  gen_result_store(f, lower_expr(f, s->a));
  line(f, "%s", out_yield(f->em, new_state(f), use(f->err)));
}

/* What ends the block for declaration D's frame variables (lower_live.c):
 * `ac__vla_free(ac_f->a);` for a heap VLA, `fn(&ac_f->x);` for one with
 * GCC's cleanup attribute, or NULL for none. */
static const char *heap_vla_frees(Fn *f, Node *d) {
  if (d->kind != N_DECL) return NULL;
  const char *text = NULL;
  for (Node *id = d->list; id; id = id->next) /* the last declared goes first */
    if (id->sym && id->sym->vm_heap)
      text = arena_printf(&f->ctx->arena, "%s%s", out_vla_free(f->em, out_field(f->em, id->sym->field)),
                          text ? text : "");
    else if (id->sym && id->sym->cleanup_fn > 0) {
      const Tok *t = &f->ctx->toks[id->sym->cleanup_fn];
      text = arena_printf(&f->ctx->arena, "%.*s(&%s);%s", t->len, f->ctx->src.text + t->off,
                          out_field(f->em, id->sym->field), text ? text : "");
    }
  return text;
}

/* Does declaration D declare a variably modified local? */
static bool declares_vm(Node *d) {
  if (d->kind != N_DECL) return false;
  for (Node *id = d->list; id; id = id->next)
    if (id->sym && id->sym->vm) return true;
  return false;
}

/* Is there a # line among tokens FIRST..LAST? */
static bool has_pp_line(Fn *f, int first, int last) {
  for (int i = first; i <= last; i++)
    if (f->ctx->toks[i].kind == TK_PP) return true;
  return false;
}

/* `defer S;` protects the rest of its block: try { rest } finally { S }. */
static void gen_items(Fn *f, Node *item) {
  for (; item; item = item->next) {
    Node *last = item;
    while (last->next) last = last->next;
    const char *frees = heap_vla_frees(f, item);
    if (frees) { /* the rest of the block frees them on every way out */
      gen_stmt(f, item);
      if (!item->next) {
        line(f, "%s", frees);
        return;
      }
      Region r = {.items = item->next, .frees = frees, .first = item->next->first,
                  .last = last->last};
      gen_try(f, r, NULL, NULL, NULL, NULL);
      return;
    }
    if (declares_vm(item) && !has_pp_line(f, item->first, last->last)) {
      /* A VLA and the rest of its block in a block of their own, opened
       * after its dimensions' awaits (gen_c_local): a resume jumps to a
       * label before the declaration, and tcc's VLAs then restore a
       * stack pointer never saved, unless the block that holds the VLA
       * is entered at its start (C says both are the same). */
      int outer = f->vm_braces;
      f->vm_braces = 0;
      f->vm_wrap = true;
      gen_stmt(f, item);
      f->vm_wrap = false;
      int opened = f->vm_braces;
      gen_items(f, item->next);
      f->indent -= opened;
      while (opened--) line(f, "}");
      f->vm_braces = outer;
      return;
    }
    if (item->kind == N_DEFER && item->next) {
      Node *last = item->next;
      while (last->next) last = last->next;
      Region r = {.items = item->next, .first = item->next->first, .last = last->last};
      at_tok(f, item->first); /* what the defer adds: its line */
      gen_try(f, r, NULL, NULL, item->b, NULL);
      return;
    }
    if (item->kind == N_DEFER) { /* nothing after it: runs at once */
      gen_sub(f, item->b);
      return;
    }
    gen_stmt(f, item);
  }
}

/* ------------------------------------------------------ declarations */

/* A brace or array initialization: built in a block-local copy of the
 * declaration (so const, arrays and designators work as the user wrote
 * them) and copied into the frame. */
static void gen_init_copy(Fn *f, Node *d, Node *id) {
  Em *e = f->em;
  indent(f);
  put(f, "{ ");
  emit_specs(f, d->spec_first, d->spec_last, true);
  for (int i = id->first; i <= id->last; i++) {
    if (i > id->first) em_gap_before(e, i);
    if (i == id->tok) put(f, "ac_init");
    else i = em_token(e, i);
  }
  put(f, " = ");
  gen_expr(f, id->init);
  em_printf(e, "; %s; }\n",
            out_copy(e, arena_printf(&f->ctx->arena, "&%s", out_field(e, id->sym->field)),
                     "&ac_init", "sizeof ac_init"));
}

/* What declarator ID's initializer needs before it is written: the
 * handle type its task(T) gives an offload or a leaf operation's task,
 * then the steps of its awaits (the residue is written by the caller). */
static void prepare_init(Fn *f, Node *id) {
  Node *r = strip_parens(id->init);
  if ((r->kind == N_IN_THREAD || r->kind == N_IN_PROCESS) && id->sym->task_of)
    scratch(f, r)->handle_type = id->sym->task_of;
  if (id->sym->task_of && r->kind == N_INITLIST) /* task(T) hs[] = {leaf(), ...} */
    for (Node *it = r->list; it; it = it->next) {
      if (it->kind == N_INITITEM && it->a) want_task(f, it->a);
    }
  else if (id->sym->task_of)
    want_task(f, id->init);
  lower_steps(f, id->init);
}

/* A variably modified local's declarator: as written, but each
 * dimension an expression of the resume function (`test[ac_f->argc]`). */
static void vm_declarator(Fn *f, Node *id) {
  int from = id->first;
  for (Node *dim = id->list; dim; dim = dim->next) {
    if (dim->first < from) continue;
    field_declarator(f, from, dim->first - 1, id->tok, id->sym->name, false, NULL);
    gen_expr(f, dim);
    from = dim->last + 1;
  }
  if (from <= id->last)
    field_declarator(f, from, id->last, id->tok, id->sym->name, false, NULL);
}

/* A C local (lower_live.c): its declaration at its place, as written but
 * for its initializer's residue, after that initializer's awaits. One
 * that nothing names is marked unused: as a frame field it drew no
 * warning, and -Werror builds of such code must not break now. */
static void gen_c_local(Fn *f, Node *d, Node *id) {
  bool vm = id->sym->vm;
  if (vm) /* a dimension's awaits, before the array exists */
    for (Node *dim = id->list; dim; dim = dim->next) lower_steps(f, dim);
  if (id->init) prepare_init(f, id);
  if (vm && f->vm_wrap) {
    line(f, "{");
    f->indent++;
    f->vm_braces++;
  }
  em_mark_line(f->em, f->ctx->toks[id->tok].line);
  indent(f);
  if (!f->mentioned[id->sym->id]) put(f, out_maybe_unused());
  emit_specs(f, d->spec_first, d->spec_last, true);
  if (vm)
    vm_declarator(f, id);
  else
    field_declarator(f, id->first, id->last, id->tok, id->sym->name, false, NULL);
  if (id->init) {
    put(f, " = ");
    gen_expr(f, id->init);
  }
  put(f, ";\n");
}

/* A heap VLA's declaration: its dimensions into the frame, as C reads
 * them once, then its storage (freed by gen_items' region). */
static void gen_heap_vla(Fn *f, Node *id) {
  Sym *y = id->sym;
  int k = 0;
  em_mark_line(f->em, f->ctx->toks[id->tok].line);
  for (Node *dim = id->list; dim; dim = dim->next, k++) {
    const char *n = lower_expr(f, dim);
    line(f, "%s__d%d = (size_t)(%s);", out_field(f->em, y->field), k, n);
  }
  line(f, "%s = %s(sizeof(%s));", out_field(f->em, y->field), out_vla_alloc(),
       heap_vla_type(f, y, ""));
}

/* ac_f->x = init; per declarator (a copy for braces or const members), or
 * a C local's declaration; typedefs, statics and externs that stay are
 * written as they are. */
static void gen_decl(Fn *f, Node *d) {
  if (scratch(f, d)->hoisted || (d->flags & DF_ASYNC)) return; /* analyse.c: walk_async_decl */
  if (d->flags & (DF_TYPEDEF | DF_STATIC | DF_EXTERN | DF_THREAD_LOCAL | DF_FUNCTION)) {
    indent(f);
    em_tokens(f->em, d->first, d->last);
    put(f, "\n");
    return;
  }
  for (Node *id = d->list; id; id = id->next) {
    if (id->sym && is_c_local(f, id->sym)) {
      gen_c_local(f, d, id);
      continue;
    }
    if (id->sym && id->sym->vm_heap) {
      gen_heap_vla(f, id);
      continue;
    }
    if (!id->init || !id->sym) continue;
    prepare_init(f, id); /* gen_init_copy writes the residue itself */
    em_mark_line(f->em, f->ctx->toks[id->tok].line); /* `ac_f->x =` stands for `x =` */
    if (id->init->kind == N_INITLIST || !is_assignable(f, id->sym)) gen_init_copy(f, d, id);
    else line(f, "%s = %s;", out_field(f->em, id->sym->field), expr_text(f, id->init));
  }
}

/* ---------------------------------------------------------- dispatch */

/* Statement S at its place in the state machine, its # lines before it. */
static void gen_stmt(Fn *f, Node *s) {
  if (!s) return;
  f->line = f->ctx->toks[s->first].line;
  if (++f->ctx->depth > MAX_DEPTH) {
    diag_error(f->ctx, s->first, "statements nested too deeply");
    f->ctx->depth--;
    return;
  }
  emit_pp_before(f, s->first);
  int outer = stmt_line(f, s);
  int outer_group = f->temp_group;
  f->temp_group = ++f->ngroups;
  switch (s->kind) {
  case N_BLOCK:
    line(f, "{");
    f->indent++;
    gen_items(f, s->body);
    emit_pp_before(f, s->last);
    f->indent--;
    line(f, "}");
    break;
  case N_DECL: gen_decl(f, s); break;
  case N_EXPR_STMT: gen_expr_stmt(f, s); break;
  case N_IF: gen_if(f, s); break;
  case N_WHILE: gen_while(f, s); break;
  case N_DO: gen_do(f, s); break;
  case N_FOR: gen_for(f, s); break;
  case N_SWITCH: gen_switch(f, s); break;
  case N_CASE:
  case N_DEFAULT: gen_case(f, s); break;
  case N_BREAK:
  case N_CONTINUE:
  case N_GOTO: gen_jump(f, s); break;
  case N_LABEL:
    indent(f);
    em_tokens(f->em, s->tok, s->tok);
    put(f, ":");
    if (s->type_first >= 0) { /* its attribute: `unused` keeps -Wunused-label quiet */
      put(f, " ");
      em_tokens(f->em, s->type_first, s->type_last);
    }
    put(f, ";\n");
    gen_stmt(f, s->b);
    break;
  case N_RETURN: gen_return(f, s); break;
  case N_EMPTY: line(f, ";"); break;
  case N_TRY: gen_try_stmt(f, s); break;
  case N_THROW: gen_throw(f, s); break;
  case N_DEFER: gen_sub(f, s->b); break;
  case N_ASM: /* its operands' names are children (analyse.c) */
    indent(f);
    gen_expr(f, s);
    put(f, "\n");
    break;
  case N_STATIC_ASSERT:
    indent(f);
    em_tokens(f->em, s->first, s->last);
    put(f, "\n");
    break;
  case N_FOR_AWAIT: gen_for_await(f, s); break;
  case N_YIELD: gen_yield(f, s); break;
  case N_TIMEOUT: gen_timeout(f, s); break;
  default:
    diag_error(f->ctx, s->first, "unexpected statement");
    break;
  }
  f->temp_group = outer_group;
  em_attr(f->em, outer);
  f->ctx->depth--;
}

/* [offload jobs] struct f__frame {...}; [struct f__temps, f__all]
 * f__lines, f__info, f__call, f__spawn, f;
 * static int f__resume(hdr) { switch (state) {cases} BODY; done } */
bool lower_function(Em *e, AsyncFn *fn) {
  Fn f = {0};
  f.ctx = e->ctx;
  f.em = e;
  f.fn = fn;
  f.scratch = arena_alloc(&f.ctx->arena, sizeof *f.scratch * (size_t)(f.ctx->nnodes + 1));
  f.assignable = arena_alloc(&f.ctx->arena, sizeof *f.assignable * (size_t)(f.ctx->nsyms + 1));
  f.catch_id = -1;
  f.temps_tail = &f.temps;
  f.tries_tail = &f.tries;
  f.var_prefix = out_field_prefix();
  f.pp_next = fn->body->first;
  Label *fail = new_label(&f, "ac_fail%d", 0);
  fail->name = "ac_fail";
  f.err = fail;

  /* types the frame needs, then the body into its own buffer */
  /* the scaffolding around the body is the output file's own text (its
   * user tokens, parameter and field types, keep their .ac lines): no .ac
   * line names code the user did not write there */
  em_attr(e, 0);
  em_task_typedef(e, fn->returns_void ? "void" : fn->ret_type);
  for (Sym *y = fn->frame_vars; y; y = y->next) f.assignable[y->id] = sym_assignable(f.ctx, y);
  f.ret_assignable = fn->returns_void || text_assignable(fn->ret_type);
  hoist_types(&f, fn->body);
  plan_frame(&f);
  Buf *saved = e->out;
  e->out = &f.body;
  f.indent = 1;
  gen_stmt(&f, fn->body);
  em_attr(e, f.ctx->toks[fn->body->last].line); /* the function's closing brace */
  /* falling off the end of a non-void function: its result reads 0 */
  if (!fn->returns_void && !fn->is_generator)
    line(&f, "%s", out_result_zero(e, fn->ret_type));
  line(&f, "%s = 0;", out_frame_err());
  line(&f, "%s", out_return_done());
  if (fail->used) em_printf(e, "ac_fail:\n  %s\n", out_return_done());
  e->out = saved;

  /* then the offload jobs, the frame, the starters, the dispatch, and
   * the body */
  if (f.jobs.data) buf_append(e->out, f.jobs.data, f.jobs.len);
  if (f.jobs.failed) e->out->failed = true;
  buf_free(&f.jobs);
  emit_frame_struct(&f);
  emit_starters(&f);
  out_resume_open(e, fn->name, f.temps != NULL || f.states != NULL);
  /* Resume labels inside #if .. #endif exist only if their branch does,
   * so their cases go under the same directives, in a second switch after
   * the body, where the body's own #defines are in force too. */
  bool conditional = false;
  for (int k = 1; k <= f.nstates && k < f.state_cap; k++)
    if (f.state_cond[k]) conditional = true;
  out_dispatch_open(e);
  put(&f, "  case 0: break;\n");
  if (!conditional) emit_dispatch_cases(&f);
  if (conditional) put(&f, "  default: goto ac_dispatch;\n  }\n");
  else out_dispatch_close(e);
  if (f.body.data) buf_append(e->out, f.body.data, f.body.len);
  if (f.body.failed) e->out->failed = true;
  em_attr(e, 0);
  if (conditional) {
    put(&f, "ac_dispatch:\n");
    out_dispatch_open(e);
    emit_dispatch_cases(&f);
    out_dispatch_close(e);
  }
  buf_free(&f.body);
  for (int i = 0; i < f.cond_cap; i++) buf_free(&f.cond[i]);
  put(&f, "}\n");
  return f.uses_process;
}
