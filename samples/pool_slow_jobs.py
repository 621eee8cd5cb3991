"""Python original of pool_slow_jobs.ac. The seed's jobs all sleep 1 s, so
their completion order varies; here job n sleeps DELAY_UNITS[n] times
50 ms, no two finishing less than 50 ms apart, so the order is fixed."""
from concurrent.futures import ThreadPoolExecutor, as_completed
import time

DELAY_UNITS = [5, 6, 1, 2, 2, 6, 1, 3]
DELAY_UNIT = 0.05  # seconds


def slow_job(n):
    time.sleep(DELAY_UNITS[n] * DELAY_UNIT)
    return n * n


start = time.monotonic()
with ThreadPoolExecutor(max_workers=4) as executor:
    futures = [executor.submit(slow_job, i) for i in range(8)]
    for future in as_completed(futures):
        print(future.result())
print(f"elapsed: {time.monotonic() - start:.2f}s")
