import asyncio

async def nap(n):
    await asyncio.sleep(0)
    return n

async def total(v):
    s = 0
    for x in v:
        s += x + await nap(0)
    return s

async def norm1(p):
    await nap(0)
    return p[0] + p[1]

async def amain(k):
    kept = [k, k + 1, k + 2]
    a = await total([10, 20, k])
    b = await norm1((k, 40))
    await nap(0)
    by_value = (1, 2)
    print(a, b, sum(kept), by_value[0], by_value[1])

asyncio.run(amain(3))
