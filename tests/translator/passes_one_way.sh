#!/usr/bin/env bash
# passes_one_way.sh LIB - the translator's passes call one way.
#
# Takes libasyncc_translator_core.a. Among the files of the passes (source,
# lexer, tokens, skim, parse, the Lemon parser, ast, analyse, the lowering,
# the driver emit, the output layer output and protocol), no file may call
# into a file that calls it back, directly or through others: the skimmer
# calls the parser, the parser the grammar, the grammar the builders, the
# driver the lowering, both the output layer, never the other way round. Calls are read
# from the members' symbols (nm); a loop is what tsort reports. Exits 0
# and prints the calls, or 1 and prints the loop.
set -euo pipefail
lib=$1

front=" source lexer tokens skim parse parser ast analyse lower lower_frame lower_live lower_pp emit output protocol "

# "member symbol" lines: what each member defines, what it needs.
defined=$(nm --defined-only "$lib" |
  awk '/:$/ {m=$1; sub(/\..*/, "", m)} $2 ~ /^[TDRB]$/ {print m, $3}')
needed=$(nm --undefined-only "$lib" |
  awk '/:$/ {m=$1; sub(/\..*/, "", m)} $1 == "U" {print m, $2}')

edges=$(awk -v front="$front" '
  NR == FNR { owner[$2] = $1; next }
  ($2 in owner) && owner[$2] != $1 &&
    index(front, " " $1 " ") && index(front, " " owner[$2] " ") {
    print $1, owner[$2]
  }' <(printf '%s\n' "$defined") <(printf '%s\n' "$needed") | sort -u)

if [[ -z $edges ]]; then
  echo "passes_one_way: no calls found in $lib" >&2
  exit 1
fi
loop=$(printf '%s\n' "$edges" | tsort 2>&1 >/dev/null || true)
if [[ -n $loop ]]; then
  echo "passes_one_way: the front passes call in a circle:"
  echo "$loop"
  exit 1
fi
echo "passes_one_way: $(printf '%s\n' "$edges" | tr '\n' ';')"
