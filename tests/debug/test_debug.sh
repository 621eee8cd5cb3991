#!/usr/bin/env bash
# test_debug.sh - the debug mode: ASYNCC_DEBUG=1 reports a task that
# swallowed its cancellation, with its .ac creation line, and a step that
# kept the loop for 0.1 s or more, with where it stopped, and stops a
# runtime call made from another thread while the loop runs; without it,
# nothing is reported; a failing task created in ordinary code is reported
# with its function's definition line, one created by an async function
# with the exact .ac line of the call.
#
#   test_debug.sh ASYNCC RUNTIME_INCLUDE_DIR LIBASYNCC_A
set -euo pipefail
asyncc=$1 inc=$2 lib=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$here/swallow.ac" .
"$asyncc" swallow.ac -o swallow.c
cc -std=c11 -I"$inc" swallow.c "$lib" -luv -lpthread -o swallow
fail=0
quiet=$(./swallow 2>&1 >/dev/null)
[ -z "$quiet" ] && echo "ok: quiet without ASYNCC_DEBUG" || { echo "FAIL: unexpected stderr: $quiet"; fail=1; }
loud=$(ASYNCC_DEBUG=1 ./swallow 2>&1 >/dev/null)
line=$(grep -n 'task(int) t = stubborn' swallow.ac | cut -d: -f1)
if grep -q "task \"Task-1\" stubborn created at swallow.ac:$line swallowed its cancellation" <<<"$loud"; then
  echo "ok: debug mode reports the swallow at swallow.ac:$line"
else
  echo "FAIL: debug mode said: $loud"; fail=1
fi
cp "$here/slow.ac" .
"$asyncc" slow.ac -o slow.c
cc -std=c11 -I"$inc" slow.c "$lib" -luv -lpthread -o slow
quiet=$(./slow 2>&1 >/dev/null)
[ -z "$quiet" ] && echo "ok: no slow-step report without ASYNCC_DEBUG" ||
  { echo "FAIL: unexpected stderr: $quiet"; fail=1; }
loud=$(ASYNCC_DEBUG=1 ./slow 2>&1 >/dev/null)
stall=$(grep -n 'the stall ends here' slow.ac | cut -d: -f1)
if grep -Eq "task \"Task-1\" amain ran 0\.[0-9]+ s without letting other tasks run, up to slow\.ac:$stall " <<<"$loud" &&
   grep -Eq "task \"Task-1\" amain ran 0\.[0-9]+ s without letting other tasks run, to its end" <<<"$loud"; then
  echo "ok: debug mode reports both slow steps"
else
  echo "FAIL: debug mode said: $loud"; fail=1
fi
cp "$here/wrong_thread.ac" .
"$asyncc" wrong_thread.ac -o wrong_thread.c
cc -std=c11 -I"$inc" wrong_thread.c "$lib" -luv -lpthread -lm -o wrong_thread
status=0
msg=$(ASYNCC_DEBUG=1 ./wrong_thread 2>&1 >/dev/null) || status=$?
if [ "$status" != 0 ] &&
   grep -q "ac_cancel called from a thread that is not the loop's" <<<"$msg"; then
  echo "ok: debug mode stops a runtime call from another thread"
else
  echo "FAIL: status $status, stderr: $msg"; fail=1
fi
cat > fails.ac <<'AC'
#include <asyncc.h>
static async int boom(void) {
    await ac_sleep(0);
    throw AC_EINVAL;
}
int main(void) { return ac_run(boom()); }
AC
"$asyncc" fails.ac -o fails.c
cc -std=c11 -I"$inc" fails.c "$lib" -luv -lpthread -o fails
status=0
msg=$(./fails 2>&1) || status=$?
if [ "$status" = 1 ] && grep -q "boom: invalid argument (task \"Task-1\" created in ordinary code; boom is defined at fails.ac:2)" <<<"$msg"; then
  echo "ok: a failed ac_run task is reported, exit 1"
else
  echo "FAIL: status $status, stderr: $msg"; fail=1
fi
# the creation line is the .ac line of the spawning call itself, also when
# the statement spreads over lines and follows a lowered await
cat > created.ac <<'AC'
#include <asyncc.h>
static async int ok(void) {
    await ac_sleep(0);
    return 1;
}
static async int boom(int x) {
    await ac_sleep(0);
    throw AC_EINVAL + 0 * x;
}
static async int amain(void) {
    int a = await ok() +
        0;
    task(int) t =
        boom(a);                /* CREATED HERE */
    await ac_sleep(0.01);
    (void)t;
    return 0;
}
int main(void) { return ac_run(amain()); }
AC
"$asyncc" created.ac -o created.c
cc -std=c11 -I"$inc" created.c "$lib" -luv -lpthread -o created
line=$(grep -n 'CREATED HERE' created.ac | cut -d: -f1)
msg=$(./created 2>&1 || true)
if grep -q "task \"Task-1\" boom created at created.ac:$line failed and nobody awaited it" <<<"$msg"; then
  echo "ok: an unobserved failure names the .ac line of the spawning call"
else
  echo "FAIL: expected created.ac:$line, stderr: $msg"; fail=1
fi
exit $fail
