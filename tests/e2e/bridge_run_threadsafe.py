import asyncio, concurrent.futures, threading

async def square(x):
    await asyncio.sleep(0.01)
    return x * x

async def fails():
    await asyncio.sleep(0.01)
    raise TimeoutError

async def forever():
    try:
        await asyncio.sleep(100)
    finally:
        print("forever: cleanup on the loop")
    return 0

def thread_main(loop, done):
    xs = [2, 3, 4]
    fs = [asyncio.run_coroutine_threadsafe(square(x), loop) for x in xs]
    for x, f in zip(xs, fs):
        print(f"thread: square({x}) = {f.result(5)} (rc 0)")
    bad = asyncio.run_coroutine_threadsafe(fails(), loop)
    try:
        bad.result(5)
    except TimeoutError:
        print("thread: fails with AC_ETIMEDOUT: 1")
    slow = asyncio.run_coroutine_threadsafe(forever(), loop)
    try:
        slow.result(0.05)
    except concurrent.futures.TimeoutError:
        print("thread: timed out waiting: 1")
    asked = slow.cancel()
    try:
        slow.result(5)
    except concurrent.futures.CancelledError:
        pass
    # asyncio settles the future at once, asyncc once the task's cleanup
    # has run: wait for it here so that both print in the same order
    asyncio.run_coroutine_threadsafe(asyncio.sleep(0.01), loop).result(5)
    print("thread: cancel asked:", int(asked))
    print("thread: forever cancelled: 1")
    print("thread: cancelled:", int(slow.cancelled()))
    loop.call_soon_threadsafe(done.set)

async def main():
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    th = threading.Thread(target=thread_main, args=(loop, done))
    th.start()
    await done.wait()
    th.join()
    print("loop: done")

asyncio.run(main())
