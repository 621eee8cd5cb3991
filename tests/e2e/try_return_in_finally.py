"""Twin of try_return_in_finally.ac."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def override_value():
    try:
        await asyncio.sleep(0.001)
        return 1
    finally:
        return 2


async def override_throw():
    try:
        await asyncio.sleep(0.001)
        raise Err(-22)
    finally:
        await asyncio.sleep(0.001)
        return 3


async def amain():
    print(f"override_value -> {await override_value()}")
    try:
        print(f"override_throw -> {await override_throw()}")
    except Err as err:
        print(f"override_throw threw {err.code}?")
    return 0


asyncio.run(amain())
