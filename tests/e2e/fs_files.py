# The twin does the same with plain file operations in asyncio.to_thread
# (aiofiles is not installed), printing the same lines.
import asyncio
import errno
import os

dir = "/tmp/asyncc-fs-%d" % os.getpid()


def at(name):
    return dir + "/" + name


def ename(e):
    return errno.errorcode[e.errno]


def write_file(path, data):
    with open(path, "wb") as f:
        f.write(data)


def read_file(path, limit):
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, "file too large")
    return data


async def whole_files():
    await asyncio.to_thread(write_file, at("a.txt"), b"hello\nworld\n")
    data = await asyncio.to_thread(read_file, at("a.txt"), 1 << 20)
    print("read_file: %d bytes: %s" % (len(data), data.decode()), end="")
    for what, path, limit in (("past its limit", at("a.txt"), 5),
                              ("of a missing file", at("missing"), 100),
                              ("of a directory", dir, 100)):
        try:
            await asyncio.to_thread(read_file, path, limit)
        except OSError as e:
            print("read_file %s: %s" % (what, ename(e)))


async def offsets():
    fd = await asyncio.to_thread(os.open, at("b.bin"), os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    await asyncio.to_thread(os.write, fd, b"abc")
    await asyncio.to_thread(os.write, fd, b"def")
    await asyncio.to_thread(os.pwrite, fd, b"XY", 1)
    print("read at 0: %s" % (await asyncio.to_thread(os.pread, fd, 16, 0)).decode())
    n = len(await asyncio.to_thread(os.read, fd, 16))
    print("read at the position (the end): %d" % n)
    print("read 2 at 4: %s" % (await asyncio.to_thread(os.pread, fd, 2, 4)).decode())
    await asyncio.to_thread(os.fsync, fd)
    print("fstat size: %d" % (await asyncio.to_thread(os.fstat, fd)).st_size)
    await asyncio.to_thread(os.close, fd)
    try:
        await asyncio.to_thread(os.open, at("missing"), os.O_RDONLY)
    except OSError as e:
        print("open a missing file: %s" % ename(e))
    try:
        await asyncio.to_thread(os.open, at("b.bin"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as e:
        print("open O_EXCL an existing file: %s" % ename(e))


async def names():
    import stat
    st = await asyncio.to_thread(os.stat, at("a.txt"))
    print("stat a.txt: size %d, file %d, dir %d"
          % (st.st_size, stat.S_ISREG(st.st_mode), stat.S_ISDIR(st.st_mode)))
    st = await asyncio.to_thread(os.stat, dir)
    print("stat dir: file %d, dir %d" % (stat.S_ISREG(st.st_mode), stat.S_ISDIR(st.st_mode)))
    await asyncio.to_thread(os.rename, at("a.txt"), at("c.txt"))
    try:
        await asyncio.to_thread(os.stat, at("a.txt"))
    except OSError as e:
        print("stat after rename: %s" % ename(e))
    await asyncio.to_thread(os.mkdir, at("sub"), 0o755)
    try:
        await asyncio.to_thread(os.mkdir, at("sub"), 0o755)
    except OSError as e:
        print("mkdir again: %s" % ename(e))
    entries = await asyncio.to_thread(lambda: sorted(os.scandir(dir), key=lambda e: e.name))
    for e in entries:
        print("entry %s: %s" % (e.name, "dir" if e.is_dir() else "file" if e.is_file() else "other"))
    try:
        await asyncio.to_thread(os.rmdir, dir)
    except OSError as e:
        print("rmdir a full directory: %s" % ename(e))
    try:
        await asyncio.to_thread(os.unlink, at("a.txt"))
    except OSError as e:
        print("unlink a missing file: %s" % ename(e))


async def cancel_rounds():
    await asyncio.to_thread(write_file, at("big"), bytes(8 << 20))
    fd = os.open(at("big"), os.O_RDONLY)

    def open_close():
        os.close(os.open(at("big"), os.O_RDONLY))

    ok, rounds = 0, 30
    for i in range(rounds):
        t = [asyncio.create_task(asyncio.to_thread(read_file, at("big"), 64 << 20)),
             asyncio.create_task(asyncio.to_thread(os.pread, fd, 1 << 20, 0)),
             asyncio.create_task(asyncio.to_thread(open_close))]
        await asyncio.sleep(0 if i % 3 == 0 else 0.0005 * i)
        for x in t:
            x.cancel()
        done = 0
        for x in t:
            try:
                await x
                done += 1
            except asyncio.CancelledError:
                done += 1
        ok += done == 3
    os.close(fd)
    return ok == rounds


async def amain():
    await asyncio.to_thread(os.mkdir, dir, 0o755)
    await whole_files()
    await offsets()
    await names()
    before = len(os.listdir("/proc/self/fd"))
    print("cancelled reads and opens, each cancelled or done: %d" % await cancel_rounds())
    # to_thread's workers outlive a cancellation: give them up to 2 s
    for _ in range(100):
        if len(os.listdir("/proc/self/fd")) == before:
            break
        await asyncio.sleep(0.02)
    print("descriptors left: %d" % (len(os.listdir("/proc/self/fd")) - before))
    for name in ("big", "b.bin", "c.txt"):
        await asyncio.to_thread(os.unlink, at(name))
    await asyncio.to_thread(os.rmdir, at("sub"))
    await asyncio.to_thread(os.rmdir, dir)
    print("cleaned up")
    return 0

raise SystemExit(asyncio.run(amain()))
