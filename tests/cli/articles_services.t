#!/usr/bin/env bash
# Workflows of the kinds the integration-pattern articles teach (issue 13's acceptance),
# written for this test in their shapes (other names and values: held-out cases), run with
# `sfdbg run` and no mock: only --services-state where a table must exist. Each runs to its
# end with AWS-shaped results and the services' effects saved; where AWS itself refuses
# what an article shows (an HTTP task without a connection, an aws-sdk .sync, an intrinsic
# with an object literal, an empty QueueUrl), sfdbg refuses it the same way, clearly; where
# only something outside can answer (a Lambda, a task token), the run says how.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
if ! command -v python3 >/dev/null 2>&1; then
    echo "1..0 # SKIP python3 is not installed (reads the saved services state)"
    exit 0
fi

t0=2024-03-04T05:06:07Z
# go NAME EXIT -- RUN_ARGS: runs with a fixed seed and start, saving the services state
go() {
    local name=$1 rc=$2
    shift 3
    expect_run "$name" "$rc" "" "" -- run "$@" --seed 7 --start-time $t0 --save-services-state "$tmp/saved.json"
}
# has WHERE TEXT...: each TEXT is in $tmp/out (WHERE=out) or the saved state (WHERE=saved)
has() {
    local where=$1 text
    shift
    if [ "$where" = out ]; then text=$(cat "$tmp/out")
    else text=$(python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])), separators=(",", ":")))' "$tmp/saved.json"); fi
    for want in "$@"; do
        case $text in *"$want"*) ok 0 "  ... $where has $want" ;;
                      *) echo "# $where: ${text:0:600}"; ok 1 "  ... $where has $want" ;; esac
    done
}

# --- DynamoDB: put with the entered time, update with #names, get reshaped by ResultSelector
cat >"$tmp/state.json" <<'JSON'
{"dynamodb": {"Shipments": {"KeySchema": [{"AttributeName": "ShipmentId", "KeyType": "HASH"}], "Items": []},
              "Customers": {"KeySchema": [{"AttributeName": "customerId", "KeyType": "HASH"}],
                            "Items": [{"customerId": {"S": "c-42"}, "name": {"S": "Grace"}, "plan": {"S": "pro"}}]}}}
JSON
cat >"$tmp/ddb.asl.json" <<'JSON'
{"StartAt": "Record", "States": {
  "Record": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
    "Parameters": {"TableName": "Shipments", "Item": {
      "ShipmentId": {"S.$": "$.shipmentId"}, "Weight": {"N.$": "$.weight"},
      "State": {"S": "CREATED"}, "CreatedAt": {"S.$": "$$.State.EnteredTime"}}},
    "ResultPath": null, "Next": "Dispatch"},
  "Dispatch": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
    "Parameters": {"TableName": "Shipments", "Key": {"ShipmentId": {"S.$": "$.shipmentId"}},
      "UpdateExpression": "SET #state = :state, DispatchedAt = :at",
      "ExpressionAttributeNames": {"#state": "State"},
      "ExpressionAttributeValues": {":state": {"S": "DISPATCHED"}, ":at": {"S.$": "$$.State.EnteredTime"}}},
    "ResultPath": "$.update", "Next": "Customer"},
  "Customer": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
    "Parameters": {"TableName": "Customers", "Key": {"customerId": {"S.$": "$.customerId"}}},
    "ResultSelector": {"name.$": "$.Item.name.S", "plan.$": "$.Item.plan.S"},
    "ResultPath": "$.customer", "End": true}}}
JSON
go "DynamoDB put, update and get as the articles chain them" 0 -- "$tmp/ddb.asl.json" \
    --input '{"shipmentId": "s-9", "weight": "12.50", "customerId": "c-42"}' --services-state "$tmp/state.json"
has out '"status":"SUCCEEDED"' '"customer":{"name":"Grace","plan":"pro"}' \
    '"update":{"SdkHttpMetadata":{"AllHttpHeaders":{"Connection":["keep-alive"],"Content-Length":["2"],"Content-Type":["application/x-amz-json-1.0"],"Date":["Mon, 04 Mar 2024 05:06:07 GMT"]' \
    '"HttpStatusCode":200},"SdkResponseMetadata":{"RequestId":'
