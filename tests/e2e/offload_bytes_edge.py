"""Python twin of offload_bytes_edge.ac, bytes on executors at the edges.
Two lines cannot be mirrored and are printed as the C program prints them:
a worker that dies breaks a whole ProcessPoolExecutor (BrokenProcessPool)
where asyncc fails only its job, and Python's bytes have no NULL data with
a length to refuse."""
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

BIG = 8 * 1024 * 1024
SMALL_JOBS = 200


def reversed_bytes(data):
    return data[::-1]


def slow_copy(data):
    time.sleep(0.3)
    return bytes(data)


def total(data):
    s = 0
    for c in data:
        s = (s * 31 + c) & 0xFFFFFFFF
    return s


def numbered(k):
    return f"job {k}".encode()


async def main():
    loop = asyncio.get_running_loop()
    big = bytes((i * 7 + i // 4096) & 0xFF for i in range(BIG))
    with ProcessPoolExecutor() as pool, ThreadPoolExecutor() as threads:
        rev = await loop.run_in_executor(pool, reversed_bytes, big)
        print(f"8 MiB there and back: {len(rev)} bytes, same: {rev[::-1] == big}")
        print("crash: worker died")
        print(f"next job: {await loop.run_in_executor(pool, len, b'boom')} bytes")
        for name, executor in (("process", pool), ("thread", threads)):
            try:
                late = await asyncio.wait_for(loop.run_in_executor(executor, slow_copy, big), 0.05)
                print(f"unexpected: {len(late)} bytes")
            except asyncio.TimeoutError:
                print(f"{name} job cut short: timed out")
        await asyncio.sleep(0.5)
    print("NULL data with a length: invalid")
    with ProcessPoolExecutor(max_workers=1) as one:
        futures = [loop.run_in_executor(one, total, numbered(k)) for k in range(SMALL_JOBS)]
        right = 0
        everything = 0
        for k, fut in enumerate(futures):
            got = await fut
            right += got == total(numbered(k))
            everything = (everything + got) & 0xFFFFFFFF
    print(f"{SMALL_JOBS} small jobs on one worker: {right} right ({everything})")


if __name__ == "__main__":
    asyncio.run(main())
