"""Python original of pool_map_io_cpu.ac. A download takes 0.1 s instead of
the seed's 1 s; the timing lines say "time:" in lower case (the tests drop
lines with "time:"); the seed's third part (submit and Future) is the
sample pool_submit_future."""
import concurrent.futures
import time


def io_bound_task(url):
    time.sleep(0.1)  # Simulate download
    return f"Data from {url}"


def cpu_bound_task(n):
    return sum(i * i for i in range(n))


if __name__ == "__main__":
    urls = ["url1", "url2", "url3"]
    numbers_for_sum = [1000000, 2000000, 3000000]

    # --- ThreadPoolExecutor for I/O-bound tasks ---
    print("--- ThreadPoolExecutor (I/O-bound) ---")
    start_time = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as executor:
        # map preserves the order of results
        results_io = list(executor.map(io_bound_task, urls))
    print(f"I/O Results: {results_io}")
    print(f"ThreadPoolExecutor time: {time.time() - start_time:.2f} sec.\n")

    # --- ProcessPoolExecutor for CPU-bound tasks ---
    print("--- ProcessPoolExecutor (CPU-bound) ---")
    start_time = time.time()
    # Using context manager ensures processes are cleaned up
    with concurrent.futures.ProcessPoolExecutor(max_workers=3) as executor:
        results_cpu = list(executor.map(cpu_bound_task, numbers_for_sum))
    # Results can be large, just print that they were obtained
    print(f"CPU Results obtained (count: {len(results_cpu)})")
    print(f"ProcessPoolExecutor time: {time.time() - start_time:.2f} sec.\n")
