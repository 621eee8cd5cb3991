#!/usr/bin/env bash
# test_backtrace.sh - the async backtrace (issue 15): stuck.ac, stuck three
# awaits deep inside a gather inside a task group, dumped by ac_dump_tasks
# from a task, and by SIGQUIT in debug mode while the program keeps running
# (it then finishes normally); each dump is compared with a golden file,
# the times left masked. Then a failure thrown five calls deep names the
# line of its throw and the async chain at that point (throw.ac), and a
# runtime operation's failure three calls deep names the await where it
# entered user code, also through a task group's join, and a queue get
# that fails at once (leaf.ac). Last,
# tasks stuck in I/O name their peer: an address, a Unix socket, a
# child's pipe and pid (peers.ac; ports and pids masked).
#
#   test_backtrace.sh ASYNCC RUNTIME_INCLUDE_DIR LIBASYNCC_A
set -euo pipefail
asyncc=$1 inc=$2 lib=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
fail=0
mask() { sed -E 's/[0-9]+\.[0-9]+ s left/N s left/'; }
build() {
  cp "$here/$1.ac" .
  "$asyncc" "$1.ac" -o "$1.c"
  cc -std=c11 -g -I"$inc" "$1.c" "$lib" -luv -lpthread -lm -o "$1"
}
check() { # NAME GOLDEN ACTUAL-FILE
  if diff -u "$here/$2" <(mask < "$3"); then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

build stuck
# by call: a task of the program calls ac_dump_tasks
./stuck call > out 2> err || { echo "FAIL: stuck call exited $?"; fail=1; }
grep -qx 'done 6' out || { echo "FAIL: stuck call did not finish: $(cat out)"; fail=1; }
check "ac_dump_tasks from a task" stuck_call.golden err
expect='release: release (task group)
nap: napper (gather)
deep: level3 level2 level1 (gather)
worker: worker (task group)
main: amain'
if [ "$(grep -v '^done' out)" = "$expect" ]; then echo "ok: ac_task_iter_* gives the same as data"
else echo "FAIL: ac_task_iter_* gave: $(cat out)"; fail=1; fi

# by signal: debug mode's SIGQUIT, twice; the program goes on
ASYNCC_DEBUG=1 ./stuck wait > out 2> err &
pid=$!
for _ in $(seq 100); do grep -q ready out && break; sleep 0.1; done
kill -QUIT "$pid"; sleep 0.3; kill -QUIT "$pid"; sleep 0.3
kill -USR1 "$pid"
status=0; wait "$pid" || status=$?; pid=
if [ "$status" = 0 ] && grep -qx 'done 6' out; then
  echo "ok: the program finished normally after two SIGQUIT dumps"
else
  echo "FAIL: status $status, stdout: $(cat out)"; fail=1
fi
check "the dump on SIGQUIT (twice)" stuck_signal.golden err

build throw
status=0; ./throw > out 2> err || status=$?
[ "$status" = 1 ] || { echo "FAIL: throw exited $status"; fail=1; }
check "a failure thrown five calls deep" throw.golden err
status=0; ASYNCC_DEBUG=1 ./throw > out 2> err || status=$?
check "the same in debug mode, with the awaiting tasks" throw_debug.golden err

build leaf
status=0; ./leaf > out 2> err || status=$?
[ "$status" = 1 ] || { echo "FAIL: leaf exited $status"; fail=1; }
check "an ac_fs_open failure three calls deep" leaf.golden err
status=0; ASYNCC_DEBUG=1 ./leaf group > out 2> err || status=$?
check "the same in a task group: the child's site is kept" leaf_group_debug.golden err
status=0; ./leaf queue > out 2> err || status=$?
check "a get from a shut-down queue, which fails at once" leaf_queue.golden err
status=0; ./leaf parked > out 2> err || status=$?
check "a parked get whose queue is shut down" leaf_queue_parked.golden err

build peers
status=0; ./peers > out 2> err || status=$?
[ "$status" = 0 ] && grep -qx 'child -9' out || { echo "FAIL: peers exited $status: $(cat out)"; fail=1; }
sed -E 's/(127\.0\.0\.1):[0-9]+/\1:PORT/; s/process [0-9]+/process PID/' err > masked
check "I/O waits name their peer" peers.golden masked
exit $fail
