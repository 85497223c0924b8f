#!/usr/bin/env bash
# `sfdbg run`: the result object, exit codes, and clear errors on bad input.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

ex=fixtures/order-routing
expect_run "the bundled example succeeds" 0 \
    '{"status":"SUCCEEDED","output":{"orderId":"o-1001","status":"ACCEPTED","decidedAt":"2024-05-01T10:00:00.000Z"}}' "" -- \
    run $ex/order-routing.asl.json --input file://$ex/input.json --start-time 2024-05-01T09:00:00Z
expect_run "a Fail state exits 1 with its error and cause" 1 \
    '{"status":"FAILED","error":"Order.Invalid","cause":"The order total must be a positive number"}' "" -- \
    run $ex/order-routing.asl.json --input file://$ex/input-invalid.json
expect_run "no input means {}" 1 '"error":"States.Runtime"' "" -- run $ex/order-routing.asl.json
expect_run "inline input" 0 '"status":"SUCCEEDED"' "" -- \
    run $ex/order-routing.asl.json --input '{"orderId":"x","customer":{"email":"a@b.c"},"total":5}'

# stdout holds exactly one JSON object on one line
"$sfdbg" run $ex/order-routing.asl.json --input file://$ex/input.json >"$tmp/one" 2>/dev/null
ok $([ "$(wc -l <"$tmp/one")" = 1 ] && head -c1 "$tmp/one" | grep -q '{' && echo 0 || echo 1) "one JSON object on one line"

# history export
"$sfdbg" run $ex/order-routing.asl.json --input file://$ex/input.json --start-time 2024-05-01T09:00:00Z \
    --history "$tmp/h.json" >/dev/null 2>&1
ok $(grep -q '"type": "WaitStateExited"' "$tmp/h.json" && grep -q '"previousEventId": 0' "$tmp/h.json" && echo 0 || echo 1) \
    "--history writes GetExecutionHistory events"

# determinism: the same seed and start time give the same history
for i in 1 2; do
    "$sfdbg" run $ex/order-routing.asl.json --input file://$ex/input.json --start-time 2024-05-01T09:00:00Z \
        --seed 7 --history "$tmp/h$i.json" >/dev/null 2>&1
done
ok $(cmp -s "$tmp/h1.json" "$tmp/h2.json" && echo 0 || echo 1) "--seed and --start-time reproduce the history"

# usage and input errors: exit 2 with a message that names the problem
expect_run "unknown option" 2 "" "unknown option --bogus" -- run $ex/order-routing.asl.json --bogus
expect_run "missing workflow file" 2 "" "no-such.json" -- run no-such.json
expect_run "no workflow" 2 "" "no workflow file given" -- run
# the option parser (getopt_long through src/cliopt)
expect_run "an abbreviated option is unknown" 2 "" "unknown option --inp" -- \
    run $ex/order-routing.asl.json --inp '{}'
expect_run "options before the workflow, --opt=value" 0 '"status":"SUCCEEDED"' "" -- \
    run --input=file://$ex/input.json --seed=3 $ex/order-routing.asl.json
expect_run "a flag takes no value" 2 "" "unknown option --real-time" -- \
    run $ex/order-routing.asl.json --real-time=yes
expect_run "a value may look like an option (the input -1)" 1 '"status":"FAILED"' "" -- \
    run $ex/order-routing.asl.json --input -1
cp $ex/order-routing.asl.json "$tmp/-dash.asl.json"
expect_run "after --, the workflow may start with a dash" 0 '"status":"SUCCEEDED"' "" -- \
    run --input file://$ex/input.json -- "$tmp/-dash.asl.json"
expect_run "after --, options are operands" 2 "" "more than one workflow given ('--seed')" -- \
    run $ex/order-routing.asl.json -- --seed
expect_run "a value is missing" 2 "" "--test-case needs a value" -- run $ex/order-routing.asl.json --test-case
expect_run "missing input file" 2 "" "--input: no-such-input.json: No such file or directory" -- \
    run $ex/order-routing.asl.json --input file://no-such-input.json
ok $(grep -q "payload limit" "$tmp/err" && echo 1 || echo 0) \
    "a missing input file is not blamed on the payload limit"
