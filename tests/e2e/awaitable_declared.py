import asyncio
import errno

def cache_get(key):
    fut = asyncio.get_running_loop().create_future()
    if key < 0:
        fut.set_exception(OSError(errno.EINVAL, "invalid argument"))
    else:
        fut.set_result(key * 2)
    return fut

ready = None

async def waiter(name):
    try:
        await ready.wait()
        print("%s: ready" % name)
    except asyncio.CancelledError:
        print("%s: operation canceled" % name)
        raise

async def amain():
    global ready
    v = await cache_get(21) + await cache_get(1)
    print("cache_get: %d" % v)
    try:
        await cache_get(-1)
    except OSError as e:
        print("bad key: %s" % e.strerror)
    ready = asyncio.Event()
    a = asyncio.create_task(waiter("a"))
    b = asyncio.create_task(waiter("b"))
    await asyncio.sleep(0.01)
    b.cancel()
    ready.set()
    await a
    try:
        await b
    except asyncio.CancelledError:
        print("b ended: operation canceled")

asyncio.run(amain())
