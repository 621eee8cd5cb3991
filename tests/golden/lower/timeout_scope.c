/* timeout_scope.ac - ac_timeout is a try whose finally is the scope's
 * exit: the failure leaving the block (ac_exc_K when ac_fin_K is 1, else
 * 0) goes through ac__timeout_exit, which may rewrite it. Without a
 * handle the scope lives in a frame temporary; with one, the handle is
 * evaluated once. A return inside routes through the exit. */
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct bounded__frame {
  ac_frame_t ac_hdr;
  int n;
  ac_timeout_t cm;
  int ac_exc_1, ac_fin_1;
  int ac_exc_2, ac_fin_2;
  int ac_ret;
};
struct bounded__temps {
  char ac_unused;
  ac_timeout_t t1;
  ac_timeout_t * t2;
};
struct bounded__all {
  struct bounded__frame f;
  struct bounded__temps t;
};
static int bounded__resume(ac_frame_t *ac_hdr);
static const int bounded__lines[] = {8, 10, 15};
static const ac__fninfo_t bounded__info = {"bounded", "timeout_scope.ac", 8, bounded__resume, sizeof(struct bounded__all), _Alignof(struct bounded__all), bounded__lines};
AC__MAYBE_UNUSED static ac_frame_t *bounded__call(int *ac_res, int n) {
  struct bounded__frame *ac_f = (struct bounded__frame *)ac__frame_call(&bounded__info, ac_res);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int bounded__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct bounded__frame *ac_f;
  ac_h.t = ac__spawn(&bounded__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct bounded__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int bounded(int n) {
  return bounded__spawn((void *)0, 0, n);
}
static int bounded__resume(ac_frame_t *ac_hdr) {
  struct bounded__frame *ac_f = (struct bounded__frame *)ac_hdr;
  struct bounded__temps *ac_t = &((struct bounded__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  default: return ac__bad_state(ac_hdr);
  }
  {
    {
      ac__timeout_enter(&ac_t->t1, (0.5));
      {
        AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (ac_f->n)), ac_tryerr_1);
      }
      goto ac_tryok_1;
      ac_tryerr_1:;
      ac_f->ac_exc_1 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0; ac_f->ac_fin_1 = 1; goto ac_finally_1;
      ac_tryok_1:;
      ac_f->ac_fin_1 = 0;
      ac_finally_1:;
      ac_f->ac_exc_1 = ac__timeout_exit(&ac_t->t1, ac_f->ac_fin_1 == 1 ? ac_f->ac_exc_1 : 0);
      if (ac_f->ac_fin_1 == 1) { ac_f->ac_hdr.err = ac_f->ac_exc_1; goto ac_fail; }
    }
    {
      ac_t->t2 = (&ac_f->cm);
      ac__timeout_enter_at(ac_t->t2, (ac_now() + ac_f->n));
      {
        if (ac_f->n > 1)
        {
          ac_f->ac_ret = ac_f->n;
          ac_f->ac_fin_2 = 2; goto ac_finally_2;
        }
        AC__AWAIT(&ac_f->ac_hdr, 2, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_tryerr_2);
      }
      goto ac_tryok_2;
      ac_tryerr_2:;
      ac_f->ac_exc_2 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0; ac_f->ac_fin_2 = 1; goto ac_finally_2;
      ac_tryok_2:;
      ac_f->ac_fin_2 = 0;
      ac_finally_2:;
      ac_f->ac_exc_2 = ac__timeout_exit(ac_t->t2, ac_f->ac_fin_2 == 1 ? ac_f->ac_exc_2 : 0);
      if (ac_f->ac_fin_2 == 1) { ac_f->ac_hdr.err = ac_f->ac_exc_2; goto ac_fail; }
      if (ac_f->ac_fin_2 == 2) {
        *AC__RESULT(ac_f, int) = ac_f->ac_ret;
        ac_f->ac_hdr.err = 0; return AC__DONE;
      }
    }
    *AC__RESULT(ac_f, int) = ac_timeout_expired(&ac_f->cm);
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

