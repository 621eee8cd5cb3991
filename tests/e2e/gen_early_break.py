"""Twin of gen_early_break.ac (contextlib.aclosing closes the generator at
once, as asyncc does when a for await loop is left)."""
import asyncio
import contextlib


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def numbers(who, n):
    try:
        try:
            for i in range(n):
                await asyncio.sleep(0.001)
                yield i
        finally:
            await asyncio.sleep(0.01)
            print(f"{who}: numbers finally")
    finally:
        print(f"{who}: numbers defer")


async def first_above(limit):
    async with contextlib.aclosing(numbers("return", 100)) as gen:
        async for v in gen:
            if v > limit:
                return v
    return -1


async def throw_at(at):
    async with contextlib.aclosing(numbers("throw", 100)) as gen:
        async for v in gen:
            if v == at:
                raise Err(-34)


async def amain():
    async with contextlib.aclosing(numbers("break", 10)) as gen:
        async for v in gen:
            print(f"got {v}")
            if v == 2:
                break
    print("after break")

    print(f"first_above -> {await first_above(3)}")

    try:
        await throw_at(1)
    except Err as err:
        print(f"caught {err.code}")
    return 0


asyncio.run(amain())
