#!/usr/bin/env bash
# --lambda-endpoint URL: lambda:invoke and Lambda ARN tasks against the Lambda Invoke API
# of the tests' server (tests/tools/http_test_server.py on a free 127.0.0.1 port): the
# path and payload sent, the optimized integration's result shape, function errors
# (with and without errorType), API errors, timeouts, and handlers still coming first.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/http_server.sh
url="$base/"

# invoke FUNCTIONNAME [EXTRA_PARAMETERS] [EXTRA_STATE_FIELDS]: a lambda:invoke workflow
invoke() {
    printf '{"StartAt": "Call", "States": {"Call": {"Type": "Task", "End": true %s,
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "%s", "Payload": {"n.$": "$.n"} %s}}}}\n' "$3" "$1" "$2" >"$tmp/wf.json"
}
# arn RESOURCE: a Lambda ARN workflow
arn() {
    printf '{"StartAt": "Call", "States": {"Call": {"Type": "Task", "End": true,
      "Resource": "%s"}}}\n' "$1" >"$tmp/wf.json"
}
run() { expect_run "$1" "$2" "$3" "" -- run "$tmp/wf.json" --input '{"n": 7}' --seed 1 --lambda-endpoint "$url" "${@:4}"; }

invoke echo
run "lambda:invoke: the payload goes to the function, the result is shaped" 0 '"Payload":{"got":{"n":7},"qualifier":null,"type":null}'
for want in '"ExecutedVersion":"$LATEST"' '"StatusCode":200}' '"SdkResponseMetadata":{"RequestId":"req-0001"}' \
            '"HttpStatusCode":200' '"AllHttpHeaders":{' '"X-Test":["one","two"]' '"HttpHeaders":{'; do
    grep -qF -- "$want" "$tmp/out"
    ok $? "the result has $want"
done
invoke "arn:aws:lambda:us-east-1:123456789012:function:echo:live" ', "InvocationType": "RequestResponse"'
run "a qualified ARN as FunctionName: name in the path, Qualifier in the query" 0 '"qualifier":"live","type":"RequestResponse"'
grep -qF '"ExecutedVersion":"live"' "$tmp/out"
ok $? "ExecutedVersion comes from X-Amz-Executed-Version"
arn "arn:aws:lambda:us-east-1:123456789012:function:echo"
run "a Lambda ARN: the input goes, the payload is the result" 0 '"output":{"got":{"n":7},"qualifier":null,"type":null}'

invoke fail
run "a function error: its errorType, the payload as cause" 1 '"error":"ValueError","cause":"{\"errorType\": \"ValueError\", \"errorMessage\": \"bad input\", \"stackTrace\": []}"'
invoke crash
run "a function error without errorType: Lambda.Unknown" 1 '"error":"Lambda.Unknown","cause":"{\"errorMessage\": \"RequestId: req-0001 Error: Runtime exited\"}"'
invoke nosuch '' ', "Catch": [{"ErrorEquals": ["Lambda.ResourceNotFoundException"], "Next": "Caught"}]'
sed -i 's|}}}}$|}}, "Caught": {"Type": "Pass", "End": true}}}|' "$tmp/wf.json"
run "an unknown function: Lambda.ResourceNotFoundException, caught by name" 0 'Function not found: nosuch (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: req-0001; Proxy: null)'
invoke slow '' ', "TimeoutSeconds": 1'
start=$SECONDS
run "a function slower than TimeoutSeconds: States.Timeout" 1 '"error":"States.Timeout"'
[ $((SECONDS - start)) -le 3 ]
ok $? "the timeout ends the request in time ($((SECONDS - start)) s)"
invoke echo
expect_run "an endpoint that refuses: Lambda.SdkClientException" 1 '"error":"Lambda.SdkClientException"' "" -- \
    run "$tmp/wf.json" --input '{"n": 1}' --lambda-endpoint http://127.0.0.1:1
cat >"$tmp/handlers.json" <<'JSON'
{"echo": ["sh", "-c", "echo '{\"local\": true}'"]}
JSON
run "a handler for the function comes first" 0 '"Payload":{"local":true}' --handlers "$tmp/handlers.json"
done_testing
