#!/usr/bin/env bash
# callgrind.sh - instructions per task for W1 (spawn + gather), the stable
# figure on a noisy VM (BENCH-SPEC.md, "Instruction counts").
#
#   bench/callgrind.sh [-d BUILDDIR] [PEER...]     # peers: asyncc libuv (default both)
#
# Runs each peer's W1 under valgrind --tool=callgrind at BENCH_SCALE=0.1
# (n = 100,000) and at n = 1 (BENCH_SCALE=0.000001), and prints the
# marginal count (Ir(n) - Ir(1)) / (n - 1), which leaves out process
# start-up and loop set-up. The peers must have been built by run.sh
# (BUILDDIR/bench/).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$here/.." && pwd)/build
while getopts "d:h" opt; do
  case $opt in
    d) build=$(cd "$OPTARG" && pwd) ;;
    *) echo "usage: $0 [-d BUILDDIR] [PEER...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- asyncc libuv

command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Ir of one run: the "I refs" summary line of callgrind.
ir() { # scale program
  BENCH_SCALE=$1 valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
    "$2" W1 >"$tmp/stdout" 2>"$tmp/stderr" || {
    echo "callgrind.sh: $2 W1 failed at scale $1" >&2; cat "$tmp/stderr" >&2; exit 1; }
  grep -q '^RESULT W1 ' "$tmp/stdout" || { echo "callgrind.sh: no RESULT line" >&2; exit 1; }
  sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$tmp/stderr" | tr -d ,
}

printf '%-8s %14s %14s %10s\n' peer 'Ir(n=1)' 'Ir(n=100000)' 'Ir/task'
for peer in "$@"; do
  prog=$build/bench/$peer-bench
  [ -x "$prog" ] || { echo "callgrind.sh: $prog missing (run bench/run.sh first)" >&2; exit 1; }
  one=$(ir 0.000001 "$prog")
  big=$(ir 0.1 "$prog")
  per=$(awk -v a="$big" -v b="$one" 'BEGIN{printf "%.1f", (a-b)/99999}')
  printf '%-8s %14s %14s %10s\n' "$peer" "$one" "$big" "$per"
done
