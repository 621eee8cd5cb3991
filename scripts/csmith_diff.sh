#!/usr/bin/env bash
# csmith_diff.sh - differential test of the translator on random C programs.
#
#   csmith_diff.sh N [FIRST_SEED]        seeds FIRST_SEED .. FIRST_SEED+N-1 (default 1)
#   csmith_diff.sh --seeds FILE          the seeds listed in FILE (one per line, '#' comments)
#
# For each seed: csmith writes a program (its defaults: structs, unions,
# bit-fields, packed structs, const, volatile, pointers, goto, 64-bit
# arithmetic); gcc builds it as is; tests/csmith/asyncify.py rewrites it so
# that every function is async, every call of one is awaited and a yield
# stands before every statement; asyncc translates that; gcc (and each
# compiler of CSMITH_EXTRA_CC) builds the C; both programs run and their
# checksum lines must agree. One line per seed (pass, FAIL with the first
# line of the reason, skip with its reason), then the summary
#   "N passed, N failed, N skipped" with the reasons counted.
# Exits 1 if any seed failed, 2 on usage or set-up errors, 77 (ctest's skip)
# when csmith, csmith.h or pycparser is missing.
#
# A seed is skipped, never failed, when: the original does not build, runs
# longer than CSMITH_ORIG_TIMEOUT (default 2 s) or does not print a checksum;
# or asyncify.py declines the program (it says why).
#
# Environment (defaults suit a build tree in <repo>/build):
#   ASYNCC            the translator              (<repo>/build/asyncc)
#   ASYNCC_INCLUDE    directory of asyncc.h       (<repo>/runtime)
#   ASYNCC_LIB        the runtime library         (libasyncc.a beside ASYNCC)
#   ASYNCC_LDLIBS     what the runtime needs      (-luv -pthread)
#   ASYNCC_SANITIZE   e.g. address,undefined: the async program is built with it
#                     (as run_e2e.sh does; then CSMITH_CC must be the runtime's compiler)
#   CSMITH_OPTIONS    extra csmith options        (none: csmith's defaults)
#                     e.g. "--no-consts" to look past const-related failures
#   CSMITH_CC         compiler for both programs  (gcc)
#   CSMITH_EXTRA_CC   more compilers for the async program, e.g. "clang"
#   CSMITH_CFLAGS     flags for every compile     (-O1 -w)
#   CSMITH_ORIG_TIMEOUT, CSMITH_ASYNC_TIMEOUT   seconds (2, 30)
#   CSMITH_JOBS       seeds run in parallel       (1)
#   CSMITH_EVERY      run every Kth seed of the list only (1: all); the
#                     sanitizer build's ctest runs every second one, since
#                     the whole list takes six minutes there
#   CSMITH_WORK       work directory (kept; failing seeds keep their files
#                     there: S.c, S.ac, S.gen.c, outputs)  (a fresh temp dir)
#   PYTHON            interpreter for asyncify.py (python3)
#   ASYNCIFY_YIELD_EVERY  asyncify.py writes every Nth yield only (1; 0: none)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

usage() {
  echo "usage: $0 N [FIRST_SEED] | $0 --seeds FILE" >&2
  exit 2
}

