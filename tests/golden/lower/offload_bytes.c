/* offload_bytes.ac - in_process with an ac_bytes_t capture and result:
 * the job's ac__job_bytes_t names them (AC__BYTES_AT), awaited in place
 * and started as a task. */
#include <asyncc.h>

ac_bytes_t upper(ac_bytes_t in, int n);

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
#ifndef AC_TASK_DEFINED_ac_bytes_t
#define AC_TASK_DEFINED_ac_bytes_t
AC_TASK_TYPE(ac_task__ac_bytes_t, ac_bytes_t);
#endif
#ifndef AC_TASK_DEFINED_size_t
#define AC_TASK_DEFINED_size_t
AC_TASK_TYPE(ac_task__size_t, size_t);
#endif
struct work__job_1_cap {
  char ac_unused;
  ac_bytes_t in;
  int n;
};
struct work__job_1 {
  ac_job_t ac_hdr;
  struct work__job_1_cap cap;
  __typeof__(upper(((struct work__job_1_cap *)0)->in, ((struct work__job_1_cap *)0)->n)) result;
};
static const size_t work__job_1_bcaps[] = {AC__BYTES_AT(struct work__job_1, cap.in), AC__BYTES_AT(struct work__job_1, cap.n)};
static const ac__job_bytes_t work__job_1_bytes = {AC__BYTES_AT(struct work__job_1, result), 2, work__job_1_bcaps};
static void work__job_1_run(ac_job_t *ac_j) {
  struct work__job_1 *ac_c = (struct work__job_1 *)ac_j;
  (void)ac_c;
  ac_c->result = upper(ac_c->cap.in, ac_c->cap.n);
}
struct work__job_2_cap {
  char ac_unused;
  ac_bytes_t up;
  int n;
};
struct work__job_2 {
  ac_job_t ac_hdr;
  struct work__job_2_cap cap;
  __typeof__(upper(((struct work__job_2_cap *)0)->up, ((struct work__job_2_cap *)0)->n + 1)) result;
};
static const size_t work__job_2_bcaps[] = {AC__BYTES_AT(struct work__job_2, cap.up), AC__BYTES_AT(struct work__job_2, cap.n)};
static const ac__job_bytes_t work__job_2_bytes = {AC__BYTES_AT(struct work__job_2, result), 2, work__job_2_bcaps};
static void work__job_2_run(ac_job_t *ac_j) {
  struct work__job_2 *ac_c = (struct work__job_2 *)ac_j;
  (void)ac_c;
  ac_c->result = upper(ac_c->cap.up, ac_c->cap.n + 1);
}
struct work__job_2_task {
  ac__job_task_t base;
  struct work__job_2 job;
};
static const ac__fninfo_t work__job_2_info = {"in_process", "offload_bytes.ac", 10, ac__job_task_resume, sizeof(struct work__job_2_task), _Alignof(struct work__job_2_task), (void *)0};
struct work__frame {
  ac_frame_t ac_hdr;
  ac_bytes_t in;
  int n;
  ac_bytes_t up;
  ac_task__ac_bytes_t t;
};
struct work__temps {
  char ac_unused;
  union {
    struct {
      ac_job_t * t1;
      __typeof__(((struct work__job_1 *)0)->result) t2;
    };
    struct {
      struct work__job_2 t3;
      ac_task_t * t4;
      void * t5;
    };
  };
};
struct work__all {
  struct work__frame f;
  struct work__temps t;
};
static int work__resume(ac_frame_t *ac_hdr);
static const int work__lines[] = {8, 9, 11};
static const ac__fninfo_t work__info = {"work", "offload_bytes.ac", 8, work__resume, sizeof(struct work__all), _Alignof(struct work__all), work__lines};
AC__MAYBE_UNUSED static ac_frame_t *work__call(size_t *ac_res, ac_bytes_t in, int n) {
  struct work__frame *ac_f = (struct work__frame *)ac__frame_call(&work__info, ac_res);
  ac_f->in = in;
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__size_t work__spawn(const char *ac_file, int ac_line, ac_bytes_t in, int n) {
  ac_task__size_t ac_h;
  ac_frame_t *ac_fr;
  struct work__frame *ac_f;
  ac_h.t = ac__spawn(&work__info, sizeof(size_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct work__frame *)ac_fr;
  ac_f->in = in;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__size_t work(ac_bytes_t in, int n) {
  return work__spawn((void *)0, 0, in, n);
}
static int work__resume(ac_frame_t *ac_hdr) {
  struct work__frame *ac_f = (struct work__frame *)ac_hdr;
  struct work__temps *ac_t = &((struct work__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_t->t1 = ac__job_new_bytes(sizeof(struct work__job_1), work__job_1_run, &work__job_1_bytes);
    ((struct work__job_1 *)ac_t->t1)->cap.in = ac_f->in;
    ((struct work__job_1 *)ac_t->t1)->cap.n = ac_f->n;
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_job(&ac_f->ac_hdr, ((void *)0), ac_t->t1, AC__JOB_PROCESS), ac_fail);
    ac_t->t2 = ((struct work__job_1 *)ac_t->t1)->result;
    ac__job_done(ac_t->t1);
    ac_f->up = ac_t->t2;
    ac_f->t = (ac_t->t3.ac_hdr.run = work__job_2_run, ac_t->t3.ac_hdr.bytes = &work__job_2_bytes, ac_t->t3.cap.up = ac_f->up, ac_t->t3.cap.n = ac_f->n, ac_t->t4 = ac__spawn_job(&work__job_2_info, &ac_t->t3.ac_hdr, __builtin_offsetof(struct work__job_2_task, job), sizeof(struct work__job_2), ((void *)0), AC__JOB_PROCESS, __builtin_offsetof(struct work__job_2, result), sizeof ac_t->t3.result, __FILE__, __LINE__, &ac_t->t5), (ac_task__ac_bytes_t){ac_t->t4});
    AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_task(&ac_f->ac_hdr, (ac_f->t).t), ac_fail);
    ac_bytes_t again = AC__TASK_RES((ac_f->t));
    size_t len = ac_f->up.len + again.len;
    ac_bytes_free(&ac_f->up);
    ac_bytes_free(&again);
    *AC__RESULT(ac_f, size_t) = len;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(size_t));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

#if defined(__GNUC__) || defined(__clang__) || defined(__TINYC__)
__attribute__((constructor)) static void ac__prefork_ctor(void) {
  ac__process_prefork();
}
#endif
