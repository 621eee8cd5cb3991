"""Twin of try_catch_through_await.ac."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def level3(x):
    await asyncio.sleep(0.001)
    if x > 2:
        raise Err(-2)
    return x


async def level2(x):
    v = await level3(x)
    print(f"level2 got {v}")
    return v


async def level1(x):
    v = await level2(x)
    print(f"level1 got {v}")
    return v


async def amain():
    for x in range(2, 4):
        try:
            print(f"result {await level1(x)}")
        except Err as err:
            print(f"amain caught {err.code} for x={x}")

    t = asyncio.create_task(level1(5))
    try:
        await t
    except Err as err:
        print(f"task failed with {err.code}")
    return 0


asyncio.run(amain())
