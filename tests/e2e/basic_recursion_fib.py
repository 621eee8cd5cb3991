"""Twin of basic_recursion_fib.ac."""
import asyncio


async def fib(n):
    if n < 2:
        return n
    a = await fib(n - 1)
    b = await fib(n - 2)
    return a + b


async def amain():
    for n in range(0, 11, 5):
        print(f"fib({n}) = {await fib(n)}")
    await asyncio.sleep(0.001)
    print(f"fib(15) = {await fib(15)}")
    return 0


asyncio.run(amain())
