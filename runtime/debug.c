/* debug.c - reports about tasks: the async backtrace (ac_dump_tasks, and
 * the same as data through ac_task_iter_*), the dump on a signal,
 * ac_live_tasks, debug mode's slow steps and wrong-thread calls, and the
 * report of a corrupted resume state. Reads tasks, never changes them.
 *
 * Takes: the live tasks (task.c's walk) and, for a task parked on a wait
 * kind, the kind's optional describe hook (asyncc.h), which adds words
 * ("1.5 s left") and names the tasks the parked one waits for (a gather's
 * members). Guarantees: a snapshot (ac_task_iter_new) is a copy that owns
 * all its memory; the core names no wait kind. "Awaited by" links are the
 * inverse of "waits for": `await t` (the core's own state), what the
 * describe hooks report, and a task group's watcher tasks replaced by the
 * group's body (group.c).
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The frame of T's that waits in user code, and the .ac line of its
 * await: a runtime operation's frame has no lines, so its caller's. */
static const ac_frame_t *waiting_frame(const ac_task_t *t, int *line) {
  const ac_frame_t *f = t->top;
  while (f->info->lines == NULL && f != AC__ROOT(t))
    f = AC__FHEAD(f)->parent;
  *line = f->info->lines != NULL ? f->info->lines[f->state] : f->info->line;
  return f;
}

/* ================= describe hooks' side ================= */

typedef struct {
  const ac_task_t *waiter, *on;
  const char *how;
} edge_t;

struct ac__describe_s {
  char text[256];
  size_t len;
  const ac_task_t *self;
  edge_t *edges; /* every snapshot's "waits for" links */
  size_t nedges, cap;
};

void ac__describe_printf(ac__describe_t *d, const char *fmt, ...) {
  va_list ap;
  int n;
  if (d->len >= sizeof d->text - 1) return;
  va_start(ap, fmt);
  n = vsnprintf(d->text + d->len, sizeof d->text - d->len, fmt, ap);
  va_end(ap);
  if (n > 0) d->len += (size_t)n;
  if (d->len > sizeof d->text - 1) d->len = sizeof d->text - 1;
}

static void add_edge(ac__describe_t *d, const ac_task_t *waiter, const ac_task_t *on,
                     const char *how) {
  if (d->nedges == d->cap) {
    d->cap = d->cap != 0 ? d->cap * 2 : 32;
    d->edges = ac__realloc(d->edges, d->cap * sizeof *d->edges);
  }
  d->edges[d->nedges].waiter = waiter;
  d->edges[d->nedges].on = on;
  d->edges[d->nedges].how = how;
  d->nedges++;
}

void ac__describe_awaits(ac__describe_t *d, const ac_task_t *on, const char *how) {
  add_edge(d, d->self, on, how);
}

/* ================= snapshots ================= */

typedef struct {
  ac_task_info_t info;
  const ac_task_t *task;
  size_t up; /* 1 + the index of its awaiter's entry; 0: none */
} entry_t;

struct ac_task_iter_s {
  entry_t *a;
  size_t len, cap, next;
};

static char *copy_string(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(ac__malloc(n), s, n);
}

/* T's frames, innermost first: user frames and generators; a runtime
 * frame (no lines: an operation, a promise's body) is left out, its state
 * tells the wait. */
static void snapshot_frames(const ac_task_t *t, ac_task_info_t *info) {
  const ac_frame_t *f;
  size_t n = 0, cap = 8;
  ac_frame_info_t *a;
  if (!(t->flags & AC__F_STARTED) || t->wait == AC__W_DONE) return;
  a = ac__malloc(cap * sizeof *a);
  for (f = t->top; f != NULL; f = f == AC__ROOT(t) ? NULL : AC__FHEAD(f)->parent) {
    int is_root = f == AC__ROOT(t);
    if (f->info->lines == NULL) continue;
    if (n == cap) a = ac__realloc(a, (cap *= 2) * sizeof *a);
    a[n].function = f->info->name;
    a[n].file = f->info->file;
    a[n].line = f->info->lines[f->state];
    a[n].generator = !is_root && (AC__FHEAD(f)->flags & AC__FRAME_GEN) != 0;
    n++;
  }
  info->frames = a;
  info->nframes = n;
}

