# subprocess_output: run programs and read their output (asyncio's
# subprocess examples): a line at a time from ls, communicate() with sort
# and with sh -c writing to both streams.
import asyncio
from asyncio.subprocess import PIPE


async def lines_of_ls():
    p = await asyncio.create_subprocess_exec("ls", "-1", "/", stdout=PIPE)
    n, have_tmp = 0, False
    while line := await p.stdout.readline():
        n += 1
        have_tmp = have_tmp or line == b"tmp\n"
    rc = await p.wait()
    print("ls / printed %s lines, tmp among them: %s; exit status %d"
          % ("several" if n > 1 else "too few", "yes" if have_tmp else "no", rc))


async def sorted_words():
    p = await asyncio.create_subprocess_exec("sort", stdin=PIPE, stdout=PIPE)
    out, _ = await p.communicate(b"pear\napple\nfig\n")
    print("sort said:\n" + out.decode(), end="")
    print("sort exit status %d" % p.returncode)


async def both_streams():
    p = await asyncio.create_subprocess_exec(
        "sh", "-c", "echo to stdout; echo to stderr >&2; exit 4", stdout=PIPE, stderr=PIPE)
    out, err = await p.communicate()
    print("[sh exited with %d]" % p.returncode)
    print("[stdout]\n" + out.decode(), end="")
    print("[stderr]\n" + err.decode(), end="")


async def amain():
    await lines_of_ls()
    await sorted_words()
    await both_streams()


asyncio.run(amain())
