#!/usr/bin/env bash
# run_w8.sh - W8 (BENCH-SPEC.md): 2,000 small JSON documents from a local
# nginx-light, 100 in flight, HTTP/1.1 keep-alive, one run of each peer:
# CPython aiohttp and httpx (a python3 that has them: Debian's), raw
# libcurl multi on a hand-written libuv loop (curl_uv.c), asyncc (w8.ac on
# the runtime and http/http.c). Peers are built with gcc -O2 into
# BUILDDIR/bench/; BUILDDIR gives only the translator.
#
#   bench/w8/run_w8.sh [-d BUILDDIR] [-r REPEATS] [-i] [-c ROUNDS]
#
# -i: instead of timing, count instructions (the stable figure on a noisy
# VM): each C peer runs under valgrind --tool=callgrind at n = 2 * 100 and
# at n, and the marginal count (Ir(n) - Ir(200)) / (n - 200) is printed as
# Ir per request (process start-up, nginx and set-up left out). The
# callgrind files stay in BUILDDIR/bench/w8-PEER.callgrind for
# callgrind_annotate.
#
# -c ROUNDS: instead, the CPU time of the two C peers (perf stat's
# task-clock, the client process only), ROUNDS runs of each taken in
# turn: least and median milliseconds per peer. On a loaded VM a single
# run's CPU time varies by 1.5x, the least or median of 30 by about 10%
# from one batch of 30 to the next.
# BENCH_SCALE scales n (2000 * BENCH_SCALE). Each peer runs REPEATS times
# (default 1) in turn; prints every RESULT line and a table: each peer's
# best run's requests/s and peak RSS, its least CPU seconds over the runs
# (user + system, the whole process: steadier than wall time on a loaded
# machine), asyncc's ratio to the peer in requests/s and the peer's CPU
# over asyncc's (above 1: asyncc uses less).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build
repeats=1
count=0
cpu_rounds=0
while getopts "d:r:ic:" opt; do
  case $opt in
    d) build=$(cd "$OPTARG" && pwd) ;;
    r) repeats=$OPTARG ;;
    i) count=1 ;;
    c) cpu_rounds=$OPTARG ;;
    *) echo "usage: $0 [-d BUILDDIR] [-r REPEATS] [-i] [-c ROUNDS]" >&2; exit 2 ;;
  esac
done
n=$(python3 -c "print(int(2000 * float('${BENCH_SCALE:-1}')))")
conc=100
out=$build/bench
mkdir -p "$out"
cflags=(-O2 -std=c11 -Wall -Wextra -pedantic -Werror)

