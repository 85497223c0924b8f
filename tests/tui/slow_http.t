#!/usr/bin/env bash
# An HTTP task whose endpoint takes 4 s (tests/tools/http_test_server.py on a free
# 127.0.0.1 port): the debugger stays responsive while the request is in flight, the answer
# completes the step by itself, stepping back does not send the request again (the journal
# answers), and K cancels a request in flight.
. "$(dirname "$0")/lib.sh"
start_http_server
cat >"$TMPD/wf.json" <<JSON
{"StartAt": "Call", "States": {
  "Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
           "Parameters": {"ApiEndpoint": "http://127.0.0.1:$(cat "$TMPD/port")/slow?ms=4000", "Method": "GET",
                          "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/c/1"}},
           "ResultSelector": {"code.\$": "\$.StatusCode"}, "Next": "Done"},
  "Done": {"Type": "Pass", "End": true}}}
JSON
sent() { if [ -f "$TMPD/port.log" ]; then grep -c '^GET /slow$' "$TMPD/port.log"; else echo 0; fi; }

start 120 40 "$TMPD/wf.json"
expect_status 'PAUSED +at Call' "opens paused before the HTTP task"
expect_responsive Call
expect_status '^ PAUSED +at Done' "the answer completes the step by itself" 10
expect '"code": 200|"code":200|code +200' "its result is shown"
ok $([ "$(sent)" = 1 ] && echo 0 || echo 1) "one request was sent"
expect_replayed Call sent 4
keys q y
expect 'EXIT 0' "quits"

start 120 40 "$TMPD/wf.json"
expect_status 'PAUSED +at Call' "a second session opens"
keys n
expect_status '^ RUNNING Call' "the request is in flight"
keys K
expect 'Result of Call' "K cancels it: the result dialog opens" 2
keys Escape q y
expect 'EXIT 0' "quits"
done_testing
