#!/usr/bin/env bash
# `sfdbg serve` with real clients: the aws CLI, boto3 (tests/cli/serve_boto3.py, with a
# separate worker process answering a task token: serve_worker.py) and raw HTTP (curl) for
# malformed, oversized and cut-off requests. A missing client skips its tests, visibly.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/serve_lib.sh
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=

printf '{"nap": ["sleep", "30"]}\n' >"$tmp/handlers.json"
start_server --max-body 65536 --handlers "$tmp/handlers.json"
ok $? "sfdbg serve --port 0 listens on 127.0.0.1 and says where"
case $url in http://127.0.0.1:*) ok 0 "the default host is 127.0.0.1" ;; *) ok 1 "default host: $url" ;; esac

# ---- raw HTTP ----
# post TARGET BODY: the status code in $code, the body in $tmp/body
post() {
    code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST "$url/" \
        -H 'Content-Type: application/x-amz-json-1.0' ${1:+-H "X-Amz-Target: $1"} \
        --data-binary "$2")
}
if command -v curl >/dev/null; then
    post AWSStepFunctions.ListStateMachines '{}'
    is 200 "$code" "ListStateMachines answers 200"
    is '{"stateMachines":[]}' "$(cat "$tmp/body")" "with no state machines yet"
    post AWSStepFunctions.ListStateMachines '{"maxResults": '
    is 400 "$code" "a body that is not JSON: 400"
    grep -q '"__type":"SerializationException"' "$tmp/body"; ok $? "as SerializationException"
    post AWSStepFunctions.DescribeExecution '{"executionArn": 7}'
    grep -q '"__type":"SerializationException","message":"'"'"'executionArn'"'"' must be a string' "$tmp/body"
    ok $? "a member of the wrong type: SerializationException naming it"
    post AWSStepFunctions.DescribeExecution '{}'
    grep -q "ValidationException.*Value null at 'executionArn'" "$tmp/body"
    ok $? "a required member missing: ValidationException naming it"
    post AWSStepFunctions.FlyToTheMoon '{}'
    grep -q '"__type":"UnknownOperationException"' "$tmp/body"; ok $? "an unknown operation: UnknownOperationException"
    post "" '{}'
    grep -q 'UnknownOperationException.*X-Amz-Target' "$tmp/body"; ok $? "no X-Amz-Target: UnknownOperationException"
    head -c 70000 /dev/zero | tr '\0' 'a' >"$tmp/big"
    code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST "$url/" \
        -H 'X-Amz-Target: AWSStepFunctions.ListStateMachines' --data-binary @"$tmp/big")
    is 413 "$code" "a body over --max-body: 413"
    grep -q RequestEntityTooLargeException "$tmp/body"; ok $? "as RequestEntityTooLargeException"
    # a client that announces 1000 bytes, sends 10 and goes away; another that sends garbage
    if command -v python3 >/dev/null; then
        port=${url##*:}
        python3 - "$port" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines\r\n"
          b"Content-Length: 1000\r\n\r\n{\"maxResu")
s.close()
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"\x00\x01garbage\r\n\r\n")
s.close()
EOF
        post AWSStepFunctions.ListStateMachines '{}'
        is 200 "$code" "after clients that went away mid-request, the server still answers"
    else
        skip "python3 missing: no cut-off requests"
    fi
else
    for _ in $(seq 12); do skip "curl missing: no raw HTTP tests"; done
fi

# ---- the aws CLI ----
sm_arn=arn:aws:states:us-east-1:123456789012:stateMachine:Orders
cat >"$tmp/orders.json" <<'EOF'
{"StartAt": "Price", "States": {
  "Price": {"Type": "Pass", "Parameters": {"total.$": "States.MathAdd($.a, $.b)"}, "Next": "Nap"},
  "Nap": {"Type": "Wait", "Seconds": 86400, "Next": "Done"},
  "Done": {"Type": "Succeed"}}}
