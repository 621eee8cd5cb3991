/* pool_test.h - what the pool tests share: a job and an async function
 * that offloads it, written by hand exactly as the translator emits
 * `await in_thread(pool, sq(x, ms))` (job struct starting with ac_job_t,
 * a run function, ac__job_new, ac__await_job, ac__job_done).
 *
 * The job squares X after sleeping MS milliseconds (in 1 ms steps that
 * poll ac_job_cancelled), and may crash its worker on request.
 */
#ifndef POOL_TEST_H
#define POOL_TEST_H

#include <dirent.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rt_test.h"

enum { DIE_NONE, DIE_SEGV, DIE_KILL, DIE_ABORT, DIE_EXIT };

static atomic_int pt_started, pt_finished, pt_saw_cancel;

struct sq_job {
  ac_job_t hdr;
  int x, ms, die;
  int result;
  int saw_cancel;
};

static inline void pt_sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void sq_run(ac_job_t *job) {
  struct sq_job *J = (struct sq_job *)(void *)job;
  int i;
  atomic_fetch_add(&pt_started, 1);
  for (i = 0; i < J->ms && !ac_job_cancelled(); i++) pt_sleep_ms(1);
  if (ac_job_cancelled()) {
    J->saw_cancel = 1;
    atomic_fetch_add(&pt_saw_cancel, 1);
  }
  switch (J->die) {
  case DIE_SEGV: raise(SIGSEGV); break;
  case DIE_KILL: raise(SIGKILL); break;
  case DIE_ABORT: abort();
  case DIE_EXIT: exit(3);
  default: break;
  }
  J->result = J->x * J->x;
  atomic_fetch_add(&pt_finished, 1);
}

/* ==== async int offload(ac_pool_t *pool, int kind, int x, int ms, int die)
 *   return await in_thread(pool, sq(x, ms, die)); ==== */
struct offload__frame {
  ac_frame_t hdr;
  int *res;
  ac_pool_t *pool;
  int kind, x, ms, die;
  struct sq_job *job;
};

static inline int offload__resume(ac_frame_t *hdr) {
  struct offload__frame *F = (struct offload__frame *)(void *)hdr;
  switch (F->hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(hdr);
  }
  F->job = (struct sq_job *)(void *)ac__job_new(sizeof *F->job, sq_run);
  F->job->x = F->x;
  F->job->ms = F->ms;
  F->job->die = F->die;
  AC__AWAIT(&F->hdr, 1, ac__await_job(&F->hdr, F->pool, &F->job->hdr, F->kind),
            ac_fail);
  if (F->res) *F->res = F->job->result;
  ac__job_done(&F->job->hdr);
  F->hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}
RT_INFO(offload, struct offload__frame)

static inline ac_task__int offload__spawn(const char *file, int line,
                                          ac_pool_t *pool, int kind, int x,
                                          int ms, int die) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  struct offload__frame *F;
  h.t = ac__spawn(offload__info(), sizeof(int), file, line, &fr, &r);
  F = (struct offload__frame *)(void *)fr;
  F->res = (int *)r;
  F->pool = pool;
  F->kind = kind;
  F->x = x;
  F->ms = ms;
  F->die = die;
  return h;
}
#define offload(...) offload__spawn(__FILE__, __LINE__, __VA_ARGS__)

/* ==== async int ticker(int n, double every): logs n ticks ==== */
struct ticker__frame {
  ac_frame_t hdr;
  int *res;
  int n, i;
  double every;
};

static inline int ticker__resume(ac_frame_t *hdr) {
  struct ticker__frame *F = (struct ticker__frame *)(void *)hdr;
  switch (F->hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(hdr);
  }
  for (F->i = 0; F->i < F->n; F->i++) {
    AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, F->every), ac_fail);
    rt_log("tick");
  }
  if (F->res) *F->res = F->n;
  F->hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}
RT_INFO(ticker, struct ticker__frame)

static inline ac_task__int ticker__spawn(const char *file, int line, int n,
                                         double every) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  struct ticker__frame *F;
  h.t = ac__spawn(ticker__info(), sizeof(int), file, line, &fr, &r);
  F = (struct ticker__frame *)(void *)fr;
  F->res = (int *)r;
  F->n = n;
  F->every = every;
  return h;
}
#define ticker(...) ticker__spawn(__FILE__, __LINE__, __VA_ARGS__)

/* Open file descriptors of this process. */
static inline int pt_count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  struct dirent *e;
  int n = 0;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n - 1; /* the directory's own */
}

static inline void pt_reset(void) {
  atomic_store(&pt_started, 0);
  atomic_store(&pt_finished, 0);
  atomic_store(&pt_saw_cancel, 0);
  rt_log_buf[0] = '\0';
}

#endif /* POOL_TEST_H */
