// bench.cpp - the C++20 coroutine peer of the benchmarks (W1, W3, W7): the
// bound for compiler-generated state machines with a minimal scheduler.
//
//   cxx20-bench W1|W3|W7
//
// Takes BENCH_SCALE like every peer and prints the spec's RESULT line
// (BENCH-SPEC.md); a wrong answer prints WRONG ANSWER and exits 2.
// The scheduler is a FIFO of coroutine handles drained to empty (no I/O
// loop), plus, for W7, a binary heap of timers (a removed timer leaves the
// heap at once) and a nanosleep until the earliest deadline when nothing
// is ready. Waking a task appends it to the FIFO; nothing runs inline.
// Build: g++ -O2 -std=c++20 (no -march=native, no LTO).
#include <coroutine>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/resource.h>

namespace {

long scaled(long n) {
  const char *s = std::getenv("BENCH_SCALE");
  double f = s ? std::atof(s) : 1.0;
  long v = (long)std::floor((double)n * f + 0.5);
  return v < 1 ? 1 : v;
}

long peak_rss_kb() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

double now_s() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

[[noreturn]] void wrong(const char *what) {
  std::fprintf(stderr, "WRONG ANSWER: %s\n", what);
  std::exit(2);
}

// ---- the scheduler ----------------------------------------------------------

// The ready FIFO: a ring of handles that doubles when full.
class Fifo {
 public:
  void push(std::coroutine_handle<> h) {
    if (len_ == ring_.size()) grow();
    ring_[(head_ + len_++) & (ring_.size() - 1)] = h;
  }
  bool empty() const { return len_ == 0; }
  std::coroutine_handle<> pop() {
    std::coroutine_handle<> h = ring_[head_];
    head_ = (head_ + 1) & (ring_.size() - 1);
    len_--;
    return h;
  }

 private:
  void grow() {
    std::vector<std::coroutine_handle<>> bigger(ring_.empty() ? 64 : ring_.size() * 2);
    for (size_t i = 0; i < len_; i++) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_ = std::move(bigger);
    head_ = 0;
  }
  std::vector<std::coroutine_handle<>> ring_;
  size_t head_ = 0, len_ = 0;
};

// A timer in the heap; fire() runs when it is due, unless removed first.
struct Timer {
  double deadline = 0;
  size_t idx = SIZE_MAX;  // its heap slot, SIZE_MAX when not in the heap
  virtual void fire() = 0;
  virtual ~Timer() = default;
};

class TimerHeap {
 public:
  bool empty() const { return a_.empty(); }
  Timer *top() const { return a_[0]; }
  void push(Timer *t) {
    a_.push_back(t);
    up(a_.size() - 1);
  }
  void remove(Timer *t) {
    size_t i = t->idx;
    t->idx = SIZE_MAX;
    Timer *last = a_.back();
    a_.pop_back();
    if (last == t) return;
    a_[i] = last;
    last->idx = i;
    up(i);
    down(last->idx);
  }

 private:
  void set(size_t i, Timer *t) {
    a_[i] = t;
    t->idx = i;
  }
  void up(size_t i) {
    Timer *t = a_[i];
    while (i > 0 && t->deadline < a_[(i - 1) / 2]->deadline) {
      set(i, a_[(i - 1) / 2]);
      i = (i - 1) / 2;
    }
    set(i, t);
  }
  void down(size_t i) {
    Timer *t = a_[i];
    for (;;) {
      size_t c = 2 * i + 1;
      if (c >= a_.size()) break;
      if (c + 1 < a_.size() && a_[c + 1]->deadline < a_[c]->deadline) c++;
      if (!(a_[c]->deadline < t->deadline)) break;
      set(i, a_[c]);
      i = c;
    }
    set(i, t);
  }
  std::vector<Timer *> a_;
};

Fifo ready;
TimerHeap timers;
long live_tasks;

// Runs until nothing is ready and no timer is set.
void run() {
  for (;;) {
    while (!ready.empty()) ready.pop().resume();
    if (timers.empty()) return;
    double now = now_s();
    if (timers.top()->deadline > now) {
      double s = timers.top()->deadline - now;
      struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
      nanosleep(&ts, nullptr);
      now = now_s();
    }
    while (!timers.empty() && timers.top()->deadline <= now) {
      Timer *t = timers.top();
      timers.remove(t);
      t->fire();
    }
  }
}

// ---- tasks ------------------------------------------------------------------

// A task returning T: created suspended, started by spawn(), awaited by at
// most one other task, which its end appends to the FIFO. The frame goes
// when the Task object does.
template <class T>
class Task {
 public:
  struct promise_type {
    T value{};
    bool done = false;
    std::coroutine_handle<> waiter;
    Timer *sleeping = nullptr;  // the timer it waits on (W7's sleep)
    bool cancelled = false;

