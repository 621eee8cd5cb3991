/* process.c - subprocesses on libuv (asyncc.h "Subprocesses").
 *
 * Takes: a running loop (ac__L.uv). Guarantees: every child is reaped (no
 * zombie), whatever its waiters do: a waiter cancelled kills the child and
 * stays parked until libuv has reaped it; ac_process_close kills a running
 * child and lets libuv reap it; a process left open when ac_run ends is
 * closed by its ac_handle_register hook (killed), and loop.c's final
 * uv_run reaps it (its handle closes in the exit callback). Every pipe is a stream of
 * stream.c over a uv_pipe_t, closed by the program or by the process.
 *
 * ac_process_wait parks on a waiter list as stream.c's operations do
 * (wait.h). ac_process_communicate runs three runtime tasks (feed stdin,
 * collect stdout, collect stderr) gathered by ac__await_gather, so they run
 * concurrently and a failure of one cancels the others, then waits for the
 * exit.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wait.h"

#define OP_INFO(name, frame_type)                                            \
  static const ac__fninfo_t name##_info = {#name, "<asyncc runtime>", 0,      \
                                           name##_resume, sizeof(frame_type), \
                                           _Alignof(frame_type), NULL}

struct ac_process_s {
  uv_process_t proc;
  ac_stream_t *pipes[3];   /* stdin, stdout, stderr pipes; NULL once closed */
  ac__wlist_t waiters;     /* tasks in ac_process_wait */
  ac_owned_handle_t reg;   /* registered until ac_process_close */
  double kill_grace;
  size_t output_limit;
  int pid;
  char program[64];        /* its file's name, cut short (the dump) */
  int exited;              /* reaped: returncode is set */
  int returncode;
  int handle_closed;       /* the close callback of proc ran */
  int released;            /* ac_process_close: free once the handle is closed */
  int killing;             /* a cancelled waiter's kill is under way */
  int grace_armed;
  ac__tevent_t grace;      /* SIGKILL once the grace is over */
};

/* ================= lifetime ================= */

static void process_maybe_free(ac_process_t *p) {
  if (!p->released || !p->handle_closed) return;
  ac__free(p);
}

static void on_process_closed(uv_handle_t *h) {
  ac_process_t *p = h->data;
  p->handle_closed = 1;
  process_maybe_free(p);
}

static void wake_all(ac__wlist_t *l) {
  for (ac__waiter_t *w = l->head; w != NULL; w = w->next)
    if (w->state == AC__WS_PENDING) ac__wait_wake(w);
}

/* libuv reaped the child. */
static void on_child_exit(uv_process_t *proc, int64_t status, int term_signal) {
  ac_process_t *p = proc->data;
  p->exited = 1;
  p->returncode = term_signal != 0 ? -term_signal : (int)status;
  if (p->grace_armed) ac__tevent_stop(&p->grace);
  p->grace_armed = 0;
  uv_close((uv_handle_t *)&p->proc, on_process_closed);
  wake_all(&p->waiters);
}

static void close_pipes(ac_process_t *p) {
  for (int i = 0; i < 3; i++)
    if (p->pipes[i] != NULL) ac_stream_close(p->pipes[i]); /* clears the slot */
}

/* A child left open when ac_run ends: killed, and released so that the
 * loop's last run reaps and frees it. Its pipes, older records, are
 * closed here first. */
static void close_at_end(ac_owned_handle_t *h) {
  ac_process_close(ac__container_of(h, ac_process_t, reg));
}

/* ================= spawning ================= */

static void stdio_for(ac_process_t *p, int fd, int mode, uv_stdio_container_t *c) {
  switch (mode) {
  case AC_STDIO_PIPE:
    p->pipes[fd] = ac__stream_new_pipe(&p->pipes[fd]);
    c->flags = (uv_stdio_flags)(UV_CREATE_PIPE | (fd == 0 ? UV_READABLE_PIPE : UV_WRITABLE_PIPE));
    c->data.stream = (uv_stream_t *)(void *)p->pipes[fd]; /* its handle comes first */
    break;
  case AC_STDIO_DEVNULL:
    c->flags = UV_IGNORE; /* libuv opens /dev/null in the child for 0..2 */
    break;
  default:
    c->flags = UV_INHERIT_FD;
    c->data.fd = fd;
  }
}

