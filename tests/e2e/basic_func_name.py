"""Twin of basic_func_name.ac."""
import asyncio
import sys


def func():
    """The calling function's name, like C's __func__."""
    return sys._getframe(1).f_code.co_name


async def greet():
    await asyncio.sleep(0.001)
    print(f"in {func()}")


async def compute(x):
    print(f"{func()}({x}) start")
    await asyncio.sleep(0.001)
    print(f"{func()}({x}) end")
    return x


async def amain():
    print(f"{func()} begins")
    await greet()
    await compute(3)
    g = asyncio.create_task(greet())
    await g
    print(f"{func()} ends")
    return 0


asyncio.run(amain())
