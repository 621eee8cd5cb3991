import asyncio

async def line_server(reader, writer):
    try:
        await reader.readuntil(b"\n")
    except asyncio.LimitOverrunError:
        print("server: separator not found within the limit")
    reader._limit = 511  # asyncio has no public way to read on with a bigger limit
    line = await reader.readuntil(b"\n")
    print("server: whole line of %d bytes, %d x" % (len(line), len(line) - len(line.lstrip(b"x"))))
    line = await reader.readline()
    print("server: then %s" % line.decode(), end="")
    line = await reader.readline()
    print("server: end (%d)" % len(line))
    writer.close()

async def amain():
    srv = await asyncio.start_server(line_server, "127.0.0.1", 0, limit=99)
    reader, writer = await asyncio.open_connection("127.0.0.1", srv.sockets[0].getsockname()[1])
    writer.write(b"x" * 300 + b"\n")
    writer.write(b"short\n")
    writer.write_eof()
    data = await reader.read(301)
    print("client: end (%d)" % len(data))
    writer.close()
    srv.close()
    await srv.wait_closed()
    return 0

raise SystemExit(asyncio.run(amain()))
