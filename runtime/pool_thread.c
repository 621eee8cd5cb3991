/* pool_thread.c - the workers of a thread pool: threads of this process
 * ("ac-worker-N") that take jobs from the pool's queue and run them.
 *
 * The pool's own threads, not libuv's shared pool: a blocking job here
 * cannot starve libuv's file and DNS requests, and the size is the
 * user's. The threads block only on the pool's condition variable.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>

#include "pool.h"

typedef struct {
  ac_pool_t *pool;
  int index;
} worker_arg_t;

static void *worker_main(void *p) {
  worker_arg_t *arg = p;
  ac_pool_t *pool = arg->pool;
  char name[16];
  ac__jx_t *jx;

  snprintf(name, sizeof name, "ac-worker-%d", arg->index);
  pthread_setname_np(pthread_self(), name);
  ac__free(arg);
  if (pool->initializer != NULL) pool->initializer(pool->initarg);
  for (;;) {
    pthread_mutex_lock(&pool->mu);
    jx = ac__pool_take(pool);
    pthread_mutex_unlock(&pool->mu);
    if (jx == NULL) break;
    ac__jx_run(jx);
    ac__pool_finish(jx, 0);
  }
  return NULL;
}

int ac__thread_pool_start(ac_pool_t *pool) {
  int i, rc;
  pool->threads = ac__calloc((size_t)pool->nworkers, sizeof(pthread_t));
  for (i = 0; i < pool->nworkers; i++) {
    worker_arg_t *arg = ac__malloc(sizeof *arg);
    arg->pool = pool;
    arg->index = i;
    if ((rc = pthread_create(&pool->threads[i], NULL, worker_main, arg)) !=
        0) {
      ac__free(arg);
      /* Stop the ones already started, then fail. */
      pthread_mutex_lock(&pool->mu);
      pool->shutdown = 1;
      pthread_cond_broadcast(&pool->cv);
      pthread_mutex_unlock(&pool->mu);
      while (i-- > 0) pthread_join(pool->threads[i], NULL);
      ac__free(pool->threads);
      pool->threads = NULL;
      return -rc;
    }
  }
  pool->started = 1;
  return 0;
}

void ac__thread_pool_join(ac_pool_t *pool) {
  int i;
  /* Only one joiner: a second shutdown (ac_pool_free) finds none. */
  pthread_mutex_lock(&pool->mu);
  int started = pool->started;
  pool->started = 0;
  pthread_mutex_unlock(&pool->mu);
  if (!started) return;
  for (i = 0; i < pool->nworkers; i++) pthread_join(pool->threads[i], NULL);
}
