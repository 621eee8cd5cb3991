#!/usr/bin/env bash
# test_line.sh - #line markers put compiler messages and debuggers on .ac
# lines: gdb, told to break at line.ac:N (a statement after an await in an
# async function), stops there and reports line.ac:N.
#
#   test_line.sh ASYNCC RUNTIME_INCLUDE_DIR LIBASYNCC_A
set -euo pipefail
asyncc=$1 inc=$2 lib=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v gdb >/dev/null || { echo "gdb not installed: skipped"; exit 77; }

cp "$here/line.ac" "$work/"
cd "$work"
line=$(grep -n 'BREAK HERE' line.ac | cut -d: -f1)
"$asyncc" line.ac -o line.c
cc -std=c11 -g -O0 -I"$inc" line.c "$lib" -luv -lpthread -o line
out=$(gdb -batch -nx -ex "break line.ac:$line" -ex run -ex "info line" ./line 2>&1 || true)
echo "$out"
if grep -q "line.ac:$line" <<<"$out" && grep -Eq "^Breakpoint 1, .*twice__resume" <<<"$out"; then
  echo "ok: gdb stopped at line.ac:$line"
else
  echo "FAIL: gdb did not stop at line.ac:$line"
  exit 1
fi
