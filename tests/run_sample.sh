#!/usr/bin/env bash
# run_sample.sh - runs a sample program and compares its stdout with the
# expected output, ignoring lines that report timings.
#
#   run_sample.sh PROGRAM EXPECTED TIMING_ERE [ARG...]
#
# PROGRAM runs with the ARGs (python3 FILE.py for a sample's Python twin).
# Lines matching TIMING_ERE (grep -E) are dropped from both sides before
# the comparison: they print durations that differ from run to run. A
# missing EXPECTED file means only the exit status (0) is checked.
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 PROGRAM EXPECTED TIMING_ERE [ARG...]" >&2
  exit 2
fi
program=$1
expected=$2
timing=$3
shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
timeout 60 "$program" "$@" </dev/null >"$tmp/stdout" || status=$?
if [ "$status" -ne 0 ]; then
  echo "FAIL $(basename "$program"): exit status $status" >&2
  exit 1
fi
if [ ! -f "$expected" ]; then
  echo "ok $(basename "$program") (no $(basename "$expected"): exit status only)"
  exit 0
fi
grep -Ev "$timing" "$expected" >"$tmp/want" || true
grep -Ev "$timing" "$tmp/stdout" >"$tmp/got" || true
if ! diff -u "$tmp/want" "$tmp/got"; then
  echo "FAIL $(basename "$program"): output differs from $(basename "$expected")" >&2
  echo "(lines matching /$timing/ are ignored)" >&2
  exit 1
fi
echo "ok $(basename "$program")"
