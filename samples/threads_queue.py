"""Python twin of threads_queue.ac, built on the seed's note that
queue.Queue is thread-safe (the seed shows only put and get): two producer
threads share a bounded Queue with one consumer thread. The arrival order
depends on the scheduler, so only what does not is printed."""
import threading
from queue import Queue  # Thread-safe

NPRODUCERS = 2
NITEMS = 10
SENTINEL = 0


def produce(q, producer):
    for value in range(1, NITEMS + 1):
        q.put((producer, value))
    q.put((producer, SENTINEL))


def consume(q, tallies):
    running = NPRODUCERS
    while running > 0:
        producer, value = q.get()
        if value == SENTINEL:
            running -= 1
            continue
        tallies[producer].append(value)


def main():
    q = Queue(maxsize=4)
    tallies = [[] for _ in range(NPRODUCERS)]
    consumer = threading.Thread(target=consume, args=(q, tallies))
    consumer.start()
    producers = [threading.Thread(target=produce, args=(q, i)) for i in range(NPRODUCERS)]
    for p in producers:
        p.start()
    for p in producers:
        p.join()
    consumer.join()
    for i, values in enumerate(tallies):
        in_order = values == list(range(1, len(values) + 1))
        print(f"producer-{i + 1}: {len(values)} items, sum {sum(values)}, in order: {in_order}")


main()
