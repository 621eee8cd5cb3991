"""Twin of timeout_scope_queue.ac."""
import asyncio

NAMES = {asyncio.CancelledError: "ECANCELED", TimeoutError: "ETIMEDOUT"}


async def getter(q):
    x = -1
    try:
        async with asyncio.timeout(0):
            x = await q.get()
    except BaseException as e:
        print(f"getter: {NAMES[type(e)]}, x {x}")
        return 0
    print(f"getter: got {x}")
    return 1


async def amain():
    q = asyncio.Queue()
    t = asyncio.create_task(getter(q))
    await asyncio.sleep(0)
    q.put_nowait(7)
    await t
    print(f"main: queue size {q.qsize()}")
    async with asyncio.timeout(1.0):
        x = await q.get()
    print(f"main: got {x}, queue size {q.qsize()}")


asyncio.run(amain())
