import asyncio
import errno

async def work(name, delay, fail):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print("%s: operation canceled" % name)
        raise
    if fail:
        print("%s: fails" % name)
        raise OSError(errno.EIO, "i/o error")
    print("%s: done" % name)
    return int(delay * 1000)

async def all_succeed():
    async with asyncio.TaskGroup() as g:
        a = g.create_task(work("a", 0.02, 0))
        b = g.create_task(work("b", 0.01, 0))
        print("body: spawned")
    print("joined: %d %d" % (await a, await b))

async def one_fails():
    async with asyncio.TaskGroup() as g:
        g.create_task(work("c", 0.01, 1))
        g.create_task(work("d", 0.5, 0))
        try:
            await asyncio.sleep(1)
            print("body: not reached")
        except asyncio.CancelledError:
            print("body: operation canceled")
            raise

async def nested():
    async with asyncio.TaskGroup() as outer:
        outer.create_task(work("e", 0.01, 0))
        async with asyncio.TaskGroup() as inner:
            inner.create_task(work("f", 0.02, 0))
        print("inner joined")
    print("outer joined")

async def amain():
    await all_succeed()
    try:
        await one_fails()
    except* OSError as eg:
        print("group failed: %s" % eg.exceptions[0].strerror)
    await nested()

asyncio.run(amain())
