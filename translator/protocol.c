/* protocol.c - the runtime's spelling: every name of asyncc.h's protocol
 * that generated code uses, written here and nowhere else.
 *
 * Takes: what a protocol element needs (a state number, a handle's text,
 * a function's name). Guarantees: one helper per element of the protocol
 * (an await of each kind, a spawn, a copy, the function info, the frame's
 * header and routing fields, the starters' runtime calls, the #include of
 * asyncc.h with its version check, the task(T) typedefs), returning the C
 * text (in the arena) where the lowering composes expressions and lines,
 * or writing it where it is a whole declaration. A change of the protocol
 * (AC_PROTOCOL_VERSION) is a change of this file (and asyncc.h) only: the
 * lowering (lower*.c) and the driver (emit.c) name no runtime entry point
 * (ctest translator-protocol checks that).
 *
 * Why a file of its own rather than more of output.c: output.c owns where
 * text goes and which .ac line it stands for, and changes with the #line
 * work; this file owns what the runtime is called, and changes with
 * asyncc.h. It stands on output.c (em_put, em_printf) and on nothing else.
 */
#include "translator.h"

#include <asyncc.h> /* AC_PROTOCOL_VERSION: the header is its one source */
#include <string.h>

typedef struct EmittedType {
  const char *mangled;
  struct EmittedType *next;
} EmittedType;

static const char *fmt(Em *e, const char *f, ...) PRINTF_LIKE(2, 3);
static const char *fmt(Em *e, const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  char *s = arena_vprintf(&e->ctx->arena, f, ap);
  va_end(ap);
  return s;
}

/* ------------------------------------------------------ the file level */

/* Generated code needs the runtime's header even where the user's file
 * (an .ah, typically) did not include it: once, before the first
 * generated line; its include guard makes a second one harmless. Before
 * that first line too, after the user's #include or ours, the check that
 * the header speaks the protocol this code was written for: code from
 * another asyncc would otherwise fail deep inside generated lines, or
 * compile and misbehave. The #error's text is a string literal, so an
 * apostrophe in it cannot start a character constant. */
void em_need_runtime(Em *e) {
  if (e->has_protocol) return;
  em_ensure_newline(e);
  if (!e->has_runtime) em_put(e, "#include <asyncc.h>\n");
  e->has_runtime = e->has_protocol = true;
  em_printf(e,
            "#if AC_PROTOCOL_VERSION != %d\n"
            "#error \"translated by asyncc for runtime protocol %d, which this "
            "asyncc.h does not speak: translate the .ac again with the asyncc "
            "of this runtime\"\n"
            "#endif\n",
            AC_PROTOCOL_VERSION, AC_PROTOCOL_VERSION);
}

/* "const char *" -> "ac_task__const_char_p". */
const char *mangle_task_type(Ctx *ctx, const char *type_text) {
  Buf b = {0};
  buf_puts(&b, "ac_task__");
  bool sep = false;
  for (const char *p = type_text; *p; p++) {
    char c = *p;
    if (c == ' ') {
      sep = true;
      continue;
    }
    if (sep && b.len > 9 && b.data[b.len - 1] != '_') buf_puts(&b, "_");
    sep = false;
    if (c == '*') buf_puts(&b, b.data[b.len - 1] == '_' ? "p" : "_p");
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '_')
      buf_append(&b, &c, 1);
    else buf_puts(&b, "_");
  }
  const char *s = b.failed ? "ac_task__oom" : arena_strndup(&ctx->arena, b.data, b.len);
  buf_free(&b);
  return s;
}

/* The guarded typedef of task(TYPE_TEXT), once per output file. */
void em_task_typedef(Em *e, const char *type_text) {
  em_need_runtime(e);
  const char *m = mangle_task_type(e->ctx, type_text);
  for (EmittedType *t = e->types; t; t = t->next)
    if (!strcmp(t->mangled, m)) return;
  EmittedType *t = arena_alloc(&e->ctx->arena, sizeof *t);
  t->mangled = m;
  t->next = e->types;
  e->types = t;
  if (!strcmp(m, "ac_task__void") || !strcmp(m, "ac_task__int")) return;
  const char *guard = m + 9; /* after "ac_task__" */
  em_ensure_newline(e);
  em_printf(e,
            "#ifndef AC_TASK_DEFINED_%s\n#define AC_TASK_DEFINED_%s\n"
            "AC_TASK_TYPE(%s, %s);\n#endif\n",
            guard, guard, m, type_text);
}

/* Has the typedef of handle type MANGLED been written (or does asyncc.h
 * have it)? */
