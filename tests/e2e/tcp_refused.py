import asyncio

def greeter(word):
    async def greet(reader, writer):
        writer.write(word)
        await writer.drain()
        writer.close()
    return greet

async def fetch_greeting(host, port):
    reader, writer = await asyncio.open_connection(host, port)
    data = await reader.readexactly(3)
    print("%s: %s" % (host, data.decode()))
    writer.close()

async def amain():
    srv = await asyncio.start_server(greeter(b"v4!"), "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    await fetch_greeting("localhost", port)
    srv.close()
    await srv.wait_closed()
    try:
        await asyncio.open_connection("127.0.0.1", port)
        print("connected?")
    except ConnectionRefusedError:
        print("connect: connection refused")
    srv = await asyncio.start_server(greeter(b"v6!"), "::1", 0)
    await fetch_greeting("::1", srv.sockets[0].getsockname()[1])
    srv.close()
    await srv.wait_closed()
    return 0

raise SystemExit(asyncio.run(amain()))
