"""Twin of gather_failure_cancels.ac (asyncio.TaskGroup semantics)."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def fail_soon():
    await asyncio.sleep(0.02)
    print("fail_soon throws")
    raise Err(-22)


async def slow_catch():
    try:
        await asyncio.sleep(0.5)
        print("slow_catch finished?")
        return 1
    except asyncio.CancelledError:
        print("slow_catch: cancelled")
        raise


async def slow_finally():
    try:
        await asyncio.sleep(0.5)
        print("slow_finally finished?")
    finally:
        await asyncio.sleep(0.03)
        print("slow_finally: cleanup done")
    return 2


async def amain():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_soon())
            b = tg.create_task(slow_catch())
            c = tg.create_task(slow_finally())
        print("gather returned?")
    except* Err as group:
        print(f"caught {group.exceptions[0].code}")
    print(f"b cancelled {int(b.cancelled())}, c cancelled {int(c.cancelled())}")
    return 0


asyncio.run(amain())
