"""Python twin of offload_thread_value.ac: asyncio.to_thread is in_thread."""
import asyncio

total = 0


def square(x):
    return x * x


def half(v):
    return v / 2


def greet():
    return "hello from a thread"


def add_to_total(x):
    global total
    total += x


async def main():
    x = 7
    sq = await asyncio.to_thread(square, x)
    print(f"square: {sq}")
    print(f"half: {await asyncio.to_thread(half, 5.0):.2f}")
    print(f"greet: {await asyncio.to_thread(greet)}")
    print(f"expr: {await asyncio.to_thread(lambda x=x: x * 2 + 1)}")
    await asyncio.to_thread(add_to_total, x)
    await asyncio.to_thread(add_to_total, x)
    print(f"total: {total}")
    print(f"sum of two: {await asyncio.to_thread(square, 2) + await asyncio.to_thread(square, 3)}")


asyncio.run(main())
