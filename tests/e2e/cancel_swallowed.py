"""Twin of cancel_swallowed.ac."""
import asyncio


async def stubborn():
    try:
        await asyncio.sleep(1.0)
        return 1
    except asyncio.CancelledError:
        print("stubborn: swallowed AC_ECANCELED")
        return 42


async def amain():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0.02)
    t.cancel()
    v = await t
    print(f"result {v}, cancelled {int(t.cancelled())}")
    return 0


asyncio.run(amain())
