/* bench.c - the raw libuv peer of the benchmarks: the lower bound for
 * anything built on libuv, with no task abstraction at all.
 *
 *   libuv-bench W1|W1t|W2|W2m|W4|W5|W5b|W5f|W5bf|W6|W7
 *   libuv-bench --worker          (W5's worker processes: see below)
 *
 * Each workload is written the way the benchmark spec describes its libuv
 * form (W1: malloc'd jobs on an intrusive FIFO drained by one uv_idle_t;
 * W1t: one uv_timer_t with timeout 0 per job; W2/W2m: one malloc'd
 * uv_timer_t per sleeper; W4: uv_queue_work; W5/W5b: uv_spawn of this
 * program with --worker, fed through pipes; W7: two timers per task).
 * Prints one RESULT line; a wrong answer exits 2, a libuv error 3.
 * W6: one echo server and 100 clients as callbacks on the same loop.
 * W3 is not implemented here yet.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

static const char *peer = "libuv";

static long scaled(long n) {
  const char *s = getenv("BENCH_SCALE");
  double f = s ? atof(s) : 1.0;
  long v = (long)floor((double)n * f + 0.5);
  return v < 1 ? 1 : v;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static double now_s(void) { return (double)uv_hrtime() / 1e9; }

static void check(int rc, const char *what) {
  if (rc < 0) {
    fprintf(stderr, "libuv error in %s: %s\n", what, uv_strerror(rc));
    exit(3);
  }
}

static void wrong(const char *what) {
  fprintf(stderr, "WRONG ANSWER: %s\n", what);
  exit(2);
}

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (p == NULL) {
    fprintf(stderr, "out of memory\n");
    exit(3);
  }
  return p;
}

/* ---- W1: n jobs on an intrusive FIFO, drained by one idle handle ------- */
typedef struct job_s {
  struct job_s *next;
  long i;
  long *slot;
  long *pending;
} job_t;

typedef struct {
  uv_idle_t idle;
  job_t *head, *tail;
} fifo_t;

static void w1_drain(uv_idle_t *h) {
  fifo_t *q = (fifo_t *)h;
  /* Drain to empty: a job made ready meanwhile runs in this same drain. */
  while (q->head != NULL) {
    job_t *j = q->head;
    q->head = j->next;
    *j->slot = 2 * j->i;
    --*j->pending;
    free(j);
  }
  q->tail = NULL;
  uv_idle_stop(h);
}

