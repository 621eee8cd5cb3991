"""Twin of gen_count_up.ac."""
import asyncio


async def count_up(n):
    print("count_up: body starts")
    for i in range(n):
        await asyncio.sleep(0.01)
        yield i
    print("count_up: exhausted")


async def halves(n):
    for i in range(1, n + 1):
        await asyncio.sleep(0.001)
        yield i / 2.0


async def amain():
    print("before loop")
    async for v in count_up(5):
        print(v)

    total = 0.0
    async for h in halves(4):
        total += h
        print(f"half {h:.1f}")
    print(f"sum {total:.1f}")
    return 0


asyncio.run(amain())
