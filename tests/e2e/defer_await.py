"""Twin of defer_await.ac."""
import asyncio


async def ticker():
    await asyncio.sleep(0.02)
    print("ticker: tick during cleanup")


async def with_cleanup():
    try:
        print("work")
        return 7
    finally:
        print("cleanup: start")
        await asyncio.sleep(0.05)
        print("cleanup: done")


async def amain():
    t = asyncio.create_task(ticker())
    v = await with_cleanup()
    print(f"with_cleanup -> {v}")
    await t
    return 0


asyncio.run(amain())
