#!/usr/bin/env bash
# test_socat_echo.sh - the echo_tcp sample's server driven by a client
# nobody here wrote: socat, three clients at once.
#
#   test_socat_echo.sh SAMPLE_ECHO_TCP
#
# Starts `SAMPLE_ECHO_TCP serve 3` (it prints its port, serves three
# clients, shuts down and exits 0), runs three socat clients at once, each
# sending one message and reading to the end of the stream, and checks each
# got its own message back and the server logged all three. Exit 77 (ctest
# skip) when socat is not installed (scripts/deps.sh installs it).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 SAMPLE_ECHO_TCP" >&2
  exit 2
fi
server=$1
if ! command -v socat >/dev/null; then
  echo "socat is not installed (scripts/deps.sh installs it): skipped" >&2
  exit 77
fi

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

timeout 20 "$server" serve 3 >"$work/server.log" 2>&1 &
pid=$!

port=
for _ in $(seq 100); do
  port=$(sed -n 's/^serving on port \([0-9]*\)$/\1/p' "$work/server.log")
  [ -n "$port" ] && break
  sleep 0.05
done
if [ -z "$port" ]; then
  echo "FAIL: the server printed no port" >&2
  cat "$work/server.log" >&2
  exit 1
fi

for i in 1 2 3; do
  printf 'hello from socat %d' "$i" |
    timeout 10 socat -t 5 - "TCP:127.0.0.1:$port" >"$work/reply$i" &
done
wait_fail=0
for job in $(jobs -p); do
  [ "$job" = "$pid" ] && continue
  wait "$job" || wait_fail=1
done

status=0
wait "$pid" || status=$?
pid=
fail=0
if [ "$wait_fail" -ne 0 ]; then echo "FAIL: a socat client failed" >&2; fail=1; fi
if [ "$status" -ne 0 ]; then echo "FAIL: the server exited with $status" >&2; fail=1; fi
for i in 1 2 3; do
  got=$(cat "$work/reply$i")
  if [ "$got" != "hello from socat $i" ]; then
    echo "FAIL: client $i got '$got'" >&2
    fail=1
  fi
  if ! grep -q "^Received 'hello from socat $i' from 127.0.0.1$" "$work/server.log"; then
    echo "FAIL: the server did not log client $i" >&2
    fail=1
  fi
done
if [ "$fail" -ne 0 ]; then
  cat "$work/server.log" >&2
  exit 1
fi
echo "ok: socat x3 echoed through sample echo_tcp"
