/* expression.ac - awaits inside expressions: operands in order, && only
 * when C would evaluate its right side, x op= read after the await. */
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
ac_frame_t *f__call(int *ac_res, int x);
ac_task__int f__spawn(const char *ac_file, int ac_line, int x);
ac_task__int f(int x);


struct combine__frame {
  ac_frame_t ac_hdr;
  int a;
  int ok;
  int x;
};
struct combine__temps {
  char ac_unused;
  union {
    struct {
      int t1;
      int t2;
    };
    struct {
      int t3;
      int t4;
    };
    struct {
      int t5;
    };
  };
};
struct combine__all {
  struct combine__frame f;
  struct combine__temps t;
};
static int combine__resume(ac_frame_t *ac_hdr);
static const int combine__lines[] = {7, 8, 8, 9, 10};
static const ac__fninfo_t combine__info = {"combine", "expression.ac", 7, combine__resume, sizeof(struct combine__all), _Alignof(struct combine__all), combine__lines};
AC__MAYBE_UNUSED static ac_frame_t *combine__call(int *ac_res, int a, int ok) {
  struct combine__frame *ac_f = (struct combine__frame *)ac__frame_call(&combine__info, ac_res);
  ac_f->a = a;
  ac_f->ok = ok;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int combine__spawn(const char *ac_file, int ac_line, int a, int ok) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct combine__frame *ac_f;
  ac_h.t = ac__spawn(&combine__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct combine__frame *)ac_fr;
  ac_f->a = a;
  ac_f->ok = ok;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int combine(int a, int ok) {
  return combine__spawn((void *)0, 0, a, ok);
}
static int combine__resume(ac_frame_t *ac_hdr) {
  struct combine__frame *ac_f = (struct combine__frame *)ac_hdr;
  struct combine__temps *ac_t = &((struct combine__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  case 3: goto ac_resume_3;
  case 4: goto ac_resume_4;
  default: return ac__bad_state(ac_hdr);
  }
  {
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, f__call(&ac_t->t1, ac_f->a)), ac_fail);
    AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_call(&ac_f->ac_hdr, f__call(&ac_t->t2, ac_f->a + 1)), ac_fail);
    ac_f->x = ac_t->t1 + ac_t->t2;
    ac_t->t3 = (ac_f->ok) != 0;
    if (ac_t->t3) {
      AC__AWAIT(&ac_f->ac_hdr, 3, ac__await_call(&ac_f->ac_hdr, f__call(&ac_t->t4, ac_f->x)), ac_fail);
      ac_t->t3 = (ac_t->t4) != 0;
    }
    if (ac_t->t3)
    {
      AC__AWAIT(&ac_f->ac_hdr, 4, ac__await_call(&ac_f->ac_hdr, f__call(&ac_t->t5, 1)), ac_fail);
      ac_f->x += ac_t->t5;
    }
    *AC__RESULT(ac_f, int) = ac_f->x;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