head -c 300 /dev/zero | tr '\0' ' ' >"$tmp/big-input.json"
expect_run "input over the payload limit names the limit" 2 "" \
    "larger than the limit of 100 bytes (the payload limit: AWS refuses" -- \
    run $ex/order-routing.asl.json --input file://$tmp/big-input.json --max-payload 100
expect_run "malformed input JSON with line:column" 2 "" "--input: 1:9: invalid JSON" -- \
    run $ex/order-routing.asl.json --input '{"a": 1,,}'
expect_run "bad --start-time" 2 "" "--start-time" -- run $ex/order-routing.asl.json --start-time yesterday
expect_run "bad --seed" 2 "" "--seed" -- run $ex/order-routing.asl.json --seed -3
expect_run "bad execution name" 2 "" "not a valid execution name" -- \
    run $ex/order-routing.asl.json --execution-name 'a b'
expect_run "--break on an unknown state" 2 "" "no state named 'Nope'" -- \
    run $ex/order-routing.asl.json --break Nope
expect_run "options of later issues are refused, not ignored" 2 "" "--lambda-endpoint is not supported" -- \
    run $ex/order-routing.asl.json --lambda-endpoint http://127.0.0.1:9/

# tasks answered by a mock config and by local handlers
of=fixtures/order-flow
expect_run "Lambda throttled twice then OK, SNS error caught into \$.notify" 0 \
    '{"status":"SUCCEEDED","output":{"orderId":"o-1","payment":{"valid":true,"reason":"ok"},"notify":{"Error":"SNS.InvalidParameterException","Cause":"Invalid parameter: TopicArn"}}}' "" -- \
    run $of/order-flow.asl.json --input file://$of/input.json --mock-config $of/mocks.json --test-case ThrottledThenNotifyFails
SFN_MOCK_CONFIG=$of/mocks.json expect_run "SFN_MOCK_CONFIG names the mock config" 0 '"messageId":"m-0001"' "" -- \
    run $of/order-flow.asl.json --input file://$of/input.json --test-case HappyPath
expect_run "--mock-config needs --test-case" 2 "" "needs --test-case NAME" -- \
    run $of/order-flow.asl.json --mock-config $of/mocks.json
expect_run "an unknown test case lists the ones there are" 2 "" "has no test case 'Nope' (it has: HappyPath" -- \
    run $of/order-flow.asl.json --mock-config $of/mocks.json --test-case Nope
expect_run "the mock config's state machine is the workflow's name" 2 "" "no state machine 'other'" -- \
    run $of/order-flow.asl.json --mock-config $of/mocks.json --test-case HappyPath --state-machine-name other
printf '{"StateMachines":{"order-flow":{"TestCases":{"T":{"SaveOrder":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1},"2":{"Return":2}}}}' >"$tmp/gap.json"
expect_run "a gap in a mocked response's numbering names the entry" 2 "" "MockedResponses.R: invocation 1 is missing" -- \
    run $of/order-flow.asl.json --mock-config "$tmp/gap.json" --test-case T
printf '{"StateMachines":{"order-flow":{"TestCases":{"T":{"Nope":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1}}}}' >"$tmp/nostate.json"
expect_run "a mocked state that is not in the workflow" 2 "" "mocks 'Nope', which is no state" -- \
    run $of/order-flow.asl.json --mock-config "$tmp/nostate.json" --test-case T
expect_run "an undeclared DynamoDB table is refused as AWS refuses it" 1 "DynamoDB.ResourceNotFoundException" "" -- \
    run $of/order-flow.asl.json --input file://$of/input.json
printf '{"dynamodb":{"Orders":{"KeySchema":[{"AttributeName":"orderId","KeyType":"HASH"}]}}}' >"$tmp/orders.json"
expect_run "nothing answers a task: the error says how to answer it" 1 "--mock-config FILE --test-case NAME" "" -- \
    run $of/order-flow.asl.json --input file://$of/input.json --services-state "$tmp/orders.json"
lh=fixtures/local-handlers
expect_run "one handler through lambda:invoke and a plain Lambda ARN" 0 \
    '"viaInvoke":{"payload":{"orderId":"o-8","valid":true},"status":200},"viaArn":{"orderId":"o-8","valid":true}' "" -- \
    run $lh/local-handlers.asl.json --handlers $lh/handlers.json --input '{"orderId":"o-8","amount":120}'
