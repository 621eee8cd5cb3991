# queue_item_sizes: the CPython twin (asyncio.Queue(maxsize=1); item sizes
# are C's, printed as the C program prints them).
import asyncio

N = 50


async def pair(size):
    q = asyncio.Queue(maxsize=1)

    async def producer():
        for i in range(N):
            await q.put(i)

    async def consumer():
        total = 0
        for i in range(N):
            x = await q.get()
            if x != i:
                print("out of order")
            total += x
        return total

    p = asyncio.ensure_future(producer())
    total = await consumer()
    await p
    print(f"{size} bytes: sum {total}")


async def put_one(q, x):
    await q.put(x)
    print(f"put {x[0]}")


async def get_one(q, who):
    x = await q.get()
    print(f"{who} got {x[0]}")


async def cancelled_waits():
    q = asyncio.Queue(maxsize=1)
    q.put_nowait((1, 0, 0))
    p = asyncio.ensure_future(put_one(q, (2, 0, 0)))
    await asyncio.sleep(0)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        print(f"put cancelled, size {q.qsize()}")
    x = q.get_nowait()
    print(f"left {x[0]}")
    g0 = asyncio.ensure_future(get_one(q, "g0"))
    g1 = asyncio.ensure_future(get_one(q, "g1"))
    await asyncio.sleep(0)
    g0.cancel()
    await asyncio.sleep(0)
    q.put_nowait((7, 0, 0))
    await g1
    print(f"g0 cancelled {g0.cancelled()}")


async def timed_out_waits():
    q = asyncio.Queue(maxsize=1)
    try:
        await asyncio.wait_for(q.get(), 0.01)
    except asyncio.TimeoutError:
        print(f"get timed out, size {q.qsize()}")
    await q.put(5)
    try:
        await asyncio.wait_for(q.put(6), 0.01)
    except asyncio.TimeoutError:
        print(f"put timed out, size {q.qsize()}")
    v = await q.get()
    print(f"got {v}, size {q.qsize()}")


async def main():
    for size in (1, 2, 3, 4, 8, 16, 24, 32):
        await pair(size)
    await cancelled_waits()
    await timed_out_waits()


asyncio.run(main())
