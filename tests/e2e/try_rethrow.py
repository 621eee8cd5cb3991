"""Twin of try_rethrow.ac."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def risky(code):
    await asyncio.sleep(0.001)
    raise Err(code)


async def middle():
    try:
        await risky(-5)
    except Err as err:
        print(f"middle: cleanup after {err.code}")
        await asyncio.sleep(0.001)
        try:
            await risky(-7)
        except Err as other:
            print(f"middle: nested caught {other.code}")
        raise
    print("middle: not reached")


async def amain():
    try:
        await middle()
    except Err as err:
        print(f"amain: caught {err.code}")
    return 0


asyncio.run(amain())
