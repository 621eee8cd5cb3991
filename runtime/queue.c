/* queue.c - asyncio.Queue, LifoQueue and PriorityQueue (3.11), with items
 * copied by value.
 *
 * Storage is one growable array of item_size slots: a ring for FIFO, a
 * stack for LIFO, a binary heap for PRIORITY. The heap moves items exactly
 * as Python's heapq does (heappush's sift toward the root; heappop's sift
 * to a leaf and back up), so items that compare equal leave in the same
 * order as under CPython.
 *
 * Waiting follows asyncio: put() on a non-full queue and get() on a
 * non-empty one never suspend; a waiter is popped from its list when it is
 * woken, dropped at once when cancelled, and on running re-checks the
 * queue (`while self.full()`), parking again at the back if another task
 * got there first. After ac_queue_shutdown (3.13) the same re-check fails
 * the waiter instead of parking it: the nowait calls say why.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <string.h>

#include "wait.h"

/* ================= storage ================= */

#define SLOT(q, i) ((q)->buf_ + (i) * (q)->item_size_)

/* One slot past the capacity is scratch space for the heap. */
static void grow(ac_queue_t *q) {
  size_t ncap = q->cap_ ? q->cap_ * 2 : 8;
  char *nbuf = ac__malloc((ncap + 1) * q->item_size_);
  if (q->kind_ == AC_QUEUE_FIFO) { /* unwrap the ring */
    for (size_t i = 0; i < q->len_; i++)
      memcpy(nbuf + i * q->item_size_, SLOT(q, (q->head_ + i) % q->cap_),
             q->item_size_);
  } else if (q->len_ > 0) {
    memcpy(nbuf, q->buf_, q->len_ * q->item_size_);
  }
  ac__free(q->buf_);
  q->buf_ = nbuf;
  q->cap_ = ncap;
  q->head_ = 0;
}

static int less(ac_queue_t *q, size_t a, size_t b) {
  return q->cmp_(SLOT(q, a), SLOT(q, b)) < 0;
}

static void copy_slot(ac_queue_t *q, size_t to, size_t from) {
  memcpy(SLOT(q, to), SLOT(q, from), q->item_size_);
}

/* heapq._siftdown: the item at POS moves up while smaller than its
 * parent (scratch slot cap_ holds it meanwhile). */
static void sift_down(ac_queue_t *q, size_t start, size_t pos) {
  size_t tmp = q->cap_;
  copy_slot(q, tmp, pos);
  while (pos > start) {
    size_t parent = (pos - 1) / 2;
    if (!less(q, tmp, parent)) break;
    copy_slot(q, pos, parent);
    pos = parent;
  }
  copy_slot(q, pos, tmp);
}

/* heapq._siftup: the hole at POS goes down to a leaf along the smaller
 * children, then the item sifts back up from there. */
static void sift_up(ac_queue_t *q, size_t pos) {
  size_t end = q->len_, start = pos, child = 2 * pos + 1;
  copy_slot(q, q->cap_, pos); /* the scratch slot holds the item */
  while (child < end) {
    size_t right = child + 1;
    if (right < end && !less(q, child, right)) child = right;
    copy_slot(q, pos, child);
    pos = child;
    child = 2 * pos + 1;
  }
  copy_slot(q, pos, q->cap_);
  sift_down(q, start, pos);
}

static void store(ac_queue_t *q, const void *item) {
  if (q->len_ == q->cap_) grow(q);
  if (q->kind_ == AC_QUEUE_FIFO) {
    memcpy(SLOT(q, (q->head_ + q->len_) % q->cap_), item, q->item_size_);
    q->len_++;
  } else {
    memcpy(SLOT(q, q->len_), item, q->item_size_);
    q->len_++;
    if (q->kind_ == AC_QUEUE_PRIORITY) sift_down(q, 0, q->len_ - 1);
  }
}

static void take(ac_queue_t *q, void *out) {
  switch (q->kind_) {
  case AC_QUEUE_FIFO:
    memcpy(out, SLOT(q, q->head_), q->item_size_);
    q->head_ = (q->head_ + 1) % q->cap_;
    q->len_--;
    break;
  case AC_QUEUE_LIFO:
    memcpy(out, SLOT(q, --q->len_), q->item_size_);
    break;
  default: /* heappop: the last item replaces the root and sifts */
    memcpy(out, SLOT(q, 0), q->item_size_);
    if (--q->len_ > 0) {
      copy_slot(q, 0, q->len_);
      sift_up(q, 0);
    }
    break;
  }
}

/* ================= the queue ================= */

int ac_queue_init(ac_queue_t *q, size_t item_size, size_t maxsize, int kind,
                  ac_queue_cmp_fn cmp) {
  if (item_size == 0 || kind < AC_QUEUE_FIFO || kind > AC_QUEUE_PRIORITY ||
      (kind == AC_QUEUE_PRIORITY && cmp == NULL))
    return AC_EINVAL;
  memset(q, 0, sizeof *q);
  q->item_size_ = item_size;
  q->maxsize_ = maxsize;
  q->kind_ = kind;
  q->cmp_ = cmp;
  ac_event_init(&q->finished_);
  ac_event_set(&q->finished_);
  return 0;
}

int ac_queue_destroy(ac_queue_t *q) {
  if (q->getters_.head != NULL || q->putters_.head != NULL ||
      ac_event_destroy(&q->finished_) != 0)
    return AC_EBUSY;
  ac__free(q->buf_);
  q->buf_ = NULL;
  q->cap_ = q->len_ = 0;
  return 0;
}

size_t ac_queue_size(const ac_queue_t *q) { return q->len_; }
size_t ac_queue_maxsize(const ac_queue_t *q) { return q->maxsize_; }
int ac_queue_empty(const ac_queue_t *q) { return q->len_ == 0; }
int ac_queue_full(const ac_queue_t *q) {
  return q->maxsize_ > 0 && q->len_ >= q->maxsize_;
}

