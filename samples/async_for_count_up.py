"""Python original of async_for_count_up.ac (0.01 s per value instead of
the seed's 0.1 s)."""
import asyncio


async def count_up(n):
    for i in range(n):
        await asyncio.sleep(0.01)
        yield i


async def main():
    async for value in count_up(5):
        print(value)


asyncio.run(main())
