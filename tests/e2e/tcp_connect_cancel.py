import asyncio
import os

N = 50

async def quiet(reader, writer):
    await reader.read(1)
    writer.close()

def count_fds():
    return len(os.listdir("/proc/self/fd"))

async def connect_and_close(host, port):
    reader, writer = await asyncio.open_connection(host, port)
    writer.close()
    await writer.wait_closed()

async def cancel_round(host, port, after):
    t = [asyncio.create_task(connect_and_close(host, port)) for _ in range(N)]
    await asyncio.sleep(after)
    for x in t:
        x.cancel()
    cancelled = 0
    for x in t:
        try:
            await x
        except asyncio.CancelledError:
            cancelled += 1
    return cancelled

async def amain():
    srv = await asyncio.start_server(quiet, "127.0.0.1", 0)
    before = count_fds()
    port = srv.sockets[0].getsockname()[1]
    a = await cancel_round("localhost", port, 0)
    print("cancelled while resolving: %d" % (a == N))
    b = 0
    for i in range(1, 21):
        b += await cancel_round("127.0.0.1", port, 0.0001 * i)
    print("cancelled while resolving or connecting: %d" % (b > 0))
    await connect_and_close("localhost", port)
    print("a connect after them works")
    await asyncio.sleep(0.05)
    print("descriptors left: %d" % (count_fds() - before))
    srv.close()
    await srv.wait_closed()
    return 0

raise SystemExit(asyncio.run(amain()))
