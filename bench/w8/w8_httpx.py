"""w8_httpx.py - W8's CPython httpx peer (BENCH-SPEC.md W8): one
httpx.AsyncClient with limits=httpx.Limits(max_connections=C), C worker
coroutines each fetching the next document, parsing it as JSON and summing
the "id" fields.

    w8_httpx.py BASE_URL N CONCURRENCY   -> one RESULT line"""
import asyncio
import resource
import sys
import time

import httpx


async def main(base, n, conc):
    state = {"next": 0, "sum": 0, "bad": 0}

    async def worker(client):
        while state["next"] < n:
            i = state["next"]
            state["next"] += 1
            r = await client.get(f"{base}/doc/{i}.json")
            if r.status_code != 200:
                state["bad"] += 1
                continue
            state["sum"] += r.json()["id"]

    limits = httpx.Limits(max_connections=conc)
    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*[worker(client) for _ in range(conc)])
        wall = time.perf_counter() - t0
    ok = state["bad"] == 0 and state["sum"] == n * (n - 1) // 2
    ru = resource.getrusage(resource.RUSAGE_SELF)
    rss, cpu = ru.ru_maxrss, ru.ru_utime + ru.ru_stime
    print(f"RESULT peer=httpx n={n} concurrency={conc} wall_s={wall:.4f} "
          f"req_per_s={n / wall:.0f} peak_rss_kb={rss} cpu_s={cpu:.4f} sum={state['sum']} ok={int(ok)}")
    return 0 if ok else 1


sys.exit(asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
