"""Twin of expr_return_await.ac."""
import asyncio


async def base(x):
    await asyncio.sleep(0.001)
    return x * 10


async def plus_one(x):
    return await base(x) + 1


async def pass_through(x):
    return await plus_one(x)


async def amain():
    print(await pass_through(4))
    print(await plus_one(await pass_through(1)))
    return await base(0)


asyncio.run(amain())
