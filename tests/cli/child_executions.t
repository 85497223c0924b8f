#!/usr/bin/env bash
# states:startExecution with --workflows DIR: the child's result as AWS shapes it (plain,
# .sync, .sync:2), failures, the child's own tasks (a handler in flight), bad parameters,
# missing and broken child workflows, the nesting bound, determinism under --seed.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

fx=fixtures/nested-workflows
t0=2024-01-02T03:04:05Z
mkdir -p "$tmp/wf"
cat >"$tmp/wf/target.asl.json" <<'EOF'
{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": true}}}
EOF
cat >"$tmp/wf/fails.json" <<'EOF'
{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "SomeFailure",
  "Cause": "This state machines raises a 'SomeFailure' failure."}}}
EOF
cat >"$tmp/wf/echo.asl.json" <<'EOF'
{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}
EOF
cat >"$tmp/wf/self.asl.json" <<'EOF'
{"StartAt": "Again", "States": {"Again": {"Type": "Task",
  "Resource": "arn:aws:states:::states:startExecution.sync:2",
  "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:self"},
  "End": true}}}
EOF
cat >"$tmp/wf/slow.asl.json" <<'EOF'
{"StartAt": "Call", "States": {"Call": {"Type": "Task", "TimeoutSeconds": 10,
  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:h", "End": true}}}
EOF
cat >"$tmp/wf/broken.asl.json" <<'EOF'
{"StartAt": "Nowhere", "States": {"P": {"Type": "Pass", "End": true}}}
EOF
printf '{"h": ["sh", "-c", "sleep 0.2; echo \\"{\\\\\\"fromHandler\\\\\\": 1}\\""]}\n' >"$tmp/handlers.json"

# start PATTERN PARAMETERS: a one-state parent that starts a child with PARAMETERS
start() {
    printf '{"StartAt": "S", "States": {"S": {"Type": "Task",
      "Resource": "arn:aws:states:::states:startExecution%s", "Parameters": %s, "End": true}}}\n' \
        "$1" "$2" >"$tmp/parent.asl.json"
}
arn=arn:aws:states:us-east-1:123456789012:stateMachine
ex=arn:aws:states:us-east-1:123456789012:execution

# ---- the fixture ----
expect_run "the fixture: the child's output (.sync:2) and its Execution context" 0 \
    '"payment":{"status":"SUCCEEDED","charge":{"charged":250,' "" -- \
    run $fx/order.asl.json --input file://$fx/input.json --workflows $fx/workflows --seed 1 --start-time $t0
first=$(cat "$tmp/out")
is 1 "$(grep -cF "\"execution\":\"$ex:charge-card:charge-o-17\"" "$tmp/out")" "the child is named by Name"
is 1 "$(grep -cF '"startedBy":"arn:aws:states:us-east-1:123456789012:execution:order:' "$tmp/out")" \
    "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID carries the parent's execution id"
is 1 "$(grep -cF "\"receipt\":{\"executionArn\":\"$ex:send-receipt:" "$tmp/out")" \
    "plain: the started execution's ARN"