static void w1(uv_loop_t *loop) {
  long n = scaled(1000000), pending = n, sum = 0;
  double t0 = now_s();
  long *results = xmalloc((size_t)n * sizeof *results);
  fifo_t q = {.head = NULL, .tail = NULL};
  check(uv_idle_init(loop, &q.idle), "uv_idle_init");
  for (long i = 0; i < n; i++) {
    job_t *j = xmalloc(sizeof *j);
    j->next = NULL;
    j->i = i;
    j->slot = &results[i];
    j->pending = &pending;
    if (q.tail) q.tail->next = j; else q.head = j;
    q.tail = j;
  }
  check(uv_idle_start(&q.idle, w1_drain), "uv_idle_start");
  check(uv_run(loop, UV_RUN_DEFAULT), "uv_run");
  for (long i = 0; i < n; i++) sum += results[i];
  free(results);
  uv_close((uv_handle_t *)&q.idle, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  double wall = now_s() - t0;
  if (pending != 0) wrong("pending count did not reach 0");
  if (sum != n * (n - 1)) wrong("sum != n*(n-1)");
  printf("RESULT W1 %s wall_s=%.6f peak_rss_kb=%ld n=%ld ns_per_task=%.1f sum=%ld\n",
         peer, wall, peak_rss_kb(), n, wall / (double)n * 1e9, sum);
}

/* ---- W1t: one zero-timeout timer per job -------------------------------- */
typedef struct {
  uv_timer_t timer;
  long i;
  long *slot;
  long *pending;
} tjob_t;

static void free_handle(uv_handle_t *h) { free(h); }

static void w1t_fire(uv_timer_t *t) {
  tjob_t *j = (tjob_t *)t;
  *j->slot = 2 * j->i;
  --*j->pending;
  uv_close((uv_handle_t *)t, free_handle);
}

static void w1t(uv_loop_t *loop) {
  long n = scaled(1000000), pending = n, sum = 0;
  double t0 = now_s();
  long *results = xmalloc((size_t)n * sizeof *results);
  for (long i = 0; i < n; i++) {
    tjob_t *j = xmalloc(sizeof *j);
    check(uv_timer_init(loop, &j->timer), "uv_timer_init");
    j->i = i;
    j->slot = &results[i];
    j->pending = &pending;
    check(uv_timer_start(&j->timer, w1t_fire, 0, 0), "uv_timer_start");
  }
  check(uv_run(loop, UV_RUN_DEFAULT), "uv_run");
  for (long i = 0; i < n; i++) sum += results[i];
  free(results);
  double wall = now_s() - t0;
  if (pending != 0) wrong("pending count did not reach 0");
  if (sum != n * (n - 1)) wrong("sum != n*(n-1)");
  printf("RESULT W1 libuv-timer0 wall_s=%.6f peak_rss_kb=%ld n=%ld ns_per_task=%.1f sum=%ld\n",
         wall, peak_rss_kb(), n, wall / (double)n * 1e9, sum);
}

/* ---- W2 / W2m: n sleeping timers ------------------------------------------ */
static long fired;

static void w2_fire(uv_timer_t *t) {
  fired++;
  uv_close((uv_handle_t *)t, free_handle);
}

static void w2(uv_loop_t *loop, const char *name, long n0) {
  long n = scaled(n0);
  long baseline = peak_rss_kb();
  double t0 = now_s();
  for (long i = 0; i < n; i++) {
    uv_timer_t *t = xmalloc(sizeof *t);
    check(uv_timer_init(loop, t), "uv_timer_init");
    /* Each sleep is 1 s from when it starts, as asyncio's call_later. */
    uv_update_time(loop);
    check(uv_timer_start(t, w2_fire, 1000, 0), "uv_timer_start");
  }
  check(uv_run(loop, UV_RUN_DEFAULT), "uv_run");
  double wall = now_s() - t0;
  if (fired != n) wrong("fired-timer count != n");
  long peak = peak_rss_kb();
  printf("RESULT %s %s wall_s=%.6f peak_rss_kb=%ld n=%ld sleep_s=1.0 "
         "baseline_rss_kb=%ld bytes_per_task=%ld\n",
         name, peer, wall, peak, n, baseline, (peak - baseline) * 1024 / n);
}

/* ---- W4: n tiny jobs on the libuv thread pool ------------------------------ */
typedef struct {
  uv_work_t req;
  long x, r;
} work_t;

static long w4_sum;

static void w4_work(uv_work_t *req) {
  work_t *w = (work_t *)req;
  w->r = w->x + 1;
}

static void w4_after(uv_work_t *req, int status) {
  work_t *w = (work_t *)req;
  check(status, "uv_queue_work");
  w4_sum += w->r;
  free(w);
}

static void w4(uv_loop_t *loop) {
  long n = scaled(100000);
  double t0 = now_s();
  for (long x = 0; x < n; x++) {
    work_t *w = xmalloc(sizeof *w);
    w->x = x;
    check(uv_queue_work(loop, &w->req, w4_work, w4_after), "uv_queue_work");
  }
  check(uv_run(loop, UV_RUN_DEFAULT), "uv_run");
  double wall = now_s() - t0;
  if (w4_sum != n * (n - 1) / 2 + n) wrong("sum != n*(n-1)/2 + n");
  printf("RESULT W4 %s wall_s=%.6f peak_rss_kb=%ld n=%ld workers=4 ns_per_job=%.1f sum=%ld\n",
         peer, wall, peak_rss_kb(), n, wall / (double)n * 1e9, w4_sum);
}

/* ---- W5 / W5b: fib jobs on 2 worker processes, vs serial ------------------
 * The workers are this program run with --worker (uv_spawn): each reads
 * int32 arguments on stdin and writes int64 results on stdout, in order.
 * The parent keeps at most 2 jobs in flight per worker: it sends 2 to each
 * at first, then one more per result, and closes a worker's stdin when no
 * job is left, so the worker exits at EOF. */
enum { W5_WORKERS = 2, W5_IN_FLIGHT = 2 };

static long fib(int k) { return k < 2 ? k : fib(k - 1) + fib(k - 2); }

/* The worker: blocking reads of whatever arguments have come, one write
 * of their results. */
static int w5_worker(void) {
  int32_t args[64];
  int64_t res[64];
  size_t have = 0; /* bytes in args */
  for (;;) {
    ssize_t k = read(0, (char *)args + have, sizeof args - have);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) return 1;
    if (k == 0) return have == 0 ? 0 : 1; /* EOF, mid-argument is an error */
    have += (size_t)k;
    size_t n = have / sizeof args[0], off = 0, len = n * sizeof res[0];
    for (size_t i = 0; i < n; i++) res[i] = fib(args[i]);
    while (off < len) {
      ssize_t w = write(1, (char *)res + off, len - off);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return 1;
      off += (size_t)w;
    }
    have -= n * sizeof args[0];
    memmove(args, (char *)args + n * sizeof args[0], have);
  }
}

