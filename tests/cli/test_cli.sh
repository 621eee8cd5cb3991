#!/usr/bin/env bash
# test_cli.sh - the translator's command-line contract (LANGUAGE.md, "The
# tools"): exit codes, -o, `-` for stdin/stdout, --no-line, -MD -MF,
# --write-headers, options after the input, no output file left behind on
# errors.
#
#   test_cli.sh ASYNCC RUNTIME_DIR WORKDIR
#
# RUNTIME_DIR holds asyncc.h, whose AC_PROTOCOL_VERSION --version must
# print and generated C must check.
# Each check prints `ok <what>` or `FAIL <what>`; the script exits 1 if any
# check failed, after running all of them.
# `COND && ok .. || bad ..` is safe here: ok only echoes, it cannot fail.
# shellcheck disable=SC2015
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 ASYNCC RUNTIME_DIR WORKDIR" >&2
  exit 2
fi
asyncc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
runtime=$(cd "$2" && pwd)
work=$3
rm -rf "$work"
mkdir -p "$work/inc"
cd "$work"

failures=0
ok() { echo "ok $*"; }
bad() { echo "FAIL $*"; failures=$((failures + 1)); }

# run CMD...: sets $status, stdout in out.txt, stderr in err.txt.
run() {
  status=0
  "$@" >out.txt 2>err.txt </dev/null || status=$?
}
expect_status() { # expect_status WANT WHAT
  if [ "$status" -eq "$1" ]; then ok "$2"; else
    bad "$2: exit status $status, expected $1"; sed 's/^/  | /' err.txt
  fi
}

cat >inc/mod.ah <<'AC'
async int helper(int x);
AC
cat >prog.ac <<'AC'
#include <asyncc.h>
#include "mod.ah"

static async int twice(int x) {
  return 2 * x;
}

int main(void) {
  return ac_run(twice(0));
}
AC
cat >plain.ac <<'AC'
/* No construct of the extension: copied through byte for byte. */
#include <stdio.h>
#define TWICE(x) ((x) * 2)
struct s { int async; int task; };   /* keywords only where they can stand */
int main(void) { struct s v = {1, 2}; printf("%d\n", TWICE(v.async + v.task)); return 0; }
AC
cat >proto.ac <<'AC'
static async int one(void) { return 1; }
AC
cat >bad.ac <<'AC'
int g(void);
int f(void) {
  return await g();
}
AC

# ---- usage --------------------------------------------------------------
run "$asyncc" --help
expect_status 0 "--help exits 0"
[ -s out.txt ] || [ -s err.txt ] || bad "--help prints nothing"
run "$asyncc" --version
expect_status 0 "--version exits 0"
grep -q '[0-9]\.[0-9]' out.txt err.txt || bad "--version prints no version number"
protocol=$(sed -n 's/^#define AC_PROTOCOL_VERSION \([0-9][0-9]*\)$/\1/p' "$runtime/asyncc.h")
grep -q "(protocol $protocol)" out.txt && ok "--version prints asyncc.h's protocol $protocol" ||
  bad "--version does not print asyncc.h's protocol '$protocol': $(cat out.txt)"
run "$asyncc" --no-such-option prog.ac
expect_status 2 "unknown option exits 2"
run "$asyncc"
expect_status 2 "missing input exits 2"
run "$asyncc" -o out.c
expect_status 2 "-o without input exits 2"
run "$asyncc" does-not-exist.ac -o nothing.c
if [ "$status" -ne 0 ] && [ ! -e nothing.c ]; then ok "unreadable input fails, no output"
else bad "unreadable input: status $status, output left: $([ -e nothing.c ] && echo yes || echo no)"; fi

# ---- output ----------------------------------------------------------------
run "$asyncc" -I inc -o prog.c prog.ac
expect_status 0 "-o OUT IN"
[ -s prog.c ] && ok "-o writes the output" || bad "-o wrote no output"
[ ! -s out.txt ] && ok "-o leaves stdout empty" || bad "-o also wrote to stdout"
grep -q '#line' prog.c && ok "#line markers by default" || bad "no #line marker in prog.c"

run "$asyncc" prog.ac -I inc -o after.c
expect_status 0 "options after the input"
# (the #line markers back into the output name it: after.c here)
sed 's/"after\.c"/"prog.c"/' after.c | cmp -s prog.c - &&
  ok "same output with options after the input" ||
  bad "options after the input change the output"

run "$asyncc" --no-line -I inc -o noline.c prog.ac
expect_status 0 "--no-line"
if grep -q '^[[:space:]]*#[[:space:]]*line' noline.c; then bad "--no-line output has #line"
else ok "--no-line output has no #line"; fi