/* T's state and detail, and the links "T waits for X" into D. */
static void snapshot_wait(ac_task_t *t, ac_task_info_t *info, ac__describe_t *d) {
  const ac__waitops_t *ops = ac__parked_ops(t);
  d->len = 0;
  d->text[0] = '\0';
  d->self = t;
  info->state = !(t->flags & AC__F_STARTED) && t->wait == AC__W_READY
                    ? "not started"
                    : ac__task_state_name(t);
  if (t->wait == AC__W_TASK) {
    ac_task_t *on = t->u.wait.on;
    ac__describe_printf(d, "\"%s\" %s", ac__task_name(on), AC__ROOT(on)->info->name);
    ac__describe_awaits(d, on, "await");
  } else if (ops != NULL && ops->describe != NULL) {
    ops->describe(t, d);
  }
  info->detail = copy_string(d->text);
}

typedef struct {
  ac_task_iter_t *it;
  ac__describe_t *d;
} snapshot_t;

static void snapshot_one(ac_task_t *t, void *arg) {
  snapshot_t *s = arg;
  ac_task_iter_t *it = s->it;
  entry_t *e;
  if (it->len == it->cap) {
    it->cap = it->cap != 0 ? it->cap * 2 : 32;
    it->a = ac__realloc(it->a, it->cap * sizeof *it->a);
  }
  e = &it->a[it->len++];
  memset(e, 0, sizeof *e);
  e->task = t;
  e->info.id = t;
  e->info.name = copy_string(ac__task_name(t));
  e->info.function = AC__ROOT(t)->info->name;
  e->info.created_file = t->site != 0 ? ac__site_file(t->site) : NULL;
  e->info.created_line = ac__site_line(t->site);
  e->info.awaited_how = "";
  snapshot_frames(t, &e->info);
  snapshot_wait(t, &e->info, s->d);
}

static int by_task(const void *x, const void *y) {
  uintptr_t a = (uintptr_t)((const entry_t *const *)x)[0]->task;
  uintptr_t b = (uintptr_t)((const entry_t *const *)y)[0]->task;
  return a < b ? -1 : a > b;
}

static entry_t *find_entry(entry_t **index, size_t n, const ac_task_t *t) {
  entry_t key, *k = &key;
  entry_t **hit;
  key.task = t;
  hit = bsearch(&k, index, n, sizeof *index, by_task);
  return hit != NULL ? *hit : NULL;
}

/* The entries of IT sorted by task, for find_entry (free it). */
static entry_t **sorted_index(ac_task_iter_t *it) {
  entry_t **index = ac__malloc((it->len + 1) * sizeof *index);
  for (size_t i = 0; i < it->len; i++) index[i] = &it->a[i];
  qsort(index, it->len, sizeof *index, by_task);
  return index;
}

/* Each task's awaiter: the first link found that waits for it. A group's
 * watcher (`await child` on the group's behalf) stands for the group's
 * body. */
static void link_awaiters(ac_task_iter_t *it, const ac__describe_t *d) {
  entry_t **index = sorted_index(it);
  size_t i;
  for (i = 0; i < d->nedges; i++) {
    entry_t *on = find_entry(index, it->len, d->edges[i].on);
    const ac_task_t *waiter = d->edges[i].waiter;
    const char *how = d->edges[i].how;
    const ac_task_t *body = ac__group_watcher_body(waiter);
    if (body != NULL) {
      waiter = body;
      how = "task group";
    }
    if (on != NULL && on->info.awaited_by == NULL) {
      on->info.awaited_by = waiter;
      on->info.awaited_how = how;
    }
  }
  ac__free(index);
}

