"""Twin of defer_lifo.ac (each defer is a try/finally around the rest of
its block)."""
import asyncio


async def scope():
    try:
        try:
            try:
                await asyncio.sleep(0.001)
                print("inner block end")
            finally:
                print("inner deferred")
            try:
                await asyncio.sleep(0.001)
                print("body end")
            finally:
                print("deferred 3 (a block)")
        finally:
            print("deferred 2")
    finally:
        print("deferred 1")


async def late_read():
    x = 1
    try:
        await asyncio.sleep(0.001)
        x = 2
        return x
    finally:
        print(f"x when the defer runs = {x}")


async def value_first():
    v = 10
    try:
        try:
            await asyncio.sleep(0.001)
            return v
        finally:
            print(f"defer sees v = {v}")
    finally:
        v = 99


async def amain():
    await scope()
    print(f"late_read -> {await late_read()}")
    print(f"value_first -> {await value_first()}")
    return 0


asyncio.run(amain())