status=0
"$asyncc" -I inc - <prog.ac >stdin.c 2>err.txt || status=$?
expect_status 0 "- reads stdin"
[ -s stdin.c ] && ok "- writes stdout" || bad "- wrote nothing on stdout"

status=0
"$asyncc" -I inc -o - prog.ac >dash-o.c 2>err.txt || status=$?
expect_status 0 "-o - writes stdout"
cmp -s prog.c dash-o.c && ok "-o - gives the same text as -o prog.c" ||
  bad "-o - differs from -o prog.c"

run "$asyncc" --no-line -o plain.c plain.ac
expect_status 0 "plain C"
cmp -s plain.ac plain.c && ok "plain C is copied byte for byte" ||
  bad "plain C is not copied byte for byte"

# ---- the runtime protocol ---------------------------------------------------
# Generated C compiles against the header it was written for, and against a
# header of another protocol stops with a message that says what to do.
cc=${CC:-cc}
run "$asyncc" -o proto.c proto.ac
expect_status 0 "translate proto.ac"
run "$cc" -std=c11 -fsyntax-only -I "$runtime" proto.c
expect_status 0 "generated C compiles against asyncc.h"
mkdir -p other
sed "s/^#define AC_PROTOCOL_VERSION .*/#define AC_PROTOCOL_VERSION $((protocol + 1))/" \
  "$runtime/asyncc.h" >other/asyncc.h
run "$cc" -std=c11 -fsyntax-only -I other proto.c
if [ "$status" -ne 0 ] && grep -q "protocol $protocol.*translate the \.ac again" err.txt; then
  ok "another protocol's asyncc.h stops the build with the message"
else
  bad "another protocol's asyncc.h: status $status"; sed 's/^/  | /' err.txt
fi

# ---- dependencies ----------------------------------------------------------
run "$asyncc" -I inc -MD -MF prog.d -o prog2.c prog.ac
expect_status 0 "-MD -MF"
if [ -f prog.d ] && grep -q 'mod\.ah' prog.d; then ok "depfile names the .ah read"
else bad "depfile missing or does not name inc/mod.ah"; fi
if [ -f prog.d ] && grep -q 'prog2\.c' prog.d; then ok "depfile names the output"
else bad "depfile does not name its target prog2.c"; fi

# ---- --write-headers ------------------------------------------------------
# hdrs.ac includes inc/mod.ah and inc/sub/deep.ah, which includes leaf.ah
# beside it: each x.h must land where the rewritten #include "x.h" looks
# first, below the output's directory.
mkdir -p inc/sub gen
echo '#include "leaf.ah"' >inc/sub/deep.ah
echo 'async int leaf(void);' >inc/sub/leaf.ah
printf '#include <asyncc.h>\n#include "mod.ah"\n#include "sub/deep.ah"\n' >hdrs.ac
run "$asyncc" -I inc --no-line --write-headers -MD -MF hdrs.d -o gen/hdrs.c hdrs.ac
expect_status 0 "--write-headers"
for h in gen/mod.h gen/sub/deep.h gen/sub/leaf.h; do
  [ -s "$h" ] && ok "--write-headers writes $h" || bad "--write-headers wrote no $h"
done
"$asyncc" -I inc --no-line -o mod-alone.h inc/mod.ah
cmp -s gen/mod.h mod-alone.h && ok "a written header is the .ah's translation" ||
  bad "gen/mod.h differs from the translation of inc/mod.ah"
grep -q '#include "leaf.h"' gen/sub/deep.h && ok "a header's own .ah includes are rewritten" ||
  bad "gen/sub/deep.h does not include leaf.h"
grep -q 'leaf\.ah' hdrs.d && ok "depfile names an .ah read through another" ||
  bad "depfile does not name inc/sub/leaf.ah"

touch -d '2000-01-01' gen/mod.h gen/hdrs.c
touch -d '2001-01-01' in-2001 # older than anything written now
echo 'stale' >gen/sub/leaf.h
run "$asyncc" -I inc --no-line --write-headers -o gen/hdrs.c hdrs.ac
expect_status 0 "--write-headers again"
[ gen/mod.h -ot hdrs.ac ] && ok "an unchanged header is not rewritten" ||
  bad "gen/mod.h was rewritten with the same text"
[ gen/hdrs.c -nt in-2001 ] && ok "the output itself is always rewritten" ||
  bad "gen/hdrs.c was not rewritten"
grep -q stale gen/sub/leaf.h && bad "a changed header was not rewritten" ||
  ok "a changed header is rewritten"

