"""Twin of basic_for_await_parts.ac."""
import asyncio


async def start():
    await asyncio.sleep(0.001)
    print("init")
    return 0


async def more(i):
    await asyncio.sleep(0.001)
    print(f"cond {i}")
    return i < 3


async def step():
    await asyncio.sleep(0.001)
    print("step")
    return 1


async def amain():
    i = await start()
    while await more(i):
        print(f"body {i}")
        i += await step()
    print("loop done")
    return 0


asyncio.run(amain())
