"""Twin of timeout_scope_race.ac (CPython 3.11's asyncio.timeout already
withdraws its request with uncancel() and compares with the count at entry,
so the race is not swallowed here)."""
import asyncio

NAMES = {asyncio.CancelledError: "ECANCELED", TimeoutError: "ETIMEDOUT"}


def name(e):
    return NAMES[type(e)]


async def same_round():
    try:
        async with asyncio.timeout(0):
            await asyncio.sleep(1.0)
    except BaseException as e:
        print(f"same_round: block throws {name(e)}, cancelling "
              f"{asyncio.current_task().cancelling()}")
        raise
    return 1


async def in_cleanup():
    try:
        async with asyncio.timeout(0.02):
            try:
                await asyncio.sleep(1.0)
            finally:
                print("in_cleanup: cleaning up")
                await asyncio.sleep(0.2)
    except BaseException as e:
        print(f"in_cleanup: block throws {name(e)}, cancelling "
              f"{asyncio.current_task().cancelling()}")
        raise
    return 1


async def reasoned():
    try:
        await asyncio.sleep(1.0)
    except asyncio.CancelledError as e:
        me = asyncio.current_task()
        print(f"reasoned: {name(e)}, reason {e.args[0]}, cancelling {me.cancelling()}")
        print(f"reasoned: uncancel leaves {me.uncancel()}")
    return 2


async def amain():
    t = asyncio.create_task(same_round())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except BaseException as e:
        print(f"main: same_round ended {name(e)}")

    t = asyncio.create_task(in_cleanup())
    await asyncio.sleep(0.1)
    t.cancel()
    try:
        await t
    except BaseException as e:
        print(f"main: in_cleanup ended {name(e)}")

    t = asyncio.create_task(reasoned())
    await asyncio.sleep(0.01)
    t.cancel(msg="42")
    v = await t
    print(f"main: reasoned gave {v}, cancelling {t.cancelling()}")


asyncio.run(amain())
