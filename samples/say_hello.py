"""Python original of say_hello.ac."""
import asyncio
import time


async def say_hello():
    print("Hello...")
    await asyncio.sleep(1)
    print("...World!")


start = time.monotonic()
asyncio.run(say_hello())
print(f"elapsed: {time.monotonic() - start:.2f}s")
