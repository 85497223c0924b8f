#!/usr/bin/env bash
# --endpoint-url against a real DynamoDB implementation: dynalite (npm), installed once into
# build/npm (skipped, visibly, when npm or the install is not available) and started on a
# free 127.0.0.1 port: create a table, put an item with the optimized integration, read it
# back with aws-sdk, and an unknown table caught by AWS's error name. Then the embedded
# DynamoDB and dynalite run the same operation script (tests/tools/ddb_compare.py:
# batchWriteItem, 38-digit numbers, their limits, sorting, transactWriteItems where dynalite
# has it) and must give the same results and the same error names and messages.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/npm_server.sh
npm_server_needs dynalite
npm_bin dynalite 4.0.0
port=$(free_port)
"$NPM_BIN" --host 127.0.0.1 --port "$port" --createTableMs 0 >"$tmp/dynalite.log" 2>&1 &
dynalite=$!
trap 'kill "$dynalite" 2>/dev/null; rm -rf "$tmp"' EXIT
wait_listening dynalite "$tmp/dynalite.log"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
unset AWS_SESSION_TOKEN

cat >"$tmp/wf.json" <<'JSON'
{"StartAt": "Create", "States": {
  "Create": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:createTable",
    "Parameters": {"TableName": "users", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]},
    "ResultSelector": {"status.$": "$.TableDescription.TableStatus"}, "ResultPath": "$.created", "Next": "Put"},
  "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
    "Parameters": {"TableName": "users", "Item": {"pk": {"S": "u-1"}, "name": {"S.$": "$.name"}}},
    "ResultSelector": {"code.$": "$.SdkHttpMetadata.HttpStatusCode"}, "ResultPath": "$.put", "Next": "Get"},
  "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
    "Parameters": {"TableName": "users", "Key": {"pk": {"S": "u-1"}}}, "ResultPath": "$.got", "Next": "Missing"},
  "Missing": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
    "Parameters": {"TableName": "nope", "Key": {"pk": {"S": "u-1"}}},
    "Catch": [{"ErrorEquals": ["DynamoDb.ResourceNotFoundException"], "ResultPath": "$.err", "Next": "Done"}],
    "End": true},
  "Done": {"Type": "Pass", "End": true}}}
JSON
expect_run "dynalite: create a table, put an item, read it back" 0 \
    '"got":{"Item":{"pk":{"S":"u-1"},"name":{"S":"Ann"}}}' "" -- \
    run "$tmp/wf.json" --input '{"name": "Ann"}' --endpoint-url "http://127.0.0.1:$port"
grep -qF '"created":{"status":"CREATING"},"put":{"code":200}' "$tmp/out"
ok $? "createTable and the optimized putItem answered as DynamoDB does"
grep -qF '"err":{"Error":"DynamoDb.ResourceNotFoundException","Cause":"Requested resource not found (Service: AmazonDynamoDBv2, Status Code: 400, Request ID: ' "$tmp/out"
ok $? "an unknown table: DynamoDb.ResourceNotFoundException, caught"

# compare NAME WORKFLOW-MODE STEPS-MODE: the script on both, step by step
compare() {
    local name=$1 wf=$2 steps=$3
    python3 tests/tools/ddb_compare.py "$wf" >"$tmp/$wf.json"
    python3 tests/tools/ddb_compare.py state >"$tmp/state.json"
    "$sfdbg" run "$tmp/$wf.json" --services-state "$tmp/state.json" >"$tmp/embedded.json" 2>"$tmp/err"
    "$sfdbg" run "$tmp/$wf.json" --endpoint-url "http://127.0.0.1:$port" >"$tmp/dynalite.json" 2>>"$tmp/err"
    python3 tests/tools/ddb_compare.py "$steps" "$tmp/embedded.json" >"$tmp/embedded.txt"
    python3 tests/tools/ddb_compare.py "$steps" "$tmp/dynalite.json" >"$tmp/dynalite.txt"
    diff "$tmp/embedded.txt" "$tmp/dynalite.txt" | sed 's/^/# /' | head -40
    cmp -s "$tmp/embedded.txt" "$tmp/dynalite.txt" && [ -s "$tmp/embedded.txt" ]
    ok $? "$name: the embedded DynamoDB answers as dynalite ($(wc -l <"$tmp/embedded.txt") operations)"
}
python3 tests/tools/ddb_compare.py create >"$tmp/create.json"
"$sfdbg" run "$tmp/create.json" --endpoint-url "http://127.0.0.1:$port" >"$tmp/out" 2>&1
ok $? "the comparison's table is created on dynalite"
compare "batchWriteItem, numbers" workflow steps
grep -qF 'querySorted: {"Count": 5' "$tmp/embedded.txt" && grep -qF 'batchTooMany: error DynamoDb.DynamoDbException' "$tmp/embedded.txt"
ok $? "the script ran to its end (sorted query, a refused batch)"
# does this dynalite know TransactWriteItems? (its answer's __type says when it does not)
python3 -c '
import sys, urllib.request, urllib.error
req = urllib.request.Request("http://127.0.0.1:" + sys.argv[1] + "/", data=b"{}", headers={
    "X-Amz-Target": "DynamoDB_20120810.TransactWriteItems",
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
    "X-Amz-Date": "20240101T000000Z"})
try:
    print(urllib.request.urlopen(req, timeout=10).read().decode())
except urllib.error.HTTPError as e:
    print(e.read().decode())' "$port" >"$tmp/probe" 2>&1
if grep -q 'UnknownOperationException' "$tmp/probe"; then
    skip "dynalite $(node -p 'require(process.argv[1]).version' "$(cd "$NPM_DIR" && pwd)/node_modules/dynalite/package.json") has no transactWriteItems (architect/dynalite#98): test_dynamodb_service checks the embedded one"
else
    compare "transactWriteItems" transact-workflow transact-steps
fi
done_testing
