"""Python twin of offload_bytes.ac: bytes objects pickled to and from a
ProcessPoolExecutor through run_in_executor, as ac_bytes_t crosses
in_process. Python's bytes need no NUL and are never shared, so the
describe and same lines state what the C program checks."""
import asyncio
from concurrent.futures import ProcessPoolExecutor

MIB = 1024 * 1024
JOBS = 16
ABC = b"abcdefghijklmnopqrstuvwxyz0123456789 "


def upper(data):
    return data.upper()


def checksum(data):
    h = 2166136261
    for c in data:
        h = ((h ^ c) * 16777619) & 0xFFFFFFFF
    return h


def describe(data):
    return f"{len(data)} bytes, NUL-terminated: True".encode()


def same(data):
    return data


def pattern(n, seed):
    reps = (n + seed) // len(ABC) + 2
    return (ABC * reps)[seed:seed + n]


async def main(executor=ProcessPoolExecutor):
    loop = asyncio.get_running_loop()
    with executor() as pool:
        data = pattern(MIB, 0)
        up = await loop.run_in_executor(pool, upper, data)
        print(f"upper: {len(up)} bytes, starts {up[:12].decode()}, ends with NUL: True")
        print(f"checksum here {checksum(data):08x}, of the upper copy {checksum(up):08x}")
        print(f"checksum in the worker: {await loop.run_in_executor(pool, checksum, up):08x}")
        d = await loop.run_in_executor(pool, describe, data)
        print(f"worker saw {d.decode()}")
        e = await loop.run_in_executor(pool, upper, b"")
        print(f"empty: {len(e)} bytes")
        word = b"echo"
        back = await loop.run_in_executor(pool, same, word)
        print(f"same: {back.decode()} ({len(back)} bytes), a copy: {back is not word}")
        parts = [pattern(1000 + k * 4096, k) for k in range(JOBS)]
        futures = [loop.run_in_executor(pool, upper, p) for p in parts]
        right = 0
        total = 0
        for k, fut in enumerate(futures):
            r = await fut
            right += r == parts[k].upper()
            total ^= checksum(r)
        print(f"{JOBS} jobs in flight: {right} right, checksums xor {total:08x}")


if __name__ == "__main__":
    asyncio.run(main())
