#!/usr/bin/env bash
# run_w9.sh - W9 (../shared/BENCH-SPEC.md): the asyncc MPI pool beside
# mpi4py.futures and asyncc's local process pool, in one run.
#
#   bench/mpi/run_w9.sh [-d builddir] [-r repeats]
#
# Uses the build's bench_w9 program (target bench_w9, built when MPI is
# found; use a Release build) and Debian's /usr/bin/python3
# (python3-mpi4py). For W9 (2,000 fib(22)), W9b (64 fib(30)) and W9o
# (2,000 fib(1): per-job overhead, not in the spec) it runs
# the python peer once (it takes a minute) and the two asyncc peers
# REPEATS times (default 5), interleaved, since a shared VM's wall times
# vary severalfold from run to run; every RESULT line is printed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../../build repeats=5
while getopts d:r: o; do
  case $o in d) build=$OPTARG ;; r) repeats=$OPTARG ;; *) exit 2 ;; esac
done
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
prog=$build/bench_w9
[ -x "$prog" ] || { echo "no $prog: build target bench_w9" >&2; exit 1; }
for w in W9 W9b W9o; do
  mpirun --oversubscribe -np 3 /usr/bin/python3 -m mpi4py.futures "$here/bench_w9.py" "$w"
  for ((i = 0; i < repeats; i++)); do
    mpirun --oversubscribe -np 3 "$prog" "$w" mpi
    "$prog" "$w" local
  done
done
