#!/usr/bin/env python3
"""bench.py - the CPython 3.11 asyncio / concurrent.futures peer.

    python3 bench.py W1|W2|W2m|W3|W4|W5|W5b|W6|W6i|W7

Implements the workloads of the benchmark spec in plain asyncio, the way
the seed programs are written. One process runs one workload once and
prints one RESULT line; a wrong answer prints WRONG ANSWER on stderr and
exits 2. BENCH_SCALE scales the sizes marked scaled in the spec.
"""
import asyncio
import concurrent.futures
import math
import os
import resource
import sys
import time

PEER = "python"


def scaled(n):
    s = float(os.environ.get("BENCH_SCALE", "1"))
    return max(1, math.floor(n * s + 0.5))


def peak_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def result(workload, wall, **keys):
    extra = " ".join(f"{k}={v}" for k, v in keys.items())
    print(f"RESULT {workload} {PEER} wall_s={wall:.6f} "
          f"peak_rss_kb={peak_rss_kb()} {extra}", flush=True)


def wrong(what):
    print(f"WRONG ANSWER: {what}", file=sys.stderr, flush=True)
    sys.exit(2)


# ---- W1: spawn + gather n trivial tasks ---------------------------------
async def double(i):
    return 2 * i


async def w1():
    n = scaled(1_000_000)
    t0 = time.perf_counter()
    results = await asyncio.gather(*[double(i) for i in range(n)])
    total = sum(results)
    del results
    wall = time.perf_counter() - t0
    if total != n * (n - 1):
        wrong(f"sum {total} != {n * (n - 1)}")
    result("W1", wall, n=n, ns_per_task=f"{wall / n * 1e9:.1f}", sum=total)


# ---- W2 / W2m: n concurrent sleepers --------------------------------------
async def sleeper():
    await asyncio.sleep(1.0)
    return 1


