"""http_crawler: a crawler with at most K requests in flight and a total
timeout (the twin of http_crawler.ac), with aiohttp, an asyncio.Semaphore,
a TaskGroup and asyncio.wait_for, over a local asyncio server."""
import asyncio

import aiohttp

import http_site

K = 4
MAX_PAGES = 100
TOTAL_TIMEOUT = 10.0

state = {"pages": 0, "sum": 0, "in_flight": 0, "most": 0}
seen = set()


async def crawl(session, group, slots, port, page):
    async with slots:
        state["in_flight"] += 1
        state["most"] = max(state["most"], state["in_flight"])
        try:
            async with session.get(f"http://127.0.0.1:{port}/page/{page}") as r:
                data = await r.json()
        finally:
            state["in_flight"] -= 1
    state["pages"] += 1
    state["sum"] += data["page"]
    for n in data["links"]:
        if 0 <= n < MAX_PAGES and n not in seen:
            seen.add(n)
            group.create_task(crawl(session, group, slots, port, n))


async def crawl_all(session, port):
    slots = asyncio.Semaphore(K)
    seen.add(0)
    async with asyncio.TaskGroup() as group:
        group.create_task(crawl(session, group, slots, port, 0))


async def main():
    site = await http_site.start()
    port = http_site.port_of(site)
    async with aiohttp.ClientSession() as session:
        try:
            await asyncio.wait_for(crawl_all(session, port), TOTAL_TIMEOUT)
            print(f"crawled {state['pages']} pages (sum of page numbers {state['sum']}) "
                  f"within {TOTAL_TIMEOUT:.0f} s")
        except asyncio.TimeoutError:
            print(f"crawl stopped after {state['pages']} pages: timed out")
    print(f"at most {state['most']} requests in flight (limit {K})")
    site.close()
    await site.wait_closed()


asyncio.run(main())
