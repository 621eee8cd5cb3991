/* timeout_scope.ac - a timeout scope in a loop: the enter belongs to the
 * ac_timeout line, the exit to the block's closing brace, and the user's
 * statements keep their own lines. */
#include <stdio.h>
#include <asyncc.h>

#line 8 "timeout_scope.c"
#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct loop__frame {
  ac_frame_t ac_hdr;
#line 7 "timeout_scope.ac"
  int n;
  int i;
#line 17 "timeout_scope.c"
  int ac_exc_1, ac_fin_1;
};
struct loop__temps {
  char ac_unused;
  ac_timeout_t t1;
};
struct loop__all {
  struct loop__frame f;
  struct loop__temps t;
};
static int loop__resume(ac_frame_t *ac_hdr);
static const int loop__lines[] = {7, 10};
static const ac__fninfo_t loop__info = {"loop", "timeout_scope.ac", 7, loop__resume, sizeof(struct loop__all), _Alignof(struct loop__all), loop__lines};
#line 7 "timeout_scope.ac"
AC__MAYBE_UNUSED static ac_frame_t *loop__call(int n) {
#line 33 "timeout_scope.c"
  struct loop__frame *ac_f = (struct loop__frame *)ac__frame_new(&loop__info);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
#line 7 "timeout_scope.ac"
AC__MAYBE_UNUSED static ac_task__void loop__spawn(const char *ac_file, int ac_line, int n) {
#line 40 "timeout_scope.c"
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct loop__frame *ac_f;
  ac_h.t = ac__spawn(&loop__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct loop__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
#line 7 "timeout_scope.ac"
AC__MAYBE_UNUSED static ac_task__void loop(int n) {
#line 52 "timeout_scope.c"
  return loop__spawn((void *)0, 0, n);
}
static int loop__resume(ac_frame_t *ac_hdr) {
  struct loop__frame *ac_f = (struct loop__frame *)ac_hdr;
  struct loop__temps *ac_t = &((struct loop__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    {
#line 8 "timeout_scope.ac"
      ac_f->i = 0; for (; ac_f->i < ac_f->n; ac_f->i++) { {
          ac__timeout_enter(&ac_t->t1, (0.1 * ac_f->i)); {
            AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0.001)), ac_tryerr_1);
            if (ac_f->i == 2) { ac_f->ac_fin_1 = 3; goto ac_finally_1; }
            printf("step %d\n", ac_f->i); }
          goto ac_tryok_1; ac_tryerr_1:; ac_f->ac_exc_1 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0; ac_f->ac_fin_1 = 1; goto ac_finally_1; ac_tryok_1:; ac_f->ac_fin_1 = 0; ac_finally_1:; ac_f->ac_exc_1 = ac__timeout_exit(&ac_t->t1, ac_f->ac_fin_1 == 1 ? ac_f->ac_exc_1 : 0); if (ac_f->ac_fin_1 == 1) { ac_f->ac_hdr.err = ac_f->ac_exc_1; goto ac_fail; } if (ac_f->ac_fin_1 == 3) { continue; } } } } }

  ac_f->ac_hdr.err = 0; return AC__DONE; ac_fail: return AC__DONE;
#line 74 "timeout_scope.c"
}

