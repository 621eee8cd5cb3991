#!/usr/bin/env bash
# test_install.sh - the installed layout works as the contract says:
# `cmake --install` gives bin/asyncc, include/asyncc.h, the library,
# asyncc.pc and the CMake package; a program builds both with
# `asyncc x.ac -o x.c && cc x.c $(pkg-config --cflags --libs asyncc)` and
# with find_package(asyncc) + asyncc_target_sources().
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

# find_package + asyncc_target_sources
cmake -S "$here/consumer" -B "$work/consumer-build" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer-build" >/dev/null
got=$("$work/consumer-build/hello")
[ "$got" = "$expect" ] || { echo "FAIL: CMake build printed: $got"; exit 1; }
echo "ok: find_package(asyncc) + asyncc_target_sources"
