#!/usr/bin/env bash
# `sfdbg serve`'s bounds: --max-executions (the oldest finished execution is forgotten
# first; all running: ExecutionLimitExceeded) and --real-time Waits (raw AWS JSON over curl).
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/serve_lib.sh
if ! command -v curl >/dev/null; then
    skip "curl missing: no serve limit tests"
    done_testing
    exit
fi
# call OPERATION JSON: the answer in $tmp/body
call() {
    [ -n "$DEBUG" ] && echo "# $1 $2" >&2
    curl -s -o "$tmp/body" -X POST "$url/" -H "X-Amz-Target: AWSStepFunctions.$1" --data-binary "$2"; [ -n "$DEBUG" ] && echo "# -> $(cat "$tmp/body")" >&2; true
}
sm=arn:aws:states:us-east-1:123456789012:stateMachine
role=arn:aws:iam::123456789012:role/r
start_server --max-executions 2
ok $? "serve --max-executions 2"
call CreateStateMachine "{\"name\": \"Wait\", \"roleArn\": \"$role\", \"definition\": \"{\\\"StartAt\\\": \\\"W\\\", \\\"States\\\": {\\\"W\\\": {\\\"Type\\\": \\\"Task\\\", \\\"Resource\\\": \\\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\\\", \\\"Parameters\\\": {\\\"QueueUrl\\\": \\\"q\\\", \\\"MessageBody.$\\\": \\\"\$\$.Task.Token\\\"}, \\\"End\\\": true}}}\"}"
call CreateStateMachine "{\"name\": \"Quick\", \"roleArn\": \"$role\", \"definition\": \"{\\\"StartAt\\\": \\\"P\\\", \\\"States\\\": {\\\"P\\\": {\\\"Type\\\": \\\"Pass\\\", \\\"End\\\": true}}}\"}"
call StartExecution "{\"stateMachineArn\": \"$sm:Quick\", \"name\": \"q1\"}"
call StartExecution "{\"stateMachineArn\": \"$sm:Wait\", \"name\": \"w1\"}"
grep -q '"executionArn"' "$tmp/body"; ok $? "two executions fit"
sleep 0.2
call StartExecution "{\"stateMachineArn\": \"$sm:Wait\", \"name\": \"w2\"}"
grep -q '"executionArn":".*:w2"' "$tmp/body"; ok $? "a third makes room by forgetting the finished one"
call DescribeExecution "{\"executionArn\": \"arn:aws:states:us-east-1:123456789012:execution:Quick:q1\"}"
grep -q '"__type":"ExecutionDoesNotExist"' "$tmp/body"; ok $? "which is gone"
call StartExecution "{\"stateMachineArn\": \"$sm:Wait\", \"name\": \"w3\"}"
grep -q '"__type":"ExecutionLimitExceeded"' "$tmp/body"; ok $? "with both running: ExecutionLimitExceeded"
call StopExecution "{\"executionArn\": \"arn:aws:states:us-east-1:123456789012:execution:Wait:w1\"}"
call StartExecution "{\"stateMachineArn\": \"$sm:Wait\", \"name\": \"w3\"}"
grep -q '"executionArn":".*:w3"' "$tmp/body"; ok $? "once one is stopped there is room again"
stop_server

start_server --real-time
call CreateStateMachine "{\"name\": \"Nap\", \"type\": \"EXPRESS\", \"roleArn\": \"$role\", \"definition\": \"{\\\"StartAt\\\": \\\"W\\\", \\\"States\\\": {\\\"W\\\": {\\\"Type\\\": \\\"Wait\\\", \\\"Seconds\\\": 1, \\\"End\\\": true}}}\"}"
began=$(date +%s%N)
call StartSyncExecution "{\"stateMachineArn\": \"$sm:Nap\"}"
took=$((($(date +%s%N) - began) / 1000000))
grep -q '"status":"SUCCEEDED"' "$tmp/body"; ok $? "--real-time: a Wait of 1 s succeeds"
[ "$took" -ge 950 ] && [ "$took" -lt 5000 ]; ok $? "after a real second ($took ms)"
stop_server
done_testing
