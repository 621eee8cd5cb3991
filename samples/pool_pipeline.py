"""Python original of pool_pipeline.ac."""
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


async def fetch_item(item):
    await asyncio.sleep(0.1 * item)  # simulate network I/O
    print(f"fetched item {item}")
    return item * 1000


async def fetch_all_data(items):
    return await asyncio.gather(*(fetch_item(i) for i in items))


def process_data(data):
    # CPU-intensive: the sum of squares below each value
    return sum(sum(i * i for i in range(n)) for n in data)


async def process_batch(items):
    # Fetch data concurrently
    data = await fetch_all_data(items)
    print("Fetched:", data)

    # Process CPU-intensive work in process pool
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:
        results = await loop.run_in_executor(pool, process_data, data)

    return results


async def main():
    start = time.monotonic()
    result = await process_batch([3, 1, 2])
    print("Result:", result)
    print(f"elapsed: {time.monotonic() - start:.2f}s")


if __name__ == "__main__":
    asyncio.run(main())
