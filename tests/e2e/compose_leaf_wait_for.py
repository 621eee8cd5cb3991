"""Twin of compose_leaf_wait_for.ac: asyncio.wait_for, shield, gather and
wait over queue.get / queue.put / lock.acquire / event.wait, a user's
mailbox, and over a call, a task, a future."""
import asyncio


class Mailbox:
    """A one-slot mailbox with one taker (the .ac's user leaf)."""

    def __init__(self):
        self.value, self.has = 0, False
        self.taker = None
        self.takers = 0

    async def take(self):
        if self.has:
            self.has = False
            return self.value
        self.taker = asyncio.get_running_loop().create_future()
        self.takers += 1
        try:
            return await self.taker
        except asyncio.CancelledError:
            self.taker = None
            self.takers -= 1
            raise

    def post(self, v):
        if self.taker is not None:
            self.taker.set_result(v)
            self.taker = None
            self.takers -= 1
            return
        self.value, self.has = v, True


def outcome(exc):
    if isinstance(exc, asyncio.TimeoutError):
        return "timed out"
    if isinstance(exc, asyncio.CancelledError):
        return "cancelled"
    return str(exc)


async def put_later(q, v):
    await asyncio.sleep(0.01)
    await q.put(v)


async def set_later(e):
    await asyncio.sleep(0.01)
    e.set()


async def slow(s, v):
    await asyncio.sleep(s)
    return v


async def queues():
    q = asyncio.Queue(maxsize=1)
    x = -1
    try:
        x = await asyncio.wait_for(q.get(), 0.05)
        print(f"get: {x}")
    except asyncio.TimeoutError as e:
        print(f"get: {outcome(e)}, x {x}, size {q.qsize()}")
    q.put_nowait(7)
    x = await q.get()
    print(f"later get: {x}, size {q.qsize()}")

    q.put_nowait(1)  # full
    try:
        await asyncio.wait_for(q.put(2), 0.05)
        print("put: done")
    except asyncio.TimeoutError as e:
        print(f"put: {outcome(e)}, size {q.qsize()}")
    x = await q.get()
    print(f"got {x}, size {q.qsize()}")

    p = asyncio.create_task(put_later(q, 5))
    x = await asyncio.wait_for(q.get(), 1)
    print(f"get in time: {x}, size {q.qsize()}")
    await p

    p = asyncio.create_task(put_later(q, 8))
    x = await asyncio.shield(q.get())
    print(f"shielded get: {x}")
    await p
    x = -1
    _, x, _ = await asyncio.gather(asyncio.sleep(0.01), q.get(), put_later(q, 9))
    print(f"gathered get: {x}, size {q.qsize()}")


async def locks():
    lock = asyncio.Lock()
    await lock.acquire()
    try:
        await asyncio.wait_for(lock.acquire(), 0.05)
        print("acquire: done")
    except asyncio.TimeoutError as e:
        print(f"acquire: {outcome(e)}, locked {int(lock.locked())}")
    lock.release()
    print(f"released, locked {int(lock.locked())}")
    await asyncio.wait_for(lock.acquire(), 1)
    print(f"acquire in time, locked {int(lock.locked())}")
    lock.release()
    print(f"released, locked {int(lock.locked())}, destroy 0")


async def events():
    e = asyncio.Event()
    try:
        await asyncio.wait_for(e.wait(), 0.05)
        print("wait: done")
    except asyncio.TimeoutError as exc:
        print(f"wait: {outcome(exc)}")
    s = asyncio.create_task(set_later(e))
    await asyncio.wait_for(e.wait(), 1)
    print(f"wait in time: set {int(e.is_set())}")
    await s

    never = asyncio.Event()
    hs = [asyncio.create_task(asyncio.sleep(0.01)), asyncio.create_task(never.wait())]
    done, _ = await asyncio.wait(hs, return_when=asyncio.FIRST_COMPLETED)
    print(f"ac_wait: {len(done)} finished, first {int(hs[0].done())}, "
          f"second {int(hs[1].done())}")
    hs[1].cancel()
    try:
        await hs[1]
    except asyncio.CancelledError as exc:
        print(f"second: {outcome(exc)}, destroy 0")


async def mailboxes():
    m = Mailbox()
    try:
        v = await asyncio.wait_for(m.take(), 0.05)
        print(f"take: {v}")
    except asyncio.TimeoutError as e:
        print(f"take: {outcome(e)}, takers {m.takers}")
    m.post(11)
    print(f"take after post: {await asyncio.wait_for(m.take(), 1)}, takers {m.takers}")


async def kinds():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(slow(1, 1), 0.05)
    except asyncio.TimeoutError as e:
        print(f"wait_for(call): {outcome(e)}")
    print(f"wait_for(call): {await asyncio.wait_for(slow(0, 2), 1)}")
    h = asyncio.create_task(slow(0.01, 3))
    print(f"wait_for(handle): {await asyncio.wait_for(h, 1)}")
    p = loop.create_future()
    try:
        await asyncio.wait_for(p, 0.05)
    except asyncio.TimeoutError as e:
        print(f"wait_for(promise): {outcome(e)}")
    p2 = loop.create_future()
    p2.set_result(4)
    print(f"wait_for(promise): {await asyncio.wait_for(p2, 1)}")
    m = Mailbox()
    m.post(5)
    print(f"wait_for(leaf): {await asyncio.wait_for(m.take(), 1)}")

    print(f"shield(call): {await asyncio.shield(slow(0, 6))}")
    h2 = asyncio.create_task(slow(0.01, 7))
    print(f"shield(handle): {await asyncio.shield(h2)}")
    p3 = loop.create_future()
    p3.set_result(8)
    print(f"shield(promise): {await asyncio.shield(p3)}")
    m.post(9)
    print(f"shield(leaf): {await asyncio.shield(m.take())}")


async def amain():
    await queues()
    await locks()
    await events()
    await mailboxes()
    await kinds()
    return 0


asyncio.run(amain())