has saved '"ShipmentId":{"S":"s-9"},"Weight":{"N":"12.5"},"State":{"S":"DISPATCHED"},"CreatedAt":{"S":"2024-03-04T05:06:07.000Z"},"DispatchedAt":{"S":"2024-03-04T05:06:07.000Z"}'
go "a getItem of a key not there: no Item, so ResultSelector's path fails as on AWS" 1 -- "$tmp/ddb.asl.json" \
    --input '{"shipmentId": "s-9", "weight": "1", "customerId": "c-nobody"}' --services-state "$tmp/state.json"
has out '"error":"States.Runtime"' "The JSONPath '\$.Item.name.S' specified for the field 'name.\$' could not be found"
go "a number given as a JSON number for N: DynamoDB's validation error" 1 -- "$tmp/ddb.asl.json" \
    --input '{"shipmentId": "s-9", "weight": 12.5, "customerId": "c-42"}' --services-state "$tmp/state.json"
has out '"error":"DynamoDB.AmazonDynamoDBException","cause":"Supplied AttributeValue has an invalid N'
go "a table the state file does not declare" 1 -- "$tmp/ddb.asl.json" \
    --input '{"shipmentId": "s-9", "weight": "1", "customerId": "c-42"}'
has out '"error":"DynamoDB.ResourceNotFoundException","cause":"Requested resource not found'

# --- messaging with placeholder region/account parts, objects as bodies, attributes
cat >"$tmp/msg.asl.json" <<'JSON'
{"StartAt": "Alert", "States": {
  "Alert": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
    "Parameters": {"TopicArn": "arn:aws:sns:region:account-id:shipment-alerts", "Subject": "Shipment dispatched",
      "Message.$": "$.details",
      "MessageAttributes": {"Carrier": {"DataType": "String", "StringValue.$": "$.carrier"}}},
    "ResultPath": "$.published", "Next": "Enqueue"},
  "Enqueue": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
    "Parameters": {"QueueUrl": "https://sqs.region.amazonaws.com/account-id/label-printing",
      "MessageBody": {"shipment.$": "$.details.id", "carrier.$": "$.carrier"},
      "MessageAttributes": {"Priority": {"DataType": "String", "StringValue": "LOW"}}},
    "ResultPath": "$.queued", "Next": "Announce"},
  "Announce": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
    "Parameters": {"Entries": [
      {"Source": "logistics.shipments", "DetailType": "ShipmentDispatched",
       "Detail": {"id.$": "$.details.id", "carrier.$": "$.carrier"}, "EventBusName": "logistics"},
      {"Source": "logistics.shipments", "DetailType": "Audit", "Detail.$": "$.details"}]},
    "ResultPath": "$.announced", "End": true}}}
JSON
go "SNS, SQS and EventBridge as the articles call them" 0 -- "$tmp/msg.asl.json" \
    --input '{"details": {"id": "s-9", "boxes": 2}, "carrier": "DHL"}'
has out '"status":"SUCCEEDED"' '"announced":{"Entries":[{"EventId":"' '"FailedEntryCount":0}' \
    '"published":{"MessageId":"' '"Content-Type":["text/xml"]' \
    '"queued":{"MD5OfMessageAttributes":"' '"MD5OfMessageBody":"'
has saved '"shipment-alerts":[{"MessageId":"' '"Message":"{\"id\":\"s-9\",\"boxes\":2}","Subject":"Shipment dispatched","MessageAttributes":{"Carrier":{"DataType":"String","StringValue":"DHL"}}' \
    '"label-printing":[{"MessageId":"' '"Body":"{\"shipment\":\"s-9\",\"carrier\":\"DHL\"}","MessageAttributes":{"Priority":{"DataType":"String","StringValue":"LOW"}}' \
    '"logistics":[{"EventId":"' '"DetailType":"ShipmentDispatched","Detail":"{\"id\":\"s-9\",\"carrier\":\"DHL\"}"' \
    '"default":[{"EventId":"' '"DetailType":"Audit","Detail":"{\"id\":\"s-9\",\"boxes\":2}","Time":"2024-03-04T05:06:07.000Z"'
