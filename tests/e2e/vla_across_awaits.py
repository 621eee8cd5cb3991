"""Twin of vla_across_awaits.ac (the arrays as lists)."""
import asyncio


async def sum_first(n):
    buf = [0] * n
    total = 0
    for i in range(n):
        await asyncio.sleep(0.001)
        buf[i] = i
        total += buf[i]
    return total + len(buf)


async def grid(rows, cols):
    total = 0
    for r in range(rows):
        g = [[0] * cols for _ in range(rows)]
        names = ["odd" if c % 2 else "even" for c in range(cols)]
        for c in range(cols):
            g[r][c] = r * 10 + c
        await asyncio.sleep(0.001)
        total += g[r][cols - 1]
        print(f"row {r}: {names[0]}..{names[cols - 1]}, {rows * cols * 4} bytes")
        if r == 1:
            break
    return total


async def fail_while_alive(n):
    text = "doomed"
    await asyncio.sleep(0.001)
    if text[0] == "d":
        raise OSError("AC_EIO")
    return 0


async def sleep_long(n):
    samples = [1.5] * n
    await asyncio.sleep(10)
    return int(samples[0])


async def amain():
    print(f"sum {await sum_first(4)}")
    print(f"grid {await grid(3, 4)}")
    try:
        await fail_while_alive(16)
    except OSError as e:
        print(f"caught {e}")
    try:
        await asyncio.wait_for(sleep_long(8), 0.01)
    except asyncio.TimeoutError:
        print("timed out 1")
    return 0


asyncio.run(amain())
