"""Python original of fetch_result.ac."""
import asyncio
import time


async def fetch_data():
    print("Fetching...")
    await asyncio.sleep(2)  # non-blocking pause
    return {"data": 42}


async def main():
    start = time.monotonic()
    result = await fetch_data()
    print(result)
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