async def w2(name, n):
    n = scaled(n)
    baseline = peak_rss_kb()
    t0 = time.perf_counter()
    done = sum(await asyncio.gather(*[sleeper() for _ in range(n)]))
    wall = time.perf_counter() - t0
    if done != n:
        wrong(f"{done} sleepers completed, expected {n}")
    peak = peak_rss_kb()
    result(name, wall, n=n, sleep_s="1.0", baseline_rss_kb=baseline,
           bytes_per_task=(peak - baseline) * 1024 // n)


# ---- W3: n messages through a capacity-1 queue ------------------------------
async def producer(q, n):
    for i in range(n):
        await q.put(i)


async def consumer(q, n):
    total = 0
    for _ in range(n):
        total += await q.get()
    return total


async def w3():
    n = scaled(1_000_000)
    t0 = time.perf_counter()
    q = asyncio.Queue(maxsize=1)
    p = asyncio.create_task(producer(q, n))
    c = asyncio.create_task(consumer(q, n))
    await p
    total = await c
    wall = time.perf_counter() - t0
    if total != n * (n - 1) // 2:
        wrong(f"sum {total} != {n * (n - 1) // 2}")
    result("W3", wall, n=n, ns_per_msg=f"{wall / n * 1e9:.1f}", sum=total)


# ---- W4: n tiny thread-pool offloads ----------------------------------------
def inc(x):
    return x + 1


async def w4():
    n = scaled(100_000)
    workers = 4
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futs = [loop.run_in_executor(pool, inc, x) for x in range(n)]
        total = sum(await asyncio.gather(*futs))
    wall = time.perf_counter() - t0
    want = n * (n - 1) // 2 + n
    if total != want:
        wrong(f"sum {total} != {want}")
    result("W4", wall, n=n, workers=workers,
           ns_per_job=f"{wall / n * 1e9:.1f}", sum=total)


# ---- W5: fib(22) jobs on a 2-worker process pool vs serial --------------------
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


async def w5(name="W5", jobs0=2_000, k=22, fk=17711):
    jobs = scaled(jobs0)
    workers = 2
    s0 = time.perf_counter()
    serial = sum(fib(k) for _ in range(jobs))
    serial_s = time.perf_counter() - s0
    if serial != jobs * fk:
        wrong(f"serial sum {serial} != {jobs * fk}")
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        futs = [loop.run_in_executor(pool, fib, k) for _ in range(jobs)]
        total = sum(await asyncio.gather(*futs))
    wall = time.perf_counter() - t0
    if total != jobs * fk:
        wrong(f"pool sum {total} != {jobs * fk}")
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result(name, wall, n=jobs, workers=workers, serial_s=f"{serial_s:.6f}",
           speedup=f"{serial_s / wall:.3f}",
           us_per_job=f"{wall / jobs * 1e6:.1f}",
           child_peak_rss_kb=child, sum=total)


# ---- W6: TCP echo, 100 clients x rounds round trips of 64 bytes ---------------
async def echo(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


async def client(port, c, rounds):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    payload = bytes((c + k) & 0xFF for k in range(64))
    done = 0
    for _ in range(rounds):
        writer.write(payload)
        got = await reader.readexactly(64)
        if got != payload:
            wrong(f"client {c}: echo differs from payload")
        done += 1
    writer.close()
    await writer.wait_closed()
    return done


async def w6():
    clients = 100
    rounds = scaled(2_000)
    server = await asyncio.start_server(echo, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    t0 = time.perf_counter()
    total = sum(await asyncio.gather(
        *[client(port, c, rounds) for c in range(clients)]))
    wall = time.perf_counter() - t0
    server.close()
    await server.wait_closed()
    if total != clients * rounds:
        wrong(f"{total} round trips, expected {clients * rounds}")
    result("W6", wall, clients=clients, rounds=rounds, msg_bytes=64,
           rt_per_s=f"{total / wall:.0f}", ns_per_rt=f"{wall / total * 1e9:.1f}")


# ---- W6i: memory of idle connections (not in the spec) ------------------------
async def w6i():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    n = min(scaled(10_000), (hard - 64) // 2)  # both ends in this process
    ready = 0
    all_ready = asyncio.Event()
    handlers = []

    async def idle(reader, writer):
        nonlocal ready
        handlers.append(asyncio.current_task())
        ready += 1
        if ready == n:
            all_ready.set()
        try:
            await reader.read(16)
        finally:
            writer.close()

    server = await asyncio.start_server(idle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    baseline = peak_rss_kb()
    t0 = time.perf_counter()
    conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(n)]
    await all_ready.wait()
    peak = peak_rss_kb()
    wall = time.perf_counter() - t0
    for _, w in conns:
        w.close()
    await asyncio.gather(*handlers)  # each reads the end of its stream
    server.close()
    await server.wait_closed()
    print(f"RESULT W6i python wall_s={wall:.6f} peak_rss_kb={peak} n={n} "
          f"baseline_rss_kb={baseline} bytes_per_conn={(peak - baseline) * 1024 // n}")


# ---- W7: n timeouts that win --------------------------------------------------
async def timed_out():
    try:
        await asyncio.wait_for(asyncio.sleep(10.0), timeout=0.05)
    except asyncio.TimeoutError:
        return 1
    return 0


async def w7():
    n = scaled(100_000)
    baseline = peak_rss_kb()
    t0 = time.perf_counter()
    timeouts = sum(await asyncio.gather(*[timed_out() for _ in range(n)]))
    wall = time.perf_counter() - t0
    if timeouts != n:
        wrong(f"{timeouts} timeouts, expected {n} (a sleep completed)")
    left = asyncio.all_tasks()
    if left != {asyncio.current_task()}:
        wrong(f"{len(left) - 1} tasks left alive")
    result("W7", wall, n=n, timeout_s="0.05", timeouts=timeouts,
           baseline_rss_kb=baseline)


WORKLOADS = {
    "W1": w1,
    "W2": lambda: w2("W2", 100_000),
    "W2m": lambda: w2("W2m", 1_000_000),
    "W3": w3,
    "W4": w4,
    "W5": w5,
    # the second W5 form: 16 fib(30) jobs (not in BENCH-SPEC)
    "W5b": lambda: w5("W5b", 16, 30, 832040),
    "W6": w6,
    "W6i": w6i,
    "W7": w7,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in WORKLOADS:
        print(f"usage: {sys.argv[0]} {'|'.join(WORKLOADS)}", file=sys.stderr)
        return 2
    asyncio.run(WORKLOADS[sys.argv[1]]())
    return 0


if __name__ == "__main__":
    sys.exit(main())
