import asyncio
import os

CYCLES = 1000


async def echo_byte(reader, writer):
    c = await reader.read(1)
    if c:
        writer.write(c)
        await writer.drain()
    writer.close()


def count_fds():
    return len(os.listdir("/proc/self/fd"))


async def cycle(port, path):
    if path is not None:
        reader, writer = await asyncio.open_unix_connection(path)
    else:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"x")
    back = await reader.read(1)
    writer.close()
    await writer.wait_closed()
    return back == b"x"


async def cycles(port, path):
    ok = 0
    for _ in range(CYCLES):
        ok += await cycle(port, path)
    return ok


async def settled(before):
    for _ in range(100):
        if count_fds() == before:
            break
        await asyncio.sleep(0.01)
    return count_fds() - before


async def amain():
    path = "/tmp/asyncc-io-cycles-%d.sock" % os.getpid()
    tcp = await asyncio.start_server(echo_byte, "127.0.0.1", 0)
    unix_srv = await asyncio.start_unix_server(echo_byte, path)
    before = count_fds()
    print("tcp cycles echoed: %d" % await cycles(tcp.sockets[0].getsockname()[1], None))
    print("descriptors left after tcp: %d" % await settled(before))
    print("unix cycles echoed: %d" % await cycles(0, path))
    print("descriptors left after unix: %d" % await settled(before))
    for srv in (tcp, unix_srv):
        srv.close()
        await srv.wait_closed()
    os.unlink(path)
    return 0

raise SystemExit(asyncio.run(amain()))
