"""Python twin of offload_cancel_wait_for.ac. Python cannot tell a thread
job that its waiter was cancelled (ac_job_cancelled), so its job runs the
full 0.5 s; the awaiting side behaves the same."""
import asyncio
import time


def slow_job():
    time.sleep(0.5)
    return 42


async def waiter():
    try:
        return await asyncio.to_thread(slow_job)
    except asyncio.CancelledError:
        print("waiter: cancelled")
        raise


async def main():
    start = time.monotonic()
    try:
        v = await asyncio.wait_for(waiter(), 0.05)
        print(f"result: {v}")
    except asyncio.TimeoutError:
        print("wait_for: timed out")
    print(f"promptly: {time.monotonic() - start < 0.3}")
    # The loop and the default pool are still usable.
    print(f"next job: {await asyncio.to_thread(lambda: slow_job() - 41)}")


asyncio.run(main())