grep -q "queue 'label-printing' created on first use" "$tmp/err"; ok $? "  ... the log says the queue was created on first use"

# --- the Run a Job pattern: ECS on Fargate with overrides, Batch, Glue
cat >"$tmp/jobs.asl.json" <<'JSON'
{"StartAt": "Transcode", "States": {
  "Transcode": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
    "Parameters": {"LaunchType": "FARGATE", "Cluster": "media-cluster", "TaskDefinition": "transcoder:3",
      "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"], "SecurityGroups": ["sg-1"], "AssignPublicIp": "DISABLED"}},
      "Overrides": {"ContainerOverrides": [{"Name": "ffmpeg", "Environment": [{"Name": "SOURCE", "Value.$": "$.source"}]}]}},
    "TimeoutSeconds": 1800, "ResultSelector": {"exit.$": "$.Containers[0].ExitCode", "status.$": "$.LastStatus", "env.$": "$.Overrides.ContainerOverrides[0].Environment"},
    "ResultPath": "$.ecs", "Next": "Thumbnails"},
  "Thumbnails": {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync",
    "Parameters": {"JobName": "thumbs", "JobDefinition": "arn:aws:batch:eu-west-1:111122223333:job-definition/thumbs",
                   "JobQueue": "arn:aws:batch:eu-west-1:111122223333:job-queue/media"},
    "ResultSelector": {"status.$": "$.Status", "exit.$": "$.Container.ExitCode"}, "ResultPath": "$.batch", "Next": "Catalog"},
  "Catalog": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
    "Parameters": {"JobName": "catalog-media", "Arguments": {"--source.$": "$.source"}},
    "ResultSelector": {"state.$": "$.JobRunState"}, "ResultPath": "$.glue", "End": true}}}
JSON
go "ECS, Batch and Glue .sync jobs finish as their descriptions say" 0 -- "$tmp/jobs.asl.json" --input '{"source": "s3://in/a.mov"}'
has out '"ecs":{"exit":0,"status":"STOPPED","env":[{"Name":"SOURCE","Value":"s3://in/a.mov"}]}' \
    '"batch":{"status":"SUCCEEDED","exit":0}' '"glue":{"state":"SUCCEEDED"}'
printf '{"jobs": {"ecs": {"transcoder": {"Outcome": "FAILED", "ExitCode": 137}}}}' >"$tmp/jobs.json"
go "a job the state file fails: the task fails as ECS's .sync does" 1 -- "$tmp/jobs.asl.json" \
    --input '{"source": "s3://in/a.mov"}' --services-state "$tmp/jobs.json"
has out '"error":"States.TaskFailed"' '\"ExitCode\":137'
sed 's|arn:aws:states:::glue:startJobRun.sync|arn:aws:states:::aws-sdk:glue:startJobRun.sync|' "$tmp/jobs.asl.json" >"$tmp/sdk-sync.asl.json"
expect_run "an aws-sdk integration with .sync is refused, as AWS has no such pattern for them" 2 "" \
    "SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::aws-sdk:glue:startJobRun.sync is not recognized" -- \
    run "$tmp/sdk-sync.asl.json"

# --- callbacks: the message keeps its token; headless, the wait times out on the virtual clock
cat >"$tmp/wait.asl.json" <<'JSON'
{"StartAt": "AskWarehouse", "States": {
  "AskWarehouse": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/pick-requests",
                   "MessageBody": {"order.$": "$.order", "callback.$": "$$.Task.Token"}},
    "HeartbeatSeconds": 300, "TimeoutSeconds": 3600, "ResultPath": "$.picked",
    "Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "ResultPath": "$.late", "Next": "Late"}], "End": true},
  "Late": {"Type": "Pass", "End": true}}}
