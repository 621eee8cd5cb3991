/* dns.c - name resolution as awaitables (asyncc.h "DNS"): libuv's
 * getaddrinfo and getnameinfo, run on libuv's thread pool.
 *
 * Takes: a running loop. Guarantees: each lookup wakes its task exactly
 * once; a lookup whose task is cancelled wakes it at once with
 * AC_ECANCELED and, if the thread pool already runs it, finishes on its
 * own: its callback frees the answer and the request (uv_cancel stops it
 * first when it has not started). Nothing of a cancelled lookup is left
 * once libuv's callback has run, and ac_run's last uv_run waits for that.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <netdb.h>
#include <string.h>

#include "internal.h"

/* A lookup in flight. The request is libuv's until its callback, so the
 * record lives on the heap, apart from the task's frame. */
typedef struct {
  union {
    uv_getaddrinfo_t addr;
    uv_getnameinfo_t name;
  } req;
  ac_task_t *task; /* NULL once cancelled: the callback only cleans up */
  void *result;    /* the caller's slot, valid while the task is parked */
} lookup_t;

static void lookup_cancel(ac_task_t *t) {
  lookup_t *op = ac__parked_on(t);
  op->task = NULL;
  uv_cancel((uv_req_t *)&op->req); /* fails if running: it ends on its own */
  ac__wake(t, AC_ECANCELED);
}

static ac__waitops_t addrinfo_ops = {"resolving a name", lookup_cancel, NULL, 0};
static ac__waitops_t nameinfo_ops = {"resolving an address", lookup_cancel, NULL, 0};

static int lookup_park(ac__waitops_t *ops, lookup_t *op, void *result) {
  op->task = ac__current();
  op->result = result;
  ac__park(ops, op);
  return 1;
}

static void on_addrinfo(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  lookup_t *op = req->data;
  ac_task_t *t = op->task;
  if (t != NULL && status == 0 && op->result != NULL)
    *(struct addrinfo **)op->result = res;
  else
    uv_freeaddrinfo(res); /* cancelled, failed, or nobody wants it */
  ac__free(op);
  if (t != NULL) ac__wake(t, status);
}

int ac_getaddrinfo__await(ac_frame_t *frame, struct addrinfo **result, const char *host,
                          const char *service, const struct addrinfo *hints) {
  lookup_t *op = ac__calloc(1, sizeof *op);
  op->req.addr.data = op;
  int rc = uv_getaddrinfo(&ac__L.uv, &op->req.addr, on_addrinfo, host, service, hints);
  if (rc != 0) {
    ac__free(op);
    frame->err = rc;
    return 0;
  }
  return lookup_park(&addrinfo_ops, op, result);
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
  ac_task_t *t = op->task;
  if (t != NULL && status == 0 && op->result != NULL) {
    ac_nameinfo_t *out = op->result;
    copy_bounded(out->host, sizeof out->host, host);
    copy_bounded(out->service, sizeof out->service, service);
  }
  ac__free(op);
  if (t != NULL) ac__wake(t, status);
}

int ac_getnameinfo__await(ac_frame_t *frame, ac_nameinfo_t *result, const struct sockaddr *addr,
                          int flags) {
  lookup_t *op = ac__calloc(1, sizeof *op);
  op->req.name.data = op;
  int rc = uv_getnameinfo(&ac__L.uv, &op->req.name, on_nameinfo, addr, flags);
  if (rc != 0) {
    ac__free(op);
    frame->err = rc;
    return 0;
  }
  return lookup_park(&nameinfo_ops, op, result);
}
