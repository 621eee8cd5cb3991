"""Twin of basic_do_while_await_cond.ac."""
import asyncio


async def below(v, limit):
    await asyncio.sleep(0.001)
    print(f"check {v} < {limit}")
    return v < limit


async def amain():
    i = 0
    while True:
        print(f"body {i}")
        i += 1
        if not await below(i, 3):
            break

    j = 10
    while True:
        print(f"once {j}")
        if not await below(j, 3):
            break
    return 0


asyncio.run(amain())
