"""Twin of sync_lock_counter.ac."""
import asyncio

counter = 0


async def worker(lock, wid, rounds):
    global counter
    for r in range(rounds):
        await lock.acquire()
        try:
            v = counter
            print(f"w{wid} in (round {r}, counter {v}, locked {lock.locked()})")
            await asyncio.sleep(0)
            counter = v + 1
        finally:
            lock.release()
        await asyncio.sleep(0)


async def waiter_cancelled(lock):
    await lock.acquire()
    print("cancelled waiter got the lock (wrong)")
    lock.release()


async def amain():
    lock = asyncio.Lock()
    ts = [asyncio.create_task(worker(lock, i, 3)) for i in range(3)]
    await asyncio.gather(*ts)
    print(f"counter {counter}, locked {lock.locked()}")
    # A waiter woken by release, then cancelled before it runs, passes
    # the lock on to the next waiter.
    await lock.acquire()
    a = asyncio.create_task(waiter_cancelled(lock))
    b = asyncio.create_task(worker(lock, 9, 1))
    await asyncio.sleep(0)
    lock.release()
    a.cancel()
    try:
        await a
    except asyncio.CancelledError:
        print("a cancelled")
    await b
    print(f"counter {counter}, locked {lock.locked()}")
    try:
        lock.release()
    except RuntimeError:
        print("release of unlocked lock fails")
    return 0


asyncio.run(amain())
