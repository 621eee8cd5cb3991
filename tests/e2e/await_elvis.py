import asyncio

calls = 0

async def value(v):
    global calls
    await asyncio.sleep(0)
    calls += 1
    print("value(%d)" % v)
    return v

async def name(s):
    await asyncio.sleep(0)
    return s

async def amain():
    x = await value(0) or await value(7)
    y = await value(3) or await value(9)
    s = None
    s = s or await name("fallback")
    u = await name("first") or "never"
    counter = 0
    z = counter or await value(5)
    counter += 1
    print("%d %d %s %s %d counter=%d calls=%d" % (x, y, s, u, z, counter, calls))
    return 0

asyncio.run(amain())
