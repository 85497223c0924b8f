#!/usr/bin/env python3
"""An endpoint that misbehaves, for the bounds tests of the real-endpoint clients
(tests/cli/endpoint_bounds.t): the HTTP task, --endpoint-url and --lambda-endpoint.

Usage: hostile_test_server.py PORTFILE [CERT KEY] — binds 127.0.0.1 on a free port, writes it
to PORTFILE and serves until killed (with CERT and KEY: HTTPS with that certificate, which
the tests make self-signed so that a verifying client refuses it). Every path:
  /hang...      reads the request and never answers
  /endless...   200 with "Content-Length: 10737418240" (10 GiB), then "x" until the client
                hangs up
  /loop...      302 to the same path, forever
  /deepxml...   200 XML nested 100,000 elements deep (an S3 listing that is a bomb)
  anything else 200 JSON {}
"""
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler

import test_server_port


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        if self.path.startswith("/hang"):
            time.sleep(3600)
        elif self.path.startswith("/endless"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(10 << 30))
            self.end_headers()
            chunk = b"x" * 65536
            while True:
                self.wfile.write(chunk)
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/deepxml"):
            body = b"<ListBucketResult>" + b"<a>" * 100000
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any


class TlsServer(test_server_port.Server):
    def get_request(self):
        sock, addr = super().get_request()
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        return ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr


if __name__ == "__main__":
    if len(sys.argv) > 3:
        test_server_port.Server = TlsServer
    test_server_port.serve(Handler)
