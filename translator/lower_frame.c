/* lower_frame.c - an async function's frame, starters and hoisted types.
 *
 * Takes: an analysed async function and the lowering's record of its body
 * (temporaries, try numbers, resume states). Guarantees: the frame struct
 * (every parameter and automatic local as a field named by analyse.c, the
 * routing fields of each try, the temporaries after it in the same
 * allocation), the function info and the three starters (`f__call`,
 * `f__spawn`, `f`), whose signatures are written by emit_signature alone,
 * also for prototypes (lower_prototypes); and the body's typedefs, tags,
 * enumerators and statics moved to file scope in front of the frame.
 * Answers too whether a value of a declared type may be stored with `=`.
 */
#include <stdlib.h>

#include "lower.h"

/* ----------------------------------------------------- value copies */

/* Can a value of the type that specifiers FIRST..LAST name be stored
 * with `=`? Scalars, enums and the typedefs is_plain_typedef knows can; a
 * struct or union may have a const member, which forbids `=`; a typedef
 * the translator cannot see into may be either, or an array. */
static bool specs_assignable(Ctx *ctx, int first, int last) {
  for (int i = first; i <= last; i++) {
    const Tok *t = &ctx->toks[i];
    if (t->kind != TK_IDENT) continue;
    switch (t->keyword) {
    case KW_struct:
    case KW_union:
    case KW___typeof__:
    case KW_typeof:
      return false;
    case KW_enum: /* its tag and body say nothing more */
      while (i < last && ctx->toks[i + 1].kind == TK_IDENT && ctx->toks[i + 1].keyword == KW_NONE) i++;
      break;
    case KW_task: /* a handle: one pointer */
    case KW___attribute__:
    case KW__Alignas:
    case KW__Atomic:
      if (i < last && ctx->toks[i + 1].punct == P_LPAREN)
        for (int depth = 0; i <= last; i++) {
          if (ctx->toks[i].punct == P_LPAREN) depth++;
          if (ctx->toks[i].punct == P_RPAREN && --depth == 0) break;
        }
      break;
    case KW_NONE:
      if (!is_plain_typedef(ctx->src.text + t->off, (size_t)t->len)) return false;
      break;
    default:
      break;
    }
  }
  return true;
}

/* The same question for a declaration: its declarator FIRST..LAST makes
 * an array (no), a pointer (yes) or a function parameter, which C turns
 * into a pointer (yes); otherwise the specifiers decide. */
static bool decl_assignable(Ctx *ctx, int spec_first, int spec_last, int first, int last,
                            int name) {
  for (int i = first; i <= last; i++)
    if (ctx->toks[i].punct == P_LBRACKET) return false;
  for (int i = first; i <= last; i++)
    if (ctx->toks[i].punct == P_STAR) return true;
  if (name >= 0 && name < last && ctx->toks[name + 1].punct == P_LPAREN) return true;
  return specs_assignable(ctx, spec_first, spec_last);
}

/* The same question for a type written as C text (a return type). */
bool text_assignable(const char *type) {
  if (strchr(type, '*')) return true;
  for (const char *p = type; *p;) {
    while (*p == ' ') p++;
    const char *w = p;
    while (*p && *p != ' ') p++;
    size_t n = (size_t)(p - w);
    if (!n) break;
    bool enum_word = n == 4 && !memcmp(w, "enum", 4);
    if ((n == 6 && !memcmp(w, "struct", 6)) || (n == 5 && !memcmp(w, "union", 5))) return false;
    if (enum_word) { /* skip the tag */
      while (*p == ' ') p++;
      while (*p && *p != ' ') p++;
      continue;
    }
    static const char *const words[] = {"void", "char", "short", "int", "long", "float",
                                        "double", "signed", "unsigned", "_Bool", "_Complex",
                                        "__int128", "__signed__", "const", "volatile"};
    bool known = is_plain_typedef(w, n);
    for (size_t k = 0; k < sizeof words / sizeof *words && !known; k++)
      known = strlen(words[k]) == n && !memcmp(words[k], w, n);
    if (!known) return false;
  }
  return true;
}

