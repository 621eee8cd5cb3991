"""Twin of expr_call_args.ac."""
import asyncio


async def f(v):
    await asyncio.sleep(0.001)
    print(f"f({v})")
    return v


async def add(a, b):
    print(f"add({a}, {b})")
    await asyncio.sleep(0.001)
    return a + b


async def amain():
    print(await f(1), await f(2))
    print("sum", await add(await f(3), await f(4)))
    print(5, await f(6), await add(7, await f(8)))
    return 0


asyncio.run(amain())
