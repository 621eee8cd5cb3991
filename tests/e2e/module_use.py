import asyncio

async def slow_double(x):
    await asyncio.sleep(0.03)
    return 2 * x

async def make_pair(a, b):
    return (await slow_double(a), await slow_double(b))

async def say_later(msg, delay):
    await asyncio.sleep(delay)
    print(msg)

async def main():
    late = asyncio.create_task(say_later("later", 0.15))
    soon = asyncio.create_task(say_later("soon", 0.02))
    d = await slow_double(21)
    p = await make_pair(1, 2)
    print(f"d={d} pair=({p[0]}, {p[1]})")
    await asyncio.gather(late, soon)

asyncio.run(main())
