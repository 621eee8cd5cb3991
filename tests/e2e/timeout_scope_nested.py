"""Twin of timeout_scope_nested.ac."""
import asyncio

NAMES = {asyncio.CancelledError: "ECANCELED", TimeoutError: "ETIMEDOUT"}


def name(e):
    return NAMES[type(e)]


def cancelling():
    return asyncio.current_task().cancelling()


async def inner_expires():
    async with asyncio.timeout(1.0) as outer:
        try:
            async with asyncio.timeout(0.02) as inner:
                await asyncio.sleep(0.5)
        except BaseException as e:
            print(f"inner_expires: inner block throws {name(e)}")
        await asyncio.sleep(0.01)
        print("inner_expires: outer block goes on")
    print(f"inner_expires: inner expired {int(inner.expired())}, "
          f"outer expired {int(outer.expired())}")


async def outer_expires():
    try:
        async with asyncio.timeout(0.02) as outer:
            try:
                async with asyncio.timeout(1.0) as inner:
                    await asyncio.sleep(0.5)
            except BaseException as e:
                print(f"outer_expires: inner block throws {name(e)}")
                raise
    except BaseException as e:
        print(f"outer_expires: outer block throws {name(e)}")
    print(f"outer_expires: inner expired {int(inner.expired())}, "
          f"outer expired {int(outer.expired())}")


async def both_expire():
    when = asyncio.get_running_loop().time() + 0.02
    try:
        async with asyncio.timeout_at(when) as outer:
            try:
                async with asyncio.timeout_at(when) as inner:
                    await asyncio.sleep(0.5)
            except BaseException as e:
                print(f"both_expire: inner block throws {name(e)}, "
                      f"cancelling {cancelling()}")
                raise
    except BaseException as e:
        print(f"both_expire: outer block throws {name(e)}, cancelling {cancelling()}")
    print(f"both_expire: inner expired {int(inner.expired())}, "
          f"outer expired {int(outer.expired())}")


async def amain():
    await inner_expires()
    await outer_expires()
    await both_expire()


asyncio.run(amain())
