"""Twin of run_failure_status.ac (an uncaught exception exits with 1)."""
import asyncio


class Err(Exception):
    """asyncc's `throw CODE;`."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


async def amain():
    print("about to fail")
    await asyncio.sleep(0.01)
    raise Err(-22)


asyncio.run(amain())
