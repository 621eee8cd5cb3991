"""Python original of gather_fetch.ac."""
import asyncio
import time


async def fetch_data(x):
    await asyncio.sleep(1)  # Simulates async I/O
    return x * 2


async def main():
    start = time.monotonic()
    results = await asyncio.gather(fetch_data(1), fetch_data(2))
    print(results)
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
