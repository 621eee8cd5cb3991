"""Python twin of offload_process_struct.ac: run_in_executor on a
ProcessPoolExecutor is in_process."""
import asyncio
import os
from concurrent.futures import ProcessPoolExecutor

calls = 0  # changed only in the worker


def summarize(values):
    global calls
    calls += 1
    total = sum(values)
    return ("summary", len(values), total, total / len(values), os.getpid())


async def main():
    with ProcessPoolExecutor() as pool:
        label, count, total, mean, pid = await asyncio.get_running_loop().run_in_executor(
            pool, summarize, [3, 1, 4, 1, 5, 9])
    print(f"{label}: count {count}, sum {total}, mean {mean:.2f}")
    print(f"ran in another process: {pid != os.getpid()}")
    print(f"calls in this process: {calls}")


if __name__ == "__main__":
    asyncio.run(main())
