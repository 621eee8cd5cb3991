"""Python twin of mpi_pool_map_squares.ac: samples/pool_map_squares.py
with mpi4py.futures.MPIPoolExecutor. Run it as
    mpirun -np 3 python3 -m mpi4py.futures mpi_pool_map_squares.py"""
import time

from mpi4py.futures import MPIPoolExecutor


def cpu_intensive(n):
    # Heavy computation
    return sum(i ** 2 for i in range(n))


if __name__ == "__main__":
    start = time.monotonic()
    with MPIPoolExecutor() as executor:
        results = list(executor.map(cpu_intensive, [100_000, 200_000, 300_000]))
    print(results)
    print(f"elapsed: {time.monotonic() - start:.2f}s")
