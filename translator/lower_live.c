/* lower_live.c - which locals the frame holds, and where.
 *
 * Takes: an analysed async function (syms, has_await) whose body's
 * hoisted declarations are marked (hoist_types ran). Guarantees, before
 * the body is lowered:
 *   - Fn.c_local marks each automatic local that no suspension point (an
 *     await, a yield, a `for await` step) separates from a use of it. It
 *     stays a C local of the resume function, declared at its place under
 *     its own name. Two rules prove it:
 *       1. nothing in the rest of its block after its declarator (later
 *          declarators' initializers, later items, what is nested in them,
 *          defer bodies) suspends; or
 *       2. it dies before the first suspension: see dies_before_suspending.
 *     A variably modified local (a VLA, a pointer to one) must pass rule
 *     1: a resume jump into its scope is no C, and a frame cannot hold
 *     it. A plain array, declared as an item of a block, that does not
 *     is Sym.vm_heap: the frame holds a pointer to heap storage and its
 *     dimensions. Anything else is an error (the message says what to do).
 *     Sound because C's own lifetime rules say so: no resume label lies
 *     between its declaration and a use (a resume jumps into its scope
 *     past the declaration, which C allows for a non-VLA, or before it),
 *     its storage ends with its block, and a pointer to it used after that
 *     is already undefined behaviour in the C the user wrote; a loop that
 *     re-enters the block finds it indeterminate, as C says. A declarator
 *     whose own initializer awaits qualifies: its declaration is written
 *     after the await's steps.
 *   - Fn.layout: every other frame variable in the block scope that
 *     declares it (parameters, and what the walk does not see, at the
 *     root). Sibling scopes (consecutive blocks, an if's arms, a try's
 *     body and its catch) never live at once: lower_frame.c lays each
 *     scope's inner scopes over each other in a union, as Rust lays out a
 *     generator.
 *   - Fn.addressed and Fn.mentioned: whether a variable's address may be
 *     taken, whether anything names it.
 * Conservative where it does not look: a declaration that defines a type
 * or enumerators (which later frame fields or temporaries may name; but
 * see defines_private_type), a
 * local named ac_... (names_generated), and the variables of `for await`
 * and of catch blocks stay in the frame.
 */
#include "lower.h"

/* Does statement or expression N contain a suspension point? has_await
 * says it for awaits and yields; a `for await` suspends at each step
 * without an await the analyser sees. Memoized by Node.id. */
static bool suspends(Fn *f, Node *n) {
  if (!n) return false;
  if (n->has_await || n->kind == N_FOR_AWAIT) return true;
  if (n->kind > N_STATIC_ASSERT) return false; /* an expression: has_await says all */
  signed char *memo = &f->suspends[n->id];
  if (*memo) return *memo > 0;
  bool s = suspends(f, n->a) || suspends(f, n->b) || suspends(f, n->c) || suspends(f, n->init);
  for (Node *x = n->body; x && !s; x = x->next) s = suspends(f, x);
  *memo = s ? 1 : -1;
  return s;
}

/* Do the tokens of N, copied as they are (a statement expression, an
 * asm statement), spell Y's name? */
static bool spells_name(Fn *f, Node *n, Sym *y) {
  size_t len = strlen(y->name);
  for (int i = n->first; i <= n->last; i++) {
    const Tok *t = &f->ctx->toks[i];
    if (t->kind == TK_IDENT && (size_t)t->len == len &&
        !memcmp(f->ctx->src.text + t->off, y->name, len))
      return true;
  }
  return false;
}

static bool is_verbatim(Node *n) { return n->kind == N_STMT_EXPR || n->kind == N_ASM; }

/* Does N (not the list it heads) name Y anywhere? */
static bool mentions(Fn *f, Node *n, Sym *y) {
  if (!n) return false;
  if (n->kind == N_IDENT) return n->sym == y;
  if (is_verbatim(n)) return spells_name(f, n, y);
  if (mentions(f, n->a, y) || mentions(f, n->b, y) || mentions(f, n->c, y) ||
      mentions(f, n->init, y))
    return true;
  for (Node *x = n->list; x; x = x->next)
    if (mentions(f, x, y)) return true;
  for (Node *x = n->body; x; x = x->next)
    if (mentions(f, x, y)) return true;
  return false;
}

