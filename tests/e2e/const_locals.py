import asyncio

async def show(s, n):
    await asyncio.sleep(0)
    print(s, n)
    return n

async def amain():
    k = 5
    s = "const"
    t = "pointer"
    h = {"x": 7}
    await asyncio.sleep(0)
    length = await asyncio.to_thread(len, t)
    n = await show(s, k)
    print(t, length, n, h["x"])

asyncio.run(amain())
