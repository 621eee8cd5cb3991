# _Generic picks by static type; Python's twin picks by the runtime type.
import asyncio

def kind(x):
    return {int: "int", float: "double"}.get(type(x), "other")

async def twice(n):
    await asyncio.sleep(0)
    return 2 * n

async def amain(a):
    d = 1.5
    r = await twice(a)
    z = a + r if isinstance(a, int) else 0
    s = "double" if isinstance(d, float) else "other"
    print(z, s, kind(r), kind(d * a))
    return 0

asyncio.run(amain(2))
