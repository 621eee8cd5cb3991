"""Twin of task_detach_background.ac."""
import asyncio

background_tasks = set()   # asyncio keeps only weak references to tasks


def detach(coro):
    t = asyncio.create_task(coro)
    background_tasks.add(t)
    t.add_done_callback(background_tasks.discard)


async def background(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} finished")


async def amain():
    detach(background("void-cast", 0.02))
    detach(background("detached", 0.05))
    print("launched")
    await asyncio.sleep(0.1)
    print("main done")
    return 0


asyncio.run(amain())
