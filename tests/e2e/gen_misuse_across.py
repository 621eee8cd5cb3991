"""Twin of gen_misuse_across.ac: CPython raises TypeError where asyncc
fails with AC_EINVAL (the twin prints that as EINVAL)."""
import asyncio


async def countdown(who, start):
    try:
        for i in range(start, 0, -1):
            await asyncio.sleep(0.001)
            yield i
    finally:
        await asyncio.sleep(0.005)
        print(f"{who}: countdown finally")


async def plain_sum(a, b):
    await asyncio.sleep(0.001)
    return a + b


async def loop_over_plain():
    coro = plain_sum(1, 2)
    try:
        async for v in coro:
            print(f"never {v}")
    finally:
        coro.close()
    print("never after the loop")


async def amain():
    try:
        await loop_over_plain()
    except TypeError:
        print("for await over plain_sum: EINVAL")
    try:
        v = await countdown("await", 3)
        print(f"never {v}")
    except TypeError:
        print("await countdown: EINVAL")
    try:
        t = asyncio.ensure_future(countdown("task", 3))
        print(f"never {await t}")
    except TypeError:
        print("task of countdown: EINVAL")
    print(f"plain_sum still works: {await plain_sum(1, 2)}")
    return 0


asyncio.run(amain())
