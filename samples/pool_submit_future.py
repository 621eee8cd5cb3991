"""Python original of pool_submit_future.ac. The seed asks running() right
after submit, which races with the workers picking the jobs up; here the
main thread first waits 0.3 s, when the I/O job (0.6 s) still runs and the
CPU job has finished. The seed's 1 s download is 0.6 s."""
import time
import concurrent.futures


def io_bound_task(url):
    time.sleep(0.6)  # Simulate download
    return f"Data from {url}"


def cpu_bound_task(n):
    return sum(i * i for i in range(n))


if __name__ == "__main__":
    print("--- Using submit and Future ---")
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        future1 = executor.submit(io_bound_task, "url_future1")
        future2 = executor.submit(cpu_bound_task, 500000)

        time.sleep(0.3)
        print(f"Task 1 (I/O) running: {future1.running()}")
        print(f"Task 2 (CPU) running: {future2.running()}")
        print(f"Task 2 (CPU) done: {future2.done()}")

        # .result() blocks until the result is available
        print(f"Result future1: {future1.result()}")
        print(f"Result future2: {future2.result()}")
    print(f"elapsed: {time.monotonic() - start:.2f}s")
