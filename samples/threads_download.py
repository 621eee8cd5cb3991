"""Python original of threads_download.ac. The seed's downloads take 2 s
(here 0.2 s). So that the lines come out in the same order on every run,
each start waits until the new thread has printed its first line, and once
all have started the threads print their last line in start order; the
downloads still overlap."""
import threading
import time


class Turns:
    """What the threads print, in order: counts of started and finished
    lines, under one condition variable."""

    def __init__(self, nthreads):
        self.changed = threading.Condition()
        self.nthreads = nthreads
        self.started = 0
        self.finished = 0


def download_file(url, index, turns):
    with turns.changed:
        print(f"Downloading {url}...")
        turns.started += 1
        turns.changed.notify_all()
    time.sleep(0.2)  # Simulate network I/O
    with turns.changed:
        turns.changed.wait_for(lambda: turns.started == turns.nthreads
                               and turns.finished >= index)
        print(f"Finished downloading {url}.")
        turns.finished += 1
        turns.changed.notify_all()


def main_threading():
    start_time = time.time()
    threads = []
    urls = ["http://example.com/file1", "http://example.com/file2", "http://example.com/file3"]
    turns = Turns(len(urls))
    for index, url in enumerate(urls):
        thread = threading.Thread(target=download_file, args=(url, index, turns))
        threads.append(thread)
        thread.start()
        with turns.changed:
            turns.changed.wait_for(lambda: turns.started > index)
    for thread in threads:
        thread.join()
    print(f"Total threading time: {time.time() - start_time:.2f}s")


main_threading()
