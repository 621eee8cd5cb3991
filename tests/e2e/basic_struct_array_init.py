"""Twin of basic_struct_array_init.ac."""
import asyncio


async def midpoint(a, b):
    await asyncio.sleep(0.001)
    return ((a[0] + b[0]) // 2, (a[1] + b[1]) // 2)


async def amain():
    p = (2, 4)
    arr = [1, 2, 0, 0, 5]
    names = ["alpha", "beta", "gamma"]
    msg = "hello, world"
    c = 6  # BLUE

    m = await midpoint(p, (10, 20))
    print(f"m = ({m[0]}, {m[1]})")

    total = 0
    for v in arr:
        await asyncio.sleep(0.001)
        total += v
    print(f"arr total {total}, arr[3] {arr[3]}, elements {len(arr)}")

    msg = "H" + msg[1:]
    await asyncio.sleep(0.001)
    print(f"{msg} ({len(msg)} chars)")

    for i in range(3):
        await asyncio.sleep(0.001)
        print(f"name {i}: {names[i]}")
    print(f"color {c}, p still ({p[0]}, {p[1]})")
    print("tab[\t] quote[\"] backslash[\\]")
    return 0


asyncio.run(amain())
