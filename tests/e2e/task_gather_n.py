"""Twin of task_gather_n.ac."""
import asyncio


async def square(i, delay):
    await asyncio.sleep(delay)
    print(f"square {i} done")
    return i * i


async def amain():
    n = 5
    tasks = [asyncio.create_task(square(i, 0.025 * (n - i))) for i in range(n)]
    results = await asyncio.gather(*tasks)
    print(results)
    return 0


asyncio.run(amain())
