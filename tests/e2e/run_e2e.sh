#!/usr/bin/env bash
# run_e2e.sh - one end-to-end test: translate, compile, run, compare.
#
#   run_e2e.sh ASYNCC FILE.ac CC WORKDIR
#
# With FILE.expected beside FILE.ac: FILE.ac is translated (asyncc -o), the C is
# compiled by CC with -std=c11 -Wall -Wextra -pedantic -Werror and linked
# with libasyncc and libuv, the program runs (20 s limit, stdin /dev/null,
# cwd = the .ac's directory) and must exit 0 (or the status written in
# FILE.status) with stdout equal to FILE.expected. FILE.cflags, when it
# exists, adds flags after those (old C's -Wno-implicit-int).
#
# With FILE.err instead: the translation must exit 1, its stderr must equal
# FILE.err byte for byte, and no output file may be left behind. asyncc is
# run from the .ac's directory with the bare file name, so messages read
# `name.ac:3:5: error: ...`.
#
# Modules: for every `#include "m.ah"` (followed through .ah files), m.ah is
# translated to m.h in the work directory, and m.ac, when it exists beside
# it, is translated and linked too.
#
# Environment (set by tests/CMakeLists.txt; defaults suit a build tree):
#   ASYNCC_INCLUDE   directory of asyncc.h       (default: <repo>/runtime)
#   ASYNCC_LIB       the runtime library to link (default: libasyncc.a
#                    beside ASYNCC)
#   ASYNCC_LDLIBS    what the runtime needs      (default: -luv -pthread)
#   ASYNCC_SANITIZE  e.g. address,undefined: compile the program with it
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 ASYNCC FILE.ac CC WORKDIR" >&2
  exit 2
fi
asyncc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ac=$2
cc=$3
work=$4

here=$(cd "$(dirname "$0")" && pwd)
src_dir=$(cd "$(dirname "$ac")" && pwd)
name=$(basename "$ac" .ac)
include=${ASYNCC_INCLUDE:-$here/../../runtime}
lib=${ASYNCC_LIB:-$(dirname "$asyncc")/libasyncc.a}
ldlibs=${ASYNCC_LDLIBS:--luv -pthread}

work=$work/$name
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

fail() {
  echo "FAIL $name ($(basename "$cc")): $*" >&2
  exit 1
}

# ---- expected translation error -----------------------------------------
if [ -f "$src_dir/$name.err" ]; then
  status=0
  (cd "$src_dir" && "$asyncc" "$name.ac" -o "$work/$name.c") \
    >"$work/stdout" 2>"$work/stderr" || status=$?
  if ! diff -u "$src_dir/$name.err" "$work/stderr"; then
    fail "stderr differs from $name.err (diff above: - expected, + got)"
  fi
  [ "$status" -eq 1 ] || fail "asyncc exited $status, expected 1"
  [ ! -e "$work/$name.c" ] || fail "asyncc left $name.c behind after errors"
  [ ! -s "$work/stdout" ] || fail "asyncc wrote to stdout"
  echo "ok $name: translation failed as expected"
  exit 0
fi

[ -f "$src_dir/$name.expected" ] || fail "neither $name.expected nor $name.err exists"

# ---- translate the program and its modules --------------------------------
translate() { # translate IN OUT
  (cd "$src_dir" && "$asyncc" -I "$src_dir" "$1" -o "$2") ||
    fail "asyncc $1 failed"
}

# The .ah names included by FILE ("x.ah" on an #include line).
included_ah() {
  sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\.ah\)".*/\1/p' "$1"
}

