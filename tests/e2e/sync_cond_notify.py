"""Twin of sync_cond_notify.ac."""
import asyncio

items = []


async def consumer(cond, cid):
    async with cond:
        while not items:
            print(f"c{cid} waits")
            await cond.wait()
            print(f"c{cid} woke (items {len(items)}, locked {cond.locked()})")
        v = items.pop(0)
        print(f"c{cid} took {v}")


async def amain():
    cond = asyncio.Condition()
    ts = [asyncio.create_task(consumer(cond, i)) for i in range(4)]
    await asyncio.sleep(0)
    async with cond:
        items.append(1)
        cond.notify()
        print("notified 1")
    await asyncio.sleep(0)
    async with cond:
        items.extend([2, 3])
        cond.notify(2)
        print("notified 2")
        await asyncio.sleep(0)
        print("still holding the lock")
    await asyncio.sleep(0.02)
    ts[3].cancel()
    try:
        await ts[3]
    except asyncio.CancelledError:
        print(f"c3 cancelled, locked {cond.locked()}")
    async with cond:
        items.append(4)
        cond.notify_all()
    await asyncio.gather(*ts[:3])
    try:
        cond.notify()
    except RuntimeError:
        print("notify without the lock fails")
    return 0


asyncio.run(amain())
