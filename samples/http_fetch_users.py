"""http_fetch_users: the seed's aiohttp fetch_users, offline (the twin of
http_fetch_users.ac): the users come from a local asyncio server."""
import asyncio

import aiohttp

import http_site

PORT = 0


async def fetch_user(session, user_id):
    async with session.get(f"http://127.0.0.1:{PORT}/users/{user_id}") as response:
        return await response.json()


async def fetch_users():
    async with aiohttp.ClientSession() as session:
        users = await asyncio.gather(
            fetch_user(session, 1),
            fetch_user(session, 2),
            fetch_user(session, 3),
        )
    return users


async def main():
    global PORT
    site = await http_site.start()
    PORT = http_site.port_of(site)
    for u in await fetch_users():
        print(f"{u['id']} {u['name']} <{u['email']}>")
    site.close()
    await site.wait_closed()


asyncio.run(main())
