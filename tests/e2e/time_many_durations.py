import asyncio

async def sleeper(i, d):
    try:
        await asyncio.sleep(d)
        print(f"woke {i}")
    except asyncio.CancelledError:
        print(f"cancelled {i}")
        raise

async def main():
    t = [asyncio.create_task(sleeper(i, 0.05 * (12 - i % 12))) for i in range(36)]
    await asyncio.sleep(0.001)
    for i in range(0, 36, 5):
        t[i].cancel()
    for x in t:
        try:
            await x
        except asyncio.CancelledError:
            pass
    print("done")

asyncio.run(main())
