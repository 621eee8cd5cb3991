"""Twin of expr_conditional.ac."""
import asyncio


async def f(v):
    await asyncio.sleep(0.001)
    print(f"f({v})")
    return v


async def amain():
    for c in range(2):
        a = await f(1) if c else 0
        b = await f(2) if c else await f(3)
        d = 40 if await f(c) else await f(50)
        print(f"c={c} a={a} b={b} d={d}")
    return 0


asyncio.run(amain())
