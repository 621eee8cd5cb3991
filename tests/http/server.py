#!/usr/bin/env python3
"""server.py - the fixed routes the HTTP client tests fetch, on 127.0.0.1.

Usage: server.py PORTFILE [CERT KEY]. Listens on an ephemeral port (with
TLS when given a certificate and its key), writes the port to PORTFILE
once listening, and serves until killed:
  /                 "hello\n"
  /big              200000 bytes of 'x'
  /chunked          10000 bytes of 'y' in ten chunks, no Content-Length
  /status/N         an empty body with status N
  /redirect         302 to /redirect2, which 302s to /
  /loop             302 to itself, forever
  /slow             answers after 5 s
  /header           echoes the request's X-Test header in the body
  POST or PUT /echo the request body, with Content-Type text/plain
  /huge/N           N bytes (Content-Length), byte i is 'a' + i % 26
  /chunked-huge/N   the same N bytes chunked (no Content-Length), in chunks
                    of uneven sizes, several to a write, the last one and
                    the terminating chunk in one write
  /reset            promises 100000 bytes, sends 1000, then resets (RST)
  /stall            sends nothing for 60 s (a client waiting for headers)
  /stall-body       headers and 10 of 1000 bytes, then nothing for 60 s
  /blackhole-port   the port of a listener whose backlog is full: a
                    connect to it never completes
  POST /sink        reads nothing for 60 s (a client stuck sending)
  /login            sets the cookies session=s3cret (Path=/) and seen=1
  /whoami           echoes the request's Cookie header ("none" without)
  GET http://H/P    a request line with an absolute URI, as a client sends
                    to a forward proxy: answered "proxied GET http://H/P"
                    (the server plays the proxy, and fetches nothing)
"""
import http.server
import socket
import struct
import sys
import time

ALPHABET = bytes(range(ord("a"), ord("a") + 26))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p.startswith("http://"):
            self.reply(200, b"proxied GET " + p.encode())
        elif p == "/":
            self.reply(200, b"hello\n")
        elif p == "/big":
            self.reply(200, b"x" * 200000)
        elif p == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(10):
                self.wfile.write(b"3e8\r\n" + b"y" * 1000 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif p.startswith("/status/"):
            self.reply(int(p[len("/status/"):]))
        elif p == "/redirect":
            self.reply(302, headers=[("Location", "/redirect2")])
        elif p == "/redirect2":
            self.reply(302, headers=[("Location", "/")])
        elif p == "/loop":
            self.reply(302, headers=[("Location", "/loop")])
        elif p == "/slow":
            time.sleep(5)
            self.reply(200, b"late\n")
        elif p.startswith("/huge/"):
            self.huge(int(p[len("/huge/"):]))
        elif p.startswith("/chunked-huge/"):
            self.chunked_huge(int(p[len("/chunked-huge/"):]))
        elif p == "/reset":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"r" * 1000)
            self.wfile.flush()
            time.sleep(0.2)
            # SO_LINGER 0: close sends a RST instead of a FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif p == "/stall":
            time.sleep(60)
        elif p == "/stall-body":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"s" * 10)
            self.wfile.flush()
            time.sleep(60)
        elif p == "/blackhole-port":
            self.reply(200, str(BLACKHOLE_PORT).encode())
        elif p == "/login":
            self.reply(200, b"logged in\n", headers=[
                ("Set-Cookie", "session=s3cret; Path=/"),
                ("Set-Cookie", "seen=1; Path=/")])
        elif p == "/whoami":
            self.reply(200, (self.headers.get("Cookie") or "none").encode())
        elif p == "/header":
            self.reply(200, (self.headers.get("X-Test") or "none").encode())
        else:
            self.reply(404)

    def huge(self, n):
        self.send_response(200)
        self.send_header("Content-Length", str(n))
        self.end_headers()
        block = ALPHABET * (65536 // 26 + 1)
        step = 65520  # a multiple of 26: every block starts at 'a'
        sent = 0
        while sent < n:
            k = min(step, n - sent)
            self.wfile.write(block[:k])
            sent += k

    def chunked_huge(self, n):
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sizes = [1, 100, 5000, 16384, 16385, 30000, 777, 65536, 3]
        sent, k, out = 0, 0, b""
        while sent < n:
            size = min(sizes[k % len(sizes)], n - sent)
            k += 1
            start = sent % 26
            data = (ALPHABET * (size // 26 + 2))[start:start + size]
            out += b"%x\r\n" % size + data + b"\r\n"
            sent += size
            if k % 3 == 0 and sent < n:  # several chunks to a write
                self.wfile.write(out)
                out = b""
        self.wfile.write(out + b"0\r\n\r\n")

    def do_POST(self):
        if self.path == "/sink":
            time.sleep(60)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/echo":
            self.reply(200, body)
        else:
            self.reply(404)

    do_PUT = do_POST


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # 100 clients connect at once: a backlog of
                              # 5 would drop their SYNs

    def handle_error(self, request, client_address):
        pass  # a client that cancels closes its connection: no traceback


BLACKHOLE_PORT = 0
BLACKHOLE = []  # the listener and the connections that fill its backlog


def make_blackhole():
    """A listener that never accepts, its backlog filled: Linux then drops
    further SYNs, so a connect to it hangs until the client gives up."""
    global BLACKHOLE_PORT
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(0)
    BLACKHOLE_PORT = lst.getsockname()[1]
    BLACKHOLE.append(lst)
    for _ in range(4):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", BLACKHOLE_PORT))
        except BlockingIOError:
            pass
        BLACKHOLE.append(c)


def main():
    make_blackhole()
    server = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) > 3:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