static void on_failed_closed(uv_handle_t *h) { ac__free(h->data); }

/* stderr into stdout (AC_STDIO_STDOUT). Into a stdout pipe, the child's
 * descriptors 1 and 2 are the write end of one pipe made here (libuv makes
 * a pipe per descriptor, never one for two), and MERGED[0], its read end,
 * becomes the stdout stream after the spawn; otherwise stderr goes where
 * stdout does: the parent's descriptor 1 or /dev/null. */
static int stdio_merged(int stdout_mode, int merged[2], uv_stdio_container_t *stdio) {
  if (stdout_mode == AC_STDIO_PIPE) {
    int rc = uv_pipe(merged, 0, 0); /* both ends close-on-exec */
    if (rc != 0) return rc;
    stdio[1].flags = stdio[2].flags = UV_INHERIT_FD;
    stdio[1].data.fd = stdio[2].data.fd = merged[1];
  } else if (stdout_mode == AC_STDIO_DEVNULL) {
    stdio[2].flags = UV_IGNORE;
  } else {
    stdio[2].flags = UV_INHERIT_FD;
    stdio[2].data.fd = 1;
  }
  return 0;
}

static int check_modes(const int modes[3]) {
  for (int i = 0; i < 3; i++) {
    int last = i == 2 ? AC_STDIO_STDOUT : AC_STDIO_PIPE;
    if (modes[i] < AC_STDIO_INHERIT || modes[i] > last) return AC_EINVAL;
  }
  return 0;
}

/* How many stdio entries O needs: 3, or one past its highest passed
 * descriptor; -1 if one of those is not a descriptor above 2. */
static int stdio_count(const ac_process_options_t *o) {
  int n = 3;
  if (o->npass_fds < 0 || (o->npass_fds > 0 && o->pass_fds == NULL)) return -1;
  for (int i = 0; i < o->npass_fds; i++) {
    if (o->pass_fds[i] < 3) return -1;
    if (o->pass_fds[i] >= n) n = o->pass_fds[i] + 1;
  }
  return n;
}

/* Descriptors passed to the child keep their numbers there; the entries
 * between them are left alone (libuv touches no descriptor above 2 that it
 * is not given, and ours are close-on-exec). */
static void stdio_pass(const ac_process_options_t *o, uv_stdio_container_t *stdio) {
  for (int i = 0; i < o->npass_fds; i++) {
    stdio[o->pass_fds[i]].flags = UV_INHERIT_FD;
    stdio[o->pass_fds[i]].data.fd = o->pass_fds[i];
  }
}

