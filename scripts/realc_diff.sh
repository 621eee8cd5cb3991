#!/usr/bin/env bash
# realc_diff.sh - differential test of the translator on real C test suites.
#
#   realc_diff.sh SUITE DIR [FILE.c...]
#
# SUITE says how DIR's programs are laid out and judged:
#   cts       DIR holds one program per N.c (c-testsuite's tests/single-exec,
#             tinycc's tests/tests2)
#   chibicc   DIR is chibicc's test/: each *.c is linked with DIR/common
#             (compiled as is, sync) and includes test.h; its ASSERT prints
#             the code it checks, so outputs are compared with `await` and
#             parentheses taken out
# Nothing of a suite is committed: fetch a checkout, then point DIR at it.
#
# For each program, scripts/asyncify_real.py makes every function async and
# awaits every call (REALC_ASYNCIFY_FLAGS, e.g. "--yield" or "--strict", are
# passed on) and the translator translates it. Then for each compiler of
# REALC_CCS (gcc clang tcc): it builds the original at -std=c11 -Wall
# -Wextra -pedantic -Werror where it takes it so, else at -std=gnu11 -w (a
# compiler that takes it neither way is left out for that program), runs
# it (2 s limit), builds the translated C with the same flags, runs it, and
# stdout and exit status must equal the original's by that compiler. One line per program (pass, FAIL with the first line of the
# reason, skip with its reason), then the reasons counted and
#   "N passed, N failed, N skipped".
# Exits 1 if any program failed, 2 on usage or set-up errors.
#
# Environment (defaults suit a build tree in <repo>/build):
#   ASYNCC, ASYNCC_INCLUDE, ASYNCC_LIB, ASYNCC_LDLIBS   as csmith_diff.sh
#   REALC_CCS              compilers for the async program (gcc clang tcc)
#   REALC_ASYNCIFY_FLAGS   options for asyncify_real.py  (none)
#   REALC_JOBS             programs run in parallel      (1)
#   REALC_WORK             work directory (failing programs keep their files
#                          there: P.ac, P.gen.c, outputs) (a fresh temp dir)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

usage() {
  echo "usage: $0 cts|chibicc DIR [FILE.c...]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
export REALC_SUITE=$1
case $REALC_SUITE in cts|chibicc) ;; *) usage ;; esac
[ -d "$2" ] || usage
export REALC_DIR
REALC_DIR=$(cd "$2" && pwd)
shift 2

absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
export ASYNCC ASYNCC_INCLUDE ASYNCC_LIB
ASYNCC=$(absolute "${ASYNCC:-$root/build/asyncc}")
ASYNCC_INCLUDE=$(absolute "${ASYNCC_INCLUDE:-$root/runtime}")
ASYNCC_LIB=$(absolute "${ASYNCC_LIB:-$(dirname "$ASYNCC")/libasyncc.a}")
export ASYNCC_LDLIBS=${ASYNCC_LDLIBS:--luv -pthread -lm}
export REALC_CCS=${REALC_CCS:-gcc clang tcc}
export REALC_ASYNCIFY_FLAGS=${REALC_ASYNCIFY_FLAGS:-}
export ASYNCIFY=$here/asyncify_real.py
export PYTHON=${PYTHON:-python3}
jobs=${REALC_JOBS:-1}
[ -x "$ASYNCC" ] || { echo "$0: the translator $ASYNCC not found (build first)" >&2; exit 2; }
for tool in $REALC_CCS "$PYTHON"; do
  command -v "$tool" >/dev/null || { echo "$0: $tool not found" >&2; exit 2; }
done

