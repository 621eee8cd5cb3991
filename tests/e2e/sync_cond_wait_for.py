"""Twin of sync_cond_wait_for.ac."""
import asyncio

count = 0
calls = 0


def reached(goal):
    global calls
    calls += 1
    return count if count >= goal else 0


async def waiter(cond, goal):
    async with cond:
        v = await cond.wait_for(lambda: reached(goal))
        print(f"w{goal} sees {v} (locked {cond.locked()})")


async def amain():
    global count
    cond = asyncio.Condition()
    ws = [asyncio.create_task(waiter(cond, g)) for g in (2, 3)]
    await asyncio.sleep(0)
    for _ in range(3):
        async with cond:
            count += 1
            print(f"count {count}")
            cond.notify_all()
        await asyncio.sleep(0)
    await asyncio.gather(*ws)
    async with cond:                       # true at once: no wait
        v = await cond.wait_for(lambda: reached(1))
        print(f"at once {v}")
    slow = asyncio.create_task(waiter(cond, 10))
    await asyncio.sleep(0)
    slow.cancel()
    try:
        await slow
    except asyncio.CancelledError:
        print(f"w10 cancelled, locked {cond.locked()}")
    try:                                   # a wait is needed: the lock is not held
        await cond.wait_for(lambda: reached(10))
    except RuntimeError:
        print("wait_for without the lock fails")
    print(f"predicate calls {calls}")
    return 0


asyncio.run(amain())
