#!/usr/bin/env bash
# test.sh - the whole test suite, as CI runs it (.ci/run).
#
#   1. gcc build   (build-gcc):   configure, build, ctest
#   2. clang build (build-clang): configure, build, ctest (all but csmith)
#   3. AddressSanitizer + UBSan build (build-asan, clang; gcc if no clang)
#   4. ThreadSanitizer on the pools (build-tsan): tests/runtime/tsan_pools.c,
#      a plain driver (Criterion's BoxFort cannot map its arena under TSan)
#   5. a short fuzz run, if tests/fuzz exists and clang has libFuzzer
# Every build is -Werror. Exits non-zero if any step failed, after running
# the rest, and ends with one summary line.
#
# Environment: JOBS (default: nproc), FUZZ_SECONDS (default 60).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-$(nproc)}
start=$(date +%s)

scripts/deps.sh

results=()
failed=0
step() { # step NAME CMD...: runs CMD, records the outcome
  local name=$1
  shift
  echo
  echo "==== $name"
  if "$@"; then
    results+=("ok:$name")
  else
    results+=("FAIL:$name")
    failed=$((failed + 1))
  fi
}

# CTEST_ARGS, when set, adds to the step's ctest command line.
build_and_test() { # build_and_test DIR CC [CMAKE ARGS...]
  local dir=$1 cc=$2
  shift 2
  cmake -S . -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug "$@" &&
    cmake --build "$dir" -j "$jobs" &&
    (cd "$dir" && ctest --output-on-failure -j "$jobs" ${CTEST_ARGS:-})
}

# The Python twins check the corpus, not the compiler: run them once.
step "gcc" build_and_test build-gcc gcc -DASYNCC_TEST_PYTHON=ON
if command -v clang >/dev/null; then
  # csmith runs in the gcc and sanitizer steps; a third compiler adds
  # little to it and over a minute to the whole command.
  CTEST_ARGS="-LE csmith" step "clang" build_and_test build-clang clang -DASYNCC_TEST_PYTHON=OFF
fi

san_cc=gcc
command -v clang >/dev/null && san_cc=clang
# detect_leaks: every task and frame must be freed by the time ac_run returns.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
step "asan+ubsan ($san_cc)" build_and_test build-asan "$san_cc" \
  -DASYNCC_SANITIZE=address,undefined -DASYNCC_TEST_PYTHON=OFF

# The pools' cross-thread paths (worker threads, the loop bridge, futures)
# under TSan. Built directly: one program, the runtime's sources and libuv.
tsan_pools() {
  mkdir -p build-tsan &&
    "$san_cc" -std=c11 -Wall -Wextra -pedantic -Werror -g -O1 \
      -fsanitize=thread -Iruntime -Itests/runtime runtime/*.c \
      tests/runtime/tsan_pools.c $(pkg-config --cflags --libs libuv) \
      -pthread -o build-tsan/tsan_pools &&
    TSAN_OPTIONS=halt_on_error=1 build-tsan/tsan_pools
}
step "tsan (pools)" tsan_pools

# Promises settled from other threads, through a bridge, under TSan: the
# translated e2e programs with the runtime's sources (promise_threads: four
# threads at once, and settlings refused on the loop thread).
tsan_promise_one() { # tsan_promise_one NAME
  build-gcc/asyncc "tests/e2e/$1.ac" -o "build-tsan/$1.c" &&
    "$san_cc" -std=c11 -Wall -Wextra -pedantic -Werror -g -O1 -fsanitize=thread \
      -Iruntime runtime/*.c "build-tsan/$1.c" $(pkg-config --cflags --libs libuv) \
      -pthread -o "build-tsan/$1" &&
    TSAN_OPTIONS=halt_on_error=1 "build-tsan/$1" | diff - "tests/e2e/$1.expected"
}
tsan_promise() {
  tsan_promise_one promise && tsan_promise_one promise_threads
}
step "tsan (promise)" tsan_promise

# ac_bytes_t across the pools under TSan: a job's copied captures and its
# result's ownership pass between the loop, slot and worker threads.
tsan_bytes() {
  tsan_promise_one offload_bytes_thread && tsan_promise_one offload_bytes_edge
}
step "tsan (bytes)" tsan_bytes

if [ -d tests/fuzz ]; then
  step "fuzz" scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
fi

end=$(date +%s)
echo
summary="${results[*]}"
if [ "$failed" -eq 0 ]; then
  echo "test.sh: ALL PASSED ($summary) in $((end - start)) s"
else
  echo "test.sh: $failed STEP(S) FAILED ($summary) in $((end - start)) s"
  exit 1
fi
