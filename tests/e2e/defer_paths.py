"""Twin of defer_paths.ac."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def early_return(early):
    try:
        await asyncio.sleep(0.001)
        if early:
            return 1
        print(f"early_return({early}): end of body")
        return 2
    finally:
        print(f"early_return({early}): defer")


async def thrower():
    try:
        await asyncio.sleep(0.001)
        raise Err(-5)
    finally:
        print("thrower: defer")


async def looper():
    for i in range(4):
        try:
            await asyncio.sleep(0.001)
            if i == 1:
                continue
            if i == 2:
                break
            print(f"loop body {i}")
        finally:
            print(f"loop defer {i}")
    print("after loop")


async def amain():
    print(f"-> {await early_return(1)}")
    print(f"-> {await early_return(0)}")
    try:
        await thrower()
    except Err as err:
        print(f"caught {err.code}")
    await looper()
    return 0


asyncio.run(amain())
