"""Twin of try_catch_same_fn.ac."""
import asyncio

STRERROR = {-22: "invalid argument", -2: "no such file or directory"}


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def amain():
    try:
        print("before throw")
        raise Err(-22)
    except Err as err:
        print(f"caught {err.code}: {STRERROR[err.code]}")

    try:
        await asyncio.sleep(0.001)
        raise Err(-2)
    except Err as err:
        await asyncio.sleep(0.001)
        print(f"caught {err.code}: {STRERROR[err.code]}")

    for i in range(3):
        try:
            await asyncio.sleep(0.001)
            if i == 1:
                raise Err(-5)
            print(f"iteration {i} ok")
        except Err as err:
            print(f"iteration {i} caught {err.code}")
    print("end")
    return 0


asyncio.run(amain())
