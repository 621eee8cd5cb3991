#!/usr/bin/env bash
# run_mpi.sh - runs an MPI pool test program and checks what it printed.
#
#   run_mpi.sh MODE EXPECTED MPIRUN PROGRAM [ARGS...]
#
# MODE N (a number): `MPIRUN --oversubscribe -np N PROGRAM` must exit 0
#   (every rank finalized) and print EXPECTED on stdout (lines with
#   "elapsed", which vary from run to run, dropped on both sides).
# MODE plain: PROGRAM alone, no launcher: exit 0 and EXPECTED.
# MODE killed: under 3 ranks a worker rank is killed: the job must end
#   within 20 s (no hang) with a non-zero status, a message on stderr that
#   names the signal, and EXPECTED on stdout (what came before).
# Exits 77 (skip) when MPIRUN is missing. Open MPI refuses root unless
# told: the two OMPI_ALLOW_* variables say so (ignored by MPICH).
set -uo pipefail
mode=$1 expected=$2 mpirun=$3
shift 3
prog=("$@")
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Under ASan, rank 0's leak check at exit would report Open MPI's own;
# its plugins stay loaded so that the suppressions can name them.
here=$(cd "$(dirname "$0")" && pwd)
export OMPI_MCA_mca_base_component_disable_dlclose=1 PMIX_MCA_mca_base_component_disable_dlclose=1
export LSAN_OPTIONS="suppressions=$here/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# Open MPI's libraries have no frame pointers: only the slow unwinder
# finds their names in a leak's stack.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

launch() { # NP: runs PROGRAM under the launcher
  if [ -z "$mpirun" ] || ! command -v "$mpirun" >/dev/null; then
    echo "mpirun not found: skipped"; exit 77
  fi
  local flags=()
  "$mpirun" --version 2>/dev/null | grep -q "Open MPI" && flags=(--oversubscribe)
  timeout 50 "$mpirun" "${flags[@]}" -np "$1" "${prog[@]}" >"$out" 2>"$err"
}

start=$(date +%s)
case $mode in
  plain) timeout 50 "${prog[@]}" >"$out" 2>"$err"; rc=$? ;;
  killed) launch 3; rc=$? ;;
  *) launch "$mode"; rc=$? ;;
esac
took=$(( $(date +%s) - start ))
cat "$err" >&2

if ! diff -u <(grep -v elapsed "$expected") <(grep -v elapsed "$out"); then
  echo "FAIL: stdout differs from $expected"; exit 1
fi
if [ "$mode" = killed ]; then
  if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ] || [ "$took" -gt 20 ]; then
    echo "FAIL: a dead rank must end the job non-zero within 20 s (status $rc, ${took}s)"; exit 1
  fi
  if ! grep -Eqi "signal 9|killed" "$err"; then
    echo "FAIL: no message says that a rank was killed"; exit 1
  fi
  echo "the job ended with status $rc after ${took}s"
  exit 0
fi
if [ "$rc" -ne 0 ]; then echo "FAIL: exit status $rc"; exit 1; fi
