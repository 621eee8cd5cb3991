#!/usr/bin/env bash
# run.sh - builds the compiled benchmark peers and runs every peer that
# implements each workload of the benchmark spec (BENCH-SPEC.md).
#
#   bench/run.sh [-d BUILDDIR] [-r REPEATS] [-i] [WORKLOAD|all]
#
# BUILDDIR (default build) holds the asyncc build: its translator and
# libasyncc.a build the asyncc peer; if they are missing or the peer does
# not build, the asyncc peer is skipped with a warning. Peers are compiled
# with gcc -O2 / g++ -O2 -std=c++20 (no -march=native, no LTO) into
# BUILDDIR/bench/; the C++20 peer is skipped with a warning if g++ cannot
# build it. Each peer runs REPEATS times (default 1); every RESULT line
# is printed and the best (lowest) wall_s per peer goes into the ratio
# table (python/peer: how many times faster than CPython the peer is;
# peer/asyncc: above 1, asyncc is faster). Stops at the first failed run
# or wrong answer. BENCH_SCALE is passed through; the table says when it
# is not 1.
#
# -i adds the instruction counts: for W1, W3 and W7 (those selected),
# callgrind's Ir per task or message of asyncc, raw libuv and C++20
# (bench/callgrind.sh: marginal between n = 1 and n = 100,000). It takes
# about a minute (valgrind), so it is off by default.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build
repeats=1
instructions=0
while getopts "d:r:ih" opt; do
  case $opt in
    d) build=$(cd "$OPTARG" && pwd) ;;
    r) repeats=$OPTARG ;;
    i) instructions=1 ;;
    *) echo "usage: $0 [-d BUILDDIR] [-r REPEATS] [-i] [WORKLOAD|all]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
which=${1:-all}

out=$build/bench
mkdir -p "$out"
cflags=(-O2 -std=c11 -Wall -Wextra -pedantic -Werror)

# ---- build the peers ----------------------------------------------------------
gcc "${cflags[@]}" -o "$out/libuv-bench" "$here/libuv/bench.c" -luv -lm
have_cxx20=0
if g++ -O2 -std=c++20 -Wall -Wextra -pedantic -Werror -o "$out/cxx20-bench" \
     "$here/cxx20/bench.cpp"; then
  have_cxx20=1
else
  echo "run.sh: warning: the C++20 peer did not build; skipped" >&2
fi
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
    W2|W2m|W3|W4|W6|W7) echo "libuv:$out/libuv-bench:$w" ;;
    W5|W5b) echo "libuv:$out/libuv-bench:$w"
            echo "fork-ceiling:$out/libuv-bench:${w}f" ;; # 2 bare forks, no IPC
  esac
  if [ "$have_cxx20" -eq 1 ]; then
    case $w in W1|W3|W7) echo "cxx20:$out/cxx20-bench:$w" ;; esac
  fi
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
echo "wall_s (best of $repeats); python/X: X is that many times faster than CPython;"
echo "X/asyncc: above 1, asyncc is faster"
ratio() { { [ "$1" = - ] || [ "$2" = - ]; } && { echo -; return; }; awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
printf '%-5s %10s %10s %10s %10s %9s %9s %9s %9s %9s\n' workload python libuv cxx20 asyncc \
  py/libuv py/cxx20 py/asyncc uv/asyncc cxx/asyncc
for w in "${workloads[@]}"; do
  py=${best[$w/python]:--} uv=${best[$w/libuv]:--} cx=${best[$w/cxx20]:--} ac=${best[$w/asyncc]:--}
  printf '%-5s %10s %10s %10s %10s %9s %9s %9s %9s %9s\n' "$w" "$py" "$uv" "$cx" "$ac" \
    "$(ratio "$py" "$uv")" "$(ratio "$py" "$cx")" "$(ratio "$py" "$ac")" \
    "$(ratio "$uv" "$ac")" "$(ratio "$cx" "$ac")"
done

# ---- instruction counts (-i) -------------------------------------------------------
if [ "$instructions" -eq 1 ]; then
  peers=(libuv)
  [ "$have_cxx20" -eq 1 ] && peers+=(cxx20)
  [ "$have_asyncc" -eq 1 ] && peers+=(asyncc)
  echo
  echo "callgrind Ir per operation (marginal, n = 1 to 100,000; per task for W1/W7, per message for W3)"
  for w in "${workloads[@]}"; do
    case $w in W1|W3|W7) "$here/callgrind.sh" -d "$build" -w "$w" "${peers[@]}" ;; esac
  done
fi
