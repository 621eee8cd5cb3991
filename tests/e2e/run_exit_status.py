"""Twin of run_exit_status.ac."""
import asyncio
import sys


async def amain():
    await asyncio.sleep(0.01)
    print("exiting with 3")
    return 3


sys.exit(asyncio.run(amain()))
