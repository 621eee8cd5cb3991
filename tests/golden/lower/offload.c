/* offload.ac - in_thread: a job struct capturing the frame variables it
 * names by value, awaited in place, or started as a task. */
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct work__job_1_cap {
  char ac_unused;
  int n;
};
struct work__job_1 {
  ac_job_t ac_hdr;
  struct work__job_1_cap cap;
  __typeof__(((struct work__job_1_cap *)0)->n * 2) result;
};
static const size_t work__job_1_bcaps[] = {AC__BYTES_AT(struct work__job_1, cap.n)};
static const ac__job_bytes_t work__job_1_bytes = {AC__BYTES_AT(struct work__job_1, result), 1, work__job_1_bcaps};
static void work__job_1_run(ac_job_t *ac_j) {
  struct work__job_1 *ac_c = (struct work__job_1 *)ac_j;
  (void)ac_c;
  ac_c->result = ac_c->cap.n * 2;
}
struct work__job_2_cap {
  char ac_unused;
  int n;
};
struct work__job_2 {
  ac_job_t ac_hdr;
  struct work__job_2_cap cap;
  __typeof__(((struct work__job_2_cap *)0)->n + 1) result;
};
static const size_t work__job_2_bcaps[] = {AC__BYTES_AT(struct work__job_2, cap.n)};
static const ac__job_bytes_t work__job_2_bytes = {AC__BYTES_AT(struct work__job_2, result), 1, work__job_2_bcaps};
static void work__job_2_run(ac_job_t *ac_j) {
  struct work__job_2 *ac_c = (struct work__job_2 *)ac_j;
  (void)ac_c;
  ac_c->result = ac_c->cap.n + 1;
}
struct work__job_2_task {
  ac__job_task_t base;
  struct work__job_2 job;
};
static const ac__fninfo_t work__job_2_info = {"in_thread", "offload.ac", 7, ac__job_task_resume, sizeof(struct work__job_2_task), _Alignof(struct work__job_2_task), (void *)0};
struct work__frame {
  ac_frame_t ac_hdr;
  int n;
  int twice;
  ac_task__int t;
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
    struct {
      __typeof__(0 ? (((struct work__frame *)0)->twice) : (((struct work__frame *)0)->twice)) t6;
    };
  };
};
struct work__all {
  struct work__frame f;
  struct work__temps t;
};
static int work__resume(ac_frame_t *ac_hdr);
static const int work__lines[] = {5, 6, 8};
static const ac__fninfo_t work__info = {"work", "offload.ac", 5, work__resume, sizeof(struct work__all), _Alignof(struct work__all), work__lines};
AC__MAYBE_UNUSED static ac_frame_t *work__call(int *ac_res, int n) {
  struct work__frame *ac_f = (struct work__frame *)ac__frame_call(&work__info, ac_res);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int work__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct work__frame *ac_f;
  ac_h.t = ac__spawn(&work__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct work__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int work(int n) {
  return work__spawn((void *)0, 0, n);
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
    ((struct work__job_1 *)ac_t->t1)->cap.n = ac_f->n;
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_job(&ac_f->ac_hdr, ((void *)0), ac_t->t1, AC__JOB_THREAD), ac_fail);
    ac_t->t2 = ((struct work__job_1 *)ac_t->t1)->result;
    ac__job_done(ac_t->t1);
    ac_f->twice = ac_t->t2;
    ac_f->t = (ac_t->t3.ac_hdr.run = work__job_2_run, ac_t->t3.ac_hdr.bytes = &work__job_2_bytes, ac_t->t3.cap.n = ac_f->n, ac_t->t4 = ac__spawn_job(&work__job_2_info, &ac_t->t3.ac_hdr, __builtin_offsetof(struct work__job_2_task, job), sizeof(struct work__job_2), ((void *)0), AC__JOB_THREAD, __builtin_offsetof(struct work__job_2, result), sizeof ac_t->t3.result, __FILE__, __LINE__, &ac_t->t5), (ac_task__int){ac_t->t4});
    ac_t->t6 = ac_f->twice;
    AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_task(&ac_f->ac_hdr, (ac_f->t).t), ac_fail);
    *AC__RESULT(ac_f, int) = ac_t->t6 + AC__TASK_RES((ac_f->t));
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