export REALC_WORK=${REALC_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/realc_diff.XXXXXX")}
mkdir -p "$REALC_WORK"

if [ $# -eq 0 ]; then
  set -- "$REALC_DIR"/*.c
fi

# one_program FILE.c: prints "NAME pass", "NAME FAIL reason" or "NAME skip reason".
one_program() {
  local src=$1 name w cc status built=0 extra=() libs=()
  name=$(basename "$src" .c)
  w=$REALC_WORK/$name
  rm -rf "$w"
  mkdir -p "$w"
  cd "$w"
  outcome() { echo "$name $1"; }
  first() { head -n 1 "$1" | cut -c1-160; }
  # outputs as compared: chibicc's ASSERT prints its code, which gained awaits
  normalize() {
    if [ "$REALC_SUITE" = chibicc ]; then sed -e 's/await //g' -e 's/[()]//g' "$1"; else cat "$1"; fi
  }
  extra=(-I "$REALC_DIR")   # a program's own headers (tinycc's 18_include.h)
  if [ "$REALC_SUITE" = chibicc ]; then
    libs=(common.o)
  fi
  local strict="-std=c11 -Wall -Wextra -pedantic -Werror" lenient="-std=gnu11 -w"
  # build CC FLAGS OUT FILE.c [LIB...]: chibicc's common (as is) and FILE.c
  build() {
    local cc=$1 flags=$2 out=$3 file=$4
    shift 4
    if [ "$REALC_SUITE" = chibicc ]; then
      # shellcheck disable=SC2086
      $cc $lenient -x c -c "$REALC_DIR/common" -o common.o 2>"$out.cc.err" || return 1
    fi
    # shellcheck disable=SC2086
    $cc $flags -I "$ASYNCC_INCLUDE" "${extra[@]}" "$file" "${libs[@]}" "$@" -lm -o "$out" 2>>"$out.cc.err"
  }

  status=0
  # shellcheck disable=SC2086
  "$PYTHON" "$ASYNCIFY" $REALC_ASYNCIFY_FLAGS "$src" "$name.ac" 2>asyncify.err || status=$?
  local asyncified=$status
  [ $status -eq 0 ] || [ $status -eq 3 ] || { outcome "FAIL asyncify crashed: $(tail -n 1 asyncify.err)"; return; }

  for cc in $REALC_CCS; do
    local c flags exe lib=$ASYNCC_LIB
    c=$(basename "$cc")
    # the original, by this compiler: strict where it takes it so, else lenient
    flags=$strict
    if ! build "$cc" "$flags" "orig.$c" "$src"; then
      flags=$lenient
      build "$cc" "$flags" "orig.$c" "$src" || continue   # not this compiler's C
    fi
    status=0
    timeout 2 "./orig.$c" >"orig.$c.out" 2>/dev/null </dev/null || status=$?
    [ $status -ne 124 ] || { outcome "skip original runs > 2 s ($c)"; return; }
    local orig_status=$status
    built=1
    [ "$asyncified" -ne 3 ] || { outcome "skip asyncify: $(sed -n 's/^skip: //p' asyncify.err | head -n 1)"; return; }
    if [ ! -f "$name.gen.c" ]; then
      "$ASYNCC" "$name.ac" -o "$name.gen.c" 2>asyncc.err ||
        { outcome "FAIL translate: $(grep -m1 'error' asyncc.err || first asyncc.err)"; return; }
    fi
    exe=async.$c
    # tcc cannot link gcc's TLS relocations in libasyncc.a: the shared one then
    if [ "$c" = tcc ] && [ -f "${lib%.a}.so" ]; then
      lib="${lib%.a}.so -Wl,-rpath,$(dirname "$lib")"
    fi
    # shellcheck disable=SC2086
    build "$cc" "$flags" "$exe" "$name.gen.c" $lib $ASYNCC_LDLIBS || {
      outcome "FAIL compile ($c): $(grep -m1 -E 'error|undefined reference|cannot find' "$exe.cc.err" || first "$exe.cc.err")"
      return
    }
    status=0
    timeout 20 "./$exe" >"$exe.out" 2>"$exe.err" </dev/null || status=$?
    if [ $status -eq 124 ]; then
      outcome "FAIL run ($c): timeout after 20 s"
      return
    elif ! cmp -s <(normalize "orig.$c.out") <(normalize "$exe.out"); then
      outcome "FAIL run ($c): output differs (exit $status, $(wc -l <"orig.$c.out") vs $(wc -l <"$exe.out") lines)"
      return
    elif [ "$status" != "$orig_status" ]; then
      outcome "FAIL run ($c): exit $status, original $orig_status: $(first "$exe.err")"
      return
    fi
  done
  [ $built -eq 1 ] || { outcome "skip original does not build: $(grep -h -m1 error orig.*.cc.err | head -n 1 | cut -c1-140)"; return; }
  cd .. && rm -rf "$w"
  outcome pass
}
export -f one_program

results=$REALC_WORK/results
printf '%s\n' "$@" |
  xargs -P "$jobs" -I{} bash -c 'one_program "$@"' _ {} |
  tee "$results"

# ---- summary: alike reasons counted together
kind() {
  sed -e 's/^[^ ]* \(FAIL\|skip\) //' -e 's/[^ ]*\.\(ac\|c\):[0-9:]*//g' \
      -e 's/[0-9]\+/N/g' | cut -c1-110 | sort | uniq -c | sort -rn | sed 's/^ */    /'
}
. "$here/diff_summary.sh"
summarize "$results" "$REALC_WORK/<program>"
