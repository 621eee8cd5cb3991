"""Python twin of offload_given_pool.ac: run_in_executor on a
ThreadPoolExecutor(max_workers=1) is in_thread(pool, ...)."""
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

loop_thread = threading.get_ident()


def blocking_job():
    time.sleep(0.1)
    return int(threading.get_ident() != loop_thread)


async def offload(pool):
    return await asyncio.get_running_loop().run_in_executor(pool, blocking_job)


async def main():
    with ThreadPoolExecutor(max_workers=1) as pool:
        print(f"workers: {pool._max_workers}")
        start = time.monotonic()
        a = asyncio.create_task(offload(pool))
        b = asyncio.create_task(offload(pool))
        await asyncio.gather(a, b)
        print(f"off the loop thread: {await a} {await b}")
        print(f"took turns: {'yes' if time.monotonic() - start >= 0.19 else 'no'}")


asyncio.run(main())
