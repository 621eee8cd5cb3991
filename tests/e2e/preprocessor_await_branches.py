# The branches compiled in: LEVEL 2 takes `> 1`, then the #else of #if 0,
# and the #ifndef.
import asyncio

async def val(n):
    await asyncio.sleep(0)
    return n

async def amain():
    s = 0
    s += await val(10)
    s += await val(3)
    s += await val(1)
    print(s)

asyncio.run(amain())
