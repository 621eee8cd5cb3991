"""Python twin of offload_capture_by_value.ac: to_thread's arguments are
evaluated at the call, like in_thread's captures."""
import asyncio
import time


def slow_identity(v):
    time.sleep(0.1)
    return v


class Box:
    x = 1


async def changer(box):
    await asyncio.sleep(0.01)
    box.x = 2
    print(f"changer: x = {box.x}")


async def main():
    box = Box()
    c = asyncio.create_task(changer(box))
    seen = await asyncio.to_thread(slow_identity, box.x)
    print(f"job saw: {seen}")
    print(f"x after: {box.x}")
    await c


asyncio.run(main())
