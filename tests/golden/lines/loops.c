/* loops.ac - loops whose condition or step awaits, and a for await loop. */
#include <asyncc.h>

#line 5 "loops.c"
#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct next__frame {
  ac_frame_t ac_hdr;
#line 4 "loops.ac"
  int i;
#line 13 "loops.c"
};
static int next__resume(ac_frame_t *ac_hdr);
static const int next__lines[] = {4, 5};
static const ac__fninfo_t next__info = {"next", "loops.ac", 4, next__resume, sizeof(struct next__frame), _Alignof(struct next__frame), next__lines};
#line 4 "loops.ac"
AC__MAYBE_UNUSED static ac_frame_t *next__call(int *ac_res, int i) {
#line 20 "loops.c"
  struct next__frame *ac_f = (struct next__frame *)ac__frame_call(&next__info, ac_res);
  ac_f->i = i;
  return &ac_f->ac_hdr;
}
#line 4 "loops.ac"
AC__MAYBE_UNUSED static ac_task__int next__spawn(const char *ac_file, int ac_line, int i) {
#line 27 "loops.c"
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct next__frame *ac_f;
  ac_h.t = ac__spawn(&next__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct next__frame *)ac_fr;
  ac_f->i = i;
  (void)ac_f;
  return ac_h;
}
#line 4 "loops.ac"
AC__MAYBE_UNUSED static ac_task__int next(int i) {
#line 39 "loops.c"
  return next__spawn((void *)0, 0, i);
}
static int next__resume(ac_frame_t *ac_hdr) {
  struct next__frame *ac_f = (struct next__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
#line 5 "loops.ac"
    AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_fail);
    *AC__RESULT(ac_f, int) = ac_f->i + 1; ac_f->ac_hdr.err = 0; return AC__DONE; }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int)); ac_f->ac_hdr.err = 0; return AC__DONE; ac_fail: return AC__DONE;
#line 54 "loops.c"
}


