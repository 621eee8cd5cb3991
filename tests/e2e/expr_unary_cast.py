"""Twin of expr_unary_cast.ac."""
import asyncio


async def f(v):
    await asyncio.sleep(0.001)
    return v


async def amain():
    n = -await f(5)
    z = int(not await f(0))
    d = float(await f(7)) / 2
    i = await f(9) // 2
    big = await f(3) * 1000000000
    print(f"{n} {z} {d:.1f} {i} {big}")
    return 0


asyncio.run(amain())
