#!/usr/bin/env bash
# Every operation of `sfdbg serve` once (tests/cli/serve_operations.py, raw HTTP: the
# answers' shapes), checked against sfn_api.c's operation table; then activities: a worker
# process that polls and answers (curl, and boto3 in serve_activity_worker.py), a poll that
# ends empty, a heartbeat timeout, the bound on polls waiting at once, a server stopped
# while a poll waits, and --activity-poll-seconds' bounds. A missing client skips its
# tests, visibly.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/serve_lib.sh

expect_run "--activity-poll-seconds 0 is refused" 2 "" "--activity-poll-seconds must be 1..60" \
    -- serve --activity-poll-seconds 0
expect_run "--activity-poll-seconds 61 is refused" 2 "" "--activity-poll-seconds must be 1..60" \
    -- serve --activity-poll-seconds 61
expect_run "serve --help tells of --activity-poll-seconds" 0 "--activity-poll-seconds N" "" \
    -- serve --help

start_server --activity-poll-seconds 1 --max-connections 8
ok $? "sfdbg serve --activity-poll-seconds 1 starts"

# ---- every operation, once ----
# the operations sfn_api.c answers: {"Name", serve_fn, ...} rows of its table
ops=$(sed -n 's/^ *{"\([A-Za-z]*\)", serve_[a-z_]*,.*/\1/p' src/sfn_api.c | sort | tr '\n' ' ')
if command -v python3 >/dev/null; then
    relay_tap operations tests/cli/serve_operations.py "$url"
    called=$(sed -n 's/^# called: //p' "$tmp/relay.out" | tr ' ' '\n' | sort | tr '\n' ' ')
    is "$ops" "$called" "the script calls every operation of sfn_api.c's table"
else
    for _ in $(seq 42); do skip "python3 missing: the operations are not called"; done
fi

# ---- activities over curl ----
# post TARGET BODY: the status code in $code, the body in $tmp/body
post() {
    code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST "$url/" \
        -H 'Content-Type: application/x-amz-json-1.0' -H "X-Amz-Target: AWSStepFunctions.$1" \
        --data-binary "$2")
}
# member KEY: a string member without escapes of $tmp/body (sfdbg writes it compact)
member() { sed -n 's/.*"'"$1"'":"\([^"]*\)".*/\1/p' "$tmp/body"; }
act=arn:aws:states:us-east-1:123456789012:activity
sm=arn:aws:states:us-east-1:123456789012:stateMachine
ex=arn:aws:states:us-east-1:123456789012:execution
# machine NAME ACTIVITY EXTRA: a state machine of one activity Task (EXTRA: more fields)
machine() {
    local def="{\\\"StartAt\\\": \\\"A\\\", \\\"States\\\": {\\\"A\\\": {\\\"Type\\\": \\\"Task\\\", \\\"Resource\\\": \\\"$act:$2\\\"$3, \\\"End\\\": true}}}"
    post CreateStateMachine "{\"name\": \"$1\", \"roleArn\": \"arn:aws:iam::123456789012:role/r\", \"definition\": \"$def\"}"
}
# until_done ARN: DescribeExecution until it is not RUNNING (10 s at most); body in $tmp/body
until_done() {
    for _ in $(seq 200); do
        post DescribeExecution "{\"executionArn\": \"$1\"}"
        grep -q '"status":"RUNNING"' "$tmp/body" || return 0
        sleep 0.05
    done
}
if command -v curl >/dev/null; then
    post CreateActivity '{"name": "curl-work"}'
    is 200 "$code" "CreateActivity over curl"
    machine curl-sm curl-work ""
    is 200 "$code" "a state machine of an activity Task"
    post StartExecution "{\"stateMachineArn\": \"$sm:curl-sm\", \"name\": \"e1\", \"input\": \"{\\\"n\\\": 2}\"}"
    is 200 "$code" "StartExecution"
    (   # the worker: a separate process that polls, then answers
        code=$(curl -s -o "$tmp/task" -w '%{http_code}' -X POST "$url/" \
            -H 'X-Amz-Target: AWSStepFunctions.GetActivityTask' \
            --data-binary "{\"activityArn\": \"$act:curl-work\", \"workerName\": \"curl\"}")
        token=$(sed -n 's/.*"taskToken":"\([^"]*\)".*/\1/p' "$tmp/task")
        curl -s -o /dev/null -X POST "$url/" -H 'X-Amz-Target: AWSStepFunctions.SendTaskSuccess' \
            --data-binary "{\"taskToken\": \"$token\", \"output\": \"{\\\"by\\\": \\\"curl\\\"}\"}"
    ) &
    worker=$!
    until_done "$ex:curl-sm:e1"
    wait "$worker"
    grep -q '"status":"SUCCEEDED"' "$tmp/body"; ok $? "the curl worker's answer ends the execution SUCCEEDED"
    grep -qF '"output":"{\"by\":\"curl\"}"' "$tmp/body"; ok $? "with the worker's output"
    grep -q '"input":"{\\"n\\":2}"' "$tmp/task"; ok $? "the worker got the task's input"

    t0=$(date +%s%N)
    post GetActivityTask "{\"activityArn\": \"$act:curl-work\"}"
    ms=$((($(date +%s%N) - t0) / 1000000))
    is '200 {}' "$code $(cat "$tmp/body")" "a poll with no task answers {} ..."
    [ "$ms" -ge 900 ] && [ "$ms" -lt 5000 ]; ok $? "... after --activity-poll-seconds ($ms ms of 1000)"

    machine beat-sm curl-work ", \\\"TimeoutSeconds\\\": 30, \\\"HeartbeatSeconds\\\": 1"
    post StartExecution "{\"stateMachineArn\": \"$sm:beat-sm\", \"name\": \"e1\"}"
    post GetActivityTask "{\"activityArn\": \"$act:curl-work\"}"
    [ -n "$(member taskToken)" ]; ok $? "a worker takes the heartbeat machine's task"
    token=$(member taskToken)
    sleep 0.5
    post SendTaskHeartbeat "{\"taskToken\": \"$token\"}"
    is 200 "$code" "and beats once"
    until_done "$ex:beat-sm:e1" # then never again: 1 s later the heartbeat has passed
    grep -q '"status":"FAILED"' "$tmp/body" && grep -q '"error":"States.Timeout"' "$tmp/body"
    ok $? "no heartbeat for HeartbeatSeconds: FAILED with States.Timeout (as AWS reports a missed heartbeat)"
    post GetExecutionHistory "{\"executionArn\": \"$ex:beat-sm:e1\"}"
    grep -q '"type":"ActivityTimedOut"' "$tmp/body"; ok $? "ActivityTimedOut in the history"
    post SendTaskSuccess "{\"taskToken\": \"$token\", \"output\": \"{}\"}"
    grep -q '"__type":"TaskTimedOut"' "$tmp/body"; ok $? "the worker's late answer: TaskTimedOut"

    # 8 connections: 6 polls may wait at once (three quarters), the 7th is refused
    post CreateActivity '{"name": "idle"}'
    pids=
    for i in 1 2 3 4 5 6; do
        curl -s -o "$tmp/idle$i" -X POST "$url/" -H 'X-Amz-Target: AWSStepFunctions.GetActivityTask' \
            --data-binary "{\"activityArn\": \"$act:idle\"}" &
        pids="$pids $!"
    done
    sleep 0.4
    post GetActivityTask "{\"activityArn\": \"$act:idle\"}"
    grep -q '"__type":"ActivityWorkerLimitExceeded"' "$tmp/body"
    ok $? "a poll past the bound: ActivityWorkerLimitExceeded"
    # shellcheck disable=SC2086
    wait $pids
    is '{}{}{}{}{}{}' "$(cat "$tmp"/idle[1-6])" "the 6 waiting polls end empty"
    post ListActivities '{}'
    is 200 "$code" "the server answers after them"
