#!/usr/bin/env bash
# test_passthrough.sh - real C that nobody here wrote comes out of the
# translator byte for byte: libuv's uv.h and its sub-headers, sqlite3.h,
# curl.h and its sub-headers, and a few large system headers. Every file
# goes through `asyncc --no-line` and the default mode (which adds #line
# only where it rewrote something: here, nowhere).
#
#   test_passthrough.sh ASYNCC WORKDIR
set -euo pipefail
asyncc=$1 work=$2
mkdir -p "$work"
files=()
for f in /usr/include/uv.h /usr/include/uv/*.h /usr/include/sqlite3.h \
         /usr/include/x86_64-linux-gnu/curl/*.h /usr/include/curl/*.h \
         /usr/include/stdio.h /usr/include/stdlib.h /usr/include/unistd.h \
         /usr/include/x86_64-linux-gnu/sys/socket.h; do
  [ -f "$f" ] && files+=("$f")
done
[ ${#files[@]} -gt 0 ] || { echo "no headers found: skipped"; exit 77; }
fail=0 bytes=0
for f in "${files[@]}"; do
  out="$work/$(basename "$f").out"
  for mode in --no-line ""; do
    # shellcheck disable=SC2086 # mode is empty or one flag
    if ! "$asyncc" $mode "$f" -o "$out" 2>"$work/err.txt"; then
      echo "FAIL: asyncc $mode $f: $(cat "$work/err.txt")"; fail=1
    elif ! cmp -s "$f" "$out"; then
      echo "FAIL: $f changed (asyncc $mode)"; fail=1
    fi
  done
  bytes=$((bytes + $(stat -c %s "$f")))
done
echo "${#files[@]} files, $bytes bytes, copied byte for byte"
exit $fail
