#!/usr/bin/env bash
# run_http.sh - runs an HTTP client test program against tests/http/server.py.
#
#   run_http.sh PROGRAM EXPECTED
#
# Starts the server on an ephemeral port of 127.0.0.1 (no other network is
# used), runs PROGRAM with the base URL http://127.0.0.1:PORT, compares its
# stdout with EXPECTED (stderr must stay empty), and kills the server whatever happens. Exit 77
# (skip) when python3 is missing.
set -euo pipefail
prog=$1
expected=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || exit 77

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A test named *_tls gets an https server with a self-signed certificate
# for 127.0.0.1, and the certificate's path as its second argument.
scheme=http tls=()
case $(basename "$prog") in
  *_tls)
    command -v openssl >/dev/null || exit 77
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
      -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" \
      2>/dev/null
    scheme=https tls=("$work/cert.pem" "$work/key.pem")
    ;;
esac
python3 "$here/server.py" "$work/port" "${tls[@]}" &
server=$!
for _ in $(seq 100); do
  [ -s "$work/port" ] && break
  sleep 0.05
done
[ -s "$work/port" ] || { echo "run_http.sh: the server did not start" >&2; exit 1; }

"$prog" "$scheme://127.0.0.1:$(cat "$work/port")" "${tls[@]:0:1}" </dev/null >"$work/out" 2>"$work/err"
diff -u "$expected" "$work/out"
# Nothing on stderr: no unobserved failure, no handle left in the loop.
if [ -s "$work/err" ]; then
  cat "$work/err" >&2
  exit 1
fi
