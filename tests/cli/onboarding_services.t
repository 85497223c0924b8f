#!/usr/bin/env bash
# fixtures/onboarding-services: a workflow answered by the embedded DynamoDB, SQS, SNS and
# EventBridge with no mock; the saved services state holds what it wrote (the approval
# request with its task token included) and feeds a second run; bad sqs/sns/events sections
# are refused naming the file, the queue/topic/bus, the record and the field.

cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

fx=fixtures/onboarding-services
t0=2024-01-02T03:04:05Z
onboard() {
    "$sfdbg" run $fx/onboarding.asl.json --input file://$fx/input.json --seed 1 --start-time $t0 "$@" \
        >"$tmp/out" 2>"$tmp/err" </dev/null
}

onboard --services-state $fx/state.json --save-services-state "$tmp/saved.json"
is 0 $? "the onboarding runs with no mock"
out=$(cat "$tmp/out")
for want in '"status":"SUCCEEDED"' \
            '"setup":{"Body":"{\"employeeId\":\"e-1001\",\"task\":\"create-accounts\"}","ReceiptHandle":"AQEB' \
            '"MD5OfMessageBody":"db14b7ad096f5a76481740956187dbd8"' \
            '"employee":{"status":"ACTIVE"}' '"event":{"FailedEntryCount":0}' \
            '"approval":{"Error":"States.Timeout"' '"note":"the approval request waits in the manager-approvals queue"'; do
    case $out in *"$want"*) ok 0 "the output has $want" ;;
                 *) echo "# output: $out"; ok 1 "the output has $want" ;; esac
done
grep -qF "message $(sed 's/.*"queued":{"MessageId":"\([^"]*\)".*/\1/' "$tmp/out") deleted from 'account-setup'" "$tmp/err"
is 0 $? "the task's log says which message deleteMessage deleted"

saved=$(tr -d ' \n' <"$tmp/saved.json")
token=$(sed -n 's/.*"TaskToken":"\([^"]*\)"}]},"sns".*/\1/p' <<<"$saved")
[ -n "$token" ]; is 0 $? "the stored approval message carries the task token"
for want in '"status":{"S":"ACTIVE"}' '"account-setup":[]' \
            "\\\"TaskToken\\\":\\\"$token\\\"}\"" \
            '"Message":"AnnLeejoinspaymentson2024-02-01","Subject":"Newhire","MessageAttributes":{"team":{"DataType":"String","StringValue":"payments"}}' \
            '"hr":[{"EventId":' '"Source":"hr.onboarding","DetailType":"EmployeeOnboarded","Detail":"{\"employeeId\":\"e-1001\",\"team\":\"payments\"}","Time":"2024-01-02T03:04:05.000Z"'; do
    case $saved in *"$want"*) ok 0 "the saved state has $want" ;;
                   *) echo "# saved: $saved"; ok 1 "the saved state has $want" ;; esac
done

onboard --services-state $fx/state.json --save-services-state "$tmp/again.json"
cmp -s "$tmp/saved.json" "$tmp/again.json"; is 0 $? "--seed reproduces the saved state byte for byte"

expect_run "the saved state feeds a second run: the employee is registered already" 1 \
    '"error":"Onboarding.AlreadyRegistered"' "" -- \
    run $fx/onboarding.asl.json --input file://$fx/input.json --services-state "$tmp/saved.json"

# without the messaging sections, queues, topics and buses are created on first use
cat >"$tmp/tables-only.json" <<'JSON'
{"dynamodb": {"Employees": {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "Items": []}}}
JSON
expect_run "without sqs/sns/events sections the channels are created on first use" 0 '"status":"SUCCEEDED"' \
    "queue 'account-setup' created on first use" -- \
    run $fx/onboarding.asl.json --input file://$fx/input.json --services-state "$tmp/tables-only.json" \
    --save-services-state "$tmp/created.json"
created=$(tr -d ' \n' <"$tmp/created.json")
case $created in *'"sqs":{"account-setup":[],"manager-approvals":[{'*'"sns":{"new-hires":[{'*'"events":{"hr":[{'*) ok 0 "and saved" ;;
                 *) echo "# saved: $created"; ok 1 "and saved" ;; esac

# a declared section names every channel: a topic it lacks does not exist
sed 's/"new-hires"/"other-topic"/' $fx/state.json >"$tmp/no-topic.json"
expect_run "a topic the declared section lacks: SNS.NotFoundException" 1 \
    '"error":"SNS.NotFoundException","cause":"Topic does not exist (Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: ' "" -- \
    run $fx/onboarding.asl.json --input file://$fx/input.json --services-state "$tmp/no-topic.json"

bad() {
    printf '%s' "$2" >"$tmp/bad.json"
    expect_run "$1" 2 "" "$3" -- run $fx/onboarding.asl.json --services-state "$tmp/bad.json"
}
bad "an sqs message without a Body" '{"sqs": {"q": [{"MessageId": "m"}]}}' \
    "$tmp/bad.json: sqs: queue 'q': message 1: 'Body' is missing"
bad "a queue name SQS refuses" '{"sqs": {"my queue": []}}' \
    "$tmp/bad.json: sqs: 'my queue' is not a queue name"
bad "an sns notification with an unknown field" '{"sns": {"t": [{"MessageId": "m", "Message": "x", "Colour": 1}]}}' \
    "$tmp/bad.json: sns: topic 't': notification 1: unknown field 'Colour'"
bad "an event whose Detail is no JSON object" '{"events": {"hr": [{"Source": "s", "DetailType": "t", "Detail": "x"}]}}' \
    "$tmp/bad.json: events: bus 'hr': event 1: 'Detail' must be the text of a JSON object"
bad "a bus that is a list of something else" '{"events": {"hr": {}}}' \
    "$tmp/bad.json: events: bus 'hr' must be a list of events, not object"

done_testing
