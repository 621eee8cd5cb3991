import asyncio
import errno
import os
import threading

async def resolve_later(p, v):
    await asyncio.sleep(0.01)
    p.set_result(v)
    print("resolve %d: %d" % (v, 0))
    try:
        p.set_result(v + 1)
        print("again: accepted")
    except asyncio.InvalidStateError:
        print("again: refused")

async def reject_later(p):
    await asyncio.sleep(0.01)
    p.set_exception(OSError(errno.EIO, "i/o error"))

async def _wait(x):
    await x

async def amain():
    loop = asyncio.get_running_loop()
    a = loop.create_future()
    print("a pending: %d" % (not a.done()))
    ra = asyncio.create_task(resolve_later(a, 42))
    print("a = %d" % await a)
    await ra

    b = loop.create_future()
    rb = asyncio.create_task(reject_later(b))
    try:
        await b
    except OSError as e:
        print("b failed: %s" % e.strerror)
    await rb

    c = loop.create_future()
    try:
        await asyncio.wait_for(c, 0.01)
    except TimeoutError:
        print("c: connection timed out")
    try:
        c.set_result(1)
        print("c resolved after: accepted")
    except asyncio.InvalidStateError:
        print("c resolved after: refused")

    d = loop.create_future()
    d.set_result((1, 2))
    got = await d
    print("d = %d %d" % got)

    e1 = loop.create_future()
    e2 = loop.create_future()
    w1 = asyncio.create_task(resolve_later(e1, 1))
    w2 = asyncio.create_task(resolve_later(e2, 2))
    async with asyncio.TaskGroup() as tg:
        for x in (e1, e2, w1, w2):
            tg.create_task(_wait(x))
    print("gathered %d %d" % (await e1, await e2))

    f = loop.create_future()
    wf = asyncio.create_task(resolve_later(f, 5))
    print("shielded %d" % await asyncio.shield(f))
    await wf

    g = loop.create_future()
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("g: operation canceled")

    p = loop.create_future()
    th = threading.Thread(target=lambda: loop.call_soon_threadsafe(p.set_result, 7))
    th.start()
    print("from a thread: %d" % await p)
    th.join()

asyncio.run(amain())