gcc "${cflags[@]}" -o "$out/w8-curl-uv" "$here/curl_uv.c" $(pkg-config --cflags --libs libcurl libuv libcjson)
"$build/asyncc" -o "$out/w8-asyncc.c" "$here/w8.ac" -I "$root/http"
# The runtime and the HTTP client are compiled here with -O2 too, whatever
# the build type of BUILDDIR (only its translator is used).
gcc "${cflags[@]}" -I "$root/runtime" -I "$root/http" -o "$out/w8-asyncc" "$out/w8-asyncc.c" \
  "$root"/runtime/*.c "$root/http/http.c" \
  $(pkg-config --cflags --libs libcurl libuv libcjson) -pthread -lm

py=
for p in python3 /usr/bin/python3; do
  if "$p" -c "import aiohttp, httpx" 2>/dev/null; then py=$p; break; fi
done

. "$root/tests/http/nginx.sh"
work=$(mktemp -d)
trap 'stop_nginx; rm -rf "$work"' EXIT
start_nginx "$work"
mkdir -p "$work/www/doc"
python3 - "$work/www/doc" "$n" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    doc = {"id": i, "title": f"document {i}", "body": "x" * 1000}
    with open(f"{d}/{i}.json", "w") as f:
        json.dump(doc, f)
PY

# Ir of one callgrind run of PROGRAM... on N documents (callgrind's "I
# refs" summary line); the run must give the right answer.
ir() { # n callgrind_file program...
  local n=$1 file=$2 line
  shift 2
  line=$(valgrind --tool=callgrind --callgrind-out-file="$file" "$@" "$NGINX_HTTP" "$n" "$conc" \
           2>"$work/cg.err" | grep '^RESULT') || true
  case $line in *ok=1*) ;; *) echo "run_w8.sh: $* under callgrind: wrong answer" >&2; exit 1 ;; esac
  sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$work/cg.err" | tr -d ,
}
if [ "$cpu_rounds" -gt 0 ]; then
  command -v perf >/dev/null || { echo "run_w8.sh: perf not found" >&2; exit 1; }
  for _ in $(seq "$cpu_rounds"); do
    for peer in curl-uv asyncc; do
      perf stat -x, -e task-clock -o "$work/perf" "$out/w8-$peer" "$NGINX_HTTP" "$n" "$conc" |
        grep -q 'ok=1' || { echo "run_w8.sh: w8-$peer: wrong answer" >&2; exit 1; }
      echo "$peer $(grep task-clock "$work/perf" | cut -d, -f1)" >>"$work/cpu"
    done
  done
  python3 - "$work/cpu" <<'PY'
import statistics, sys
ms = {}
for line in open(sys.argv[1]):
    peer, t = line.split()
    ms.setdefault(peer, []).append(float(t))
print(f"{'peer':8} {'runs':>4} {'least ms':>9} {'median ms':>10}")
for peer, v in ms.items():
    print(f"{peer:8} {len(v):4} {min(v):9.1f} {statistics.median(v):10.1f}")
PY
  exit 0
fi
if [ "$count" = 1 ]; then
  command -v valgrind >/dev/null || { echo "run_w8.sh: valgrind not found" >&2; exit 1; }
  small=$((2 * conc))
  [ "$n" -gt "$small" ] || { echo "run_w8.sh: -i needs n > $small" >&2; exit 2; }
  printf '%-8s %14s %14s %12s\n' peer "Ir(n=$small)" "Ir(n=$n)" 'Ir/request'
  for peer in curl-uv asyncc; do
    a=$(ir "$small" "$out/w8-$peer.small.callgrind" "$out/w8-$peer")
    b=$(ir "$n" "$out/w8-$peer.callgrind" "$out/w8-$peer")
    rm -f "$out/w8-$peer.small.callgrind"
    per=$(awk -v a="$a" -v b="$b" -v n="$n" -v s="$small" 'BEGIN{printf "%.0f", (b-a)/(n-s)}')
    printf '%-8s %14s %14s %12s\n' "$peer" "$a" "$b" "$per"
  done
  exit 0
fi

results=()
run() {
  local line
  line=$("$@" "$NGINX_HTTP" "$n" "$conc" | grep '^RESULT')
  echo "$line"
  case $line in *ok=1*) ;; *) echo "run_w8.sh: wrong answer" >&2; exit 1 ;; esac
  results+=("$line")
}
[ -n "$py" ] ||
  echo "run_w8.sh: no python3 with aiohttp and httpx: the Python peers are skipped" >&2
for _ in $(seq "$repeats"); do
  if [ -n "$py" ]; then
    run "$py" "$here/w8_aiohttp.py"
    run "$py" "$here/w8_httpx.py"
  fi
  run "$out/w8-curl-uv"
  run "$out/w8-asyncc"
done

printf '%s\n' "${results[@]}" | python3 -c '
import sys
rows, least_cpu = {}, {}
for line in sys.stdin:
    kv = dict(f.split("=", 1) for f in line.split()[1:])
    best = rows.get(kv["peer"])
    if best is None or float(kv["req_per_s"]) > float(best["req_per_s"]):
        rows[kv["peer"]] = kv
    cpu = float(kv["cpu_s"])
    least_cpu[kv["peer"]] = min(cpu, least_cpu.get(kv["peer"], cpu))
a = float(rows["asyncc"]["req_per_s"])
a_cpu = least_cpu["asyncc"]
print("| peer | req/s (best run) | peak RSS | CPU s (least) | asyncc / peer (req/s) | peer / asyncc (CPU) |")
print("|---|---|---|---|---|---|")
for name, kv in rows.items():
    r = float(kv["req_per_s"])
    rss = int(kv["peak_rss_kb"]) / 1024
    cpu = least_cpu[name]
    print(f"| {name} | {r:.0f} | {rss:.1f} MB | {cpu:.3f} | {a / r:.2f} | {cpu / a_cpu:.2f} |")
'
