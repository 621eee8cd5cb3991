/* signature.ac - a signature over several lines, declarations right after
 * it, a local struct type: the scaffolding before the body shifts nothing. */
#include <asyncc.h>

#line 6 "signature.c"
#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
#line 8 "signature.ac"
struct area__box { int w, h; }
#line 12 "signature.c"
;
struct area__frame {
  ac_frame_t ac_hdr;
#line 5 "signature.ac"
  int w;
  int h;

  struct area__box b;
  int a;
#line 22 "signature.c"
};
static int area__resume(ac_frame_t *ac_hdr);
static const int area__lines[] = {5, 10};
static const ac__fninfo_t area__info = {"area", "signature.ac", 5, area__resume, sizeof(struct area__frame), _Alignof(struct area__frame), area__lines};
#line 5 "signature.ac"
AC__MAYBE_UNUSED static ac_frame_t *area__call(int *ac_res, int w, 
    int h) {
#line 30 "signature.c"
  struct area__frame *ac_f = (struct area__frame *)ac__frame_call(&area__info, ac_res);
  ac_f->w = w;
  ac_f->h = h;
  return &ac_f->ac_hdr;
}
#line 5 "signature.ac"
AC__MAYBE_UNUSED static ac_task__int area__spawn(const char *ac_file, int ac_line, int w, 
    int h) {
#line 39 "signature.c"
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct area__frame *ac_f;
  ac_h.t = ac__spawn(&area__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct area__frame *)ac_fr;
  ac_f->w = w;
  ac_f->h = h;
  (void)ac_f;
  return ac_h;
}
#line 5 "signature.ac"
AC__MAYBE_UNUSED static ac_task__int area(int w, 
    int h) {
#line 53 "signature.c"
  return area__spawn((void *)0, 0, w, h);
}
static int area__resume(ac_frame_t *ac_hdr) {
  struct area__frame *ac_f = (struct area__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
#line 8 "signature.ac"
    { struct area__box ac_init = {ac_f->w, ac_f->h}; AC__COPY(&ac_f->b, &ac_init, sizeof ac_init); }
    ac_f->a = ac_f->b.w * ac_f->b.h;
    AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_fail);
    *AC__RESULT(ac_f, int) = ac_f->a; ac_f->ac_hdr.err = 0; return AC__DONE; }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int)); ac_f->ac_hdr.err = 0; return AC__DONE; ac_fail: return AC__DONE;
#line 70 "signature.c"
}

