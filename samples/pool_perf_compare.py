"""Python original of pool_perf_compare.ac. The seed prints only the three
timings; they vary from run to run, so each sits on an "elapsed" line and
the comparisons are printed as plain lines."""
import time
import asyncio
from concurrent.futures import ThreadPoolExecutor

N = 10


def io_bound_task():
    time.sleep(0.1)  # Simulate I/O
    return "done"


# Sequential
start = time.time()
results = [io_bound_task() for _ in range(N)]
sequential = time.time() - start
print(f"Sequential: {results.count('done')} jobs done")
print(f"Sequential elapsed: {sequential:.2f}s")  # ~1.0s

# Threaded
start = time.time()
with ThreadPoolExecutor(max_workers=10) as executor:
    results = list(executor.map(lambda _: io_bound_task(), range(N)))
threaded = time.time() - start
print(f"Threaded: {results.count('done')} jobs done")
print(f"Threaded elapsed: {threaded:.2f}s")  # ~0.1s


# Async
async def async_io():
    await asyncio.sleep(0.1)
    return "done"


# (The seed hands asyncio.gather(...) straight to asyncio.run, which wants
# a coroutine: this one wraps it.)
async def gather_all():
    return await asyncio.gather(*[async_io() for _ in range(N)])

start = time.time()
results = asyncio.run(gather_all())
concurrent = time.time() - start
print(f"Async: {results.count('done')} jobs done")
print(f"Async elapsed: {concurrent:.2f}s")  # ~0.1s

print(f"Threaded faster than sequential: {threaded < sequential / 2}")
print(f"Async faster than sequential: {concurrent < sequential / 2}")
