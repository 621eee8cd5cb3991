import asyncio

async def work(i):
    await asyncio.sleep(0.001 * (3 - i))
    return i * i

async def producer(q):
    for i in range(3):
        await q.put(asyncio.create_task(work(i)))
    print("producer done")

async def amain():
    q = asyncio.Queue()
    await asyncio.create_task(producer(q))
    await asyncio.sleep(0.01)
    total = 0
    for _ in range(3):
        t = await q.get()
        total += await t
    print("sum", total)

asyncio.run(amain())
