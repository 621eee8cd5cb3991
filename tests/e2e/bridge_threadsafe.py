import asyncio, threading, time

async def main():
    loop = asyncio.get_running_loop()
    ready = asyncio.Event()
    inbox = asyncio.Queue()

    def deliver(v):
        inbox.put_nowait(v)
        if v == 3:
            ready.set()

    def producer():
        for i in range(1, 4):
            time.sleep(0.01)
            loop.call_soon_threadsafe(deliver, i)

    th = threading.Thread(target=producer)
    th.start()
    await ready.wait()
    total = 0
    for _ in range(3):
        v = await inbox.get()
        print("got", v)
        total += v
    th.join()
    print("sum", total)

asyncio.run(main())
