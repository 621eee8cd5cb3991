"""http_fetch_titles: the seed's httpx program, offline (the twin of
http_fetch_titles.ac): the posts come from a local asyncio server."""
import asyncio

import httpx

import http_site


async def fetch(url):
    async with httpx.AsyncClient() as client:
        response = await client.get(url)
        return response.json()


async def main():
    site = await http_site.start()
    port = http_site.port_of(site)
    urls = [f"http://127.0.0.1:{port}/posts/{i}" for i in (1, 2, 3)]
    results = await asyncio.gather(*[fetch(url) for url in urls])
    for r in results:
        print(r["title"])
    site.close()
    await site.wait_closed()


asyncio.run(main())
