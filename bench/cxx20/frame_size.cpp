// frame_size.cpp - the C++20 coroutine frame of tests/e2e/frame_sizes.ac's
// many_locals, for README's comparison of frame sizes.
//
//   g++ -O2 -std=c++20 bench/cxx20/frame_size.cpp -o frame_size && ./frame_size
//
// The same function body, written as a C++20 coroutine over a minimal lazy
// task (symmetric transfer, no scheduler: step() finishes at once, which
// does not change many_locals' own frame). The promise's operator new is
// handed the frame size the compiler chose; the program prints it and the
// function's results (which must equal the .ac program's: 131 and 56).
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace {

std::size_t last_frame_size;

template <class T>
struct Task {
  struct promise_type {
    T value{};
    std::coroutine_handle<> waiter;
    static void *operator new(std::size_t n) {
      last_frame_size = n;
      void *p = std::malloc(n);
      if (!p) throw std::bad_alloc();
      return p;
    }
    static void operator delete(void *p) { std::free(p); }
    Task get_return_object() {
      return Task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        auto w = h.promise().waiter;
        return w ? w : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::abort(); }
  };
  std::coroutine_handle<promise_type> h;
  explicit Task(std::coroutine_handle<promise_type> h) : h(h) {}
  Task(Task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~Task() {
    if (h) h.destroy();
  }
  bool await_ready() { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> w) {
    h.promise().waiter = w;
    return h;
  }
  T await_resume() { return h.promise().value; }
  T run() { // drives a task that awaits only other tasks of this kind
    h.resume();
    return h.promise().value;
  }
};

Task<int> step(int x) { co_return x + 1; }

Task<int> many_locals(int n) {
  int total = 0;
  {
    int a = n * 2, b = a + 3;
    double d = a / 2.0;
    char digits[32];
    std::snprintf(digits, sizeof digits, "%d", b);
    total += a + b + (int)d + (int)std::strlen(digits);
  }
  total += co_await step(total);
  {
    long p = total, q = p * p;
    int parts[16];
    for (int i = 0; i < 16; i++) parts[i] = (int)(q % (i + 1));
    for (int i = 0; i < 16; i++) total += parts[i];
  }
  if (n > 0) {
    int w[8] = {0};
    w[n % 8] = co_await step(n);
    total += w[n % 8];
  } else {
    double z[4];
    z[0] = co_await step(n);
    total += (int)z[0];
  }
  for (int i = 0; i < n; i++) {
    int square = i * i;
    char text[24];
    std::snprintf(text, sizeof text, "%d", square);
    total += (int)std::strlen(text);
    total += co_await step(i);
  }
  co_return total;
}

} // namespace

int main() {
  // called through a volatile pointer: clang would otherwise inline the
  // ramp and put the frame on main's stack (HALO), allocating nothing
  Task<int> (*volatile start)(int) = many_locals;
  Task<int> t5 = start(5);
  std::size_t size = last_frame_size;
  int r5 = t5.run();
  Task<int> t0 = start(0);
  int r0 = t0.run();
  std::printf("C++20 frame of many_locals: %zu bytes (results %d %d)\n", size, r5, r0);
  return r5 == 131 && r0 == 56 ? 0 : 1;
}