typedef struct {
  uv_process_t proc;
  uv_pipe_t in, out; /* the worker's stdin (we write), stdout (we read) */
  char buf[64];      /* results read, not yet summed */
  size_t have;
  int in_flight, exited;
  int64_t status;
  int signal;
} w5worker_t;

typedef struct {
  uv_write_t req;
  int32_t arg;
} w5write_t;

static struct {
  long jobs, sent, done, sum;
  int k;
  int open; /* handles not yet closed */
} w5s;

static void w5_closed(uv_handle_t *h) {
  (void)h;
  w5s.open--;
}

static void w5_written(uv_write_t *req, int status) {
  check(status, "uv_write");
  free(req);
}

static void w5_send(w5worker_t *w) {
  w5write_t *wr = xmalloc(sizeof *wr);
  uv_buf_t b = uv_buf_init((char *)&wr->arg, sizeof wr->arg);
  wr->arg = w5s.k;
  w5s.sent++;
  w->in_flight++;
  check(uv_write(&wr->req, (uv_stream_t *)&w->in, &b, 1, w5_written), "uv_write");
}

/* No job left for W: its stdin closes, and it exits at EOF. */
static void w5_feed(w5worker_t *w) {
  while (w->in_flight < W5_IN_FLIGHT && w5s.sent < w5s.jobs) w5_send(w);
  if (w->in_flight == 0 && !uv_is_closing((uv_handle_t *)&w->in))
    uv_close((uv_handle_t *)&w->in, w5_closed);
}

static void w5_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b) {
  w5worker_t *w = h->data;
  (void)hint;
  *b = uv_buf_init(w->buf + w->have, (unsigned)(sizeof w->buf - w->have));
}

static void w5_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  w5worker_t *w = s->data;
  size_t i, m;
  (void)b;
  if (n == UV_EOF) {
    if (w->in_flight != 0 || w->have != 0) wrong("a worker stopped mid-job");
    uv_close((uv_handle_t *)s, w5_closed);
    return;
  }
  check((int)n, "read");
  w->have += (size_t)n;
  m = w->have / sizeof(int64_t);
  for (i = 0; i < m; i++) {
    int64_t r;
    memcpy(&r, w->buf + i * sizeof r, sizeof r);
    w5s.sum += (long)r;
    w5s.done++;
    w->in_flight--;
  }
  w->have -= m * sizeof(int64_t);
  memmove(w->buf, w->buf + m * sizeof(int64_t), w->have);
  w5_feed(w);
}

static void w5_exit(uv_process_t *p, int64_t status, int signal) {
  w5worker_t *w = p->data;
  w->exited = 1;
  w->status = status;
  w->signal = signal;
  uv_close((uv_handle_t *)p, w5_closed);
}

