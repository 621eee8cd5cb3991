"""Python original of processes_join.ac. Each task sums the squares below
10**6 instead of the seed's 10**7. So that the lines come out in the same
order on every run, each start waits until the new process has printed its
first line, and once all have started the processes print their last line
in start order; the computations still overlap."""
import multiprocessing
import time


def cpu_bound_task(n, started, turns):
    print(f"Starting CPU-bound task {n}...", flush=True)
    started.set()
    result = sum(i * i for i in range(10**6))
    turns[n].wait()
    print(f"Finished CPU-bound task {n}.", flush=True)
    if n + 1 < len(turns):
        turns[n + 1].set()
    return result


def main_multiprocessing():
    start_time = time.time()
    processes = []
    turns = [multiprocessing.Event() for _ in range(3)]
    for i in range(3):
        started = multiprocessing.Event()
        process = multiprocessing.Process(target=cpu_bound_task, args=(i, started, turns))
        processes.append(process)
        process.start()
        started.wait()
    turns[0].set()  # All started: the first may finish
    for process in processes:
        process.join()
    print(f"Total multiprocessing time: {time.time() - start_time:.2f}s")


if __name__ == '__main__':
    main_multiprocessing()
