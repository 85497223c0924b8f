#!/usr/bin/env bash
# The HTTP task (arn:aws:states:::http:invoke) against a local server of the tests
# (tests/tools/http_test_server.py on a free 127.0.0.1 port): methods, headers, query and
# body encodings, connections (ApiKey, Basic, OAuth), AWS's result shape and error names,
# and the bounds (timeouts, a huge answer, a redirect loop, a refused connection).
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/http_server.sh

cat >"$tmp/conn.json" <<'JSON'
{"key": {"Authorization": "ApiKey", "ApiKeyName": "x-api-key", "ApiKeyValue": "KEY-SECRET-1",
         "Headers": {"X-From-Connection": "c"}, "QueryParameters": {"cq": "1"}},
 "basic": {"Authorization": "Basic", "Username": "ann", "Password": "PASS-SECRET-2"},
 "oauth": {"Authorization": "OAuth", "AuthorizationEndpoint": "BASE/token",
           "ClientId": "cid", "ClientSecret": "csecret"},
 "badoauth": {"Authorization": "OAuth", "AuthorizationEndpoint": "BASE/token",
              "ClientId": "cid", "ClientSecret": "WRONG-SECRET-3"}}
JSON
sed -i "s|BASE|$base|" "$tmp/conn.json"

# task PARAMETERS_JSON [EXTRA_STATE_FIELDS]: a one-state workflow in $tmp/wf.json
task() {
    printf '{"StartAt": "Call", "States": {"Call": {"Type": "Task", "End": true %s,
      "Resource": "arn:aws:states:::http:invoke", "Parameters": %s}}}\n' "$2" "$1" >"$tmp/wf.json"
}
# run NAME EXIT STDOUT_SUBSTRING: runs $tmp/wf.json with the connections
run() { expect_run "$1" "$2" "$3" "" -- run "$tmp/wf.json" --connections "$tmp/conn.json"; }
conn() { printf '"Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/%s/0f1e"}' "$1"; }

task "{\"ApiEndpoint\": \"$base/echo\", \"Method\": \"GET\", $(conn key)}"
run "GET: the result has AWS's shape" 0 '"StatusCode":200,"StatusText":"OK"'
is 1 "$(grep -c '"ResponseBody":{"method":"GET","path":"/echo"' "$tmp/out")" "a JSON answer is parsed"
is 1 "$(grep -c '"X-Test":\["one","two"\]' "$tmp/out")" "a repeated header is one list"
is 1 "$(grep -c '"x-api-key":"KEY-SECRET-1"' "$tmp/out")" "ApiKey: the connection's header is sent"
is 1 "$(grep -c '"query":"cq=1"' "$tmp/out")" "the connection's query parameters are sent"
is 1 "$(grep -c '"x-from-connection":"c"' "$tmp/out")" "the connection's headers are sent"

for m in POST PUT DELETE PATCH OPTIONS; do
    task "{\"ApiEndpoint\": \"$base/echo\", \"Method\": \"$m\", $(conn key)}"
    run "$m is sent as $m" 0 "\"method\":\"$m\""
done
task "{\"ApiEndpoint\": \"$base/echo\", \"Method\": \"HEAD\", $(conn key)}"
run "HEAD: no body, an empty ResponseBody" 0 '"ResponseBody":"","StatusCode":200'

task "{\"ApiEndpoint\": \"$base/echo?a=1\", \"Method\": \"POST\", $(conn basic),
       \"Headers\": {\"X-Num\": 5, \"X-List\": [\"a\", \"b\"]},
       \"QueryParameters\": {\"q\": \"a b&c\", \"t\": [\"x\", \"y\"], \"n\": null},
       \"RequestBody\": {\"k\": \"v\", \"n\": [1, 2]}}"
run "POST JSON: the body is the RequestBody's JSON" 0 '"body":"{\"k\":\"v\",\"n\":[1,2]}"'
is 1 "$(grep -c '"query":"a=1&q=a%20b%26c&t=x&t=y"' "$tmp/out")" "the query string is encoded and appended"
is 1 "$(grep -c '"content-type":"application/json"' "$tmp/out")" "a JSON body says application/json"
is 1 "$(grep -c '"x-num":"5","x-list":"a, b"' "$tmp/out")" "numbers and lists as header values"
is 1 "$(grep -c "\"authorization\":\"Basic $(printf 'ann:PASS-SECRET-2' | base64)\"" "$tmp/out")" "Basic: the connection's authorization is sent"

for f in INDICES:'k%5B0%5D=1&k%5B1%5D=2' REPEAT:'k=1&k=2' COMMAS:'k=1%2C2' BRACKETS:'k%5B%5D=1&k%5B%5D=2'; do
    task "{\"ApiEndpoint\": \"$base/echo\", \"Method\": \"POST\", $(conn key),
           \"RequestBody\": {\"k\": [1, 2], \"o\": {\"p\": \"&\"}},
           \"Transform\": {\"RequestBodyEncoding\": \"URL_ENCODED\",
                           \"RequestEncodingOptions\": {\"ArrayFormat\": \"${f%%:*}\"}}}"
    run "URL_ENCODED, ArrayFormat ${f%%:*}" 0 "\"body\":\"${f#*:}&o%5Bp%5D=%26\""
done
grep -q '"content-type":"application/x-www-form-urlencoded"' "$tmp/out"
ok $? "URL_ENCODED says application/x-www-form-urlencoded"

task "{\"ApiEndpoint\": \"$base/text\", \"Method\": \"GET\", $(conn key)}"
run "a text answer is a string" 0 '"ResponseBody":"plain words"'
task "{\"ApiEndpoint\": \"$base/redirect\", \"Method\": \"GET\", $(conn key)}"
run "a redirect is followed" 0 '"path":"/echo"'

