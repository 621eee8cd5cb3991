"""Twin of async_decl_in_block.ac (Python declares nothing)."""
import asyncio


async def twice(x):
    await asyncio.sleep(0.001)
    return 2 * x


async def amain():
    r = await twice(4)
    r += await twice(1)
    print(r)
    return 0


asyncio.run(amain())
