"""Python original of queue_producer_consumer.ac. The seed's producer puts
a single sentinel for two consumers, so the second consumer waits forever
and the program never ends; here the producer puts one per consumer. Each
item takes 0.01 s of work instead of 0.1 s."""
import asyncio

NCONSUMERS = 2


async def producer(queue: asyncio.Queue, items):
    for item in items:
        await queue.put(item)
        print(f"Produced: {item}")
    for _ in range(NCONSUMERS):
        await queue.put(None)  # Sentinel to stop a consumer


async def consumer(queue: asyncio.Queue, name: str):
    while True:
        item = await queue.get()
        if item is None:
            queue.task_done()
            break
        print(f"{name} consumed: {item}")
        await asyncio.sleep(0.01)  # Simulate work
        queue.task_done()


async def main():
    queue = asyncio.Queue(maxsize=10)

    # Start producer and consumers
    await asyncio.gather(
        producer(queue, range(20)),
        consumer(queue, "Consumer-1"),
        consumer(queue, "Consumer-2"),
    )


asyncio.run(main())