struct count__frame {
  ac_frame_t ac_hdr;
#line 9 "loops.ac"
  int n;
  int i;
#line 63 "loops.c"
};
static int count__resume(ac_frame_t *ac_hdr);
static const int count__lines[] = {9, 11};
static const ac__fninfo_t count__info = {"count", "loops.ac", 9, count__resume, sizeof(struct count__frame), _Alignof(struct count__frame), count__lines};
#line 9 "loops.ac"
AC__MAYBE_UNUSED static ac_frame_t *count__call(int *ac_res, int n) {
#line 70 "loops.c"
  struct count__frame *ac_f = (struct count__frame *)ac__frame_call(&count__info, ac_res);
  ac_f->n = n;
  ac__gen_mark(&ac_f->ac_hdr);
  return &ac_f->ac_hdr;
}
#line 9 "loops.ac"
AC__MAYBE_UNUSED static ac_task__int count__spawn(const char *ac_file, int ac_line, int n) {
#line 78 "loops.c"
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct count__frame *ac_f;
  ac_h.t = ac__spawn(&count__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct count__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
#line 9 "loops.ac"
AC__MAYBE_UNUSED static ac_task__int count(int n) {
#line 90 "loops.c"
  return count__spawn((void *)0, 0, n);
}
static int count__resume(ac_frame_t *ac_hdr) {
  struct count__frame *ac_f = (struct count__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    {
#line 10 "loops.ac"
      ac_f->i = 0; for (; ac_f->i < ac_f->n; ac_f->i++) {
        *AC__RESULT(ac_f, int) = ac_f->i; AC__YIELD(&ac_f->ac_hdr, 1, ac_fail); } } }
  ac_f->ac_hdr.err = 0; return AC__DONE; ac_fail: return AC__DONE;
#line 106 "loops.c"
}


struct sum__frame {
  ac_frame_t ac_hdr;
#line 14 "loops.ac"
  int n;
  int s;
#line 115 "loops.c"
  union {
#line 16 "loops.ac"
    int i;
#line 23 "loops.ac"
    int v;
#line 121 "loops.c"
  };
  int ac_exc_2, ac_fin_2;
};
struct sum__temps {
  char ac_unused;
  ac_frame_t * t5;
  int t6;
  union {
    struct {
#line 17 "loops.ac"
      __typeof__(0 ? (((struct sum__frame *)0)->i) : (((struct sum__frame *)0)->i)) t1;
#line 133 "loops.c"
      int t2;
      int t3;
    };
    struct {
      int t4;
    };
  };
};
struct sum__all {
  struct sum__frame f;
  struct sum__temps t;
};
static int sum__resume(ac_frame_t *ac_hdr);
static const int sum__lines[] = {14, 17, 18, 20, 23, 24};
static const ac__fninfo_t sum__info = {"sum", "loops.ac", 14, sum__resume, sizeof(struct sum__all), _Alignof(struct sum__all), sum__lines};
#line 14 "loops.ac"
AC__MAYBE_UNUSED static ac_frame_t *sum__call(int *ac_res, int n) {
#line 151 "loops.c"
  struct sum__frame *ac_f = (struct sum__frame *)ac__frame_call(&sum__info, ac_res);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
#line 14 "loops.ac"
AC__MAYBE_UNUSED static ac_task__int sum__spawn(const char *ac_file, int ac_line, int n) {
#line 158 "loops.c"
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct sum__frame *ac_f;
  ac_h.t = ac__spawn(&sum__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct sum__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
#line 14 "loops.ac"
AC__MAYBE_UNUSED static ac_task__int sum(int n) {
#line 170 "loops.c"
  return sum__spawn((void *)0, 0, n);
}
static int sum__resume(ac_frame_t *ac_hdr) {
  struct sum__frame *ac_f = (struct sum__frame *)ac_hdr;
  struct sum__temps *ac_t = &((struct sum__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  case 3: goto ac_resume_3;
  case 4: goto ac_resume_4;
  case 5: goto ac_resume_5;
  default: return ac__bad_state(ac_hdr);
  }
  {
#line 15 "loops.ac"
    ac_f->s = 0; {
      ac_f->i = 0; for (;;) { ac_t->t1 = 
          ac_f->i;
#line 17 "loops.ac"
        AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, next__call(&ac_t->t2, ac_f->n)), ac_fail); if (!(ac_t->t1 < ac_t->t2)) break; {

          ac_f->s += ac_f->i; }
#line 18 "loops.ac"
        AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_call(&ac_f->ac_hdr, next__call(&ac_t->t3, ac_f->i)), ac_fail); ac_f->i = ac_t->t3; } }

    for (;;) { AC__AWAIT(&ac_f->ac_hdr, 3, ac__await_call(&ac_f->ac_hdr, next__call(&ac_t->t4, ac_f->s)), ac_fail); if (!(ac_t->t4 <
           100)) break;
      { ac_f->s *= 2; } } {
      ac_t->t5 = count__call(&ac_t->t6, ac_f->n); for (;;) { AC__AWAIT(&ac_f->ac_hdr, 4, ac__await_next(&ac_f->ac_hdr, ac_t->t5), ac_tryerr_2); if (ac__gen_finished(ac_t->t5)) break; ac_f->v = ac_t->t6; {
          ac_f->s += ac_f->v; } }
      goto ac_tryok_2; ac_tryerr_2:; ac_f->ac_exc_2 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0; ac_f->ac_fin_2 = 1; goto ac_finally_2; ac_tryok_2:; ac_f->ac_fin_2 = 0; ac_finally_2:; AC__AWAIT(&ac_f->ac_hdr, 5, ac__await_close(&ac_f->ac_hdr, ac_t->t5), ac_closed_5); ac_closed_5:; ac__gen_free(ac_t->t5); ac_t->t5 = ((void *)0); if (ac_f->ac_hdr.err != 0) goto ac_fail; if (ac_f->ac_fin_2 == 1) { ac_f->ac_hdr.err = ac_f->ac_exc_2; goto ac_fail; } }
    *AC__RESULT(ac_f, int) = ac_f->s; ac_f->ac_hdr.err = 0; return AC__DONE; }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int)); ac_f->ac_hdr.err = 0; return AC__DONE; ac_fail: return AC__DONE;
#line 205 "loops.c"
}

