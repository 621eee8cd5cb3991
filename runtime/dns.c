/* dns.c - name resolution as awaitables (asyncc.h "DNS"): libuv's
 * getaddrinfo and getnameinfo, run on libuv's thread pool.
 *
 * Takes: a running loop. Guarantees: each lookup wakes its task exactly
 * once; a lookup whose task is cancelled wakes it at once with
 * AC_ECANCELED and, if the thread pool already runs it, finishes on its
 * own: its callback frees the answer and the request (uv_cancel stops it
 * first when it has not started); a task cancelled after its answer came
 * but before it ran has the answer freed (answer.h). Nothing of a
 * cancelled lookup is left once libuv's callback has run, and ac_run's
 * last uv_run waits for that.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <netdb.h>
#include <string.h>

#include "answer.h"

/* A lookup in flight. The request is libuv's until its callback, so the
 * record lives on the heap, apart from the task's frame. */
typedef struct {
  ac__answer_t a; /* first: the record is found from it */
  union {
    uv_getaddrinfo_t addr;
    uv_getnameinfo_t name;
  } req;
  struct addrinfo *ai;   /* getaddrinfo's answer */
  ac_nameinfo_t ni;      /* getnameinfo's */
} lookup_t;

/* No caller memory is in use: the task goes at once, the lookup is
 * stopped if it has not started and otherwise ends on its own. */
static void lookup_cancel(ac_task_t *t) {
  lookup_t *op = ac__parked_on(t);
  uv_cancel((uv_req_t *)&op->req);
  ac__answer_wake_cancelled(&op->a);
}

static ac__waitops_t addrinfo_ops = {"resolving a name", lookup_cancel, NULL, 0, NULL};
static ac__waitops_t nameinfo_ops = {"resolving an address", lookup_cancel, NULL, 0, NULL};

static void lookup_free(ac__answer_t *a) { ac__free(a); }

static void deliver_addrinfo(ac__answer_t *a) {
  lookup_t *op = (lookup_t *)(void *)a;
  *(struct addrinfo **)a->result = op->ai;
}

static void release_addrinfo(ac__answer_t *a) { uv_freeaddrinfo(((lookup_t *)(void *)a)->ai); }

static void deliver_nameinfo(ac__answer_t *a) {
  *(ac_nameinfo_t *)a->result = ((lookup_t *)(void *)a)->ni;
}

static lookup_t *lookup_new(void *result, void (*deliver)(ac__answer_t *),
                            void (*release)(ac__answer_t *)) {
  lookup_t *op = ac__calloc(1, sizeof *op);
  op->a.result = result;
  op->a.deliver = deliver;
  op->a.release = release;
  op->a.free = lookup_free;
  return op;
}

static void on_addrinfo(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  lookup_t *op = req->data;
  op->ai = res;
  ac__answer_done(&op->a, status);
}

int ac_getaddrinfo__await(ac_frame_t *frame, struct addrinfo **result, const char *host,
                          const char *service, const struct addrinfo *hints) {
  lookup_t *op = lookup_new(result, deliver_addrinfo, release_addrinfo);
  op->req.addr.data = op;
  int rc = uv_getaddrinfo(&ac__L.uv, &op->req.addr, on_addrinfo, host, service, hints);
  if (rc != 0) {
    ac__free(op);
    frame->err = rc;
    return 0;
  }
  return ac__answer_await(frame, &op->a, &addrinfo_ops);
}

void ac_freeaddrinfo(struct addrinfo *ai) { uv_freeaddrinfo(ai); }

static void copy_bounded(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n >= cap) n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

static void on_nameinfo(uv_getnameinfo_t *req, int status, const char *host, const char *service) {
  lookup_t *op = req->data;
  if (status == 0) {
    copy_bounded(op->ni.host, sizeof op->ni.host, host);
    copy_bounded(op->ni.service, sizeof op->ni.service, service);
  }
  ac__answer_done(&op->a, status);
}

int ac_getnameinfo__await(ac_frame_t *frame, ac_nameinfo_t *result, const struct sockaddr *addr,
                          int flags) {
  lookup_t *op = lookup_new(result, deliver_nameinfo, NULL);
  op->req.name.data = op;
  int rc = uv_getnameinfo(&ac__L.uv, &op->req.name, on_nameinfo, addr, flags);
  if (rc != 0) {
    ac__free(op);
    frame->err = rc;
    return 0;
  }
  return ac__answer_await(frame, &op->a, &nameinfo_ops);
}
