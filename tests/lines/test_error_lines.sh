#!/usr/bin/env bash
# test_error_lines.sh - a compiler error in an async function is reported on
# the .ac line the user wrote, for every line of it, not only the first
# line of each statement. For each line of error_lines.ac holding ERR, in
# turn: that line's ERRs become a call of an undeclared function, the
# others 0; the translation, compiled with each compiler, must fail with
# errors on that .ac line and no other. With every ERR 0 it must compile
# clean (-Wall -Wextra -pedantic -Werror).
#
#   test_error_lines.sh ASYNCC RUNTIME_INCLUDE_DIR [CC...]   (default: gcc clang)
set -euo pipefail
asyncc=$1 inc=$2
shift 2
ccs=("$@")
[ ${#ccs[@]} -gt 0 ] || ccs=(gcc clang)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

have=()
for cc in "${ccs[@]}"; do command -v "$cc" >/dev/null && have+=("$cc"); done
[ ${#have[@]} -gt 0 ] || { echo "no compiler among ${ccs[*]}: skipped"; exit 77; }

cflags=(-std=c11 -Wall -Wextra -pedantic -Werror -Werror=implicit-function-declaration
        -fsyntax-only -I"$inc")
fail=0

# make_case LINE: error_lines.ac with the ERRs of LINE broken (0: none).
make_case() {
  if [ "$1" = 0 ]; then sed 's/ERR/0/g' "$here/error_lines.ac" >error_lines.ac
  else sed -e "$1s/ERR/ac_undeclared_fn()/g" -e 's/ERR/0/g' "$here/error_lines.ac" >error_lines.ac
  fi
}

make_case 0
"$asyncc" error_lines.ac -o error_lines.c
for cc in "${have[@]}"; do
  if "$cc" "${cflags[@]}" error_lines.c 2>clean.txt; then
    echo "ok: $cc compiles the unbroken program"
  else
    echo "FAIL: $cc rejects the unbroken program:"; cat clean.txt; fail=1
  fi
done

lines=$(grep -n 'ERR' "$here/error_lines.ac" | grep -v '^[0-9]*: \*\|/\*' | cut -d: -f1)
n=0
for line in $lines; do
  make_case "$line"
  "$asyncc" error_lines.ac -o error_lines.c
  for cc in "${have[@]}"; do
    "$cc" "${cflags[@]}" error_lines.c 2>err.txt && { echo "FAIL: line $line: $cc found no error"; fail=1; continue; }
    # every error message names a position in error_lines.ac: LINE, only
    got=$(grep -E '^[^ ]*:[0-9]+:[0-9]+: error:' err.txt | cut -d: -f1,2 | sort -u | tr '\n' ' ')
    if [ "$got" = "error_lines.ac:$line " ]; then
      n=$((n + 1))
    else
      echo "FAIL: line $line ($(sed -n "${line}p" "$here/error_lines.ac" | sed 's/^ *//')): $cc reports errors at: $got"
      fail=1
    fi
  done
done
[ "$fail" = 0 ] && echo "ok: $n errors (${have[*]}) each on its own .ac line"
exit $fail
