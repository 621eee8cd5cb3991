"""Python original of pool_fetch_pair.ac. The seed's jobs both sleep 1 s,
so their completion order varies; here fetch_data(x) sleeps x tenths of a
second, so the printed list is the same on every run."""
from concurrent.futures import ThreadPoolExecutor, as_completed
import time


def fetch_data(x):
    time.sleep(x / 10)  # Blocking call
    return x * 2


with ThreadPoolExecutor() as executor:
    futures = [executor.submit(fetch_data, i) for i in [1, 2]]
    results = [f.result() for f in as_completed(futures)]
print(results)
