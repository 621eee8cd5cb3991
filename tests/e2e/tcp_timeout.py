import asyncio

async def slow_server(reader, writer):
    line = await reader.readline()
    print("server: got %s" % line.decode(), end="")
    writer.write(b"late answer\n")
    await writer.drain()
    writer.close()

async def amain():
    srv = await asyncio.start_server(slow_server, "127.0.0.1", 0)
    reader, writer = await asyncio.open_connection("127.0.0.1", srv.sockets[0].getsockname()[1])
    try:
        n = await asyncio.wait_for(reader.readline(), 0.1)
        print("client: unexpected %d" % len(n))
    except asyncio.TimeoutError:
        print("client: connection timed out")
    writer.write(b"hello\n")
    await writer.drain()
    line = await reader.readline()
    print("client: %s" % line.decode(), end="")
    writer.close()
    srv.close()
    await srv.wait_closed()
    return 0

raise SystemExit(asyncio.run(amain()))
