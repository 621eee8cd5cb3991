/* statement.ac - the smallest async function: one await, a result. */
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct twice__frame {
  ac_frame_t ac_hdr;
  int x;
};
static int twice__resume(ac_frame_t *ac_hdr);
static const int twice__lines[] = {4, 5};
static const ac__fninfo_t twice__info = {"twice", "statement.ac", 4, twice__resume, sizeof(struct twice__frame), _Alignof(struct twice__frame), twice__lines};
AC__MAYBE_UNUSED static ac_frame_t *twice__call(int *ac_res, int x) {
  struct twice__frame *ac_f = (struct twice__frame *)ac__frame_call(&twice__info, ac_res);
  ac_f->x = x;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int twice__spawn(const char *ac_file, int ac_line, int x) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct twice__frame *ac_f;
  ac_h.t = ac__spawn(&twice__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct twice__frame *)ac_fr;
  ac_f->x = x;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int twice(int x) {
  return twice__spawn((void *)0, 0, x);
}
static int twice__resume(ac_frame_t *ac_hdr) {
  struct twice__frame *ac_f = (struct twice__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0.01)), ac_fail);
    *AC__RESULT(ac_f, int) = 2 * ac_f->x;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