int ac_process_spawn(ac_process_t **out, const ac_process_options_t *o) {
  uv_stdio_container_t few[3], *stdio = few;
  uv_process_options_t uo;
  int modes[3], merged[2] = {-1, -1}, count;
  if (o == NULL || o->argv == NULL || o->argv[0] == NULL) return AC_EINVAL;
  if ((count = stdio_count(o)) < 0) return AC_EINVAL;
  modes[0] = o->stdin_mode;
  modes[1] = o->stdout_mode;
  modes[2] = o->stderr_mode;
  if (check_modes(modes) != 0) return AC_EINVAL;
  if (count > 3) stdio = ac__calloc((size_t)count, sizeof *stdio);
  memset(stdio, 0, (size_t)count * sizeof *stdio); /* UV_IGNORE */
  stdio_pass(o, stdio);
  int merge = modes[2] == AC_STDIO_STDOUT; /* stdio_merged sets stdio[2] */
  if (merge) {
    int rc = stdio_merged(modes[1], merged, stdio);
    if (rc != 0) {
      if (stdio != few) ac__free(stdio);
      return rc;
    }
  }
  ac_process_t *p = ac__calloc(1, sizeof *p);
  stdio_for(p, 0, modes[0], &stdio[0]);
  if (!(merge && modes[1] == AC_STDIO_PIPE)) /* else stdio[1] is the merged pipe */
    stdio_for(p, 1, modes[1], &stdio[1]);
  if (!merge) stdio_for(p, 2, modes[2], &stdio[2]);
  memset(&uo, 0, sizeof uo);
  uo.exit_cb = on_child_exit;
  uo.file = o->file != NULL ? o->file : o->argv[0];
  uo.args = (char **)(uintptr_t)o->argv;
  uo.env = (char **)(uintptr_t)o->env;
  uo.cwd = o->cwd;
  uo.stdio_count = count;
  uo.stdio = stdio;
  p->proc.data = p;
  int rc = uv_spawn(&ac__L.uv, &p->proc, &uo);
  if (stdio != few) ac__free(stdio);
  if (merged[1] >= 0) close(merged[1]); /* the child has its copies */
  if (rc != 0) {
    if (merged[0] >= 0) close(merged[0]);
    close_pipes(p);
    uv_close((uv_handle_t *)&p->proc, on_failed_closed); /* libuv: even so */
    return rc;
  }
  p->pid = p->proc.pid;
  snprintf(p->program, sizeof p->program, "%s", uo.file);
  p->kill_grace = o->kill_grace > 0 ? o->kill_grace : 0;
  p->output_limit = o->output_limit > 0 ? o->output_limit : AC_PROCESS_OUTPUT_LIMIT;
  ac_handle_register(&p->reg, close_at_end);
  if (merged[0] >= 0 &&
      (p->pipes[1] = ac__stream_open_pipe_fd(&p->pipes[1], merged[0], &rc)) == NULL) {
    ac_process_close(p); /* kills and reaps the child */
    return rc;
  }
  for (int i = 0; i < 3; i++)
    if (p->pipes[i] != NULL) ac__stream_set_pipe_pid(p->pipes[i], p->pid);
  *out = p;
  return 0;
}

/* ================= small operations ================= */

int ac_process_kill(ac_process_t *p, int sig) {
  if (p->exited) return AC_ESRCH;
  return uv_process_kill(&p->proc, sig);
}

int ac_process_pid(const ac_process_t *p) { return p->pid; }
int ac_process_exited(const ac_process_t *p) { return p->exited; }
int ac_process_returncode(const ac_process_t *p) { return p->returncode; }
ac_stream_t *ac_process_stdin(ac_process_t *p) { return p->pipes[0]; }
ac_stream_t *ac_process_stdout(ac_process_t *p) { return p->pipes[1]; }
ac_stream_t *ac_process_stderr(ac_process_t *p) { return p->pipes[2]; }

void ac_process_close(ac_process_t *p) {
  if (p == NULL || p->released) return;
  ac_handle_unregister(&p->reg);
  close_pipes(p);
  if (!p->exited) uv_process_kill(&p->proc, SIGKILL); /* libuv reaps it */
  p->released = 1;
  process_maybe_free(p);
}

void ac_bytes_free(ac_bytes_t *b) {
  free(b->data);
  b->data = NULL;
  b->len = 0;
}

/* ================= kill on cancellation ================= */

static void on_grace_over(ac__tevent_t *ev) {
  ac_process_t *p = ac__container_of(ev, ac_process_t, grace);
  p->grace_armed = 0;
  if (!p->exited) uv_process_kill(&p->proc, SIGKILL);
}

/* A waiter was cancelled: SIGTERM and SIGKILL after the grace, or SIGKILL
 * at once. The waiter stays parked until the exit callback. */
static void kill_for_cancel(ac_process_t *p) {
  if (p->exited || p->killing) return;
  p->killing = 1;
  if (p->kill_grace <= 0) {
    uv_process_kill(&p->proc, SIGKILL);
    return;
  }
  uv_process_kill(&p->proc, SIGTERM);
  p->grace.fire = on_grace_over;
  ac__tevent_start_in(&p->grace, p->kill_grace);
  p->grace_armed = 1;
}

/* ================= wait ================= */

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;
  ac_process_t *p;
  int *result;
  int cancelled; /* the waiting task was cancelled: fail once reaped */
} wait_frame_t;

/* The dump's words for a task in ac_process_wait: "in ac_process_wait
 * for process 1234 (sleep)". */
static void describe_process_wait(const ac_task_t *t, ac__describe_t *d) {
  const ac_process_t *p = ((const wait_frame_t *)(const void *)t->top)->p;
  ac__describe_printf(d, "in ac_process_wait for process %d (%s)", p->pid, p->program);
}