expect_run "a handler's stderr is passed on, named by state" 0 "" \
    "ViaArn (handler perl) wrote:" -- \
    run $lh/local-handlers.asl.json --handlers $lh/handlers.json --input '{"orderId":"o-8","amount":120}'
expect_run "a waiting task times out headless, with a note" 0 '"escalated":true' "waits for its task token" -- \
    run fixtures/approval/approval.asl.json --input '{"request":"desk","amount":3}' 

printf '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}\n' >"$tmp/bad.json"
expect_run "an invalid definition exits 2 with compiler-style diagnostics" 2 "" \
    "$tmp/bad.json:1:" -- run "$tmp/bad.json"
printf '{"StartAt": "A", "States": {\n  "A": {"Type": "Pass" "End": true}}}\n' >"$tmp/notjson.json"
expect_run "a definition that is not JSON" 2 "" "INVALID_JSON_DESCRIPTION" -- run "$tmp/notjson.json"

# big and deep input: clear errors, no crash
head -c 52428800 /dev/zero | tr '\0' 'a' | sed 's/^/{"s":"/; s/$/"}/' >"$tmp/big.json"
expect_run "a 50 MB input is refused with the payload limit" 2 "" "payload limit" -- \
    run $ex/order-routing.asl.json --input "file://$tmp/big.json"
{ head -c 10000 /dev/zero | tr '\0' '['; head -c 10000 /dev/zero | tr '\0' ']'; } >"$tmp/deep.json"
expect_run "input nested 10,000 deep is refused" 2 "" "nested deeper than 1000 levels" -- \
    run $ex/order-routing.asl.json --input "file://$tmp/deep.json" --max-payload 0

# a loop that never ends stops at AWS's event limit
cat >"$tmp/loop.json" <<'JSON'
{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
 "B": {"Type": "Choice", "Choices": [{"Variable": "$.done", "IsPresent": true, "Next": "C"}], "Default": "A"},
 "C": {"Type": "Succeed"}}}
JSON
expect_run "an endless loop fails at 25,000 events" 1 \
    "The execution reached the maximum number of history events (25000)." "" -- run "$tmp/loop.json"

# --max-events 0 still has a memory bound: the loop ends with an error naming the limit,
# quickly and in bounded memory (ulimit -v; sanitizer builds reserve too much to use it)
limit_vm() { if grep -q __asan_init "$sfdbg" 2>/dev/null; then :; else ulimit -v 400000; fi; }
( limit_vm; timeout 60 "$sfdbg" run "$tmp/loop.json" --max-events 0 --max-memory 8MiB \
    >"$tmp/mem.out" 2>"$tmp/mem.err" </dev/null; echo $? >"$tmp/mem.rc" )
ok $([ "$(cat "$tmp/mem.rc")" = 1 ] && grep -qF '"error":"States.Runtime"' "$tmp/mem.out" &&
     grep -qF 'memory limit of 8388608 bytes; raise it with --max-memory' "$tmp/mem.out" &&
     echo 0 || { echo "# exit $(cat "$tmp/mem.rc"): $(head -c 300 "$tmp/mem.out" "$tmp/mem.err")" >&2; echo 1; }) \
    "--max-events 0 --max-memory 8MiB: an endless loop fails at the memory limit"
expect_run "--max-memory takes KiB/MiB/GiB" 1 "memory limit of 65536 bytes" "" -- \
    run "$tmp/loop.json" --max-events 0 --max-memory 64KiB
expect_run "a bad --max-memory is a usage error" 2 "" "--max-memory: '12MB' is not a byte count" -- \
    run "$tmp/loop.json" --max-memory 12MB
expect_run "an oversized --max-memory is a usage error" 2 "" "--max-memory" -- \
    run "$tmp/loop.json" --max-memory 99999999999999GiB

# absurd Wait values
cat >"$tmp/wait.json" <<'JSON'
{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}}
JSON
expect_run "a Wait of 1e300 seconds" 1 "cannot be parsed as a long value" "" -- \
    run "$tmp/wait.json" --input '{"s": 1e300}'
