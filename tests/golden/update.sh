#!/usr/bin/env bash
# update.sh - regenerates the expected files of the golden tests.
#
#   tests/golden/update.sh [ASYNCC] [CASE.ac...]
#
# ASYNCC defaults to build/asyncc; without cases, every tests/golden/**/*.ac.
# A case whose translation succeeds gets CASE.c (and loses a stale
# CASE.err); one that fails with exit 1 gets CASE.err (and loses CASE.c).
# Review the result with `git diff tests/golden` before committing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
asyncc=${1:-$here/../../build/asyncc}
[ $# -gt 0 ] && shift
asyncc=$(cd "$(dirname "$asyncc")" && pwd)/$(basename "$asyncc")
[ -x "$asyncc" ] || { echo "no translator at $asyncc (build first)" >&2; exit 2; }

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  mapfile -t cases < <(find "$here" -name '*.ac' | sort)
fi

for ac in "${cases[@]}"; do
  dir=$(cd "$(dirname "$ac")" && pwd)
  name=$(basename "$ac" .ac)
  mode=--no-line # but cases under lines/ keep their #line markers
  case $dir in */golden/lines | */golden/lines/*) mode= ;; esac
  status=0
  # shellcheck disable=SC2086 # mode is empty or one flag
  (cd "$dir" && "$asyncc" $mode "$name.ac" -o -) \
    >"$dir/$name.c.new" 2>"$dir/$name.err.new" || status=$?
  case $status in
    0) mv "$dir/$name.c.new" "$dir/$name.c"
       rm -f "$dir/$name.err.new" "$dir/$name.err"
       echo "updated ${dir#"$here"/}/$name.c" ;;
    1) mv "$dir/$name.err.new" "$dir/$name.err"
       rm -f "$dir/$name.c.new" "$dir/$name.c"
       echo "updated ${dir#"$here"/}/$name.err" ;;
    *) rm -f "$dir/$name.c.new" "$dir/$name.err.new"
       echo "asyncc exited $status on $ac: left unchanged" >&2
       exit 1 ;;
  esac
done
