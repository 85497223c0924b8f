#!/usr/bin/env bash
# `sfdbg WORKFLOW --listen 127.0.0.1:PORT` with an activity Task: the debugger (in tmux)
# shows the task waiting for a worker; a worker process (curl) polls GetActivityTask, gets
# the token and input, and answers with SendTaskSuccess; the screen says so at each step and
# the execution goes on. Without --listen, `sfdbg run` fails such a task (nothing answers it).
. "$(dirname "$0")/../tui/lib.sh"
need curl python3

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
act=arn:aws:states:us-east-1:123456789012:activity:resize
arn=arn:aws:states:us-east-1:123456789012:execution:Images:run-1
cat >"$TMPD/act.asl.json" <<JSON
{"StartAt": "Resize", "States": {
  "Resize": {"Type": "Task", "Resource": "$act", "Parameters": {"image.\$": "\$.image"},
             "ResultPath": "\$.resized", "Next": "Done"},
  "Done": {"Type": "Succeed"}}}
JSON
# post OPERATION BODY [FILE]: the answer in FILE (default $TMPD/body), its status in $code
post() {
    code=$(curl -s -o "${3:-$TMPD/body}" -w '%{http_code}' -X POST "$url/" \
        -H 'Content-Type: application/x-amz-json-1.0' -H "X-Amz-Target: AWSStepFunctions.$1" \
        --data-binary "$2")
}

"$SFDBG" run "$TMPD/act.asl.json" --input '{"image": "cat.png"}' >"$TMPD/run.out" 2>&1
[ $? = 1 ] && grep -q '"error": *"States.Runtime"' "$TMPD/run.out" && grep -q "Nothing answered Task state 'Resize'" "$TMPD/run.out"
ok $? "sfdbg run: nothing answers an activity Task, States.Runtime names the state"

start 140 45 "$TMPD/act.asl.json" --listen "127.0.0.1:$port" --state-machine-name Images \
    --execution-name run-1 --seed 1 --input '{"image": "cat.png"}'
expect "listening on http://127.0.0.1:$port" "the debugger says where it listens"
keys n
expect_status 'WAITING FOR WORKER' "Resize waits for a worker"
expect 'waiting for its worker +│' "the events pane: waiting for its worker"
post GetActivityTask '{"activityArn": "'"$act"'", "workerName": "curl-1"}'
grep -q '"taskToken"' "$TMPD/body"
ok $? "a worker's GetActivityTask gets the task"
token=$(sed -n 's/.*"taskToken":"\([^"]*\)".*/\1/p' "$TMPD/body")
grep -q '"input":"{\\"image\\":\\"cat.png\\"}"' "$TMPD/body"
ok $? "with the task's input (after Parameters)"
expect 'Resize: taken by worker curl-1' "the screen says the worker took it"
expect 'waiting for its worker.s answer' "the events pane: waiting for its worker's answer"
# a second worker's poll waits meanwhile (its own answer file): it must never get the task
post GetActivityTask '{"activityArn": "'"$act"'"}' "$TMPD/second" &
second=$!
post GetExecutionHistory '{"executionArn": "'"$arn"'"}'
grep -q '"type":"ActivityScheduled"' "$TMPD/body" && grep -q '"type":"ActivityStarted"' "$TMPD/body"
ok $? "the history: ActivityScheduled, then ActivityStarted"
post SendTaskSuccess '{"taskToken": "'"$token"'", "output": "{\"size\": 64}"}'
[ "$code" = 200 ]; ok $? "the worker's SendTaskSuccess is taken"
expect 'Resize answered \(success, from another proces' "the status line says so at once"
keys N
expect_status 'WAITING FOR WORKER' "step back: Resize waits for a worker again"
# a poll arriving now is asked at once; for 1 s nothing hands it the replayed task
curl -s -o "$TMPD/third" --max-time 1 -X POST "$url/" -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: AWSStepFunctions.GetActivityTask' --data-binary '{"activityArn": "'"$act"'"}'
! grep -qs '"taskToken"' "$TMPD/third" && status_line | grep -q 'WAITING FOR WORKER'
ok $? "a poll does not get the task whose answer the step back replays (it still waits)"
keys n
expect_status 'PAUSED +at Done' "n replays the worker's answer: on at Done"
post GetExecutionHistory '{"executionArn": "'"$arn"'"}'
grep -q '"type":"ActivitySucceeded"' "$TMPD/body" && ! grep -q '"type":"ActivityStarted"' "$TMPD/body"
ok $? "the re-executed history: the answer replayed, no ActivityStarted (no worker took it again)"
keys c
expect_status '^ SUCCEEDED ' "the execution SUCCEEDED"
post DescribeExecution '{"executionArn": "'"$arn"'"}'
grep -q '"status":"SUCCEEDED"' "$TMPD/body" && grep -q 'size' "$TMPD/body"
ok $? "DescribeExecution: SUCCEEDED with the worker's output"
post GetActivityTask '{"activityArn": "nope"}'
grep -q '"__type":"InvalidArn"' "$TMPD/body"; ok $? "an activity ARN that is not one: InvalidArn"
cmd 'q!'
expect 'EXIT 0' "the debugger quits; its server stops"
wait "$second"
! grep -q '"taskToken"' "$TMPD/second"
ok $? "the poll still waiting ends with the server, without the task the step back replayed"
done_testing