static void w5(uv_loop_t *loop, const char *name, long jobs0, int k, long fk) {
  char exe[4096];
  size_t exe_len = sizeof exe;
  char *args[3];
  w5worker_t ws[W5_WORKERS];
  long n = scaled(jobs0);
  volatile int vk = k; /* read each time: no hoisting fib out of the loop */
  long serial = 0;
  double s0 = now_s();
  for (long i = 0; i < n; i++) serial += fib(vk);
  double serial_s = now_s() - s0;
  if (serial != n * fk) wrong("serial sum != jobs*fib");
  check(uv_exepath(exe, &exe_len), "uv_exepath");
  args[0] = exe;
  args[1] = "--worker";
  args[2] = NULL;
  w5s.jobs = n;
  w5s.k = k;
  double t0 = now_s();
  for (int i = 0; i < W5_WORKERS; i++) {
    w5worker_t *w = &ws[i];
    uv_stdio_container_t stdio[3];
    uv_process_options_t opt;
    memset(w, 0, sizeof *w);
    check(uv_pipe_init(loop, &w->in, 0), "uv_pipe_init");
    check(uv_pipe_init(loop, &w->out, 0), "uv_pipe_init");
    w->proc.data = w->in.data = w->out.data = w;
    stdio[0].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
    stdio[0].data.stream = (uv_stream_t *)&w->in;
    stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
    stdio[1].data.stream = (uv_stream_t *)&w->out;
    stdio[2].flags = UV_INHERIT_FD;
    stdio[2].data.fd = 2;
    memset(&opt, 0, sizeof opt);
    opt.file = exe;
    opt.args = args;
    opt.exit_cb = w5_exit;
    opt.stdio_count = 3;
    opt.stdio = stdio;
    check(uv_spawn(loop, &w->proc, &opt), "uv_spawn");
    w5s.open += 3;
    check(uv_read_start((uv_stream_t *)&w->out, w5_alloc, w5_read), "uv_read_start");
    w5_feed(w);
  }
  check(uv_run(loop, UV_RUN_DEFAULT), "uv_run");
  double wall = now_s() - t0;
  if (w5s.open != 0) wrong("handles left open");
  for (int i = 0; i < W5_WORKERS; i++)
    if (!ws[i].exited || ws[i].status != 0 || ws[i].signal != 0)
      wrong("a worker did not exit with status 0");
  if (w5s.done != n || w5s.sum != n * fk) wrong("pool sum != jobs*fib");
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  printf("RESULT %s %s wall_s=%.6f peak_rss_kb=%ld n=%ld workers=%d serial_s=%.6f "
         "speedup=%.3f us_per_job=%.1f child_peak_rss_kb=%ld sum=%ld\n",
         name, peer, wall, peak_rss_kb(), n, W5_WORKERS, serial_s, serial_s / wall,
         wall / (double)n * 1e6, ru.ru_maxrss, w5s.sum);
}

/* ---- W5f / W5bf: the ceiling of W5 / W5b on this machine ------------------
 * Not a peer of the spec: after the same serial run, 2 children are
 * forked and each computes every other job, with no IPC but its exit
 * status; the parent reaps both. No process pool can beat this speedup
 * here (2 vCPUs of a shared VM do not give two cores' worth, and a
 * child's start and exit are part of the time). */
static void w5_fork_ceiling(const char *name, long jobs0, int k, long fk) {
  long n = scaled(jobs0);
  volatile int vk = k;
  long serial = 0;
  double s0 = now_s();
  for (long i = 0; i < n; i++) serial += fib(vk);
  double serial_s = now_s() - s0;
  if (serial != n * fk) wrong("serial sum != jobs*fib");
  double t0 = now_s();
  pid_t pids[W5_WORKERS];
  for (int w = 0; w < W5_WORKERS; w++) {
    pids[w] = fork();
    if (pids[w] < 0) wrong("fork failed");
    if (pids[w] == 0) {
      long sum = 0, mine = 0;
      for (long i = w; i < n; i += W5_WORKERS, mine++) sum += fib(vk);
      _exit(sum == mine * fk ? 0 : 1);
    }
  }
  for (int w = 0; w < W5_WORKERS; w++) {
    int st;
    while (waitpid(pids[w], &st, 0) < 0)
      if (errno != EINTR) wrong("waitpid failed");
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) wrong("a child's sum was wrong");
  }
  double wall = now_s() - t0;
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  printf("RESULT %s fork-ceiling wall_s=%.6f peak_rss_kb=%ld n=%ld workers=%d "
         "serial_s=%.6f speedup=%.3f us_per_job=%.1f child_peak_rss_kb=%ld sum=%ld\n",
         name, wall, peak_rss_kb(), n, W5_WORKERS, serial_s, serial_s / wall,
         wall / (double)n * 1e6, ru.ru_maxrss, n * fk);
}

/* ---- W6: TCP echo, 100 clients x rounds round trips of 64 bytes ---------- */
enum { W6_CLIENTS = 100, W6_MSG = 64 };

typedef struct {
  uv_tcp_t tcp;
  char buf[65536];
} w6conn_t;

typedef struct {
  uv_write_t req;
  char data[];
} w6write_t;

typedef struct {
  uv_tcp_t tcp;
  uv_connect_t creq;
  uv_write_t wreq;
  char payload[W6_MSG], got[W6_MSG];
  size_t gotn;
  long done;
} w6client_t;

static uv_tcp_t w6_server;
static long w6_rounds, w6_total, w6_closed_clients;

static void w6_conn_closed(uv_handle_t *h) { free(h->data); }

static void w6_conn_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b) {
  w6conn_t *c = h->data;
  (void)hint;
  *b = uv_buf_init(c->buf, sizeof c->buf);
}

static void w6_echo_written(uv_write_t *req, int status) {
  check(status, "echo write");
  free(req);
}

