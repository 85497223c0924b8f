#!/usr/bin/env bash
# --endpoint-url against a real S3 implementation: s3rver (npm), installed once into
# build/npm (skipped, visibly, when npm or the install is not available) and started on a
# free 127.0.0.1 port with a temporary folder and a bucket. s3rver checks the access key
# id (S3RVER) but not SigV4 signatures (endpoint_url.t's server verifies those). A workflow puts objects, reads one back,
# heads it, lists them in pages, deletes one and catches the missing key; a second run (a
# new process) reads what the first wrote. The same workflow on the embedded S3 must give
# the same keys and values (ContentType included), except what can differ: dates, request
# ids, continuation tokens, and the members s3rver does not send (ChecksumCRC32,
# ChecksumType, ServerSideEncryption, TagCount). listObjects (v1) is compared too.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/npm_server.sh
npm_server_needs s3rver ", compares results"
npm_bin s3rver 3.7.1
port=$(free_port)
mkdir -p "$tmp/data"
# s3rver's continuation tokens use DES, which Node 17+ has only in OpenSSL's legacy provider
NODE_OPTIONS=--openssl-legacy-provider "$NPM_BIN" -d "$tmp/data" -a 127.0.0.1 -p "$port" \
    --no-vhost-buckets --configure-bucket bkt >"$tmp/s3rver.log" 2>&1 &
s3rver=$!
trap 'kill "$s3rver" 2>/dev/null; rm -rf "$tmp"' EXIT
wait_listening s3rver "$tmp/s3rver.log"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
unset AWS_SESSION_TOKEN
url="http://127.0.0.1:$port"

# one task per operation; each result kept under its state's name
cat >"$tmp/wf.json" <<'JSON'
{"StartAt": "Put", "States": {
  "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
    "Parameters": {"Bucket": "bkt", "Key": "dir/a b+é.json", "Body.$": "$.doc"}, "ResultPath": "$.put", "Next": "Put2"},
  "Put2": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
    "Parameters": {"Bucket": "bkt", "Key": "dir/sub/z.txt", "Body": "zed", "ContentType": "text/plain",
      "CacheControl": "max-age=60", "ContentDisposition": "inline", "ContentEncoding": "identity",
      "ContentLanguage": "en", "Expires": "2030-01-02T03:04:05Z", "Metadata": {"Owner": "ann", "x-trace": "7"},
      "StorageClass": "STANDARD_IA", "Tagging": "team=a&env=dev"}, "ResultPath": "$.put2", "Next": "Put3"},
  "Put3": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
    "Parameters": {"Bucket": "bkt", "Key": "top.txt", "Body": "t"}, "ResultPath": "$.put3", "Next": "Get"},
  "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
    "Parameters": {"Bucket": "bkt", "Key": "dir/a b+é.json"}, "ResultPath": "$.get", "Next": "Head"},
  "Head": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:headObject",
    "Parameters": {"Bucket": "bkt", "Key": "dir/sub/z.txt"}, "ResultPath": "$.head", "Next": "GetZ"},
  "GetZ": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
    "Parameters": {"Bucket": "bkt", "Key": "dir/sub/z.txt"}, "ResultPath": "$.getz", "Next": "List"},
  "List": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
    "Parameters": {"Bucket": "bkt", "Prefix": "dir/"}, "ResultPath": "$.list", "Next": "Grouped"},
  "Grouped": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
    "Parameters": {"Bucket": "bkt", "Delimiter": "/"}, "ResultPath": "$.grouped", "Next": "Page1"},
  "Page1": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
    "Parameters": {"Bucket": "bkt", "MaxKeys": 2}, "ResultPath": "$.page1", "Next": "Page2"},
  "Page2": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
    "Parameters": {"Bucket": "bkt", "MaxKeys": 2, "ContinuationToken.$": "$.page1.NextContinuationToken"}, "ResultPath": "$.page2", "Next": "V1"},
  "V1": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjects",
    "Parameters": {"Bucket": "bkt", "Marker": "dir/a", "MaxKeys": 1}, "ResultPath": "$.v1", "Next": "Del"},
  "Del": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:deleteObject",
    "Parameters": {"Bucket": "bkt", "Key": "top.txt"}, "ResultPath": "$.del", "Next": "Missing"},
  "Missing": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
    "Parameters": {"Bucket": "bkt", "Key": "top.txt"}, "ResultPath": "$.gone",
    "Catch": [{"ErrorEquals": ["S3.NoSuchKeyException"], "ResultPath": "$.missing", "Next": "NoBucket"}], "Next": "NoBucket"},
  "NoBucket": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
    "Parameters": {"Bucket": "nope", "Key": "k"}, "ResultPath": "$.nb",
    "Catch": [{"ErrorEquals": ["S3.NoSuchBucketException"], "ResultPath": "$.nobucket", "Next": "Done"}], "Next": "Done"},
  "Done": {"Type": "Pass", "End": true}}}
JSON
input='{"doc": {"id": 7, "tags": ["a", "b"]}}'
expect_run "s3rver: put, get, head, list, delete, a missing key" 0 \
    '"get":{"AcceptRanges":"bytes","ContentLength":25,"ContentType":"binary/octet-stream","ETag":"\"' "" -- \
    run "$tmp/wf.json" --input "$input" --endpoint-url "$url" --history "$tmp/h.json"
