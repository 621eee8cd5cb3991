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
"""
import http.server
import sys
import time


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
        if p == "/":
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
        elif p == "/header":
            self.reply(200, (self.headers.get("X-Test") or "none").encode())
        else:
            self.reply(404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/echo":
            self.reply(200, body)
        else:
            self.reply(404)

    do_PUT = do_POST


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that cancels closes its connection: no traceback


def main():
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
