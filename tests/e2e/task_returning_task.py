import asyncio

async def val(n):
    await asyncio.sleep(0.001 * n)
    return n

async def make_later(n):
    await asyncio.sleep(0)
    return asyncio.create_task(val(n))

async def pick(hs, i):
    await asyncio.sleep(0)
    return hs[i]

async def amain():
    later = await make_later(7)
    outer = asyncio.create_task(make_later(8))
    inner = await outer
    hs = [asyncio.create_task(val(1)), asyncio.create_task(val(2))]
    p = await pick(hs, 1)
    print(await later, await inner, await p)
    print(await hs[0])
    return 0

asyncio.run(amain())
