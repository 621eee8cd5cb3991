"""Twin of gather_results_order.ac."""
import asyncio


async def fetch(id, delay):
    print(f"fetch {id} start")
    await asyncio.sleep(delay)
    print(f"fetch {id} done")
    return id * 100


async def amain():
    a = asyncio.create_task(fetch(1, 0.06))
    b = asyncio.create_task(fetch(2, 0.02))
    c = asyncio.create_task(fetch(3, 0.04))
    results = await asyncio.gather(a, b, c)
    print(results)
    return 0


asyncio.run(amain())
