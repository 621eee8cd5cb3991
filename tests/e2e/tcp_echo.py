import asyncio

async def handle_echo(reader, writer):
    line = await reader.readline()
    print("server: received %s" % line.decode(), end="")
    writer.write(line)
    await writer.drain()
    print("server: close the connection")
    writer.close()
    await writer.wait_closed()

async def client(port, message, delay):
    await asyncio.sleep(delay)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    print("client: send %s" % message)
    writer.write(message.encode())
    await writer.drain()
    writer.write(b"\n")
    await writer.drain()
    line = await reader.readline()
    print("client: received %s" % line.decode(), end="")
    data = await reader.read(100)
    print("client: end of stream (%d)" % len(data))
    writer.close()
    await writer.wait_closed()

async def amain():
    server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("serving: %d" % (port > 0))
    await asyncio.gather(client(port, "Hello World!", 0.0),
                         client(port, "second", 0.3),
                         client(port, "third", 0.6))
    server.close()
    await server.wait_closed()
    print("server: shut down")
    return 0

raise SystemExit(asyncio.run(amain()))
