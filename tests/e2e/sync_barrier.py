"""Twin of sync_barrier.ac."""
import asyncio


async def runner(b, rid):
    for rnd in range(2):
        print(f"r{rid} arrives round {rnd} (waiting {b.n_waiting})")
        await b.wait()
        print(f"r{rid} passes round {rnd}")


async def stuck(b):
    try:
        await b.wait()
    except asyncio.BrokenBarrierError:
        print(f"stuck: broken {b.broken}")


async def amain():
    b = asyncio.Barrier(3)
    ts = [asyncio.create_task(runner(b, i)) for i in range(3)]
    await asyncio.gather(*ts)
    print(f"parties {b.parties}, waiting {b.n_waiting}")
    b2 = asyncio.Barrier(2)
    t = asyncio.create_task(stuck(b2))
    await asyncio.sleep(0.02)
    await b2.abort()
    await t
    try:
        await b2.wait()
    except asyncio.BrokenBarrierError:
        print("wait on a broken barrier fails")
    return 0


asyncio.run(amain())