/* Does statement N hold a label (a goto's or a case's) anywhere? */
static bool has_label(Node *n) {
  if (!n || n->kind > N_STATIC_ASSERT) return false;
  if (n->kind == N_LABEL || n->kind == N_CASE || n->kind == N_DEFAULT) return true;
  if (has_label(n->a) || has_label(n->b) || has_label(n->c)) return true;
  for (Node *x = n->body; x; x = x->next)
    if (has_label(x)) return true;
  return false;
}

/* Marks in f->addressed each variable whose address N may take: the
 * operand of `&` (through parentheses, members and indexing), or any
 * variable whose name tokens copied as they are spell; and in
 * f->mentioned each variable N names. */
static void note_uses(Fn *f, Node *n) {
  if (!n) return;
  if (is_verbatim(n)) {
    for (Sym *y = f->fn->frame_vars; y; y = y->next)
      if (spells_name(f, n, y)) f->addressed[y->id] = f->mentioned[y->id] = true;
    return;
  }
  if (n->kind == N_IDENT && n->sym) f->mentioned[n->sym->id] = true;
  if (n->kind == N_UNARY && n->op == P_AMP) {
    Node *o = n->a;
    while (o && (o->kind == N_PAREN || o->kind == N_INDEX ||
                 (o->kind == N_MEMBER && o->op == P_DOT)))
      o = o->a;
    if (o && o->kind == N_IDENT && o->sym) f->addressed[o->sym->id] = true;
  }
  note_uses(f, n->a);
  note_uses(f, n->b);
  note_uses(f, n->c);
  note_uses(f, n->init);
  for (Node *x = n->list; x; x = x->next) note_uses(f, x);
  for (Node *x = n->body; x; x = x->next) note_uses(f, x);
}

/* The finer rule, for a local Y declared by item DECL of a block whose
 * rest suspends: Y is dead before the first suspension when every item
 * that names it comes before any item that suspends, and nothing can
 * bring control back to a use after that suspension: no label among those
 * items (a goto or a case would reach a use again), no defer naming it
 * (its body runs at the block's end), no pointer to it (no `&`, not an
 * array, struct or union, whose uses may hand out pointers into it). A
 * loop that re-enters the block runs the declaration again, which C says
 * makes the value indeterminate, as here. */
static bool dies_before_suspending(Fn *f, Node *decl, Node *id, Sym *y) {
  if (!is_assignable(f, y) || f->addressed[y->id]) return false;
  for (Node *next = id->next; next; next = next->next)
    if (next->has_await || suspends(f, next->init)) return false;
  Node *last_use = NULL;
  for (Node *x = decl->next; x; x = x->next)
    if (mentions(f, x, y)) {
      if (x->kind == N_DEFER) return false;
      last_use = x;
    }
  for (Node *x = decl->next; last_use; x = x->next) {
    if (suspends(f, x) || has_label(x)) return false;
    if (x == last_use) break;
  }
  return true;
}

static FrameScope *new_scope(Fn *f, FrameScope *up) {
  FrameScope *s = arena_alloc(&f->ctx->arena, sizeof *s);
  s->vars_tail = &s->vars;
  s->kids_tail = &s->kids;
  if (up) {
    *up->kids_tail = s;
    up->kids_tail = &s->next;
  }
  return s;
}

/* Y lives in the frame, in scope S. */
static void keep(Fn *f, FrameScope *s, Sym *y, bool *placed) {
  FrameVar *v = arena_alloc(&f->ctx->arena, sizeof *v);
  v->sym = y;
  *s->vars_tail = v;
  s->vars_tail = &v->next;
  placed[y->id] = true;
}

/* Does Y's name start like the names the generated code gives its own
 * locals and the runtime's (ac_f, ac_t, ac_v...)? As a C local it could
 * hide one of them; as a field it hides nothing. */
static bool names_generated(Sym *y) { return !strncmp(y->name, "ac_", 3); }

/* Does declaration D define a type that nothing else can name: one
 * declarator of an untagged struct or union (`struct { int a; } s;`),
 * no tag and no enumerator inside? As a C local it is written as is;
 * nothing hoisted names it (tinycc tests2/93_integer_promotion, whose
 * `#s` would otherwise print `ac_f->s.ub`). */