bool em_task_type_done(Em *e, const char *mangled) {
  if (!strcmp(mangled, "ac_task__void") || !strcmp(mangled, "ac_task__int")) return true;
  for (EmittedType *t = e->types; t; t = t->next)
    if (!strcmp(t->mangled, mangled)) return true;
  return false;
}

/* A handle type of its own for a value of type TYPE_TEXT (C text, a
 * __typeof__ say): AC_TASK_TYPE(NAME, TYPE_TEXT); on a line. */
void out_task_type(Em *e, const char *name, const char *type_text) {
  em_printf(e, "AC_TASK_TYPE(%s, %s);\n", name, type_text);
}

/* Process pools fork their workers from a clean image of the program,
 * taken before main while it has one thread (asyncc.h, Offload). */
void out_prefork_ctor(Em *e) {
  em_ensure_newline(e);
  em_put(e, "#if defined(__GNUC__) || defined(__clang__) || defined(__TINYC__)\n"
            "__attribute__((constructor)) static void ac__prefork_ctor(void) {\n"
            "  ac__process_prefork();\n}\n#endif\n");
}

/* `static const ac__fninfo_t NAME = {...};`: what the runtime knows of a
 * function (or an offload job's task): its name, file and line, resume
 * function, frame size and alignment, and resume-state lines. */
void out_function_info(Em *e, const char *name, const char *shown, int line,
                       const char *resume, const char *frame_type, const char *lines) {
  em_printf(e,
            "static const ac__fninfo_t %s = {\"%s\", %s, %d, %s, sizeof(%s), _Alignof(%s), %s};\n",
            name, shown, e->ac_name, line, resume, frame_type, frame_type, lines);
}

/* ----------------------------------------------------------- types */

const char *out_frame_type(void) { return "ac_frame_t"; }
const char *out_task_ptr_type(void) { return "ac_task_t *"; }
const char *out_job_ptr_type(void) { return "ac_job_t *"; }
/* What a task(void) holds in place of a value. */
const char *out_void_value_type(void) { return "ac_void_t"; }
/* A starter that a file may not call (asyncc.h: unused attribute). */
const char *out_maybe_unused(void) { return "AC__MAYBE_UNUSED "; }

/* ----------------------------------------------------------- the frame
 *
 * How generated code reaches the running function's frame, spelled once:
 * its pointer `ac_f` in f__resume and the starters, its header (asyncc.h's
 * ac_frame_t `ac_hdr`: state, err), and the fields the lowering adds to
 * it: per try K, the exception it holds (ac_exc_K) and where its finally
 * goes on (ac_fin_K, a Jump code), and a return value waiting for finally
 * blocks (ac_ret).
 */
#define FRAME_PTR "ac_f"
#define FRAME_FIELD FRAME_PTR "->"
#define FRAME_HDR FRAME_FIELD "ac_hdr"

const char *out_frame_ptr(void) { return FRAME_PTR; }
/* How a frame variable is reached: "ac_f->" then its field name. */
const char *out_field_prefix(void) { return FRAME_FIELD; }
const char *out_field(Em *e, const char *name) { return fmt(e, FRAME_FIELD "%s", name); }
/* &ac_f->ac_hdr: the frame as the runtime takes it. */
const char *out_frame_hdr(void) { return "&" FRAME_HDR; }
const char *out_frame_err(void) { return FRAME_HDR ".err"; }
const char *out_frame_state(void) { return FRAME_HDR ".state"; }
const char *out_exc(Em *e, int k) { return fmt(e, FRAME_FIELD "ac_exc_%d", k); }
const char *out_fin(Em *e, int k) { return fmt(e, FRAME_FIELD "ac_fin_%d", k); }
const char *out_ret(void) { return FRAME_FIELD "ac_ret"; }

/* struct NAME__frame { ac_frame_t ac_hdr;   (the fields follow) */
void out_frame_struct_open(Em *e, const char *name) {
  em_printf(e, "struct %s__frame {\n  ac_frame_t ac_hdr;\n", name);
}

/* The routing fields of try K that its code names; the waiting return
 * value. */
void out_frame_try_fields(Em *e, int k, bool exc, bool fin) {
  if (exc && fin) em_printf(e, "  int ac_exc_%d, ac_fin_%d;\n", k, k);
  else if (exc) em_printf(e, "  int ac_exc_%d;\n", k);
  else if (fin) em_printf(e, "  int ac_fin_%d;\n", k);
}
void out_frame_ret_field(Em *e, const char *type) { em_printf(e, "  %s ac_ret;\n", type); }

