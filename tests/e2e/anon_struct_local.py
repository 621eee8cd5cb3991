"""Twin of anon_struct_local.ac (the macro's text written out)."""
import asyncio


async def step(x):
    await asyncio.sleep(0.001)
    return x + 1


async def amain():
    n = await step(1)
    a, b = n, 7
    print(f"s.a + s.b = {a + b}")
    print(f"s.b << 1 = {b << 1}")
    print("u.u > 0 = 1")
    return 0


asyncio.run(amain())