EOF
# cli ARGS...: aws stepfunctions against the server; stdout in $tmp/cli, stderr in $tmp/clierr
cli() { aws stepfunctions --endpoint-url "$url" --output json "$@" >"$tmp/cli" 2>"$tmp/clierr"; }
# jq-free field reading: field KEY (from $tmp/cli)
field() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); print(v[sys.argv[2]] if not isinstance(v[sys.argv[2]], (dict, list)) else json.dumps(v[sys.argv[2]]))' "$tmp/cli" "$1"; }
if command -v aws >/dev/null && command -v python3 >/dev/null; then
    cli create-state-machine --name Orders --definition "file://$tmp/orders.json" \
        --role-arn arn:aws:iam::123456789012:role/r
    ok $? "aws stepfunctions create-state-machine"
    is "$sm_arn" "$(field stateMachineArn)" "it answers the state machine's ARN"
    cli start-execution --state-machine-arn "$sm_arn" --name first --input '{"a": 2, "b": 3}'
    ok $? "start-execution"
    ex_arn=$(field executionArn)
    is arn:aws:states:us-east-1:123456789012:execution:Orders:first "$ex_arn" "the execution's ARN"
    for _ in $(seq 50); do cli describe-execution --execution-arn "$ex_arn"; [ "$(field status)" = RUNNING ] || break; sleep 0.1; done
    is SUCCEEDED "$(field status)" "describe-execution: SUCCEEDED (a day's Wait on the virtual clock)"
    is '{"total":5}' "$(field output)" "with its output"
    start=$(field startDate) stop=$(field stopDate)
    # the CLI prints epoch seconds or (older versions) ISO 8601 dates
    is 86400 "$(python3 -c 'import sys, datetime
def t(v):
    try:
        return float(v)
    except ValueError:
        return datetime.datetime.fromisoformat(v).timestamp()
print(round(t(sys.argv[2]) - t(sys.argv[1])))' "$start" "$stop")" "the stop date is a virtual day after the start"
    cli get-execution-history --execution-arn "$ex_arn"
    types=$(python3 -c 'import json,sys; print(" ".join(e["type"] for e in json.load(open(sys.argv[1]))["events"]))' "$tmp/cli")
    is "ExecutionStarted PassStateEntered PassStateExited WaitStateEntered WaitStateExited SucceedStateEntered SucceedStateExited ExecutionSucceeded" \
        "$types" "get-execution-history: the events in order"
    cli describe-execution --execution-arn "${ex_arn}x"
    rc=$?
    [ $rc != 0 ] && grep -q 'ExecutionDoesNotExist' "$tmp/clierr"; ok $? "an unknown execution: the CLI reports ExecutionDoesNotExist"
    cli describe-state-machine --state-machine-arn "$sm_arn"
    is ACTIVE "$(field status)" "describe-state-machine: ACTIVE"
    python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["definition"] != open(sys.argv[2]).read())' \
        "$tmp/cli" "$tmp/orders.json"
    ok $? "with the definition as given"
    cat >"$tmp/express.json" <<'EOF'
{"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}}
EOF
    cli create-state-machine --name Echo --type EXPRESS --definition "file://$tmp/express.json" \
        --role-arn arn:aws:iam::123456789012:role/r
    AWS_DISABLE_HOST_PREFIX_INJECTION=true cli start-sync-execution \
        --state-machine-arn arn:aws:states:us-east-1:123456789012:stateMachine:Echo --input '{"hi": 1}'
    rc=$?
    cli_version=$(aws --version 2>&1 | cut -d' ' -f1)
    if [ $rc != 0 ] && grep -q 'sync-127' "$tmp/clierr"; then
        # an older CLI (Debian 12's 2.9) ignores the variable and asks sync-127.0.0.1
        skip "$cli_version ignores AWS_DISABLE_HOST_PREFIX_INJECTION: no start-sync-execution test"
        skip "$cli_version ignores AWS_DISABLE_HOST_PREFIX_INJECTION"
    else
        ok $rc "start-sync-execution with AWS_DISABLE_HOST_PREFIX_INJECTION=true (no sync- prefix)"
        is '{"hi":1}' "$(field output)" "answers the output"
    fi
    if aws stepfunctions test-state help >/dev/null 2>&1; then
        AWS_DISABLE_HOST_PREFIX_INJECTION=true cli test-state --definition '{"Type": "Pass", "Result": 2, "ResultPath": "$.b", "Next": "N"}' \
            --input '{"a": 1}'
        is 'SUCCEEDED N {"a":1,"b":2}' "$(field status) $(field nextState) $(field output)" "test-state (sync- prefix off too)"
    else
        skip "$cli_version has no test-state"
    fi
else
    for _ in $(seq 17); do skip "the aws CLI (awscli) or python3 is missing"; done
fi

# ---- boto3, with a worker process ----
if python3 -c 'import boto3' 2>/dev/null; then
    relay_tap boto3 tests/cli/serve_boto3.py "$url" tests/cli/serve_worker.py
else
    skip "python3-boto3 is missing: no boto3 tests"
fi

# ---- stopping ----
# a StartSyncExecution still waiting (its task, a handler, sleeps 30 s) when the server stops
if command -v curl >/dev/null; then
    post AWSStepFunctions.CreateStateMachine '{"name": "Forever", "type": "EXPRESS",
      "roleArn": "arn:aws:iam::123456789012:role/r", "definition": "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:nap\", \"End\": true}}}"}'
    is 200 "$code" "an EXPRESS machine whose task takes 30 s" || cat "$tmp/body"
    curl -s -o "$tmp/sync" -X POST "$url/" -H 'X-Amz-Target: AWSStepFunctions.StartSyncExecution' \
        --data-binary '{"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Forever"}' &
    syncpid=$!
    sleep 0.5
