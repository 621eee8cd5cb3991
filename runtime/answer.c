/* answer.c - see answer.h. */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include "answer.h"

#include "wait.h"

typedef struct {
  ac_frame_t hdr;
  ac__answer_t *a;
  ac__waitops_t *ops;
} answer_frame_t;

static void finish(ac__answer_t *a, int deliver) {
  if (a->status == 0 && deliver)
    a->deliver(a);
  else if (a->status == 0 && a->release != NULL)
    a->release(a);
  a->free(a);
}

static int answer_resume(ac_frame_t *hdr) {
  answer_frame_t *F = (answer_frame_t *)(void *)hdr;
  ac__answer_t *a = F->a;
  if (hdr->state == 0) {
    a->task = ac__current();
    ac__park(F->ops, a);
    hdr->state = 1;
    return AC__SUSPENDED;
  }
  if (!a->done) { /* woken by the cancellation: the callback cleans up */
    a->frame_gone = 1;
    return AC__DONE;
  }
  if (hdr->err == 0) hdr->err = a->status;
  if (hdr->err != 0) { /* for the failure's report (task.c) */
    ac__L.failed_via = F->ops->name;
    ac__L.failed_frame = hdr;
  }
  finish(a, hdr->err == 0 && a->result != NULL);
  return AC__DONE;
}

static const ac__fninfo_t answer_info = {"ac__answer", "<asyncc runtime>", 0, answer_resume,
                                         sizeof(answer_frame_t), _Alignof(answer_frame_t),
                                         NULL};

int ac__answer_await(ac_frame_t *frame, ac__answer_t *a, ac__waitops_t *ops) {
  answer_frame_t *F = (answer_frame_t *)(void *)ac__op_frame(&answer_info, 0);
  F->a = a;
  F->ops = ops;
  return ac__await_call(frame, &F->hdr);
}

void ac__answer_done(ac__answer_t *a, int status) {
  a->done = 1;
  a->status = status;
  if (a->frame_gone) {
    finish(a, 0);
    return;
  }
  if (!a->woken) {
    a->woken = 1;
    ac__wake(a->task, a->cancelled ? AC_ECANCELED : status);
  }
}

void ac__answer_wake_cancelled(ac__answer_t *a) {
  a->cancelled = 1;
  a->woken = 1;
  ac__wake(a->task, AC_ECANCELED);
}