expect_run "a Wait of 99999999 seconds takes no real time" 0 '"status":"SUCCEEDED"' "" -- \
    run "$tmp/wait.json" --input '{"s": 99999999}'

# NUL, UTF-8 and surrogates (the issue's examples): "\u0000" is kept, never a string's end;
# text that is not UTF-8 and lone surrogate escapes are refused with their position
cat >"$tmp/nul.json" <<'JSON'
{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Parameters": {"in.$": "$", "json.$": "States.JsonToString($.s)",
        "key.$": "$['k\u0000']", "fmt.$": "States.Format('<\u0000{}>', $.k)"}, "Next": "C"},
  "C": {"Type": "Choice", "Choices": [{"Variable": "$.in.s", "StringEquals": "x\u0000y", "Next": "Yes"}],
        "Default": "No"},
  "Yes": {"Type": "Succeed"}, "No": {"Type": "Fail", "Error": "Cut"}}}
JSON
expect_run "NUL bytes survive input, paths, intrinsics, Choice and output" 0 \
    '{"status":"SUCCEEDED","output":{"in":{"s":"x\u0000y","k\u0000":1,"k":2},"json":"\"x\\u0000y\"","key":1,"fmt":"<\u00002>"}}' "" -- \
    run "$tmp/nul.json" --input '{"s":"x\u0000y","k\u0000":1,"k":2}'
cat >"$tmp/nulchoice.json" <<'JSON'
{"StartAt": "C", "States": {
  "C": {"Type": "Choice", "Choices": [
    {"Variable": "$.s", "StringMatches": "x", "Next": "Cut"},
    {"Variable": "$.t", "IsTimestamp": true, "Next": "Cut"},
    {"Variable": "$.s", "StringMatches": "x\u0000*", "Next": "Whole"}], "Default": "Cut"},
  "Whole": {"Type": "Succeed"}, "Cut": {"Type": "Fail", "Error": "Cut"}}}
JSON
expect_run "StringMatches and IsTimestamp see the whole string" 0 '"status":"SUCCEEDED"' "" -- \
    run "$tmp/nulchoice.json" --input '{"s":"x\u0000y","t":"2024-01-01T00:00:00Z\u0000junk"}'
printf '{"StartAt":"P\\u0000x","States":{"P\\u0000x":{"Type":"Pass","End":true}}}' >"$tmp/nulname.json"
expect_run "a state named P\\u0000x is refused, not cut to P" 2 "" \
    'SCHEMA_VALIDATION_FAILED: State name must not contain the character U+0000 (NUL) at /States/P\u0000x' -- \
    run "$tmp/nulname.json"
printf '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}' >"$tmp/pass.json"
expect_run "invalid UTF-8 in the input is refused with its offset" 2 "" \
    "--input: 1:7: invalid JSON: Invalid UTF-8 start byte 0xff (byte 6)" -- \
    run "$tmp/pass.json" --input "$(printf '{"s":"\377"}')"
printf '{"StartAt":"A","States":{"A":{"Type":"Pass","Comment":"\xc3(","End":true}}}' >"$tmp/badutf8.json"
expect_run "invalid UTF-8 in a definition is refused with its offset" 2 "" \
    "badutf8.json:1:57: error: INVALID_JSON_DESCRIPTION: Invalid UTF-8 middle byte 0x28 (byte 56)" -- \
    run "$tmp/badutf8.json"
expect_run "a lone surrogate is named" 2 "" \
    '--input: 1:7: invalid JSON: Lone surrogate \ud800: a high surrogate escape must be followed by a low surrogate escape (\udc00-\udfff)' -- \
    run "$tmp/pass.json" --input '{"s":"\ud800x"}'
expect_run "a lone low surrogate is named" 2 "" \
    '--input: 1:7: invalid JSON: Lone surrogate \udc00: a low surrogate escape must follow a high surrogate (\ud800-\udbff)' -- \
    run "$tmp/pass.json" --input '{"s":"\udc00"}'

expect_run "run --help" 0 "usage: sfdbg run WORKFLOW" "" -- run --help
expect_run "sfdbg --help lists run, validate and eval" 0 "sfdbg validate" "" -- --help

done_testing
