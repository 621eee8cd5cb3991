"""Twin of basic_recursion_deep.ac."""
import asyncio
import sys

# CPython nests interpreter frames for each await; asyncc does not need this.
sys.setrecursionlimit(50000)


async def depth(n):
    if n == 0:
        await asyncio.sleep(0.01)
        return 0
    return await depth(n - 1) + 1


async def amain():
    d = await depth(10000)
    print(f"depth {d}")
    return 0


asyncio.run(amain())
