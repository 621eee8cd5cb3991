/* hoisting.ac - local typedefs, tags and statics move to file scope under
 * names of their own; the frame's fields use them. */
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
typedef long tally__total_t;
struct tally__pair { int a, b; }
;
static tally__total_t tally__calls;
struct tally__frame {
  ac_frame_t ac_hdr;
  struct tally__pair p;
  enum { tally__ONE = 1 } e;
};
static int tally__resume(ac_frame_t *ac_hdr);
static const int tally__lines[] = {5, 11};
static const ac__fninfo_t tally__info = {"tally", "hoisting.ac", 5, tally__resume, sizeof(struct tally__frame), _Alignof(struct tally__frame), tally__lines};
AC__MAYBE_UNUSED static ac_frame_t *tally__call(int *ac_res) {
  struct tally__frame *ac_f = (struct tally__frame *)ac__frame_call(&tally__info, ac_res);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int tally__spawn(const char *ac_file, int ac_line) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct tally__frame *ac_f;
  ac_h.t = ac__spawn(&tally__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct tally__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int tally(void) {
  return tally__spawn((void *)0, 0);
}
static int tally__resume(ac_frame_t *ac_hdr) {
  struct tally__frame *ac_f = (struct tally__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    { struct tally__pair ac_init = {1, 2}; AC__COPY(&ac_f->p, &ac_init, sizeof ac_init); }
    { enum { tally__ONE = 1 } ac_init = tally__ONE; AC__COPY(&ac_f->e, &ac_init, sizeof ac_init); }
    tally__calls++;
    AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_fail);
    *AC__RESULT(ac_f, int) = ac_f->p.a + ac_f->p.b + ac_f->e + (int)tally__calls;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

