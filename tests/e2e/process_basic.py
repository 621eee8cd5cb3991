import asyncio
import os
import signal
import sys
from asyncio.subprocess import DEVNULL, PIPE, STDOUT


async def exit_status():
    p = await asyncio.create_subprocess_exec("sh", "-c", "echo hello; exit 3", stdout=PIPE)
    line = await p.stdout.readline()
    rc = await p.wait()
    print(f"sh: {line.decode().rstrip()} rc {rc}")


async def cat_pipe():
    p = await asyncio.create_subprocess_exec("cat", stdin=PIPE, stdout=PIPE)
    p.stdin.write(b"abc\n")
    await p.stdin.drain()
    p.stdin.close()
    line = await p.stdout.readline()
    end = await p.stdout.read(64)
    rc = await p.wait()
    print(f"cat: {line.decode().rstrip()} end {len(end)} stdin closed rc {rc}")


async def yes_head():
    p = await asyncio.create_subprocess_exec("sh", "-c", "yes | head -n 3", stdout=PIPE)
    out, err = await p.communicate()
    same = "y y y" if out == b"y\ny\ny\n" else "?"
    print(f"yes | head: {len(out)} bytes {same} rc {p.returncode}, stderr 0")


async def big_cat():
    big = bytes(ord("a") + i % 26 for i in range(1 << 20))
    p = await asyncio.create_subprocess_exec("sh", "-c", "cat; echo done >&2",
                                             stdin=PIPE, stdout=PIPE, stderr=PIPE)
    out, err = await p.communicate(big)
    print(f"cat 1 MiB: out {len(out)} same {int(out == big)}, err {err.decode()}", end="")
    print(f"cat 1 MiB: rc {p.returncode}")


async def env_cwd():
    p = await asyncio.create_subprocess_exec("/bin/sh", "-c", "echo $FOO; pwd", stdout=PIPE,
                                             stderr=DEVNULL, cwd="/",
                                             env={"FOO": "bar", "PATH": "/usr/bin:/bin"})
    out, _ = await p.communicate()
    print(f"env and cwd: {out.decode()}", end="")
    print(f"env and cwd: rc {p.returncode}")


async def signalled():
    p = await asyncio.create_subprocess_exec("sleep", "10")
    p.send_signal(signal.SIGTERM)
    rc = await p.wait()
    try:
        p.send_signal(signal.SIGTERM)
        again = "?"
    except ProcessLookupError:
        again = "no such process"
    print(f"sleep killed: kill 0 rc {rc}, again {again}")


async def missing():
    try:
        await asyncio.create_subprocess_exec("no-such-program-here")
    except FileNotFoundError:
        print("missing program: no such file or directory")


async def cancelled(script, grace):
    # asyncio leaves the child alone when a wait is cancelled: do by hand
    # what ac_process_wait does (terminate, kill after the grace, reap).
    p = await asyncio.create_subprocess_exec("sh", "-c", script)
    await asyncio.sleep(0.1)
    try:
        await asyncio.wait_for(p.wait(), 0.1)
    except asyncio.TimeoutError:
        if grace == 0:
            p.kill()
        else:
            p.terminate()
            try:
                await asyncio.wait_for(asyncio.shield(p.wait()), grace)
            except asyncio.TimeoutError:
                p.kill()
        await p.wait()
        print(f"wait_for: connection timed out, exited 1 rc {p.returncode}")


async def limited():
    p = await asyncio.create_subprocess_exec("yes", stdout=PIPE)
    got = 0
    while got <= 100000:
        got += len(await p.stdout.read(65536))
    p.kill()
    await p.wait()
    print(f"yes over the limit: no buffer space available, rc {p.returncode}, out 0")


async def merged_stderr(stdout):
    sys.stdout.flush()
    p = await asyncio.create_subprocess_exec(
        "sh", "-c", "echo out; echo err >&2; echo out2", stdout=stdout, stderr=STDOUT)
    out, _ = await p.communicate()
    out = (out or b"").decode()
    print(f"stderr into stdout: [{out}] rc {p.returncode} stderr pipe {int(p.stderr is not None)}")


async def passed_fd(passed):
    r, w = os.pipe()
    p = await asyncio.create_subprocess_exec(
        "bash", "-c", f"echo through a passed descriptor >&{w}", stderr=DEVNULL,
        pass_fds=(w,) if passed else ())
    os.close(w)
    rc = await p.wait()
    out = os.read(r, 64).decode()
    os.close(r)
    print(f"pass_fds {passed}: [{out[:-1]}] rc {rc}")


async def amain():
    await exit_status()
    await cat_pipe()
    await yes_head()
    await big_cat()
    await env_cwd()
    await signalled()
    await missing()
    await cancelled("exec sleep 10", 0)
    await cancelled("trap '' TERM; exec sleep 10", 0.2)
    await cancelled("exec sleep 10", 5)
    await limited()
    await merged_stderr(PIPE)
    await merged_stderr(None)
    await merged_stderr(DEVNULL)
    await passed_fd(1)
    await passed_fd(0)
    left = await asyncio.create_subprocess_exec("sleep", "100")
    print("leaving a child running")
    left.kill()  # asyncio.run would leave it: kill it as ac_run does
    await left.wait()


asyncio.run(amain())
