#!/usr/bin/env bash
# --endpoint-url: aws-sdk and optimized DynamoDB tasks sent with the AWS JSON protocol to
# tests/tools/sigv4_test_server.py, which recomputes every SigV4 signature (python hmac)
# from the credentials it expects: put an item, read it back, AWS's error names for both
# integration kinds, a wrong secret, a session token, missing credentials, and that no
# credential reaches the output, stderr or history.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
export TEST_KEY_ID=AKIDTEST TEST_SECRET=SECRET-VALUE-9 TEST_TOKEN=TOKEN-VALUE-8
server_script=tests/tools/sigv4_test_server.py
. tests/cli/http_server.sh
export AWS_ACCESS_KEY_ID=$TEST_KEY_ID AWS_SECRET_ACCESS_KEY=$TEST_SECRET AWS_SESSION_TOKEN=$TEST_TOKEN

cat >"$tmp/wf.json" <<'JSON'
{"StartAt": "Put", "States": {
  "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem",
          "Parameters": {"TableName": "tbl", "Item": {"pk": {"S": "u-1"}, "name": {"S.$": "$.name"}}},
          "ResultPath": null, "Next": "Get"},
  "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
          "Parameters": {"TableName": "tbl", "Key": {"pk": {"S": "u-1"}}}, "End": true}}}
JSON
expect_run "put an item (aws-sdk), read it back (optimized)" 0 \
    '"output":{"Item":{"pk":{"S":"u-1"},"name":{"S":"Ann"}},"SdkHttpMetadata":{' "" -- \
    run "$tmp/wf.json" --input '{"name": "Ann"}' --endpoint-url "$base" --region eu-west-3 --history "$tmp/h.json"
grep -qF '"SdkResponseMetadata":{"RequestId":"RID-42"}' "$tmp/out"
ok $? "the optimized result carries the SDK's metadata"
is 2 "$(grep -c '^[0-9]*/eu-west-3/dynamodb/aws4_request DynamoDB_20120810\.\(PutItem\|GetItem\)$' "$tmp/port.log")" \
    "both requests were signed for eu-west-3/dynamodb and verified"

sed 's/"TableName": "tbl"/"TableName": "nope"/' "$tmp/wf.json" >"$tmp/wf2.json"
expect_run "aws-sdk error: DynamoDb.ResourceNotFoundException" 1 \
    '"error":"DynamoDb.ResourceNotFoundException","cause":"Requested resource not found (Service: AmazonDynamoDBv2, Status Code: 400, Request ID: RID-42)"' "" -- \
    run "$tmp/wf2.json" --input '{"name": "Ann"}' --endpoint-url "dynamodb=$base"
sed 's/aws-sdk:dynamodb:putItem/dynamodb:putItem/' "$tmp/wf2.json" >"$tmp/wf3.json"
expect_run "optimized error: DynamoDB.ResourceNotFoundException" 1 \
    '"error":"DynamoDB.ResourceNotFoundException","cause":"Requested resource not found (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: RID-42; Proxy: null)"' "" -- \
    run "$tmp/wf3.json" --input '{"name": "Ann"}' --endpoint-url "$base"

# InvalidSignatureException is no exception of DynamoDB's model: the SDK's generic one
AWS_SECRET_ACCESS_KEY=WRONG-SECRET-7 expect_run "a wrong secret: the server refuses the signature" 1 \
    '"error":"DynamoDb.DynamoDbException","cause":"The request signature we calculated does not match' "" -- run "$tmp/wf.json" --input '{"name": "A"}' --endpoint-url "$base"
AWS_SESSION_TOKEN= expect_run "a missing session token is noticed by the server" 1 \
    'wrong or missing X-Amz-Security-Token' "" -- run "$tmp/wf.json" --input '{"name": "A"}' --endpoint-url "$base"
AWS_ACCESS_KEY_ID= expect_run "no credentials: a usage error saying which" 2 "" \
    "set both" -- run "$tmp/wf.json" --endpoint-url "$base"