/* Cancelled waiters left their list at once and woken ones when woken,
 * so the head is always the one to wake. */
static void wakeup_next(ac__wlist_t *l) {
  ac__waiter_t *w = l->head;
  if (w == NULL) return;
  ac__wlist_remove(w);
  ac__wait_wake(w);
}

int ac_queue_put_nowait(ac_queue_t *q, const void *item) {
  AC__DEBUG_THREAD("ac_queue_put_nowait");
  if (q->shutdown_) return AC_EQUEUE_SHUTDOWN;
  if (ac_queue_full(q)) return AC_EAGAIN;
  store(q, item);
  q->unfinished_++;
  ac_event_clear(&q->finished_);
  wakeup_next(&q->getters_);
  return 0;
}

int ac_queue_get_nowait(ac_queue_t *q, void *out) {
  AC__DEBUG_THREAD("ac_queue_get_nowait");
  if (q->len_ == 0) return q->shutdown_ ? AC_EQUEUE_SHUTDOWN : AC_EAGAIN;
  take(q, out);
  wakeup_next(&q->putters_);
  return 0;
}

int ac_queue_task_done(ac_queue_t *q) {
  if (q->unfinished_ == 0) return AC_EINVAL;
  if (--q->unfinished_ == 0) ac_event_set(&q->finished_);
  return 0;
}

/* Wakes every waiter of L; each re-checks the queue when it runs. */
static void wake_all(ac__wlist_t *l) {
  while (l->head != NULL) wakeup_next(l);
}

void ac_queue_shutdown(ac_queue_t *q, int immediate) {
  AC__DEBUG_THREAD("ac_queue_shutdown");
  q->shutdown_ = 1;
  if (immediate) { /* the dropped items count as done (asyncio 3.13) */
    size_t dropped = q->len_;
    q->len_ = q->head_ = 0;
    q->unfinished_ -= dropped < q->unfinished_ ? dropped : q->unfinished_;
    if (q->unfinished_ == 0) ac_event_set(&q->finished_);
  }
  wake_all(&q->getters_);
  wake_all(&q->putters_);
}

/* ================= put / get / join ================= */

typedef struct {
  ac_frame_t hdr;
  ac__waiter_t w;
  ac_queue_t *q;
  void *out;  /* get: where the item goes */
  _Alignas(max_align_t) char item[]; /* put: the item's copy */
} queue_frame_t;

/* Parks F on L (a fresh future each round, as asyncio's loop makes). */
static int park(queue_frame_t *F, ac__wlist_t *l) {
  F->w.unlink_on_cancel = 1;
  ac__wait_park(&F->w, l);
  F->hdr.state = 1;
  return AC__SUSPENDED;
}

static int queue_put_resume(ac_frame_t *hdr) {
  queue_frame_t *F = (queue_frame_t *)(void *)hdr;
  ac_queue_t *q = F->q;
  if (hdr->state == 1 && hdr->err != 0) {
    /* Woken (a slot was freed for us) and cancelled: hand the slot on. */
    if (!ac_queue_full(q) && F->w.state == AC__WS_WOKEN)
      wakeup_next(&q->putters_);
    return AC__DONE;
  }
  if (ac_queue_full(q) && !q->shutdown_) return park(F, &q->putters_);
  hdr->err = ac_queue_put_nowait(q, F->item);
  return AC__DONE;
}

static int queue_get_resume(ac_frame_t *hdr) {
  queue_frame_t *F = (queue_frame_t *)(void *)hdr;
  ac_queue_t *q = F->q;
  if (hdr->state == 1 && hdr->err != 0) {
    /* Woken (an item came for us) and cancelled: hand the item on. */
    if (!ac_queue_empty(q) && F->w.state == AC__WS_WOKEN)
      wakeup_next(&q->getters_);
    return AC__DONE;
  }
  if (ac_queue_empty(q) && !q->shutdown_) return park(F, &q->getters_);
  hdr->err = ac_queue_get_nowait(q, F->out);
  return AC__DONE;
}

static const ac__fninfo_t put_info = {"ac_queue_put", "<asyncc runtime>", 0,
                                      queue_put_resume, sizeof(queue_frame_t),
                                      _Alignof(queue_frame_t), NULL};
static const ac__fninfo_t get_info = {"ac_queue_get", "<asyncc runtime>", 0,
                                      queue_get_resume, sizeof(queue_frame_t),
                                      _Alignof(queue_frame_t), NULL};

int ac__await_queue_put(ac_frame_t *frame, ac_queue_t *q, const void *item) {
  queue_frame_t *F;
  if (!ac_queue_full(q)) {
    frame->err = ac_queue_put_nowait(q, item);
    return 0;
  }
  F = (queue_frame_t *)(void *)ac__op_frame(&put_info, q->item_size_);
  F->q = q;
  memcpy(F->item, item, q->item_size_);
  return ac__await_call(frame, &F->hdr);
}

int ac__await_queue_get(ac_frame_t *frame, ac_queue_t *q, void *out) {
  queue_frame_t *F;
  if (!ac_queue_empty(q)) {
    frame->err = ac_queue_get_nowait(q, out);
    return 0;
  }
  F = (queue_frame_t *)(void *)ac__op_frame(&get_info, 0);
  F->q = q;
  F->out = out;
  return ac__await_call(frame, &F->hdr);
}

int ac__await_queue_join(ac_frame_t *frame, ac_queue_t *q) {
  if (q->unfinished_ == 0) {
    frame->err = 0;
    return 0;
  }
  return ac__await_event_wait(frame, &q->finished_);
}