static ac__waitops_t process_wait_ops = {"waiting", ac__waiter_cancel, NULL, 0,
                                         describe_process_wait};

static int wait_op_resume(ac_frame_t *hdr) {
  wait_frame_t *F = (wait_frame_t *)(void *)hdr;
  ac_process_t *p = F->p;
  if (hdr->state != 0) {
    ac__wlist_remove(&F->w);
    if (hdr->err != 0) F->cancelled = 1;
  }
  if (F->cancelled) kill_for_cancel(p);
  if (p->exited) {
    if (F->result != NULL && !F->cancelled) *F->result = p->returncode;
    hdr->err = F->cancelled ? AC_ECANCELED : 0;
    return AC__DONE;
  }
  /* also after a cancellation: until reaped */
  ac__wait_park_as(&F->w, &p->waiters, &process_wait_ops);
  hdr->state = 1;
  return AC__SUSPENDED;
}
OP_INFO(wait_op, wait_frame_t);

int ac_process_wait__await(ac_frame_t *frame, int *result, ac_process_t *p) {
  if (p == NULL || p->released) {
    frame->err = AC_EBADF;
    return 0;
  }
  if (p->exited) {
    if (result != NULL) *result = p->returncode;
    frame->err = 0;
    return 0;
  }
  wait_frame_t *F = (wait_frame_t *)(void *)ac__op_frame(&wait_op_info, 0);
  F->p = p;
  F->result = result;
  return ac__await_call(frame, &F->hdr);
}

/* ================= communicate ================= */

enum { COLLECT_CHUNK = 64 * 1024 };

/* What the communicate frame and its three helper tasks share. Its own
 * heap block: the helpers have all finished when the gather resumes. */
typedef struct {
  ac_process_t *p;
  const void *input;
  size_t input_len;
  ac_bytes_t got[2]; /* stdout, stderr */
  size_t cap[2];
} comm_t;

/* Helper: writes the input to stdin, then closes it. A child that closed
 * its end first is no failure (asyncio ignores BrokenPipeError there). */
typedef struct {
  ac_frame_t hdr;
  comm_t *c;
} feed_frame_t;

static int feed_resume(ac_frame_t *hdr) {
  feed_frame_t *F = (feed_frame_t *)(void *)hdr;
  ac_process_t *p = F->c->p;
  switch (hdr->state) {
  case 0:
    hdr->state = 1;
    if (F->c->input_len > 0 && p->pipes[0] != NULL &&
        ac_stream_write__await(hdr, NULL, p->pipes[0], F->c->input, F->c->input_len))
      return AC__SUSPENDED;
    /* fall through */
  case 1:
    hdr->state = 2;
    if (hdr->err == 0 && p->pipes[0] != NULL && ac_stream_drain__await(hdr, NULL, p->pipes[0]))
      return AC__SUSPENDED;
    /* fall through */
  default:
    if (hdr->err == AC_EPIPE || hdr->err == AC_ECONNRESET) hdr->err = 0;
    if (p->pipes[0] != NULL) ac_stream_close(p->pipes[0]);
    return AC__DONE;
  }
}
OP_INFO(feed, feed_frame_t);

/* Helper: reads stdout (which 0) or stderr (1) to its end into c->got,
 * failing with AC_ENOBUFS past the process's output limit. */
typedef struct {
  ac_frame_t hdr;
  comm_t *c;
  int which;
  size_t n;
} collect_frame_t;

static int collect_resume(ac_frame_t *hdr) {
  collect_frame_t *F = (collect_frame_t *)(void *)hdr;
  comm_t *c = F->c;
  ac_bytes_t *b = &c->got[F->which];
  size_t *cap = &c->cap[F->which];
  for (;;) {
    if (hdr->state == 1) {
      if (hdr->err != 0 || F->n == 0) return AC__DONE; /* failed, or the end */
      b->len += F->n;
      b->data[b->len] = '\0';
      if (b->len > c->p->output_limit) {
        hdr->err = AC_ENOBUFS;
        return AC__DONE;
      }
    }
    ac_stream_t *s = c->p->pipes[1 + F->which];
    if (s == NULL) return AC__DONE; /* closed by the program */
    if (*cap - b->len < COLLECT_CHUNK + 1) {
      size_t want = *cap * 2 > b->len + COLLECT_CHUNK + 1 ? *cap * 2 : b->len + COLLECT_CHUNK + 1;
      char *grown = realloc(b->data, want);
      if (grown == NULL) {
        hdr->err = AC_ENOMEM;
        return AC__DONE;
      }
      b->data = grown;
      *cap = want;
    }
    hdr->state = 1;
    if (ac_stream_read__await(hdr, &F->n, s, b->data + b->len, *cap - b->len - 1))
      return AC__SUSPENDED;
  }
}
OP_INFO(collect, collect_frame_t);

