#!/usr/bin/env bash
# demo.sh - from a fresh clone to a running asyncc program: installs the
# dependencies, configures and builds (build/), then shows one sample end
# to end: its .ac source, the translation, the build, the run.
#
#   scripts/demo.sh [SAMPLE]      SAMPLE: a samples/<name>.ac (default: gather)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${BUILD_DIR:-build}

scripts/deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"

# The seed sample is the gather one; fall back to any sample.
name=${1:-}
if [ -z "$name" ]; then
  for f in samples/gather.ac samples/*gather*.ac samples/*.ac; do
    if [ -f "$f" ]; then name=$(basename "$f" .ac); break; fi
  done
fi
ac=samples/$name.ac
[ -f "$ac" ] || { echo "demo.sh: no sample $ac" >&2; exit 1; }

echo
echo "==== $ac (asyncc source)"
cat "$ac"
echo
echo "==== $build/asyncc $ac -o $build/demo/$name.c"
mkdir -p "$build/demo"
(cd samples && "../$build/asyncc" "$name.ac" -o "../$build/demo/$name.c")
echo "($(wc -l <"$build/demo/$name.c") lines of C; the build used asyncc_target_sources)"
echo
echo "==== $build/samples/sample_$name"
"$build/samples/sample_$name"
