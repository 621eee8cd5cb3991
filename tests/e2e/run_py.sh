#!/usr/bin/env bash
# run_py.sh - runs a Python twin of an e2e program and compares its stdout
# with the .expected file beside it: the expected outputs come from the seeds,
# so this checks the corpus itself.
#
#   run_py.sh PYTHON3 FILE.py
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 PYTHON3 FILE.py" >&2
  exit 2
fi
py=$1
file=$2
dir=$(cd "$(dirname "$file")" && pwd)
name=$(basename "$file" .py)
out=$(mktemp)
trap 'rm -f "$out"' EXIT

want_status=0
if [ -f "$dir/$name.status" ]; then
  want_status=$(cat "$dir/$name.status")
fi
status=0
(cd "$dir" && timeout 60 "$py" "$name.py" </dev/null) >"$out" || status=$?
diff -u "$dir/$name.expected" "$out"
if [ "$status" -ne "$want_status" ]; then
  echo "FAIL $name.py: exit status $status, expected $want_status" >&2
  exit 1
fi
echo "ok $name.py"
