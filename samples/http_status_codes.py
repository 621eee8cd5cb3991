"""http_status_codes: the seeds' httpx status codes, offline (the twin of
http_status_codes.ac): five URLs of a local asyncio server fetched
concurrently with one httpx.AsyncClient."""
import asyncio

import httpx

import http_site

PATHS = ["/", "/posts/1", "/users/2", "/teapot", "/missing"]


async def main():
    site = await http_site.start()
    port = http_site.port_of(site)
    async with httpx.AsyncClient() as client:
        responses = await asyncio.gather(
            *[client.get(f"http://127.0.0.1:{port}{p}") for p in PATHS])
        for path, resp in zip(PATHS, responses):
            print(path, resp.status_code)
    site.close()
    await site.wait_closed()


asyncio.run(main())
