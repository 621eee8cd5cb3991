"""http_site.py - the local web site of the HTTP samples' Python twins, on
asyncio streams: the same routes and bodies as http_site.ac (see
http_site.ah). Not a sample itself (it has no .expected)."""
import asyncio
import re

PAGES = 30
ALPHABET = bytes(range(ord("a"), ord("a") + 26))


def page_json(n):
    links = [k for k in (2 * n + 1, 2 * n + 2) if k < PAGES]
    return '{"page": %d, "links": [%s]}' % (n, ", ".join(map(str, links)))


def route(path):
    """(status, content type, body bytes) for PATH."""
    m = re.fullmatch(r"/(posts|users|page|file)/(\d+)", path)
    if m:
        kind, n = m.group(1), int(m.group(2))
        if kind == "posts" and 1 <= n <= 3:
            body = '{"userId": 1, "id": %d, "title": "post %d title"}' % (n, n)
            return 200, "application/json", body.encode()
        if kind == "users" and 1 <= n <= 3:
            body = '{"id": %d, "name": "user %d", "email": "user%d@example.org"}' % (n, n, n)
            return 200, "application/json", body.encode()
        if kind == "page" and n < PAGES:
            return 200, "application/json", page_json(n).encode()
        if kind == "file":
            return 200, "application/octet-stream", (ALPHABET * (n // 26 + 1))[:n]
    if path == "/":
        return 200, "text/html", b"<html><body>Example Domain</body></html>\n"
    if path == "/teapot":
        return 418, "text/plain", b"short and stout\n"
    return 404, "text/plain", b"not found\n"


REASONS = {200: "OK", 404: "Not Found", 418: "I'm a teapot"}


async def serve(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            path = line.split()[1].decode()
            while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                pass
            status, ctype, body = route(path)
            writer.write(b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
                         % (status, REASONS[status].encode(), ctype.encode(), len(body)))
            writer.write(body)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def start():
    """The server, listening on 127.0.0.1 and any free port."""
    return await asyncio.start_server(serve, "127.0.0.1", 0)


def port_of(server):
    return server.sockets[0].getsockname()[1]
