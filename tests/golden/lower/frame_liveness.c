/* frame_liveness.ac - which locals the frame holds (lower_live.c). A
 * local stays a C local of the resume function (declared at its place,
 * named as written) when no suspension can come between its declaration
 * and a use; every `ac_f->x` below is one that must outlive an await.
 * Sibling block scopes share frame storage (the unions). */
#include <asyncc.h>

int use(int v);
int *keep;

#if AC_PROTOCOL_VERSION != 4
#error "translated by asyncc for runtime protocol 4, which this asyncc.h does not speak: translate the .ac again with the asyncc of this runtime"
#endif
struct g__frame {
  ac_frame_t ac_hdr;
};
static int g__resume(ac_frame_t *ac_hdr);
static const int g__lines[] = {11, 11};
static const ac__fninfo_t g__info = {"g", "frame_liveness.ac", 11, g__resume, sizeof(struct g__frame), _Alignof(struct g__frame), g__lines};
AC__MAYBE_UNUSED static ac_frame_t *g__call(void) {
  struct g__frame *ac_f = (struct g__frame *)ac__frame_new(&g__info);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void g__spawn(const char *ac_file, int ac_line) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct g__frame *ac_f;
  ac_h.t = ac__spawn(&g__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct g__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void g(void) {
  return g__spawn((void *)0, 0);
}
static int g__resume(ac_frame_t *ac_hdr) {
  struct g__frame *ac_f = (struct g__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_fail);
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

struct h__frame {
  ac_frame_t ac_hdr;
};
static int h__resume(ac_frame_t *ac_hdr);
static const int h__lines[] = {12, 12};
static const ac__fninfo_t h__info = {"h", "frame_liveness.ac", 12, h__resume, sizeof(struct h__frame), _Alignof(struct h__frame), h__lines};
AC__MAYBE_UNUSED static ac_frame_t *h__call(int *ac_res) {
  struct h__frame *ac_f = (struct h__frame *)ac__frame_call(&h__info, ac_res);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int h__spawn(const char *ac_file, int ac_line) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct h__frame *ac_f;
  ac_h.t = ac__spawn(&h__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct h__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int h(void) {
  return h__spawn((void *)0, 0);
}
static int h__resume(ac_frame_t *ac_hdr) {
  struct h__frame *ac_f = (struct h__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    AC__AWAIT(&ac_f->ac_hdr, 1, ac_sleep__await(&ac_f->ac_hdr, (void *)0, (0)), ac_fail);
    *AC__RESULT(ac_f, int) = 1;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* a block that never suspends: a and b are C locals */
struct block_without_await__frame {
  ac_frame_t ac_hdr;
  int n;
  int r;
};
static int block_without_await__resume(ac_frame_t *ac_hdr);
static const int block_without_await__lines[] = {15, 18};
static const ac__fninfo_t block_without_await__info = {"block_without_await", "frame_liveness.ac", 15, block_without_await__resume, sizeof(struct block_without_await__frame), _Alignof(struct block_without_await__frame), block_without_await__lines};
AC__MAYBE_UNUSED static ac_frame_t *block_without_await__call(int *ac_res, int n) {
  struct block_without_await__frame *ac_f = (struct block_without_await__frame *)ac__frame_call(&block_without_await__info, ac_res);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int block_without_await__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct block_without_await__frame *ac_f;
  ac_h.t = ac__spawn(&block_without_await__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct block_without_await__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int block_without_await(int n) {
  return block_without_await__spawn((void *)0, 0, n);
}
static int block_without_await__resume(ac_frame_t *ac_hdr) {
  struct block_without_await__frame *ac_f = (struct block_without_await__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_f->r = 0;
    {
      int a = ac_f->n + 1;
      int b = use(a);
      ac_f->r += b;
    }
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, g__call()), ac_fail);
    *AC__RESULT(ac_f, int) = ac_f->r;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* the initializer awaits: y is declared after the await's steps */
struct initializer_awaits__frame {
  ac_frame_t ac_hdr;
};
struct initializer_awaits__temps {
  char ac_unused;
  union {
    struct {
      int t1;
    };
  };
};
struct initializer_awaits__all {
  struct initializer_awaits__frame f;
  struct initializer_awaits__temps t;
};
static int initializer_awaits__resume(ac_frame_t *ac_hdr);
static const int initializer_awaits__lines[] = {23, 24};
static const ac__fninfo_t initializer_awaits__info = {"initializer_awaits", "frame_liveness.ac", 23, initializer_awaits__resume, sizeof(struct initializer_awaits__all), _Alignof(struct initializer_awaits__all), initializer_awaits__lines};
AC__MAYBE_UNUSED static ac_frame_t *initializer_awaits__call(int *ac_res) {
  struct initializer_awaits__frame *ac_f = (struct initializer_awaits__frame *)ac__frame_call(&initializer_awaits__info, ac_res);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int initializer_awaits__spawn(const char *ac_file, int ac_line) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct initializer_awaits__frame *ac_f;
  ac_h.t = ac__spawn(&initializer_awaits__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct initializer_awaits__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int initializer_awaits(void) {
  return initializer_awaits__spawn((void *)0, 0);
}
static int initializer_awaits__resume(ac_frame_t *ac_hdr) {
  struct initializer_awaits__frame *ac_f = (struct initializer_awaits__frame *)ac_hdr;
  struct initializer_awaits__temps *ac_t = &((struct initializer_awaits__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, h__call(&ac_t->t1)), ac_fail);
    int y = ac_t->t1 + 1;
    *AC__RESULT(ac_f, int) = use(y);
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* early dies before the await (C local); late is read after it (frame) */
struct dead_before_await__frame {
  ac_frame_t ac_hdr;
  int n;
  int late;
};
static int dead_before_await__resume(ac_frame_t *ac_hdr);
static const int dead_before_await__lines[] = {29, 32};
static const ac__fninfo_t dead_before_await__info = {"dead_before_await", "frame_liveness.ac", 29, dead_before_await__resume, sizeof(struct dead_before_await__frame), _Alignof(struct dead_before_await__frame), dead_before_await__lines};
AC__MAYBE_UNUSED static ac_frame_t *dead_before_await__call(int *ac_res, int n) {
  struct dead_before_await__frame *ac_f = (struct dead_before_await__frame *)ac__frame_call(&dead_before_await__info, ac_res);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int dead_before_await__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct dead_before_await__frame *ac_f;
  ac_h.t = ac__spawn(&dead_before_await__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct dead_before_await__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int dead_before_await(int n) {
  return dead_before_await__spawn((void *)0, 0, n);
}
static int dead_before_await__resume(ac_frame_t *ac_hdr) {
  struct dead_before_await__frame *ac_f = (struct dead_before_await__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    int early = use(ac_f->n);
    ac_f->late = use(ac_f->n + 1);
    use(early);
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, g__call()), ac_fail);
    *AC__RESULT(ac_f, int) = ac_f->late;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* a later declarator's initializer awaits: a lives across it */
struct later_declarator_awaits__frame {
  ac_frame_t ac_hdr;
  int a;
};
struct later_declarator_awaits__temps {
  char ac_unused;
  union {
    struct {
      int t1;
    };
  };
};
struct later_declarator_awaits__all {
  struct later_declarator_awaits__frame f;
  struct later_declarator_awaits__temps t;
};
static int later_declarator_awaits__resume(ac_frame_t *ac_hdr);
static const int later_declarator_awaits__lines[] = {37, 38};
static const ac__fninfo_t later_declarator_awaits__info = {"later_declarator_awaits", "frame_liveness.ac", 37, later_declarator_awaits__resume, sizeof(struct later_declarator_awaits__all), _Alignof(struct later_declarator_awaits__all), later_declarator_awaits__lines};
AC__MAYBE_UNUSED static ac_frame_t *later_declarator_awaits__call(int *ac_res) {
  struct later_declarator_awaits__frame *ac_f = (struct later_declarator_awaits__frame *)ac__frame_call(&later_declarator_awaits__info, ac_res);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int later_declarator_awaits__spawn(const char *ac_file, int ac_line) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct later_declarator_awaits__frame *ac_f;
  ac_h.t = ac__spawn(&later_declarator_awaits__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct later_declarator_awaits__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int later_declarator_awaits(void) {
  return later_declarator_awaits__spawn((void *)0, 0);
}
static int later_declarator_awaits__resume(ac_frame_t *ac_hdr) {
  struct later_declarator_awaits__frame *ac_f = (struct later_declarator_awaits__frame *)ac_hdr;
  struct later_declarator_awaits__temps *ac_t = &((struct later_declarator_awaits__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_f->a = use(1);
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, h__call(&ac_t->t1)), ac_fail);
    int b = ac_t->t1;
    *AC__RESULT(ac_f, int) = ac_f->a + b;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* frame: its address is taken (a pointer may outlive the await) */
struct address_taken__frame {
  ac_frame_t ac_hdr;
  int x;
};
static int address_taken__resume(ac_frame_t *ac_hdr);
static const int address_taken__lines[] = {43, 47};
static const ac__fninfo_t address_taken__info = {"address_taken", "frame_liveness.ac", 43, address_taken__resume, sizeof(struct address_taken__frame), _Alignof(struct address_taken__frame), address_taken__lines};
AC__MAYBE_UNUSED static ac_frame_t *address_taken__call(void) {
  struct address_taken__frame *ac_f = (struct address_taken__frame *)ac__frame_new(&address_taken__info);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void address_taken__spawn(const char *ac_file, int ac_line) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct address_taken__frame *ac_f;
  ac_h.t = ac__spawn(&address_taken__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct address_taken__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void address_taken(void) {
  return address_taken__spawn((void *)0, 0);
}
static int address_taken__resume(ac_frame_t *ac_hdr) {
  struct address_taken__frame *ac_f = (struct address_taken__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_f->x = 1;
    keep = &ac_f->x;
    use(ac_f->x);
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, g__call()), ac_fail);
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* frame: after the await, the goto reaches a use again */
struct label_between__frame {
  ac_frame_t ac_hdr;
  int n;
  int x;
};
static int label_between__resume(ac_frame_t *ac_hdr);
static const int label_between__lines[] = {51, 55};
static const ac__fninfo_t label_between__info = {"label_between", "frame_liveness.ac", 51, label_between__resume, sizeof(struct label_between__frame), _Alignof(struct label_between__frame), label_between__lines};
AC__MAYBE_UNUSED static ac_frame_t *label_between__call(int n) {
  struct label_between__frame *ac_f = (struct label_between__frame *)ac__frame_new(&label_between__info);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void label_between__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct label_between__frame *ac_f;
  ac_h.t = ac__spawn(&label_between__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct label_between__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void label_between(int n) {
  return label_between__spawn((void *)0, 0, n);
}
static int label_between__resume(ac_frame_t *ac_hdr) {
  struct label_between__frame *ac_f = (struct label_between__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_f->x = use(ac_f->n);
    again:;
    use(ac_f->x);
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, g__call()), ac_fail);
    if (ac_f->n-- > 0)
    {
      goto again;
    }
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* frame: the deferred call runs at the block's end, after the await */
struct deferred_use__frame {
  ac_frame_t ac_hdr;
  int n;
  int x;
  int ac_exc_1, ac_fin_1;
};
static int deferred_use__resume(ac_frame_t *ac_hdr);
static const int deferred_use__lines[] = {60, 63};
static const ac__fninfo_t deferred_use__info = {"deferred_use", "frame_liveness.ac", 60, deferred_use__resume, sizeof(struct deferred_use__frame), _Alignof(struct deferred_use__frame), deferred_use__lines};
AC__MAYBE_UNUSED static ac_frame_t *deferred_use__call(int n) {
  struct deferred_use__frame *ac_f = (struct deferred_use__frame *)ac__frame_new(&deferred_use__info);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void deferred_use__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct deferred_use__frame *ac_f;
  ac_h.t = ac__spawn(&deferred_use__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct deferred_use__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void deferred_use(int n) {
  return deferred_use__spawn((void *)0, 0, n);
}
static int deferred_use__resume(ac_frame_t *ac_hdr) {
  struct deferred_use__frame *ac_f = (struct deferred_use__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_f->x = use(ac_f->n);
    {
      AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, g__call()), ac_tryerr_1);
    }
    goto ac_tryok_1;
    ac_tryerr_1:;
    ac_f->ac_exc_1 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0; ac_f->ac_fin_1 = 1; goto ac_finally_1;
    ac_tryok_1:;
    ac_f->ac_fin_1 = 0;
    ac_finally_1:;
    {
      use(ac_f->x);
    }
    if (ac_f->ac_fin_1 == 1) { ac_f->ac_hdr.err = ac_f->ac_exc_1; goto ac_fail; }
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* frame: the loop that uses x also awaits */
struct loop_use__frame {
  ac_frame_t ac_hdr;
  int n;
  int x;
};
static int loop_use__resume(ac_frame_t *ac_hdr);
static const int loop_use__lines[] = {67, 71};
static const ac__fninfo_t loop_use__info = {"loop_use", "frame_liveness.ac", 67, loop_use__resume, sizeof(struct loop_use__frame), _Alignof(struct loop_use__frame), loop_use__lines};
AC__MAYBE_UNUSED static ac_frame_t *loop_use__call(int n) {
  struct loop_use__frame *ac_f = (struct loop_use__frame *)ac__frame_new(&loop_use__info);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void loop_use__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct loop_use__frame *ac_f;
  ac_h.t = ac__spawn(&loop_use__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct loop_use__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void loop_use(int n) {
  return loop_use__spawn((void *)0, 0, n);
}
static int loop_use__resume(ac_frame_t *ac_hdr) {
  struct loop_use__frame *ac_f = (struct loop_use__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_f->x = use(ac_f->n);
    while (ac_f->n-- > 0)
    {
      use(ac_f->x);
      AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, g__call()), ac_fail);
    }
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* frame: an array or a struct may hand out pointers into itself */
struct aggregates__frame {
  ac_frame_t ac_hdr;
  int arr[4];
};
static int aggregates__resume(ac_frame_t *ac_hdr);
static const int aggregates__lines[] = {76, 79};
static const ac__fninfo_t aggregates__info = {"aggregates", "frame_liveness.ac", 76, aggregates__resume, sizeof(struct aggregates__frame), _Alignof(struct aggregates__frame), aggregates__lines};
AC__MAYBE_UNUSED static ac_frame_t *aggregates__call(void) {
  struct aggregates__frame *ac_f = (struct aggregates__frame *)ac__frame_new(&aggregates__info);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void aggregates__spawn(const char *ac_file, int ac_line) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct aggregates__frame *ac_f;
  ac_h.t = ac__spawn(&aggregates__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct aggregates__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void aggregates(void) {
  return aggregates__spawn((void *)0, 0);
}
static int aggregates__resume(ac_frame_t *ac_hdr) {
  struct aggregates__frame *ac_f = (struct aggregates__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    { int ac_init[4] = {0}; AC__COPY(&ac_f->arr, &ac_init, sizeof ac_init); }
    use(ac_f->arr[0]);
    AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, g__call()), ac_fail);
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* the arms of an if, and a loop body, share storage; the loop's own
 * counter and the temporary t are C locals */
struct siblings__frame {
  ac_frame_t ac_hdr;
  int n;
  union {
    int a;
    long b;
    struct {
      int i;
      double d;
    };
  };
};
static int siblings__resume(ac_frame_t *ac_hdr);
static const int siblings__lines[] = {84, 87, 91, 97};
static const ac__fninfo_t siblings__info = {"siblings", "frame_liveness.ac", 84, siblings__resume, sizeof(struct siblings__frame), _Alignof(struct siblings__frame), siblings__lines};
AC__MAYBE_UNUSED static ac_frame_t *siblings__call(int n) {
  struct siblings__frame *ac_f = (struct siblings__frame *)ac__frame_new(&siblings__info);
  ac_f->n = n;
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void siblings__spawn(const char *ac_file, int ac_line, int n) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct siblings__frame *ac_f;
  ac_h.t = ac__spawn(&siblings__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct siblings__frame *)ac_fr;
  ac_f->n = n;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void siblings(int n) {
  return siblings__spawn((void *)0, 0, n);
}
static int siblings__resume(ac_frame_t *ac_hdr) {
  struct siblings__frame *ac_f = (struct siblings__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  case 3: goto ac_resume_3;
  default: return ac__bad_state(ac_hdr);
  }
  {
    if (ac_f->n)
    {
      ac_f->a = use(1);
      AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_call(&ac_f->ac_hdr, g__call()), ac_fail);
      use(ac_f->a);
    }
    else
    {
      ac_f->b = use(2);
      AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_call(&ac_f->ac_hdr, g__call()), ac_fail);
      use((int)ac_f->b);
    }
    {
      ac_f->i = 0;
      for (; ac_f->i < ac_f->n; ac_f->i++)
      {
        int t = use(ac_f->i);
        ac_f->d = use(t);
        AC__AWAIT(&ac_f->ac_hdr, 3, ac__await_call(&ac_f->ac_hdr, g__call()), ac_fail);
        use((int)ac_f->d);
      }
    }
    {
      int k = 0;
      for (; k < 3; k++)
      {
        use(k);
      }
    }
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


/* a local named like the generated code's own (ac_f, the frame pointer)
 * stays a field, where it hides nothing */
struct generated_name__frame {
  ac_frame_t ac_hdr;
  int ac_f;
};
static int generated_name__resume(ac_frame_t *ac_hdr);
static const int generated_name__lines[] = {105};
static const ac__fninfo_t generated_name__info = {"generated_name", "frame_liveness.ac", 105, generated_name__resume, sizeof(struct generated_name__frame), _Alignof(struct generated_name__frame), generated_name__lines};
AC__MAYBE_UNUSED static ac_frame_t *generated_name__call(int *ac_res) {
  struct generated_name__frame *ac_f = (struct generated_name__frame *)ac__frame_call(&generated_name__info, ac_res);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int generated_name__spawn(const char *ac_file, int ac_line) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct generated_name__frame *ac_f;
  ac_h.t = ac__spawn(&generated_name__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct generated_name__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int generated_name(void) {
  return generated_name__spawn((void *)0, 0);
}
static int generated_name__resume(ac_frame_t *ac_hdr) {
  struct generated_name__frame *ac_f = (struct generated_name__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  default: return ac__bad_state(ac_hdr);
  }
  {
    ac_f->ac_f = use(1);
    *AC__RESULT(ac_f, int) = ac_f->ac_f;
    ac_f->ac_hdr.err = 0; return AC__DONE;
  }
  ac__result_zero(&ac_f->ac_hdr, sizeof(int));
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
}


/* a for await's variable and a catch's stay in the frame */
struct gen__frame {
  ac_frame_t ac_hdr;
};
static int gen__resume(ac_frame_t *ac_hdr);
static const int gen__lines[] = {111, 111};
static const ac__fninfo_t gen__info = {"gen", "frame_liveness.ac", 111, gen__resume, sizeof(struct gen__frame), _Alignof(struct gen__frame), gen__lines};
AC__MAYBE_UNUSED static ac_frame_t *gen__call(int *ac_res) {
  struct gen__frame *ac_f = (struct gen__frame *)ac__frame_call(&gen__info, ac_res);
  ac__gen_mark(&ac_f->ac_hdr);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__int gen__spawn(const char *ac_file, int ac_line) {
  ac_task__int ac_h;
  ac_frame_t *ac_fr;
  struct gen__frame *ac_f;
  ac_h.t = ac__spawn(&gen__info, sizeof(int), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct gen__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__int gen(void) {
  return gen__spawn((void *)0, 0);
}
static int gen__resume(ac_frame_t *ac_hdr) {
  struct gen__frame *ac_f = (struct gen__frame *)ac_hdr;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(ac_hdr);
  }
  {
    *AC__RESULT(ac_f, int) = 1;
    AC__YIELD(&ac_f->ac_hdr, 1, ac_fail);
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}


struct kept_variables__frame {
  ac_frame_t ac_hdr;
  union {
    int v;
    int e;
  };
  int ac_exc_1, ac_fin_1;
  int ac_exc_2;
};
struct kept_variables__temps {
  char ac_unused;
  ac_frame_t * t1;
  int t2;
};
struct kept_variables__all {
  struct kept_variables__frame f;
  struct kept_variables__temps t;
};
static int kept_variables__resume(ac_frame_t *ac_hdr);
static const int kept_variables__lines[] = {113, 114, 114, 116};
static const ac__fninfo_t kept_variables__info = {"kept_variables", "frame_liveness.ac", 113, kept_variables__resume, sizeof(struct kept_variables__all), _Alignof(struct kept_variables__all), kept_variables__lines};
AC__MAYBE_UNUSED static ac_frame_t *kept_variables__call(void) {
  struct kept_variables__frame *ac_f = (struct kept_variables__frame *)ac__frame_new(&kept_variables__info);
  return &ac_f->ac_hdr;
}
AC__MAYBE_UNUSED static ac_task__void kept_variables__spawn(const char *ac_file, int ac_line) {
  ac_task__void ac_h;
  ac_frame_t *ac_fr;
  struct kept_variables__frame *ac_f;
  ac_h.t = ac__spawn(&kept_variables__info, sizeof(ac_void_t), ac_file, ac_line, &ac_fr, (void *)0);
  ac_f = (struct kept_variables__frame *)ac_fr;
  (void)ac_f;
  return ac_h;
}
AC__MAYBE_UNUSED static ac_task__void kept_variables(void) {
  return kept_variables__spawn((void *)0, 0);
}
static int kept_variables__resume(ac_frame_t *ac_hdr) {
  struct kept_variables__frame *ac_f = (struct kept_variables__frame *)ac_hdr;
  struct kept_variables__temps *ac_t = &((struct kept_variables__all *)ac_hdr)->t;
  switch (ac_f->ac_hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  case 3: goto ac_resume_3;
  default: return ac__bad_state(ac_hdr);
  }
  {
    {
      ac_t->t1 = gen__call(&ac_t->t2);
      for (;;) {
        AC__AWAIT(&ac_f->ac_hdr, 1, ac__await_next(&ac_f->ac_hdr, ac_t->t1), ac_tryerr_1);
        if (ac__gen_finished(ac_t->t1)) break;
        ac_f->v = ac_t->t2;
        {
          use(ac_f->v);
        }
      }
      goto ac_tryok_1;
      ac_tryerr_1:;
      ac_f->ac_exc_1 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0; ac_f->ac_fin_1 = 1; goto ac_finally_1;
      ac_tryok_1:;
      ac_f->ac_fin_1 = 0;
      ac_finally_1:;
      AC__AWAIT(&ac_f->ac_hdr, 2, ac__await_close(&ac_f->ac_hdr, ac_t->t1), ac_closed_2);
      ac_closed_2:;
      ac__gen_free(ac_t->t1); ac_t->t1 = ((void *)0);
      if (ac_f->ac_hdr.err != 0) goto ac_fail;
      if (ac_f->ac_fin_1 == 1) { ac_f->ac_hdr.err = ac_f->ac_exc_1; goto ac_fail; }
    }
    {
      AC__AWAIT(&ac_f->ac_hdr, 3, ac__await_call(&ac_f->ac_hdr, g__call()), ac_catch_2);
    }
    goto ac_tryok_2;
    ac_catch_2:;
    ac_f->ac_exc_2 = ac_f->ac_hdr.err; ac_f->ac_hdr.err = 0;
    ac_f->e = ac_f->ac_exc_2;
    {
      use(ac_f->e);
    }
    goto ac_tryok_2;
    ac_tryok_2:;
  }
  ac_f->ac_hdr.err = 0;
  return AC__DONE;
ac_fail:
  return AC__DONE;
}

