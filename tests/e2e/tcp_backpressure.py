import asyncio

CHUNK, CHUNKS = 32 * 1024, 128
max_queued = 0

async def writer(reader, w):
    global max_queued
    for i in range(CHUNKS):
        w.write(bytes([ord("a") + i % 26]) * CHUNK)
        await w.drain()
        max_queued = max(max_queued, w.transport.get_write_buffer_size())
    await w.drain()
    w.close()

async def amain():
    srv = await asyncio.start_server(writer, "127.0.0.1", 0)
    reader, w = await asyncio.open_connection("127.0.0.1", srv.sockets[0].getsockname()[1])
    total, in_order = 0, 1
    while True:
        data = await reader.read(4096)
        if not data:
            break
        for i, b in enumerate(data):
            if b != ord("a") + ((total + i) // CHUNK) % 26:
                in_order = 0
        total += len(data)
        if total % (256 * 1024) < len(data):
            await asyncio.sleep(0.002)
    print("reader: %d bytes, in order: %d" % (total, in_order))
    print("writer: queued at most 64 KiB after each write: %d" % (max_queued <= 64 * 1024))
    print("writer: had to wait: %d" % (max_queued > 0))
    w.close()
    srv.close()
    await srv.wait_closed()
    return 0

raise SystemExit(asyncio.run(amain()))
