"""Twin of gen_return.ac."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def until_negative(xs, n):
    for i in range(n):
        await asyncio.sleep(0.001)
        if xs[i] < 0:
            print(f"until_negative: stop at index {i}")
            return
        yield xs[i]
    print("until_negative: not reached")


async def faulty():
    yield 1
    await asyncio.sleep(0.001)
    yield 2
    raise Err(-5)


async def amain():
    data = [4, 8, 15, -1, 16, 23]
    total = 0
    async for v in until_negative(data, 6):
        print(f"value {v}")
        total += v
    print(f"total {total}")

    try:
        async for v in faulty():
            print(f"faulty gave {v}")
        print("not reached")
    except Err as err:
        print(f"faulty failed with {err.code}")
    return 0


asyncio.run(amain())
