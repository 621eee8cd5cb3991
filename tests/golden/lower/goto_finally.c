/* goto_finally.ac - break, continue and goto out of a try record where
 * they go in ac_fin_K and run the finally first. */
#include <stdio.h>
#include <asyncc.h>

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct walk__frame {
  ac_frame_t ac_hdr;
  int n;
  int i;
  int ac_exc_1, ac_fin_1;
};
static int walk__resume(ac_frame_t *ac_hdr);
static const int walk__lines[] = {6, 9};
static const ac__fninfo_t walk__info = {"walk", "goto_finally.ac", 6, walk__resume, sizeof(struct walk__frame), _Alignof(struct walk__frame), walk__lines};
AC__MAYBE_UNUSED static ac_frame_t *walk__call(int n) {
  struct walk__frame *ac_f = (struct walk__frame *)ac__frame_new(&walk__info);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void walk__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct walk__frame *ac_f;
  ac_h.t = ac__spawn(&walk__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct walk__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void walk(int n) {
  return walk__spawn((void *)0, 0, n);
}
static int walk__resume(ac_frame_t *ac_hdr) {
  struct walk__frame *ac_f = (struct walk__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    {
      ac_f->i = 0;
      for (; ac_f->i < ac_f->n; ac_f->i++)
      {
        {
          AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_tryerr_1);
          if (ac_f->i == 1)
          {
            ac_f->ac_fin_1 = 3; goto ac_finally_1;
          }
          if (ac_f->i == 2)
          {
            ac_f->ac_fin_1 = 4; goto ac_finally_1;
          }
          if (ac_f->i == 3)
          {
            ac_f->ac_fin_1 = 5; goto ac_finally_1;
          }
        }
        goto ac_tryok_1;
        ac_tryerr_1:;
        ac_f->ac_exc_1 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0; ac_f->ac_fin_1 = 1; goto ac_finally_1;
        ac_tryok_1:;
        ac_f->ac_fin_1 = 0;
        ac_finally_1:;
        {
          printf("%d\n", ac_f->i);
        }
        if (ac_f->ac_fin_1 == 1) { ac_f->ac_hdr.err = ac_f->ac_exc_1; goto ac_fail; }
        if (ac_f->ac_fin_1 == 5) {
          break;
        }
        if (ac_f->ac_fin_1 == 4) {
          goto out;
        }
        if (ac_f->ac_fin_1 == 3) {
          continue;
        }
      }
    }
    out:;
    puts("out");
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

