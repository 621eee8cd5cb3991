#!/usr/bin/env bash
# run_w9.sh - W9 (../shared/BENCH-SPEC.md): the asyncc MPI pool beside
# mpi4py.futures and asyncc's local process pool, one run each.
#
#   bench/mpi/run_w9.sh [-d builddir]
#
# Uses the build's bench_w9 program (target bench_w9, built when MPI is
# found) and Debian's /usr/bin/python3 (python3-mpi4py). Prints the
# RESULT lines of W9 (2,000 fib(22)) and W9b (64 fib(30)).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../../build
[ "${1:-}" = -d ] && build=$2
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
prog=$build/bench_w9
[ -x "$prog" ] || { echo "no $prog: build target bench_w9" >&2; exit 1; }
for w in W9 W9b; do
  mpirun --oversubscribe -np 3 /usr/bin/python3 -m mpi4py.futures "$here/bench_w9.py" "$w"
  mpirun --oversubscribe -np 3 "$prog" "$w" mpi
  "$prog" "$w" local
done
