"""Twin of basic_switch_fallthrough.ac (the switch as an if chain)."""
import asyncio


async def step(v):
    await asyncio.sleep(0.001)
    return v


async def classify(n):
    score = 0
    if n == 0:
        score += await step(1)
        score += await step(10)          # fell through into case 1
    elif n == 1:
        score += await step(10)
    elif n == 2:
        bonus = await step(100)
        score += bonus
    elif n == 3:
        print("case 3 before await")
        score = await step(7)
        score += await step(1000)        # fell through into default
    else:
        score += await step(1000)
    return score


async def amain():
    for n in range(5):
        print(f"classify({n}) = {await classify(n)}")
    return 0


asyncio.run(amain())