cp "$tmp/out" "$tmp/first.json"
grep -qF '"Body":"{\"id\":7,\"tags\":[\"a\",\"b\"]}"' "$tmp/first.json"
ok $? "getObject reads back the Body putObject wrote (as JSON text)"
grep -qF '"missing":{"Error":"S3.NoSuchKeyException","Cause":"The specified key does not exist. (Service: S3, Status Code: 404, Request ID: ' "$tmp/first.json"
ok $? "a deleted key: S3.NoSuchKeyException with the SDK's cause, caught"
grep -qF '"nobucket":{"Error":"S3.NoSuchBucketException","Cause":"The specified bucket does not exist' "$tmp/first.json"
ok $? "an unknown bucket: S3.NoSuchBucketException"
grep -qF '"head":{"AcceptRanges":"bytes","CacheControl":"max-age=60","ContentDisposition":"inline","ContentEncoding":"identity","ContentLanguage":"en","ContentLength":5,"ContentType":"text/plain"' "$tmp/first.json" &&
    grep -qF '"Expires":"2030-01-02T03:04:05Z","LastModified":' "$tmp/first.json" &&
    grep -qF '"Metadata":{"owner":"ann","x-trace":"7"},"StorageClass":"STANDARD_IA"}' "$tmp/first.json"
ok $? "headObject gives the size, ContentType, Metadata, ... putObject sent"
[ -n "$(find "$tmp/data/bkt" -type f 2>/dev/null | head -1)" ]
ok $? "the objects are in s3rver's folder, not in sfdbg"

cat >"$tmp/read.json" <<'JSON'
{"StartAt": "Get", "States": {"Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
  "Parameters": {"Bucket": "bkt", "Key": "dir/sub/z.txt"}, "OutputPath": "$.Body", "End": true}}}
JSON
expect_run "a second run reads what the first wrote (s3=URL)" 0 '"output":"\"zed\""' "" -- \
    run "$tmp/read.json" --endpoint-url "s3=$url"

# the comparison: the same workflow, ContentType included (both keep what putObject sent)
cp "$tmp/wf.json" "$tmp/cmp.json"
"$sfdbg" run "$tmp/cmp.json" --input "$input" --endpoint-url "$url" >"$tmp/s3rver.json" 2>"$tmp/err"
ok $? "s3rver runs the comparison's workflow"
echo '{"s3": {"bkt": {}}}' >"$tmp/state.json"
"$sfdbg" run "$tmp/cmp.json" --input "$input" --services-state "$tmp/state.json" \
    --start-time 2024-01-02T03:04:05Z --seed 1 >"$tmp/embedded.json" 2>>"$tmp/err"
ok $? "the embedded S3 runs the same workflow"
# normalize: values that differ by nature, members s3rver does not send, and KeyCount
# beside CommonPrefixes (S3 counts each common prefix as a key, as the embedded S3 does;
# s3rver counts only Contents, and does not count prefixes against MaxKeys either, so no
# page of the comparison has a Delimiter), and a listed object's StorageClass (S3 lists each
# object's own class, as the embedded S3 does; s3rver lists every object as STANDARD)
cat >"$tmp/norm.py" <<'PY'
import json, re, sys
SKIP = {"ChecksumCRC32", "ChecksumType", "ServerSideEncryption", "TagCount"}
def norm(v, key=None):
    if isinstance(v, dict):
        skip = SKIP | ({"KeyCount"} if "CommonPrefixes" in v else set())
        return {k: norm(x, k) for k, x in v.items() if k not in skip}
    if isinstance(v, list) and key == "Contents":
        return [norm({**x, "StorageClass": "<class>"}) for x in v]
    if isinstance(v, list):
        return [norm(x) for x in v]
    if key == "LastModified":
        return "<time>" if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", v) else "bad: " + v
    if key in ("NextContinuationToken", "ContinuationToken"):
        return "<token>"
    if key == "Cause":
        return re.sub(r"Request ID: [^,]*, Extended Request ID: [^)]*", "Request ID: <id>", v)
    return v
out = json.load(open(sys.argv[1]))
print(json.dumps(norm(out), indent=1, sort_keys=False))
PY
python3 "$tmp/norm.py" "$tmp/s3rver.json" >"$tmp/s3rver.txt" &&
    python3 "$tmp/norm.py" "$tmp/embedded.json" >"$tmp/embedded.txt"
diff "$tmp/embedded.txt" "$tmp/s3rver.txt" | sed 's/^/# /' | head -40
cmp -s "$tmp/embedded.txt" "$tmp/s3rver.txt" && [ "$(grep -c . "$tmp/embedded.txt")" -gt 50 ]
ok $? "every result is the embedded S3's, key for key ($(grep -c . "$tmp/embedded.txt") lines compared)"
grep -qF '"IsTruncated": true' "$tmp/embedded.txt" && grep -qF '"CommonPrefixes"' "$tmp/embedded.txt" &&
    grep -qF '"ContentType": "text/plain"' "$tmp/embedded.txt" &&
    grep -qF '"owner": "ann"' "$tmp/embedded.txt" && grep -qF '"StorageClass": "STANDARD_IA"' "$tmp/embedded.txt"
ok $? "the comparison covers a truncated page, common prefixes, and a put's ContentType, Metadata, ..."

AWS_ACCESS_KEY_ID=WRONG-KEY-7 expect_run "an unknown access key: S3's code without a modeled exception is S3.S3Exception" 1 \
    '"error":"S3.S3Exception","cause":"The AWS Access Key Id you provided does not exist in our records. (Service: S3, Status Code: 403' "" -- \
    run "$tmp/read.json" --endpoint-url "$url" --history "$tmp/h2.json"
! grep -l 'WRONG-KEY\|S3RVER' "$tmp/out" "$tmp/err" "$tmp/h.json" "$tmp/h2.json" "$tmp/s3rver.json"
ok $? "no credential in the output, stderr or history"
expect_run "a refused connection: S3.SdkClientException" 1 '"error":"S3.SdkClientException"' "" -- \
    run "$tmp/read.json" --endpoint-url "s3=http://127.0.0.1:1"
done_testing
