"""Twin of promise_threads.ac."""
import asyncio
import errno
import threading

THREADS, EACH = 4, 50


def settle_all(loop, ps, first):
    for i in range(EACH):
        k = first + i
        if k % 10 == 9:
            loop.call_soon_threadsafe(ps[k].set_exception, OSError(errno.EIO, "i/o error"))
        else:
            loop.call_soon_threadsafe(ps[k].set_result, k)
    loop.call_soon_threadsafe(ps[first].set_result, -1)   # refused


async def amain():
    loop = asyncio.get_running_loop()
    ps = [loop.create_future() for _ in range(THREADS * EACH)]
    threads = [threading.Thread(target=settle_all, args=(loop, ps, t * EACH))
               for t in range(THREADS)]
    for th in threads:
        th.start()
    total, failed = 0, 0
    for p in ps:
        try:
            total += await p
        except OSError as e:
            if e.errno == errno.EIO:
                failed += 1
    for th in threads:
        th.join()
    await asyncio.sleep(0)   # the refused settlings run
    print(f"sum {total}, {failed} rejected")


asyncio.run(amain())
