"""Python original of pool_lock_counter.ac."""
import asyncio
import threading
import time


class Counter:
    def __init__(self):
        self.value = 0
        self.lock = threading.Lock()

    def increment(self):
        with self.lock:
            self.value += 1

    def get(self):
        with self.lock:
            return self.value


def add_many(counter, times):
    for _ in range(times):
        counter.increment()
    return times


async def worker(counter, times):
    return await asyncio.to_thread(add_many, counter, times)


async def main():
    start = time.monotonic()
    counter = Counter()
    added = await asyncio.gather(*(worker(counter, 10000) for _ in range(4)))
    print(f"Increments requested: {sum(added)}")
    print(f"Counter value: {counter.get()}")
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