/* The same question for a frame variable. */
bool sym_assignable(Ctx *ctx, Sym *y) {
  if (y->param) {
    Param *p = y->param;
    return decl_assignable(ctx, p->first, p->name - 1, p->name, p->last, p->name);
  }
  if (y->initdecl)
    return decl_assignable(ctx, y->decl->spec_first, y->decl->spec_last, y->initdecl->first,
                           y->initdecl->last, y->initdecl->tok);
  return true; /* a catch variable: int */
}

/* Does declarator ID contain punctuator PUNCT ([ for an array)? */
bool declarator_has(Ctx *ctx, Node *id, int punct) {
  for (int i = id->first; i <= id->last; i++)
    if (ctx->toks[i].punct == punct) return true;
  return false;
}

/* Declaration specifiers without storage classes; a struct/union/enum
 * body whose tag was hoisted to file scope is left out (the tag names the
 * type); without keep_quals, top-level const/volatile are dropped too. */
/* While a frame field with GCC's cleanup attribute is written: the field
 * takes no attribute (lower.c calls the function when its block ends). */
static bool dropping_cleanup;

/* The last token of the `__attribute__((...))` at I, if it names
 * cleanup and dropping_cleanup holds, else -1. */
static int cleanup_attr_end(Ctx *ctx, int i, int last) {
  if (!dropping_cleanup || ctx->toks[i].keyword != KW___attribute__) return -1;
  bool cleanup = false;
  int depth = 0;
  for (int j = i + 1; j <= last; j++) {
    if (ctx->toks[j].punct == P_LPAREN) depth++;
    if (depth == 2 && ctx->toks[j].kind == TK_IDENT && ctx->toks[j].len >= 7 &&
        (!memcmp(ctx->src.text + ctx->toks[j].off, "cleanup", 7) ||
         !memcmp(ctx->src.text + ctx->toks[j].off, "__cleanup__", 11)))
      cleanup = true;
    if (ctx->toks[j].punct == P_RPAREN && --depth == 0) return cleanup ? j : -1;
  }
  return -1;
}

void emit_specs(Fn *f, int first, int last, bool keep_quals) {
  Ctx *ctx = f->ctx;
  Em *e = f->em;
  bool typed = false;
  for (int i = first; i <= last; i++) {
    int kw = ctx->toks[i].keyword;
    if (kw == KW_register || kw == KW_auto || kw == KW_static || kw == KW_extern ||
        kw == KW_inline || kw == KW__Thread_local || kw == KW_typedef)
      continue;
    if (!keep_quals && (kw == KW_const || kw == KW_volatile || kw == KW___const))
      continue;
    if (ctx->toks[i].punct == P_LBRACE && i > first && ctx->toks[i - 1].kind == TK_IDENT &&
        ctx->toks[i - 1].keyword == KW_NONE) {
      int depth = 0;
      for (; i <= last; i++) {
        if (ctx->toks[i].punct == P_LBRACE) depth++;
        if (ctx->toks[i].punct == P_RBRACE && --depth == 0) break;
      }
      continue;
    }
    int skip = cleanup_attr_end(ctx, i, last);
    if (skip >= 0) {
      i = skip;
      continue;
    }
    if (!kw_is_qualifier(kw) && kw != KW___attribute__) typed = true;
    i = em_token(e, i);
    put(f, " ");
  }
  if (!typed) put(f, "int "); /* C89's implicit int: `register r = 2;`, `const c;` */
}

/* -------------------------------------------------------- the frame */

/* Do tokens FIRST..LAST contain a `*`? */
bool has_pointer(Ctx *ctx, int first, int last) {
  for (int i = first; i <= last; i++)
    if (ctx->toks[i].punct == P_STAR) return true;
  return false;
}

/* The declarator with NAME renamed to FIELD. A parameter's array becomes a
 * pointer; an array sized by its initializer gets that size spelled out. */
static bool is_qualifier(Ctx *ctx, int i) {
  return ctx->toks[i].kind == TK_IDENT && kw_is_qualifier(ctx->toks[i].keyword);
}

