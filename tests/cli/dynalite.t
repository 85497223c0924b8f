#!/usr/bin/env bash
# --endpoint-url against a real DynamoDB implementation: dynalite (npm), installed once into
# build/npm (skipped, visibly, when npm or the install is not available) and started on a
# free 127.0.0.1 port: create a table, put an item with the optimized integration, read it
# back with aws-sdk, and an unknown table caught by AWS's error name.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
skip_all() { echo "ok 1 # SKIP $1"; echo "1..1"; exit 0; }
command -v npm >/dev/null && command -v node >/dev/null || skip_all "npm/node are not installed (dynalite needs them)"
command -v python3 >/dev/null || skip_all "python3 is not installed (picks a free port)"
npmdir=${BUILD:-build}/npm
if [ ! -x "$npmdir/node_modules/.bin/dynalite" ]; then
    mkdir -p "$npmdir"
    (cd "$npmdir" && timeout 300 npm install --no-audit --no-fund --loglevel=error dynalite@4.0.0) \
        >"$tmp/npm.log" 2>&1 || skip_all "npm install dynalite failed: $(tail -1 "$tmp/npm.log")"
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$npmdir/node_modules/.bin/dynalite" --host 127.0.0.1 --port "$port" --createTableMs 0 >"$tmp/dynalite.log" 2>&1 &
dynalite=$!
trap 'kill "$dynalite" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do grep -q listening "$tmp/dynalite.log" && break; sleep 0.1; done
grep -q listening "$tmp/dynalite.log" || skip_all "dynalite did not start: $(head -c 200 "$tmp/dynalite.log")"
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
done_testing
