"""Twin of basic_loops_break_continue.ac."""
import asyncio


async def amain():
    for i in range(10):
        if i == 1:
            continue
        await asyncio.sleep(0.001)
        if i % 2:
            continue
        if i == 6:
            break
        print(f"for {i}")

    n = 0
    while True:
        n += 1
        await asyncio.sleep(0.001)
        if n == 3:
            continue
        if n > 5:
            break
        print(f"while {n}")
    print(f"while left at {n}")

    for row in range(3):
        for col in range(3):
            await asyncio.sleep(0.001)
            if col > row:
                break
            print(f"({row},{col})", end="")
        print()
    return 0


asyncio.run(amain())
