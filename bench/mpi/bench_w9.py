"""W9, the python peer (../shared/BENCH-SPEC.md): fib jobs on
mpi4py.futures.MPIPoolExecutor(max_workers=2), run as
    mpirun -np 3 --oversubscribe python3 -m mpi4py.futures bench_w9.py W9|W9b|W9o
(W9o, not in the spec: 2,000 fib(1) jobs, all overhead.)
Timed: first submit to last result (the executor is started and its
workers spawned before). Serial time afterwards, in the same process.
overhead_us = (wall_s * workers - serial_s) / n, as the asyncc peers."""
import os
import resource
import sys
import time

from mpi4py.futures import MPIPoolExecutor


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def scaled(n):
    f = float(os.environ.get("BENCH_SCALE", "1"))
    return max(1, int(n * f + 0.5))


def main():
    name = sys.argv[1]
    k, jobs, fk = {"W9": (22, scaled(2000), 17711), "W9b": (30, scaled(64), 832040),
                   "W9o": (1, scaled(2000), 1)}[name]
    workers = 2
    with MPIPoolExecutor(max_workers=workers) as pool:
        pool.submit(int, 0).result()  # workers up, outside the timed region
        t0 = time.perf_counter()
        futs = [pool.submit(fib, k) for _ in range(jobs)]
        total = sum(f.result() for f in futs)
        wall = time.perf_counter() - t0
    s0 = time.perf_counter()
    serial = sum(fib(k) for _ in range(jobs))
    serial_s = time.perf_counter() - s0
    if total != jobs * fk or serial != jobs * fk:
        print(f"WRONG ANSWER: sum {total}, serial {serial}", file=sys.stderr)
        sys.exit(2)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"RESULT {name} python wall_s={wall:.6f} peak_rss_kb={rss} n={jobs} "
          f"workers={workers} serial_s={serial_s:.6f} speedup={serial_s / wall:.3f} "
          f"us_per_job={wall / jobs * 1e6:.1f} "
          f"overhead_us={(wall * workers - serial_s) / jobs * 1e6:.1f} sum={total}")


if __name__ == "__main__":
    main()
