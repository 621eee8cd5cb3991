"""Twin of try_finally_paths.ac."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def path_normal():
    try:
        await asyncio.sleep(0.001)
        print("normal body")
    finally:
        print("normal finally")
    print("after try")
    return 1


async def path_return():
    try:
        await asyncio.sleep(0.001)
        return 2
    finally:
        await asyncio.sleep(0.001)
        print("return finally")


async def path_loop():
    for i in range(4):
        try:
            await asyncio.sleep(0.001)
            if i == 1:
                continue
            if i == 2:
                break
            print(f"loop body {i}")
        finally:
            print(f"loop finally {i}")
    print("after loop")


async def path_goto():
    try:
        await asyncio.sleep(0.001)
        # goto out: leaves the try
    finally:
        print("goto finally")
    print("after goto")


async def path_throw():
    try:
        await asyncio.sleep(0.001)
        raise Err(-5)
    finally:
        print("throw finally")


async def amain():
    print(f"normal -> {await path_normal()}")
    print(f"return -> {await path_return()}")
    await path_loop()
    await path_goto()
    try:
        await path_throw()
    except Err as err:
        print(f"throw -> {err.code}")
    return 0


asyncio.run(amain())
