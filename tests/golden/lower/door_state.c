/* An operation declared with AC_AWAITABLE_WITH keeps its wait's record in
 * the awaiting frame: every await of the function shares one union of the
 * state types (one member per type: ac_queue_put and ac_queue_get share
 * theirs), passed as name__await's third argument. A plain AC_AWAITABLE
 * takes none. */
#include <asyncc.h>

typedef struct { void *link; int fd; } poll_wait_t;
AC_AWAITABLE_WITH(poll_wait_t, int, poll_ready, (int fd));
AC_AWAITABLE(int, take, (int *box));

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
#ifndef AC_TASK_DEFINED_long
#define AC_TASK_DEFINED_long
AC_TASK_TYPE(ac_task__long, long);
#endif
struct relay__frame {
  ac_frame_t ac_hdr;
  ac_queue_t *in;
  ac_queue_t *out;
  int fd;
  long v;
  int r;
};
struct relay__temps {
  char ac_unused;
  union {
    struct {
      int t1;
    };
    struct {
      __typeof__(0 ? (((struct relay__frame *)0)->v + ((struct relay__frame *)0)->r) : (((struct relay__frame *)0)->v + ((struct relay__frame *)0)->r)) t2;
      int t3;
    };
  };
  union {
    ac_queue_wait_t w1;
    poll_wait_t w2;
  } ac_w;
};
struct relay__all {
  struct relay__frame f;
  struct relay__temps t;
};
static int relay__resume(ac_frame_t *ac_hdr);
static const int relay__lines[] = {12, 14, 15, 16, 17};
static const ac__fninfo_t relay__info = {"relay", "door_state.ac", 12, relay__resume, sizeof(struct relay__all), _Alignof(struct relay__all), relay__lines};
AC__MAYBE_UNUSED static ac_frame_t *relay__call(long *ac_res, ac_queue_t *in, ac_queue_t *out, int fd) {
  struct relay__frame *ac_f = (struct relay__frame *)ac__frame_call(&relay__info, ac_res);
  ac_f->in = in;
  ac_f->out = out;
  ac_f->fd = fd;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__long relay__spawn(const char *ac_file, int ac_line, ac_queue_t *in, ac_queue_t *out, int fd) {
  ac_task__long ac_h;
  ac_frame_t *ac_fr;
  struct relay__frame *ac_f;
  ac_h.t = ac__spawn(&relay__info, sizeof(long), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct relay__frame *)ac_fr;
  ac_f->in = in;
  ac_f->out = out;
  ac_f->fd = fd;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__long relay(ac_queue_t *in, ac_queue_t *out, int fd) {
  return relay__spawn((void *)0, 0, in, out, fd);
}
static int relay__resume(ac_frame_t *ac_hdr) {
  struct relay__frame *ac_f = (struct relay__frame *)ac_hdr;
  struct relay__temps *ac_t = &((struct relay__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  case 3: goto ac_resume_3;
  case 4: goto ac_resume_4;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_f->v = 0;
    AC__AWAIT(&ac_f->ac_hdr, 1, ac_queue_get__await(&ac_f->ac_hdr, (void *)0, &ac_t->ac_w.w1, (ac_f->in), (&ac_f->v)), ac_fail);
    AC__AWAIT(&ac_f->ac_hdr, 2, poll_ready__await(&ac_f->ac_hdr, &ac_t->t1, &ac_t->ac_w.w2, (ac_f->fd)), ac_fail);
    ac_f->r = ac_t->t1;
    AC__AWAIT(&ac_f->ac_hdr, 3, ac_queue_put__await(&ac_f->ac_hdr, (void *)0, &ac_t->ac_w.w1, (ac_f->out), (&ac_f->v)), ac_fail);
    ac_t->t2 = ac_f->v + ac_f->r;
    AC__AWAIT(&ac_f->ac_hdr, 4, take__await(&ac_f->ac_hdr, &ac_t->t3, (&ac_f->r)), ac_fail);
    *AC__RESULT(ac_f, long) = ac_t->t2 + ac_t->t3;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(long));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

