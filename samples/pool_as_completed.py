"""Python original of pool_as_completed.ac (the seed draws each delay with
random.uniform(0.5, 2.0); fixed delays at least 0.1 s apart keep the output
the same from run to run)."""
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

DELAYS = [0.9, 0.3, 0.7, 0.1, 0.5]


def fetch_data(name, delay):
    time.sleep(delay)  # blocking
    print(f"{name} finished after {delay:.2f}s")
    return name


start = time.monotonic()
with ThreadPoolExecutor() as executor:
    futures = [executor.submit(fetch_data, f"task{i}", DELAYS[i]) for i in range(5)]
    results = [f.result() for f in as_completed(futures)]
print("Results:", results)
print(f"elapsed: {time.monotonic() - start:.2f}s")
