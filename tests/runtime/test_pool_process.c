/* test_pool_process.c - process pools: `await in_process(...)` results,
 * workers dying (SIGSEGV, SIGKILL, abort, exit) fail only their job and
 * are replaced, a timeout kills and replaces the worker, shutdown with
 * pending work, max_tasks_per_child, no zombies, no leaked fds; workers
 * that start with their pool; and a job sent ahead, behind the running
 * one: it survives its worker's death and its own cancellation leaves the
 * worker alone. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>

#include "internal.h"
#include "pool.h"
#include "pool_test.h"

/* What the translator emits in a file that uses in_process. */
__attribute__((constructor)) static void prefork(void) {
  ac__process_prefork();
}

TestSuite(pool_process, .timeout = 20);

static ac_pool_t *pp;
static int die_mode;

static ac_pool_t *new_pool(int workers, int max_tasks) {
  ac_pool_options_t opt = {workers, NULL, NULL, max_tasks};
  ac_pool_t *p = NULL;
  cr_assert_eq(ac_process_pool_new(&p, &opt), 0);
  pt_reset();
  return p;
}

/* ---- results ---- */
struct res__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int h[6];
  int i, sum;
};
static int res__resume(ac_frame_t *hdr) {
  struct res__frame *F = (struct res__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  for (F->i = 0; F->i < 6; F->i++)
    F->h[F->i] = offload(pp, AC__JOB_PROCESS, F->i + 1, 10, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_gather(&F->hdr, F->h, 6, sizeof F->h[0]),
            fail);
  for (F->i = 0; F->i < 6; F->i++) F->sum += AC__TASK_RES(F->h[F->i]);
  *F->res = F->sum;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(res, struct res__frame)

Test(pool_process, results) {
  pp = new_pool(2, 0);
  cr_assert_eq(ac_run(res__spawn(__FILE__, __LINE__)), 1 + 4 + 9 + 16 + 25 + 36);
  /* The jobs ran in other processes: our counters did not move. */
  cr_assert_eq(atomic_load(&pt_started), 0);
  ac_pool_free(pp);
}

/* ---- a dying worker fails its job only; the next job succeeds ---- */
struct crash__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a, b;
};
static int crash__resume(ac_frame_t *hdr) {
  struct crash__frame *F = (struct crash__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  F->a = offload(pp, AC__JOB_PROCESS, 3, 0, die_mode);
  AC__AWAIT(&F->hdr, 1, ac__await_task(&F->hdr, F->a.t), caught);
  rt_log("survived");
caught:
  rt_log("a:%s", ac_err_name(F->hdr.err));
  F->b = offload(pp, AC__JOB_PROCESS, 4, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->b.t), fail);
  *F->res = AC__TASK_RES(F->b);
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(crash, struct crash__frame)

static void crash_case(int mode) {
  die_mode = mode;
  pp = new_pool(1, 0);
  cr_assert_eq(ac_run(crash__spawn(__FILE__, __LINE__)), 16);
  cr_assert_str_eq(rt_log_buf, "a:EWORKERDIED");
  ac_pool_free(pp);
}

Test(pool_process, worker_segv) { crash_case(DIE_SEGV); }
Test(pool_process, worker_sigkill) { crash_case(DIE_KILL); }
Test(pool_process, worker_abort) { crash_case(DIE_ABORT); }
Test(pool_process, worker_exit) { crash_case(DIE_EXIT); }

/* ---- timeout: the worker is killed and replaced ---- */
struct tmo__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int a, b;
};
static int tmo__resume(ac_frame_t *hdr) {
  struct tmo__frame *F = (struct tmo__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2))
  F->a = offload(pp, AC__JOB_PROCESS, 5, 10000, DIE_NONE);
  AC__AWAIT(&F->hdr, 1, ac__await_wait_for(&F->hdr, F->a.t, 0.1), caught);
caught:
  rt_log("a:%s", ac_err_name(F->hdr.err));
  F->b = offload(pp, AC__JOB_PROCESS, 6, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 2, ac__await_task(&F->hdr, F->b.t), fail);
  *F->res = AC__TASK_RES(F->b);
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(tmo, struct tmo__frame)

Test(pool_process, timeout_kills_worker) {
  double t0 = ac_now();
  pp = new_pool(1, 0);
  cr_assert_eq(ac_run(tmo__spawn(__FILE__, __LINE__)), 36);
  cr_assert_str_eq(rt_log_buf, "a:ETIMEDOUT");
  cr_assert_lt(ac_now() - t0, 2.0);
  ac_pool_free(pp);
}

/* ---- the synchronous side on a process pool ---- */
struct sq_buf {
  int x, ms, die;
  int result, pid;
};
static void sq_copy(void *p) {
  struct sq_buf *b = p;
  pt_sleep_ms(b->ms);
  if (b->die) raise(SIGSEGV);
  b->result = b->x * b->x;
  b->pid = (int)getpid();
}

Test(pool_process, shutdown_cancels_pending) {
  ac_future_t *f[5];
  int i;
  pp = new_pool(1, 0);
  for (i = 0; i < 5; i++) {
    struct sq_buf b = {i, 200, 0, 0, 0};
    f[i] = ac_pool_submit_copy(pp, sq_copy, &b, sizeof b, sizeof b);
    cr_assert_not_null(f[i]);
  }
  pt_sleep_ms(50); /* the first is running */
  cr_assert_eq(ac_future_running(f[0]), 1);
  ac_pool_shutdown(pp, 1, 1);
  cr_assert_eq(ac_future_result(f[0], 0), 0);
  cr_assert_eq(((struct sq_buf *)ac_future_buffer(f[0]))->result, 0);
  for (i = 1; i < 5; i++) {
    cr_assert_eq(ac_future_result(f[i], 0), AC_ECANCELED);
    cr_assert(ac_future_cancelled(f[i]));
  }
  cr_assert_null(ac_pool_submit_copy(pp, sq_copy, NULL, 0, 4));
  for (i = 0; i < 5; i++) ac_future_free(f[i]);
  ac_pool_free(pp);
}

Test(pool_process, max_tasks_per_child) {
  int pids[6], i, distinct = 0;
  pp = new_pool(1, 2);
  for (i = 0; i < 6; i++) {
    struct sq_buf b = {i, 0, 0, 0, 0};
    ac_future_t *f = ac_pool_submit_copy(pp, sq_copy, &b, sizeof b, sizeof b);
    cr_assert_eq(ac_future_result(f, 5), 0);
    pids[i] = ((struct sq_buf *)ac_future_buffer(f))->pid;
    cr_assert_eq(((struct sq_buf *)ac_future_buffer(f))->result, i * i);
    ac_future_free(f);
  }
  for (i = 0; i < 6; i++) distinct += i == 0 || pids[i] != pids[i - 1];
  cr_assert_eq(distinct, 3);
  cr_assert_eq(pids[0], pids[1]);
  ac_pool_free(pp);
}

/* Children of PARENT still in the process table (zombies included). */
static int children_of(pid_t parent) {
  DIR *d = opendir("/proc");
  struct dirent *e;
  int n = 0;
  while ((e = readdir(d)) != NULL) {
    char path[300], buf[512], *p;
    FILE *fp;
    int ppid;
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
    if ((fp = fopen(path, "r")) == NULL) continue;
    if (fgets(buf, sizeof buf, fp) != NULL && (p = strrchr(buf, ')')) != NULL &&
        sscanf(p + 2, "%*c %d", &ppid) == 1 && ppid == (int)parent)
      n++;
    fclose(fp);
  }
  closedir(d);
  return n;
}

Test(pool_process, no_zombies_no_fd_leaks) {
  int fds, i, st;
  ac_future_t *f[8];
  fds = pt_count_fds();
  pp = new_pool(3, 1); /* a fresh worker for every job */
  for (i = 0; i < 8; i++) {
    struct sq_buf b = {i, 5, 0, 0, 0};
    f[i] = ac_pool_submit_copy(pp, sq_copy, &b, sizeof b, sizeof b);
  }
  cr_assert_eq(ac_futures_wait(f, 8, AC_ALL_COMPLETED, 10), 8);
  for (i = 0; i < 8; i++) ac_future_free(f[i]);
  ac_pool_free(pp);
  cr_assert_neq(ac__process_server_pid(), 0);
  cr_assert_eq(children_of(ac__process_server_pid()), 0);
  /* Our only child is the fork server, alive: nothing to reap. */
  cr_assert(waitpid(-1, &st, WNOHANG) <= 0);
  cr_assert_eq(pt_count_fds(), fds);
}

Test(pool_process, workers_start_with_pool) {
  int i;
  pp = new_pool(3, 0);
  /* No job submitted: the workers come up anyway. */
  for (i = 0; i < 2000 && children_of(ac__process_server_pid()) < 3; i++)
    pt_sleep_ms(1);
  cr_assert_eq(children_of(ac__process_server_pid()), 3);
  ac_pool_free(pp);
  cr_assert_eq(children_of(ac__process_server_pid()), 0);
}

/* ---- a job sent ahead, behind the running one ----
 * The slot sends a job ahead only after a short job, and only the job the
 * queue holds when it has sent the first: set that up with short jobs,
 * then queue two at once, and check that both are in flight (retrying if
 * a busy machine spoiled the set-up). One-worker pools throughout. */

static pid_t slot_pid(void) {
  pid_t pid;
  pthread_mutex_lock(&pp->mu);
  pid = pp->slots[0].pid;
  pthread_mutex_unlock(&pp->mu);
  return pid;
}

static int two_in_flight(void) {
  int r;
  pthread_mutex_lock(&pp->mu);
  r = pp->head == NULL && pp->slots[0].nsent == 2;
  pthread_mutex_unlock(&pp->mu);
  return r;
}

static void warm_up_sync(void) {
  int i;
  for (i = 0; i < 3; i++) {
    struct sq_buf b = {1, 0, 0, 0, 0};
    ac_future_t *f = ac_pool_submit_copy(pp, sq_copy, &b, sizeof b, sizeof b);
    cr_assert_eq(ac_future_result(f, 5), 0);
    ac_future_free(f);
  }
}

/* The running job crashes; the one behind it never started: it runs on
 * the replacement worker. */
Test(pool_process, crash_with_job_behind) {
  int tries;
  pp = new_pool(1, 0);
  for (tries = 0; tries < 20; tries++) {
    struct sq_buf c = {3, 100, 1, 0, 0}, d = {4, 0, 0, 0, 0};
    ac_future_t *fc, *fd;
    pid_t pid;
    int ahead;
    warm_up_sync();
    pid = slot_pid();
    fc = ac_pool_submit_copy(pp, sq_copy, &c, sizeof c, sizeof c);
    fd = ac_pool_submit_copy(pp, sq_copy, &d, sizeof d, sizeof d);
    pt_sleep_ms(30);
    ahead = two_in_flight();
    cr_assert_eq(ac_future_result(fc, 5), AC_EWORKERDIED);
    cr_assert_eq(ac_future_result(fd, 5), 0);
    cr_assert_eq(((struct sq_buf *)ac_future_buffer(fd))->result, 16);
    if (ahead) /* it ran after the crash, on another worker */
      cr_assert_neq(((struct sq_buf *)ac_future_buffer(fd))->pid, pid);
    ac_future_free(fc);
    ac_future_free(fd);
    if (ahead) break;
  }
  cr_assert_lt(tries, 20, "never had two jobs in flight");
  ac_pool_free(pp);
}

static int cancel_head; /* 1: cancel the running job, 0: the one behind */

struct behind__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int w, a, b;
  int tries, i, ahead;
  pid_t pid;
};
static int behind__resume(ac_frame_t *hdr) {
  struct behind__frame *F = (struct behind__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1) RT_STATE(2) RT_STATE(3) RT_STATE(4) RT_STATE(5)
                     RT_STATE(6))
  for (F->tries = 0; F->tries < 20; F->tries++) {
    for (F->i = 0; F->i < 3; F->i++) {
      F->w = offload(pp, AC__JOB_PROCESS, 1, 0, DIE_NONE);
      AC__AWAIT(&F->hdr, 1, ac__await_task(&F->hdr, F->w.t), fail);
    }
    F->pid = slot_pid();
    /* Both tasks queue their jobs at the end of the same round. */
    F->a = offload(pp, AC__JOB_PROCESS, 7, 300, DIE_NONE);
    F->b = offload(pp, AC__JOB_PROCESS, 8, 0, DIE_NONE);
    AC__AWAIT(&F->hdr, 2, ac__await_sleep(&F->hdr, 0.03), fail);
    if ((F->ahead = two_in_flight())) break;
    AC__AWAIT(&F->hdr, 3, ac__await_task(&F->hdr, F->a.t), fail);
    AC__AWAIT(&F->hdr, 4, ac__await_task(&F->hdr, F->b.t), fail);
  }
  if (!F->ahead) return AC__DONE; /* err is 0, *res is not set */
  ac_cancel(cancel_head ? F->a : F->b);
  AC__AWAIT(&F->hdr, 5, ac__await_task(&F->hdr, F->a.t), a_done);
