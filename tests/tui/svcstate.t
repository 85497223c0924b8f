#!/usr/bin/env bash
# The Services tab and step back over the local services (DESIGN §3.1, §5): a DynamoDB
# put and an SQS send show in the tab; N steps back and the message is gone, again and the
# item is gone; a past visit shows the contents its step left; n replays the answers and
# the writes come back (once); R starts from the seeded contents; the state saved at quit
# is what the position the debugger quits at holds.
. "$(dirname "$0")/lib.sh"

cat >"$TMPD/svc.asl.json" <<'JSON'
{"StartAt": "Put", "States": {
  "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
          "Parameters": {"TableName": "users",
                         "Item": {"pk": {"S": "u-42"}, "name": {"S": "Grace"}}},
          "ResultPath": null, "Next": "Send"},
  "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
           "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/1/jobs",
                          "MessageBody": "hello-queue"},
           "ResultPath": null, "Next": "Done"},
  "Done": {"Type": "Pass", "End": true}}}
JSON
printf '%s' '{"dynamodb": {"users": {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
  "Items": []}}, "sqs": {"jobs": []}}' >"$TMPD/state.json"

EMPTY='(\[\]|\[ 0 items)'
services() { cmd 'tab Services'; }

start 120 40 "$TMPD/svc.asl.json" --services-state "$TMPD/state.json" \
    --save-services-state "$TMPD/saved.json" --seed 1
expect 'PAUSED' "opens"
cmd 'tab Services'
expect '\[Services\]' "the inspector has a Services tab (:tab Services)"
expect "Items: $EMPTY" "  the seeded table is empty"
keys n
expect 'Items: \[\{"pk":\{"S":"u-42"\},"name":\{"S":"Grace"\}\}\]' "after the put: the item is in the table"
expect "jobs: $EMPTY" "  and the queue is still empty"
keys n
expect 'jobs: \[ 1 item' "after the send: the queue holds the message"
keys Tab
expect '2 State' "focus on the inspector"
cmd 'goto Put'
expect 'State: Put' "selecting the Put visit"
expect "jobs: $EMPTY" "  time travel: the queue as the Put's step left it (empty)"
expect 'Grace' "  with the item"
keys N
expect_status 'PAUSED +at Send' "N steps back before the send"
services
expect "jobs: $EMPTY" "  the message is gone from the queue"
expect 'Grace' "  the item stays (the put came before)"
keys N
expect_status 'PAUSED +at Put' "N again: before the put"
services
expect "Items: $EMPTY" "  the item is gone from the table"
keys n
expect 'Grace' "n replays the put's answer: the item is back"
keys c
expect_status '^ SUCCEEDED ' "c runs to the end"
services
expect 'jobs: \[ 1 item' "the queue holds one message (the replay did not send twice)"
keys R
expect_status 'PAUSED' "R restarts"
services
expect "Items: $EMPTY" "  from the seeded contents: the table is empty"
keys n
expect 'Grace' "the put runs again"
keys N
expect_status 'PAUSED +at Put' "N: before the put"
cmd 'q!'
expect 'EXIT 0' "quits"
grep -q '"Items": \[\]' "$TMPD/saved.json" && grep -q '"jobs": \[\]' "$TMPD/saved.json"
ok $? "--save-services-state writes what the position quit at holds: nothing put, nothing sent"
tm kill-server

# --s3-dir: listed as the folder is now, and said so
mkdir -p "$TMPD/dir/notes"
printf 'x' >"$TMPD/dir/notes/a.txt"
cat >"$TMPD/s3.asl.json" <<'JSON'
{"StartAt": "Put", "States": {
  "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
          "Parameters": {"Bucket": "notes", "Key": "b.txt", "Body": "written"},
          "ResultPath": null, "End": true}}}
JSON
start 120 40 "$TMPD/s3.asl.json" --s3-dir "$TMPD/dir" --seed 1
expect 'PAUSED' "opens with --s3-dir"
cmd 'tab Services'
keys n
expect 'S3 \(--s3-dir\) +now: step back keeps its writes' "the folder is listed, saying step back keeps its writes"
expect 'b\.txt: \{"Size":9' "  with the object put"
keys N
expect_status 'PAUSED +at Put' "N"
[ -e "$TMPD/dir/notes/b.txt" ]
ok $? "  the file written stays in the folder (as documented)"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
