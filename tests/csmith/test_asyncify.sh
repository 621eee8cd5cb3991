#!/usr/bin/env bash
# test_asyncify.sh - the rewriter on a fixed program, without csmith.
#
#   test_asyncify.sh ASYNCC CC WORKDIR
#
# shapes.c holds each shape csmith writes that asyncify.py must handle.
# 1. asyncify.py's output must equal shapes.ac byte for byte (review a change
#    of it with `python3 asyncify.py shapes.c shapes.ac && git diff`);
# 2. shapes.ac, translated by ASYNCC and built by CC, must print the checksum
#    that CC's build of shapes.c prints.
# Environment as run_e2e.sh (ASYNCC_INCLUDE, ASYNCC_LIB, ASYNCC_LDLIBS,
# ASYNCC_SANITIZE). Exits 77 without pycparser or csmith.h.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 ASYNCC CC WORKDIR" >&2; exit 2; }
asyncc=$1 cc=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
include=${ASYNCC_INCLUDE:-$here/../../runtime}
lib=${ASYNCC_LIB:-$(dirname "$asyncc")/libasyncc.a}
ldlibs=${ASYNCC_LDLIBS:--luv -pthread}
csmith_include=/usr/include/csmith
python3 -c 'import pycparser' 2>/dev/null || { echo "skip: no pycparser"; exit 77; }
[ -f "$csmith_include/csmith.h" ] || { echo "skip: no csmith.h"; exit 77; }
sanitize=()
if [ -n "${ASYNCC_SANITIZE:-}" ]; then
  sanitize=("-fsanitize=$ASYNCC_SANITIZE" -fno-omit-frame-pointer -fno-sanitize-recover=all)
fi

rm -rf "$work"
mkdir -p "$work"
python3 "$here/asyncify.py" "$here/shapes.c" "$work/shapes.ac"
diff -u "$here/shapes.ac" "$work/shapes.ac" ||
  { echo "FAIL: asyncify.py output differs from shapes.ac (diff above)"; exit 1; }

"$cc" -O1 -w -I "$csmith_include" "$here/shapes.c" -o "$work/orig"
"$asyncc" "$work/shapes.ac" -o "$work/shapes.c"
# shellcheck disable=SC2086 # ldlibs is a list
"$cc" -O1 -w "${sanitize[@]}" -I "$include" -I "$csmith_include" "$work/shapes.c" \
  "$lib" $ldlibs -o "$work/async"
want=$("$work/orig")
got=$(timeout 20 "$work/async")
[ "$want" = "$got" ] || { echo "FAIL: '$got', expected '$want'"; exit 1; }
echo "ok: $got"