static bool defines_private_type(Fn *f, Node *d) {
  if (!d->list || d->list->next) return false;
  const Tok *t = f->ctx->toks;
  for (int i = d->spec_first; i <= d->spec_last; i++) {
    if (t[i].keyword == KW_enum) return false;
    if (i < d->spec_last && t[i + 1].punct == P_LBRACE && t[i].kind == TK_IDENT &&
        t[i].keyword == KW_NONE)
      return false;
  }
  return true;
}

/* Is ID's declarator a plain array, `[*...]name[d1][d2]...`, with no
 * initializer: one whose storage can move to the heap (not a pointer to
 * an array, whose own type would vary)? */
static bool has_array_shape(Fn *f, Node *id);
static bool is_plain_vla(Fn *f, Node *id) { return !id->init && has_array_shape(f, id); }

/* `[*...]name[d1][d2]...`, whatever follows. */
static bool has_array_shape(Fn *f, Node *id) {
  const Tok *t = f->ctx->toks;
  if (id->tok < 0) return false;
  for (int i = id->first; i < id->tok; i++) /* `char *names[n]` */
    if (t[i].punct != P_STAR && !(t[i].kind == TK_IDENT && kw_is_qualifier(t[i].keyword)))
      return false;
  int depth = 0;
  for (int i = id->tok + 1; i <= id->last; i++) {
    if (depth == 0 && t[i].punct != P_LBRACKET) return false;
    if (t[i].punct == P_LBRACKET) depth++;
    if (t[i].punct == P_RBRACKET) depth--;
  }
  return depth == 0;
}

static bool spelled(Fn *f, int tok, const char *s) {
  const Tok *t = &f->ctx->toks[tok];
  return (size_t)t->len == strlen(s) && !memcmp(f->ctx->src.text + t->off, s, strlen(s));
}

/* The `cleanup` in an `__attribute__((cleanup(fn)))` among tokens
 * FIRST..LAST, or -1. */
static int cleanup_attribute(Fn *f, int first, int last) {
  const Tok *t = f->ctx->toks;
  for (int i = first; i <= last; i++) {
    if (t[i].keyword != KW___attribute__) continue;
    int depth = 0;
    for (int j = i + 1; j <= last; j++) {
      if (t[j].punct == P_LPAREN) depth++;
      if (t[j].punct == P_RPAREN && --depth == 0) break;
      if (depth == 2 && (spelled(f, j, "cleanup") || spelled(f, j, "__cleanup__"))) return j;
    }
  }
  return -1;
}

/* Declaration D in scope S; REST_SUSPENDS: what follows it in its scope
 * suspends; IN_BLOCK: D is an item of a block (the finer rule applies).
 * Each automatic local is a C local or a field of S. */
