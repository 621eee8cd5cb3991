# temps_shared: the CPython twin.
import asyncio


async def v(x):
    await asyncio.sleep(0)
    return x


async def upto(n):
    for i in range(1, n + 1):
        yield await v(i * 10)


async def noise(n):
    s = 0
    for i in range(n):
        s += await v(i) * await v(2)
    return s


async def checks():
    a = await v(1) + await v(2) * await v(3) - await v(4)
    print(f"a = {a}")
    p = [await v(5) + await v(6)]
    b = await v(7)
    print(f"*p = {p[0]}, b = {b}")
    total = 0
    async for x in upto(3):
        y = await v(x + 1)
        z = await v(y * 2) + await v(1)
        total += x + y + z
        print(f"x = {x}, y = {y}, z = {z}")
    print(f"sum = {total}, *p = {p[0]}")
    async with asyncio.timeout(5.0):
        c = await v(8)
        d = await v(c + 1) * 2
        print(f"c = {c}, d = {d}")
    e = int(bool(await v(0) or await v(9))) + (await v(10) if await v(3) > 2 else await v(20))
    print(f"e = {e}")
    if await v(2) + await v(1) == 3:
        print(f"switch 3: {await v(33) + await v(3)}")
    else:
        print("switch default")
    while await v(b) > 5:
        b -= await v(1)
    print(f"b = {b}")
    return a + p[0] + total + e


async def main():
    n = asyncio.ensure_future(noise(40))
    r = await checks()
    print(f"checks = {r}, noise = {await n}")


asyncio.run(main())