is 1 "$(grep -cF '"input":"{\"charge\":{\"charged\":250' "$tmp/out")" ".sync: Input is JSON text"
is 1 "$(grep -cF '"started":1704164675000' "$tmp/out")" \
    "the parent's clock moved by the .sync child's 30 s: the next child starts after it"
$VALGRIND_CMD "$sfdbg" run $fx/order.asl.json --input file://$fx/input.json --workflows $fx/workflows \
    --seed 1 --start-time $t0 --history "$tmp/h.json" >"$tmp/out2" 2>/dev/null </dev/null
is 2 "$(grep -A3 taskSubmittedEventDetails "$tmp/h.json" | grep -c '"output": "{\\"ExecutionArn\\":\\"arn:aws:states:us-east-1:123456789012:execution:[a-z-]*:[a-z0-9-]*\\",\\"StartDate\\":')" \
    "the .sync tasks' TaskSubmitted output is StartExecution's answer"
is "$first" "$(cat "$tmp/out2")" "the same seed, the same child executions"
expect_run "a declined charge: States.TaskFailed with the child's description as the cause" 0 \
    '"Cause":"the amount is over the card'"'"'s limit","Error":"CardDeclined","ExecutionArn":"'"$ex"':charge-card:charge-o-9"' "" -- \
    run $fx/order.asl.json --input '{"orderId": "o-9", "amount": 5000}' --workflows $fx/workflows \
    --seed 1 --start-time $t0
is 1 "$(grep -cF '"StartDate":1704164645000,"StateMachineArn":"'"$arn"':charge-card","Status":"FAILED","StopDate":1704164675000' "$tmp/out")" \
    "the child's Wait ran on the virtual clock from the parent's time"

# ---- the shapes, as the corpus records them ----
start .sync '{"StateMachineArn": "'$arn':target", "Input": null, "Name": "TestStartTarget"}'
expect_run ".sync: DescribeExecution with Input and Output as JSON text" 0 \
    '{"status":"SUCCEEDED","output":{"ExecutionArn":"'$ex':target:TestStartTarget","Input":"{}","InputDetails":{"Included":true},"Name":"TestStartTarget","Output":"{\"Arg1\":\"argument1\"}","OutputDetails":{"Included":true},"StartDate":1704164645000,"StateMachineArn":"'$arn':target","Status":"SUCCEEDED","StopDate":1704164645000}}' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf" --start-time $t0
start .sync:2 '{"StateMachineArn": "'$arn':target", "Name": "TestStartTarget"}'
expect_run ".sync:2: Input and Output as JSON" 0 \
    '"Input":{},"InputDetails":{"Included":true},"Name":"TestStartTarget","Output":{"Arg1":"argument1"},"OutputDetails":{"Included":true}' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf" --start-time $t0
start "" '{"StateMachineArn": "'$arn':target", "Name": "TestStartTarget", "Input": {"Hello": "World"}}'
len=$(printf '{"executionArn":"%s","startDate":1.704164645E9}' "$ex:target:TestStartTarget" | wc -c)
expect_run "plain: ExecutionArn, StartDate and the SDK's metadata" 0 \
    '"output":{"ExecutionArn":"'$ex':target:TestStartTarget","StartDate":1704164645000,"SdkHttpMetadata":{"AllHttpHeaders":{' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf" --start-time $t0
is 1 "$(grep -cF "\"Content-Length\":\"$len\"" "$tmp/out")" "plain: Content-Length is the API body's ($len)"
start .sync '{"StateMachineArn": "'$arn':fails", "Name": "TestStartTarget"}'
expect_run ".sync: a failed child is States.TaskFailed" 1 \
    '"error":"States.TaskFailed","cause":"{\"Cause\":\"This state machines raises a '"'"'SomeFailure'"'"' failure.\",\"Error\":\"SomeFailure\",\"ExecutionArn\":\"'$ex':fails:TestStartTarget\",\"Input\":\"{}\",\"InputDetails\":{\"Included\":true},\"Name\":\"TestStartTarget\",\"StartDate\":1704164645000,' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf" --start-time $t0
start "" '{"StateMachineArn": "'$arn':fails"}'
expect_run "plain: a failing child does not fail the parent" 0 '"status":"SUCCEEDED"' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf" --start-time $t0
start .sync:2 '{"StateMachineArn": "'$arn':echo", "Input": "{\"as\": \"text\"}"}'
expect_run "Input as JSON text is parsed" 0 '"Output":{"as":"text"}' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf"

printf '%s\n' '{"StartAt": "S", "States": {"S": {"Type": "Task", "TimeoutSeconds": 10,
  "Resource": "arn:aws:states:::states:startExecution.sync:2",
  "Parameters": {"StateMachineArn": "'$arn':charge-card", "Input": {"amount": 1}},
  "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "T"}], "End": true},
  "T": {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime", "e.$": "$.Error"}, "End": true}}}' \
    >"$tmp/timeout.asl.json"
expect_run ".sync: a child that outlasts the task's TimeoutSeconds times it out at 10 s" 0 \
    '"output":{"at":"2024-01-02T03:04:15.000Z","e":"States.Timeout"}' "" -- \
    run "$tmp/timeout.asl.json" --workflows $fx/workflows --start-time $t0

# ---- the child's own tasks ----
start .sync:2 '{"StateMachineArn": "'$arn':slow"}'
expect_run "a child's handler goes in flight and its answer comes back through the parent" 0 \
    '"Output":{"fromHandler":1}' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf" --handlers "$tmp/handlers.json"
expect_run "a child's task nothing answers fails the child, and the message says how to answer it" 1 \
    'Nothing answered Task state '"'"'Call'"'"'' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf"

# ---- bad input ----
start .sync '{"StateMachineArn": "'$arn':self"}'
expect_run "a workflow that starts itself stops at the nesting bound" 1 \
    'child executions nest deeper than 8' "" -- run "$tmp/parent.asl.json" --workflows "$tmp/wf"
start .sync '{"StateMachineArn": "'$arn':nosuch"}'
expect_run "a state machine not in --workflows: StateMachineDoesNotExist, naming the files" 1 \
    '"error":"StepFunctions.StateMachineDoesNotExistException","cause":"State Machine Does Not Exist: '"'$arn:nosuch'"' (sfdbg: no nosuch.asl.json or nosuch.json in --workflows)' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf"
mkfifo "$tmp/wf/fifo.asl.json"
start .sync '{"StateMachineArn": "'$arn':fifo"}'
expect_run "a FIFO in --workflows is no workflow (and is not read: no hang)" 1 \
    '"error":"StepFunctions.StateMachineDoesNotExistException"' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf"
start .sync '{"StateMachineArn": "'$arn':broken"}'
expect_run "a child workflow that is not valid: the file, the position and the problem" 1 \
    "the child workflow 'broken' cannot be started: $tmp/wf/broken.asl.json:1:" "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf"
start .sync '{"StateMachineArn": "arn:aws:lambda:us-east-1:1:function:f"}'
expect_run "a StateMachineArn that is no state machine's: InvalidArn" 1 \
    '"error":"StepFunctions.InvalidArnException"' "" -- run "$tmp/parent.asl.json" --workflows "$tmp/wf"
start .sync '{"StateMachineArn": "'$arn':target", "Name": "a b"}'
expect_run "an execution name AWS refuses: InvalidName" 1 \
    '"error":"StepFunctions.InvalidNameException","cause":"Invalid Name: '"'a b'"'' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf"
start .sync '{"StateMachineArn": "'$arn':target", "Input": "{not json"}'
expect_run "Input text that is not JSON: InvalidExecutionInput" 1 \
    '"error":"StepFunctions.InvalidExecutionInputException"' "" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/wf"
expect_run "--workflows that is no folder is a usage error" 2 "" \
    "--workflows: $tmp/parent.asl.json is not a folder" -- \
    run "$tmp/parent.asl.json" --workflows "$tmp/parent.asl.json"
expect_run "without --workflows the task says how to answer it" 1 \
    'the state machine'"'"'s workflow file in --workflows DIR or an AWS-compatible endpoint with --endpoint-url URL' "" -- \
    run "$tmp/parent.asl.json"
expect_run "serve refuses --workflows by name" 2 "" "--workflows (child executions are not served yet)" -- \
    serve --port 0 --workflows "$tmp/wf"

# ---- .waitForTaskToken: the child sends the parent's token ----
cat >"$tmp/wf/approver.asl.json" <<'EOF'
{"StartAt": "Think", "States": {
  "Think": {"Type": "Wait", "Seconds": 20, "Next": "Decide"},
  "Decide": {"Type": "Choice", "Choices": [{"Variable": "$.approve", "BooleanEquals": true, "Next": "Yes"}],
    "Default": "No"},
  "Yes": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
    "Parameters": {"TaskToken.$": "$.token", "Output.$": "States.JsonToString($.order)"}, "End": true},
  "No": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskFailure",
    "Parameters": {"TaskToken.$": "$.token", "Error": "Rejected", "Cause": "not approved"}, "End": true}}}
