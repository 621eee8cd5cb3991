/* loops.ac - a loop whose test or step awaits becomes for (;;) with the
 * test inside; continue goes to a label before the step. */
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
ac_frame_t *more__call(int *ac_res, int i);
ac_task__int more__spawn(const char *ac_file, int ac_line, int i);
ac_task__int more(int i);


struct count__frame {
  ac_frame_t ac_hdr;
  int n;
  int i;
};
struct count__temps {
  char ac_unused;
  union {
    struct {
      int t1;
    };
    struct {
      int t2;
    };
    struct {
      int t3;
    };
  };
};
struct count__all {
  struct count__frame f;
  struct count__temps t;
};
static int count__resume(ac_frame_t *ac_hdr);
static const int count__lines[] = {7, 9, 10, 14};
static const ac__fninfo_t count__info = {"count", "loops.ac", 7, count__resume, sizeof(struct count__all), _Alignof(struct count__all), count__lines};
AC__MAYBE_UNUSED static ac_frame_t *count__call(int *ac_res) {
  struct count__frame *ac_f = (struct count__frame *)ac__frame_call(&count__info, ac_res);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int count__spawn(const char *ac_file, int ac_line) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct count__frame *ac_f;
  ac_h.t = ac__spawn(&count__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct count__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int count(void) {
  return count__spawn((void *)0, 0);
}
static int count__resume(ac_frame_t *ac_hdr) {
  struct count__frame *ac_f = (struct count__frame *)ac_hdr;
  struct count__temps *ac_t = &((struct count__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  case 3: goto ac_resume_3;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_f->n = 0;
    for (;;) {
      AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, more__call(&ac_t->t1, ac_f->n)), ac_fail);
      if (!(ac_t->t1)) break;
      {
        ac_f->n++;
      }
    }
    {
      ac_f->i = 0;
      for (;;) {
        if (!(ac_f->i < 3)) break;
        {
          if (ac_f->i == 1)
          {
            goto ac_cont_1;
          }
          ac_f->n++;
        }
        ac_cont_1:;
        AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_call(&ac_f->ac_hdr, more__call(&ac_t->t2, ac_f->i)), ac_fail);
        ac_f->i += ac_t->t2;
      }
    }
    for (;;) {
      {
        ac_f->n--;
      }
      AC__AWAIT(&ac_f->ac_hdr, 3, ac__await_call(&ac_f->ac_hdr, more__call(&ac_t->t3, ac_f->n)), ac_fail);
      if (!(ac_t->t3)) break;
    }
    *AC__RESULT(ac_f, int) = ac_f->n;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

