#!/usr/bin/env bash
# test_install.sh - the installed layout works as the contract says:
# `cmake --install` gives bin/asyncc, include/asyncc.h, the library,
# asyncc.pc and the CMake package; a program builds both with
# `asyncc x.ac -o x.c && cc x.c $(pkg-config --cflags --libs asyncc)` and
# with find_package(asyncc) + asyncc_target_sources(); and that a project
# listing only its .ac files (tests/install/unlisted: the .ah they include
# are not listed) builds with both the Makefile and the Ninja generators,
# and retranslates exactly the users of an edited .ah.
#
#   test_install.sh BUILD_DIR WORK_DIR [C_COMPILER]
set -euo pipefail
build=$1 work=$2 cc=${3:-cc}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/asyncc include/asyncc.h lib/pkgconfig/asyncc.pc lib/cmake/asyncc/asyncc-config.cmake; do
  [ -e "$prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
expect=$'hello, installed\n6'

# pkg-config
cp "$here"/consumer/*.ac "$here"/consumer/*.ah "$work/"
cd "$work"
for f in hello greet; do "$prefix/bin/asyncc" "$f.ac" -o "$f.c"; done
"$prefix/bin/asyncc" greet.ah -o greet.h
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046 # pkg-config prints a list of flags
"$cc" -std=c11 -Wall -Wextra -pedantic -Werror hello.c greet.c \
  $(pkg-config --cflags --libs asyncc) -o hello-pc
got=$(./hello-pc)
[ "$got" = "$expect" ] || { echo "FAIL: pkg-config build printed: $got"; exit 1; }
echo "ok: pkg-config build"

# The installed translator reads the installed asyncc.h (its AC_AWAITABLE
# declarations), whatever prefix the package went under: the depfile
# lists every file a translation read.
"$prefix/bin/asyncc" -MD -MF hello.d hello.ac -o hello-again.c
grep -q "$prefix/bin/../include/asyncc.h" hello.d ||
  { echo "FAIL: the installed asyncc did not read $prefix/include/asyncc.h:"; cat hello.d; exit 1; }
echo "ok: the installed translator reads the installed asyncc.h"

# find_package + asyncc_target_sources
cmake -S "$here/consumer" -B "$work/consumer-build" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer-build" >/dev/null
got=$("$work/consumer-build/hello")
[ "$got" = "$expect" ] || { echo "FAIL: CMake build printed: $got"; exit 1; }
echo "ok: find_package(asyncc) + asyncc_target_sources"

# libasyncc_http, when the build had libcurl: pkg-config and asyncc::http
if [ -e "$prefix/lib/pkgconfig/asyncc-http.pc" ]; then
  expect_http='0 transfers, body too large: past the max_body limit'
  # the installed translation names no path of the tree it was built in
  if grep -n '^#line' "$prefix/include/asyncc_http_chunks.h"; then
    echo "FAIL: the installed asyncc_http_chunks.h has #line markers (above)"; exit 1
  fi
  "$prefix/bin/asyncc" "$here/http_consumer/http_check.ac" -o http_check.c
  # shellcheck disable=SC2046
  "$cc" -std=c11 -Wall -Wextra -pedantic -Werror http_check.c \
    $(pkg-config --cflags --libs asyncc-http) -o http-pc
  got=$(./http-pc)
  [ "$got" = "$expect_http" ] || { echo "FAIL: asyncc-http pkg-config build printed: $got"; exit 1; }
  cmake -S "$here/http_consumer" -B "$work/http-build" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build "$work/http-build" >/dev/null
  got=$("$work/http-build/http_check")
  [ "$got" = "$expect_http" ] || { echo "FAIL: asyncc::http build printed: $got"; exit 1; }
  echo "ok: libasyncc_http through pkg-config and asyncc::http"
fi

# libasyncc_mpi, when the build had MPI: pkg-config and asyncc::asyncc_mpi
# (run without mpirun: the error, then the local fallback)
if [ -e "$prefix/lib/pkgconfig/asyncc-mpi.pc" ]; then
  expect_mpi=$'no launcher\n42'
  "$prefix/bin/asyncc" "$here/mpi_consumer/mpi_check.ac" -o mpi_check.c
  # shellcheck disable=SC2046 # pkg-config prints a list of flags
  "$cc" -std=c11 -Wall -Wextra -pedantic -Werror mpi_check.c \
    $(pkg-config --cflags --libs asyncc-mpi) -o mpi-pc
  got=$(./mpi-pc)
  [ "$got" = "$expect_mpi" ] || { echo "FAIL: asyncc-mpi pkg-config build printed: $got"; exit 1; }
  cmake -S "$here/mpi_consumer" -B "$work/mpi-build" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build "$work/mpi-build" >/dev/null
  got=$("$work/mpi-build/mpi_check")
  [ "$got" = "$expect_mpi" ] || { echo "FAIL: asyncc::asyncc_mpi build printed: $got"; exit 1; }
  echo "ok: libasyncc_mpi through pkg-config and asyncc::asyncc_mpi"
fi

# ---- asyncc_target_sources(app main.ac helper.ac), no .ah listed ----------
fail() { echo "FAIL: $*"; exit 1; }

# build DIR LOG WHAT: cmake --build, its output in LOG.
build() {
  cmake --build "$1" -j2 >"$2" 2>&1 || { cat "$2"; fail "$3: build failed"; }
}

# translated LOG: the files the build translated (its "asyncc x.ac" lines).
translated() {
  { grep -o 'asyncc [A-Za-z0-9_./]*\.a[ch]' "$1" || true; } |
    sed 's/^asyncc //' | sort -u | tr '\n' ' '
}

# expect_translated LOG WANT WHAT: WANT is the sorted list, space-terminated.
expect_translated() {
  local got
  got=$(translated "$1")
  [ "$got" = "$2" ] || { cat "$1"; fail "$3: translated '$got', expected '$2'"; }
}

expect_output() { # expect_output PROGRAM WANT WHAT
  local got
  got=$("$1") || fail "$3: $1 exited non-zero"
  [ "$got" = "$2" ] || fail "$3: $1 printed: $got"
}

# check_unlisted GENERATOR: configure, build, run, then touch and edit the
# .ah files and check which files each rebuild retranslates.
check_unlisted() {
  local gen=$1 tag=${1// /-}
  local src=$work/unlisted-$tag bld=$work/unlisted-$tag-build log=$work/unlisted-$tag.log
  cp -r "$here/unlisted" "$src"
  cmake -S "$src" -B "$bld" -G "$gen" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  build "$bld" "$log" "$gen"
  expect_output "$bld/app" $'hello, unlisted\nunlisted!' "$gen"
  expect_output "$bld/app2" 'other!' "$gen"

  build "$bld" "$log" "$gen, again"
  expect_translated "$log" "" "$gen, nothing changed"

  # Touched, not changed: its users retranslate, but the headers they
  # write keep their mtime (nothing recompiles because of them).
  local header=$bld/asyncc-gen/app/helper.h stamp
  stamp=$(stat -c %y "$header")
  sleep 0.1 # past the outputs' mtime, whatever the file system's granularity
  touch "$src/include/shout.ah" # included by helper.ah and by other.ac
  build "$bld" "$log" "$gen, shout.ah touched"
  expect_translated "$log" "helper.ac main.ac other.ac " "$gen, shout.ah touched"
  [ "$(stat -c %y "$header")" = "$stamp" ] ||
    fail "$gen: helper.h was rewritten with the same text"

  sleep 0.1
  sed -i 's/"hello"/"bonjour"/' "$src/helper.ah"
  build "$bld" "$log" "$gen, helper.ah edited"
  expect_translated "$log" "helper.ac main.ac " "$gen, helper.ah edited"
  expect_output "$bld/app" $'bonjour, unlisted\nunlisted!' "$gen, helper.ah edited"

  build "$bld" "$log" "$gen, once more"
  expect_translated "$log" "" "$gen, after the edit"
  echo "ok: unlisted .ah files with $gen"
}

check_unlisted "Unix Makefiles"
if command -v ninja >/dev/null; then
  check_unlisted Ninja
else
  echo "skip: unlisted .ah files with Ninja (ninja not installed)"
fi
