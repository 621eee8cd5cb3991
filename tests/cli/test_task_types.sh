#!/usr/bin/env bash
# test_task_types.sh - task(T) is a real C type, distinct per T: the C
# compiler rejects a task(int) where a task(double) is expected, and
# accepts the right one.
#
#   test_task_types.sh ASYNCC RUNTIME_INCLUDE_DIR WORKDIR
set -euo pipefail
asyncc=$1 inc=$2 work=$3
mkdir -p "$work"
cd "$work"
cat > good.ac <<'AC'
#include <asyncc.h>
static async int i(void) { return 1; }
static async double d(void) { return 2.0; }
static async int amain(void) {
    task(int) a = i();
    task(double) b = d();
    return await a + (int)await b;
}
int main(void) { return ac_run(amain()) == 3 ? 0 : 1; }
AC
sed 's/task(double) b = d();/task(double) b = i();/' good.ac > bad.ac
for f in good bad; do "$asyncc" "$f.ac" -o "$f.c"; done
cc -std=c11 -Wall -Wextra -pedantic -Werror -I"$inc" -c good.c -o good.o ||
  { echo "FAIL: the well-typed program does not compile"; exit 1; }
if cc -std=c11 -I"$inc" -c bad.c -o bad.o 2>err.txt; then
  echo "FAIL: task(int) accepted where task(double) is expected"; exit 1
fi
grep -q "bad.ac:6" err.txt || { echo "FAIL: the error is not on bad.ac:6:"; cat err.txt; exit 1; }
echo "ok: task(int) rejected as task(double), at bad.ac:6"