typedef struct {
  ac_frame_t hdr;
  comm_t *c;
  ac_task_t *helpers[3];
  size_t nhelpers;
  int failure; /* the gather's failure, thrown once the child is reaped */
  int rc;
  int *result;
  ac_bytes_t *out, *err;
} comm_frame_t;

/* A helper task of INFO (its frame begins as feed_frame_t does), owned
 * by the communicating task; its root frame. */
static ac_frame_t *spawn_helper(comm_frame_t *F, const ac__fninfo_t *info) {
  ac_frame_t *root;
  F->helpers[F->nhelpers++] = ac__spawn(info, 0, NULL, 0, &root, NULL);
  ((feed_frame_t *)(void *)root)->c = F->c;
  return root;
}

static void comm_hand_out(comm_frame_t *F) {
  ac_bytes_t *dst[2] = {F->out, F->err};
  for (int i = 0; i < 2; i++) {
    if (dst[i] != NULL && F->failure == 0)
      *dst[i] = F->c->got[i];
    else
      ac_bytes_free(&F->c->got[i]);
  }
  ac__free(F->c);
}

static int comm_op_resume(ac_frame_t *hdr) {
  comm_frame_t *F = (comm_frame_t *)(void *)hdr;
  ac_process_t *p = F->c->p;
  switch (hdr->state) {
  case 0:
    if (p->pipes[0] != NULL) spawn_helper(F, &feed_info);
    for (int i = 0; i < 2; i++) {
      if (p->pipes[1 + i] != NULL)
        ((collect_frame_t *)(void *)spawn_helper(F, &collect_info))->which = i;
    }
    hdr->state = 1;
    if (F->nhelpers > 0 && ac__await_gather(hdr, F->helpers, F->nhelpers, sizeof F->helpers[0]))
      return AC__SUSPENDED;
    /* fall through */
  case 1:
    F->failure = hdr->err;
    for (size_t i = 0; i < F->nhelpers; i++) ac__detach(F->helpers[i]); /* all finished */
    F->nhelpers = 0;
    if (F->failure == AC_ECANCELED)
      kill_for_cancel(p);
    else if (F->failure != 0 && !p->exited)
      uv_process_kill(&p->proc, SIGKILL);
    hdr->state = 2;
    hdr->err = 0;
    if (ac_process_wait__await(hdr, &F->rc, p)) return AC__SUSPENDED;
    /* fall through */
  default:
    if (F->failure == 0) F->failure = hdr->err; /* cancelled while it waited */
    if (F->failure == 0 && F->result != NULL) *F->result = F->rc;
    hdr->err = F->failure;
    comm_hand_out(F);
    return AC__DONE;
  }
}
OP_INFO(comm_op, comm_frame_t);

int ac_process_communicate__await(ac_frame_t *frame, int *result, ac_process_t *p,
                                  const void *input, size_t len, ac_bytes_t *out,
                                  ac_bytes_t *err) {
  if (out != NULL) out->data = NULL, out->len = 0;
  if (err != NULL) err->data = NULL, err->len = 0;
  if (p == NULL || p->released) {
    frame->err = AC_EBADF;
    return 0;
  }
  comm_frame_t *F = (comm_frame_t *)(void *)ac__op_frame(&comm_op_info, 0);
  F->c = ac__calloc(1, sizeof *F->c);
  F->c->p = p;
  F->c->input = input;
  F->c->input_len = input != NULL ? len : 0;
  F->result = result;
  F->out = out;
  F->err = err;
  return ac__await_call(frame, &F->hdr);
}