EOF
cat >"$tmp/wf/silent.asl.json" <<'EOF'
{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}
EOF
wftt='"StateMachineArn": "'$arn':approver", "Input": {"token.$": "$$.Task.Token", "approve.$": "$.approve", "order": {"id": 7}}'
printf '{"StartAt": "S", "States": {"S": {"Type": "Task", "TimeoutSeconds": 300,
  "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken", "Parameters": {%s},
  "Catch": [{"ErrorEquals": ["Rejected"], "ResultPath": "$.err", "Next": "Caught"}], "Next": "T"},
  "T": {"Type": "Pass", "Parameters": {"at.$": "$$.State.EnteredTime", "got.$": "$"}, "End": true},
  "Caught": {"Type": "Pass", "End": true}}}\n' "$wftt" >"$tmp/wftt.asl.json"
expect_run ".waitForTaskToken: the child's sendTaskSuccess is the parent's result" 0 \
    '"got":{"id":7}' "" -- run "$tmp/wftt.asl.json" --input '{"approve": true}' --workflows "$tmp/wf" --start-time $t0
is 1 "$(grep -cF '"at":"2024-01-02T03:04:25' "$tmp/out")" "the parent waited for the child's 20 s"
expect_run ".waitForTaskToken: --history" 0 "" "" -- run "$tmp/wftt.asl.json" --input '{"approve": true}' \
    --workflows "$tmp/wf" --start-time $t0 --history "$tmp/wftt.history.json"
