"""Twin of try_nested.ac."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def amain():
    try:
        try:
            await asyncio.sleep(0.001)
            raise Err(-5)
        except Err as err:
            print(f"inner caught {err.code}")
            await asyncio.sleep(0.001)
            raise Err(-9)
        finally:
            print("inner finally")
        print("not reached")
    except Err as err:
        print(f"outer caught {err.code}")
        try:
            await asyncio.sleep(0.001)
            raise Err(-1)
        except Err as err2:
            print(f"catch-in-catch caught {err2.code} (outer still {err.code})")
    finally:
        print("outer finally")

    try:
        try:
            await asyncio.sleep(0.001)
            raise Err(-13)
        finally:
            print("finally without catch")
    except Err as err:
        print(f"passed through to {err.code}")
    return 0


asyncio.run(amain())
