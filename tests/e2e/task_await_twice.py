"""Twin of task_await_twice.ac."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def compute(x):
    print(f"compute {x}")
    await asyncio.sleep(0.01)
    return x * x


async def failing():
    print("failing runs")
    await asyncio.sleep(0.01)
    raise Err(-22)


async def amain():
    t = asyncio.create_task(compute(7))
    a = await t
    b = await t
    print(f"{a} {b}")

    f = asyncio.create_task(failing())
    try:
        await f
    except Err as err:
        print(f"first: {err.code}")
    try:
        await f
    except Err as err:
        print(f"second: {err.code}")
    return 0


asyncio.run(amain())
