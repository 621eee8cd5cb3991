/* try_finally.ac - a break out of a try runs its finally first. */
#include <stdio.h>
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct loop__frame {
  ac_frame_t ac_hdr;
  int n;
  int i;
  int err;
  int ac_exc_1, ac_fin_1;
};
static int loop__resume(ac_frame_t *ac_hdr);
static const int loop__lines[] = {5, 8};
static const ac__fninfo_t loop__info = {"loop", "try_finally.ac", 5, loop__resume, sizeof(struct loop__frame), _Alignof(struct loop__frame), loop__lines};
AC__MAYBE_UNUSED static ac_frame_t *loop__call(int n) {
  struct loop__frame *ac_f = (struct loop__frame *)ac__frame_new(&loop__info);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void loop__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct loop__frame *ac_f;
  ac_h.t = ac__spawn(&loop__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct loop__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void loop(int n) {
  return loop__spawn((void *)0, 0, n);
}
static int loop__resume(ac_frame_t *ac_hdr) {
  struct loop__frame *ac_f = (struct loop__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    {
      ac_f->i = 0;
      for (; ac_f->i < ac_f->n; ac_f->i++)
      {
        {
          AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0.001)), ac_catch_1);
          if (ac_f->i == 2)
          {
            ac_f->ac_fin_1 = 3; goto ac_finally_1;
          }
        }
        goto ac_tryok_1;
        ac_catch_1:;
        ac_f->ac_exc_1 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0;
        ac_f->err = ac_f->ac_exc_1;
        {
          printf("caught %d\n", ac_f->err);
        }
        goto ac_tryok_1;
        ac_tryok_1:;
        ac_f->ac_fin_1 = 0;
        ac_finally_1:;
        {
          printf("finally %d\n", ac_f->i);
        }
        if (ac_f->ac_fin_1 == 3) {
          break;
        }
      }
    }
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
}

