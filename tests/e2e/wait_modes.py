import asyncio

async def job(i, s):
    await asyncio.sleep(s)
    print("job %d done" % i)
    return i

async def bad(s):
    await asyncio.sleep(s)
    print("bad fails")
    raise OSError(5, "EIO")

async def waiter(ts):
    try:
        await asyncio.wait(ts[:1])
    except asyncio.CancelledError:
        print("waiter: cancelled")
        raise
    return 0

def show(what, ts, done):
    print("%s: %d done: %s" % (what, len(done), " ".join(str(int(t.done())) for t in ts)))

async def amain():
    a = [asyncio.create_task(job(1, 0.15)), asyncio.create_task(job(2, 0.05)),
         asyncio.create_task(job(3, 0.25))]
    done, _ = await asyncio.wait(a, return_when=asyncio.FIRST_COMPLETED)
    show("first completed", a, done)
    done, _ = await asyncio.wait(a, return_when=asyncio.ALL_COMPLETED)
    show("all completed", a, done)
    print("results %d %d %d" % (await a[0], await a[1], await a[2]))

    b = [asyncio.create_task(job(4, 0.25)), asyncio.create_task(bad(0.05)),
         asyncio.create_task(job(5, 0.1))]
    done, _ = await asyncio.wait(b, return_when=asyncio.FIRST_EXCEPTION)
    show("first exception", b, done)
    print("b[1] failed: %d" % int(isinstance(b[1].exception(), OSError)))

    c = [asyncio.create_task(job(6, 2.5)), asyncio.create_task(job(7, 0.05))]
    done, _ = await asyncio.wait(c, timeout=0.25)
    show("timeout", c, done)
    c[0].cancel()
    done, _ = await asyncio.wait(c)
    show("after cancel", c, done)
    print("c[0] cancelled: %d" % int(c[0].cancelled()))

    done, _ = await asyncio.wait(a, return_when=asyncio.FIRST_COMPLETED)
    show("again", a, done)
    await asyncio.gather(b[0], b[2])

    d = [asyncio.create_task(job(8, 0.15))]
    w = asyncio.create_task(waiter(d))
    await asyncio.sleep(0.05)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("w: cancelled")
    print("d running: %d" % int(not d[0].done()))
    print("d: %d" % await d[0])

    e = asyncio.create_task(job(9, 0.05))
    done, _ = await asyncio.wait([e, e], return_when=asyncio.FIRST_COMPLETED)
    print("twice: %d" % int(len(done) >= 1 and e.done()))
    return 0

asyncio.run(amain())
