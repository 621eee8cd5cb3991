"""Twin of task_starts_on_suspend.ac."""
import asyncio


async def quick():
    return 5


async def noisy(name):
    print(f"{name} running")


async def amain():
    t = asyncio.create_task(noisy("t"))
    print("created t")
    q = await quick()
    print(f"quick = {q}")
    print("before sleep")
    await asyncio.sleep(0.01)
    print("after sleep")

    u = asyncio.create_task(noisy("u"))
    await t
    print("awaited finished t")
    await u
    print("done")
    return 0


asyncio.run(amain())