/* Leaves a group's watchers out: their child shows the group instead. */
static void drop_watchers(ac_task_iter_t *it) {
  size_t i, k = 0;
  for (i = 0; i < it->len; i++) {
    entry_t *e = &it->a[i];
    if (ac__group_watcher_body(e->task) != NULL) {
      ac__free((void *)e->info.name);
      ac__free((void *)e->info.detail);
      ac__free((void *)e->info.frames);
      continue;
    }
    it->a[k++] = *e;
  }
  it->len = k;
}

/* Each entry's awaiter as an index (the printing walks chains up). */
static void index_awaiters(ac_task_iter_t *it) {
  entry_t **index = sorted_index(it);
  for (size_t i = 0; i < it->len; i++) {
    const entry_t *up = it->a[i].info.awaited_by != NULL
                            ? find_entry(index, it->len, it->a[i].info.awaited_by)
                            : NULL;
    it->a[i].up = up != NULL ? (size_t)(up - it->a) + 1 : 0;
  }
  ac__free(index);
}

ac_task_iter_t *ac_task_iter_new(void) {
  ac_task_iter_t *it = ac__calloc(1, sizeof *it);
  ac__describe_t *d = ac__calloc(1, sizeof *d);
  snapshot_t s;
  s.it = it;
  s.d = d;
  ac__walk(snapshot_one, &s);
  link_awaiters(it, d);
  drop_watchers(it);
  index_awaiters(it);
  ac__free(d->edges);
  ac__free(d);
  return it;
}

const ac_task_info_t *ac_task_iter_next(ac_task_iter_t *it) {
  return it->next < it->len ? &it->a[it->next++].info : NULL;
}

void ac_task_iter_free(ac_task_iter_t *it) {
  size_t i;
  if (it == NULL) return;
  for (i = 0; i < it->len; i++) {
    ac__free((void *)it->a[i].info.name);
    ac__free((void *)it->a[i].info.detail);
    ac__free((void *)it->a[i].info.frames);
  }
  ac__free(it->a);
  ac__free(it);
}

/* ================= the dump ================= */

static const ac_task_info_t *find_info(ac_task_iter_t *it, const void *id) {
  for (size_t i = 0; i < it->len; i++)
    if (it->a[i].info.id == id) return &it->a[i].info;
  return NULL;
}

static void print_task_head(FILE *out, const char *lead, const ac_task_info_t *ti) {
  fprintf(out, "%s\"%s\" %s", lead, ti->name, ti->function);
  if (ti->created_file != NULL)
    fprintf(out, " created at %s:%d", ti->created_file, ti->created_line);
}

/* Up the awaiters of TI, to one nobody awaits (a cycle is a deadlock:
 * stop). */
static void print_awaiters(FILE *out, ac_task_iter_t *it, const ac_task_info_t *ti) {
  const entry_t *e = ac__container_of(ti, entry_t, info);
  size_t depth = 0;
  while (e->up != 0 && depth++ < it->len) {
    const char *how = e->info.awaited_how;
    const ac_task_info_t *up;
    e = &it->a[e->up - 1];
    up = &e->info;
    fprintf(out, "    awaited by (%s) \"%s\" %s", how, up->name, up->function);
    if (up->nframes > 0)
      fprintf(out, " at %s:%d", up->frames[0].file, up->frames[0].line);
    fputc('\n', out);
  }
}

static void print_task(FILE *out, ac_task_iter_t *it, const ac_task_info_t *ti) {
  size_t i;
  print_task_head(out, "  task ", ti);
  fprintf(out, ": %s%s%s\n", ti->state, ti->detail[0] != '\0' ? ", " : "", ti->detail);
  for (i = 0; i < ti->nframes; i++)
    fprintf(out, "    %s %s at %s:%d\n", ti->frames[i].generator ? "in generator" : "in",
            ti->frames[i].function, ti->frames[i].file, ti->frames[i].line);
  print_awaiters(out, it, ti);
}

