"""Python original of download_sync_vs_async.ac."""
import asyncio
import time

URLS = ["a.com", "b.com", "c.com"]


def download_sync(url):
    time.sleep(1)  # simulates network delay
    return f"Content from {url}"


async def download(url):
    await asyncio.sleep(1)  # simulates async network delay
    return f"Content from {url}"


async def main():
    start = time.monotonic()
    results = await asyncio.gather(*(download(url) for url in URLS))
    print(results)
    print(f"async elapsed: {time.monotonic() - start:.2f}s")


start = time.monotonic()
for url in URLS:
    print(download_sync(url))
print(f"sync elapsed: {time.monotonic() - start:.2f}s")
asyncio.run(main())
