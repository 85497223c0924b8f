#!/usr/bin/env bash
# `sfdbg serve` with Step Functions Local's mock config: SFN_MOCK_CONFIG, and StartExecution
# on STATE-MACHINE-ARN#TEST-CASE (raw AWS JSON 1.0 over curl; the answers must be those of
# `sfdbg run --mock-config ... --test-case ...` on the same fixture).
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/serve_lib.sh
fx=fixtures/order-flow
if ! command -v curl >/dev/null || ! command -v python3 >/dev/null; then
    skip "curl or python3 missing: no serve mock tests"
    done_testing
    exit
fi
SFN_MOCK_CONFIG=$fx/mocks.json start_server
ok $? "serve starts with SFN_MOCK_CONFIG"

# call OPERATION JSON: the answer in $tmp/body, the HTTP status in $code
call() {
    code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST "$url/" \
        -H "X-Amz-Target: AWSStepFunctions.$1" -H 'Content-Type: application/x-amz-json-1.0' \
        --data-binary "$2")
}
# as_json_string FILE: the file's text as a JSON string
as_json_string() { python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$1"; }
# member KEY: a member of the last answer
member() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$tmp/body" "$1"; }

# describe_when_done ARN: DescribeExecution until it is not RUNNING (5 s at most)
describe_when_done() {
    for _ in $(seq 100); do
        call DescribeExecution "{\"executionArn\": \"$1\"}"
        [ "$(member status)" = RUNNING ] || break
        sleep 0.05
    done
}

sm=arn:aws:states:us-east-1:123456789012:stateMachine:order-flow
call CreateStateMachine "{\"name\": \"order-flow\", \"roleArn\": \"arn:aws:iam::123456789012:role/r\",
    \"definition\": $(as_json_string $fx/order-flow.asl.json)}"
is 200 "$code" "CreateStateMachine order-flow"
input=$(as_json_string $fx/input.json)
for case in HappyPath ThrottledThenNotifyFails PaymentRejected; do
    call StartExecution "{\"stateMachineArn\": \"$sm#$case\", \"name\": \"$case\", \"input\": $input}"
    is 200 "$code" "StartExecution on $sm#$case"
    arn=$(member executionArn)
    describe_when_done "$arn"
    "$sfdbg" run $fx/order-flow.asl.json --input file://$fx/input.json --mock-config $fx/mocks.json \
        --test-case "$case" >"$tmp/run" 2>/dev/null
    want=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["status"], json.dumps(r.get("output"), sort_keys=True) if "output" in r else r.get("error"))' "$tmp/run")
    got=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["status"], json.dumps(json.loads(r["output"]), sort_keys=True) if "output" in r else r.get("error"))' "$tmp/body")
    is "$want" "$got" "$case: as sfdbg run with that test case"
    is "$sm" "$(member stateMachineArn)" "$case: the execution's state machine is the ARN without the case"
done
call StartExecution "{\"stateMachineArn\": \"$sm#NoSuchCase\"}"
grep -q '"__type":"ValidationException".*NoSuchCase' "$tmp/body"; ok $? "an unknown test case: ValidationException naming it"
call StartExecution "{\"stateMachineArn\": \"$sm\", \"input\": $input}"
arn=$(member executionArn)
describe_when_done "$arn"
"$sfdbg" run $fx/order-flow.asl.json --input file://$fx/input.json >"$tmp/run" 2>/dev/null
want=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["status"], r.get("error"))' "$tmp/run")
is "$want" "$(member status) $(member error)" "without a test case: no mocks, as sfdbg run without a mock config"
stop_server
start_server
call CreateStateMachine "{\"name\": \"order-flow\", \"roleArn\": \"arn:aws:iam::123456789012:role/r\",
    \"definition\": $(as_json_string $fx/order-flow.asl.json)}"
call StartExecution "{\"stateMachineArn\": \"$sm#HappyPath\"}"
grep -q 'ValidationException.*without a mock config' "$tmp/body"; ok $? "a test case with no mock config: ValidationException"
stop_server
printf '{"StateMachines": 7}' >"$tmp/bad.json"
expect_run "a broken mock config: serve does not start, naming the file" 2 "" "$tmp/bad.json" -- serve --port 0 --mock-config "$tmp/bad.json"
done_testing