expect_run "an unknown service is named" 2 "" "'sns' is not a service sfdbg can send" -- \
    run "$tmp/wf.json" --endpoint-url "sns=$base"
expect_run "a bad URL is refused" 2 "" "'ftp://x' is not URL or SERVICE=URL" -- \
    run "$tmp/wf.json" --endpoint-url ftp://x
expect_run "a refused connection: DynamoDb.SdkClientException" 1 '"error":"DynamoDb.SdkClientException"' "" -- \
    run "$tmp/wf.json" --input '{"name": "A"}' --endpoint-url http://127.0.0.1:1
echo '{"dynamodb": {"tbl": {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "Items": []}}}' >"$tmp/state.json"
expect_run "a service without an endpoint stays local" 0 '"Item":{"pk":{"S":"u-1"}' "" -- \
    run "$tmp/wf.json" --input '{"name": "Ann"}' --endpoint-url "sqs=http://127.0.0.1:1" \
    --services-state "$tmp/state.json"

cat >"$tmp/s3.json" <<'JSON'
{"StartAt": "Put", "States": {
  "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
          "Parameters": {"Bucket": "bkt", "Key": "a b/../c+d.json", "Body.$": "$",
                         "Metadata": {"Owner": "ann"}, "CacheControl": "no-cache"}, "ResultPath": null, "Next": "Get"},
  "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
          "Parameters": {"Bucket": "bkt", "Key": "a b/../c+d.json"}, "OutputPath": "$.Body", "End": true}}}
JSON
expect_run "aws-sdk:s3 put and get, SigV4-signed for s3 with the body's SHA-256" 0 \
    '"output":"{\"n\":1}"' "" -- run "$tmp/s3.json" --input '{"n": 1}' --endpoint-url "s3=$base" --region eu-west-3
is 2 "$(grep -c '^[0-9]*/eu-west-3/s3/aws4_request S3 \(PUT\|GET\) /bkt/a%20b/\.\./c%2Bd\.json$' "$tmp/port.log")" \
    "both S3 requests were verified, the key path-style and percent-encoded, '..' kept"
sed 's/"Owner": "ann"/"Owner": 7/' "$tmp/s3.json" >"$tmp/s3bad.json"
expect_run "aws-sdk:s3 put with a Metadata value that is no string: refused before sending, as the SDK" 1 \
    '"error":"S3.SdkClientException","cause":"Parameter '"'"'Metadata'"'"': '"'"'owner'"'"' must be a string' "" -- \
    run "$tmp/s3bad.json" --input '{"n": 1}' --endpoint-url "s3=$base" --region eu-west-3
is 1 "$(grep -c 'S3 PUT' "$tmp/port.log")" "  nothing was sent (the one PUT is the run before)"
echo '{"s3": {"bkt": {}}}' >"$tmp/s3state.json"
expect_run "S3 without its endpoint (dynamodb=URL only) stays on the embedded store" 0 \
    '"output":"{\"n\":2}"' "" -- run "$tmp/s3.json" --input '{"n": 2}' --endpoint-url "dynamodb=http://127.0.0.1:1" \
    --services-state "$tmp/s3state.json"
AWS_SECRET_ACCESS_KEY=WRONG-SECRET-7 expect_run "aws-sdk:s3 with a wrong secret: refused" 1 \
    '"error":"S3.S3Exception","cause":"signature mismatch (Service: S3, Status Code: 403, Request ID: RID-S3' "" -- \
    run "$tmp/s3.json" --input '{"n": 1}' --endpoint-url "s3=$base"

AWS_SECRET_ACCESS_KEY=WRONG-SECRET-7 "$sfdbg" run "$tmp/wf.json" --input '{"name": "A"}' --endpoint-url "$base" \
    --history "$tmp/h2.json" >"$tmp/out2" 2>"$tmp/err2"
! grep -l 'SECRET-VALUE\|WRONG-SECRET\|TOKEN-VALUE' "$tmp/out" "$tmp/out2" "$tmp/err2" "$tmp/h.json" "$tmp/h2.json"
ok $? "no credential in the output, stderr or history"
done_testing