fi
kill -TERM "$server"
for _ in $(seq 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
kill -0 "$server" 2>/dev/null; ok $((! $?)) "SIGTERM stops the server"
wait "$server"; is 0 "$?" "with exit status 0"
server=
grep -q 'token\|"input"' "$tmp/serve.err"; ok $((! $?)) "nothing of payloads or tokens in its log"
if [ -n "$syncpid" ]; then
    wait "$syncpid"
    grep -q '"status":"ABORTED","startDate":[0-9.]*,"stopDate":[0-9.]*,"input":"{}",.*"error":"States.Runtime","cause":"the server is stopping"' "$tmp/sync"
    r=$?; [ $r = 0 ] || echo "# got: $(cat "$tmp/sync")"
    ok $r "the waiting StartSyncExecution answers ABORTED: the server is stopping"
else
    skip "curl missing: no waiting StartSyncExecution"
fi

# the log: one line per request with info, the bodies only with debug
if command -v curl >/dev/null; then
    for level in info debug; do
        start_server --log-level $level
        post AWSStepFunctions.SendTaskHeartbeat '{"taskToken": "secret-token-123"}'
        stop_server
        cp "$tmp/serve.err" "$tmp/log.$level"
    done
    grep -q '^sfdbg serve: SendTaskHeartbeat 400 InvalidToken [0-9]* ms$' "$tmp/log.info"
    ok $? "--log-level info: the operation, status, error and time"
    grep -q 'secret-token-123' "$tmp/log.info"; ok $((! $?)) "and not the token"
    grep -q 'request: {"taskToken": "secret-token-123"}' "$tmp/log.debug"; ok $? "--log-level debug: the request body too"
else
    for _ in 1 2 3; do skip "curl missing: no log tests"; done
fi

# a non-loopback --host is taken only as asked, with a warning
"$sfdbg" serve --host 0.0.0.0 --port 0 2>"$tmp/any.err" & any=$!
for _ in $(seq 50); do grep -q listening "$tmp/any.err" && break; sleep 0.05; done
kill "$any"; wait "$any" 2>/dev/null
grep -q 'warning: listening on 0.0.0.0, not a loopback address' "$tmp/any.err"; ok $? "--host 0.0.0.0 warns"
expect_run "--host that is not an address: exit 1 naming it" 1 "" "'localhost' is not a numeric IPv4" -- serve --host localhost --port 0
expect_run "sfdbg --help lists serve" 0 "sfdbg serve [--host H] [--port P]" "" -- --help
expect_run "sfdbg serve --help describes its options" 0 "--max-executions N" "" -- serve --help
expect_run "--input is not an option of serve" 2 "" "--input (StartExecution gives the input)" -- serve --input '{}'
done_testing
