/* generator.ac - yield stores the value and suspends; for await calls the
 * generator, loops over its values, and closes it in a finally. */
#include <stdio.h>
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct upto__frame {
  ac_frame_t ac_hdr;
  int n;
  int i;
};
static int upto__resume(ac_frame_t *ac_hdr);
static const int upto__lines[] = {6, 7};
static const ac__fninfo_t upto__info = {"upto", "generator.ac", 6, upto__resume, sizeof(struct upto__frame), _Alignof(struct upto__frame), upto__lines};
AC__MAYBE_UNUSED static ac_frame_t *upto__call(int *ac_res, int n) {
  struct upto__frame *ac_f = (struct upto__frame *)ac__frame_call(&upto__info, ac_res);
  ac_f->n = n;
  ac__gen_mark(&ac_f->ac_hdr);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int upto__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct upto__frame *ac_f;
  ac_h.t = ac__spawn(&upto__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct upto__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int upto(int n) {
  return upto__spawn((void *)0, 0, n);
}
static int upto__resume(ac_frame_t *ac_hdr) {
  struct upto__frame *ac_f = (struct upto__frame *)ac_hdr;
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
        *AC__RESULT(ac_f, int) = ac_f->i;
        AC__YIELD(&ac_f->ac_hdr, 1, ac_fail);
      }
    }
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


struct print_all__frame {
  ac_frame_t ac_hdr;
  int v;
  int ac_exc_1, ac_fin_1;
};
struct print_all__temps {
  char ac_unused;
  ac_frame_t * t1;
  int t2;
};
struct print_all__all {
  struct print_all__frame f;
  struct print_all__temps t;
};
static int print_all__resume(ac_frame_t *ac_hdr);
static const int print_all__lines[] = {10, 11, 13};
static const ac__fninfo_t print_all__info = {"print_all", "generator.ac", 10, print_all__resume, sizeof(struct print_all__all), _Alignof(struct print_all__all), print_all__lines};
AC__MAYBE_UNUSED static ac_frame_t *print_all__call(void) {
  struct print_all__frame *ac_f = (struct print_all__frame *)ac__frame_new(&print_all__info);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void print_all__spawn(const char *ac_file, int ac_line) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct print_all__frame *ac_f;
  ac_h.t = ac__spawn(&print_all__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct print_all__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void print_all(void) {
  return print_all__spawn((void *)0, 0);
}
static int print_all__resume(ac_frame_t *ac_hdr) {
  struct print_all__frame *ac_f = (struct print_all__frame *)ac_hdr;
  struct print_all__temps *ac_t = &((struct print_all__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  default: return ac__bad_state(ac_hdr);
  }
  {
    {
      ac_t->t1 = upto__call(&ac_t->t2, 3);
      for (;;) {
        AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_next(&ac_f->ac_hdr, ac_t->t1), ac_tryerr_1);
        if (ac__gen_finished(ac_t->t1)) break;
        ac_f->v = ac_t->t2;
        {
          if (ac_f->v == 2)
          {
            break;
          }
          printf("%d\n", ac_f->v);
        }
      }
      goto ac_tryok_1;
      ac_tryerr_1:;
      ac_f->ac_exc_1 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0; ac_f->ac_fin_1 = 1; goto ac_finally_1;
      ac_tryok_1:;
      ac_f->ac_fin_1 = 0;
      ac_finally_1:;
      AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_close(&ac_f->ac_hdr, ac_t->t1), ac_closed_2);
      ac_closed_2:;
      ac__gen_free(ac_t->t1); ac_t->t1 = ((void *)0);
      if (ac_f->ac_hdr.err != 0) goto ac_fail;
      if (ac_f->ac_fin_1 == 1) { ac_f->ac_hdr.err = ac_f->ac_exc_1; goto ac_fail; }
    }
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

