"""Twin of basic_static_local.ac (a module global plays the static local)."""
import asyncio

_id = 0


async def next_id(delay):
    global _id
    await asyncio.sleep(delay)
    _id += 1
    return _id


async def amain():
    a = await next_id(0.001)
    b = await next_id(0.001)
    print(f"sequential {a} {b}")
    slow = asyncio.create_task(next_id(0.06))
    fast = asyncio.create_task(next_id(0.02))
    await asyncio.gather(slow, fast)
    print(f"slow got {await slow}, fast got {await fast}")
    print(f"last {await next_id(0)}")
    return 0


asyncio.run(amain())
