#!/usr/bin/env bash
# Timestamps end at 9999-12-31T23:59:59.999Z, as AWS's do: sfdbg never writes a
# five-digit year, in output, $$ times or history.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
# run ARGS...: stdout in $tmp/out, stderr in $tmp/err, exit in $rc
run() { $VALGRIND_CMD "$sfdbg" run "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?; }
five_digit_years() { grep -cE '"[0-9]{5,}-[0-9]{2}-[0-9]{2}T' "$1"; }

cat >"$tmp/stamp.asl.json" <<'ASL'
{"StartAt": "Stamp", "States": {"Stamp": {"Type": "Pass",
 "Parameters": {"started.$": "$$.Execution.StartTime"}, "End": true}}}
ASL
# an offset moves 9999-12-31T23:59:59-05:00 into year 10000
run "$tmp/stamp.asl.json" --start-time 9999-12-31T23:59:59-05:00
is "2 1" "$rc $(grep -c "start-time: '9999-12-31T23:59:59-05:00' is outside 0000-01-01T00:00:00Z..9999-12-31T23:59:59.999Z" "$tmp/err")" \
    "--start-time after year 9999 is a usage error"
is "0" "$(five_digit_years "$tmp/out")" "nothing is printed with a five-digit year"
run "$tmp/stamp.asl.json" --start-time 0000-01-01T00:00:00+01:00
is "2" "$rc" "--start-time before year 0 is a usage error"
run "$tmp/stamp.asl.json" --start-time 9999-12-31T23:59:59.999Z
is '0 {"status":"SUCCEEDED","output":{"started":"9999-12-31T23:59:59.999Z"}}' "$rc $(cat "$tmp/out")" \
    "--start-time may be the last instant of year 9999"

# a task's timeouts move the virtual clock (nothing answers a task token headless): three
# years each, retried until the clock would pass year 9999
cat >"$tmp/timeouts.asl.json" <<'ASL'
{"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
 "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "TimeoutSeconds": 99999999,
 "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/111111111111/q", "MessageBody": {"token.$": "$$.Task.Token"}},
 "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 5, "IntervalSeconds": 1}], "End": true}}}
ASL
run "$tmp/timeouts.asl.json" --start-time 9990-01-01T00:00:00Z --history "$tmp/h.json"
is '1 {"status":"FAILED","error":"States.Runtime","cause":"The virtual clock cannot move past 9999-12-31T23:59:59.999Z, the last instant a Step Functions timestamp can hold."}' \
    "$rc $(cat "$tmp/out")" "the virtual clock stops the execution before year 10000"
last=$(grep -o '"timestamp": [0-9.]*' "$tmp/h.json" | tail -1 | grep -o '[0-9][0-9.]*')
ok $(awk -v t="$last" 'BEGIN {exit !(t > 0 && t <= 253402300799.999)}' && echo 0 || echo 1) \
    "no history event is stamped after year 9999 (last: $last)"

done_testing
