"""Twin of basic_locals_across_awaits.ac (a one-element list plays int *)."""
import asyncio


async def bump(p, by):
    await asyncio.sleep(0.005)
    p[0] += by


async def accumulate(start, tag, step):
    total = [start]
    scale = 1.5
    label = f"<{tag}>"
    for i in range(1, 4):
        await asyncio.sleep(step)
        total[0] += i
        print(f"{label} i={i} sum={total[0]} scale={scale:.1f}")
    await bump(total, 1000)
    print(f"{label} after bump sum={total[0]}")
    return total[0]


async def amain():
    a = asyncio.create_task(accumulate(100, "a", 0.02))
    b = asyncio.create_task(accumulate(200, "b", 0.25))
    counter = [7]
    await bump(counter, 3)
    print(f"counter={counter[0]}")
    ra = await a
    rb = await b
    print(f"results {ra} {rb}")
    print(f"counter still {counter[0]}")
    return 0


asyncio.run(amain())
