"""Twin of try_values_across_finally.ac."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def amain():
    steps = 0
    last_err = 0
    weight = 0.5
    for i in range(3):
        try:
            steps += 1
            await asyncio.sleep(0.001)
            weight *= 2
            if i == 1:
                raise Err(-(10 + i))
            steps += 10
        except Err as err:
            last_err = err.code
            await asyncio.sleep(0.001)
            steps += 100
        finally:
            await asyncio.sleep(0.001)
            print(f"i={i} steps={steps} last_err={last_err} weight={weight:.1f}")
    print(f"final steps={steps} last_err={last_err} weight={weight:.1f}")
    return 0


asyncio.run(amain())
