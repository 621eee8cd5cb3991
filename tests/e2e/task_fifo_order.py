"""Twin of task_fifo_order.ac."""
import asyncio


async def worker(id):
    print(f"worker {id} start")
    await asyncio.sleep(0)
    print(f"worker {id} resume")


async def amain():
    a = asyncio.create_task(worker(1))
    b = asyncio.create_task(worker(2))
    c = asyncio.create_task(worker(3))
    print("created")
    await asyncio.gather(a, b, c)
    print("all done")
    return 0


asyncio.run(amain())
