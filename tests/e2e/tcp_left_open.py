import asyncio
import socket

BIG = 16 * 1024 * 1024

async def wait_forever(reader, writer):
    await reader.read(1)

async def write_all(writer, data):
    writer.write(data)
    await writer.drain()

raw = None

async def amain():
    global raw
    srv = await asyncio.start_server(wait_forever, "127.0.0.1", 0)
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", srv.sockets[0].getsockname()[1])
    await asyncio.sleep(0.01)
    print("server open, stream connected")

    raw = socket.socket()
    raw.bind(("127.0.0.1", 0))
    raw.listen(1)
    r2, stuck = await asyncio.open_connection("127.0.0.1", raw.getsockname()[1])
    try:
        await asyncio.wait_for(write_all(stuck, bytes(BIG)), 0.2)
        print("write finished?")
    except asyncio.TimeoutError:
        print("write to a peer that never reads: connection timed out")
    print("bytes still queued: %d" % (stuck.transport.get_write_buffer_size() > 0))
    stuck.close()
    print("amain returns")
    return 0

rc = asyncio.run(amain())
print("ac_run returned %d" % rc)
raw.close()
raise SystemExit(rc)
