"""Python twin of offload_array_capture.ac: a list is passed by reference,
as in_thread passes an array."""
import asyncio


def double_all(a, n):
    for i in range(n):
        a[i] *= 2


async def main():
    values = [1, 2, 3, 4]
    print(f"sum: {await asyncio.to_thread(sum, values)}")
    await asyncio.to_thread(double_all, values, 4)
    print("doubled: " + " ".join(str(v) for v in values))
    print(f"sum: {await asyncio.to_thread(sum, values)}")


asyncio.run(main())
