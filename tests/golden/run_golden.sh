#!/usr/bin/env bash
# run_golden.sh - one golden test: the translator's exact output.
#
#   run_golden.sh ASYNCC CASE.ac
#
# With CASE.c beside CASE.ac: `asyncc --no-line CASE.ac -o -` must exit 0
# and print exactly CASE.c. With CASE.err: it must exit 1, print exactly
# CASE.err on stderr and nothing on stdout. asyncc runs in the case's
# directory with the bare file name, so messages read `case.ac:3:5: ...`.
# Cases under lines/ are translated without --no-line: their CASE.c keeps
# the #line markers (named "CASE.ac" and, for the output's own lines,
# "CASE.c"). Expected files change only through update.sh, and the diff is
# reviewed.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 ASYNCC CASE.ac" >&2
  exit 2
fi
asyncc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(cd "$(dirname "$2")" && pwd)
name=$(basename "$2" .ac)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mode=--no-line
case $dir in */golden/lines | */golden/lines/*) mode= ;; esac

status=0
# shellcheck disable=SC2086 # mode is empty or one flag
(cd "$dir" && "$asyncc" $mode "$name.ac" -o -) \
  >"$tmp/stdout" 2>"$tmp/stderr" || status=$?

if [ -f "$dir/$name.err" ]; then
  diff -u "$dir/$name.err" "$tmp/stderr" ||
    { echo "FAIL $name: stderr differs from $name.err" >&2; exit 1; }
  [ "$status" -eq 1 ] ||
    { echo "FAIL $name: exit status $status, expected 1" >&2; exit 1; }
  [ ! -s "$tmp/stdout" ] ||
    { echo "FAIL $name: output written despite errors" >&2; exit 1; }
elif [ -f "$dir/$name.c" ]; then
  if [ "$status" -ne 0 ]; then
    cat "$tmp/stderr" >&2
    echo "FAIL $name: exit status $status, expected 0" >&2
    exit 1
  fi
  diff -u "$dir/$name.c" "$tmp/stdout" ||
    { echo "FAIL $name: output differs from $name.c (run update.sh if intended)" >&2; exit 1; }
else
  echo "FAIL $name: neither $name.c nor $name.err exists (run update.sh)" >&2
  exit 1
fi
echo "ok $name"
