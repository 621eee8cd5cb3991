import asyncio
import os

CLIENTS, CYCLES = 5, 200
connected = 0
handlers = set()

async def idle_handler(reader, writer, quiet):
    global connected
    handlers.add(asyncio.current_task())
    try:
        if quiet:
            try:
                await reader.read(16)
            except asyncio.CancelledError:
                pass  # as below
            return
        connected += 1
        try:
            await reader.read(16)
            print("handler: read?")
        except asyncio.CancelledError:
            # not re-raised: asyncio 3.11's start_server callback would log
            # the cancelled task as an error (the C handler rethrows)
            print("handler: operation canceled")
    finally:
        writer.close()
        handlers.discard(asyncio.current_task())

async def shutdown(srv):
    # asyncio 3.11's Server.close() leaves the handlers running: cancel and
    # await them as ac_server_shutdown does.
    srv.close()
    await srv.wait_closed()
    tasks = list(handlers)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

def count_fds():
    return len(os.listdir("/proc/self/fd"))

async def amain():
    srv = await asyncio.start_server(lambda r, w: idle_handler(r, w, False), "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    clients = [await asyncio.open_connection("127.0.0.1", port) for _ in range(CLIENTS)]
    while connected < CLIENTS:
        await asyncio.sleep(0.01)
    await shutdown(srv)
    print("server: shut down")
    for i, (reader, writer) in enumerate(clients):
        data = await reader.read(16)
        print("client %d: end of stream (%d)" % (i, len(data)))
        writer.close()
    await asyncio.sleep(0)
    before = count_fds()
    srv = await asyncio.start_server(lambda r, w: idle_handler(r, w, True), "127.0.0.1", 0)
    for _ in range(CYCLES):
        reader, writer = await asyncio.open_connection("127.0.0.1", srv.sockets[0].getsockname()[1])
        writer.close()
        await writer.wait_closed()
    await shutdown(srv)
    await asyncio.sleep(0)
    print("%d connect/close cycles: %d descriptors left" % (CYCLES, count_fds() - before))
    return 0

raise SystemExit(asyncio.run(amain()))