/* The server writes back what it reads: at once if the socket takes it,
 * else from a copy (the read buffer is reused). */
static void w6_conn_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  if (n == UV_EOF) {
    uv_close((uv_handle_t *)s, w6_conn_closed);
    return;
  }
  check((int)(n < 0 ? n : 0), "server read");
  if (n == 0) return;
  uv_buf_t out = uv_buf_init(b->base, (unsigned)n);
  int w = uv_try_write(s, &out, 1);
  if (w == n) return;
  if (w < 0 && w != UV_EAGAIN) check(w, "uv_try_write");
  size_t off = w > 0 ? (size_t)w : 0;
  w6write_t *req = xmalloc(sizeof *req + (size_t)n - off);
  memcpy(req->data, b->base + off, (size_t)n - off);
  out = uv_buf_init(req->data, (unsigned)((size_t)n - off));
  check(uv_write(&req->req, s, &out, 1, w6_echo_written), "uv_write");
}

static void w6_on_connection(uv_stream_t *server, int status) {
  check(status, "connection");
  w6conn_t *c = xmalloc(sizeof *c);
  check(uv_tcp_init(server->loop, &c->tcp), "uv_tcp_init");
  c->tcp.data = c;
  check(uv_accept(server, (uv_stream_t *)&c->tcp), "uv_accept");
  check(uv_tcp_nodelay(&c->tcp, 1), "uv_tcp_nodelay");
  check(uv_read_start((uv_stream_t *)&c->tcp, w6_conn_alloc, w6_conn_read), "uv_read_start");
}

static void w6_client_closed(uv_handle_t *h) {
  (void)h;
  if (++w6_closed_clients == W6_CLIENTS) uv_close((uv_handle_t *)&w6_server, NULL);
}

static void w6_sent(uv_write_t *req, int status) {
  (void)req;
  check(status, "client write");
}

static void w6_send(w6client_t *c) {
  uv_buf_t b = uv_buf_init(c->payload, W6_MSG);
  check(uv_write(&c->wreq, (uv_stream_t *)&c->tcp, &b, 1, w6_sent), "uv_write");
}

static void w6_client_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b) {
  w6client_t *c = h->data;
  (void)hint;
  *b = uv_buf_init(c->got + c->gotn, (unsigned)(W6_MSG - c->gotn));
}

static void w6_client_read(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  w6client_t *c = s->data;
  (void)b;
  if (n == UV_EOF) wrong("the server closed first");
  check((int)(n < 0 ? n : 0), "client read");
  c->gotn += (size_t)n;
  if (c->gotn < W6_MSG) return;
  if (memcmp(c->got, c->payload, W6_MSG) != 0) wrong("echo differs from payload");
  c->gotn = 0;
  c->done++;
  w6_total++;
  if (c->done < w6_rounds) {
    w6_send(c);
    return;
  }
  uv_read_stop(s);
  uv_close((uv_handle_t *)s, w6_client_closed);
}

static void w6_connected(uv_connect_t *req, int status) {
  w6client_t *c = req->data;
  check(status, "connect");
  check(uv_tcp_nodelay(&c->tcp, 1), "uv_tcp_nodelay");
  check(uv_read_start((uv_stream_t *)&c->tcp, w6_client_alloc, w6_client_read), "uv_read_start");
  w6_send(c);
}

static void w6(uv_loop_t *loop) {
  struct sockaddr_in addr;
  struct sockaddr_storage bound;
  int len = (int)sizeof bound;
  static w6client_t clients[W6_CLIENTS];
  w6_rounds = scaled(2000);
  check(uv_ip4_addr("127.0.0.1", 0, &addr), "uv_ip4_addr");
  check(uv_tcp_init(loop, &w6_server), "uv_tcp_init");
  check(uv_tcp_bind(&w6_server, (const struct sockaddr *)&addr, 0), "uv_tcp_bind");
  check(uv_listen((uv_stream_t *)&w6_server, 1024, w6_on_connection), "uv_listen");
  check(uv_tcp_getsockname(&w6_server, (struct sockaddr *)&bound, &len), "getsockname");
  double t0 = now_s();
  for (int i = 0; i < W6_CLIENTS; i++) {
    w6client_t *c = &clients[i];
    for (int k = 0; k < W6_MSG; k++) c->payload[k] = (char)((i + k) & 0xff);
    check(uv_tcp_init(loop, &c->tcp), "uv_tcp_init");
    c->tcp.data = c->creq.data = c;
    check(uv_tcp_connect(&c->creq, &c->tcp, (const struct sockaddr *)&bound, w6_connected),
          "uv_tcp_connect");
  }
  check(uv_run(loop, UV_RUN_DEFAULT), "uv_run");
  double wall = now_s() - t0;
  if (w6_total != W6_CLIENTS * w6_rounds) wrong("round trips != clients * rounds");
  printf("RESULT W6 %s wall_s=%.6f peak_rss_kb=%ld clients=%d rounds=%ld msg_bytes=%d "
         "rt_per_s=%.0f ns_per_rt=%.1f\n",
         peer, wall, peak_rss_kb(), W6_CLIENTS, w6_rounds, W6_MSG,
         (double)w6_total / wall, wall / (double)w6_total * 1e9);
}

