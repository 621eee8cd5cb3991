"""Twin of basic_shadowing.ac (Python has no block scope: distinct names)."""
import asyncio


async def shadow(x):
    print(f"outer x={x}")
    x_inner = 10
    await asyncio.sleep(0.001)
    print(f"inner x={x_inner}")
    x_innermost = 2.5
    await asyncio.sleep(0.001)
    print(f"innermost x={x_innermost:.1f}")
    x_inner += 1
    await asyncio.sleep(0.001)
    print(f"inner again x={x_inner}")
    for x_loop in range(2):
        await asyncio.sleep(0.001)
        print(f"loop x={x_loop}")
    print(f"outer again x={x}")
    return x


async def amain():
    x = await shadow(3)
    print(f"returned {x}")
    return 0


asyncio.run(amain())
