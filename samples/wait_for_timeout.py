"""Python original of wait_for_timeout.ac."""
import asyncio
import time


async def slow_operation():
    await asyncio.sleep(5)
    return "done"


async def main():
    start = time.monotonic()
    try:
        result = await asyncio.wait_for(slow_operation(), timeout=2.0)
        print(result)
    except asyncio.TimeoutError:
        print("Operation timed out!")
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