else
    for _ in $(seq 16); do skip "curl missing: no activity tests over raw HTTP"; done
fi

# ---- a boto3 worker ----
if command -v python3 >/dev/null && python3 -c 'import boto3' 2>/dev/null && command -v curl >/dev/null; then
    post CreateActivity '{"name": "boto3-work"}'
    machine boto3-sm boto3-work ", \\\"Parameters\\\": {\\\"n.\$\\\": \\\"\$.n\\\"}"
    is 200 "$code" "a state machine for the boto3 worker"
    for i in 1 2; do
        post StartExecution "{\"stateMachineArn\": \"$sm:boto3-sm\", \"name\": \"e$i\", \"input\": \"{\\\"n\\\": $i}\"}"
    done
    python3 tests/cli/serve_activity_worker.py "$url" "$act:boto3-work" 2 2>"$tmp/worker.err"
    ok $? "the boto3 worker process answers both tasks$(sed 's/^/ # /' "$tmp/worker.err" | tail -1)"
    for i in 1 2; do
        until_done "$ex:boto3-sm:e$i"
        grep -qF "\"output\":\"{\\\"doubled\\\":$((2 * i))}\"" "$tmp/body"
        ok $? "execution e$i SUCCEEDED with the worker's output"
    done
    post GetExecutionHistory "{\"executionArn\": \"$ex:boto3-sm:e1\"}"
    grep -q '"activityStartedEventDetails":{"workerName":"boto3-worker"}' "$tmp/body"
    ok $? "ActivityStarted names the boto3 worker"
else
    for _ in $(seq 5); do skip "python3 with boto3 (python3-boto3) or curl missing: no boto3 worker"; done
fi

# ---- stopping while a poll waits ----
if command -v curl >/dev/null; then
    curl -s -o "$tmp/late" -X POST "$url/" -H 'X-Amz-Target: AWSStepFunctions.GetActivityTask' \
        --data-binary "{\"activityArn\": \"$act:idle\"}" &
    poller=$!
    sleep 0.2
else
    poller=
fi
stop_server
ok $? "the server stops with status 0 while a poll waits"
if [ -n "$poller" ]; then
    wait "$poller"
    is '{}' "$(cat "$tmp/late")" "the waiting poll is answered {} as the server stops"
else
    skip "curl missing: no poll while stopping"
fi
done_testing