JSON
go "an SQS callback: the message with its token is stored; the missed heartbeat is caught by States.HeartbeatTimeout" 0 -- \
    "$tmp/wait.asl.json" --input '{"order": "o-5"}' --history "$tmp/h.json"
has out '"late":{"Error":"States.Timeout","Cause":""}'
grep -q '"error": *"States.Timeout"' "$tmp/h.json" && ! grep -q 'HeartbeatTimeout' "$tmp/h.json"
ok $? "  ... the TaskTimedOut event says States.Timeout, as AWS records a missed heartbeat"
grep -A1 '"timestamp": *1709529067,' "$tmp/h.json" | grep -q '"TaskTimedOut"'; ok $? "  ... 300 s later on the virtual clock"
token=$(sed -n 's/.*"TaskToken": *"\([^"]*\)".*/\1/p' "$tmp/saved.json")
[ -n "$token" ] && grep -qF "\\\"callback\\\":\\\"$token\\\"" "$tmp/saved.json"
ok $? "  ... the stored body carries the same token as the message's TaskToken"
grep -q "nothing in a headless run can send it" "$tmp/err"; ok $? "  ... and the run says why it timed out"
sed 's|"ErrorEquals": \["States.HeartbeatTimeout"\]|"ErrorEquals": ["States.TaskFailed"]|' "$tmp/wait.asl.json" >"$tmp/taskfailed.asl.json"
go "a States.TaskFailed catcher does not take a missed heartbeat (it is a timeout)" 1 -- "$tmp/taskfailed.asl.json" --input '{"order": "o-5"}'
has out '"status":"FAILED","error":"States.Timeout"'
sed 's|"Catch": \[{"ErrorEquals": \["States.HeartbeatTimeout"\]|"Retry": [{"ErrorEquals": ["States.HeartbeatTimeout"], "MaxAttempts": 1, "IntervalSeconds": 5}], &|' \
    "$tmp/wait.asl.json" >"$tmp/retry.asl.json"
go "a States.HeartbeatTimeout retrier retries a missed heartbeat" 0 -- "$tmp/retry.asl.json" --input '{"order": "o-5"}' --history "$tmp/h.json"
is 2 "$(grep -c '"TaskTimedOut"' "$tmp/h.json")" "  ... two attempts, both timed out"
sed 's|"HeartbeatSeconds": 300, ||' "$tmp/wait.asl.json" >"$tmp/no-heartbeat.asl.json"
go "without HeartbeatSeconds the TimeoutSeconds deadline is no heartbeat's: not caught" 1 -- "$tmp/no-heartbeat.asl.json" --input '{"order": "o-5"}'
has out '"status":"FAILED","error":"States.Timeout"'
sed 's|"QueueUrl": "[^"]*"|"QueueUrl": ""|' "$tmp/wait.asl.json" >"$tmp/empty-url.asl.json"
sed -i 's|"ErrorEquals": \["States.HeartbeatTimeout"\]|"ErrorEquals": ["States.ALL"]|' "$tmp/empty-url.asl.json"
go "a QueueUrl left empty (as an article leaves it): the SDK's client error, naming it" 0 -- "$tmp/empty-url.asl.json" --input '{"order": "o-5"}'
has out '"Error":"SQS.SdkClientException","Cause":"Unable to execute HTTP request: QueueUrl '"''"' is not a queue URL'

# --- JSONata onboarding: variables, Arguments, $now(), a Condition; the referral Lambda
cat >"$tmp/signup.asl.json" <<'JSON'
{"QueryLanguage": "JSONata", "StartAt": "Keep", "States": {
  "Keep": {"Type": "Pass", "Assign": {"member": "{% $states.input.member %}"}, "Next": "Store"},
  "Store": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
    "Arguments": {"TableName": "Members", "Item": {"PK": {"S": "{% $member.id %}"}, "SK": {"S": "PROFILE"},
      "email": {"S": "{% $member.email %}"},
      "prefs": {"M": {"promo": {"S": "{% $member.promo %}"}, "lang": {"S": "{% $member.lang %}"}}}}},
    "Next": "Announce"},
  "Announce": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
    "Arguments": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/member-events",
      "MessageBody": {"type": "MemberJoined", "id": "{% $member.id %}", "at": "{% $now() %}"}},
    "Next": "HasPromo"},
  "HasPromo": {"Type": "Choice", "Choices": [{"Condition": "{% $exists($member.promo) and $length($member.promo) > 0 %}", "Next": "ApplyPromo"}],
    "Default": "Nothing"},
  "Nothing": {"Type": "Pass", "End": true},
  "ApplyPromo": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Arguments": {"FunctionName": "apply-promo", "Payload": {"id": "{% $member.id %}"}}, "End": true}}}