a_done:
  rt_log("a:%s", F->hdr.err == 0 ? "49" : ac_err_name(F->hdr.err));
  if (F->hdr.err == 0 && AC__TASK_RES(F->a) != 49) rt_log("a:wrong");
  AC__AWAIT(&F->hdr, 6, ac__await_task(&F->hdr, F->b.t), b_done);
b_done:
  rt_log("b:%s", F->hdr.err == 0 ? "64" : ac_err_name(F->hdr.err));
  if (F->hdr.err == 0 && AC__TASK_RES(F->b) != 64) rt_log("b:wrong");
  rt_log(slot_pid() == F->pid ? "same-worker" : "new-worker");
  *F->res = 1;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(behind, struct behind__frame)

/* Cancelling the job behind does not kill the worker running the first:
 * the first succeeds there, the second's result is dropped. */
Test(pool_process, cancel_job_behind_keeps_worker) {
  cancel_head = 0;
  pp = new_pool(1, 0);
  cr_assert_eq(ac_run(behind__spawn(__FILE__, __LINE__)), 1,
               "never had two jobs in flight");
  cr_assert_str_eq(rt_log_buf, "a:49 b:ECANCELED same-worker");
  pthread_mutex_lock(&pp->mu);
  cr_assert_eq(pp->slots[0].killed, 0);
  pthread_mutex_unlock(&pp->mu);
  ac_pool_free(pp);
}

