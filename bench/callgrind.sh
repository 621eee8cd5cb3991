#!/usr/bin/env bash
# callgrind.sh - instructions per operation (per task for W1 and W7, per
# message for W3), the stable figure on a noisy VM (BENCH-SPEC.md,
# "Instruction counts").
#
#   bench/callgrind.sh [-d BUILDDIR] [-w WORKLOAD] [PEER...]
#       WORKLOAD: W1 (default), W3 or W7; peers: asyncc libuv cxx20
#       (default all three)
#
# Runs each peer's workload under valgrind --tool=callgrind at n = 100,000
# (BENCH_SCALE 0.1 for W1 and W3, whose n is 1M; 1 for W7, whose n is
# 100k) and at n = 1, and prints the marginal count
# (Ir(n) - Ir(1)) / (n - 1), which leaves out process start-up and loop
# set-up. The peers must have been built by run.sh (BUILDDIR/bench/).
# Prints one line per peer: peer, Ir(1), Ir(n), Ir per operation.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$here/.." && pwd)/build
w=W1
while getopts "d:w:h" opt; do
  case $opt in
    d) build=$(cd "$OPTARG" && pwd) ;;
    w) w=$OPTARG ;;
    *) echo "usage: $0 [-d BUILDDIR] [-w W1|W3|W7] [PEER...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- asyncc libuv cxx20
case $w in
  W1|W3) scale=0.1 ;;
  W7) scale=1 ;;
  *) echo "callgrind.sh: workload $w not measured (W1, W3, W7)" >&2; exit 2 ;;
esac
n=100000

command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Ir of one run: the "I refs" summary line of callgrind.
ir() { # scale program
  BENCH_SCALE=$1 valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
    "$2" "$w" >"$tmp/stdout" 2>"$tmp/stderr" || {
    echo "callgrind.sh: $2 $w failed at scale $1" >&2; cat "$tmp/stderr" >&2; exit 1; }
  grep -q "^RESULT $w " "$tmp/stdout" || { echo "callgrind.sh: no RESULT line" >&2; exit 1; }
  sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$tmp/stderr" | tr -d ,
}

printf '%-8s %-4s %14s %14s %10s\n' peer work 'Ir(n=1)' "Ir(n=$n)" 'Ir/op'
for peer in "$@"; do
  prog=$build/bench/$peer-bench
  [ -x "$prog" ] || { echo "callgrind.sh: $prog missing (run bench/run.sh first)" >&2; exit 1; }
  one=$(ir 0.000001 "$prog")
  big=$(ir "$scale" "$prog")
  per=$(awk -v a="$big" -v b="$one" -v n="$n" 'BEGIN{printf "%.1f", (a-b)/(n-1)}')
  printf '%-8s %-4s %14s %14s %10s\n' "$peer" "$w" "$one" "$big" "$per"
done
