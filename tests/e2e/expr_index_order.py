"""Twin of expr_index_order.ac (index first, as asyncc evaluates it)."""
import asyncio


async def idx(i):
    await asyncio.sleep(0.001)
    print(f"index {i}")
    return i


async def val(v):
    await asyncio.sleep(0.001)
    print(f"value {v}")
    return v


async def amain():
    a = [0, 0, 0, 0]
    i = await idx(2)
    a[i] = await val(20)
    i = await idx(0)
    a[i] = await val(a[2] + 1)
    r = a[await idx(2)] * await val(3)
    print(f"a = {a[0]} {a[1]} {a[2]} {a[3]}, r = {r}")
    return 0


asyncio.run(amain())
