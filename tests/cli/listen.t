#!/usr/bin/env bash
# `sfdbg WORKFLOW --listen 127.0.0.1:PORT`: the debugger (in tmux) serves its own execution;
# a separate process reads the token (GetExecutionHistory) and answers it with
# `sfdbg send-task-success`, then boto3 answers the next one (skipped visibly without it);
# the screen shows each answer as from another process and the execution goes on. Errors:
# a bad token, a body that is not JSON, an oversized body, an operation it does not serve,
# another execution's ARN, a port in use.
. "$(dirname "$0")/../tui/lib.sh"
need curl python3

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
arn=arn:aws:states:us-east-1:123456789012:execution:Callback:run-1
cat >"$TMPD/cb.asl.json" <<'JSON'
{"StartAt": "Ask", "States": {
  "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                         "MessageBody": {"token.$": "$$.Task.Token", "n": 1}},
          "ResultPath": "$.first", "Next": "AskAgain"},
  "AskAgain": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                         "MessageBody": {"token.$": "$$.Task.Token", "n": 2}},
          "ResultPath": "$.second", "End": true}}}
JSON

post() {
    code=$(curl -s -o "$TMPD/body" -w '%{http_code}' -X POST "$url/" \
        -H 'Content-Type: application/x-amz-json-1.0' -H "X-Amz-Target: AWSStepFunctions.$1" \
        --data-binary "$2")
}
# token N: the token of the N-th TaskScheduled event in the history (empty when none yet)
token() {
    post GetExecutionHistory '{"executionArn": "'"$arn"'"}'
    python3 -c '
import json, sys
ev = [e for e in json.load(open(sys.argv[1]))["events"] if e["type"] == "TaskScheduled"]
n = int(sys.argv[2])
if len(ev) >= n:
    print(json.loads(ev[n - 1]["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"])
' "$TMPD/body" "$1" 2>/dev/null
}

start 140 45 "$TMPD/cb.asl.json" --listen "127.0.0.1:$port" --state-machine-name Callback \
    --execution-name run-1 --seed 1 --input '{"order": 7}'
expect "listening on http://127.0.0.1:$port" "the debugger says where it listens"
post DescribeExecution '{"executionArn": "'"$arn"'"}'
is_running=$(grep -c '"status":"RUNNING"' "$TMPD/body")
[ "$code" = 200 ] && [ "$is_running" = 1 ] && grep -q '"input":"{\\"order\\":7}"' "$TMPD/body"
ok $? "DescribeExecution: the debugger's own execution, RUNNING, with its input"
keys n
expect 'WAITING' "Ask waits for its token"
t1=$(token 1)
[ -n "$t1" ]; ok $? "GetExecutionHistory from another process shows the token sent"

"$SFDBG" send-task-success --task-token "$t1" --output '{"from": "cli"}' --endpoint-url "$url" \
    2>"$TMPD/err"
ok $? "sfdbg send-task-success answers it (exit 0)"
expect 'answered at step [0-9]+ from another process: success \{"from":"cli"\}' \
    "the events pane shows the answer, from another process"
expect 'Ask answered \(success, from another process\)' "the status line says so at once"
keys N
expect_status 'WAITING' "step back: Ask waits again"
keys n
expect_status 'PAUSED +at AskAgain' "n replays the answer from another process: on at AskAgain"
expect_not 'WAITING' "  and nothing waits any more"
"$SFDBG" send-task-success --task-token "$t1" --output '{}' --endpoint-url "$url" 2>"$TMPD/err"
[ $? = 1 ] && grep -q 'TaskDoesNotExist' "$TMPD/err"
ok $? "the same token again: TaskDoesNotExist (exit 1)"
"$SFDBG" send-task-failure --task-token nope --endpoint-url "$url" 2>"$TMPD/err"
[ $? = 1 ] && grep -q 'InvalidToken' "$TMPD/err"
ok $? "a token it never gave: InvalidToken"

keys n
expect 'WAITING' "the execution goes on: AskAgain waits"
t2=$(token 2)
if python3 -c 'import boto3' 2>/dev/null; then
    python3 - "$url" "$t2" <<'EOF' 2>"$TMPD/boto.err"
import json, sys
import boto3
sfn = boto3.client("stepfunctions", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="x", aws_secret_access_key="x")
sfn.send_task_heartbeat(taskToken=sys.argv[2])
sfn.send_task_success(taskToken=sys.argv[2], output=json.dumps({"from": "boto3"}))
EOF
    ok $? "boto3 (a separate process) sends a heartbeat and answers AskAgain"
    sed 's/^/# /' "$TMPD/boto.err"
    expect 'AskAgain answered at step [0-9]+ from another process: success \{"from":"boto3"\}' \
        "the screen shows boto3's answer"
    keys c
    expect_status '^ SUCCEEDED ' "the execution SUCCEEDED"
    post DescribeExecution '{"executionArn": "'"$arn"'"}'
    grep -q '"status":"SUCCEEDED"' "$TMPD/body" && grep -q 'boto3' "$TMPD/body"
    ok $? "DescribeExecution says SUCCEEDED with the output answered"
else
    for name in "boto3 answers" "its answer shown" "SUCCEEDED" "DescribeExecution"; do
        skip "$name" "python3-boto3 is not installed"
    done
fi

post GetExecutionHistory '{"executionArn": "arn:aws:states:us-east-1:123456789012:execution:Other:x"}'
[ "$code" = 400 ] && grep -q '"__type":"ExecutionDoesNotExist"' "$TMPD/body"
ok $? "another execution's ARN: ExecutionDoesNotExist"
post SendTaskSuccess '{"taskToken": '
[ "$code" = 400 ] && grep -q '"__type":"SerializationException"' "$TMPD/body"
ok $? "a body that is not JSON: SerializationException"
post SendTaskSuccess '{"output": "{}"}'
grep -q "ValidationException.*'taskToken'" "$TMPD/body"
ok $? "no taskToken: ValidationException naming it"
post ListStateMachines '{}'
grep -q '"__type":"UnknownOperationException".*--listen serves' "$TMPD/body"
ok $? "an operation it does not serve: UnknownOperationException, saying what it serves"
head -c 2200000 /dev/zero | tr '\0' 'a' >"$TMPD/big"
code=$(curl -s -o "$TMPD/body" -w '%{http_code}' -X POST "$url/" \
    -H 'X-Amz-Target: AWSStepFunctions.SendTaskSuccess' --data-binary @"$TMPD/big")
[ "$code" = 413 ]; ok $? "an oversized body: 413"
post DescribeExecution '{"executionArn": "'"$arn"'"}'
[ "$code" = 200 ]; ok $? "and it still answers"

"$SFDBG" "$TMPD/cb.asl.json" --help | grep -q -- '--listen \[HOST:\]PORT'
ok $? "the debugger's --help describes --listen"
"$SFDBG" "$TMPD/cb.asl.json" --listen 99999 2>"$TMPD/err"
[ $? = 2 ] && grep -q "not \[HOST:\]PORT" "$TMPD/err"
ok $? "--listen with a bad port: a usage error (exit 2)"
"$SFDBG" run "$TMPD/cb.asl.json" --listen 1 >/dev/null 2>&1
[ $? = 2 ]; ok $? "run does not take --listen"

# a second debugger on the same port cannot listen: it says so and exits 1
main_sock=$SOCK
start 100 30 "$TMPD/cb.asl.json" --listen "$port"
expect "cannot listen on 127.0.0.1:$port" "a port in use: said so"
expect 'EXIT 1' "  exit 1"
tm kill-server
port2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start 140 30 "$TMPD/cb.asl.json" --listen "0.0.0.0:$port2"
expect "warning: listening on http://0.0.0.0:$port2, not a loopback address" \
    "a non-loopback host only when given, with a warning"
tm kill-server
SOCK=$main_sock
cmd 'q!'
expect 'EXIT 0' "the debugger quits; its server stops"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/" 2>/dev/null)
[ "$code" = 000 ]; ok $? "nothing listens any more"
done_testing
