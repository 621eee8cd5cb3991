"""Twin of run_result.ac."""
import asyncio

background_tasks = set()


async def leftover():
    try:
        await asyncio.sleep(5.0)
        print("leftover: finished?")
    finally:
        print("leftover: cleanup")


async def amain():
    t = asyncio.create_task(leftover())
    background_tasks.add(t)
    await asyncio.sleep(0.01)
    print("amain returns 3")
    return 3


r = asyncio.run(amain())
print(f"ac_run returned {r}")
