"""Python original of pool_map_squares.ac."""
import time
from concurrent.futures import ProcessPoolExecutor


def cpu_intensive(n):
    # Heavy computation
    return sum(i ** 2 for i in range(n))


if __name__ == "__main__":
    start = time.monotonic()
    with ProcessPoolExecutor() as executor:
        results = list(executor.map(cpu_intensive, [100_000, 200_000, 300_000]))
    print(results)
    print(f"elapsed: {time.monotonic() - start:.2f}s")
