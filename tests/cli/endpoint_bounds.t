#!/usr/bin/env bash
# The real-endpoint clients against an endpoint that misbehaves (tests/tools/
# hostile_test_server.py): one that never answers, one that answers 10 GiB, one that
# redirects forever, one whose certificate is self-signed, an XML bomb. The HTTP task,
# --endpoint-url (JSON services and S3) and --lambda-endpoint each end with a clear error naming the state or the endpoint, in
# time, and no credential shows in any output (issue 13, "Bad input").
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

if ! command -v python3 >/dev/null || ! command -v openssl >/dev/null; then
    echo "1..0 # SKIP python3 and openssl are needed (the test servers and their certificate)"
    exit 0
fi
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
python3 tests/tools/hostile_test_server.py "$tmp/port" &
plain=$!
python3 tests/tools/hostile_test_server.py "$tmp/tport" "$tmp/cert.pem" "$tmp/key.pem" &
tls=$!
trap 'kill "$plain" "$tls" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do [ -s "$tmp/port" ] && [ -s "$tmp/tport" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] && [ -s "$tmp/tport" ] || { echo "not ok 1 - the test servers did not start"; echo "1..1"; exit 1; }
base="http://127.0.0.1:$(cat "$tmp/port")"
tbase="https://127.0.0.1:$(cat "$tmp/tport")"
export AWS_ACCESS_KEY_ID=AKID-SECRET-1 AWS_SECRET_ACCESS_KEY=AWS-SECRET-2 AWS_SESSION_TOKEN=TOKEN-SECRET-3
echo '{"c": {"Authorization": "ApiKey", "ApiKeyName": "x-key", "ApiKeyValue": "KEY-SECRET-4"}}' >"$tmp/conn.json"

# within NAME SECONDS EXIT STDOUT_SUBSTRING -- ARGS: expect_run, and it ends within SECONDS
within() {
    local name=$1 limit=$2 start=$SECONDS
    shift 2
    expect_run "$name" "$@"
    cat "$tmp/out" "$tmp/err" >>"$tmp/outputs"
    [ $((SECONDS - start)) -le "$limit" ]
    ok $? "  ... and ends in time ($((SECONDS - start)) s, at most $limit)"
}
# one_task FILE RESOURCE PARAMETERS: a one-state workflow whose task has TimeoutSeconds 2
one_task() {
    printf '{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s",
      "Parameters": %s, "TimeoutSeconds": 2, "End": true}}}\n' "$2" "$3" >"$tmp/$1"
}
http_task() {
    one_task http.json arn:aws:states:::http:invoke "{\"ApiEndpoint\": \"$1\", \"Method\": \"GET\",
        \"Authentication\": {\"ConnectionArn\": \"arn:aws:events:us-east-1:123456789012:connection/c/1\"}}"
}
run_http() { within "HTTP task: $1" 5 1 "$2" "" -- run "$tmp/http.json" --connections "$tmp/conn.json" --history "$tmp/h-http-$n.json"; }

http_task "$base/hang"
run_http "an endpoint that never answers: States.Timeout at TimeoutSeconds" \
    '"error":"States.Timeout","cause":"The HTTP task '"'"'Call'"'"' had no answer within its TimeoutSeconds"'
http_task "$base/endless"
run_http "an answer of 10 GiB is cut at 10 MiB" \
    '"error":"States.Http.Socket","cause":"The HTTP task '"'"'Call'"'"': response too big: the response body is larger than 10485760 bytes"'
http_task "$base/loop"
run_http "a redirect loop ends" '"error":"States.Http.Socket","cause":"The HTTP task '"'"'Call'"'"': too many redirects'
http_task "$tbase/x"
run_http "a self-signed certificate is refused" \
    '"error":"States.Http.Socket","cause":"The HTTP task '"'"'Call'"'"': TLS failure: SSL certificate problem: self-signed certificate"'

one_task ddb.json arn:aws:states:::aws-sdk:dynamodb:getItem '{"TableName": "t", "Key": {"pk": {"S": "a"}}}'
run_ddb() { within "--endpoint-url: $1" 5 1 "$3" "" -- run "$tmp/ddb.json" --endpoint-url "$2" --history "$tmp/h-ddb-$n.json"; }
run_ddb "an endpoint that never answers: States.Timeout" "$base/hang" \
    '"error":"States.Timeout","cause":"dynamodb.GetItem at --endpoint-url had no answer within the task'"'"'s timeout"'
