import asyncio

async def val(n):
    await asyncio.sleep(0)
    return n

async def amain():
    await asyncio.sleep(0.01)
    v = await val(3)
    t = asyncio.create_task(val(4))
    print(v, await t)

asyncio.run(amain())
