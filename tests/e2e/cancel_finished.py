"""Twin of cancel_finished.ac."""
import asyncio


async def quick(x):
    await asyncio.sleep(0.01)
    return x + 1


async def amain():
    t = asyncio.create_task(quick(41))
    print(f"first {await t}")
    t.cancel()
    await asyncio.sleep(0.01)
    print(f"again {await t}")
    print(f"cancelled {int(t.cancelled())}, done {int(t.done())}")
    return 0


asyncio.run(amain())