is '"type":"TaskScheduled" "type":"TaskStarted" "type":"TaskSubmitted" "type":"TaskSucceeded" ' \
    "$(tr -d ' \n' <"$tmp/wftt.history.json" | grep -oE '"type":"Task(Scheduled|Started|Submitted|Succeeded|Failed)"' | tr '\n' ' ')" \
    "AWS's order: TaskScheduled, TaskStarted, TaskSubmitted, then TaskSucceeded when the child sends"
is 1 "$(tr -d ' \n' <"$tmp/wftt.history.json" | grep -o '"taskSubmittedEventDetails":{[^}]*' | grep -c 'ExecutionArn[\\":]*arn:aws:states:us-east-1:123456789012:execution:approver:')" \
    "TaskSubmitted's output is StartExecution's answer (the child's ExecutionArn)"
expect_run ".waitForTaskToken: the child's sendTaskFailure fails the parent's task, caught" 0 \
    '"err":{"Error":"Rejected","Cause":"not approved"}' "" -- \
    run "$tmp/wftt.asl.json" --input '{"approve": false}' --workflows "$tmp/wf" --start-time $t0
start ".waitForTaskToken" '{"StateMachineArn": "'$arn':silent", "Input": {"token.$": "$$.Task.Token"}}'
sed -i 's/"Type": "Task",/"Type": "Task", "TimeoutSeconds": 5,/' "$tmp/parent.asl.json"
expect_run ".waitForTaskToken: a child that never sends the token: the parent times out" 1 \
    '"error":"States.Timeout"' "" -- run "$tmp/parent.asl.json" --workflows "$tmp/wf"

# ---- a Name used twice ----
twice='"StateMachineArn": "'$arn':echo", "Name": "once", "Input": {"a": 1}'
printf '{"StartAt": "A", "States": {
  "A": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution", "Parameters": {%s},
    "ResultPath": "$.first", "Next": "B"},
  "B": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {%s},
    "Catch": [{"ErrorEquals": ["StepFunctions.ExecutionAlreadyExistsException"], "ResultPath": "$.err",
      "Next": "Done"}], "End": true},
  "Done": {"Type": "Pass", "End": true}}}\n' "$twice" "$twice" >"$tmp/twice.asl.json"
expect_run "a Name used again (the first execution closed): ExecutionAlreadyExists, caught" 0 \
    "Execution Already Exists: '$ex:echo:once' (Service: AWSStepFunctions; Status Code: 400; Error Code: ExecutionAlreadyExists;" \
    "" -- run "$tmp/twice.asl.json" --workflows "$tmp/wf"

done_testing
