# door_with_state: the CPython twin (the gate is an asyncio.Event).
import asyncio


async def walker(gate, log, i):
    await log.put(i * 10)
    try:
        await gate.wait()
        print(f"walker {i} passed")
    except asyncio.CancelledError:
        print(f"walker {i} cancelled")
    await log.put(i * 10 + 1)


def waiting(gate):
    return len(gate._waiters)


async def main():
    gate = asyncio.Event()
    log = asyncio.Queue()
    w = [asyncio.ensure_future(walker(gate, log, i)) for i in range(4)]
    await asyncio.sleep(0)
    print(f"{waiting(gate)} waiting")
    w[1].cancel()
    await asyncio.sleep(0)
    print(f"{waiting(gate)} waiting")
    try:
        await asyncio.wait_for(gate.wait(), 0.01)
    except asyncio.TimeoutError:
        print(f"main timed out, {waiting(gate)} waiting")
    gate.set()
    for t in w:
        try:
            await t
        except asyncio.CancelledError:
            pass
    out = []
    while not log.empty():
        out.append(str(log.get_nowait()))
    print("log: " + " ".join(out))
    await gate.wait()
    print("open gate passes at once")


asyncio.run(main())