/* Cancelling the running job kills its worker, silently; the job behind
 * it never started and runs on the replacement. */
Test(pool_process, cancel_running_job_resends_behind) {
  cancel_head = 1;
  pp = new_pool(1, 0);
  cr_assert_eq(ac_run(behind__spawn(__FILE__, __LINE__)), 1,
               "never had two jobs in flight");
  cr_assert_str_eq(rt_log_buf, "a:ECANCELED b:64 new-worker");
  ac_pool_free(pp);
}

/* ---- many tiny jobs, two in flight per worker ---- */
enum { NTINY = 10000 };
struct tiny__frame {
  ac_frame_t hdr;
  int *res;
  ac_task__int h[NTINY];
  int i, bad;
};
static int tiny__resume(ac_frame_t *hdr) {
  struct tiny__frame *F = (struct tiny__frame *)(void *)hdr;
  RT_DISPATCH(F, RT_STATE(1))
  for (F->i = 0; F->i < NTINY; F->i++)
    F->h[F->i] = offload(pp, AC__JOB_PROCESS, F->i % 1000, 0, DIE_NONE);
  AC__AWAIT(&F->hdr, 1,
            ac__await_gather(&F->hdr, F->h, NTINY, sizeof F->h[0]), fail);
  for (F->i = 0; F->i < NTINY; F->i++)
    F->bad += AC__TASK_RES(F->h[F->i]) != (F->i % 1000) * (F->i % 1000);
  *F->res = F->bad;
  F->hdr.err = 0;
fail:
  return AC__DONE;
}
RT_DEF0(tiny, struct tiny__frame)