task "{\"ApiEndpoint\": \"$base/status/404\", \"Method\": \"GET\", $(conn key)}"
run "404: States.Http.StatusCode.404, the status text as cause" 1 '"error":"States.Http.StatusCode.404","cause":"Not Found"'
task "{\"ApiEndpoint\": \"$base/status/503\", \"Method\": \"GET\", $(conn key)}" \
     ', "Retry": [{"ErrorEquals": ["States.Http.StatusCode.503"], "MaxAttempts": 2, "IntervalSeconds": 0}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]'
sed -i 's|}}}$|}, "Caught": {"Type": "Pass", "End": true}}}|' "$tmp/wf.json"
expect_run "503 is retried by name, then caught" 0 '"Error":"States.Http.StatusCode.503"' "" -- \
    run "$tmp/wf.json" --connections "$tmp/conn.json" --history "$tmp/h.json"
is 3 "$(grep -o '"type": *"TaskFailed"' "$tmp/h.json" | wc -l | tr -d ' ')" "three attempts"

task "{\"ApiEndpoint\": \"$base/loop\", \"Method\": \"GET\", $(conn key)}"
run "a redirect loop ends: States.Http.Socket" 1 '"error":"States.Http.Socket","cause":"The HTTP task '"'"'Call'"'"': too many redirects'
task "{\"ApiEndpoint\": \"$base/big?bytes=11000000\", \"Method\": \"GET\", $(conn key)}"
run "an answer over 10 MiB is refused" 1 'response too big'
task "{\"ApiEndpoint\": \"http://127.0.0.1:1/x\", \"Method\": \"GET\", $(conn key)}"
run "a refused connection: States.Http.Socket" 1 '"error":"States.Http.Socket"'
task "{\"ApiEndpoint\": \"$base/slow?ms=5000\", \"Method\": \"GET\", $(conn key)}" ', "TimeoutSeconds": 1'
start=$SECONDS
run "an endpoint slower than TimeoutSeconds: States.Timeout" 1 '"error":"States.Timeout"'
[ $((SECONDS - start)) -le 3 ]
ok $? "the timeout ends the request in time ($((SECONDS - start)) s)"
task "{\"ApiEndpoint\": \"https://127.0.0.1:$(cat "$tmp/port")/echo\", \"Method\": \"GET\", $(conn key)}"
run "TLS to a server that does not speak it: States.Http.Socket" 1 '"error":"States.Http.Socket"'

task "{\"ApiEndpoint\": \"$base/secure\", \"Method\": \"GET\", $(conn oauth)}"
run "OAuth: the token is fetched, then sent as Bearer" 0 '"ResponseBody":{"secure":true}'
task "{\"ApiEndpoint\": \"$base/secure\", \"Method\": \"GET\", $(conn badoauth)}"
run "OAuth: a refused token request fails the task" 1 "the OAuth token request of the connection 'badoauth' failed (status 401)"

task "{\"ApiEndpoint\": \"$base/echo\", \"Method\": \"GET\", $(conn nosuch)}"
run "an unknown connection is named" 1 "the connection 'arn:aws:events:us-east-1:123456789012:connection/nosuch/0f1e' is not in the --connections file"
task "{\"ApiEndpoint\": \"$base/echo\", \"Method\": \"FETCH\", $(conn key)}"
run "a bad Method names the field" 1 "the field 'Method' must be one of GET"
task "{\"ApiEndpoint\": \"ftp://x/y\", \"Method\": \"GET\", $(conn key)}"
run "a bad ApiEndpoint names the field" 1 "the field 'ApiEndpoint' must start with https://"
task "{\"ApiEndpoint\": \"$base/echo\", \"Method\": \"GET\", $(conn key), \"Headers\": {\"Authorization\": \"x\"}}"
run "a forbidden header is refused before sending" 1 "the field 'Headers.Authorization' is a header the HTTP task may not set"
task "{\"ApiEndpoint\": \"$base/echo\", \"Method\": \"POST\", $(conn key), \"RequestBody\": [1],
       \"Transform\": {\"RequestBodyEncoding\": \"URL_ENCODED\"}}"
run "URL_ENCODED needs an object" 1 "the field 'RequestBody' must be an object to be URL-encoded"
task "{\"ApiEndpoint\": \"$base/echo\", \"Method\": \"POST\", $(conn key), \"RequestBody\": {},
       \"Transform\": {\"RequestEncodingOptions\": {\"ArrayFormat\": \"COMMA\"}}}"
run "an unknown ArrayFormat is refused" 1 "ArrayFormat' must be INDICES, REPEAT, COMMAS or BRACKETS"

echo '{"x": {"Authorization": "Basic", "Username": "u"}}' >"$tmp/bad.json"
expect_run "a bad connections file names the entry and field" 2 "" 'connection "x": "Password" must be a non-empty string' -- \
    run "$tmp/wf.json" --connections "$tmp/bad.json"

# secrets: never in sfdbg's own messages, history or stderr
task "{\"ApiEndpoint\": \"$base/status/401\", \"Method\": \"GET\", $(conn basic)}"
"$sfdbg" run "$tmp/wf.json" --connections "$tmp/conn.json" --history "$tmp/h.json" >"$tmp/out" 2>"$tmp/err"
task "{\"ApiEndpoint\": \"$base/secure\", \"Method\": \"GET\", $(conn badoauth)}"
"$sfdbg" run "$tmp/wf.json" --connections "$tmp/conn.json" --history "$tmp/h2.json" >>"$tmp/out" 2>>"$tmp/err"
! grep -l 'SECRET' "$tmp/out" "$tmp/err" "$tmp/h.json" "$tmp/h2.json"
ok $? "no secret in the output, stderr or history"
done_testing