void ac_dump_tasks(void) {
  ac_task_iter_t *it = ac_task_iter_new();
  const ac_task_info_t *ti;
  fprintf(stderr, "asyncc: %zu live task(s), %zu unfinished:\n",
          ac__L.nlive, ac__L.nunfinished);
  while ((ti = ac_task_iter_next(it)) != NULL) print_task(stderr, it, ti);
  ac_task_iter_free(it);
}

/* ================= where failures were thrown ================= */

/* Debug mode: the chain of tasks awaiting T, as the dump prints it. */
static char *awaiters_text(const ac_task_t *t) {
  ac_task_iter_t *it = ac_task_iter_new();
  const ac_task_info_t *ti = find_info(it, t);
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  if (out != NULL) {
    if (ti != NULL) print_awaiters(out, it, ti);
    fclose(out);
  }
  ac_task_iter_free(it);
  return text;
}

/* Notes in the ring a failure CODE of T at LINE of FRAME, from VIA (a
 * runtime operation) or a throw (NULL): the frames up from there. */
static void note(ac_task_t *t, const ac_frame_t *frame, int code, int line, const char *via) {
  ac__throw_t *r = &ac__L.throws[ac__L.nthrows++ % AC__THROWS];
  const ac_frame_t *f = frame;
  int n = 0;
  free(r->awaiters); /* from open_memstream: libc's malloc */
  r->awaiters = NULL;
  r->task = t;
  r->code = code;
  r->round = ac__L.round;
  r->via = via;
  r->frames[n].info = f->info;
  r->frames[n++].line = line;
  while (t != NULL && f != AC__ROOT(t) && n < AC__THROW_FRAMES) {
    f = AC__FHEAD(f)->parent;
    if (f->info->lines == NULL) continue; /* a runtime frame */
    r->frames[n].info = f->info;
    r->frames[n++].line = f->info->lines[f->state];
  }
  r->nframes = n;
  if (ac__L.debug && t != NULL) r->awaiters = awaiters_text(t);
}

int ac__throw(ac_frame_t *frame, int code, int line) {
  code = ac__throwable(code);
  note(ac__L.current, frame, code, line, NULL);
  return code;
}

/* Whether failure CODE entering T now came from another task's noted
 * failure (a gather, `await t`: woken in this round or the two before,
 * a hop included), whose site is the one to keep. */
static int carried_from_task(const ac_task_t *t, int code) {
  unsigned i, n = ac__L.nthrows < AC__THROWS ? ac__L.nthrows : AC__THROWS;
  for (i = 0; i < n; i++) { /* newest first */
    const ac__throw_t *r = &ac__L.throws[(ac__L.nthrows - 1 - i) % AC__THROWS];
    if (r->code == code) return r->task != t && ac__L.round - r->round <= 2;
  }
  return 0;
}

void ac__note_failure(ac_task_t *t, const ac_frame_t *user, int code, const char *via) {
  if (carried_from_task(t, code)) return;
  note(t, user, code, user->info->lines[user->state], via);
}

int ac__fail_now(ac_frame_t *frame, int code, const char *via) {
  frame->err = code;
  if (frame->info->lines != NULL && ac__L.current != NULL)
    note(ac__L.current, frame, code, frame->info->lines[frame->state], via);
  return 0;
}

static const ac__throw_t *find_throw(const ac_task_t *t, int code) {
  const ac__throw_t *any = NULL;
  unsigned i, n = ac__L.nthrows < AC__THROWS ? ac__L.nthrows : AC__THROWS;
  for (i = 0; i < n; i++) { /* newest first */
    const ac__throw_t *r = &ac__L.throws[(ac__L.nthrows - 1 - i) % AC__THROWS];
    if (r->code != code) continue;
    if (r->task == t) return r;
    if (any == NULL) any = r;
  }
  return any;
}

