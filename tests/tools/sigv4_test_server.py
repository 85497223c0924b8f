#!/usr/bin/env python3
"""An AWS JSON protocol server that checks SigV4 signatures, for tests/cli/endpoint_url.t.

Usage: sigv4_test_server.py PORTFILE — binds 127.0.0.1 on a free port, writes the port to
PORTFILE, serves until killed. The expected credentials are the environment's
TEST_KEY_ID, TEST_SECRET and (optional) TEST_TOKEN; every request's signature is computed
here from them (hmac, hashlib: the canonical request, string to sign and signing key of
AWS's SigV4) and compared with the one in its Authorization header. A bad one answers 403
InvalidSignatureException. Signed requests speak a tiny DynamoDB (AWS JSON 1.0, target
DynamoDB_20120810.*): table "tbl" with the hash key "pk"; PutItem, GetItem; another table is
ResourceNotFoundException. Other targets are UnknownOperationException. Each good
signature's scope (date/region/service) is appended to PORTFILE.log.
Path-style S3 requests (PUT, GET, HEAD) are checked the same way, with the body's
SHA-256 in a signed x-amz-content-sha256, and answered by a tiny object store.
"""
import hashlib
import hmac
import json
import os
import sys
from http.server import BaseHTTPRequestHandler

from test_server_port import serve
from urllib.parse import urlsplit

TABLE = {}


def sign(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "RID-42")
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, message):
        self.answer(status, {"__type": "com.amazonaws.dynamodb.v20120810#" + code,
                             "message": message})

    def check_signature(self, body):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("AWS4-HMAC-SHA256 "):
            return "no SigV4 Authorization header"
        parts = dict(p.strip().split("=", 1) for p in auth[17:].split(","))
        key_id, date, region, service, term = parts["Credential"].split("/")
        if key_id != os.environ["TEST_KEY_ID"] or term != "aws4_request":
            return "unknown key id"
        signed = parts["SignedHeaders"].split(";")
        if "host" not in signed or "x-amz-date" not in signed:
            return "host and x-amz-date must be signed"
        token = os.environ.get("TEST_TOKEN")
        if token and self.headers.get("X-Amz-Security-Token") != token:
            return "wrong or missing X-Amz-Security-Token"
        url = urlsplit(self.path)
        canonical_headers = "".join(
            "%s:%s\n" % (h, " ".join((self.headers.get(h) or "").split())) for h in signed)
        canonical = "\n".join([self.command, url.path or "/", url.query, canonical_headers,
                               parts["SignedHeaders"], hashlib.sha256(body).hexdigest()])
        amz_date = self.headers.get("X-Amz-Date", "")
        scope = "/".join([date, region, service, "aws4_request"])
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                             hashlib.sha256(canonical.encode()).hexdigest()])
        k = sign(("AWS4" + os.environ["TEST_SECRET"]).encode(), date)
        for part in (region, service, "aws4_request"):
            k = sign(k, part)
        want = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(want, parts["Signature"]):
            return "signature mismatch"
        if service == "s3" and ("x-amz-content-sha256" not in signed or
                                self.headers.get("x-amz-content-sha256") !=
                                hashlib.sha256(body).hexdigest()):
            return "x-amz-content-sha256 must be signed and be the body's SHA-256"
        with open(sys.argv[1] + ".log", "a") as f:
            f.write("%s %s\n" % (scope, self.headers.get("X-Amz-Target") or
                                 "S3 %s %s" % (self.command, self.path)))
        return None

    # S3, path-style: PUT stores an object, GET/HEAD read it, a missing one is NoSuchKey
    def s3(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        why = self.check_signature(body)
        if why:
            return self.s3_answer(403, b"<Error><Code>SignatureDoesNotMatch</Code><Message>"
                                  + why.encode() + b"</Message></Error>")
        path = urlsplit(self.path).path
        if self.command == "PUT":
            OBJECTS[path] = body
            return self.s3_answer(200, b"", {"ETag": '"%s"' % hashlib.md5(body).hexdigest()})
        if path not in OBJECTS:
            return self.s3_answer(404, b"<Error><Code>NoSuchKey</Code><Message>The specified "
                                  b"key does not exist.</Message></Error>")
        return self.s3_answer(200, OBJECTS[path], {"Content-Type": "binary/octet-stream"})

    def s3_answer(self, status, data, headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("x-amz-request-id", "RID-S3")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_PUT = do_GET = do_HEAD = s3

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        why = self.check_signature(body)
        if why:
            return self.answer(403, {"__type": "com.amazon.coral.service#InvalidSignatureException",
                                     "message": "The request signature we calculated does not "
                                                "match the signature you provided (%s)" % why})
        target = self.headers.get("X-Amz-Target", "")
        req = json.loads(body or b"{}")
        if req.get("TableName") != "tbl" and target.startswith("DynamoDB_20120810."):
            return self.error(400, "ResourceNotFoundException", "Requested resource not found")
        if target == "DynamoDB_20120810.PutItem":
            TABLE[json.dumps(req["Item"]["pk"], sort_keys=True)] = req["Item"]
            return self.answer(200, {})
        if target == "DynamoDB_20120810.GetItem":
            item = TABLE.get(json.dumps(req["Key"]["pk"], sort_keys=True))
            return self.answer(200, {"Item": item} if item else {})
        return self.error(400, "UnknownOperationException", "unknown target " + target)


OBJECTS = {}

if __name__ == "__main__":
    serve(Handler)
