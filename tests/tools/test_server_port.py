"""The test servers' common start (tests/tools/*_test_server.py): serve a handler class on
127.0.0.1 at a free port, written to PORTFILE (argv[1]) once listening, until killed."""
import os
import sys
from http.server import ThreadingHTTPServer


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass   # a client that hung up (a body too big for it) is no news


def serve(handler):
    server = Server(("127.0.0.1", 0), handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()
