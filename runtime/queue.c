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
 * got there first. Unlike the other primitives of wait.h, a parked get or
 * put pushes no frame: its waiter is a record the driver hands back before
 * the task's next step (ac__opwait_t), kept in the awaiting frame's
 * ac_queue_wait_t (AC_AWAITABLE_WITH), so a message costs no frame, no
 * extra resume, and no allocation. A FIFO of small items takes a short
 * path written to need no call (below). After ac_queue_shutdown (3.13) the
 * same re-check fails the waiter instead of parking it: the nowait calls
 * say why.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <limits.h>
#include <string.h>

#include "wait.h"

/* ================= storage ================= */

#define SLOT(q, i) ((q)->buf_ + (i) * (q)->item_size_)

/* memcpy of one item; a word-sized item (a W3 message) is copied inline
 * rather than through a call. */
static inline void copy_item(void *to, const void *from, size_t size) {
  if (size == sizeof(long))
    memcpy(to, from, sizeof(long));
  else
    memcpy(to, from, size);
}

/* The item sizes of queue.c's short path (ac_queue_t.fast_). */
static inline int small_item(size_t size) {
  return size == 8 || size == 4 || size == 16 || size == 2 || size == 1;
}

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
    size_t i = q->head_ + q->len_;
    copy_item(SLOT(q, i < q->cap_ ? i : i - q->cap_), item, q->item_size_);
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
    copy_item(out, SLOT(q, q->head_), q->item_size_);
    if (++q->head_ == q->cap_) q->head_ = 0;
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

/* The wait kind of a parked get or put (below). */
static void queue_wait_cancel(ac_task_t *t);
static void queue_wait_describe(const ac_task_t *t, ac__describe_t *d);
static ac__waitops_t queue_wait_ops = {"waiting", queue_wait_cancel, NULL, 0,
                                       queue_wait_describe};

