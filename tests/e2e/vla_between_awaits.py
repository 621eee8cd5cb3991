"""Twin of vla_between_awaits.ac (the arrays as lists of their size)."""
import asyncio


async def size_for(rnd):
    await asyncio.sleep(0.001)
    return rnd + 2


async def sum_squares(n):
    await asyncio.sleep(0.001)
    sq = [i * i for i in range(n)]
    total = sum(sq)
    print(f"sizeof sq = {len(sq)}")
    await asyncio.sleep(0.001)
    return total


async def rounds(word):
    total = 0
    for rnd in range(3):
        size = await size_for(rnd) + len(word)
        copy = list(word)
        copy[rnd] = "*"
        rows = rnd + 1
        grid = [[r, r] for r in range(rows)]
        total += grid[rows - 1][1]
        print(f"round {rnd}: {''.join(copy)} ({size} bytes)")
    return total


async def amain():
    print(f"squares {await sum_squares(4)}")
    print(f"rows {await rounds('vla')}")
    return 0


asyncio.run(amain())