void ac__report_throw(const ac_task_t *t, int code) {
  const ac__throw_t *r = find_throw(t, code);
  int i;
  if (r == NULL) return;
  if (r->via != NULL)
    fprintf(stderr, "  failed at %s:%d (%s); the async chain, innermost first:\n",
            r->frames[0].info->file, r->frames[0].line, r->via);
  else
    fprintf(stderr, "  thrown at %s:%d; the async chain, innermost first:\n",
            r->frames[0].info->file, r->frames[0].line);
  for (i = 0; i < r->nframes; i++)
    fprintf(stderr, "    in %s at %s:%d\n", r->frames[i].info->name, r->frames[i].info->file,
            r->frames[i].line);
  if (r->awaiters != NULL) fputs(r->awaiters, stderr);
}

void ac__throws_clear(void) {
  for (unsigned i = 0; i < AC__THROWS; i++) {
    free(ac__L.throws[i].awaiters);
    ac__L.throws[i].awaiters = NULL;
  }
  ac__L.nthrows = 0;
}

/* ================= the dump on a signal ================= */

/* A signal handle registered with handles.c: closed at ac_run's end. */
typedef struct {
  uv_signal_t h;
  ac_owned_handle_t owned;
} dump_signal_t;

static void on_dump_signal(uv_signal_t *h, int signum) {
  (void)h;
  fprintf(stderr, "asyncc: signal %d: the async backtrace of every task\n", signum);
  ac_dump_tasks();
}

static void free_dump_signal(uv_handle_t *h) { ac__free(h->data); }

static void close_dump_signal(ac_owned_handle_t *owned) {
  dump_signal_t *s = ac__container_of(owned, dump_signal_t, owned);
  uv_close((uv_handle_t *)&s->h, free_dump_signal);
}

int ac_dump_on_signal(int sig) {
  dump_signal_t *s;
  if (!ac__L.running) return AC_EINVAL;
  s = ac__calloc(1, sizeof *s);
  uv_signal_init(&ac__L.uv, &s->h);
  s->h.data = s;
  if (uv_signal_start(&s->h, on_dump_signal, sig) != 0) {
    uv_close((uv_handle_t *)&s->h, free_dump_signal);
    return AC_EINVAL;
  }
  uv_unref((uv_handle_t *)&s->h); /* a dump never keeps the loop alive */
  ac_handle_register(&s->owned, close_dump_signal);
  return 0;
}

/* Debug mode's SIGQUIT (ac__run, once the loop is open). */
void ac__debug_run_start(void) {
  if (ac__L.debug) (void)ac_dump_on_signal(SIGQUIT);
}

/* ================= debug mode ================= */

void ac__debug_slow_step(ac_task_t *t, uint64_t ns, int finished) {
  char where[512];
  fprintf(stderr, "asyncc: debug: task \"%s\" %s ran %.3f s without letting other tasks "
          "run, ", ac__task_name(t), AC__ROOT(t)->info->name, (double)ns / 1e9);
  if (finished) {
    fputs("to its end", stderr);
  } else {
    int line;
    const ac_frame_t *f = waiting_frame(t, &line);
    fprintf(stderr, "up to %s:%d", f->info->file, line);
  }
  fprintf(stderr, " (%s)\n", ac__site_where(t, where, sizeof where));
}

void ac__debug_check_thread(const char *what) {
  uv_thread_t self = uv_thread_self();
  if (!ac__L.running || uv_thread_equal(&self, &ac__L.thread)) return;
  fprintf(stderr, "asyncc: debug: %s called from a thread that is not the loop's "
          "while the loop runs; use ac_bridge_call or ac_bridge_submit\n", what);
  abort();
}

size_t ac_live_tasks(void) { return ac__L.nlive; }

int ac__bad_state(ac_frame_t *frame) {
  fprintf(stderr, "asyncc: %s: corrupted task state %d\n", frame->info->name,
          frame->state);
  frame->err = AC_EBADSTATE;
  return AC__DONE;
}
