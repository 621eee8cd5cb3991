import asyncio
import socket

server_saw = None


async def note_peer(reader, writer):
    global server_saw
    server_saw = writer.get_extra_info("peername")
    await reader.read(1)
    writer.close()


def sockopt(writer, level, name):
    return writer.get_extra_info("socket").getsockopt(level, name)


async def by_address_list(server_host):
    srv = await asyncio.start_server(note_peer, server_host, 0)
    reader, writer = await asyncio.open_connection(None, srv.sockets[0].getsockname()[1])
    print("server on %s, connect to the loopback list: from %s"
          % (server_host, writer.get_extra_info("sockname")[0]))
    writer.close()
    await asyncio.sleep(0.01)  # the handler sees the end
    srv.close()
    await srv.wait_closed()


async def amain():
    await by_address_list("127.0.0.1")
    await by_address_list("::1")

    srv = await asyncio.start_server(note_peer, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    tmp = await asyncio.start_server(note_peer, "127.0.0.1", 0)
    local_port = tmp.sockets[0].getsockname()[1]
    tmp.close()
    await tmp.wait_closed()
    reader, writer = await asyncio.open_connection("127.0.0.1", port,
                                                   local_addr=("127.0.0.1", local_port))
    name = writer.get_extra_info("sockname")
    print("the client's own address is the one asked for: %d"
          % (name == ("127.0.0.1", local_port)))
    await asyncio.sleep(0.01)
    print("server sees the client's bound address: %d" % (name == server_saw))

    print("TCP_NODELAY by default: %d"
          % (sockopt(writer, socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0))
    print("keep-alive before: %d" % sockopt(writer, socket.SOL_SOCKET, socket.SO_KEEPALIVE))
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 30)
    print("set keep-alive: 0")
    print("keep-alive after: %d, idle %d s"
          % (sockopt(writer, socket.SOL_SOCKET, socket.SO_KEEPALIVE),
             sockopt(writer, socket.IPPROTO_TCP, socket.TCP_KEEPIDLE)))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)
    print("set nodelay off: 0, now %d" % sockopt(writer, socket.IPPROTO_TCP, socket.TCP_NODELAY))
    writer.close()
    await asyncio.sleep(0.01)  # the handler sees the end

    try:
        await asyncio.open_connection("127.0.0.1", port, local_addr=("::1", 0))
        print("connected?")
    except OSError:
        print("a local address of another family: refused 1")
    srv.close()
    await srv.wait_closed()
    return 0

raise SystemExit(asyncio.run(amain()))
