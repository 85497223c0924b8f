#!/usr/bin/env bash
# The request list (DESIGN §3.2, §5): an HTTP task's request to a local test server
# (tests/tools/http_test_server.py on a free 127.0.0.1 port) is listed in the Services tab
# with its method, URL, status and time, its bodies on demand, and the connection's API key
# masked everywhere (the server echoes it back); stepping back leaves the list as that step
# had it and stepping forward again lists it from the journal, without sending it again.
. "$(dirname "$0")/lib.sh"
start_http_server
port=$(cat "$TMPD/port")
cat >"$TMPD/conn.json" <<'JSON'
{"key": {"Authorization": "ApiKey", "ApiKeyName": "x-api-key", "ApiKeyValue": "KEY-SECRET-1"}}
JSON
cat >"$TMPD/wf.json" <<JSON
{"StartAt": "Call", "States": {
  "Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
           "Parameters": {"ApiEndpoint": "http://127.0.0.1:$port/echo", "Method": "POST",
                          "RequestBody": {"order": "o-7"},
                          "Authentication": {"ConnectionArn":
                            "arn:aws:events:us-east-1:123456789012:connection/key/0f1e"}},
           "ResultPath": null, "Next": "Done"},
  "Done": {"Type": "Pass", "End": true}}}
JSON
sent() { if [ -f "$TMPD/port.log" ]; then grep -c '^POST /echo$' "$TMPD/port.log"; else echo 0; fi; }

start 160 45 "$TMPD/wf.json" --connections "$TMPD/conn.json"
expect_status 'PAUSED +at Call' "opens paused before the HTTP task"
cmd 'tab Services'
expect_not '▸ Requests|▾ Requests' "no request before the task runs"
keys n
expect_status 'PAUSED +at Done' "the task's request is answered"
expect 'Requests +\[ 1 item' "the Services tab lists one request"
expect 'State: "Call"' "  its state"
expect 'Method: "POST"' "  its method"
expect "URL: \"http://127.0.0.1:$port/echo\"" "  its URL"
expect 'Status: 200' "  its status"
expect 'Time: "20[0-9-]+T' "  when it was sent"
keys Tab
cmd 'tab Services'
keys /
type_text 'DurationMs'
keys Enter
expect 'DurationMs: [0-9]+' "  and the time it took"
keys /
type_text 'x-api-key'
keys Enter
expect 'x-api-key: "\*\*\*\*"' "the connection's API key header is masked"
keys /
type_text 'Body'
keys Enter
expect 'Body: "\{\\"order\\":\\"o-7\\"\}"' "the request body on demand"
keys .
expect 'Body: ' "  and the response body (the next match)"
expect_not 'KEY-SECRET-1' "the key appears nowhere on screen (the echo is masked too)"
ok $([ "$(sent)" = 1 ] && echo 0 || echo 1) "one request was sent"
keys N
expect_status 'PAUSED +at Call' "N steps back before the task"
cmd 'tab Services'
expect_gone 'Requests +\[' "  the list is as that step had it: empty"
keys n
expect_status 'PAUSED +at Done' "n again"
expect 'Requests +\[ 1 item' "  the request is listed again (from the journal)"
ok $([ "$(sent)" = 1 ] && echo 0 || echo 1) "  and was not sent again"
keys q y
expect 'EXIT 0' "quits"
done_testing
