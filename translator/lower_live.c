/* lower_live.c - which locals the frame holds, and where.
 *
 * Takes: an analysed async function (syms, has_await) whose body's
 * hoisted declarations are marked (hoist_types ran). Guarantees, before
 * the body is lowered:
 *   - Fn.c_local marks each automatic local that no suspension point
 *     outlives: nothing in the rest of its block after its declarator
 *     (later declarators' initializers, later items, the statements nested
 *     in them, defer bodies, which run at the block's end) awaits, yields
 *     or steps a `for await`. Such a local stays a C local of the resume
 *     function, declared at its place under its own name. Sound because
 *     C's own lifetime rules say so: its storage ends with its block, the
 *     rest of the block never returns to the scheduler, so no resume label
 *     lies in its scope after the declaration (a resume jumps in before it,
 *     as C allows for a non-VLA), and a pointer to it used after the block
 *     is already undefined behaviour in the C the user wrote; a loop that
 *     re-enters the block finds it indeterminate, as C says. A declarator
 *     whose own initializer awaits qualifies: the declaration is written
 *     after the await's steps.
 *   - Fn.layout: every other frame variable in the block scope that
 *     declares it (parameters, and what nothing here places, at the root).
 *     Sibling scopes (consecutive blocks, an if's arms, a try's body and
 *     its catch) never live at once: lower_frame.c lays each scope's inner
 *     scopes over each other in a union, as Rust lays out a generator.
 * Conservative where it does not look: a declaration that defines a type
 * or enumerators (which later frame fields or temporaries may name), the
 * variables of `for await` and of catch blocks stay in the frame.
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

/* Declaration D in scope S; REST_SUSPENDS: what follows it in its scope
 * suspends. Each automatic local is a C local or a field of S. */
static void plan_decl(Fn *f, Node *d, FrameScope *s, bool rest_suspends, bool *placed) {
  bool defines = (d->flags & DF_DEFINES_TYPE) != 0;
  for (Node *id = d->list; id; id = id->next) {
    Sym *y = id->sym;
    if (!y || y->kind != SYM_LOCAL) continue;
    bool later = rest_suspends;
    for (Node *next = id->next; next && !later; next = next->next)
      later = suspends(f, next->init);
    if (!later && !defines) {
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
    plan_decl(f, items, s, rest, placed);
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
                suspends(f, n->a) || suspends(f, n->c) || suspends(f, n->b), placed);
    plan_stmt(f, n->b, in, placed);
    break;
  case N_FOR_AWAIT:
    in = new_scope(f, s);
    if (n->init && n->init->kind == N_DECL) plan_decl(f, n->init, in, true, placed);
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
    plan_decl(f, n, s, true, placed);
    break;
  default:
    plan_stmt(f, n->a, s, placed);
    plan_stmt(f, n->b, s, placed);
    plan_stmt(f, n->c, s, placed);
    break;
  }
}

void plan_frame(Fn *f) {
  Ctx *ctx = f->ctx;
  f->c_local = arena_alloc(&ctx->arena, sizeof *f->c_local * (size_t)(ctx->nsyms + 1));
  f->suspends = arena_alloc(&ctx->arena, sizeof *f->suspends * (size_t)(ctx->nnodes + 1));
  bool *placed = arena_alloc(&ctx->arena, sizeof *placed * (size_t)(ctx->nsyms + 1));
  f->layout = new_scope(f, NULL);
  for (Sym *y = f->fn->frame_vars; y; y = y->next)
    if (y->param) keep(f, f->layout, y, placed);
  plan_stmt(f, f->fn->body, f->layout, placed);
  for (Sym *y = f->fn->frame_vars; y; y = y->next) /* what the walk did not see */
    if (!placed[y->id]) keep(f, f->layout, y, placed);
}