void field_declarator(Fn *f, int first, int last, int name, const char *field,
                             bool is_param, Node *init) {
  Ctx *ctx = f->ctx;
  Em *e = f->em;
  /* `T *const x`: the field is assigned (initialized, captured), so the
   * qualifiers of the variable itself go, as emit_specs drops them from
   * `const T x`; those of what it points to stay. */
  int own_quals = name;
  while (own_quals - 1 >= first && is_qualifier(ctx, own_quals - 1)) own_quals--;
  if (!(own_quals - 1 >= first && ctx->toks[own_quals - 1].punct == P_STAR)) own_quals = name;
  for (int i = first; i <= last; i++) {
    if (i >= own_quals && i < name &&
        (ctx->toks[i].keyword == KW_const || ctx->toks[i].keyword == KW_volatile ||
         ctx->toks[i].keyword == KW___const))
      continue;
    int skip = cleanup_attr_end(ctx, i, last);
    if (skip >= 0) {
      i = skip;
      continue;
    }
    if (i > first) em_gap_before(e, i);
    if (i == name) {
      bool array = i + 1 <= last && ctx->toks[i + 1].punct == P_LBRACKET;
      if (is_param && i + 1 <= last && ctx->toks[i + 1].punct == P_LPAREN) {
        em_printf(e, "(*%s)", field); /* a function: a pointer to it */
        continue;
      }
      if (is_param && array) {
        int depth = 0, j = i + 1;
        for (; j <= last; j++) {
          if (ctx->toks[j].punct == P_LBRACKET) depth++;
          if (ctx->toks[j].punct == P_RBRACKET && --depth == 0) break;
        }
        em_printf(e, "(*%s)", field);
        i = j;
        continue;
      }
      if (array && i + 2 <= last && ctx->toks[i + 2].punct == P_RBRACKET && init) {
        put(f, field);
        if (init->kind == N_LITERAL) {
          put(f, "[sizeof ");
          em_tokens(e, init->first, init->last);
          put(f, "]");
        } else if (init->kind == N_INITLIST) {
          em_printf(e, "[%d]", count_list(init->list));
        } else {
          put(f, "[1]");
        }
        i += 2;
        continue;
      }
      put(f, field);
      continue;
    }
    i = em_token(e, i);
  }
}

/* Do specifiers FIRST..LAST name a typedef the translator cannot see
 * into (an array or a function type, for all it knows)? */
static bool hides_type(Ctx *ctx, int first, int last) {
  for (int i = first; i <= last; i++) {
    const Tok *t = &ctx->toks[i];
    if (t->kind == TK_IDENT && t->keyword == KW_NONE &&
        !(i > first && ctx->toks[i - 1].kind == TK_IDENT &&
          (ctx->toks[i - 1].keyword == KW_struct || ctx->toks[i - 1].keyword == KW_union ||
           ctx->toks[i - 1].keyword == KW_enum)) &&
        !is_plain_typedef(ctx->src.text + t->off, (size_t)t->len))
      return true;
  }
  return false;
}

/* DEPTH levels of a struct's indentation. */
static void indent_members(Fn *f, int depth) {
  for (int i = 0; i <= depth; i++) put(f, "  ");
}

/* One frame variable's field, "T x;\n", DEPTH unions deep. */
static void emit_frame_var(Fn *f, Sym *y, int depth) {
  Ctx *ctx = f->ctx;
  indent_members(f, depth);
  if (y->param) {
    Param *p = y->param;
    int name = p->name;
    /* the specifiers are the tokens before the declarator's first token;
     * simplest: everything before the name that is not `*`, `(`. */
    int spec_last = name - 1;
    while (spec_last >= p->first &&
           (ctx->toks[spec_last].punct == P_STAR || ctx->toks[spec_last].punct == P_LPAREN ||
            is_qualifier(ctx, spec_last)))
      spec_last--;
    bool ptr = has_pointer(ctx, spec_last + 1, p->last) ||
               (name + 1 <= p->last && ctx->toks[name + 1].punct == P_LBRACKET);
    if (spec_last + 1 == name && name == p->last && hides_type(ctx, p->first, spec_last)) {
      /* `vec4 v` may be an array or a function, which C adjusts to a
       * pointer: the field takes the adjusted type from C itself */
      put(f, "__typeof__(0 ? *(");
      emit_specs(f, p->first, spec_last, true);
      put(f, "*)0 : *(");
      emit_specs(f, p->first, spec_last, true);
      em_printf(f->em, "*)0) %s;\n", y->field);
      return;
    }
    emit_specs(f, p->first, spec_last, ptr);
    field_declarator(f, spec_last + 1, p->last, name, y->field, true, NULL);
  } else if (y->vm_heap) { /* lower.c: heap_vla_ref */
    int k = 0;
    em_printf(f->em, "void *%s", y->field);
    for (Node *dim = y->initdecl->list; dim; dim = dim->next)
      em_printf(f->em, "; size_t %s__d%d", y->field, k++);
  } else if (y->initdecl) {
    Node *d = y->decl, *id = y->initdecl;
    bool ptr = has_pointer(ctx, id->first, id->last) ||
               declarator_has(ctx, id, P_LBRACKET);
    dropping_cleanup = y->cleanup_fn > 0;
    emit_specs(f, d->spec_first, d->spec_last, ptr);
    field_declarator(f, id->first, id->last, id->tok, y->field, false, id->init);
    dropping_cleanup = false;
  } else { /* a catch variable */
    em_printf(f->em, "int %s", y->field);
  }
  put(f, ";\n");
}