static void plan_decl(Fn *f, Node *d, FrameScope *s, bool rest_suspends, bool in_block,
                      bool *placed) {
  bool defines = (d->flags & DF_DEFINES_TYPE) && !defines_private_type(f, d);
  /* GCC's cleanup attribute runs at the end of the C scope: right for a
   * C local of rule 1, whose C scope is its block's; a frame variable
   * outlives every C scope of the resume function, so its cleanup would
   * silently never run (tinycc tests2/101_cleanup) */
  int spec_cleanup = d->flags & (DF_TYPEDEF | DF_STATIC | DF_EXTERN | DF_THREAD_LOCAL)
                         ? -1
                         : cleanup_attribute(f, d->spec_first, d->spec_last);
  for (Node *id = d->list; id; id = id->next) {
    /* a declarator's own attribute, else the specifiers' (all of them) */
    int cleanup = spec_cleanup;
    if (!(d->flags & (DF_TYPEDEF | DF_STATIC | DF_EXTERN | DF_THREAD_LOCAL))) {
      int own = cleanup_attribute(f, id->first, id->last);
      if (own >= 0) cleanup = own;
    }
    Sym *y = id->sym;
    if (!y || y->kind != SYM_LOCAL) continue;
    bool later = rest_suspends;
    for (Node *next = id->next; next && !later; next = next->next)
      later = next->has_await || suspends(f, next->init);
    if (cleanup >= 0 && !y->vm) { /* rule 1, or the frame and a finally */
      if (!later && !defines && !names_generated(y)) {
        f->c_local[y->id] = true;
        placed[y->id] = true;
      } else if (in_block && cleanup + 2 <= d->last && !defines &&
                 !(id->init && (id->init->kind == N_INITLIST || !is_assignable(f, y))) &&
                 f->ctx->toks[cleanup + 1].punct == P_LPAREN &&
                 f->ctx->toks[cleanup + 2].kind == TK_IDENT) {
        y->cleanup_fn = cleanup + 2; /* lower.c calls it when the block ends */
        keep(f, s, y, placed);
      } else {
        diag_error(f->ctx, cleanup,
                   "the cleanup attribute is not supported on a local that lives across an "
                   "await here; use `defer fn(&var);` after its declaration");
        placed[y->id] = true;
      }
      continue;
    }
    if (y->vm) { /* rule 1 only: C forbids a jump into its scope */
      if (!later && !defines && !names_generated(y)) {
        f->c_local[y->id] = true;
        placed[y->id] = true;
      } else if (in_block && is_plain_vla(f, id) && !defines) {
        y->vm_heap = true; /* the frame points to it on the heap */
        keep(f, s, y, placed);
      } else if (!has_array_shape(f, id)) {
        diag_error(f->ctx, id->tok,
                   "'%s' has a variably modified type and lives across an await, which no "
                   "frame field can hold; use it between two awaits only",
                   y->name);
        placed[y->id] = true;
      } else {
        diag_error(f->ctx, id->tok,
                   "variable-length array '%s' lives across an await here; allocate it with "
                   "malloc and free it with defer",
                   y->name);
        placed[y->id] = true;
      }
      continue;
    }
    if (later && in_block) later = !dies_before_suspending(f, d, id, y);
    if (!later && !defines && !names_generated(y)) {
      f->c_local[y->id] = true;
      placed[y->id] = true;
    } else {
      keep(f, s, y, placed);
    }
  }
}

static void plan_stmt(Fn *f, Node *n, FrameScope *s, bool *placed);

/* The items of a block, in scope S: a declaration's rest is the items
 * after it. */
static void plan_items(Fn *f, Node *items, FrameScope *s, bool *placed) {
  if (!items) return;
  if (items->kind == N_DECL) {
    bool rest = false;
    for (Node *x = items->next; x && !rest; x = x->next) rest = suspends(f, x);
    plan_decl(f, items, s, rest, true, placed);
  } else {
    plan_stmt(f, items, s, placed);
  }
  plan_items(f, items->next, s, placed);
}

/* Statement N inside scope S. */
static void plan_stmt(Fn *f, Node *n, FrameScope *s, bool *placed) {
  if (!n || n->kind > N_STATIC_ASSERT) return;
  FrameScope *in;
  switch (n->kind) {
  case N_BLOCK:
    plan_items(f, n->body, new_scope(f, s), placed);
    break;
  case N_FOR: /* the init's variables live in the loop's scope */
    in = new_scope(f, s);
    if (n->init && n->init->kind == N_DECL)
      plan_decl(f, n->init, in,
                suspends(f, n->a) || suspends(f, n->c) || suspends(f, n->b), false, placed);
    plan_stmt(f, n->b, in, placed);
    break;
  case N_FOR_AWAIT:
    in = new_scope(f, s);
    if (n->init && n->init->kind == N_DECL) plan_decl(f, n->init, in, true, false, placed);
    plan_stmt(f, n->b, in, placed);
    break;
  case N_TRY:
    plan_stmt(f, n->a, s, placed);
    if (n->b) {
      in = new_scope(f, s);
      if (n->sym) keep(f, in, n->sym, placed);
      plan_stmt(f, n->b, in, placed);
    }
    plan_stmt(f, n->c, s, placed);
    break;
  case N_DECL: /* outside a block's items: nothing to prove */
    plan_decl(f, n, s, true, false, placed);
    break;
  default:
    plan_stmt(f, n->a, s, placed);
    plan_stmt(f, n->b, s, placed);
    plan_stmt(f, n->c, s, placed);
    break;
  }
}

/* ------------------------------------------------------------ alloca */

static bool is_statement(Node *n) {
  return n->kind <= N_STATIC_ASSERT && n->kind != N_DECL && n->kind != N_INITDECL;
}

