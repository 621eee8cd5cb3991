"""Python original of pool_threads_join.ac. The seed's threads sleep 2 s
and 1 s (here 0.4 s and 0.2 s). Each start here also waits until the
thread has printed its first line, so the "starting" lines cannot swap."""
import threading
import time


def worker(name, delay, started):
    print(f"{name} starting")
    started.set()
    time.sleep(delay)
    print(f"{name} done")


def start_thread(name, delay):
    started = threading.Event()
    t = threading.Thread(target=worker, args=(name, delay, started))
    t.start()
    started.wait()
    return t


start = time.monotonic()
threads = [start_thread("Thread-1", 0.4), start_thread("Thread-2", 0.2)]
for t in threads:
    t.join()  # wait for all threads to finish
print("All threads done")
print(f"elapsed: {time.monotonic() - start:.2f}s")
