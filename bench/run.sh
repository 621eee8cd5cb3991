#!/usr/bin/env bash
# run.sh - builds the compiled benchmark peers and runs every peer that
# implements each workload of the benchmark spec (BENCH-SPEC.md).
#
#   bench/run.sh [-d BUILDDIR] [-r REPEATS] [WORKLOAD|all]
#
# BUILDDIR (default build) holds the asyncc build: its translator and
# libasyncc.a build the asyncc peer; if they are missing or the peer does
# not build, the asyncc peer is skipped with a warning. Peers are compiled
# with gcc -O2 (no -march=native, no LTO) into BUILDDIR/bench/.
# Each peer runs REPEATS times (default 1); every RESULT line is printed
# and the best (lowest) wall_s per peer goes into the ratio table
# (python/asyncc and libuv/asyncc: how many times faster asyncc is).
# Stops at the first failed run or wrong answer. BENCH_SCALE is passed
# through; the table says when it is not 1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build
repeats=1
while getopts "d:r:h" opt; do
  case $opt in
    d) build=$(cd "$OPTARG" && pwd) ;;
    r) repeats=$OPTARG ;;
    *) echo "usage: $0 [-d BUILDDIR] [-r REPEATS] [WORKLOAD|all]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
which=${1:-all}

out=$build/bench
mkdir -p "$out"
cflags=(-O2 -std=c11 -Wall -Wextra -pedantic -Werror)

# ---- build the peers ----------------------------------------------------------
gcc "${cflags[@]}" -o "$out/libuv-bench" "$here/libuv/bench.c" -luv -lm
have_asyncc=0
if [ -x "$build/asyncc" ] && [ -f "$build/libasyncc.a" ]; then
  if "$build/asyncc" -o "$out/asyncc-bench.c" "$here/asyncc/bench.ac" &&
     gcc "${cflags[@]}" -I "$root/runtime" -o "$out/asyncc-bench" \
       "$out/asyncc-bench.c" "$build/libasyncc.a" -luv -pthread -lm; then
    have_asyncc=1
  else
    echo "run.sh: warning: the asyncc peer did not build; skipped" >&2
  fi
else
  echo "run.sh: warning: no $build/asyncc or libasyncc.a; asyncc peer skipped" >&2
fi

# Which peers implement which workload: "peer:command:argument".
peers_for() {
  local w=$1
  echo "python:python3 $here/python/bench.py:$w"
  case $w in
    W1) echo "libuv:$out/libuv-bench:W1"; echo "libuv-timer0:$out/libuv-bench:W1t" ;;
    W2|W2m|W4|W6|W7) echo "libuv:$out/libuv-bench:$w" ;;
    W5|W5b) echo "libuv:$out/libuv-bench:$w"
            echo "fork-ceiling:$out/libuv-bench:${w}f" ;; # 2 bare forks, no IPC
  esac
  if [ "$have_asyncc" -eq 1 ]; then
    case $w in W1|W2|W2m|W3|W4|W5|W5b|W6|W6i|W7) echo "asyncc:$out/asyncc-bench:$w" ;; esac
  fi
}

if [ "$which" = all ]; then
  workloads=(W1 W2 W2m W3 W4 W5 W5b W6 W6i W7)
else
  workloads=("$which")
fi

declare -A best
for w in "${workloads[@]}"; do
  while IFS=: read -r peer cmd arg; do
    for _ in $(seq "$repeats"); do
      status=0
      # shellcheck disable=SC2086 # cmd may be "python3 bench.py"
      line=$($cmd "$arg") || status=$?
      if [ "$status" -ne 0 ] || [[ $line != RESULT* ]]; then
        echo "run.sh: $peer $w failed (exit $status)" >&2
        exit 1
      fi
      echo "$line"
      wall=$(sed -n 's/.* wall_s=\([0-9.]*\).*/\1/p' <<<"$line")
      key="$w/$peer"
      if [ -z "${best[$key]:-}" ] || awk -v a="$wall" -v b="${best[$key]}" 'BEGIN{exit !(a<b)}'; then
        best[$key]=$wall
      fi
    done
  done < <(peers_for "$w")
done

# ---- ratio table ------------------------------------------------------------------
echo
scale=${BENCH_SCALE:-1}
[ "$scale" = 1 ] || echo "BENCH_SCALE=$scale (sizes scaled; compare only at equal scale)"
printf '%-5s %12s %12s %12s %14s %14s\n' workload python libuv asyncc python/asyncc libuv/asyncc
for w in "${workloads[@]}"; do
  py=${best[$w/python]:--} uv=${best[$w/libuv]:--} ac=${best[$w/asyncc]:--}
  ratio() { [ "$1" = - ] || [ "$2" = - ] && { echo -; return; }; awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
  printf '%-5s %12s %12s %12s %14s %14s\n' "$w" "$py" "$uv" "$ac" "$(ratio "$py" "$ac")" "$(ratio "$uv" "$ac")"
done
