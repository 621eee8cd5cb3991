"""Twin of gen_across_files.ac (contextlib.aclosing closes the generator at
once, as asyncc does when a for await loop is left)."""
import asyncio
import contextlib


async def countdown(who, start):
    try:
        for i in range(start, 0, -1):
            await asyncio.sleep(0.001)
            yield i
    finally:
        await asyncio.sleep(0.005)
        print(f"{who}: countdown finally")


async def first_below(limit):
    async with contextlib.aclosing(countdown("return", 100)) as gen:
        async for v in gen:
            if v < limit:
                return v
    return -1


async def amain():
    total = 0
    async with contextlib.aclosing(countdown("all", 4)) as gen:
        async for v in gen:
            print(f"got {v}")
            total += v
    print(f"total {total}")

    async with contextlib.aclosing(countdown("break", 10)) as gen:
        async for v in gen:
            print(f"got {v}")
            if v == 8:
                break
    print("after break")

    print(f"first_below -> {await first_below(97)}")
    return 0


asyncio.run(amain())