translate "$name.ac" "$work/$name.c"
c_files=("$work/$name.c")
todo=$(included_ah "$src_dir/$name.ac")
seen=" "
while [ -n "$todo" ]; do
  next=""
  for ah in $todo; do
    case $seen in *" $ah "*) continue ;; esac
    seen="$seen$ah "
    [ -f "$src_dir/$ah" ] || fail "$name.ac includes $ah, which does not exist"
    mkdir -p "$work/$(dirname "$ah")"
    translate "$ah" "$work/${ah%.ah}.h"
    if [ -f "$src_dir/${ah%.ah}.ac" ] && [ "${ah%.ah}" != "$name" ]; then
      translate "${ah%.ah}.ac" "$work/${ah%.ah}.c"
      c_files+=("$work/${ah%.ah}.c")
      next="$next $(included_ah "$src_dir/${ah%.ah}.ac")"
    fi
    next="$next $(included_ah "$src_dir/$ah")"
  done
  todo=$next
done

# tcc 0.9.27 ignores __attribute__((constructor)), so the process pools'
# fork server is not started before main: it starts with the first process
# pool, which works only while the program has no other thread yet (no
# thread pool before it). A program that offloads to both is for gcc and
# clang builds.
if [ "$(basename "$cc")" = tcc ] && grep -q 'in_process' "$src_dir/$name.ac" &&
   grep -q 'in_thread' "$src_dir/$name.ac"; then
  echo "skip $name (tcc): in_process after threads needs a constructor"
  exit 77
fi

# A program beyond one compiler's own limits says so in NAME.skip-CC (the
# reason, one line): tcc's value stack holds no call with 300 arguments.
skip_file="$src_dir/$name.skip-$(basename "$cc")"
if [ -f "$skip_file" ]; then
  echo "skip $name ($(basename "$cc")): $(cat "$skip_file")"
  exit 77
fi

# ---- compile ------------------------------------------------------------
# include_unread/ is for the C compiler only: headers the translator must
# do without (their typedefs are unknown to it).
cflags=(-std=c11 -Wall -Wextra -pedantic -Werror -g -O1
        -I "$include" -I "$src_dir" -I "$work" -I "$src_dir/include_unread")
# FILE.cflags: more flags for this case, after the strict ones (one line,
# e.g. -Wno-implicit-int for old C that the translator must still take)
if [ -f "$src_dir/$name.cflags" ]; then
  read -r -a more_cflags <"$src_dir/$name.cflags"
  cflags+=("${more_cflags[@]}")
fi
if [ -n "${ASYNCC_SANITIZE:-}" ]; then
  cflags+=("-fsanitize=$ASYNCC_SANITIZE" -fno-omit-frame-pointer
           -fno-sanitize-recover=all)
fi
# tcc cannot link gcc's TLS relocations in libasyncc.a (the pools keep the
# current job in a thread-local): it gets the shared library instead.
if [ "$(basename "$cc")" = tcc ] && [ -f "${lib%.a}.so" ]; then
  lib_dir=$(dirname "$lib")
  lib="-L$lib_dir -lasyncc -Wl,-rpath,$lib_dir"
fi
# shellcheck disable=SC2086 # ldlibs and a shared lib are lists of flags
"$cc" "${cflags[@]}" -o "$work/$name" "${c_files[@]}" $lib $ldlibs ||
  fail "$(basename "$cc") could not compile the translated C (in $work)"

# ---- run and compare ----------------------------------------------------
want_status=0
if [ -f "$src_dir/$name.status" ]; then
  want_status=$(cat "$src_dir/$name.status")
fi
status=0
(cd "$src_dir" && timeout 20 "$work/$name" </dev/null) \
  >"$work/stdout" 2>"$work/stderr" || status=$?
if [ "$status" -eq 124 ]; then
  cat "$work/stderr" >&2
  fail "timed out after 20 s"
fi
if ! diff -u "$src_dir/$name.expected" "$work/stdout"; then
  cat "$work/stderr" >&2
  fail "stdout differs from $name.expected (diff above: - expected, + got)"
fi
if [ "$status" -ne "$want_status" ]; then
  cat "$work/stderr" >&2
  fail "exit status $status, expected $want_status"
fi
echo "ok $name ($(basename "$cc"))"
