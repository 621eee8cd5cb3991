"""Twin of basic_goto.ac (the gotos as loops and ifs)."""
import asyncio


async def attempt_once(attempt, fail_times):
    await asyncio.sleep(0.001)
    verdict = "fails" if attempt <= fail_times else "succeeds"
    print(f"attempt {attempt} {verdict}")
    return attempt > fail_times


async def retry(fail_times, skip_extra):
    attempt = 0
    while True:
        attempt += 1
        if await attempt_once(attempt, fail_times):
            break
    if not skip_extra:
        await asyncio.sleep(0.001)
        print(f"extra step after {attempt} attempts")
    print(f"done after {attempt} attempts")
    return attempt


async def amain():
    a = await retry(2, 0)
    b = await retry(0, 1)
    print(f"totals {a} {b}")
    return 0


asyncio.run(amain())
