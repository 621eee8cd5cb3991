import asyncio

def work(i):
    print("work %d" % i)

def sq(i):
    return i * i

async def amain():
    await asyncio.gather(asyncio.to_thread(work, 1), asyncio.to_thread(sq, 3))
    print("gathered")
    t = asyncio.create_task(asyncio.to_thread(sq, 4))
    print(await t)
    bg = asyncio.create_task(asyncio.to_thread(work, 2))
    await asyncio.sleep(0.05)
    print("done")
    return 0

asyncio.run(amain())