static bool is_alloca_call(Fn *f, Node *n) {
  return n->kind == N_CALL && n->a && n->a->kind == N_IDENT && !n->a->sym &&
         (spelled(f, n->a->tok, "alloca") || spelled(f, n->a->tok, "__builtin_alloca"));
}

/* The first call of alloca in statement TOP's own expressions (not in
 * its sub-statements, not under sizeof), or NULL. */
static Node *alloca_call(Fn *f, Node *n, Node *top) {
  if (!n || n->kind == N_SIZEOF || (n != top && is_statement(n))) return NULL;
  if (is_alloca_call(f, n)) return n;
  Node *kids[] = {n->a, n->b, n->c, n->init};
  for (int i = 0; i < 4; i++) {
    Node *c = alloca_call(f, kids[i], top);
    if (c) return c;
  }
  for (Node *x = n->list; x; x = x->next) {
    Node *c = alloca_call(f, x, top);
    if (c) return c;
  }
  return NULL;
}

/* Does the body hold a goto (which may take control back before a
 * suspension)? */
static bool has_goto(Node *n) {
  if (!n || n->kind > N_STATIC_ASSERT) return false;
  if (n->kind == N_GOTO) return true;
  if (has_goto(n->a) || has_goto(n->b) || has_goto(n->c)) return true;
  for (Node *x = n->body; x; x = x->next)
    if (has_goto(x)) return true;
  return false;
}

static void check_alloca_items(Fn *f, Node *items, bool after, bool gotos);

/* Statement S, after which something may suspend when AFTER: an alloca
 * of S's own expressions is C only if nothing can suspend once it ran
 * (its memory is the resume function's stack, which every suspension
 * leaves): S does not suspend, nothing after it does, no loop or try
 * around it does, and no goto may take control back. */
static void check_alloca(Fn *f, Node *s, bool after, bool gotos) {
  if (!s || s->kind > N_STATIC_ASSERT) return;
  Node *call = alloca_call(f, s, s);
  if (call && (after || gotos || suspends(f, s)))
    diag_error(f->ctx, call->a->tok,
               "alloca where an await may follow: its memory would die when the task "
               "suspends; use malloc and `defer free(p);`");
  switch (s->kind) {
  case N_BLOCK: check_alloca_items(f, s->body, after, gotos); return;
  case N_WHILE: case N_DO: case N_FOR: case N_FOR_AWAIT: case N_TRY: case N_TIMEOUT:
    after = after || suspends(f, s); /* a later round, a catch, a finally */
    break;
  default: break;
  }
  check_alloca(f, s->a, after, gotos);
  check_alloca(f, s->b, after, gotos);
  check_alloca(f, s->c, after, gotos);
}

static void check_alloca_items(Fn *f, Node *items, bool after, bool gotos) {
  if (!items) return;
  bool rest = after;
  for (Node *x = items->next; x && !rest; x = x->next) rest = suspends(f, x);
  check_alloca(f, items, rest, gotos);
  check_alloca_items(f, items->next, after, gotos);
}

void plan_frame(Fn *f) {
  Ctx *ctx = f->ctx;
  f->c_local = arena_alloc(&ctx->arena, sizeof *f->c_local * (size_t)(ctx->nsyms + 1));
  f->suspends = arena_alloc(&ctx->arena, sizeof *f->suspends * (size_t)(ctx->nnodes + 1));
  f->addressed = arena_alloc(&ctx->arena, sizeof *f->addressed * (size_t)(ctx->nsyms + 1));
  f->mentioned = arena_alloc(&ctx->arena, sizeof *f->mentioned * (size_t)(ctx->nsyms + 1));
  note_uses(f, f->fn->body);
  bool *placed = arena_alloc(&ctx->arena, sizeof *placed * (size_t)(ctx->nsyms + 1));
  f->layout = new_scope(f, NULL);
  for (Sym *y = f->fn->frame_vars; y; y = y->next)
    if (y->param) keep(f, f->layout, y, placed);
  plan_stmt(f, f->fn->body, f->layout, placed);
  check_alloca(f, f->fn->body, false, has_goto(f->fn->body));
  for (Sym *y = f->fn->frame_vars; y; y = y->next) /* what the walk did not see */
    if (!placed[y->id]) keep(f, f->layout, y, placed);
}
