"""Twin of timeout_scope_paths.ac (goto out of the loop is a break here)."""
import asyncio
import errno

NAMES = {asyncio.CancelledError: "ECANCELED", TimeoutError: "ETIMEDOUT"}


class Code(Exception):
    """A C failure code thrown with `throw`."""


def name(e):
    if isinstance(e, Code):
        return errno.errorcode[-e.args[0]]
    return NAMES[type(e)]


async def by_continue_and_goto():
    i = 0
    while i < 4:
        async with asyncio.timeout(0.2):
            await asyncio.sleep(0.01)
            if i < 2:
                i += 1
                continue
            break
    await asyncio.sleep(0.3)
    print(f"paths: left at {i}")


async def by_throw():
    try:
        async with asyncio.timeout(1.0):
            await asyncio.sleep(0.01)
            raise Code(-5)
    except BaseException as e:
        print(f"throw: {name(e)}")


async def with_cleanup():
    try:
        async with asyncio.timeout(0.03):
            try:
                try:
                    await asyncio.sleep(1.0)
                finally:
                    print("finally: ran")
            finally:
                print("defer: ran")
    except BaseException as e:
        print(f"cleanup: {name(e)}")


async def in_catch():
    try:
        raise Code(-22)
    except Code as e:
        try:
            async with asyncio.timeout(0.02):
                await asyncio.sleep(1.0)
        except BaseException as e2:
            print(f"in_catch: {name(e2)} while handling {name(e)}")


async def reused():
    expired = 0
    for i in range(3):
        cm = asyncio.timeout(0.02 if i == 1 else 1.0)
        try:
            async with cm:
                await asyncio.sleep(0.05)
        except BaseException as e:
            print(f"reused {i}: {name(e)}")
        expired += int(cm.expired())
    print(f"reused: {expired} expired")


async def amain():
    await by_continue_and_goto()
    await by_throw()
    await with_cleanup()
    await in_catch()
    await reused()


asyncio.run(amain())
