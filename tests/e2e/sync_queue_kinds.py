"""Twin of sync_queue_kinds.ac."""
import asyncio


async def getter(q, gid):
    v = await q.get()
    print(f"g{gid} got {v}")


async def amain():
    lq = asyncio.LifoQueue()
    for i in range(4):
        lq.put_nowait(i)
    print("lifo", [lq.get_nowait() for _ in range(4)])
    pq = asyncio.PriorityQueue()
    # (priority, seq) pairs compared on priority only: heapq's tie order.
    class P:
        def __init__(self, p, s):
            self.p, self.s = p, s
        def __lt__(self, o):
            return self.p < o.p
    for s, p in enumerate([3, 1, 2, 1, 3, 0, 2, 1, 3, 1]):
        pq.put_nowait(P(p, s))
    out = []
    while not pq.empty():
        x = pq.get_nowait()
        out.append(f"{x.p}/{x.s}")
    print("prio", " ".join(out))
    # A getter woken by a put and cancelled before it runs hands the item on.
    q = asyncio.Queue()
    g0 = asyncio.create_task(getter(q, 0))
    g1 = asyncio.create_task(getter(q, 1))
    await asyncio.sleep(0)
    q.put_nowait(42)
    g0.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"g0 cancelled {g0.cancelled()}, size {q.qsize()}")
    await g1
    # A bounded queue: put_nowait on full fails; a blocked putter is
    # served after a get.
    bq = asyncio.Queue(1)
    bq.put_nowait(1)
    try:
        bq.put_nowait(2)
    except asyncio.QueueFull:
        print("full")
    p = asyncio.create_task(bq.put(3))
    await asyncio.sleep(0)
    print("got", bq.get_nowait(), "full", bq.full())
    await p
    print("got", bq.get_nowait())
    bq.task_done()
    bq.task_done()
    try:
        bq.task_done()
    except ValueError:
        print("task_done too many times")
    return 0


asyncio.run(amain())
