/* catch_rethrow.ac - throw sets the frame's error and goes where failures
 * go; a catch takes it into ac_exc_K and its variable; `throw;` rethrows. */
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct risky__frame {
  ac_frame_t ac_hdr;
  int n;
  int e;
  int ac_exc_1;
};
static int risky__resume(ac_frame_t *ac_hdr);
static const int risky__lines[] = {5, 7};
static const ac__fninfo_t risky__info = {"risky", "catch_rethrow.ac", 5, risky__resume, sizeof(struct risky__frame), _Alignof(struct risky__frame), risky__lines};
AC__MAYBE_UNUSED static ac_frame_t *risky__call(int *ac_res, int n) {
  struct risky__frame *ac_f = (struct risky__frame *)ac__frame_call(&risky__info, ac_res);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int risky__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct risky__frame *ac_f;
  ac_h.t = ac__spawn(&risky__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct risky__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int risky(int n) {
  return risky__spawn((void *)0, 0, n);
}
static int risky__resume(ac_frame_t *ac_hdr) {
  struct risky__frame *ac_f = (struct risky__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    {
      AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_catch_1);
      if (ac_f->n < 0)
      {
        ac_f->ac_hdr.err = ac__throw(&ac_f->ac_hdr, -5, 8);
        goto ac_catch_1;
      }
    }
    goto ac_tryok_1;
    ac_catch_1:;
    ac_f->ac_exc_1 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0;
    ac_f->e = ac_f->ac_exc_1;
    {
      if (ac_f->e != -5)
      {
        ac_f->ac_hdr.err = ac_f->ac_exc_1;
        goto ac_fail;
      }
      *AC__RESULT(ac_f, int) = 1;
      ac_f->ac_hdr.err = 0; return AC__DONE;
    }
    goto ac_tryok_1;
    ac_tryok_1:;
    *AC__RESULT(ac_f, int) = 0;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

