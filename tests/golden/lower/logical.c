/* logical.ac - && || ?: around awaits become if/else: only what C would
 * evaluate is awaited; an operand left of an await is evaluated first. */
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
ac_frame_t *get__call(int *ac_res, int v);
ac_task__int get__spawn(const char *ac_file, int ac_line, int v);
ac_task__int get(int v);


struct pick__frame {
  ac_frame_t ac_hdr;
  int a;
  int *p;
  int x;
  int y;
  int z;
};
struct pick__temps {
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
      int t6;
    };
    struct {
      __typeof__(0 ? (*((struct pick__frame *)0)->p) : (*((struct pick__frame *)0)->p)) t7;
      int t8;
    };
  };
};
struct pick__all {
  struct pick__frame f;
  struct pick__temps t;
};
static int pick__resume(ac_frame_t *ac_hdr);
static const int pick__lines[] = {7, 8, 9, 10, 11};
static const ac__fninfo_t pick__info = {"pick", "logical.ac", 7, pick__resume, sizeof(struct pick__all), _Alignof(struct pick__all), pick__lines};
AC__MAYBE_UNUSED static ac_frame_t *pick__call(int *ac_res, int a, int *p) {
  struct pick__frame *ac_f = (struct pick__frame *)ac__frame_call(&pick__info, ac_res);
  ac_f->a = a;
  ac_f->p = p;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int pick__spawn(const char *ac_file, int ac_line, int a, int *p) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct pick__frame *ac_f;
  ac_h.t = ac__spawn(&pick__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct pick__frame *)ac_fr;
  ac_f->a = a;
  ac_f->p = p;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int pick(int a, int *p) {
  return pick__spawn((void *)0, 0, a, p);
}
static int pick__resume(ac_frame_t *ac_hdr) {
  struct pick__frame *ac_f = (struct pick__frame *)ac_hdr;
  struct pick__temps *ac_t = &((struct pick__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  case 3: goto ac_resume_3;
  case 4: goto ac_resume_4;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_t->t1 = (ac_f->a) != 0;
    if (ac_t->t1) {
      AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, get__call(&ac_t->t2, 1)), ac_fail);
      ac_t->t1 = (ac_t->t2) != 0;
    }
    ac_f->x = ac_t->t1;
    ac_t->t3 = (ac_f->a) != 0;
    if (!ac_t->t3) {
      AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_call(&ac_f->ac_hdr, get__call(&ac_t->t4, 2)), ac_fail);
      ac_t->t3 = (ac_t->t4) != 0;
    }
    ac_f->y = ac_t->t3;
    ac_t->t5 = (ac_f->a) != 0;
    if (ac_t->t5) {
      AC__AWAIT(&ac_f->ac_hdr, 3, ac__await_call(&ac_f->ac_hdr, get__call(&ac_t->t6, 3)), ac_fail);
    } else {
    }
    ac_f->z = (ac_t->t5 ? (ac_t->t6) : (4));
    { __typeof__(ac_t->t7) ac_v = *ac_f->p; AC__COPY(&ac_t->t7, &ac_v, sizeof ac_v); }
    AC__AWAIT(&ac_f->ac_hdr, 4, ac__await_call(&ac_f->ac_hdr, get__call(&ac_t->t8, ac_f->x + ac_f->y + ac_f->z)), ac_fail);
    *AC__RESULT(ac_f, int) = ac_t->t7 + ac_t->t8;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

