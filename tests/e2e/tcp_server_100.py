import asyncio
import os

CLIENTS = 100
connected = cleaned_up = 0
handlers = set()


async def handler(reader, writer):
    global connected, cleaned_up
    handlers.add(asyncio.current_task())
    connected += 1
    try:
        await reader.read(16)
    except asyncio.CancelledError:
        pass  # asyncio 3.11 would log a re-raised cancellation as an error
    finally:
        cleaned_up += 1
        writer.close()
        handlers.discard(asyncio.current_task())


async def shutdown(srv):
    # what ac_server_shutdown does: stop accepting, cancel and await handlers
    srv.close()
    await srv.wait_closed()
    tasks = list(handlers)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def count_fds():
    return len(os.listdir("/proc/self/fd"))


async def amain():
    srv = await asyncio.start_server(handler, "127.0.0.1", 0)
    await shutdown(srv)
    before = count_fds()
    srv = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    clients = [await asyncio.open_connection("127.0.0.1", port) for _ in range(CLIENTS)]
    while connected < CLIENTS:
        await asyncio.sleep(0.01)
    print(f"{connected} handlers reading, {count_fds() - before} descriptors more")
    await shutdown(srv)
    print(f"shut down: {cleaned_up} handlers cleaned up")
    ends = 0
    for r, w in clients:
        if await r.read(16) == b"":
            ends += 1
        w.close()
        await w.wait_closed()
    await asyncio.sleep(0)
    print(f"{ends} clients read the end; descriptors left: {count_fds() - before}")


asyncio.run(amain())