    promise_type() { live_tasks++; }
    ~promise_type() { live_tasks--; }
    Task get_return_object() { return Task(Handle::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        promise_type &p = h.promise();
        p.done = true;
        if (p.waiter) ready.push(p.waiter);
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::terminate(); }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task &operator=(Task &&o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~Task() {
    if (h_) h_.destroy();
  }

  void spawn() { ready.push(h_); }
  promise_type &promise() const { return h_.promise(); }

  bool await_ready() const { return h_.promise().done; }
  void await_suspend(std::coroutine_handle<> w) { h_.promise().waiter = w; }
  T await_resume() const { return h_.promise().value; }

  // `co_await task` (an lvalue: the Task keeps its frame).
  struct Awaiter {
    const Task *t;
    bool await_ready() const { return t->await_ready(); }
    void await_suspend(std::coroutine_handle<> w) { t->h_.promise().waiter = w; }
    T await_resume() const { return t->await_resume(); }
  };
  Awaiter operator co_await() const { return Awaiter{this}; }

 private:
  Handle h_;
};

// ---- W1: spawn + gather n trivial tasks ---------------------------------------

struct Bench {
  long n = 0, sum = 0;
  double t0 = 0;
} bench;

Task<long> dbl(long i) { co_return 2 * i; }

Task<long> w1_main() {
  long n = bench.n;
  std::vector<Task<long>> tasks;
  tasks.reserve((size_t)n);
  for (long i = 0; i < n; i++) {
    tasks.push_back(dbl(i));
    tasks.back().spawn();
  }
  long sum = 0;
  for (long i = 0; i < n; i++) sum += co_await tasks[(size_t)i];
  tasks.clear();  // the frames go, inside the timed region
  co_return sum;
}

// ---- W3: n messages through a capacity-1 queue ----------------------------------

// A one-slot channel with asyncio.Queue(maxsize=1)'s protocol: a full put
// or an empty get parks its task; the other side appends it to the FIFO,
// and it re-checks when it runs.
class Channel {
 public:
  bool full() const { return full_; }
  void put_nowait(long v) {
    item_ = v;
    full_ = true;
    wake(getter_);
  }
  long get_nowait() {
    full_ = false;
    wake(putter_);
    return item_;
  }
  struct Park {
    std::coroutine_handle<> *slot;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept { *slot = h; }
    void await_resume() const noexcept {}
  };
  Park wait_not_full() { return Park{&putter_}; }
  Park wait_not_empty() { return Park{&getter_}; }

 private:
  static void wake(std::coroutine_handle<> &slot) {
    if (slot) {
      ready.push(slot);
      slot = nullptr;
    }
  }
  bool full_ = false;
  long item_ = 0;
  std::coroutine_handle<> getter_, putter_;
};

Task<long> producer(Channel &ch, long n) {
  for (long i = 0; i < n; i++) {
    while (ch.full()) co_await ch.wait_not_full();
    ch.put_nowait(i);
  }
  co_return 0;
}

Task<long> consumer(Channel &ch, long n) {
  long sum = 0;
  for (long i = 0; i < n; i++) {
    while (!ch.full()) co_await ch.wait_not_empty();
    sum += ch.get_nowait();
  }
  co_return sum;
}

Task<long> w3_main() {
  Channel ch;
  Task<long> p = producer(ch, bench.n), c = consumer(ch, bench.n);
  p.spawn();
  c.spawn();
  co_await p;
  co_return co_await c;
}

// ---- W7: n timeouts that win ---------------------------------------------------

// The sleep's own timer: when due, the sleeping task is appended to the FIFO.
struct SleepTimer final : Timer {
  std::coroutine_handle<> h;
  void fire() override { ready.push(h); }
};

struct Sleep {
  double seconds;
  SleepTimer timer;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<Task<long>::promise_type> h) {
    timer.h = h;
    timer.deadline = now_s() + seconds;
    h.promise().sleeping = &timer;
    timers.push(&timer);
  }
  void await_resume() const noexcept {}
};

long sleeps_completed;

// Ends when its timer fires or when cancel_sleep wakes it (its promise
// then says cancelled).
Task<long> sleep_task(double seconds) {
  co_await Sleep{seconds, {}};
  co_return 0;
}

// Cancelling a sleeping task: its timer leaves the heap and it is woken.
void cancel_sleep(Task<long> &t) {
  auto &p = t.promise();
  if (p.done || p.cancelled) return;
  p.cancelled = true;
  if (p.sleeping != nullptr && p.sleeping->idx != SIZE_MAX) {
    timers.remove(p.sleeping);
    ready.push(std::coroutine_handle<Task<long>::promise_type>::from_promise(p));
  }
}

// wait_for(t, seconds): resumes when T has finished; if the deadline came
// first, T was cancelled then, and the result says it timed out.
struct WaitFor final : Timer {
  Task<long> &t;
  bool timed_out = false;
  WaitFor(Task<long> &task, double seconds) : t(task) { deadline = now_s() + seconds; }
  void fire() override {
    timed_out = true;
    cancel_sleep(t);
  }
  bool await_ready() const { return t.await_ready(); }
  void await_suspend(std::coroutine_handle<> h) {
    t.await_suspend(h);
    timers.push(this);
  }
  bool await_resume() {
    if (idx != SIZE_MAX) timers.remove(this);
    return timed_out && t.promise().cancelled;
  }
};

Task<long> timed_out() {
  Task<long> s = sleep_task(10.0);
  s.spawn();
  bool to = co_await WaitFor(s, 0.05);
  if (!to) sleeps_completed++;
  co_return to ? 1 : 0;
}

Task<long> w7_main() {
  long n = bench.n;
  std::vector<Task<long>> tasks;
  tasks.reserve((size_t)n);
  for (long i = 0; i < n; i++) {
    tasks.push_back(timed_out());
    tasks.back().spawn();
  }
  long timeouts = 0;
  for (long i = 0; i < n; i++) timeouts += co_await tasks[(size_t)i];
  tasks.clear();
  co_return timeouts;
}

long run_main(Task<long> (*body)()) {
  long result;
  {
    Task<long> m = body();
    m.spawn();
    run();
    if (!m.promise().done) wrong("main task not done");
    result = m.promise().value;
  }
  return result;
}

}  // namespace

int main(int argc, char **argv) {
  std::string_view w = argc == 2 ? argv[1] : "";
  if (w == "W1") {
    bench.n = scaled(1000000);
    bench.t0 = now_s();
    long sum = run_main(w1_main);
    double wall = now_s() - bench.t0;
    long n = bench.n;
    if (sum != n * (n - 1)) wrong("sum != n*(n-1)");
    std::printf("RESULT W1 cxx20 wall_s=%.6f peak_rss_kb=%ld n=%ld ns_per_task=%.1f sum=%ld\n",
                wall, peak_rss_kb(), n, wall / (double)n * 1e9, sum);
  } else if (w == "W3") {
    bench.n = scaled(1000000);
    bench.t0 = now_s();
    long sum = run_main(w3_main);
    double wall = now_s() - bench.t0;
    long n = bench.n;
    if (sum != n * (n - 1) / 2) wrong("sum != n*(n-1)/2");
    std::printf("RESULT W3 cxx20 wall_s=%.6f peak_rss_kb=%ld n=%ld ns_per_msg=%.1f sum=%ld\n",
                wall, peak_rss_kb(), n, wall / (double)n * 1e9, sum);
  } else if (w == "W7") {
    bench.n = scaled(100000);
    long baseline = peak_rss_kb();
    bench.t0 = now_s();
    long timeouts = run_main(w7_main);
    double wall = now_s() - bench.t0;
    long n = bench.n;
    if (timeouts != n) wrong("timeouts != n");
    if (sleeps_completed != 0) wrong("a sleep completed");
    if (live_tasks != 0 || !timers.empty()) wrong("tasks or timers left alive");
    std::printf("RESULT W7 cxx20 wall_s=%.6f peak_rss_kb=%ld n=%ld timeout_s=0.05 "
                "timeouts=%ld baseline_rss_kb=%ld\n",
                wall, peak_rss_kb(), n, timeouts, baseline);
  } else {
    std::fprintf(stderr, "usage: %s W1|W3|W7\n", argv[0]);
    return 2;
  }
  return 0;
}
