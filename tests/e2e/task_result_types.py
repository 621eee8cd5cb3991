"""Twin of task_result_types.ac."""
import asyncio


async def half(x):
    await asyncio.sleep(0.01)
    return x / 2.0


async def shout(s):
    await asyncio.sleep(0.03)
    return s + "!"


async def make_pair(a):
    await asyncio.sleep(0.05)
    return (a, a * 1.5)


async def notify(who):
    await asyncio.sleep(0.07)
    print(f"notify {who}")


async def amain():
    h = asyncio.create_task(half(5))
    s = asyncio.create_task(shout("hey"))
    p = asyncio.create_task(make_pair(4))
    n = asyncio.create_task(notify("all"))

    await asyncio.gather(h, s, p, n)
    hv = await h
    sv = await s
    pv = await p
    await n
    print(f"{hv:.2f} {sv} {pv[0]} {pv[1]:.2f}")
    return 0


asyncio.run(amain())