/* ---- W7: n timeouts that win ------------------------------------------------ */
typedef struct {
  uv_timer_t sleep, timeout;
  int closed;
} w7task_t;

static long w7_timeouts, w7_slept, w7_live;

static void w7_closed(uv_handle_t *h) {
  w7task_t *t = h->data;
  if (++t->closed == 2) {
    free(t);
    w7_live--;
  }
}

static void w7_sleep_done(uv_timer_t *h) {
  (void)h;
  w7_slept++; /* must never happen: the timeout wins */
}

static void w7_timeout(uv_timer_t *h) {
  w7task_t *t = h->data;
  w7_timeouts++;
  uv_close((uv_handle_t *)&t->sleep, w7_closed); /* removes the 10 s timer */
  uv_close((uv_handle_t *)&t->timeout, w7_closed);
}

static void w7(uv_loop_t *loop) {
  long n = scaled(100000);
  long baseline = peak_rss_kb();
  double t0 = now_s();
  for (long i = 0; i < n; i++) {
    w7task_t *t = xmalloc(sizeof *t);
    t->closed = 0;
    check(uv_timer_init(loop, &t->sleep), "uv_timer_init");
    check(uv_timer_init(loop, &t->timeout), "uv_timer_init");
    t->sleep.data = t->timeout.data = t;
    uv_update_time(loop);
    check(uv_timer_start(&t->sleep, w7_sleep_done, 10000, 0), "uv_timer_start");
    check(uv_timer_start(&t->timeout, w7_timeout, 50, 0), "uv_timer_start");
    w7_live++;
  }
  check(uv_run(loop, UV_RUN_DEFAULT), "uv_run");
  double wall = now_s() - t0;
  if (w7_timeouts != n) wrong("timeouts != n");
  if (w7_slept != 0) wrong("a sleep completed");
  if (w7_live != 0) wrong("tasks left alive");
  printf("RESULT W7 %s wall_s=%.6f peak_rss_kb=%ld n=%ld timeout_s=0.05 "
         "timeouts=%ld baseline_rss_kb=%ld\n",
         peer, wall, peak_rss_kb(), n, w7_timeouts, baseline);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s W1|W1t|W2|W2m|W4|W5|W5b|W5f|W5bf|W6|W7\n", argv[0]);
    return 2;
  }
  if (strcmp(argv[1], "--worker") == 0) return w5_worker();
  /* Before the loop's thread pool starts, which it does lazily. */
  setenv("UV_THREADPOOL_SIZE", "4", 1);
  uv_loop_t *loop = uv_default_loop();
  const char *w = argv[1];
  if (strcmp(w, "W1") == 0) w1(loop);
  else if (strcmp(w, "W1t") == 0) w1t(loop);
  else if (strcmp(w, "W2") == 0) w2(loop, "W2", 100000);
  else if (strcmp(w, "W2m") == 0) w2(loop, "W2m", 1000000);
  else if (strcmp(w, "W4") == 0) w4(loop);
  else if (strcmp(w, "W5") == 0) w5(loop, "W5", 2000, 22, 17711);
  else if (strcmp(w, "W5b") == 0) w5(loop, "W5b", 16, 30, 832040);
  else if (strcmp(w, "W5f") == 0) w5_fork_ceiling("W5", 2000, 22, 17711);
  else if (strcmp(w, "W5bf") == 0) w5_fork_ceiling("W5b", 16, 30, 832040);
  else if (strcmp(w, "W6") == 0) w6(loop);
  else if (strcmp(w, "W7") == 0) w7(loop);
  else {
    fprintf(stderr, "%s: workload %s not implemented\n", argv[0], w);
    return 2;
  }
  check(uv_loop_close(loop), "uv_loop_close");
  return 0;
}
