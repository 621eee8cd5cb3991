"""Twin of cancel_propagates.ac."""
import asyncio


async def inner(who):
    try:
        await asyncio.sleep(1.0)
        return 1
    except asyncio.CancelledError:
        print(f"{who}: inner cancelled 1")
        raise


async def outer_task(u):
    try:
        return await u
    except asyncio.CancelledError:
        print("outer_task: cancelled 1")
        raise


async def outer_inline():
    try:
        return await inner("inline")
    except asyncio.CancelledError:
        print("outer_inline: cancelled 1")
        raise


async def amain():
    u = asyncio.create_task(inner("task"))
    o = asyncio.create_task(outer_task(u))
    i = asyncio.create_task(outer_inline())

    await asyncio.sleep(0.02)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        print("amain: o failed with AC_ECANCELED 1")
    print(f"u cancelled {int(u.cancelled())}")

    i.cancel()
    try:
        await i
    except asyncio.CancelledError:
        print("amain: i failed with AC_ECANCELED 1")
    return 0


asyncio.run(amain())
