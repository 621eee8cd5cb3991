#!/usr/bin/env bash
# fuzz.sh - a short libFuzzer run of every harness in tests/fuzz/.
#
#   scripts/fuzz.sh [SECONDS]      (default 60 s per harness)
#
# Builds build-fuzz with clang (-fsanitize=fuzzer-no-link,address,undefined
# on the translator), seeds the corpus with every .ac/.ah in the tests and
# samples, and runs each harness for SECONDS. A crash leaves its input in
# build-fuzz/fuzz-<name>/ and fails the script.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-60}
build="build-fuzz"

if ! command -v clang >/dev/null; then
  echo "fuzz.sh: clang not found, skipping" >&2
  exit 0
fi
shopt -s nullglob
harnesses=(tests/fuzz/*.c)
if [ ${#harnesses[@]} -eq 0 ]; then
  echo "fuzz.sh: no harness in tests/fuzz, nothing to do"
  exit 0
fi

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
  -DASYNCC_FUZZ=ON -DASYNCC_BUILD_SAMPLES=OFF \
  -DASYNCC_SANITIZE=fuzzer-no-link,address,undefined >/dev/null

seeds=$build/fuzz-seeds
mkdir -p "$seeds"
for f in tests/e2e/*.ac tests/golden/*/*.ac tests/golden/*.ac samples/*.ac samples/*.ah; do
  cp "$f" "$seeds/"
done

for h in "${harnesses[@]}"; do
  name=$(basename "$h" .c)
  cmake --build "$build" --target "fuzz_$name" -j "$(nproc)"
  out=$build/fuzz-$name
  mkdir -p "$out/corpus"
  echo "fuzz.sh: $name for $seconds s"
  (cd "$out" && "../fuzz_$name" -max_total_time="$seconds" -max_len=65536 \
     -print_final_stats=1 corpus "../fuzz-seeds")
done
echo "fuzz.sh: no crash"
