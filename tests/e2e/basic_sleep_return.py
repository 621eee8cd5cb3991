"""Twin of basic_sleep_return.ac."""
import asyncio


async def fetch_data(x):
    print(f"fetching {x}")
    await asyncio.sleep(0.02)
    print(f"fetched {x}")
    return x * 2


async def amain():
    a = await fetch_data(1)
    print(f"a = {a}")
    b = await fetch_data(a)
    print(f"b = {b}")
    return 0


asyncio.run(amain())
