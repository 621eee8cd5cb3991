#!/usr/bin/env bash
# translate_speed.sh - how fast the translator copies plain C through.
#
#   bench/translate_speed.sh [-d BUILDDIR] [-r REPEATS]
#
# Fetches SQLite's amalgamation (sqlite3.c, ~9 MB of C with no async
# construct) from the npm package better-sqlite3 into a temporary
# directory (never into the tree), times `asyncc --no-line sqlite3.c -o
# out.c`, checks the output is byte-identical to the input, and prints MB/s
# next to `cp` of the same file as the floor. Best of REPEATS (default 3).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
repeats=3
while getopts "d:r:h" opt; do
  case $opt in
    d) build=$OPTARG ;;
    r) repeats=$OPTARG ;;
    *) echo "usage: $0 [-d BUILDDIR] [-r REPEATS]" >&2; exit 2 ;;
  esac
done
asyncc=$(cd "$build" && pwd)/asyncc
[ -x "$asyncc" ] || { echo "no translator at $asyncc (build first)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent better-sqlite3 >/dev/null 2>&1) ||
  { echo "npm pack better-sqlite3 failed (network?)" >&2; exit 1; }
tar -xzf "$tmp"/better-sqlite3-*.tgz -C "$tmp" package/deps
src=$tmp/sqlite3.c
if [ -f "$tmp/package/deps/sqlite3/sqlite3.c" ]; then
  cp "$tmp/package/deps/sqlite3/sqlite3.c" "$src"
else
  # Some releases ship the amalgamation as a tarball.
  tarball=$(find "$tmp/package/deps" -name 'sqlite*.tar*' | head -n 1)
  [ -n "$tarball" ] || { echo "no sqlite3.c in better-sqlite3" >&2; exit 1; }
  tar -xf "$tarball" -C "$tmp"
  cp "$(find "$tmp" -name sqlite3.c -not -path "$src" | head -n 1)" "$src"
fi
bytes=$(wc -c <"$src")

# best_time CMD...: the lowest wall time of REPEATS runs, in seconds.
best_time() {
  local best="" t0 t1 t
  for _ in $(seq "$repeats"); do
    t0=$(date +%s.%N)
    "$@"
    t1=$(date +%s.%N)
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.6f", b-a}')
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then
      best=$t
    fi
  done
  echo "$best"
}

t_asyncc=$(best_time "$asyncc" --no-line "$src" -o "$tmp/out.c")
cmp -s "$src" "$tmp/out.c" ||
  { echo "WRONG ANSWER: asyncc changed sqlite3.c (plain C must be copied byte for byte)" >&2; exit 2; }
t_cp=$(best_time cp "$src" "$tmp/copy.c")

mbps() { awk -v b="$bytes" -v t="$1" 'BEGIN{printf "%.1f", b/1e6/t}'; }
echo "sqlite3.c: $bytes bytes"
echo "asyncc --no-line: $t_asyncc s  $(mbps "$t_asyncc") MB/s  (output byte-identical)"
echo "cp:               $t_cp s  $(mbps "$t_cp") MB/s"
echo "RESULT translate asyncc wall_s=$t_asyncc bytes=$bytes mb_per_s=$(mbps "$t_asyncc") cp_wall_s=$t_cp"
