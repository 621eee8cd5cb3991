"""Python original of pool_fib.ac. The seed computes fib(35), fib(36) and
fib(37); fib(30..32) keeps CI fast. It prints the results in completion
order, which depends on how the processes happen to be scheduled: sorting
them keeps the output the same from run to run."""
import time
from concurrent.futures import ProcessPoolExecutor, as_completed


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


if __name__ == "__main__":
    start = time.monotonic()
    with ProcessPoolExecutor() as executor:
        futures = [executor.submit(fib, n) for n in (30, 31, 32)]
        results = sorted(f.result() for f in as_completed(futures))
    print("Results:", results)
    print(f"elapsed: {time.monotonic() - start:.2f}s")
