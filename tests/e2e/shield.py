import asyncio
import errno
import os

async def save(v):
    print("save %d: start" % v)
    await asyncio.sleep(0.05)
    print("save %d: done" % v)
    return v * 10

async def request(t):
    try:
        return await asyncio.shield(t)
    except asyncio.CancelledError:
        print("request: %s" % "operation canceled")
        raise

async def fails_later():
    await asyncio.sleep(0.02)
    raise OSError(errno.EIO, os.strerror(errno.EIO))

async def amain():
    t = asyncio.create_task(save(1))
    r = asyncio.create_task(request(t))
    await asyncio.sleep(0.01)
    r.cancel()
    try:
        await r
    except asyncio.CancelledError:
        print("r: %s" % "operation canceled")
    print("t done yet: %d" % t.done())
    print("t: %d" % await t)

    u = asyncio.create_task(save(2))
    try:
        await asyncio.wait_for(request(u), 0.01)
    except asyncio.TimeoutError:
        print("wait_for: %s" % "connection timed out")
    print("u: %d" % await u)

    print("plain: %d" % await asyncio.shield(save(3)))
    try:
        await asyncio.shield(fails_later())
    except OSError as e:
        print("failure passes through: %s" % errno.errorcode[e.errno])
    return 0

asyncio.run(amain())
