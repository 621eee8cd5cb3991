import asyncio

BIG = 4 << 20

async def rude_server(reader, writer):
    data = await reader.readexactly(5)
    print("server: read %s, closing with bytes unread" % data.decode())
    writer.close()

async def read_some(reader):
    try:
        data = await reader.read(100)
        print("client: read %d" % len(data))
    except (ConnectionResetError, BrokenPipeError):
        print("client: read: connection lost 1")

async def amain():
    srv = await asyncio.start_server(rude_server, "127.0.0.1", 0)
    reader, writer = await asyncio.open_connection("127.0.0.1", srv.sockets[0].getsockname()[1])
    r = asyncio.create_task(read_some(reader))
    try:
        writer.write(b"hello" * (BIG // 5) + b"hell")
        await writer.drain()
        print("client: all written?")
    except (ConnectionResetError, BrokenPipeError):
        print("client: write: connection lost 1")
    await r
    writer.close()
    srv.close()
    await srv.wait_closed()
    return 0

raise SystemExit(asyncio.run(amain()))
