/* defer.ac - defer protects the rest of its block: try { rest } finally
 * { deferred }; a return through it waits in ac_ret. */
#include <stdio.h>
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct guarded__frame {
  ac_frame_t ac_hdr;
  int n;
  int ac_exc_1, ac_fin_1;
  int ac_ret;
};
static int guarded__resume(ac_frame_t *ac_hdr);
static const int guarded__lines[] = {6, 8};
static const ac__fninfo_t guarded__info = {"guarded", "defer.ac", 6, guarded__resume, sizeof(struct guarded__frame), _Alignof(struct guarded__frame), guarded__lines};
AC__MAYBE_UNUSED static ac_frame_t *guarded__call(int *ac_res, int n) {
  struct guarded__frame *ac_f = (struct guarded__frame *)ac__frame_call(&guarded__info, ac_res);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int guarded__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct guarded__frame *ac_f;
  ac_h.t = ac__spawn(&guarded__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct guarded__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int guarded(int n) {
  return guarded__spawn((void *)0, 0, n);
}
static int guarded__resume(ac_frame_t *ac_hdr) {
  struct guarded__frame *ac_f = (struct guarded__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    {
      AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_tryerr_1);
      if (ac_f->n > 1)
      {
        ac_f->ac_ret = ac_f->n;
        ac_f->ac_fin_1 = 2; goto ac_finally_1;
      }
      ac_f->ac_ret = 0;
      ac_f->ac_fin_1 = 2; goto ac_finally_1;
    }
    goto ac_tryok_1;
    ac_tryerr_1:;
    ac_f->ac_exc_1 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0; ac_f->ac_fin_1 = 1; goto ac_finally_1;
    ac_tryok_1:;
    ac_f->ac_fin_1 = 0;
    ac_finally_1:;
    {
      puts("done");
    }
    if (ac_f->ac_fin_1 == 1) { ac_f->ac_hdr.err = ac_f->ac_exc_1; goto ac_fail; }
    if (ac_f->ac_fin_1 == 2) {
      *AC__RESULT(ac_f, int) = ac_f->ac_ret;
      ac_f->ac_hdr.err = 0; return AC__DONE;
    }
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

