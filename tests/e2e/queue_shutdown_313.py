"""Twin of queue_shutdown.ac under Python 3.13 (asyncio.Queue.shutdown is
new in 3.13). The test suite runs the twins with the installed Python, 3.11,
so this file has no .expected of its own and ctest does not run it; the
.expected of queue_shutdown.ac is its output:
    python3.13 queue_shutdown_313.py | diff - queue_shutdown.expected
"""
import asyncio


async def consumer(q, cid):
    while True:
        try:
            item = await q.get()
        except asyncio.QueueShutDown:
            print(f"c{cid} shut down")
            return
        print(f"c{cid} got {item}")
        q.task_done()


async def putter(q, item):
    try:
        await q.put(item)
        print(f"put {item}")
    except asyncio.QueueShutDown:
        print(f"put {item} shut down")


async def joiner(q):
    await q.join()
    print("join released")


async def graceful():
    print("-- graceful")
    q = asyncio.Queue(2)
    q.put_nowait(1)
    q.put_nowait(2)
    p = asyncio.create_task(putter(q, 3))   # waits: the queue is full
    await asyncio.sleep(0)
    q.shutdown()
    await p                                 # woken with the shutdown
    try:
        q.put_nowait(4)
    except asyncio.QueueShutDown:
        print("put_nowait shut down")
    c = asyncio.create_task(consumer(q, 1))  # still gets 1 and 2
    await c
    try:
        q.get_nowait()
    except asyncio.QueueShutDown:
        print("get_nowait shut down")


async def waiting_getters():
    print("-- waiting getters")
    q = asyncio.Queue()
    cs = [asyncio.create_task(consumer(q, i)) for i in range(2)]
    await asyncio.sleep(0)
    q.put_nowait(10)
    q.shutdown()                            # c0 takes 10, c1 is woken empty
    await asyncio.gather(*cs)


async def immediate():
    print("-- immediate")
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    item = q.get_nowait()
    print(f"got {item}, size {q.qsize()}")
    j = asyncio.create_task(joiner(q))
    await asyncio.sleep(0)
    q.shutdown(immediate=True)              # drops 1 and 2: done for join
    print(f"size {q.qsize()}")
    q.task_done()                           # the one got above
    await j
    try:
        await q.get()
    except asyncio.QueueShutDown:
        print("get shut down")


async def amain():
    await graceful()
    await waiting_getters()
    await immediate()


asyncio.run(amain())
