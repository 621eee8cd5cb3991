#!/usr/bin/env bash
# run_nginx.sh - runs an HTTP client test program against nginx-light.
#
#   run_nginx.sh PROGRAM EXPECTED
#
# Writes the documents /posts/N.json (N = 1..3, {"id": N, "title": "post
# N"}) into a temporary root, starts nginx on two ephemeral ports of
# 127.0.0.1 (nginx.sh: plain HTTP/1.1, and TLS with HTTP/2 and a
# self-signed certificate; and a forward proxy), runs PROGRAM HTTP_URL
# HTTPS_URL CERT PROXY_URL, compares
# its stdout with EXPECTED (stderr must stay empty), and stops nginx
# whatever happens. Exit 77 (skip) when nginx or openssl is absent.
set -euo pipefail
prog=$1
expected=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/nginx.sh"

work=$(mktemp -d)
cleanup() {
  stop_nginx
  rm -rf "$work"
}
trap cleanup EXIT

rc=0
start_nginx "$work" || rc=$?
[ "$rc" = 0 ] || exit "$rc"
mkdir -p "$work/www/posts"
for n in 1 2 3; do
  printf '{"id": %d, "title": "post %d"}\n' "$n" "$n" >"$work/www/posts/$n.json"
done

"$prog" "$NGINX_HTTP" "$NGINX_HTTPS" "$NGINX_CERT" "$NGINX_PROXY" </dev/null >"$work/out" 2>"$work/err"
diff -u "$expected" "$work/out"
if [ -s "$work/err" ]; then
  cat "$work/err" >&2
  exit 1
fi