/* Does scope S or one inside it hold a frame variable? */
static bool scope_holds(FrameScope *s) {
  if (s->vars) return true;
  for (FrameScope *k = s->kids; k; k = k->next)
    if (scope_holds(k)) return true;
  return false;
}

static void emit_scope(Fn *f, FrameScope *s, int depth);

/* Scope S as one member of the union of its siblings: a lone variable as
 * itself, anything more as an anonymous struct (C11: the fields keep
 * their names). */
static void emit_union_member(Fn *f, FrameScope *s, int depth) {
  bool lone = s->vars && !s->vars->next;
  for (FrameScope *k = s->kids; k && lone; k = k->next)
    if (scope_holds(k)) lone = false;
  if (lone) {
    emit_frame_var(f, s->vars->sym, depth);
    return;
  }
  indent_members(f, depth);
  put(f, "struct {\n");
  emit_scope(f, s, depth + 1);
  indent_members(f, depth);
  put(f, "};\n");
}

/* Scope S's variables, then its inner scopes over each other: they never
 * live at once (lower_live.c). One that holds anything needs no union. */
static void emit_scope(Fn *f, FrameScope *s, int depth) {
  for (FrameVar *v = s->vars; v; v = v->next) emit_frame_var(f, v->sym, depth);
  int holding = 0;
  FrameScope *only = NULL;
  for (FrameScope *k = s->kids; k; k = k->next)
    if (scope_holds(k)) {
      holding++;
      only = k;
    }
  if (holding == 1) {
    emit_scope(f, only, depth);
    return;
  }
  if (holding == 0) return;
  indent_members(f, depth);
  put(f, "union {\n");
  for (FrameScope *k = s->kids; k; k = k->next)
    if (scope_holds(k)) emit_union_member(f, k, depth + 1);
  indent_members(f, depth);
  put(f, "};\n");
}

/* The temporaries: those that outlive their statement one after another,
 * then one anonymous union with a struct per statement of those its
 * expressions alone use (new_temp), as no two statements' expressions
 * run at once. */
/* qsort's order for emit_temps: by group, then as made ("t7" < "t12"). */
static int by_group(const void *a, const void *b) {
  const Temp *x = *(Temp *const *)a, *y = *(Temp *const *)b;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  int xi = atoi(x->name + 1), yi = atoi(y->name + 1);
  return (xi > yi) - (xi < yi);
}

static void emit_temps(Fn *f) {
  int n = 0;
  for (Temp *t = f->temps; t; t = t->next) {
    if (t->group == 0)
      em_printf(f->em, "  %s %s;\n", t->type, t->name);
    else
      n++;
  }
  if (n == 0) return;
  Temp **v = arena_alloc(&f->ctx->arena, sizeof *v * (size_t)n);
  n = 0;
  for (Temp *t = f->temps; t; t = t->next)
    if (t->group != 0) v[n++] = t;
  qsort(v, (size_t)n, sizeof *v, by_group);
  put(f, "  union {\n");
  for (int i = 0; i < n; i++) {
    if (i == 0 || v[i]->group != v[i - 1]->group) put(f, "    struct {\n");
    em_printf(f->em, "      %s %s;\n", v[i]->type, v[i]->name);
    if (i == n - 1 || v[i + 1]->group != v[i]->group) put(f, "    };\n");
  }
  put(f, "  };\n");
}

