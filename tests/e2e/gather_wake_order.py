import asyncio
async def job(n): await asyncio.sleep(0.01); print(f"{n} done"); return 1
async def watcher(t): await t; print("watcher saw b")
async def slow(): await asyncio.sleep(0.02); return 5
async def watcher2(t): await t; print("watcher2 saw slow")
async def main():
    b = asyncio.create_task(job("b"))
    c = asyncio.create_task(watcher(b))
    await asyncio.gather(b)
    print("main after gather")
    s = asyncio.create_task(slow())
    w = asyncio.create_task(watcher2(s))
    v = await asyncio.wait_for(s, 1.0)
    print("main after wait_for", v)
    await asyncio.gather(c, w)
asyncio.run(main())
