"""Twin of basic_nested_chain.ac."""
import asyncio


async def level3(x):
    print(f"level3 enter {x}")
    await asyncio.sleep(0.01)
    print(f"level3 leave {x + 1}")
    return x + 1


async def level2(x):
    print(f"level2 enter {x}")
    y = await level3(x * 10)
    await asyncio.sleep(0.01)
    print(f"level2 leave {y + 2}")
    return y + 2


async def level1(x):
    print(f"level1 enter {x}")
    y = await level2(x + 1)
    print(f"level1 leave {y * 3}")
    return y * 3


async def amain():
    r = await level1(4)
    print(f"result {r}")
    return 0


asyncio.run(amain())
