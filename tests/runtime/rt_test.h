/* rt_test.h - shared pieces of the runtime tests: an event log and a few
 * async functions written by hand exactly as the translator emits them
 * (frame struct, resume function with switch + goto, AC__AWAIT, f__call
 * and f__spawn), so the tests exercise the real protocol.
 *
 * Everything is static inline so each test file uses what it needs.
 */
#ifndef RT_TEST_H
#define RT_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "asyncc.h"

/* ---- the event log: space-separated words, asserted as one string ---- */
static char rt_log_buf[8192];

static inline void rt_log(const char *fmt, ...) {
  size_t len = strlen(rt_log_buf);
  va_list ap;
  if (len > 0 && len < sizeof rt_log_buf - 1) rt_log_buf[len++] = ' ';
  va_start(ap, fmt);
  vsnprintf(rt_log_buf + len, sizeof rt_log_buf - len, fmt, ap);
  va_end(ap);
}

#define RT_INFO(fn, frame_struct)                                          \
  static inline const ac__fninfo_t *fn##__info(void) {                     \
    static const ac__fninfo_t info = {#fn, __FILE__, __LINE__, fn##__resume, \
                                      sizeof(frame_struct),                \
                                      _Alignof(frame_struct), NULL};             \
    return &info;                                                          \
  }

/* A parameterless async int function FN with frame FRAME (whose second
 * member is `int *res`): its info and FN__spawn. */
#define RT_DEF0(fn, frame_struct)                                            \
  RT_INFO(fn, frame_struct)                                                  \
  static inline ac_task__int fn##__spawn(const char *file, int line) {       \
    ac_task__int h;                                                          \
    ac_frame_t *fr;                                                          \
    void *r;                                                                 \
    h.t = ac__spawn(fn##__info(), sizeof(int), file, line, &fr, &r);        \
    ((frame_struct *)(void *)fr)->res = (int *)r;                            \
    return h;                                                                \
  }

/* The usual resume-function prologue for states 1..N. */
#define RT_DISPATCH(F, ...)                                                  \
  switch ((F)->hdr.state) {                                                  \
  case 0: break;                                                             \
  __VA_ARGS__                                                                \
  default: return ac__bad_state(&(F)->hdr);                                  \
  }
#define RT_STATE(n) case n: goto ac_resume_##n;

/* ==== async int worker(int id, double delay)
 *   log s<id>; await ac_sleep(delay); log e<id>; return id * 10;
 *   on failure: log x<id>:<code> and rethrow ==== */
struct worker__frame {
  ac_frame_t hdr;
  int *res;
  int id;
  double delay;
};

static inline int worker__resume(ac_frame_t *hdr) {
  struct worker__frame *F = (struct worker__frame *)(void *)hdr;
  switch (F->hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(hdr);
  }
  rt_log("s%d", F->id);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, F->delay), ac_fail);
  rt_log("e%d", F->id);
  if (F->res) *F->res = F->id * 10;
  F->hdr.err = 0;
  return AC__DONE;
ac_fail:
  rt_log("x%d:%s", F->id, ac_err_name(F->hdr.err));
  return AC__DONE;
}
RT_INFO(worker, struct worker__frame)

static inline ac_frame_t *worker__call(int *res, int id, double delay) {
  struct worker__frame *F =
      (struct worker__frame *)(void *)ac__frame_new(worker__info());
  F->res = res;
  F->id = id;
  F->delay = delay;
  return &F->hdr;
}

static inline ac_task__int worker__spawn(const char *file, int line, int id,
                                         double delay) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  h.t = ac__spawn(worker__info(), sizeof(int), file, line, &fr, &r);
  ((struct worker__frame *)(void *)fr)->res = (int *)r;
  ((struct worker__frame *)(void *)fr)->id = id;
  ((struct worker__frame *)(void *)fr)->delay = delay;
  return h;
}
#define worker(...) worker__spawn(__FILE__, __LINE__, __VA_ARGS__)

/* ==== async int failer(int id, double delay, int code)
 *   log f<id>; await ac_sleep(delay); log t<id>; throw code; ==== */
struct failer__frame {
  ac_frame_t hdr;
  int *res;
  int id;
  double delay;
  int code;
};

static inline int failer__resume(ac_frame_t *hdr) {
  struct failer__frame *F = (struct failer__frame *)(void *)hdr;
  switch (F->hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  default: return ac__bad_state(hdr);
  }
  rt_log("f%d", F->id);
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, F->delay), ac_fail);
  rt_log("t%d", F->id);
  F->hdr.err = F->code; /* throw code; */
  return AC__DONE;
ac_fail:
  return AC__DONE;
}
RT_INFO(failer, struct failer__frame)

static inline ac_frame_t *failer__call(int *res, int id, double delay,
                                       int code) {
  struct failer__frame *F =
      (struct failer__frame *)(void *)ac__frame_new(failer__info());
  F->res = res;
  F->id = id;
  F->delay = delay;
  F->code = code;
  return &F->hdr;
}

static inline ac_task__int failer__spawn(const char *file, int line, int id,
                                         double delay, int code) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  struct failer__frame *F;
  h.t = ac__spawn(failer__info(), sizeof(int), file, line, &fr, &r);
  F = (struct failer__frame *)(void *)fr;
  F->res = (int *)r;
  F->id = id;
  F->delay = delay;
  F->code = code;
  return h;
}
#define failer(...) failer__spawn(__FILE__, __LINE__, __VA_ARGS__)

/* ==== async int cleaner(int id, double delay)
 *   try { await ac_sleep(delay); log d<id>; return id; }
 *   catch (int err) { log c<id>; await ac_sleep(0.01); log z<id>; throw; } */
struct cleaner__frame {
  ac_frame_t hdr;
  int *res;
  int id;
  double delay;
  int saved;
};

static inline int cleaner__resume(ac_frame_t *hdr) {
  struct cleaner__frame *F = (struct cleaner__frame *)(void *)hdr;
  switch (F->hdr.state) {
  case 0: break;
  case 1: goto ac_resume_1;
  case 2: goto ac_resume_2;
  default: return ac__bad_state(hdr);
  }
  AC__AWAIT(&F->hdr, 1, ac__await_sleep(&F->hdr, F->delay), ac_catch);
  rt_log("d%d", F->id);
  if (F->res) *F->res = F->id;
  F->hdr.err = 0;
  return AC__DONE;
ac_catch:
  F->saved = F->hdr.err;
  rt_log("c%d", F->id);
  AC__AWAIT(&F->hdr, 2, ac__await_sleep(&F->hdr, 0.01), ac_fail);
  rt_log("z%d", F->id);
  F->hdr.err = F->saved; /* throw; */
  return AC__DONE;
ac_fail:
  return AC__DONE;
}
RT_INFO(cleaner, struct cleaner__frame)

static inline ac_task__int cleaner__spawn(const char *file, int line, int id,
                                          double delay) {
  ac_task__int h;
  ac_frame_t *fr;
  void *r;
  struct cleaner__frame *F;
  h.t = ac__spawn(cleaner__info(), sizeof(int), file, line, &fr, &r);
  F = (struct cleaner__frame *)(void *)fr;
  F->res = (int *)r;
  F->id = id;
  F->delay = delay;
  return h;
}
#define cleaner(...) cleaner__spawn(__FILE__, __LINE__, __VA_ARGS__)

#endif /* RT_TEST_H */
