# shield_rounds: the CPython twin of shield_rounds.ac (see there).
import asyncio

async def quick(n):
    for _ in range(n):
        await asyncio.sleep(0)
    print("  quick done")
    return 7

async def ticker(n):
    for i in range(n):
        print("  tick %d" % i)
        await asyncio.sleep(0)

async def waiter(t):
    try:
        r = await asyncio.shield(t)
        print("  waiter got %d" % r)
    except asyncio.CancelledError:
        print("  waiter cancelled")
        raise

async def canceller(holder, k):
    for _ in range(k):
        await asyncio.sleep(0)
    print("  cancel waiter")
    holder[0].cancel()

async def race(label, steps, cancel_after, cancel_first=False):
    print(label)
    holder = [None]
    tk = asyncio.create_task(ticker(6))
    if cancel_first:
        asyncio.create_task(canceller(holder, cancel_after))
    t = asyncio.create_task(quick(steps))
    if steps < 0:
        await t
    w = asyncio.create_task(waiter(t))
    holder[0] = w
    if cancel_after >= 0 and not cancel_first:
        asyncio.create_task(canceller(holder, cancel_after))
    try:
        await w
    except asyncio.CancelledError:
        pass
    await tk
    print("  t: %d" % await t)

async def amain():
    await race("shield against a ticker", 1, -1)
    await race("shield of a finished task", -1, -1)
    for k in range(5):
        await race("cancel after %d rounds" % k, 1, k)
    for k in range(1, 4):
        await race("cancel first, after %d rounds" % k, 1, k, True)

asyncio.run(amain())
