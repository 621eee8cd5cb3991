/* await_multiline.ac - awaits inside expressions spread over lines: each
 * token stays on its .ac line, the await's own line holds its AC__AWAIT. */
#include <asyncc.h>

#line 6 "await_multiline.c"
#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct twice__frame {
  ac_frame_t ac_hdr;
#line 5 "await_multiline.ac"
  int x;
#line 14 "await_multiline.c"
};
static int twice__resume(ac_frame_t *ac_hdr);
static const int twice__lines[] = {5, 6};
static const ac__fninfo_t twice__info = {"twice", "await_multiline.ac", 5, twice__resume, sizeof(struct twice__frame), _Alignof(struct twice__frame), twice__lines};
#line 5 "await_multiline.ac"
AC__MAYBE_UNUSED static ac_frame_t *twice__call(int *ac_res, int x) {
#line 21 "await_multiline.c"
  struct twice__frame *ac_f = (struct twice__frame *)ac__frame_call(&twice__info, ac_res);
  ac_f->x = x;
  return &ac_f->ac_hdr;
}
#line 5 "await_multiline.ac"
AC__MAYBE_UNUSED static ac_task__int twice__spawn(const char *ac_file, int ac_line, int x) {
#line 28 "await_multiline.c"
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct twice__frame *ac_f;
  ac_h.t = ac__spawn(&twice__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct twice__frame *)ac_fr;
  ac_f->x = x;
  (void)ac_f;
  return ac_h;
}
#line 5 "await_multiline.ac"
AC__MAYBE_UNUSED static ac_task__int twice(int x) {
#line 40 "await_multiline.c"
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
#line 6 "await_multiline.ac"
    AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_fail);
    *AC__RESULT(ac_f, int) = 2 * ac_f->x; ac_f->ac_hdr.err = 0; return AC__DONE; }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int)); ac_f->ac_hdr.err = 0; return AC__DONE; ac_fail: return AC__DONE;
#line 55 "await_multiline.c"
}


struct amain__frame {
  ac_frame_t ac_hdr;
#line 11 "await_multiline.ac"
  ac_task__int t;

  int r;


  int s;
#line 68 "await_multiline.c"
};
struct amain__temps {
  char ac_unused;
  union {
    struct {
#line 16 "await_multiline.ac"
      __typeof__(0 ? (((struct amain__frame *)0)->r) : (((struct amain__frame *)0)->r)) t1;
#line 76 "await_multiline.c"
      int t2;
    };
    struct {
      int t3;
    };
  };
};
struct amain__all {
  struct amain__frame f;
  struct amain__temps t;
};
static int amain__resume(ac_frame_t *ac_hdr);
static const int amain__lines[] = {10, 13, 17, 19};
static const ac__fninfo_t amain__info = {"amain", "await_multiline.ac", 10, amain__resume, sizeof(struct amain__all), _Alignof(struct amain__all), amain__lines};
AC__MAYBE_UNUSED static ac_frame_t *amain__call(int *ac_res) {
  struct amain__frame *ac_f = (struct amain__frame *)ac__frame_call(&amain__info, ac_res);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int amain__spawn(const char *ac_file, int ac_line) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct amain__frame *ac_f;
  ac_h.t = ac__spawn(&amain__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct amain__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int amain(void) {
  return amain__spawn((void *)0, 0);
}
static int amain__resume(ac_frame_t *ac_hdr) {
  struct amain__frame *ac_f = (struct amain__frame *)ac_hdr;
  struct amain__temps *ac_t = &((struct amain__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  case 3: goto ac_resume_3;
  default: return ac__bad_state(ac_hdr);
  }
  {
#line 11 "await_multiline.ac"
    ac_f->t = twice__spawn(__FILE__, __LINE__, 
        1);
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_wait_for(&ac_f->ac_hdr, (
        ac_f->t).t, 
        1.0), ac_fail);
#line 13 "await_multiline.ac"
    ac_f->r = AC__TASK_RES((
        ac_f->t));

    ac_t->t1 = ac_f->r;
    AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_call(&ac_f->ac_hdr, twice__call(&ac_t->t2, 2)), ac_fail);
#line 16 "await_multiline.ac"
    ac_f->s = ac_t->t1 +
        ac_t->t2 +
        ac_f->r;
    AC__AWAIT(&ac_f->ac_hdr, 3, ac__await_call(&ac_f->ac_hdr, twice__call(&ac_t->t3, 3)), ac_fail); ac_f->s += ac_t->t3; ac_f->s += 1;
    *AC__RESULT(ac_f, int) = ac_f->s; ac_f->ac_hdr.err = 0; return AC__DONE; }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int)); ac_f->ac_hdr.err = 0; return AC__DONE; ac_fail: return AC__DONE;
#line 137 "await_multiline.c"
}

