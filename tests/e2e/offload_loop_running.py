"""Python twin of offload_loop_running.ac."""
import asyncio
import time


def blocking_io():
    time.sleep(0.25)
    return 7


async def ticker(n):
    for i in range(1, n + 1):
        await asyncio.sleep(0.1)
        print(f"tick {i}")


async def main():
    t = asyncio.create_task(ticker(3))
    v = await asyncio.to_thread(blocking_io)
    print(f"job done: {v}")
    await t
    print("ticker done")


asyncio.run(main())
