/* A leaf operation where a handle is wanted becomes a task: a tiny async
 * function per site (frame with the arguments, `await` of the operation,
 * its starter f__leaf_N__spawn) in front of the caller's frame. */
#include <asyncc.h>

AC_AWAITABLE(int, take, (int *box, const double limit));

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct f__leaf_1__frame {
  ac_frame_t ac_hdr;
  ac_queue_t *ac_p0;
  void *ac_p1;
  ac_queue_wait_t ac_state;
};
static int f__leaf_1__resume(ac_frame_t *ac_hdr);
static const int f__leaf_1__lines[] = {10, 10};
static const ac__fninfo_t f__leaf_1__info = {"ac_queue_get", "leaf_task.ac", 10, f__leaf_1__resume, sizeof(struct f__leaf_1__frame), _Alignof(struct f__leaf_1__frame), f__leaf_1__lines};
static int f__leaf_1__resume(ac_frame_t *ac_hdr) {
  struct f__leaf_1__frame *ac_f = (struct f__leaf_1__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  AC__AWAIT(&ac_f->ac_hdr, 1, ac_queue_get__await(&ac_f->ac_hdr, (void *)0, &ac_f->ac_state, (ac_f->ac_p0), (ac_f->ac_p1)), ac_fail);
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}
static ac_task__void f__leaf_1__spawn(const char *ac_file, int ac_line, ac_queue_t *ac_p0, void *ac_p1) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct f__leaf_1__frame *ac_f;
  ac_h.t = ac__spawn(&f__leaf_1__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct f__leaf_1__frame *)ac_fr;
  AC__COPY(&ac_f->ac_p0, &ac_p0, sizeof ac_p0);
  AC__COPY(&ac_f->ac_p1, &ac_p1, sizeof ac_p1);
  return ac_h;
}
struct f__leaf_2__frame {
  ac_frame_t ac_hdr;
  int *ac_p0;
  const double ac_p1;
  int ac_val;
};
static int f__leaf_2__resume(ac_frame_t *ac_hdr);
static const int f__leaf_2__lines[] = {11, 11};
static const ac__fninfo_t f__leaf_2__info = {"take", "leaf_task.ac", 11, f__leaf_2__resume, sizeof(struct f__leaf_2__frame), _Alignof(struct f__leaf_2__frame), f__leaf_2__lines};
static int f__leaf_2__resume(ac_frame_t *ac_hdr) {
  struct f__leaf_2__frame *ac_f = (struct f__leaf_2__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  AC__AWAIT(&ac_f->ac_hdr, 1, take__await(&ac_f->ac_hdr, &ac_f->ac_val, (ac_f->ac_p0), (ac_f->ac_p1)), ac_fail);
  AC__COPY(&*AC__RESULT(ac_f, int), &ac_f->ac_val, sizeof ac_f->ac_val);
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}
static ac_task__int f__leaf_2__spawn(const char *ac_file, int ac_line, int *ac_p0, const double ac_p1) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct f__leaf_2__frame *ac_f;
  ac_h.t = ac__spawn(&f__leaf_2__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct f__leaf_2__frame *)ac_fr;
  AC__COPY(&ac_f->ac_p0, &ac_p0, sizeof ac_p0);
  AC__COPY(&ac_f->ac_p1, &ac_p1, sizeof ac_p1);
  return ac_h;
}
struct f__frame {
  ac_frame_t ac_hdr;
  ac_queue_t *q;
  int x;
};
struct f__temps {
  char ac_unused;
  union {
    struct {
      ac_task__void t1;
    };
    struct {
      ac_task__int t2;
    };
  };
};
struct f__all {
  struct f__frame f;
  struct f__temps t;
};
static int f__resume(ac_frame_t *ac_hdr);
static const int f__lines[] = {8, 10, 11};
static const ac__fninfo_t f__info = {"f", "leaf_task.ac", 8, f__resume, sizeof(struct f__all), _Alignof(struct f__all), f__lines};
AC__MAYBE_UNUSED static ac_frame_t *f__call(int *ac_res, ac_queue_t *q) {
  struct f__frame *ac_f = (struct f__frame *)ac__frame_call(&f__info, ac_res);
  ac_f->q = q;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int f__spawn(const char *ac_file, int ac_line, ac_queue_t *q) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct f__frame *ac_f;
  ac_h.t = ac__spawn(&f__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct f__frame *)ac_fr;
  ac_f->q = q;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int f(ac_queue_t *q) {
  return f__spawn((void *)0, 0, q);
}
static int f__resume(ac_frame_t *ac_hdr) {
  struct f__frame *ac_f = (struct f__frame *)ac_hdr;
  struct f__temps *ac_t = &((struct f__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_t->t1 = f__leaf_1__spawn(__FILE__, __LINE__, ac_f->q, &ac_f->x);
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_wait_for(&ac_f->ac_hdr, ac_t->t1.t, 0.5), ac_fail);
    ac_t->t2 = f__leaf_2__spawn(__FILE__, __LINE__, &ac_f->x, 1);
    AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_shield(&ac_f->ac_hdr, ac_t->t2.t), ac_fail);
    *AC__RESULT(ac_f, int) = AC__TASK_RES(ac_t->t2);
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

