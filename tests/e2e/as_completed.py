import asyncio

async def job(i, s):
    await asyncio.sleep(s)
    return i

async def bad(s):
    await asyncio.sleep(s)
    raise OSError(5, "EIO")

async def early_exit(fut):
    try:
        await asyncio.shield(fut)  # as_completed never cancels what it watches
    except asyncio.CancelledError:
        print("waiter: cancelled")
        raise
    return 0

async def amain():
    ts = [asyncio.create_task(job(1, 0.04)), asyncio.create_task(job(2, 0.01)),
          asyncio.create_task(bad(0.02)), asyncio.create_task(job(4, 0.03))]
    for f in asyncio.as_completed(ts):
        try:
            v = await f
            i = next(k for k, t in enumerate(ts) if t.done() and not t.exception() and t.result() == v)
            print("index %d: %d" % (i, v))
        except OSError:
            i = next(k for k, t in enumerate(ts) if t.done() and t.exception() is not None)
            print("index %d failed: EIO" % i)
    print("after the last: EINVAL")

    more = [asyncio.create_task(job(5, 0.02)), asyncio.create_task(job(6, 0)),
            asyncio.create_task(job(7, 0))]
    await more[2]
    await more[1]
    got = []
    for f in asyncio.as_completed(more):
        v = await f
        got.append([5, 6, 7].index(v))
    # those finished before come first (asyncio: in set order; asyncc: array order)
    for i in sorted(got[:2]) + got[2:]:
        print("next %d" % i)

    slow = [asyncio.create_task(job(8, 0.05))]
    w = asyncio.create_task(early_exit(slow[0]))
    await asyncio.sleep(0.01)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("w: cancelled")
    print("slow: %d" % await slow[0])
    return 0

asyncio.run(amain())
