/* offload.c - in_thread(EXPR) / in_process(EXPR) as tasks (without await).
 *
 * The task's frame is the generated `struct J_task`: ac__job_task_t, then
 * a copy of the job as it was when the expression was evaluated (captures
 * by value). The job proper is allocated and submitted when the task first
 * runs: a task cancelled before it starts has submitted nothing and owns
 * nothing but its frame. Once submitted, the job belongs to the pools'
 * rules (asyncc.h, Offload): on success its result is copied into the
 * task's result slot and the job is done; on failure the runtime has
 * already taken it back.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "internal.h"

ac_task_t *ac__spawn_job(const ac__fninfo_t *info, const ac_job_t *proto, size_t job_off,
                         size_t job_size, ac_pool_t *pool, int kind, size_t result_off,
                         size_t result_size, const char *file, int line, void **result) {
  ac_frame_t *frame;
  size_t slot = result_size ? result_size : sizeof(ac_void_t);
  ac_task_t *t = ac__spawn(info, slot, file, line, &frame, result);
  ac__job_task_t *jt = (ac__job_task_t *)frame;
  jt->pool = pool;
  jt->job = NULL;
  jt->result = *result;
  jt->job_off = job_off;
  jt->job_size = job_size;
  jt->result_off = result_off;
  jt->result_size = result_size;
  jt->kind = kind;
  memcpy((char *)frame + job_off, proto, job_size);
  /* The bytes captures are copied now, as the captures are: the caller
   * may free its buffers once in_process(...) is evaluated. The frame
   * owns the copy until the job does, so the task must start, also when
   * cancelled before, to free it. */
  jt->bytes_err = ac__job_pack_bytes(pool, kind, (ac_job_t *)(void *)((char *)frame + job_off),
                                     &jt->nbytes, &jt->bytes);
  if (jt->bytes != NULL) ac__task_always_start(t);
  return t;
}

int ac__job_task_resume(ac_frame_t *frame) {
  ac__job_task_t *jt = (ac__job_task_t *)frame;
  switch (frame->state) {
  case 0:
    break;
  case 1:
    goto resumed;
  default:
    return ac__bad_state(frame);
  }
  if (frame->err != 0 || jt->bytes_err != 0) { /* cancelled before it ran */
    free(jt->bytes);
    if (frame->err == 0) frame->err = jt->bytes_err;
    return AC__DONE;
  }
  {
    const ac_job_t *proto = (const ac_job_t *)(const void *)((char *)frame + jt->job_off);
    jt->job = ac__job_new_bytes(jt->job_size, proto->run, proto->bytes);
    /* the captures, not the runtime's private header */
    memcpy((char *)jt->job + sizeof(ac_job_t), (const char *)proto + sizeof(ac_job_t),
           jt->job_size - sizeof(ac_job_t));
    ac__job_give_bytes(jt->job, jt->bytes, jt->nbytes);
    jt->bytes = NULL;
  }
  frame->state = 1;
  if (ac__await_job(frame, jt->pool, jt->job, jt->kind)) return AC__SUSPENDED;
resumed:
  if (frame->err == 0) {
    if (jt->result_size)
      memcpy(jt->result, (char *)jt->job + jt->result_off, jt->result_size);
    ac__job_done(jt->job);
  }
  jt->job = NULL;
  return AC__DONE;
}
