import asyncio

async def f(x):
    y = x
    y += 1
    await asyncio.sleep(0.001)
    i, j = 0, 10
    while i < j:
        if i != 2:
            await asyncio.sleep(0)
            y += i
        i += 1
        j -= 1
    while y < 30:
        await asyncio.sleep(0)
        y += 1
    if y == 30:
        z = y * 2
        await asyncio.sleep(0)
        y = z
    return y

async def main():
    print(await f(1))

asyncio.run(main())
