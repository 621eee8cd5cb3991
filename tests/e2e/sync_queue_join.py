"""Twin of sync_queue_join.ac."""
import asyncio


async def producer(q, pid, n):
    for i in range(n):
        item = pid * 100 + i
        print(f"p{pid} put {item} (size {q.qsize()})")
        await q.put(item)
    print(f"p{pid} done")


async def consumer(q, cid):
    while True:
        item = await q.get()
        print(f"c{cid} got {item}")
        if item % 2 == 0:
            await asyncio.sleep(0)
        q.task_done()


async def amain():
    q = asyncio.Queue(2)
    cons = [asyncio.create_task(consumer(q, i)) for i in range(2)]
    prods = [asyncio.create_task(producer(q, p, 4)) for p in range(1, 3)]
    await asyncio.gather(*prods)
    print(f"producers done, unfinished {q.qsize()}")
    await q.join()
    print("joined")
    for c in cons:
        c.cancel()
    for c in cons:
        try:
            await c
        except asyncio.CancelledError:
            print("consumer cancelled")
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("empty")
    return 0


asyncio.run(amain())
