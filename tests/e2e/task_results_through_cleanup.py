import asyncio

async def int_finally(x):
    try:
        return x * 2
    finally:
        await asyncio.sleep(0.05)
        print("int_finally cleanup")

async def double_defer(x):
    try:
        return x / 4
    finally:
        await asyncio.sleep(0.01)
        print("double_defer cleanup")

async def pair_nested(n):
    p = (float(n), n + 0.5)
    try:
        try:
            return p
        finally:
            await asyncio.sleep(0.02)
            print("pair inner cleanup")
    finally:
        await asyncio.sleep(0)
        print("pair outer cleanup")

async def big_defer(n):
    b = [n + i for i in range(5)]
    try:
        return b
    finally:
        await asyncio.sleep(0.001)

async def str_finally(s):
    try:
        if s[0] == 'x':
            return "early"
        await asyncio.sleep(0)
        return s
    finally:
        await asyncio.sleep(0.001)

async def waiter(t):
    return await t + 1

async def amain():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(int_finally(21))
        b = tg.create_task(double_defer(10))
        c = tg.create_task(pair_nested(3))
        d = tg.create_task(big_defer(7))
        e = tg.create_task(str_finally("hello"))
        e2 = tg.create_task(str_finally("x"))
        w = tg.create_task(waiter(a))
    p = await c
    g = await d
    print("%d %.2f %.1f %.1f %d %d %s %s %d" % (await a, await b, p[0], p[1], g[0], g[4],
          await e, await e2, await w))
    return 0

asyncio.run(amain())
