/* generator.c - async generators, driven by their consumer's `for await`.
 *
 * A generator is a frame that its consumer pushes on its own task, like
 * `await f()`, except that it comes back at every yield without being
 * freed. The consumer owns the frame: it frees it with ac__gen_free after
 * the generator finished or was closed. Closing resumes the generator at
 * its yield with AC_EGENCLOSED, which runs its finally and defer blocks as
 * any failure does; a generator that then ends with that code closed
 * normally.
 *
 * A consumer may know its generator only by a prototype, so the runtime
 * checks what the translator could not: g__call of a generator marks its
 * frame (ac__gen_mark); a `for await` over an unmarked frame, or a
 * generator that yields to anything but a `for await`, fails with
 * AC_EINVAL rather than running on with a wrong protocol.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>

#include "internal.h"

static int push(ac_frame_t *frame, ac_frame_t *gen) {
  AC__FHEAD(gen)->flags |= AC__FRAME_GEN;
  AC__FHEAD(gen)->parent = frame;
  ac__L.current->top = gen;
  return 1;
}

void ac__gen_mark(ac_frame_t *gen) {
  AC__FHEAD(gen)->flags |= AC__FRAME_IS_GEN;
}

/* `for await` over a function that is no generator: it never ran, and the
 * consumer's close finds it done. */
static int not_a_generator(ac_frame_t *frame, ac_frame_t *gen) {
  if (ac__L.debug)
    fprintf(stderr, "asyncc: for await over %s, which is not an async generator\n",
            gen->info->name);
  AC__FHEAD(gen)->flags |= AC__FRAME_GEN_DONE;
  frame->err = AC_EINVAL;
  return 0;
}

int ac__await_next(ac_frame_t *frame, ac_frame_t *gen) {
  if (!(AC__FHEAD(gen)->flags & AC__FRAME_IS_GEN)) return not_a_generator(frame, gen);
  if (AC__FHEAD(gen)->flags & AC__FRAME_GEN_DONE) {
    frame->err = 0;
    return 0;
  }
  return push(frame, gen);
}

int ac__await_close(ac_frame_t *frame, ac_frame_t *gen) {
  if (AC__FHEAD(gen)->flags & AC__FRAME_GEN_DONE || gen->state == 0) {
    AC__FHEAD(gen)->flags |= AC__FRAME_GEN_DONE; /* never started: nothing to run */
    frame->err = 0;
    return 0;
  }
  AC__FHEAD(gen)->flags |= AC__FRAME_GEN_CLOSING;
  gen->err = AC_EGENCLOSED;
  return push(frame, gen);
}

int ac__gen_finished(const ac_frame_t *gen) {
  return (AC__FHEAD(gen)->flags & AC__FRAME_GEN_DONE) != 0;
}

void ac__gen_free(ac_frame_t *gen) {
  ac__frame_free(gen);
}

ac_frame_t *ac__gen_back(ac_task_t *t, ac_frame_t *gen, int rc) {
  ac__fhead_t *h = AC__FHEAD(gen);
  ac_frame_t *consumer = h->parent;
  h->parent = NULL;
  t->top = consumer;
  if (rc == AC__YIELDED) {
    /* a yield while being closed is a bug in the generator (Python raises
     * RuntimeError); it stays suspended and is freed unfinished */
    consumer->err = (AC__FHEAD(gen)->flags & AC__FRAME_GEN_CLOSING) ? AC_EBADSTATE : 0;
    if (consumer->err) AC__FHEAD(gen)->flags |= AC__FRAME_GEN_DONE;
    return consumer;
  }
  AC__FHEAD(gen)->flags |= AC__FRAME_GEN_DONE;
  int err = gen->err;
  if (err == AC_EGENCLOSED && (AC__FHEAD(gen)->flags & AC__FRAME_GEN_CLOSING)) err = 0;
  consumer->err = err;
  return consumer;
}

int ac__gen_misused(ac_frame_t *f) {
  if (ac__L.debug)
    fprintf(stderr, "asyncc: %s is an async generator: use it with for await, not await or "
            "as a task\n", f->info->name);
  f->err = AC_EINVAL;
  return AC__DONE;
}