/* struct f__frame { <header>; the frame variables by scope (emit_scope);
 * ac_exc_K, ac_fin_K; [ac_ret] }; and when there are temporaries, struct
 * f__temps { tN... } and struct f__all { frame; temps } (one allocation). */
void emit_frame_struct(Fn *f) {
  AsyncFn *fn = f->fn;
  out_frame_struct_open(f->em, fn->name);
  emit_scope(f, f->layout, 0);
  for (TryId *t = f->tries; t; t = t->next)
    out_frame_try_fields(f->em, t->id, t->uses_exc, t->uses_fin);
  if (f->uses_ret) out_frame_ret_field(f->em, fn->ret_type);
  put(f, "};\n");
  if (f->temps || f->states) { /* no temps struct otherwise: it would cost a task 16 bytes */
    /* the temporaries follow the frame in the same allocation: their types
     * may be __typeof__ of expressions over the frame's fields */
    em_printf(f->em, "struct %s__temps {\n  char ac_unused;\n", fn->name);
    emit_temps(f);
    if (f->states) { /* one await waits at a time: they share storage */
      put(f, "  union {\n");
      for (Temp *t = f->states; t; t = t->next)
        em_printf(f->em, "    %s %s;\n", t->type, t->name);
      put(f, "  } ac_w;\n");
    }
    em_printf(f->em, "};\nstruct %s__all {\n  struct %s__frame f;\n  struct %s__temps t;\n};\n",
              fn->name, fn->name, fn->name);
  }
}

/* `case K: goto ac_resume_K;` for every resume state, each under the
 * #if directives its label sits under (none in most functions). */
void emit_dispatch_cases(Fn *f) {
  for (int k = 1; k <= f->nstates; k++) {
    const char *cond = k < f->state_cap ? f->state_cond[k] : NULL;
    if (cond) put(f, cond);
    em_printf(f->em, "  case %d: goto ac_resume_%d;\n", k, k);
    for (int l = cond ? f->state_levels[k] : 0; l > 0; l--) put(f, "#endif\n");
  }
}

/* The starters' copies of the parameters into the new frame. */
static void emit_param_stores(Fn *f) {
  Arena *A = &f->ctx->arena;
  for (Sym *y = f->fn->frame_vars; y; y = y->next) {
    if (!y->param) continue;
    const char *field = out_field(f->em, y->field);
    if (is_assignable(f, y)) em_printf(f->em, "  %s = %s;\n", field, y->name);
    else
      em_printf(f->em, "  %s;\n",
                out_copy(f->em, arena_printf(A, "&%s", field), arena_printf(A, "&%s", y->name),
                         arena_printf(A, "sizeof %s", field)));
  }
}

/* Parameter list text "int x, char *s" (empty for none). */
static const char *params_text(Em *e, AsyncFn *fn) {
  Capture c;
  em_capture(e, &c);
  for (Param *p = fn->params; p; p = p->next) {
    if (p != fn->params) em_put(e, ", ");
    em_tokens(e, p->first, p->last);
  }
  return em_captured(e, &c);
}

enum Starter { START_CALL, START_SPAWN, START_TASK };

/* The signature of one of FN's starters (no `;`, no body):
 *   ac_frame_t *f__call([T *ac_res,] params)   a frame for `await f()`
 *   ac_task__T f__spawn(const char *ac_file, int ac_line[, params])
 *   ac_task__T f(params)                        a task */
