"""Twin of expr_operand_order.ac."""
import asyncio


async def f(tag, v):
    await asyncio.sleep(0.001)
    print(f"f {tag}")
    return v


async def g(tag, v):
    print(f"g {tag}")
    return v


async def amain():
    x = await f("a", 2) + await g("b", 3)
    print(f"x = {x}")
    y = await f("c", 2) + await g("d", 3) * await f("e", 4)
    print(f"y = {y}")
    z = (await f("f", 10) - await f("g", 4)) // await g("h", 2)
    print(f"z = {z}")
    return 0


asyncio.run(amain())
