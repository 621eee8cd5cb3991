import asyncio
import os
from asyncio.subprocess import PIPE

WORKERS, EACH = 20, 50
ok = killed = 0


async def one(i):
    global ok, killed
    kind = 2 if i % 10 == 9 else i % 2
    if kind == 0:
        p = await asyncio.create_subprocess_exec("true")
        if await p.wait() == 0:
            ok += 1
    elif kind == 1:
        p = await asyncio.create_subprocess_exec("sh", "-c", "echo out; echo err >&2",
                                                 stdout=PIPE, stderr=PIPE)
        out, err = await p.communicate()
        if p.returncode == 0 and out == b"out\n" and err == b"err\n":
            ok += 1
    else:
        p = await asyncio.create_subprocess_exec("sleep", "10")
        w = asyncio.create_task(p.wait())
        await asyncio.sleep(0)
        try:
            await asyncio.wait_for(w, 0.01)
        except asyncio.TimeoutError:
            p.kill()  # what a cancelled ac_process_wait does
            if await p.wait() == -9:
                killed += 1


async def worker(w):
    for k in range(EACH):
        await one(w * EACH + k)


async def amain():
    global ok
    await one(1)
    ok = 0
    before = len(os.listdir("/proc/self/fd"))
    await asyncio.gather(*(worker(w) for w in range(WORKERS)))
    total = WORKERS * EACH
    print("processes: " + ("9 in 10 ran to their end, 1 in 10 killed by a cancelled wait"
                           if ok == total - total // 10 and killed == total // 10
                           else "some went wrong"))
    print(f"descriptors left: {len(os.listdir('/proc/self/fd')) - before}")
    try:
        os.waitpid(-1, os.WNOHANG)
        print("children left: some")
    except ChildProcessError:
        print("children left: none")


asyncio.run(amain())
