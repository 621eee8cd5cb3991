"""Twin of expr_compound_assign.ac.

Python's `x += await e` reads x before the await; asyncc reads it after,
so the twin awaits first and then updates."""
import asyncio


async def slow_value(v):
    await asyncio.sleep(0.05)
    return v


async def meddle(box, i):
    await asyncio.sleep(0.02)
    box[i] += 100
    print(f"meddle: x = {box[i]}")


async def amain():
    x = [1]
    arr = [5, 6]
    m = asyncio.create_task(meddle(x, 0))
    v = await slow_value(10)
    x[0] += v
    print(f"x = {x[0]}")
    await m

    m2 = asyncio.create_task(meddle(arr, 1))
    v = await slow_value(2)
    arr[1] *= v
    print(f"arr = {arr[0]} {arr[1]}")
    await m2
    return 0


asyncio.run(amain())
