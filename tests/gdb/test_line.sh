#!/usr/bin/env bash
# test_line.sh - #line markers put debuggers on .ac lines: for each line of
# line.ac marked `BREAK fn`, gdb, told to break at line.ac:N, stops in fn
# (its __resume state machine) and reports line.ac:N. The marked lines
# follow an await, sit after an await inside an expression spread over
# lines, inside a loop, inside a try and inside a finally.
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
"$asyncc" line.ac -o line.c
cc -std=c11 -g -O0 -I"$inc" line.c "$lib" -luv -lpthread -o line
fail=0
while IFS=: read -r line text; do
  fn=$(sed 's/.*BREAK \([a-z_]*\).*/\1/' <<<"$text")
  out=$(gdb -batch -nx -ex "break line.ac:$line" -ex run -ex "info line" ./line 2>&1 || true)
  # one location, on that line; the stop is there, in FN's state machine
  if grep -Eq "^Breakpoint 1 at .*: file (.*/)?line\.ac, line $line\.$" <<<"$out" &&
     grep -Eq "^Breakpoint 1, ${fn}__resume .* at (.*/)?line\.ac:$line$" <<<"$out" &&
     grep -Eq "^Line $line of \"(.*/)?line\.ac\"" <<<"$out"; then
    echo "ok: gdb stopped at line.ac:$line in $fn"
  else
    echo "$out"
    echo "FAIL: gdb did not stop at line.ac:$line in $fn"
    fail=1
  fi
done < <(grep -n 'BREAK [a-z]' line.ac)
exit $fail
