# chat_server: a line-based chat server and three clients in one program
# (asyncio streams). The first line is the client's name, later lines go
# to everyone else as "<name> text", "/quit" leaves.
import asyncio

members = {}  # writer -> name
handlers = set()


async def broadcast(sender, line):
    for w in list(members):
        if w is not sender:
            try:
                w.write(line.encode())
                await w.drain()
            except ConnectionError:
                pass  # its own handler finds out and leaves


async def chat_handler(reader, writer):
    handlers.add(asyncio.current_task())
    try:
        line = await reader.readline()
        if not line:
            return
        name = line.decode().rstrip("\n")
        writer.write(f"welcome {name}, {len(members)} here before you\n".encode())
        members[writer] = name
        await writer.drain()
        await broadcast(writer, f"* {name} joined\n")
        try:
            while line := await reader.readline():
                if line == b"/quit\n":
                    break
                await broadcast(writer, f"<{name}> {line.decode()}")
        finally:
            del members[writer]
            await broadcast(writer, f"* {name} left\n")
    except asyncio.CancelledError:
        pass
    finally:
        writer.close()
        handlers.discard(asyncio.current_task())


class Client:
    def __init__(self, name):
        self.name = name


async def say(c, text):
    print(f"{c.name} says: {text}", end="")
    c.w.write(text.encode())
    await c.w.drain()


async def hear(c):
    line = await c.r.readline()
    print(f"  {c.name} hears: {line.decode()}", end="")


async def amain():
    srv = await asyncio.start_server(chat_handler, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    c = [Client("alice"), Client("bob"), Client("carol")]
    for i in range(3):
        c[i].r, c[i].w = await asyncio.open_connection("127.0.0.1", port)
        c[i].w.write(f"{c[i].name}\n".encode())
        await c[i].w.drain()
        await hear(c[i])
        for j in range(i):
            await hear(c[j])
    await say(c[0], "hi all\n")
    await hear(c[1])
    await hear(c[2])
    await say(c[1], "hello alice\n")
    await hear(c[0])
    await hear(c[2])
    await say(c[2], "/quit\n")
    await hear(c[0])
    await hear(c[1])
    for x in c:
        x.w.close()
    srv.close()
    await srv.wait_closed()
    tasks = list(handlers)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("server closed")


asyncio.run(amain())