Test(pool_process, many_tiny_jobs) {
  pp = new_pool(2, 0);
  cr_assert_eq(ac_run(tiny__spawn(__FILE__, __LINE__)), 0);
  ac_pool_free(pp);
}

/* Sending ahead respects max_tasks_per_child: no worker runs more. */
Test(pool_process, max_tasks_per_child_with_jobs_ahead) {
  enum { N = 40 };
  ac_future_t *f[N];
  int i, run = 1, workers = 1;
  pp = new_pool(1, 3);
  warm_up_sync(); /* a worker's 3 jobs: the next comes fresh */
  for (i = 0; i < N; i++) {
    struct sq_buf b = {i, 0, 0, 0, 0};
    f[i] = ac_pool_submit_copy(pp, sq_copy, &b, sizeof b, sizeof b);
  }
  cr_assert_eq(ac_futures_wait(f, N, AC_ALL_COMPLETED, 10), N);
  for (i = 0; i < N; i++) {
    struct sq_buf *b = ac_future_buffer(f[i]);
    cr_assert_eq(ac_future_result(f[i], 0), 0);
    cr_assert_eq(b->result, i * i);
    if (i > 0 && b->pid == ((struct sq_buf *)ac_future_buffer(f[i - 1]))->pid) {
      run++;
    } else if (i > 0) {
      run = 1;
      workers++;
    }
    cr_assert_leq(run, 3);
  }
  cr_assert_geq(workers, N / 3);
  for (i = 0; i < N; i++) ac_future_free(f[i]);
  ac_pool_free(pp);
}

/* ---- the workers' memory ----
 * The workers are the fork server's children, so getrusage(RUSAGE_CHILDREN)
 * of the program does not see them; ac_process_workers_peak_rss_kb does. */

static void touch_32mib(void *buf) {
  size_t n = 32u << 20, i;
  volatile char *p = malloc(n); /* volatile: the compiler may not drop it */
  if (p != NULL) {
    for (i = 0; i < n; i += 4096) p[i] = 1;
    *(int *)buf = p[n - 4096];
    free((void *)p);
  }
}

Test(pool_process, workers_peak_rss_is_reported) {
  int x = 0;
  ac_future_t *f;
  pp = new_pool(1, 0);
  cr_assert_eq(ac_process_workers_peak_rss_kb(), 0); /* nobody reaped yet */
  f = ac_pool_submit_copy(pp, touch_32mib, &x, sizeof x, sizeof x);
  cr_assert_eq(ac_future_result(f, 10), 0);
  cr_assert_eq(*(int *)ac_future_buffer(f), 1);
  ac_future_free(f);
  ac_pool_free(pp); /* the worker exits and is reaped */
  cr_assert_geq(ac_process_workers_peak_rss_kb(), 32 * 1024);
}
