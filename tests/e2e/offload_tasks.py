import asyncio, time
from concurrent.futures import ProcessPoolExecutor

def slow_square(x):
    time.sleep(0.1)
    return x * x

def slow_note(ms):
    time.sleep(ms / 1000)

async def main():
    a = 3
    t0 = time.monotonic()
    t1 = asyncio.create_task(asyncio.to_thread(slow_square, a))
    t2 = asyncio.create_task(asyncio.to_thread(slow_square, a + 1))
    t3 = asyncio.create_task(asyncio.to_thread(slow_note, 100))
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(1) as pool:
        t4 = loop.run_in_executor(pool, slow_square, 5)
        a = 100
        await asyncio.gather(t1, t2, t3, t4)
    print("results", await t1, await t2, await t4)
    print("in parallel:", "yes" if time.monotonic() - t0 < 0.39 else "no")
    await asyncio.gather(asyncio.to_thread(slow_square, 1), asyncio.to_thread(slow_square, 2))
    print("a =", a)

if __name__ == "__main__":
    asyncio.run(main())
