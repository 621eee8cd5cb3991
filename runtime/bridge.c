/* bridge.c - calls from other threads into the running loop: the
 * runtime's one wake-up channel (ac_bridge_* for users, and the pools'
 * finished jobs, pool.c).
 *
 * A bridge is a mutex-protected FIFO of calls (ac__bcall_t, the caller's
 * memory: a pool embeds one in each work item, so a completion costs no
 * allocation) and one uv_async_t: a post appends and sends the async; its
 * callback, on the loop thread, takes the whole list and runs it in order
 * (libuv coalesces the wake-ups, so a burst of calls costs one). The
 * async stays referenced while the bridge is open, which keeps the loop
 * alive (loop.c blocks in uv_run instead of declaring a deadlock) while
 * another thread may still call in.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <uv.h>

#include "internal.h"

/* ac_bridge_call's own call: a user's (fn, arg), freed once run. */
typedef struct {
  ac__bcall_t c; /* first */
  void (*fn)(void *);
  void *arg;
} user_call_t;

struct ac_bridge_s {
  uv_async_t async; /* first: the close callback frees the bridge */
  pthread_mutex_t mu;
  ac__bcall_t *head, *tail;
  int closing;
};

static void run_calls(uv_async_t *a) {
  ac_bridge_t *b = (ac_bridge_t *)(void *)a;
  pthread_mutex_lock(&b->mu);
  ac__bcall_t *c = b->head;
  b->head = b->tail = NULL;
  pthread_mutex_unlock(&b->mu);
  while (c != NULL) {
    ac__bcall_t *next = c->next; /* before: the call may free C */
    c->fn(c);
    c = next;
  }
}

static void run_user_call(ac__bcall_t *c) {
  user_call_t *u = (user_call_t *)(void *)c;
  u->fn(u->arg);
  ac__free(u);
}

int ac_bridge_open(ac_bridge_t **out) {
  if (!ac__L.running) return AC_EINVAL;
  ac_bridge_t *b = ac__malloc(sizeof *b);
  b->head = b->tail = NULL;
  b->closing = 0;
  pthread_mutex_init(&b->mu, NULL);
  int rc = uv_async_init(&ac__L.uv, &b->async, run_calls);
  if (rc < 0) {
    pthread_mutex_destroy(&b->mu);
    ac__free(b);
    return rc;
  }
  *out = b;
  return 0;
}

int ac__bridge_post(ac_bridge_t *b, ac__bcall_t *c) {
  c->next = NULL;
  pthread_mutex_lock(&b->mu);
  if (b->closing) {
    pthread_mutex_unlock(&b->mu);
    return AC_EINVAL;
  }
  if (b->tail != NULL) b->tail->next = c;
  else b->head = c;
  b->tail = c;
  uv_async_send(&b->async); /* under the mutex: close cannot race it */
  pthread_mutex_unlock(&b->mu);
  return 0;
}

int ac_bridge_call(ac_bridge_t *b, void (*fn)(void *arg), void *arg) {
  user_call_t *u = ac__malloc(sizeof *u);
  int rc;
  u->c.fn = run_user_call;
  u->fn = fn;
  u->arg = arg;
  rc = ac__bridge_post(b, &u->c);
  if (rc != 0) ac__free(u);
  return rc;
}

static void on_closed(uv_handle_t *h) {
  ac_bridge_t *b = (ac_bridge_t *)(void *)h;
  pthread_mutex_destroy(&b->mu);
  ac__free(b);
}

void ac_bridge_close(ac_bridge_t *b) {
  pthread_mutex_lock(&b->mu);
  b->closing = 1;
  pthread_mutex_unlock(&b->mu);
  run_calls(&b->async); /* what was called before the close */
  uv_close((uv_handle_t *)&b->async, on_closed);
}
