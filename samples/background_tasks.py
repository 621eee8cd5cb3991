"""Python original of background_tasks.ac (the seed's BackgroundTasks
class, with a signup handler that uses it)."""
import asyncio
import time
from typing import Awaitable


class BackgroundTasks:
    def __init__(self):
        self.tasks: set[asyncio.Task] = set()

    def add(self, coro: Awaitable):
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


async def send_email(address, subject):
    await asyncio.sleep(0.2)
    print(f"Email to {address}: {subject}")


async def log_signup(user_id):
    await asyncio.sleep(0.1)
    print(f"Logged signup of user {user_id}")


async def handle_signup(bg_tasks, email, user_id):
    bg_tasks.add(send_email(email, "Welcome!"))
    bg_tasks.add(log_signup(user_id))
    # Tasks run in background, don't block response
    print(f"Response sent for user {user_id}")


async def main():
    start = time.monotonic()
    bg_tasks = BackgroundTasks()
    await handle_signup(bg_tasks, "ada@example.com", 1)
    print(f"Background tasks pending: {len(bg_tasks.tasks)}")
    await asyncio.sleep(0.3)  # the main logic goes on meanwhile
    print("Main logic done")
    print(f"Background tasks pending: {len(bg_tasks.tasks)}")
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
