import asyncio
import socket


def print_first(what, ai):
    family, _, _, _, sa = ai[0]
    print("%s: %s port %d" % (what, sa[0], sa[1]))


async def lookup(host, service, family, flags):
    loop = asyncio.get_running_loop()
    return await loop.getaddrinfo(host, service, family=family,
                                  type=socket.SOCK_STREAM, flags=flags)


async def amain():
    loop = asyncio.get_running_loop()
    print_first("localhost", await lookup("localhost", "80", socket.AF_INET, 0))
    print_first("::1", await lookup("::1", "8080", socket.AF_INET6, socket.AI_NUMERICHOST))
    ai = await lookup("127.0.0.1", None, socket.AF_UNSPEC, socket.AI_NUMERICHOST)
    print("127.0.0.1: %s port %d" % (ai[0][4][0], ai[0][4][1]))
    try:
        await lookup("not-a-number", None, socket.AF_UNSPEC, socket.AI_NUMERICHOST)
        print("resolved?")
    except socket.gaierror as e:
        assert e.errno == socket.EAI_NONAME
        print("not-a-number: EAI_NONAME")

    host, service = await loop.getnameinfo(
        ("127.0.0.1", 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)
    print("numeric name of 127.0.0.1:80: %s %s" % (host, service))
    host, service = await loop.getnameinfo(("127.0.0.1", 80), socket.NI_NUMERICSERV)
    print("name of 127.0.0.1: %s" % host)

    ok = 0
    for i in range(100):
        t = asyncio.create_task(lookup("localhost", "http", socket.AF_UNSPEC, 0))
        await asyncio.sleep(0 if i % 2 == 0 else 0.0001 * i)
        t.cancel()
        try:
            await t
            ok += 1
        except asyncio.CancelledError:
            ok += 1
    print("lookups cancelled or done: %d" % ok)
    return 0

raise SystemExit(asyncio.run(amain()))
