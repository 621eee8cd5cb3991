"""http_download_stream: a large download streamed to a file with a
progress line (the twin of http_download_stream.ac), from a local asyncio
server, with httpx's client.stream and aiter_bytes."""
import asyncio
import tempfile

import httpx

import http_site

SIZE = 5000000


async def download(client, url, out):
    async with client.stream("GET", url) as response:
        total = int(response.headers.get("Content-Length", 0))
        got = shown = 0
        print(f"status {response.status_code}, {total} bytes to download")
        async for chunk in response.aiter_bytes():
            out.write(chunk)
            got += len(chunk)
            while total > 0 and shown < 4 and got * 4 >= total * (shown + 1):
                shown += 1
                print(f"progress: {25 * shown:3d}% ({total * shown // 4} bytes)")
        print(f"downloaded {got} bytes")


def check(f):
    f.seek(0)
    data = f.read()
    bad = sum(1 for i, c in enumerate(data) if c != ord("a") + i % 26)
    print(f"file: {len(data)} bytes, {bad} wrong")


async def main():
    site = await http_site.start()
    url = f"http://127.0.0.1:{http_site.port_of(site)}/file/{SIZE}"
    async with httpx.AsyncClient() as client:
        with tempfile.TemporaryFile() as out:
            await download(client, url, out)
            check(out)
    site.close()
    await site.wait_closed()


asyncio.run(main())
