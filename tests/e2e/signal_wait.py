import asyncio
import os
import signal


def is_default(sig):
    return int(signal.getsignal(sig) == signal.SIG_DFL)


async def wait_signal(sig):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.add_signal_handler(sig, fut.set_result, sig)
    try:
        return await fut
    finally:
        loop.remove_signal_handler(sig)


async def send_later(sig, delay):
    await asyncio.sleep(delay)
    print(f"sending signal {int(sig)}")
    os.kill(os.getpid(), sig)


async def amain():
    w = asyncio.create_task(wait_signal(signal.SIGUSR1))
    s = asyncio.create_task(send_later(signal.SIGUSR1, 0.05))
    got = await w
    await s
    print(f"got signal {int(got)} (SIGUSR1 {int(got == signal.SIGUSR1)})")
    print(f"default again: {is_default(signal.SIGUSR1)}")
    try:
        await asyncio.wait_for(wait_signal(signal.SIGUSR1), 0.05)
    except asyncio.TimeoutError:
        print(f"wait_for: connection timed out, default again: {is_default(signal.SIGUSR1)}")
    try:
        await wait_signal(signal.SIGKILL)
    except (RuntimeError, ValueError, OSError):
        print("SIGKILL: invalid argument")


asyncio.run(amain())
