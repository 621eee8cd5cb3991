"""Twin of cancel_sleeping.ac."""
import asyncio


async def sleeper():
    try:
        print("sleeper: sleeping")
        await asyncio.sleep(1.0)
        print("sleeper: woke up?")
        return 1
    except asyncio.CancelledError:
        print("sleeper: caught AC_ECANCELED")
        raise


async def amain():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0.02)
    t.cancel()
    print("cancel requested")
    try:
        await t
        print("await returned?")
    except asyncio.CancelledError:
        print("awaiter: caught AC_ECANCELED")
    print(f"cancelled {int(t.cancelled())}")
    return 0


asyncio.run(amain())
