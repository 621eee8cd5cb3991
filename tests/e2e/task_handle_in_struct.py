"""Twin of task_handle_in_struct.ac."""
import asyncio
from dataclasses import dataclass


@dataclass
class Job:
    name: str
    handle: asyncio.Task


async def work(name, value, delay):
    await asyncio.sleep(delay)
    print(f"{name} worked")
    return value


def launch(name, value, delay):
    return asyncio.create_task(work(name, value, delay))


async def finish(j):
    r = await j.handle
    print(f"{j.name} finished with {r}")
    return r


async def wait_handle(h):
    return await h + 1


async def amain():
    jobs = [Job("slow", asyncio.create_task(work("slow", 10, 0.06))),
            Job("fast", launch("fast", 20, 0.02))]
    total = 0
    for j in jobs:
        total += await finish(j)
    print(f"total {total}")
    print(f"plus one {await wait_handle(jobs[1].handle)}")
    return 0


asyncio.run(amain())
