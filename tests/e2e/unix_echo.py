import asyncio
import errno
import os
import socket


def name(x):
    # asyncc spells an abstract name "@name" and an unnamed socket ""
    if isinstance(x, bytes):
        return "@" + x[1:].decode()
    return x


def handler(path):
    async def handle_echo(reader, writer):
        own = name(writer.get_extra_info("sockname"))
        print("server: own name is the path: %d" % (own == path))
        line = await reader.readline()
        print("server: received %s" % line.decode(), end="")
        writer.write(line)
        await writer.drain()
        writer.close()
    return handle_echo


def addr(path):
    return "\0" + path[1:] if path.startswith("@") else path


async def client(path, message):
    reader, writer = await asyncio.open_unix_connection(addr(path))
    print("client: peer is the path: %d" % (name(writer.get_extra_info("peername")) == path))
    print("client: own name: '%s'" % name(writer.get_extra_info("sockname")))
    writer.write(message.encode())
    line = await reader.readline()
    print("client: received %s" % line.decode(), end="")
    rest = await reader.read(100)
    print("client: end of stream (%d)" % len(rest))
    writer.close()


def stale_socket(path):
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.close()


async def shutdown(srv, path):
    srv.close()
    await srv.wait_closed()
    # Python 3.13 unlinks the file itself (cleanup_socket); older ones not
    if not path.startswith("@") and os.path.exists(path):
        os.unlink(path)


async def amain():
    path = "/tmp/asyncc-unix-echo-%d.sock" % os.getpid()
    abstract = "@asyncc-unix-echo-%d" % os.getpid()

    stale_socket(path)
    print("stale socket file: %d" % os.path.exists(path))
    srv = await asyncio.start_unix_server(handler(path), path)
    print("listen over it: OK")
    await client(path, "Hello World!\n")
    await client(path, "second\n")
    await shutdown(srv, path)
    print("file after shutdown: %d" % os.path.exists(path))

    try:
        await asyncio.open_unix_connection(path)
    except OSError as e:
        print("connect with no server: %s" % errno.errorcode[e.errno])
    open(path, "w").close()
    try:
        await asyncio.start_unix_server(handler(path), path)
    except OSError as e:
        print("listen on a regular file: %s" % errno.errorcode[e.errno])
    os.unlink(path)

    srv = await asyncio.start_unix_server(handler(abstract), addr(abstract))
    print("abstract listen: OK, a file: %d" % os.path.exists(abstract))
    await client(abstract, "abstract\n")
    await shutdown(srv, abstract)
    return 0

raise SystemExit(asyncio.run(amain()))