# .ah files in sibling directories that include each other: one header
# each, however many ../ the walk has gone through.
mkdir -p inc/a inc/b
printf '#ifndef X_AH\n#define X_AH\n#include "../b/y.ah"\n#endif\n' >inc/a/x.ah
printf '#ifndef Y_AH\n#define Y_AH\n#include "../a/x.ah"\n#endif\n' >inc/b/y.ah
echo '#include "a/x.ah"' >cycle.ac
run "$asyncc" -I inc --write-headers -o gen/cycle.c cycle.ac
expect_status 0 "--write-headers with .ah files including each other"
[ -s gen/a/x.h ] && [ -s gen/b/y.h ] && ok "one header each, under its tidied path" ||
  bad "gen/a/x.h or gen/b/y.h missing"

run "$asyncc" -I inc --write-headers -o - hdrs.ac
expect_status 2 "--write-headers to stdout exits 2"
printf '#include "%s/inc/mod.ah"\n' "$PWD" >abs.ac
run "$asyncc" --write-headers -o gen/abs.c abs.ac
expect_status 1 "--write-headers refuses an absolute .ah include"
grep -q '^abs\.ac:1:[0-9]*: error: ' err.txt && [ ! -e gen/abs.c ] &&
  ok "absolute .ah include: error at its line, no output" ||
  { bad "absolute .ah include: no located error, or gen/abs.c left"; sed 's/^/  | /' err.txt; }

# ---- the generated C under a compiler's default dialect --------------------
# tcc without -std=c11 says C99 and its <stddef.h> then has no max_align_t:
# what asyncc.h expands in generated code must not need it.
if command -v tcc >/dev/null; then
  printf '#include <asyncc.h>\nstatic async long twice(long x) { await ac_sleep(0); return 2 * x; }\nstatic async int amain(void) { return (int)await twice(21); }\nint main(void) { return ac_run(amain()); }\n' >dialect.ac
  run "$asyncc" -o dialect.c dialect.ac
  if tcc -I "$runtime" -c dialect.c -o dialect.o 2>dialect.err; then
    ok "generated C compiles with tcc's default dialect"
  else
    bad "generated C does not compile with tcc's default dialect"
    sed 's/^/  | /' dialect.err
  fi
fi

# ---- output in another directory: the .ac's own headers still found ------
# gcc looks for #include "x.h" beside the file it compiles, whatever #line
# says: asyncc -o out/x.c src/x.ac must make out/x.c find src/x.h (and
# src/sub/y.h) without -I src; <x.h> and names not beside the .ac stay.
mkdir -p anchor/src/sub anchor/out
printf '#define FROM_X 40\n' >anchor/src/x.h
printf '#define FROM_Y 2\n' >anchor/src/sub/y.h
cat >anchor/src/x.ac <<'AC'
#include <asyncc.h>
#include "x.h"
#include "sub/y.h"
static async int answer(void) {
  await ac_sleep(0);
  return FROM_X + FROM_Y;
}
int main(void) { return ac_run(answer()) == 42 ? 0 : 1; }
AC
run "$asyncc" -o anchor/out/x.c anchor/src/x.ac
expect_status 0 "translate to another directory"
grep -q '^#include "\.\./src/x\.h"$' anchor/out/x.c && grep -q '^#include "\.\./src/sub/y\.h"$' anchor/out/x.c &&
  grep -q '^#include <asyncc\.h>$' anchor/out/x.c &&
  ok "quoted includes beside the .ac rewritten from the output's directory" ||
  { bad "quoted includes not rewritten to ../src/"; grep '#include' anchor/out/x.c | sed 's/^/  | /'; }
if (cd anchor && cc -std=c11 -Wall -Wextra -pedantic -Werror -I "$runtime" -fsyntax-only out/x.c 2>../anchor.err); then
  ok "output in another directory compiles without -I for the .ac's headers"
else
  bad "output in another directory does not find the .ac's headers"; sed 's/^/  | /' anchor.err
fi
run "$asyncc" -o anchor/src/same.c anchor/src/x.ac
grep -q '^#include "x\.h"$' anchor/src/same.c && ok "output beside the .ac: includes as written" ||
  bad "output beside the .ac: include changed"

# ---- errors ----------------------------------------------------------------
run "$asyncc" -o bad.c bad.ac
expect_status 1 "translation error exits 1"
[ ! -e bad.c ] && ok "no output file left after errors" || bad "bad.c left behind"
grep -q '^bad\.ac:3:[0-9]*: error: ' err.txt && ok "error located as file:line:col" ||
  { bad "error message not in file:line:col: error: form"; sed 's/^/  | /' err.txt; }

if [ "$failures" -ne 0 ]; then
  echo "$failures CLI check(s) failed"
  exit 1
fi
echo "all CLI checks passed"
