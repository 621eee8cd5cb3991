"""Twin of sync_event_waiters.ac."""
import asyncio


async def waiter(ev, wid):
    print(f"w{wid} waits (set {ev.is_set()})")
    await ev.wait()
    print(f"w{wid} woke (set {ev.is_set()})")


async def amain():
    ev = asyncio.Event()
    ts = [asyncio.create_task(waiter(ev, i)) for i in range(4)]
    await asyncio.sleep(0.02)
    ts[2].cancel()
    print("setting")
    ev.set()
    ev.clear()
    print(f"set and cleared: {ev.is_set()}")
    for i, t in enumerate(ts):
        try:
            await t
        except asyncio.CancelledError:
            print(f"w{i} cancelled")
    ev.set()
    await waiter(ev, 9)
    return 0


asyncio.run(amain())
