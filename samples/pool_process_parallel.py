"""Python original of pool_process_parallel.ac: the seed's process_parallel
over three data sets (the seed gives none; these are the C program's)."""
from concurrent.futures import ProcessPoolExecutor
import multiprocessing


def cpu_intensive(data):
    # Heavy computation
    return sum(x * x for x in data)


def process_parallel(datasets):
    workers = multiprocessing.cpu_count()
    with ProcessPoolExecutor(max_workers=workers) as executor:
        results = list(executor.map(cpu_intensive, datasets))
    return results


if __name__ == "__main__":
    datasets = [range(1, 11), range(1, 101), range(1, 1001)]
    print(process_parallel(datasets))
