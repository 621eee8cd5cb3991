"""Twin of sync_sem_limit.ac."""
import asyncio

running = 0
peak = 0


async def job(sem, jid):
    global running, peak
    await sem.acquire()
    running += 1
    peak = max(peak, running)
    print(f"j{jid} start (running {running}, value {sem._value}, locked {sem.locked()})")
    await asyncio.sleep(0.3 if jid % 2 else 0.2)
    running -= 1
    print(f"j{jid} end")
    sem.release()


async def amain():
    sem = asyncio.Semaphore(2)
    ts = [asyncio.create_task(job(sem, i)) for i in range(6)]
    await asyncio.sleep(0)
    ts[4].cancel()
    for i, t in enumerate(ts):
        try:
            await t
        except asyncio.CancelledError:
            print(f"j{i} cancelled")
    print(f"peak {peak}, value {sem._value}")
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError:
        print("bounded release fails")
    return 0


asyncio.run(amain())