static void emit_signature(Em *e, AsyncFn *fn, enum Starter which, const char *ps) {
  const char *st = fn->is_static ? "static " : "";
  const char *h = mangle_task_type(e->ctx, fn->returns_void ? "void" : fn->ret_type);
  const char *comma = fn->nparams ? ", " : "";
  const char *frame = out_frame_type();
  switch (which) {
  case START_CALL:
    if (fn->returns_void)
      em_printf(e, "%s%s *%s__call(%s)", st, frame, fn->name, fn->nparams ? ps : "void");
    else
      em_printf(e, "%s%s *%s__call(%s *ac_res%s%s)", st, frame, fn->name, fn->ret_type, comma,
                ps);
    break;
  case START_SPAWN:
    em_printf(e, "%s%s %s__spawn(const char *ac_file, int ac_line%s%s)", st, h, fn->name, comma, ps);
    break;
  case START_TASK:
    em_printf(e, "%s%s %s(%s)", st, h, fn->name, fn->nparams ? ps : "void");
    break;
  }
}

/* An async prototype: the handle typedef and the three starters' prototypes. */
void lower_prototypes(Em *e, AsyncFn *fn) {
  const char *ps = params_text(e, fn);
  em_task_typedef(e, fn->returns_void ? "void" : fn->ret_type);
  em_ensure_newline(e);
  for (enum Starter k = START_CALL; k <= START_TASK; k++) {
    emit_signature(e, fn, k, ps);
    em_put(e, ";\n");
  }
}

/* The spawn starter's body up to the parameters' stores: a task of
 * NAME's frame (handle type H, value VAL), its frame in ac_f:
 *   { H ac_h; frame *ac_fr; struct NAME__frame *ac_f;
 *     ac_h.t = <a task>; ac_f = (struct NAME__frame *)ac_fr; */
static void emit_spawn_open(Em *e, const char *name, const char *h, const char *val) {
  const char *ptr = out_frame_ptr();
  em_printf(e,
            " {\n  %s ac_h;\n  %s *ac_fr;\n"
            "  struct %s__frame *%s;\n"
            "  ac_h.t = %s;\n"
            "  %s = (struct %s__frame *)ac_fr;\n",
            h, out_frame_type(), name, ptr, out_task_alloc(e, name, val), ptr, name);
}

/* f__lines, f__info, and the three starters:
 *   f__call: a frame (result into *ac_res), parameters stored;
 *   f__spawn: a task of its own frame, created at ac_file:ac_line;
 *   f: f__spawn without a site. */
void emit_starters(Fn *f) {
  AsyncFn *fn = f->fn;
  Em *e = f->em;
  const char *ps = params_text(e, fn);
  const char *ret = fn->returns_void ? "void" : fn->ret_type;
  const char *val = fn->returns_void ? out_void_value_type() : fn->ret_type;
  const char *h = mangle_task_type(f->ctx, ret);
  const char *n = fn->name;
  Arena *A = &f->ctx->arena;

  out_resume_prototype(e, n);
  /* the line each resume state waits on, for ac_dump_tasks: a table
   * rather than a store per await keeps the frame header at 16 bytes */
  int def_line = f->ctx->toks[fn->name_tok].line;
  em_printf(e, "static const int %s__lines[] = {%d", n, def_line);
  for (int k = 1; k <= f->nstates; k++)
    em_printf(e, k % 16 == 0 ? ",\n  %d" : ", %d", k < f->state_cap ? f->state_line[k] : def_line);
  put(f, "};\n");
  out_function_info(e, arena_printf(A, "%s__info", n), n, def_line, arena_printf(A, "%s__resume", n),
              arena_printf(A, "struct %s__%s", n, f->temps || f->states ? "all" : "frame"),
              arena_printf(A, "%s__lines", n));
  const char *ptr = out_frame_ptr();
  put(f, out_maybe_unused());
  emit_signature(e, fn, START_CALL, ps);
  put(f, " {\n");
  em_printf(e, "  struct %s__frame *%s = (struct %s__frame *)%s;\n", n, ptr, n,
            out_frame_alloc(e, n, fn->returns_void));
  emit_param_stores(f);
  if (fn->is_generator) put(f, out_gen_mark());
  em_printf(e, "  return %s;\n}\n", out_frame_hdr());

  put(f, out_maybe_unused());
  emit_signature(e, fn, START_SPAWN, ps);
  emit_spawn_open(e, n, h, val);
  emit_param_stores(f);
  em_printf(e, "  (void)%s;\n  return ac_h;\n}\n", ptr);

  put(f, out_maybe_unused());
  emit_signature(e, fn, START_TASK, ps);
  em_printf(e, " {\n  return %s__spawn((void *)0, 0", n);
  for (Sym *y = fn->frame_vars; y; y = y->next)
    if (y->param) em_printf(e, ", %s", y->name);
  put(f, ");\n}\n");
}

