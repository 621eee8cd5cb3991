/* branch_blocks.ac - preprocessor branches that each open a block: the
 * braces balance only after the preprocessor, which the translator does
 * not run, so it leaves them to the C compiler instead of reporting an
 * unclosed '{'. */
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct one__frame {
  ac_frame_t ac_hdr;
};
static int one__resume(ac_frame_t *ac_hdr);
static const int one__lines[] = {7};
static const ac__fninfo_t one__info = {"one", "branch_blocks.ac", 7, one__resume, sizeof(struct one__frame), _Alignof(struct one__frame), one__lines};
AC__MAYBE_UNUSED static ac_frame_t *one__call(int *ac_res) {
  struct one__frame *ac_f = (struct one__frame *)ac__frame_call(&one__info, ac_res);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int one__spawn(const char *ac_file, int ac_line) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct one__frame *ac_f;
  ac_h.t = ac__spawn(&one__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct one__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int one(void) {
  return one__spawn((void *)0, 0);
}
static int one__resume(ac_frame_t *ac_hdr) {
  struct one__frame *ac_f = (struct one__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  default: return ac__bad_state(ac_hdr);
  }
  {
    *AC__RESULT(ac_f, int) = 1;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
}


#ifdef WIDE
long widen(long x) {
#else
int widen(int x) {
#endif
    return x;
}
