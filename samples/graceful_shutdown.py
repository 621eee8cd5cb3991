# graceful_shutdown: a server that stops cleanly on SIGTERM: it stops
# accepting, lets the request under way be answered, cancels the idle
# connections. The program sends itself the SIGTERM.
import asyncio
import os
import signal

handlers = set()
two_answered = None


async def serve(reader, writer):
    handlers.add(asyncio.current_task())
    served = 0
    try:
        while await reader.readline():
            await asyncio.sleep(0.05)  # some work
            writer.write(b"pong\n")
            await writer.drain()
            served += 1
    except asyncio.CancelledError:
        if served == 0:
            print("server: an idle connection is closed")
    finally:
        writer.close()
        handlers.discard(asyncio.current_task())


async def terminate_soon():
    await two_answered.wait()
    print("sending SIGTERM to myself")
    os.kill(os.getpid(), signal.SIGTERM)


async def busy_client(port):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    for _ in range(2):
        w.write(b"ping\n")
        await w.drain()
        print("client: " + (await r.readline()).decode(), end="")
    two_answered.set()
    w.write(b"ping\n")  # answered during the shutdown
    await w.drain()
    print("client: last " + (await r.readline()).decode(), end="")
    w.close()


async def amain():
    global two_answered
    two_answered = asyncio.Event()
    loop = asyncio.get_running_loop()
    sig = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, sig.set_result, signal.SIGTERM)
    srv = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    killer = asyncio.create_task(terminate_soon())
    idle_r, idle_w = await asyncio.open_connection("127.0.0.1", port)
    client = asyncio.create_task(busy_client(port))
    print("got signal %s" % ("SIGTERM" if await sig == signal.SIGTERM else "?"))
    loop.remove_signal_handler(signal.SIGTERM)
    srv.close()
    print("server: stopped accepting")
    await client
    await srv.wait_closed()
    tasks = list(handlers)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("server: shut down cleanly")
    idle_w.close()
    await killer
    return 0


raise SystemExit(asyncio.run(amain()))