/* The hoisted text of tokens FIRST..LAST: identifiers that name a static
 * local hoisted before are renamed (not after `.` or `->`). */
static void emit_hoisted(Fn *f, int first, int last, Node *d) {
  Ctx *ctx = f->ctx;
  for (int i = first; i <= last; i++) {
    if (i > first) em_gap_before(f->em, i);
    const Tok *t = &ctx->toks[i];
    const char *rename = NULL;
    if (t->kind == TK_IDENT && t->keyword == KW_NONE && i > 0 &&
        ctx->toks[i - 1].punct != P_DOT && ctx->toks[i - 1].punct != P_ARROW) {
      for (Node *id = d ? d->list : NULL; id; id = id->next)
        if (id->tok == i && id->sym) rename = id->sym->field;
      for (Sym *y = f->hoisted; y && !rename; y = y->next)
        if (strlen(y->name) == (size_t)t->len && !memcmp(y->name, ctx->src.text + t->off, (size_t)t->len))
          rename = y->field;
    }
    if (rename) put(f, rename);
    else i = em_token(f->em, i);
  }
  put(f, "\n");
}

/* Does declaration D define `struct T {...}` (a tag with a body)? */
static bool defines_tagged_type(Ctx *ctx, Node *d) {
  for (int i = d->spec_first; i < d->spec_last; i++)
    if (ctx->toks[i + 1].punct == P_LBRACE && ctx->toks[i].kind == TK_IDENT &&
        ctx->toks[i].keyword == KW_NONE)
      return true;
  return false;
}

/* `enum { A, B };`: enumerators without a declarator. */
static bool is_anonymous_enum(Ctx *ctx, Node *d) {
  return !d->list && ctx->toks[d->spec_first].keyword == KW_enum;
}

/* Local typedefs, struct/union/enum definitions and static locals move to
 * file scope, in source order, in front of the frame whose fields may use
 * them; statics get a name of their own (`f__count`). */
static void hoist_decl(Fn *f, Node *d) {
  Ctx *ctx = f->ctx;
  if (d->flags & DF_STATIC && !(d->flags & DF_FUNCTION)) {
    emit_hoisted(f, d->first, d->last, d);
    for (Node *id = d->list; id; id = id->next)
      if (id->sym) {
        id->sym->next = f->hoisted;
        f->hoisted = id->sym;
      }
    scratch(f, d)->hoisted = true;
  } else if (d->flags & DF_TYPEDEF || is_anonymous_enum(ctx, d)) {
    emit_hoisted(f, d->first, d->last, NULL);
    scratch(f, d)->hoisted = true;
  } else if ((d->flags & DF_DEFINES_TYPE) && defines_tagged_type(ctx, d) &&
             !(d->flags & DF_EXTERN)) {
    int kw = d->spec_first;
    while (kw < d->spec_last && ctx->toks[kw].keyword != KW_struct &&
           ctx->toks[kw].keyword != KW_union && ctx->toks[kw].keyword != KW_enum)
      kw++;
    int end = kw;
    for (int depth = 0; end <= d->spec_last; end++) {
      if (ctx->toks[end].punct == P_LBRACE) depth++;
      if (ctx->toks[end].punct == P_RBRACE && --depth == 0) break;
    }
    emit_hoisted(f, kw, end, NULL);
    put(f, ";\n");
    if (!d->list) scratch(f, d)->hoisted = true;
  }
}

/* The typedefs, tag definitions and statics of statement list S and the
 * statements under it, each at file scope in source order (hoist_decl). */
void hoist_types(Fn *f, Node *s) {
  for (; s; s = s->next) {
    if (s->kind == N_DECL) {
      hoist_decl(f, s);
      continue;
    }
    if (s->kind == N_FOR && s->init && s->init->kind == N_DECL) hoist_decl(f, s->init);
    if (s->kind == N_BLOCK) hoist_types(f, s->body);
    Node *kids[3] = {s->a, s->b, s->c};
    for (int i = 0; i < 3; i++)
      if (kids[i] && kids[i]->kind <= N_STATIC_ASSERT) hoist_types(f, kids[i]);
  }
}

