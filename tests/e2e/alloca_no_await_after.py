"""Twin of alloca_no_await_after.ac (the buffers as strings)."""
import asyncio


async def fetch_len(s):
    await asyncio.sleep(0.001)
    return len(s)


async def shout(s):
    await fetch_len(s)
    first = "a"
    for i in range(3):
        first = chr(ord("a") + i)
    print(first + s + "!")


async def amain():
    await shout("hey")
    await shout("you")
    return 0


asyncio.run(amain())
