#!/usr/bin/env bash
# `sfdbg send-task-success|failure|heartbeat` against `sfdbg serve`: a callback execution's
# token answered by the client (its output reaches the execution), AWS's error names printed
# (InvalidToken, TaskDoesNotExist), usage errors (exit 2), nothing listening (exit 1, says what
# to start). Needs curl for the raw calls that start the execution (skipped visibly without).
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/serve_lib.sh

expect_run "no --task-token: usage, exit 2" 2 "" "--task-token T is required" -- \
    send-task-success --output '{}'
expect_run "send-task-success needs --output" 2 "" "--output JSON is required" -- \
    send-task-success --task-token t
expect_run "--output that is not JSON: exit 2, said so" 2 "" "--output is not JSON" -- \
    send-task-success --task-token t --output '{"a":'
expect_run "--error is not an option of send-task-heartbeat" 2 "" "--error is not an option" -- \
    send-task-heartbeat --task-token t --error E
expect_run "--help" 0 "usage: sfdbg send-task-failure" "" -- send-task-failure --help
expect_run "nothing listening: exit 1, says what to start" 1 "" "start \`sfdbg serve\`" -- \
    send-task-heartbeat --task-token t --endpoint-url http://127.0.0.1:1

post() {
    curl -s -X POST "$url/" -H 'Content-Type: application/x-amz-json-1.0' \
        -H "X-Amz-Target: AWSStepFunctions.$1" --data-binary "$2"
}
# token EXECUTION_ARN: the token the callback task sent (its TaskScheduled parameters)
token() {
    post GetExecutionHistory '{"executionArn": "'"$1"'"}' | python3 -c '
import json, sys
for e in json.load(sys.stdin)["events"]:
    if e["type"] == "TaskScheduled":
        print(json.loads(e["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"])'
}
if command -v curl >/dev/null && command -v python3 >/dev/null && start_server; then
    def='{"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q","MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}}'
    body=$(python3 -c 'import json,sys; print(json.dumps({"name":"Cb","definition":sys.argv[1],"roleArn":"arn:aws:iam::123456789012:role/r"}))' "$def")
    sm=$(post CreateStateMachine "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stateMachineArn"])')
    start() { post StartExecution '{"stateMachineArn": "'"$sm"'", "name": "'"$1"'"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["executionArn"])'; }
    ex1=$(start one)
    ex2=$(start two)
    sleep 0.3
    t1=$(token "$ex1")
    t2=$(token "$ex2")
    [ -n "$t1" ] && [ -n "$t2" ]; ok $? "two callback executions wait with their tokens"
    expect_run "send-task-heartbeat: accepted, exit 0" 0 "" "" -- \
        send-task-heartbeat --task-token "$t1" --endpoint-url "$url"
    expect_run "send-task-success: accepted, exit 0" 0 "" "" -- \
        send-task-success --task-token "$t1" --output '{"ok": 42}' --endpoint-url "$url"
    sleep 0.3
    post DescribeExecution '{"executionArn": "'"$ex1"'"}' >"$tmp/d1"
    grep -q '"status":"SUCCEEDED"' "$tmp/d1" && grep -q '{\\"ok\\":42}' "$tmp/d1"
    ok $? "the execution goes on with the output sent"
    expect_run "answering it again: TaskDoesNotExist, exit 1" 1 "" "TaskDoesNotExist:" -- \
        send-task-success --task-token "$t1" --task-output '{}' --endpoint-url "$url"
    expect_run "a token sfdbg never gave: InvalidToken, exit 1" 1 "" "InvalidToken:" -- \
        send-task-failure --task-token not-a-token --endpoint-url "$url"
    expect_run "send-task-failure: accepted" 0 "" "" -- \
        send-task-failure --task-token "$t2" --error Rejected --cause 'no stock' --endpoint-url "$url"
    sleep 0.3
    post DescribeExecution '{"executionArn": "'"$ex2"'"}' >"$tmp/d2"
    grep -q '"status":"FAILED"' "$tmp/d2" && grep -q '"error":"Rejected"' "$tmp/d2"
    ok $? "the execution fails with the error sent"
    # a task whose TimeoutSeconds (1 s, real time while it waits for its token) passed
    tdef=${def/\"End\":true/\"TimeoutSeconds\":1,\"End\":true}
    body=$(python3 -c 'import json,sys; print(json.dumps({"name":"Short","definition":sys.argv[1],"roleArn":"arn:aws:iam::123456789012:role/r"}))' "$tdef")
    sm=$(post CreateStateMachine "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stateMachineArn"])')
    ex3=$(start three)
    sleep 0.3
    t3=$(token "$ex3")
    sleep 1.5
    "$sfdbg" send-task-success --task-token "$t3" --output '{}' --endpoint-url "$url" 2>"$tmp/err"
    rc=$?
    [ $rc = 1 ] && grep -q 'TaskTimedOut:' "$tmp/err"
    ok $? "a task that timed out: TaskTimedOut, exit 1"
    stop_server
else
    for _ in $(seq 9); do skip "curl or python3 missing, or serve did not start: no live tests"; done
fi
done_testing
