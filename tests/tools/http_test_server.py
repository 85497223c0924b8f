#!/usr/bin/env python3
"""A small HTTP server for the HTTP task's tests (tests/cli/http_task.t).

Usage: http_test_server.py PORTFILE — binds 127.0.0.1 on a free port, writes the port to
PORTFILE, serves until killed; each request's method and path are appended to PORTFILE.log
(the tests count requests there). Routes:
  /echo            200, JSON: the request's method, path, query, headers (lower-case), body
  /text            200, text/plain "plain words"
  /status/NNN      status NNN, text/plain body "status body NNN"
  /slow?ms=N       waits N ms, then 200 JSON {"slow": true}
  /big?bytes=N     200, N bytes of "x" (text/plain)
  /loop            302 to /loop, forever
  /redirect        302 to /echo
  /token           OAuth client credentials: Basic cid:csecret and grant_type=client_credentials
                   give {"access_token": "tok-123"}, anything else 401
  /2015-03-31/functions/NAME/invocations   the Lambda Invoke API: NAME "echo" answers
                   {"got": payload, "qualifier": Qualifier, "type": X-Amz-Invocation-Type};
                   "fail" a function error with an errorType, "crash" one without;
                   "slow" waits 5 s; any other name is 404 ResourceNotFoundException
  /secure          200 JSON {"secure": true} with "Authorization: Bearer tok-123", else 401
"""
import base64
import json
import sys
import time
from http.server import BaseHTTPRequestHandler

from test_server_port import serve
from urllib.parse import urlsplit, parse_qs


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, ctype="application/json", headers=()):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Test", "one")
        self.send_header("X-Test", "two")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n).decode("utf-8", "replace") if n else ""

    def handle_any(self):
        url = urlsplit(self.path)
        q = parse_qs(url.query)
        body = self.body()
        with open(sys.argv[1] + ".log", "a") as f:
            f.write("%s %s\n" % (self.command, url.path))
        if url.path == "/echo":
            self.send(200, json.dumps({
                "method": self.command, "path": url.path, "query": url.query,
                "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}))
        elif url.path == "/text":
            self.send(200, "plain words", "text/plain")
        elif url.path.startswith("/status/"):
            code = int(url.path[8:])
            self.send(code, "status body %d" % code, "text/plain")
        elif url.path == "/slow":
            time.sleep(int(q.get("ms", ["1000"])[0]) / 1000)
            self.send(200, '{"slow": true}')
        elif url.path == "/big":
            self.send(200, b"x" * int(q.get("bytes", ["0"])[0]), "text/plain")
        elif url.path == "/loop":
            self.send(302, "", "text/plain", [("Location", "/loop")])
        elif url.path == "/redirect":
            self.send(302, "", "text/plain", [("Location", "/echo")])
        elif url.path == "/token":
            want = "Basic " + base64.b64encode(b"cid:csecret").decode()
            if self.headers.get("Authorization") == want and body == "grant_type=client_credentials":
                self.send(200, '{"access_token": "tok-123", "token_type": "bearer"}')
            else:
                self.send(401, '{"error": "invalid_client"}')
        elif url.path.startswith("/2015-03-31/functions/") and url.path.endswith("/invocations"):
            self.lambda_invoke(url.path.split("/")[3], q, body)
        elif url.path == "/secure":
            if self.headers.get("Authorization") == "Bearer tok-123":
                self.send(200, '{"secure": true}')
            else:
                self.send(401, "no", "text/plain")
        else:
            self.send(404, "not here", "text/plain")

    def lambda_invoke(self, name, q, body):
        rid = [("x-amzn-RequestId", "req-0001")]
        if name == "echo":
            qual = q.get("Qualifier", [None])[0]
            self.send(200, json.dumps({"got": json.loads(body or "null"), "qualifier": qual,
                                       "type": self.headers.get("X-Amz-Invocation-Type")}),
                      headers=rid + [("X-Amz-Executed-Version", qual or "$LATEST")])
        elif name == "fail":
            self.send(200, '{"errorType": "ValueError", "errorMessage": "bad input", "stackTrace": []}',
                      headers=rid + [("X-Amz-Function-Error", "Unhandled")])
        elif name == "crash":
            self.send(200, '{"errorMessage": "RequestId: req-0001 Error: Runtime exited"}',
                      headers=rid + [("X-Amz-Function-Error", "Unhandled")])
        elif name == "slow":
            time.sleep(5)
            self.send(200, "{}", headers=rid)
        else:
            self.send(404, json.dumps({"Type": "User", "message": "Function not found: " + name}),
                      headers=rid + [("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgatewaylambda/")])

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any


if __name__ == "__main__":
    serve(Handler)