/* *AC__RESULT(ac_f, T): the function's result slot. */
const char *out_result_slot(Em *e, const char *type) {
  return fmt(e, "*AC__RESULT(" FRAME_PTR ", %s)", type);
}

/* Falling off the end of a non-void function: its result reads 0. */
const char *out_result_zero(Em *e, const char *type) {
  return fmt(e, "ac__result_zero(&" FRAME_HDR ", sizeof(%s));", type);
}

/* The resume function's statement that ends it, done or failed. */
const char *out_return_done(void) { return "return AC__DONE;"; }

/* AC__COPY(DST, SRC, SIZE): bytes copied where `=` may not be allowed
 * (a const member); its value is DST. */
const char *out_copy(Em *e, const char *dst, const char *src, const char *size) {
  return fmt(e, "AC__COPY(%s, %s, %s)", dst, src, size);
}

/* What `throw VALUE` on .ac line LINE stores as the failure (a
 * non-negative code becomes a failure); the runtime notes the line and
 * the frames, for the report of a failure nobody catches. */
const char *out_throwable(Em *e, const char *value, int line) {
  return fmt(e, "ac__throw(&" FRAME_HDR ", %s, %d)", value, line);
}

/* --------------------------------------------------- resume functions */

/* static int NAME__resume(ac_frame_t *ac_hdr); */
void out_resume_prototype(Em *e, const char *name) {
  em_printf(e, "static int %s__resume(ac_frame_t *ac_hdr);\n", name);
}

/* The resume function's head: its frame pointer, its temporaries (after
 * the frame in the same allocation), and the dispatch switch's opening. */
void out_resume_open(Em *e, const char *name, bool has_temps) {
  em_printf(e, "static int %s__resume(ac_frame_t *ac_hdr) {\n", name);
  em_printf(e, "  struct %s__frame *" FRAME_PTR " = (struct %s__frame *)ac_hdr;\n", name, name);
  if (has_temps)
    em_printf(e, "  struct %s__temps *ac_t = &((struct %s__all *)ac_hdr)->t;\n", name, name);
}

/* The dispatch's `switch (state) {`; its default, a state that does not
 * exist, and its closing brace. */
void out_dispatch_open(Em *e) { em_put(e, "  switch (" FRAME_HDR ".state) {\n"); }
void out_dispatch_close(Em *e) { em_put(e, "  default: return ac__bad_state(ac_hdr);\n  }\n"); }

/* One suspension point (asyncc.h's AC__AWAIT: the state, the call, the
 * resume label, the failure test):
 *   AC__AWAIT(&hdr, N, CALL, ON_ERR);
 * The one expansion of an await: every kind below is only its CALL. */
const char *out_await(Em *e, int state, const char *call, const char *on_err) {
  return fmt(e, "AC__AWAIT(&" FRAME_HDR ", %d, %s, %s);", state, call, on_err);
}

/* A generator's suspension at `yield` (asyncc.h's AC__YIELD). */
const char *out_yield(Em *e, int state, const char *on_err) {
  return fmt(e, "AC__YIELD(&" FRAME_HDR ", %d, %s);", state, on_err);
}

/* ----------------------------------------------- the calls awaited */

/* g__call([RESULT_ADDR][, ARGS]): a frame for `await g(args)`. ARGS is
 * the argument list's text, "" for none. */
const char *out_call_frame(Em *e, const char *fn, const char *result_addr, const char *args) {
  const char *sep = result_addr && *args ? ", " : "";
  return fmt(e, "%s__call(%s%s%s)", fn, result_addr ? result_addr : "", sep, args);
}

/* ac__await_call(&hdr, FRAME): runs FRAME (from g__call) inline. */
const char *out_await_call(Em *e, const char *frame) {
  return fmt(e, "ac__await_call(&" FRAME_HDR ", %s)", frame);
}

/* The awaits of a task handle H (any task(T) expression, an ac_task_t *
 * at .t): for its end; for its end, shielded from the waiter's
 * cancellation; for its end or SECONDS, whichever comes first. */
const char *out_await_task(Em *e, const char *h) {
  return fmt(e, "ac__await_task(&" FRAME_HDR ", %s.t)", h);
}
const char *out_await_shield(Em *e, const char *h) {
  return fmt(e, "ac__await_shield(&" FRAME_HDR ", %s.t)", h);
}
const char *out_await_wait_for(Em *e, const char *h, const char *seconds) {
  return fmt(e, "ac__await_wait_for(&" FRAME_HDR ", %s.t, %s)", h, seconds);
}
/* The value of a finished task's handle H. */
const char *out_task_result(Em *e, const char *h) { return fmt(e, "AC__TASK_RES(%s)", h); }

