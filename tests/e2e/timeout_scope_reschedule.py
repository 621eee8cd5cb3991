"""Twin of timeout_scope_reschedule.ac."""
import asyncio

NAMES = {asyncio.CancelledError: "ECANCELED", TimeoutError: "ETIMEDOUT",
         RuntimeError: "EINVAL"}


def name(e):
    return NAMES[type(e)]


def now():
    return asyncio.get_running_loop().time()


def reschedule(cm, when):
    try:
        cm.reschedule(when)
        return "ok"
    except RuntimeError as e:
        return name(e)


async def extend():
    async with asyncio.timeout(0.3) as cm:
        await asyncio.sleep(0.02)
        cm.reschedule(now() + 2.0)
        await asyncio.sleep(0.4)
        print("extend: survived")
    print(f"extend: expired {int(cm.expired())}")


async def shorten():
    t0 = now()
    try:
        async with asyncio.timeout(5.0) as cm:
            cm.reschedule(now() + 0.03)
            await asyncio.sleep(2.0)
    except BaseException as e:
        print(f"shorten: {name(e)} after less than a second {int(now() - t0 < 1.0)}")


async def to_none():
    async with asyncio.timeout(0.02) as cm:
        cm.reschedule(None)
        await asyncio.sleep(0.06)
    print(f"to_none: expired {int(cm.expired())}")


async def refused():
    try:
        async with asyncio.timeout(0.02) as cm:
            try:
                await asyncio.sleep(1.0)
            except BaseException as e:
                print(f"refused: inside {name(e)}, reschedule "
                      f"{reschedule(cm, now() + 10)}")
                raise
    except BaseException as e:
        print(f"refused: {name(e)}")
    async with asyncio.timeout(1.0) as cm:
        await asyncio.sleep(0)
    print(f"refused: after the block, reschedule {reschedule(cm, now() + 10)}")


async def amain():
    await extend()
    await shorten()
    await to_none()
    await refused()


asyncio.run(amain())