int ac_queue_init(ac_queue_t *q, size_t item_size, size_t maxsize, int kind,
                  ac_queue_cmp_fn cmp) {
  if (item_size == 0 || kind < AC_QUEUE_FIFO || kind > AC_QUEUE_PRIORITY ||
      (kind == AC_QUEUE_PRIORITY && cmp == NULL))
    return AC_EINVAL;
  /* here, so that a park needs no check (kinds are never unregistered) */
  if (queue_wait_ops.kind_ == 0) ac__kind_register(&queue_wait_ops);
  memset(q, 0, sizeof *q);
  q->item_size_ = item_size;
  q->maxsize_ = maxsize;
  q->kind_ = kind;
  q->cmp_ = cmp;
  q->fast_ = kind == AC_QUEUE_FIFO && small_item(item_size);
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

/* The public predicates' bodies, inline for put and get. */
static inline int is_full(const ac_queue_t *q) {
  return q->maxsize_ > 0 && q->len_ >= q->maxsize_;
}
static inline int is_empty(const ac_queue_t *q) { return q->len_ == 0; }

size_t ac_queue_size(const ac_queue_t *q) { return q->len_; }
size_t ac_queue_maxsize(const ac_queue_t *q) { return q->maxsize_; }
int ac_queue_empty(const ac_queue_t *q) { return is_empty(q); }
int ac_queue_full(const ac_queue_t *q) { return is_full(q); }

/* Cancelled waiters left their list at once and woken ones when woken,
 * so the head is always the one to wake. */
static inline void wakeup_next(ac__wlist_t *l) {
  ac__waiter_t *w = l->head;
  if (w == NULL) return;
  /* ac__wlist_remove of the head */
  l->head = w->next;
  if (w->next != NULL)
    w->next->prev = NULL;
  else
    l->tail = NULL;
  w->next = NULL;
  w->list = NULL;
  ac__wait_wake(w);
}

/* put_nowait and get_nowait on a queue known not full / not empty; a
 * FIFO with room is stored and taken here, inline. */
static inline void put_now(ac_queue_t *q, const void *item) {
  if (q->kind_ == AC_QUEUE_FIFO && q->len_ < q->cap_) {
    size_t i = q->head_ + q->len_++;
    copy_item(SLOT(q, i < q->cap_ ? i : i - q->cap_), item, q->item_size_);
  } else {
    store(q, item);
  }
  q->unfinished_++;
  q->finished_.set_ = 0; /* ac_event_clear, which wakes nobody */
  wakeup_next(&q->getters_);
}

static inline void get_now(ac_queue_t *q, void *out) {
  if (q->kind_ == AC_QUEUE_FIFO) {
    copy_item(out, SLOT(q, q->head_), q->item_size_);
    if (++q->head_ == q->cap_) q->head_ = 0;
    q->len_--;
  } else {
    take(q, out);
  }
  wakeup_next(&q->putters_);
}

int ac_queue_put_nowait(ac_queue_t *q, const void *item) {
  AC__DEBUG_THREAD("ac_queue_put_nowait");
  if (q->shutdown_) return AC_EQUEUE_SHUTDOWN;
  if (is_full(q)) return AC_EAGAIN;
  put_now(q, item);
  return 0;
}

int ac_queue_get_nowait(ac_queue_t *q, void *out) {
  AC__DEBUG_THREAD("ac_queue_get_nowait");
  if (is_empty(q)) return q->shutdown_ ? AC_EQUEUE_SHUTDOWN : AC_EAGAIN;
  get_now(q, out);
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
  q->fast_ = 0; /* the general path says why an await fails */
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

/* A parked get or put keeps no frame (ac__opwait_t, internal.h): its
 * record is the waiter, and the task resumes the awaiting frame directly
 * once FINISH has re-checked the queue, as asyncio's get() and put() do
 * after their future's wake-up. */
typedef struct {
  ac__opwait_t op; /* first: u.wait.on points here */
  ac__waiter_t w;
  ac_queue_t *q;
  void *out;      /* get: where the item goes */
  unsigned slab;  /* the record's size class in slab.c, or IN_FRAME */
  _Alignas(max_align_t) char item[]; /* put: the item's copy */
} queue_wait_t;
/* The record is the awaiting frame's ac_queue_wait_t (no allocation). */
#define IN_FRAME UINT_MAX
_Static_assert(sizeof(queue_wait_t) < sizeof(ac_queue_wait_t) &&
               _Alignof(queue_wait_t) <= _Alignof(ac_queue_wait_t),
               "a frame's ac_queue_wait_t holds the record and a small item");

/* Parks the running task T on R, at the back of L (a fresh future each
 * time, as asyncio's loop makes). */
static void park(ac_task_t *t, queue_wait_t *r, ac__wlist_t *l) {
  r->w.task = t;
  r->w.state = AC__WS_PENDING;
  ac__wlist_append(l, &r->w);
  t->wait = queue_wait_ops.kind_; /* ac__park_on; registered by ac_queue_init */
  t->u.wait.on = r;
}

/* The await is over with ERR: its frame resumes with it. A failure other
 * than a cancellation enters user code here (debug.c's note, as the
 * driver makes it for a runtime frame's failure). */
static int finish_with(ac_task_t *t, queue_wait_t *r, int err, const char *via) {
  ac_frame_t *user = t->top;
  user->err = err;
  if (err != 0 && err != AC_ECANCELED && user->info->lines != NULL)
    ac__note_failure(t, user, err, via);
  t->flags &= (uint16_t)~AC__F_OPWAIT;
  if (r->slab != IN_FRAME) ac__slab_free(r, r->slab);
  return 1;
}

static AC__NOINLINE int put_finish_general(ac_task_t *t, ac__opwait_t *op, int err) {
  queue_wait_t *r = (queue_wait_t *)(void *)op;
  ac_queue_t *q = r->q;
  if (err != 0) {
    /* Woken (a slot was freed for us) and cancelled: hand the slot on. */
    if (!is_full(q) && r->w.state == AC__WS_WOKEN) wakeup_next(&q->putters_);
  } else if (q->shutdown_) {
    err = AC_EQUEUE_SHUTDOWN;
  } else if (is_full(q)) { /* another task took the slot first */
    park(t, r, &q->putters_);
    return 0;
  } else {
    put_now(q, r->item);
  }
  return finish_with(t, r, err, "ac_queue_put");
}

static AC__NOINLINE int get_finish_general(ac_task_t *t, ac__opwait_t *op, int err) {
  queue_wait_t *r = (queue_wait_t *)(void *)op;
  ac_queue_t *q = r->q;
  if (err != 0) {
    /* Woken (an item came for us) and cancelled: hand the item on. */
    if (!is_empty(q) && r->w.state == AC__WS_WOKEN) wakeup_next(&q->getters_);
  } else if (!is_empty(q)) {
    get_now(q, r->out);
  } else if (!q->shutdown_) { /* another task took the item first */
    park(t, r, &q->getters_);
    return 0;
  } else {
    err = AC_EQUEUE_SHUTDOWN;
  }
  return finish_with(t, r, err, "ac_queue_get");
}

/* ---- the short path ----
 * A FIFO queue of items of 1, 2, 4, 8 or 16 bytes (ac_queue_t.fast_: set
 * by ac_queue_init, cleared by ac_queue_shutdown), awaited from a frame
 * that keeps the wait's record, out of debug mode: the common case, done
 * here with no call, so that it saves no registers. Anything else takes
 * the general path (put_general, put_finish_general...), which does the
 * same with every check. */

/* An item of a size small_item accepts, copied with no call. */
static inline void copy_small(void *to, const void *from, size_t size) {
  if (size == 8)
    memcpy(to, from, 8);
  else if (size == 4)
    memcpy(to, from, 4);
  else if (size == 16)
    memcpy(to, from, 16);
  else if (size == 2)
    memcpy(to, from, 2);
  else
    memcpy(to, from, 1);
}

/* put_now on a short-path queue with room in its buffer. */
static inline void put_small(ac_queue_t *q, const void *item) {
  size_t i = q->head_ + q->len_++;
  copy_small(SLOT(q, i < q->cap_ ? i : i - q->cap_), item, q->item_size_);
  q->unfinished_++;
  q->finished_.set_ = 0; /* ac_event_clear, which wakes nobody */
  wakeup_next(&q->getters_);
}

/* get_now on a short-path queue that is not empty. */
static inline void get_small(ac_queue_t *q, void *out) {
  copy_small(out, SLOT(q, q->head_), q->item_size_);
  if (++q->head_ == q->cap_) q->head_ = 0;
  q->len_--;
  wakeup_next(&q->putters_);
}

/* The running task parks on record R (in its frame, or from the slab) at
 * the back of L, its finish FINISH; OUT: where a get's item goes. */
static inline int park_record(queue_wait_t *r, ac_queue_t *q, ac__wlist_t *l, void *out,
                              int (*finish)(ac_task_t *, ac__opwait_t *, int)) {
  ac_task_t *t = ac__L.current;
  r->op.finish = finish;
  r->q = q;
  r->out = out;
  r->w.unlink_on_cancel = 1;
  park(t, r, l);
  t->flags |= AC__F_OPWAIT;
  return 1;
}

/* The short path's end of a wait: the frame resumes with no error. */
static inline int finish_small(ac_task_t *t) {
  t->top->err = 0;
  t->flags &= (uint16_t)~AC__F_OPWAIT;
  return 1;
}

static int put_finish(ac_task_t *t, ac__opwait_t *op, int err) {
  queue_wait_t *r = (queue_wait_t *)(void *)op;
  ac_queue_t *q = r->q;
  if (err != 0 || !q->fast_ || r->slab != IN_FRAME || is_full(q) || q->len_ >= q->cap_)
    return put_finish_general(t, op, err);
  put_small(q, r->item);
  return finish_small(t);
}

static int get_finish(ac_task_t *t, ac__opwait_t *op, int err) {
  queue_wait_t *r = (queue_wait_t *)(void *)op;
  ac_queue_t *q = r->q;
  if (err != 0 || !q->fast_ || r->slab != IN_FRAME || is_empty(q))
    return get_finish_general(t, op, err);
  get_small(q, r->out);
  return finish_small(t);
}

/* Cancelled while parked: asyncio drops a queue's cancelled waiter from
 * its list at once; the task's finish sees the cancellation. */
static void queue_wait_cancel(ac_task_t *t) {
  queue_wait_t *r = ac__parked_on(t);
  r->w.state = AC__WS_CANCELLED;
  ac__wlist_remove(&r->w);
  ac__wake(t, AC_ECANCELED);
}

/* "in ac_queue_get, 2 waiter(s) ahead", as ac__waiter_describe says it of
 * a wait in a runtime frame. */
static void queue_wait_describe(const ac_task_t *t, ac__describe_t *d) {
  const queue_wait_t *r = ac__parked_on(t);
  size_t ahead = 0;
  for (const ac__waiter_t *o = r->w.list != NULL ? r->w.list->head : NULL;
       o != NULL && o != &r->w; o = o->next)
    ahead++;
  ac__describe_printf(d, "in %s", r->op.finish == get_finish ? "ac_queue_get"
                                                             : "ac_queue_put");
  if (ahead > 0) ac__describe_printf(d, ", %zu waiter(s) ahead", ahead);
}

/* The record for a wait with ITEM (NULL for a get): STATE, the awaiting
 * frame's storage, when there is one and the item fits in it; else one
 * from the slab. */
static queue_wait_t *new_record(ac_queue_wait_t *state, const ac_queue_t *q, const void *item) {
  size_t size = sizeof(queue_wait_t) + (item != NULL ? q->item_size_ : 0);
  unsigned cls;
  queue_wait_t *r;
  if (state != NULL && size <= sizeof *state) {
    r = (queue_wait_t *)(void *)state;
    r->slab = IN_FRAME;
  } else { /* 16-byte steps keep the item aligned for max_align_t (slab.c) */
    r = ac__slab_alloc_fast(AC__ALIGN_UP(size, 16), &cls);
    r->slab = cls;
  }
  if (item != NULL) copy_item(r->item, item, q->item_size_);
  return r;
}

static AC__NOINLINE int put_general(ac_frame_t *frame, ac_queue_wait_t *state, ac_queue_t *q,
                                    const void *item) {
  AC__DEBUG_THREAD("ac_queue_put");
  if (q->shutdown_) return ac__fail_now(frame, AC_EQUEUE_SHUTDOWN, "ac_queue_put");
  if (!is_full(q)) {
    frame->err = 0;
    put_now(q, item);
    return 0;
  }
  return park_record(new_record(state, q, item), q, &q->putters_, NULL, put_finish);
}

static AC__NOINLINE int get_general(ac_frame_t *frame, ac_queue_wait_t *state, ac_queue_t *q,
                                    void *out) {
  AC__DEBUG_THREAD("ac_queue_get");
  if (!is_empty(q)) {
    get_now(q, out);
    frame->err = 0;
    return 0;
  }
  if (q->shutdown_) /* empty and shut down: nothing will ever come */
    return ac__fail_now(frame, AC_EQUEUE_SHUTDOWN, "ac_queue_get");
  return park_record(new_record(state, q, NULL), q, &q->getters_, out, get_finish);
}

int ac__await_queue_put(ac_frame_t *frame, ac_queue_wait_t *state, ac_queue_t *q,
                        const void *item) {
  if (ac__L.debug || !q->fast_ || state == NULL) return put_general(frame, state, q, item);
  if (!is_full(q)) {
    if (q->len_ >= q->cap_) return put_general(frame, state, q, item); /* grows */
    put_small(q, item);
    frame->err = 0;
    return 0;
  }
  queue_wait_t *r = (queue_wait_t *)(void *)state;
  r->slab = IN_FRAME;
  copy_small(r->item, item, q->item_size_);
  return park_record(r, q, &q->putters_, NULL, put_finish);
}

int ac__await_queue_get(ac_frame_t *frame, ac_queue_wait_t *state, ac_queue_t *q, void *out) {
  if (ac__L.debug || !q->fast_ || state == NULL) return get_general(frame, state, q, out);
  if (!is_empty(q)) {
    get_small(q, out);
    frame->err = 0;
    return 0;
  }
  queue_wait_t *r = (queue_wait_t *)(void *)state;
  r->slab = IN_FRAME;
  return park_record(r, q, &q->getters_, out, get_finish);
}

int ac__await_queue_join(ac_frame_t *frame, ac_queue_t *q) {
  if (q->unfinished_ == 0) {
    frame->err = 0;
    return 0;
  }
  return ac__await_event_wait(frame, &q->finished_);
}
