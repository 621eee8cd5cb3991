#!/usr/bin/env bash
# test_backtrace.sh - scripts/gdb/asyncc.py reads the async backtrace from
# memory: tests/debug/stuck.ac, stuck three awaits deep inside a gather
# inside a task group, is attached with `gdb -p` (`asyncc tasks`, `asyncc
# bt`), dumped to a core file with gcore and read again from the core;
# both are compared with golden files. The program then finishes normally:
# gdb ran nothing in it. Skipped (77) without gdb, or where the system
# forbids attaching (ptrace).
#
#   test_backtrace.sh ASYNCC RUNTIME_INCLUDE_DIR LIBASYNCC_A
set -euo pipefail
asyncc=$1 inc=$2 lib=$3
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../../scripts/gdb/asyncc.py"
command -v gdb >/dev/null || { echo "gdb not installed: skipped"; exit 77; }
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
cp "$here/../debug/stuck.ac" .
"$asyncc" stuck.ac -o stuck.c
cc -std=c11 -g -O0 -I"$inc" stuck.c "$lib" -luv -lpthread -lm -o stuck
fail=0
# gdb's own chatter (threads, the frame it stopped in) is left out
ours() { grep -E '^(asyncc:|  )' || true; }
check() { # NAME GOLDEN FILE
  if diff -u "$here/$2" "$3"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

./stuck wait > out 2> err &
pid=$!
for _ in $(seq 100); do grep -q ready out && break; sleep 0.1; done
gdb -p "$pid" -batch -nx -ex "source $script" -ex 'asyncc tasks' -ex 'asyncc bt' \
  -ex "gcore $work/core" > gdb.out 2>&1 || true
if grep -q 'ptrace: Operation not permitted' gdb.out; then
  echo "gdb may not attach here (ptrace): skipped"; exit 77
fi
ours < gdb.out > live
check "gdb -p: asyncc tasks and asyncc bt" backtrace.golden live
gdb -batch -nx ./stuck "$work/core" -ex "source $script" -ex 'asyncc tasks' -ex 'asyncc bt' \
  > gdb.out 2>&1 || true
ours < gdb.out > fromcore
check "gdb on a core file (gcore)" backtrace.golden fromcore

kill -USR1 "$pid"
status=0; wait "$pid" || status=$?; pid=
if [ "$status" = 0 ] && grep -qx 'done 6' out; then
  echo "ok: the program went on and finished normally"
else
  echo "FAIL: status $status, stdout: $(cat out), stderr: $(cat err)"; fail=1
fi
exit $fail