/* ac_gather(h1, ..., hN): the N handles' texts in HANDLES. */
const char *out_await_gather(Em *e, const char **handles, int n) {
  if (n == 0) return "ac__await_gather(&" FRAME_HDR ", (void *)0, 0, 0)";
  Buf b = {0};
  buf_puts(&b, "ac__await_gather(&" FRAME_HDR ", (ac_task_t *[]){");
  for (int i = 0; i < n; i++) {
    if (i) buf_puts(&b, ", ");
    buf_puts(&b, "(");
    buf_puts(&b, handles[i]);
    buf_puts(&b, ").t");
  }
  buf_puts(&b, "}, ");
  const char *head = b.failed ? "0" : arena_strndup(&e->ctx->arena, b.data, b.len);
  buf_free(&b);
  return fmt(e, "%s%d, sizeof(ac_task_t *))", head, n);
}

/* name__await(&hdr, RESULT_ADDR or NULL, [STATE_ADDR,] (a1), ...) of an
 * operation a header declared with AC_AWAITABLE (AC_AWAITABLE_WITH when
 * STATE_ADDR is not NULL: the frame's storage for its wait); each
 * argument in parentheses, as name__await may be a macro. ARGS: the
 * arguments' texts. */
const char *out_await_leaf(Em *e, const char *name, const char *result_addr,
                           const char *state_addr, const char **args, int n) {
  Buf b = {0};
  buf_puts(&b, name);
  buf_puts(&b, "__await(&" FRAME_HDR ", ");
  buf_puts(&b, result_addr ? result_addr : "(void *)0");
  if (state_addr) {
    buf_puts(&b, ", ");
    buf_puts(&b, state_addr);
  }
  for (int i = 0; i < n; i++) {
    buf_puts(&b, ", (");
    buf_puts(&b, args[i]);
    buf_puts(&b, ")");
  }
  buf_puts(&b, ")");
  const char *s = b.failed ? "0" : arena_strndup(&e->ctx->arena, b.data, b.len);
  buf_free(&b);
  return s;
}

/* A generator driven by `for await`: its next value, its early close,
 * its end, its frame freed. */
const char *out_await_next(Em *e, const char *gen) {
  return fmt(e, "ac__await_next(&" FRAME_HDR ", %s)", gen);
}
const char *out_await_close(Em *e, const char *gen) {
  return fmt(e, "ac__await_close(&" FRAME_HDR ", %s)", gen);
}
const char *out_gen_finished(Em *e, const char *gen) { return fmt(e, "ac__gen_finished(%s)", gen); }
const char *out_gen_free(Em *e, const char *gen) { return fmt(e, "ac__gen_free(%s);", gen); }
/* In a generator's g__call: marks its frame as a generator's, which a
 * `for await` of a mere prototype relies on (runtime/generator.c). */
const char *out_vla_alloc(void) { return "ac__vla_alloc"; }
const char *out_vla_free(Em *e, const char *p) { return fmt(e, "ac__vla_free(%s);", p); }
const char *out_gen_mark(void) { return "  ac__gen_mark(&" FRAME_HDR ");\n"; }

/* ---------------------------------------------------------- starters */

/* A frame for `await NAME(...)`: one whose result goes to *ac_res, or
 * (RETURNS_VOID) one without. */
const char *out_frame_alloc(Em *e, const char *name, bool returns_void) {
  return returns_void ? fmt(e, "ac__frame_new(&%s__info)", name)
                      : fmt(e, "ac__frame_call(&%s__info, ac_res)", name);
}

/* A task of NAME's frame, its value VALUE_TYPE, created at ac_file:ac_line
 * (the starter's parameters); its frame into ac_fr. */
const char *out_task_alloc(Em *e, const char *name, const char *value_type) {
  return fmt(e, "ac__spawn(&%s__info, sizeof(%s), ac_file, ac_line, &ac_fr, (void *)0)", name,
             value_type);
}

/* `f(args)` of an async function, not awaited: a task, created with the
 * .ac line of the call (through #line, __LINE__ is that line). ARGS is
 * the argument list's text, "" for none. */
const char *out_spawn(Em *e, const char *fn, const char *args) {
  return fmt(e, "%s__spawn(__FILE__, __LINE__%s%s)", fn, *args ? ", " : "", args);
}

/* --------------------------------------------------------- offload jobs */

/* struct NAME { ac_job_t ac_hdr; struct NAME_cap cap;   (result follows) */
void out_job_struct_open(Em *e, const char *name) {
  em_printf(e, "struct %s {\n  ac_job_t ac_hdr;\n  struct %s_cap cap;\n", name, name);
}

