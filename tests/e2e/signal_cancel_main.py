import asyncio
import os
import signal
import sys


async def ctrl_c_later():
    await asyncio.sleep(0.05)
    print("pressing Ctrl-C", flush=True)
    os.kill(os.getpid(), signal.SIGINT)
    await asyncio.sleep(10)


async def amain():
    print("cancel on SIGINT: 0")  # asyncio.run does it by itself
    c = asyncio.create_task(ctrl_c_later())
    try:
        await asyncio.sleep(10)
        print("slept?")
    finally:
        print("main: cleaning up")
    await c
    return 0


try:
    rc = asyncio.run(amain())
except KeyboardInterrupt:
    rc = 1
print(f"ac_run: {rc}")
sys.exit(rc)
