import asyncio, time

async def work(x):
    await asyncio.sleep(0.01)
    return x * 3

def pick(ts, i):
    return ts[i]

def slow(x):
    time.sleep(0.02)
    return x + 1

async def main():
    ts = [asyncio.create_task(work(1)), asyncio.create_task(work(2))]
    a = await pick(ts, 1)
    b = await asyncio.wait_for(asyncio.to_thread(slow, 41), 1.0)
    c = await asyncio.wait_for(pick(ts, 0), 1.0)
    print(a, b, c)

asyncio.run(main())
