"""Python original of create_task.ac."""
import asyncio
import time


async def task(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} done after {delay}s")
    return name


async def main():
    start = time.monotonic()
    task1 = asyncio.create_task(task("A", 2))
    task2 = asyncio.create_task(task("B", 1))
    result1 = await task1
    result2 = await task2
    print(result1, result2)
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
