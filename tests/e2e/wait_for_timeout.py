"""Twin of wait_for_timeout.ac."""
import asyncio


async def slow():
    try:
        print("slow: start")
        await asyncio.sleep(0.5)
        print("slow: finished?")
        return 1
    except asyncio.CancelledError:
        print("slow: caught AC_ECANCELED")
        raise
    finally:
        print("slow: finally")


async def amain():
    try:
        v = await asyncio.wait_for(slow(), 0.05)
        print(f"got {v}")
    except asyncio.TimeoutError:
        print("amain: caught AC_ETIMEDOUT")
    print("done")
    return 0


asyncio.run(amain())
