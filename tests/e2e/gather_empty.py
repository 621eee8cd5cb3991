"""Twin of gather_empty.ac."""
import asyncio


async def amain():
    print("before")
    await asyncio.gather(*[])
    print("empty gather done")
    return 0


asyncio.run(amain())
