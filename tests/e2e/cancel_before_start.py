"""Twin of cancel_before_start.ac."""
import asyncio


async def never():
    try:
        print("never: this must not print")
        await asyncio.sleep(0.01)
    finally:
        print("never: nor this")


async def amain():
    t = asyncio.create_task(never())
    t.cancel()
    print("cancelled before start")
    try:
        await t
        print("await returned?")
    except asyncio.CancelledError:
        print("await: AC_ECANCELED")
    return 0


asyncio.run(amain())
