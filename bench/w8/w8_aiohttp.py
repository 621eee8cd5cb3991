"""w8_aiohttp.py - W8's CPython aiohttp peer (BENCH-SPEC.md W8): one
ClientSession with TCPConnector(limit=C), C worker coroutines each fetching
the next document, parsing it as JSON and summing the "id" fields.

    w8_aiohttp.py BASE_URL N CONCURRENCY   -> one RESULT line"""
import asyncio
import json
import resource
import sys
import time

import aiohttp


async def main(base, n, conc):
    state = {"next": 0, "sum": 0, "bad": 0}

    async def worker(session):
        while state["next"] < n:
            i = state["next"]
            state["next"] += 1
            async with session.get(f"{base}/doc/{i}.json") as r:
                body = await r.read()
                if r.status != 200:
                    state["bad"] += 1
                    continue
            state["sum"] += json.loads(body)["id"]

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conc)) as session:
        t0 = time.perf_counter()
        await asyncio.gather(*[worker(session) for _ in range(conc)])
        wall = time.perf_counter() - t0
    ok = state["bad"] == 0 and state["sum"] == n * (n - 1) // 2
    ru = resource.getrusage(resource.RUSAGE_SELF)
    rss, cpu = ru.ru_maxrss, ru.ru_utime + ru.ru_stime
    print(f"RESULT peer=aiohttp n={n} concurrency={conc} wall_s={wall:.4f} "
          f"req_per_s={n / wall:.0f} peak_rss_kb={rss} cpu_s={cpu:.4f} sum={state['sum']} ok={int(ok)}")
    return 0 if ok else 1


sys.exit(asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