/* ------------------------------------------------- leaf operations as tasks */

/* The task that leaf operation OP (declared with AC_AWAITABLE) becomes
 * where a handle is wanted (`ac_wait_for(ac_queue_get(&q, &x), 0.5)`):
 * a tiny async function NAME whose body is `return await op(params);`,
 * its frame holding the arguments, evaluated at the site:
 *   struct NAME__frame { <header>; params as fields ac_p0...; [T ac_val;] };
 *   static int NAME__resume(hdr) { dispatch; <await op(fields) into ac_val>;
 *                                  <result> = ac_val; done }
 *   NAME__lines, NAME__info;
 *   static H NAME__spawn(const char *ac_file, int ac_line, params)
 * A cancelled task is cancelled inside the operation's wait, whose own
 * hook leaves its object consistent. LINE: the site's .ac line. */
void emit_leaf_task(Fn *f, const Awaitable *op, const char *name, int line) {
  Em *e = f->em;
  Arena *A = &f->ctx->arena;
  bool is_void = !strcmp(op->type_text, "void");
  em_task_typedef(e, op->type_text);
  em_ensure_newline(e);
  out_frame_struct_open(e, name);
  for (int i = 0; i < op->nparams; i++) em_printf(e, "  %s;\n", op->params[i]);
  if (!is_void) em_printf(e, "  %s ac_val;\n", op->type_text);
  if (op->state_type) em_printf(e, "  %s ac_state;\n", op->state_type);
  put(f, "};\n");

  out_resume_prototype(e, name);
  em_printf(e, "static const int %s__lines[] = {%d, %d};\n", name, line, line);
  out_function_info(e, arena_printf(A, "%s__info", name), op->name, line,
                    arena_printf(A, "%s__resume", name), arena_printf(A, "struct %s__frame", name),
                    arena_printf(A, "%s__lines", name));

  out_resume_open(e, name, false);
  out_dispatch_open(e);
  put(f, "  case 0: break;\n  case 1: goto ac_resume_1;\n");
  out_dispatch_close(e);
  const char **args = arena_alloc(A, sizeof *args * (size_t)(op->nparams + 1));
  for (int i = 0; i < op->nparams; i++)
    args[i] = out_field(e, arena_printf(A, "ac_p%d", i));
  const char *val = is_void ? NULL : out_field(e, "ac_val");
  const char *state = op->state_type ? arena_printf(A, "&%s", out_field(e, "ac_state")) : NULL;
  const char *call = out_await_leaf(e, op->name, val ? arena_printf(A, "&%s", val) : NULL, state,
                                    args, op->nparams);
  em_printf(e, "  %s\n", out_await(e, 1, call, "ac_fail"));
  if (!is_void)
    em_printf(e, "  %s;\n",
              out_copy(e, arena_printf(A, "&%s", out_result_slot(e, op->type_text)),
                       arena_printf(A, "&%s", val), arena_printf(A, "sizeof %s", val)));
  em_printf(e, "  %s = 0;\n  %s\nac_fail:\n  %s\n}\n", out_frame_err(), out_return_done(),
            out_return_done());

  em_printf(e, "static %s %s__spawn(const char *ac_file, int ac_line",
            mangle_task_type(f->ctx, op->type_text), name);
  for (int i = 0; i < op->nparams; i++) em_printf(e, ", %s", op->params[i]);
  put(f, ")");
  emit_spawn_open(e, name, mangle_task_type(f->ctx, op->type_text),
                  is_void ? out_void_value_type() : op->type_text);
  /* the arguments arrive converted to the declared types, as in a call;
   * a copy stores them even where a const qualifier forbids `=` */
  for (int i = 0; i < op->nparams; i++)
    em_printf(e, "  %s;\n",
              out_copy(e, arena_printf(A, "&%s", args[i]), arena_printf(A, "&ac_p%d", i),
                       arena_printf(A, "sizeof ac_p%d", i)));
  em_printf(e, "  return ac_h;\n}\n");
}
