/* bytes.c - ac_bytes_t: the public constructor, and what the pools need
 * to know about the ac_bytes_t members of a job.
 *
 * A job's ac__job_bytes_t (asyncc.h, emitted by the translator) names the
 * offsets of its ac_bytes_t captures and result. The functions here read
 * the job through it; they never send anything (pool_process.c does) and
 * never take a lock (the job is not shared while they run).
 *
 * Guarantees: ac__job_tail_size never lets a job with a capture of
 * {NULL, n > 0} or more than AC_JOB_BYTES_LIMIT bytes reach a process
 * worker; ac__job_pack_captures copies the captures' bytes at once, so
 * the caller's buffers are not read after the await began (a cancelled
 * awaiter may free them while its job is still being sent);
 * ac__job_free_result frees a job's bytes result exactly when the caller
 * says nobody took it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "internal.h"

ac_bytes_t ac_bytes_copy(const void *p, size_t n) {
  ac_bytes_t b = {NULL, 0};
  if (n == 0) return b;
  b.data = ac__malloc(n + 1); /* malloc underneath: ac_bytes_free frees */
  memcpy(b.data, p, n);
  b.data[n] = '\0';
  b.len = n;
  return b;
}

ac_bytes_t *ac__job_bytes_at(ac_job_t *job, size_t off) {
  return (ac_bytes_t *)(void *)((char *)job + off);
}

int ac__job_has_bytes(const ac_job_t *job) {
  const ac__job_bytes_t *b = job->bytes;
  if (b == NULL) return 0;
  if (b->result != AC__NOT_BYTES) return 1;
  for (size_t i = 0; i < b->ncaps; i++)
    if (b->caps[i] != AC__NOT_BYTES) return 1;
  return 0;
}

int ac__job_tail_size(ac_job_t *job, size_t *tail) {
  const ac__job_bytes_t *b = job->bytes;
  size_t n = 0;
  *tail = 0;
  if (b == NULL) return 0;
  for (size_t i = 0; i < b->ncaps; i++) {
    const ac_bytes_t *c;
    if (b->caps[i] == AC__NOT_BYTES) continue;
    c = ac__job_bytes_at(job, b->caps[i]);
    if (c->data == NULL) {
      if (c->len != 0) return AC_EINVAL; /* nothing to copy the length from */
      continue; /* stays NULL in the worker */
    }
    if (c->len >= (size_t)AC_JOB_BYTES_LIMIT - n) return AC_ENOBUFS;
    n += c->len + 1; /* the worker's copy ends with a NUL */
  }
  *tail = n;
  return 0;
}

int ac__job_pack_captures(ac_job_t *job, size_t n, char **out) {
  const ac__job_bytes_t *b = job->bytes;
  char *p;
  *out = NULL;
  if (n == 0) return 0;
  /* Not ac__malloc: a job too big for memory fails alone. */
  if ((*out = p = malloc(n)) == NULL) return AC_ENOMEM;
  for (size_t i = 0; i < b->ncaps; i++) {
    const ac_bytes_t *c;
    if (b->caps[i] == AC__NOT_BYTES) continue;
    c = ac__job_bytes_at(job, b->caps[i]);
    if (c->data == NULL) continue;
    memcpy(p, c->data, c->len);
    p[c->len] = '\0';
    p += c->len + 1;
  }
  return 0;
}

void ac__job_free_result(ac_job_t *job) {
  const ac__job_bytes_t *b = job->bytes;
  if (b == NULL || b->result == AC__NOT_BYTES) return;
  ac_bytes_free(ac__job_bytes_at(job, b->result));
}
