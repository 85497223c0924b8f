#!/usr/bin/env bash
# The S3 store in the debugger: a workflow that puts and gets runs on the seeded store, the
# task's source names the store, and --save-services-state writes the store when the
# debugger quits (DESIGN §3.1; docs/services.md).
. "$(dirname "$0")/lib.sh"

cat >"$TMPD/putget.asl.json" <<'JSON'
{"StartAt": "Put", "States": {
  "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
          "Parameters": {"Bucket": "notes", "Key": "day/1.json", "Body": {"n": 1}},
          "ResultPath": null, "Next": "Get"},
  "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
          "Parameters": {"Bucket": "notes", "Key": "seed.txt"},
          "ResultSelector": {"Body.$": "$.Body"}, "End": true}}}
JSON
printf '{"s3": {"notes": {"seed.txt": "seeded text"}}}' >"$TMPD/state.json"

start 120 40 "$TMPD/putget.asl.json" --services-state "$TMPD/state.json" \
    --save-services-state "$TMPD/saved.json" --seed 1
expect 'PAUSED' "opens"
keys c
expect_status '^ SUCCEEDED ' "the workflow puts and gets on the store: SUCCEEDED"
expect 'seeded text' "the seeded object's Body is on screen"
[ ! -e "$TMPD/saved.json" ]
ok $? "nothing is saved before the debugger quits"
cmd 'q!'
expect 'EXIT 0' "quits"
grep -q '"day/1.json": "{\\"n\\":1}"' "$TMPD/saved.json" && grep -q '"seed.txt": "seeded text"' "$TMPD/saved.json"
ok $? "--save-services-state holds the seeded object and the put one"
tm kill-server

printf '{"s3": {"notes": {"seed.txt": 5}}}' >"$TMPD/bad.json"
start 120 40 "$TMPD/putget.asl.json" --services-state "$TMPD/bad.json"
expect "bad.json: s3: bucket 'notes': key 'seed.txt': the object's text must be a string" \
    "a bad state file stops the debugger before it opens, naming the key"
expect 'EXIT 2' "  with exit status 2"
done_testing
