"""Twin of expr_short_circuit.ac."""
import asyncio


async def check(who, result):
    await asyncio.sleep(0.001)
    print(f"check {who}")
    return result


async def amain():
    ok = 0
    if ok and await check("and1", 1):
        print("and1 taken")
    else:
        print("and1 not taken")

    ok = 1
    if ok and await check("and2", 1):
        print("and2 taken")

    if ok or await check("or1", 0):
        print("or1 taken")

    ok = 0
    if ok or await check("or2", 0):
        print("or2 taken")
    else:
        print("or2 not taken")

    r = int(bool(await check("x", 0) and await check("y", 1)))
    s = int(bool(await check("p", 1) or await check("q", 1)))
    t = int(bool(await check("m", 1)
                 and (await check("n", 0) or await check("o", 1))))
    print(f"r={r} s={s} t={t}")
    return 0


asyncio.run(amain())