/* static void NAME_run(ac_job_t *ac_j) { struct NAME *ac_c = ...; */
void out_job_run_open(Em *e, const char *name) {
  em_printf(e, "static void %s_run(ac_job_t *ac_j) {\n", name);
  em_printf(e, "  struct %s *ac_c = (struct %s *)ac_j;\n  (void)ac_c;\n  ", name, name);
}

/* The ac__job_bytes_t NAME_bytes of struct NAME: which of its N capture
 * FIELDS, and its result if WANT, are ac_bytes_t, chosen by the C compiler
 * (AC__BYTES_AT's _Generic), since only it knows EXPR's type. */
void out_job_bytes(Em *e, const char *name, const char *const *fields, int n, bool want) {
  if (n > 0) {
    em_printf(e, "static const size_t %s_bcaps[] = {", name);
    for (int i = 0; i < n; i++)
      em_printf(e, "%sAC__BYTES_AT(struct %s, cap.%s)", i ? ", " : "", name, fields[i]);
    em_printf(e, "};\n");
  }
  em_printf(e, "static const ac__job_bytes_t %s_bytes = {%s, %d, %s};\n", name,
            want ? fmt(e, "AC__BYTES_AT(struct %s, result)", name) : "AC__NOT_BYTES", n,
            n > 0 ? fmt(e, "%s_bcaps", name) : "(void *)0");
}

/* The job run as a task: struct NAME_task and its function info. */
void out_job_task_struct(Em *e, const char *name, const char *shown, int line) {
  em_printf(e, "struct %s_task {\n  ac__job_task_t base;\n  struct %s job;\n};\n", name, name);
  out_function_info(e, fmt(e, "%s_info", name), shown, line, "ac__job_task_resume",
                    fmt(e, "struct %s_task", name), "(void *)0");
}

/* The pool's kind of worker. */
static const char *job_kind(bool in_process) {
  return in_process ? "AC__JOB_PROCESS" : "AC__JOB_THREAD";
}

/* A new job of struct NAME whose run function is NAME_run. */
const char *out_job_new(Em *e, const char *name) {
  return fmt(e, "ac__job_new_bytes(sizeof(struct %s), %s_run, &%s_bytes)", name, name, name);
}
/* The await of JOB on POOL (NULL text: the default pool); its end. */
const char *out_await_job(Em *e, const char *pool, const char *job, bool in_process) {
  return fmt(e, "ac__await_job(&" FRAME_HDR ", %s, %s, %s)", pool, job, job_kind(in_process));
}
const char *out_job_done(Em *e, const char *job) { return fmt(e, "ac__job_done(%s);", job); }

/* EXPR's value, or an ac_void_t when EXPR is a void call. */
const char *out_value_or_void(Em *e, const char *expr) {
  return fmt(e, "AC__VALUE_OR_VOID(%s)", expr);
}

/* The job of struct NAME (filled in PROTO, a frame temporary) as a task:
 *   (PROTO.ac_hdr.run = NAME_run, PROTO.ac_hdr.bytes = &NAME_bytes,
 *    CAPTURES TH = ac__spawn_job(...), (H){TH})
 * CAPTURES: the captured fields' stores, each followed by ", ". */
const char *out_spawn_job(Em *e, const char *name, const char *proto, const char *captures,
                          const char *pool, bool in_process, bool want, const char *th,
                          const char *tr, const char *h) {
  const char *result =
      want ? fmt(e, "__builtin_offsetof(struct %s, result), sizeof %s.result", name, proto)
           : "0, 0";
  return fmt(e,
             "(%s.ac_hdr.run = %s_run, %s.ac_hdr.bytes = &%s_bytes, %s%s = ac__spawn_job(&%s_info, "
             "&%s.ac_hdr, __builtin_offsetof(struct %s_task, job), sizeof(struct %s), %s, %s, %s, "
             "__FILE__, __LINE__, &%s), (%s){%s})",
             proto, name, proto, name, captures, th, name, proto, name, name, pool,
             job_kind(in_process), result, tr, h, th);
}

/* ------------------------------------------------------ timeout scopes */

const char *out_timeout_type(bool pointer) { return pointer ? "ac_timeout_t *" : "ac_timeout_t"; }

const char *out_timeout_enter(Em *e, bool at, const char *scope, const char *delay) {
  return fmt(e, "ac__timeout_enter%s(%s, (%s));", at ? "_at" : "", scope, delay);
}

const char *out_timeout_exit(Em *e, const char *scope, const char *pending) {
  return fmt(e, "ac__timeout_exit(%s, %s)", scope, pending);
}
