/* answer.h - awaiting a libuv request whose answer is a resource (a
 * descriptor, an addrinfo list, a buffer): dns.c and fs.c.
 *
 * The wait protocol lets a task be cancelled after its operation has
 * woken it and before it runs: it then resumes with AC_ECANCELED, and an
 * answer already written to the caller's slot would be lost (a leaked
 * descriptor). So the request's callback only records the answer in the
 * operation's record, and a runtime frame pushed above the caller's (as
 * wait.h's are) resumes in the task after the wake and decides: on
 * success it hands the answer to the caller, otherwise it gives the answer
 * back (release). If the task is woken by its cancellation before the
 * request has finished, the frame leaves the record to the callback,
 * which releases and frees it when libuv is done.
 */
#ifndef AC_ANSWER_H
#define AC_ANSWER_H

#include "internal.h"

typedef struct ac__answer_s ac__answer_t;
struct ac__answer_s {
  ac_task_t *task;
  void *result;    /* the caller's slot, valid while the frame lives */
  int status;      /* the request's outcome, once done */
  int done;        /* the request's callback has run */
  int cancelled;   /* the task was cancelled while it waited */
  int woken;       /* the task has been woken (callback or cancel hook) */
  int frame_gone;  /* the awaiting frame has finished: the callback frees */
  /* Status 0 and the task not cancelled: put the answer in *result. */
  void (*deliver)(ac__answer_t *a);
  /* Status 0 but nobody takes the answer: give it back. NULL: nothing to. */
  void (*release)(ac__answer_t *a);
  /* Frees the record (and what the request still holds). */
  void (*free)(ac__answer_t *a);
};

/* Pushes the frame that parks the running task on OPS with record A
 * (its request already submitted); returns what ac__await_call returns. */
int ac__answer_await(ac_frame_t *frame, ac__answer_t *a, ac__waitops_t *ops);
/* The request's callback: records STATUS and wakes the task (with
 * AC_ECANCELED if it was cancelled), or releases and frees A if its
 * frame is gone. A must not be used after this call. */
void ac__answer_done(ac__answer_t *a, int status);
/* A cancel hook that need not wait for the request (no caller memory in
 * use) wakes the task at once with this; the request runs on. */
void ac__answer_wake_cancelled(ac__answer_t *a);

#endif /* AC_ANSWER_H */
