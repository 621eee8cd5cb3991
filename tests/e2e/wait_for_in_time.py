"""Twin of wait_for_in_time.ac."""
import asyncio


async def fetch_data(x):
    await asyncio.sleep(0.02)
    return x * 2


async def amain():
    v = await asyncio.wait_for(fetch_data(21), 0.2)
    print(f"got {v}")
    t = asyncio.create_task(fetch_data(5))
    print(f"got {await asyncio.wait_for(t, 0.2)}")
    await asyncio.sleep(0.25)
    print(f"still {await t}")
    return 0


asyncio.run(amain())
