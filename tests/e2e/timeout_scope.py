"""Twin of timeout_scope.ac (asyncio.timeout / timeout_at)."""
import asyncio
import math

NAMES = {asyncio.CancelledError: "ECANCELED", TimeoutError: "ETIMEDOUT"}


def name(e):
    return NAMES[type(e)]


async def slow(v, secs):
    await asyncio.sleep(secs)
    return v


async def expiry():
    try:
        async with asyncio.timeout(0.05) as cm:
            try:
                await slow(1, 1.0)
            except BaseException as e:
                print(f"expiry: inside sees {name(e)}, cancelling "
                      f"{asyncio.current_task().cancelling()}")
                raise
    except BaseException as e:
        print(f"expiry: block throws {name(e)}, expired {int(cm.expired())}, "
              f"cancelling {asyncio.current_task().cancelling()}")


async def in_time():
    v = 0
    async with asyncio.timeout(1.0) as cm:
        v = await slow(7, 0.01)
    print(f"in_time: {v}, expired {int(cm.expired())}")


async def at():
    loop = asyncio.get_running_loop()
    when = loop.time() + 0.05
    try:
        async with asyncio.timeout_at(when) as cm:
            print(f"at: when matches {int(cm.when() == when)}")
            await asyncio.sleep(1.0)
    except BaseException as e:
        print(f"at: {name(e)}")
    try:
        async with asyncio.timeout_at(loop.time() - 1.0):
            print("at: past deadline, body runs")
            await asyncio.sleep(0)
            print("at: not reached")
    except BaseException as e:
        print(f"at: past deadline {name(e)}")


async def never():
    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0.02)
    when = cm.when()
    print(f"never: expired {int(cm.expired())}, when is infinite "
          f"{int(when is None or math.isinf(when))}")


async def leave_by_return():
    async with asyncio.timeout(0.2):
        await asyncio.sleep(0.01)
        return 5
    return 0


async def leave_by_break():
    i = 0
    while i < 3:
        async with asyncio.timeout(0.2):
            await asyncio.sleep(0.01)
            if i == 1:
                break
        i += 1
    print(f"break: left at {i}")


async def amain():
    await expiry()
    await in_time()
    await at()
    await never()
    print(f"return: {await leave_by_return()}")
    await leave_by_break()
    await asyncio.sleep(0.3)
    print(f"after: cancelling {asyncio.current_task().cancelling()}")
    return 0


asyncio.run(amain())
