# echo_tcp: asyncio's documentation example of streams (the TCP echo
# client and server), in one program; `echo_tcp.py serve N` serves N clients.
import asyncio
import sys

clients_left = -1
all_served = None

async def handle_echo(reader, writer):
    global clients_left
    data = await reader.read(100)
    message = data.decode()
    addr = writer.get_extra_info("peername")
    print("Received %r from %s" % (message, addr[0]))
    print("Send: %r" % message)
    writer.write(data)
    await writer.drain()
    print("Close the connection")
    writer.close()
    await writer.wait_closed()
    if clients_left > 0:
        clients_left -= 1
        if clients_left == 0:
            all_served.set()

async def tcp_echo_client(port, message):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    print("Send: %r" % message)
    writer.write(message.encode())
    await writer.drain()
    data = await reader.read(100)
    print("Received: %r" % data.decode())
    print("Close the connection")
    writer.close()
    await writer.wait_closed()

async def amain(clients):
    global clients_left, all_served
    server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    if clients > 0:
        clients_left = clients
        all_served = asyncio.Event()
        print("serving on port %d" % port, flush=True)
        await all_served.wait()
    else:
        await tcp_echo_client(port, "Hello World!")
    server.close()
    await server.wait_closed()
    return 0

n = int(sys.argv[2]) if len(sys.argv) == 3 and sys.argv[1] == "serve" else 0
raise SystemExit(asyncio.run(amain(n)))