seeds=()
if [ "${1:-}" = --seeds ]; then
  { [ $# -eq 2 ] && [ -f "$2" ]; } || usage
  while read -r line; do
    line=${line%%#*}
    for s in $line; do
      [[ $s =~ ^[0-9]+$ ]] || { echo "$0: $2: not a seed: $s" >&2; exit 2; }
      seeds+=("$s")
    done
  done <"$2"
else
  { [ $# -ge 1 ] && [ $# -le 2 ]; } || usage
  { [[ $1 =~ ^[0-9]+$ ]] && [[ ${2:-1} =~ ^[0-9]+$ ]]; } || usage
  for ((s = ${2:-1}; s < ${2:-1} + $1; s++)); do seeds+=("$s"); done
fi

every=${CSMITH_EVERY:-1}
[[ $every =~ ^[1-9][0-9]*$ ]] || { echo "$0: CSMITH_EVERY: not a positive number: $every" >&2; exit 2; }
if [ "$every" -gt 1 ]; then
  kept=()
  for i in "${!seeds[@]}"; do ((i % every == 0)) && kept+=("${seeds[$i]}"); done
  seeds=("${kept[@]}")
fi

export ASYNCC=${ASYNCC:-$root/build/asyncc}
export ASYNCC_INCLUDE=${ASYNCC_INCLUDE:-$root/runtime}
export ASYNCC_LIB=${ASYNCC_LIB:-$(dirname "$ASYNCC")/libasyncc.a}
export ASYNCC_LDLIBS=${ASYNCC_LDLIBS:--luv -pthread}
export CSMITH_OPTIONS=${CSMITH_OPTIONS:-}
export CSMITH_CC=${CSMITH_CC:-gcc}
export CSMITH_EXTRA_CC=${CSMITH_EXTRA_CC:-}
export CSMITH_CFLAGS=${CSMITH_CFLAGS:--O1 -w}
export CSMITH_ORIG_TIMEOUT=${CSMITH_ORIG_TIMEOUT:-2}
export CSMITH_ASYNC_TIMEOUT=${CSMITH_ASYNC_TIMEOUT:-30}
export PYTHON=${PYTHON:-python3}
export ASYNCIFY=$root/tests/csmith/asyncify.py
jobs=${CSMITH_JOBS:-1}

# Each seed runs in its own directory: make the paths absolute.
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
ASYNCC=$(absolute "$ASYNCC")
ASYNCC_INCLUDE=$(absolute "$ASYNCC_INCLUDE")
ASYNCC_LIB=$(absolute "$ASYNCC_LIB")

export ASYNC_CFLAGS=""
if [ -n "${ASYNCC_SANITIZE:-}" ]; then
  ASYNC_CFLAGS="-fsanitize=$ASYNCC_SANITIZE -fno-omit-frame-pointer -fno-sanitize-recover=all"
fi

missing() { # what is missing; exit 77 for csmith's parts, which are optional
  echo "$0: $1 not found${3:+ ($3)}; skipped" >&2
  exit "$2"
}
command -v csmith >/dev/null || missing csmith 77 "Debian: csmith"
for tool in "$CSMITH_CC" $CSMITH_EXTRA_CC "$PYTHON"; do
  command -v "$tool" >/dev/null || missing "$tool" 2
done
"$PYTHON" -c 'import pycparser' 2>/dev/null ||
  missing "pycparser for $PYTHON" 77 "Debian: python3-pycparser"
[ -x "$ASYNCC" ] || missing "the translator $ASYNCC" 2 "build first"
export CSMITH_INCLUDE=/usr/include/csmith
[ -f "$CSMITH_INCLUDE/csmith.h" ] || missing "$CSMITH_INCLUDE/csmith.h" 77 "Debian: libcsmith-dev"

export CSMITH_WORK=${CSMITH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/csmith_diff.XXXXXX")}
mkdir -p "$CSMITH_WORK"

# one_seed SEED: prints "SEED pass", "SEED FAIL reason" or "SEED skip reason".
one_seed() {
  local s=$1 w=$CSMITH_WORK/$1 cc status
  rm -rf "$w"
  mkdir -p "$w"
  cd "$w"
  outcome() { echo "$s $1"; }
  # the first line of a file, for a reason
  first() { head -n 1 "$1" | cut -c1-160; }

  # shellcheck disable=SC2086 # options are a list
  csmith $CSMITH_OPTIONS --seed "$s" -o "$s.c" >/dev/null 2>csmith.err ||
    { outcome "skip csmith failed: $(first csmith.err)"; return; }
  # shellcheck disable=SC2086 # flags are a list
  $CSMITH_CC $CSMITH_CFLAGS -I "$CSMITH_INCLUDE" "$s.c" -o orig 2>orig.cc.err ||
    { outcome "skip original does not build: $(first orig.cc.err)"; return; }
  status=0
  timeout "$CSMITH_ORIG_TIMEOUT" ./orig >orig.out 2>/dev/null || status=$?
  [ $status -ne 124 ] || { outcome "skip original runs > ${CSMITH_ORIG_TIMEOUT} s"; return; }
  grep -q '^checksum = ' orig.out || { outcome "skip original prints no checksum (exit $status)"; return; }

  status=0
  "$PYTHON" "$ASYNCIFY" "$s.c" "$s.ac" 2>asyncify.err || status=$?
  [ $status -ne 3 ] || { outcome "skip asyncify: $(sed -n 's/^skip: //p' asyncify.err | head -n 1)"; return; }
  [ $status -eq 0 ] || { outcome "FAIL asyncify crashed: $(tail -n 1 asyncify.err)"; return; }

  "$ASYNCC" "$s.ac" -o "$s.gen.c" 2>asyncc.err ||
    { outcome "FAIL translate: $(grep -m1 'error' asyncc.err || first asyncc.err)"; return; }

  for cc in $CSMITH_CC $CSMITH_EXTRA_CC; do
    local exe
    exe=async.$(basename "$cc")
    # shellcheck disable=SC2086
    $cc $CSMITH_CFLAGS $ASYNC_CFLAGS -I "$ASYNCC_INCLUDE" -I "$CSMITH_INCLUDE" "$s.gen.c" \
        "$ASYNCC_LIB" $ASYNCC_LDLIBS -o "$exe" 2>"$exe.cc.err" || {
      outcome "FAIL compile ($(basename "$cc")): $(grep -m1 -E 'error|undefined reference|cannot find' "$exe.cc.err" || first "$exe.cc.err")"
      return
    }
    status=0
    timeout "$CSMITH_ASYNC_TIMEOUT" "./$exe" >"$exe.out" 2>"$exe.err" || status=$?
    if [ $status -eq 124 ]; then
      outcome "FAIL run ($(basename "$cc")): timeout after ${CSMITH_ASYNC_TIMEOUT} s"
      return
    elif ! cmp -s orig.out "$exe.out"; then
      outcome "FAIL run ($(basename "$cc")): checksum differs (exit $status): $(grep -m1 '^checksum' orig.out) vs $(grep -m1 '^checksum' "$exe.out" || echo nothing)"
      return
    elif [ $status -ne 0 ]; then  # e.g. a sanitizer's report after the checksum
      outcome "FAIL run ($(basename "$cc")): exit $status: $(grep -m1 -E 'ERROR|error|runtime' "$exe.err" || first "$exe.err")"
      return
    fi
  done
  cd .. && rm -rf "$w"
  outcome pass
}
export -f one_seed

results=$CSMITH_WORK/results
printf '%s\n' "${seeds[@]}" |
  xargs -P "$jobs" -I{} bash -c 'one_seed "$@"' _ {} |
  tee "$results" | sed -u 's/^\([0-9]*\) /seed \1: /'

# ---- summary: the kinds of reasons, with the line/column numbers and
# program-specific names taken out so that alike reasons count together.
kind() {
  sed -e 's/^[0-9]* \(FAIL\|skip\) //' -e 's/[^ ]*\.\(ac\|c\):[0-9:]*//g' \
      -e 's/[0-9]\+/N/g' -e 's/: \(checksum = \|skip\).*//' | cut -c1-100 |
    sort | uniq -c | sort -rn | sed 's/^ */    /'
}
. "$here/diff_summary.sh"
summarize "$results" "$CSMITH_WORK/<seed>"
