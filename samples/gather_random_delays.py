"""Python original of gather_random_delays.ac. The seed draws each delay
with random.uniform(0.5, 2.0); here both programs draw from the same small
LCG with a fixed seed, so they print the same delays. Delays are printed in
the seed's seconds and slept in tenths, to keep the test fast."""
import asyncio
import time

lcg_state = 2


def random_uniform(lo, hi):
    """x' = (1103515245 x + 12345) mod 2^31, as in the C program."""
    global lcg_state
    lcg_state = (1103515245 * lcg_state + 12345) % 2147483648
    return lo + (hi - lo) * (lcg_state / 2147483648.0)


async def fetch_data(name):
    delay = random_uniform(0.5, 2.0)
    await asyncio.sleep(delay / 10)  # non-blocking; tenths of the delay
    print(f"{name} finished after {delay:.2f}s")
    return name


async def main():
    start = time.monotonic()
    tasks = [fetch_data(f"task{i}") for i in range(5)]
    results = await asyncio.gather(*tasks)
    print("Results:", results)
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
