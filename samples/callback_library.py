# callback_library: a callback-style library whose callbacks come from a
# thread of its own, wrapped with loop.create_future() and
# call_soon_threadsafe, as the C sample does with a promise and a bridge.
import asyncio
import errno
import threading
import time

def lookup_start(key, cb):
    def run():
        time.sleep(max(key, 0) * 0.01)
        if key < 0:
            cb(-1, 0)
        else:
            cb(0, key * key)
    threading.Thread(target=run, daemon=True).start()

async def lookup(key):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    def on_lookup(status, value):
        if status == 0:
            loop.call_soon_threadsafe(fut.set_result, value)
        else:
            loop.call_soon_threadsafe(fut.set_exception,
                                      OSError(errno.ENOENT, "no such file or directory"))
    lookup_start(key, on_lookup)
    return await fut

async def amain():
    a, b, c = await asyncio.gather(lookup(3), lookup(1), lookup(2))
    print("squares: %d %d %d" % (a, b, c))
    try:
        await lookup(-1)
    except OSError as e:
        print("lookup(-1): %s" % e.strerror)

asyncio.run(amain())