run_ddb "an answer of 10 GiB is cut at 16 MiB" "$base/endless" \
    '"error":"DynamoDb.SdkClientException","cause":"Unable to execute HTTP request to --endpoint-url for dynamodb.GetItem: response too big'
run_ddb "a redirect is not followed: the 302 is the service's error" "$base/loop" \
    '"error":"DynamoDb.DynamoDbException","cause":"Found (Service: AmazonDynamoDBv2, Status Code: 302'
run_ddb "a self-signed certificate is refused" "$tbase" \
    '"error":"DynamoDb.SdkClientException","cause":"Unable to execute HTTP request to --endpoint-url for dynamodb.GetItem: TLS failure: SSL certificate problem: self-signed certificate"'

one_task s3.json arn:aws:states:::aws-sdk:s3:getObject '{"Bucket": "bkt", "Key": "k"}'
run_s3() { within "--endpoint-url (S3): $1" 5 1 "$3" "" -- run "$tmp/s3.json" --endpoint-url "s3=$2" --history "$tmp/h-s3-$n.json"; }
run_s3 "an endpoint that never answers: States.Timeout" "$base/hang" \
    '"error":"States.Timeout","cause":"s3.GetObject at --endpoint-url had no answer within the task'"'"'s timeout"'
run_s3 "an answer of 10 GiB is cut at 16 MiB" "$base/endless" \
    '"error":"S3.SdkClientException","cause":"Unable to execute HTTP request to --endpoint-url for s3.GetObject: response too big: the response body is larger than 16777216 bytes'
run_s3 "a redirect is not followed: the 302 is S3's error" "$base/loop" \
    '"error":"S3.S3Exception","cause":"null (Service: S3, Status Code: 302'
run_s3 "a self-signed certificate is refused" "$tbase" \
    '"error":"S3.SdkClientException","cause":"Unable to execute HTTP request to --endpoint-url for s3.GetObject: TLS failure: SSL certificate problem: self-signed certificate"'
one_task s3.json arn:aws:states:::aws-sdk:s3:listObjectsV2 '{"Bucket": "bkt"}'
run_s3 "a listing nested 100,000 deep is refused, not followed" "$base/deepxml" \
    '"error":"S3.SdkClientException","cause":"Unable to unmarshall the response of --endpoint-url: the XML is not valid: line 1: elements nest deeper than 32"'

one_task lambda.json arn:aws:states:::lambda:invoke '{"FunctionName": "f", "Payload": {"n": 1}}'
run_lambda() { within "--lambda-endpoint: $1" 5 1 "$3" "" -- run "$tmp/lambda.json" --lambda-endpoint "$2" --history "$tmp/h-lambda-$n.json"; }
run_lambda "a function that never answers: States.Timeout" "$base/hang" \
    '"error":"States.Timeout","cause":"The function '"'"'f'"'"' (--lambda-endpoint) did not answer within the task'"'"'s timeout"'
run_lambda "an answer of 10 GiB is cut at 6 MiB" "$base/endless" \
    '"error":"Lambda.SdkClientException","cause":"Unable to execute HTTP request to --lambda-endpoint for the function '"'"'f'"'"': response too big'
run_lambda "a redirect is not followed: the 302 is Lambda's error" "$base/loop" \
    '"error":"Lambda.AWSLambdaException","cause":"Found (Service: AWSLambda; Status Code: 302'
run_lambda "a self-signed certificate is refused" "$tbase" \
    '"error":"Lambda.SdkClientException","cause":"Unable to execute HTTP request to --lambda-endpoint for the function '"'"'f'"'"': TLS failure: SSL certificate problem: self-signed certificate"'

# every run above wrote its stdout, stderr and history: none holds a credential
cat "$tmp"/h-*.json >"$tmp/all"
n_hist=$(ls "$tmp"/h-*.json | wc -l)
is 17 "$n_hist" "every run wrote its history"
! grep -l 'SECRET' "$tmp/all" "$tmp/outputs"
ok $? "no credential (access key, secret, session token, API key) in any history or output"
done_testing
