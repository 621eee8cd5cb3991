"""Python original of gather_named_tasks.ac (the seed's delays are seconds;
both programs sleep tenths of them)."""
import asyncio
import time


async def task(name, delay):
    await asyncio.sleep(delay / 10)
    print(f"{name} done after {delay}s")
    return name


async def main():
    start = time.monotonic()
    results = await asyncio.gather(
        task("Download", 2),
        task("Upload", 1),
        task("Process", 3),
    )
    print("All done:", results)
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
