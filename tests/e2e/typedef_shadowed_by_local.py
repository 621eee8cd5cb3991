import asyncio

async def twice(v):
    await asyncio.sleep(0)
    return 2 * v

async def f(n):
    total = 0
    count = 3
    await asyncio.sleep(0)
    count = count * await twice(count)
    total += count
    print("inner %d" % count)
    after = total + n
    point = [1, 2]
    point[0] += await twice(point[1])
    print("%d %d %d" % (after, point[0], point[1]))
    return 0

async def g(count):
    await asyncio.sleep(0)
    return count + 1

async def amain():
    await f(5)
    print(await g(41))
    return 0

asyncio.run(amain())
