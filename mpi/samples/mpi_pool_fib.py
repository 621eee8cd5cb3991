"""Python twin of mpi_pool_fib.ac: samples/pool_fib.py with the
ProcessPoolExecutor replaced by mpi4py.futures.MPIPoolExecutor. Run it as
    mpirun -np 3 python3 -m mpi4py.futures mpi_pool_fib.py
(rank 0 runs this script, ranks 1 and 2 are the workers). fib(30..32)
instead of the tutorial's fib(35..37) keeps CI fast; the results are
sorted because their completion order varies."""
import time
from concurrent.futures import as_completed

from mpi4py.futures import MPIPoolExecutor


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


if __name__ == "__main__":
    start = time.monotonic()
    with MPIPoolExecutor() as executor:
        futures = [executor.submit(fib, n) for n in (30, 31, 32)]
        results = sorted(f.result() for f in as_completed(futures))
    print("Results:", results)
    print(f"elapsed: {time.monotonic() - start:.2f}s")
