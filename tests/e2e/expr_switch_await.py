"""Twin of expr_switch_await.ac."""
import asyncio

TOKENS = [2, 1, 7, 3, 0]


async def next_token(pos):
    await asyncio.sleep(0.001)
    v = TOKENS[pos[0]]
    pos[0] += 1
    return v


async def amain():
    pos = [0]
    running = True
    while running:
        match await next_token(pos):
            case 1:
                print("one")
            case 2:
                print("two")
            case 3:
                print("three")
            case 0:
                print("end")
                running = False
            case _:
                print("other")
    print(f"read {pos[0]} tokens")
    return 0


asyncio.run(amain())