JSON
printf '{"dynamodb": {"Members": {"KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}]}}}' >"$tmp/members.json"
go "the JSONata onboarding without a promo code runs to its end" 0 -- "$tmp/signup.asl.json" \
    --input '{"member": {"id": "m-1", "email": "m@example.com", "promo": "", "lang": "de"}}' --services-state "$tmp/members.json"
has out '"status":"SUCCEEDED","output":{"MD5OfMessageBody":"'
has saved '"PK":{"S":"m-1"},"SK":{"S":"PROFILE"},"email":{"S":"m@example.com"},"prefs":{"M":{"promo":{"S":""},"lang":{"S":"de"}}}' \
    '"Body":"{\"type\":\"MemberJoined\",\"id\":\"m-1\",\"at\":\"2024-03-04T05:06:07.000Z\"}"'
go "with a promo code the Lambda has no answer: the run says how to give one" 1 -- "$tmp/signup.asl.json" \
    --input '{"member": {"id": "m-2", "email": "n@example.com", "promo": "SPRING", "lang": "fr"}}' --services-state "$tmp/members.json"
has out '"error":"States.Runtime","cause":"Nothing answered Task state '"'"'ApplyPromo'"'"' (Resource arn:aws:states:::lambda:invoke): give it an answer with --mock-config FILE --test-case NAME, a local program with --handlers FILE, a Lambda emulator with --lambda-endpoint URL'

# --- an integration sfdbg does not answer: the error names it and the ways to answer it
cat >"$tmp/ocr.asl.json" <<'JSON'
{"StartAt": "Read", "States": {"Read": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:textract:detectDocumentText",
  "Parameters": {"Document": {"S3Object": {"Bucket": "scans", "Name": "a.png"}}}, "End": true}}}
JSON
go "an aws-sdk integration no local service answers" 1 -- "$tmp/ocr.asl.json"
has out '"error":"States.Runtime","cause":"Nothing answered Task state '"'"'Read'"'"' (Resource arn:aws:states:::aws-sdk:textract:detectDocumentText): give it an answer with --mock-config FILE --test-case NAME, a local program with --handlers FILE or an AWS-compatible endpoint with --endpoint-url URL"'

# --- what AWS refuses, refused the same way
cat >"$tmp/hook.asl.json" <<'JSON'
{"StartAt": "Hook", "States": {"Hook": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
  "Parameters": {"ApiEndpoint": "https://hooks.example.com/shipped", "Method": "POST", "RequestBody.$": "$"}, "End": true}}}
JSON
expect_run "an HTTP task without a connection, as an article shows it: refused as CreateStateMachine refuses it" 2 "" \
    "SCHEMA_VALIDATION_FAILED: The field 'Authentication' is required but was missing at /States/Hook/Parameters" -- run "$tmp/hook.asl.json"
cat >"$tmp/literal.asl.json" <<'JSON'
{"StartAt": "Q", "States": {"Q": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
  "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                 "MessageBody.$": "States.JsonToString({id: $.id})"}, "End": true}}}
JSON
expect_run "States.JsonToString of an object literal (no such syntax): refused" 2 "" \
    "SCHEMA_VALIDATION_FAILED: The value for the field 'MessageBody.\$' must be a valid JSONPath or a valid intrinsic function call at /States/Q/Parameters" -- \
    run "$tmp/literal.asl.json"
done_testing
