#!/usr/bin/env bash
# `sfdbg test` (DESIGN §4.2, docs/testing.md): suites that pass and fail (the first
# difference with its JSON path), every kind of expectation, broken suites (exit 2, the
# file and field named), --test, --junit (well-formed XML), -j (the same results as -j 1),
# the smoke mode MOCKCONFIG --workflow F, and the fixtures' suites read by prove.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
root=$PWD
sfdbg=$(cd "$(dirname "$sfdbg")" && pwd)/$(basename "$sfdbg")

# ---- a workflow that writes to the embedded DynamoDB ----
mkdir -p "$tmp/s"
cat >"$tmp/s/wf.asl.json" <<'EOF'
{"StartAt": "Save order", "States": {
  "Save order": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
    "Parameters": {"TableName": "Orders",
                   "Item": {"id": {"S.$": "$.id"}, "total": {"N.$": "States.Format('{}', $.total)"}}},
    "ResultPath": null, "Next": "Big"},
  "Big": {"Type": "Choice", "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Flag"}],
          "Default": "Done"},
  "Flag": {"Type": "Pass", "Result": true, "ResultPath": "$.review", "Next": "Done"},
  "Done": {"Type": "Pass", "End": true}}}
EOF
cat >"$tmp/s/state.json" <<'EOF'
{"dynamodb": {"Orders": {"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "Items": []}}}
EOF
echo '{"id": "o-9", "total": 900}' >"$tmp/s/big.json"
cat >"$tmp/s/pass.suite.json" <<'EOF'
{"workflow": "wf.asl.json", "options": {"servicesState": "state.json", "startTime": "2024-05-01T09:00:00Z", "seed": 3},
 "tests": [
  {"name": "a big order is flagged and saved", "input": {"id": "o-1", "total": 120},
   "expect": {"status": "SUCCEEDED", "output": {"id": "o-1", "total": 120, "review": true},
              "path": ["Save order", "Big", "Flag", "Done"],
              "states": {"Flag": {"outputContains": {"review": true}, "visits": 1}, "Save order": {"visits": 1},
                         "Big": {"output": {"id": "o-1", "total": 120}}},
              "services": {"dynamodb": {"Orders": [{"id": {"S": "o-1"}, "total": {"N": "120"}}]}}}},
  {"name": "a small order is not flagged", "input": {"id": "o-2", "total": 5},
   "expect": {"outputContains": {"total": 5}, "path": ["Save order", "Big", "Done"],
              "states": {"Flag": {"visits": 0}},
              "services": {"dynamodb": {"Orders": {"KeySchema": [{"AttributeName": "id"}],
                                                   "Items": [{"id": {"S": "o-2"}}]}}}}},
  {"name": "input from a file # beside the suite", "input": "file://big.json",
   "expect": {"outputContains": {"id": "o-9", "review": true}}},
  {"name": "a missing total fails", "input": {"id": "o-3"},
   "expect": {"status": "FAILED", "error": "States.Runtime", "path": ["Save order"]}}
 ]}
EOF

expect_run "a passing suite: exit 0" 0 "ok 1 - " "" -- test "$tmp/s/pass.suite.json"
is "1..4" "$(head -1 "$tmp/out")" "the plan comes first"
is 4 "$(grep -c '^ok [0-9]* - ' "$tmp/out")" "one ok line per test"
grep -qF 'ok 3 - '"$tmp"'/s/pass.suite.json: input from a file \# beside the suite' "$tmp/out"
ok $? "a '#' in a test's name is escaped (it is not a TAP directive)"
(cd "$tmp/s" && "$sfdbg" test pass.suite.json >"$tmp/out2" 2>&1)
ok $? "the suite's paths are relative to the suite, from any folder"

# the S3 section of services: objects by bucket and key
cat >"$tmp/s/put.asl.json" <<'EOF'
{"StartAt": "Put", "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
  "Parameters": {"Bucket": "notes", "Key.$": "$.key", "Body.$": "$.body"}, "ResultPath": null, "End": true}}}
EOF
echo '{"s3": {"notes": {"old.txt": "kept"}}}' >"$tmp/s/s3.json"
cat >"$tmp/s/s3.suite.json" <<'EOF'
{"workflow": "put.asl.json", "options": {"servicesState": "s3.json"},
 "tests": [
  {"name": "the object is written", "input": {"key": "day/1.txt", "body": "hello"},
   "expect": {"services": {"s3": {"notes": {"day/1.txt": "\"hello\"", "old.txt": "kept"}}}}},
  {"name": "a wrong body is named by bucket and key", "input": {"key": "day/1.txt", "body": {"n": 2}},
   "expect": {"services": {"s3": {"notes": {"day/1.txt": "{\"n\":1}"}}}}}
 ]}
EOF
expect_run "services: the S3 section (putObject stores Body as JSON text, docs/services.md)" 1 "" "" -- test "$tmp/s/s3.suite.json"
grep -qxF "ok 1 - $tmp/s/s3.suite.json: the object is written" "$tmp/out"
ok $? "services: the S3 objects by bucket and key, as a subset"
grep -qxF '#   at $.services.s3.notes['"'"'day/1.txt'"'"']: expected "{\"n\":1}", got "{\"n\":2}"' "$tmp/out"
ok $? "services: a difference in S3 names the bucket and the key"

# ---- failures: the first difference with its JSON path ----
cat >"$tmp/s/fail.suite.json" <<'EOF'
{"workflow": "wf.asl.json", "options": {"servicesState": "state.json"},
 "tests": [
  {"name": "output", "input": {"id": "o-1", "total": 120}, "expect": {"output": {"id": "o-1", "total": 120, "review": false}}},
  {"name": "visits", "input": {"id": "o-1", "total": 120}, "expect": {"states": {"Save order": {"visits": 2}}}},
  {"name": "services", "input": {"id": "o-1", "total": 120},
   "expect": {"services": {"dynamodb": {"Orders": [{"total": {"N": "12"}}]}}}},
  {"name": "path", "input": {"id": "o-1", "total": 1}, "expect": {"path": ["Save order", "Big", "Flag", "Done"]}},
  {"name": "status", "input": {"id": "o-1"}, "expect": {"status": "SUCCEEDED"}},
  {"name": "passes", "input": {"id": "o-1", "total": 1}, "expect": {"status": "SUCCEEDED"}},
  {"name": "exact output", "input": {"id": "o-1", "total": 1}, "expect": {"output": {"id": "o-1"}}},
  {"name": "error", "input": {"id": "o-1"}, "expect": {"status": "FAILED", "error": "States.TaskFailed"}},
  {"name": "state output", "input": {"id": "o-1", "total": 1},
   "expect": {"states": {"Done": {"outputContains": {"total": 2}}}}},
  {"name": "items", "input": {"id": "o-1", "total": 1},
   "expect": {"services": {"dynamodb": {"Orders": [{"id": {"S": "o-1"}}, {"id": {"S": "o-2"}}]}}}}
 ]}
EOF
expect_run "a failing suite: exit 1" 1 "" "" -- test "$tmp/s/fail.suite.json"
cp "$tmp/out" "$tmp/fail.tap"
expect_diff() {
    local num=$1 name=$2 why=$3
    if grep -qxF "not ok $num - $tmp/s/fail.suite.json: $name" "$tmp/fail.tap" &&
        grep -A1 -xF "not ok $num - $tmp/s/fail.suite.json: $name" "$tmp/fail.tap" | tail -1 | grep -qF -- "#   $why"; then
        ok 0 "$name: $why"
    else
        echo "# expected 'not ok $num ... $name' then '#   $why' in:"; sed 's/^/#   | /' "$tmp/fail.tap"; ok 1 "$name: $why"
    fi
}
expect_diff 1 output 'at $.output.review: expected false, got true'
expect_diff 2 visits "at \$.states['Save order'].visits: expected 2, got 1"
expect_diff 3 services 'at $.services.dynamodb.Orders[0].total.N: expected "12", got "120"'
expect_diff 4 path 'at $.path[2]: expected "Flag", got "Done"'
expect_diff 5 status 'at $.status: expected "SUCCEEDED", got "FAILED" (error "States.Runtime", cause "An error occurred while executing the state '"'Save order'"
grep -qxF "ok 6 - $tmp/s/fail.suite.json: passes" "$tmp/fail.tap"
ok $? "a passing test among failing ones is ok"
expect_diff 7 "exact output" 'at $.output: unexpected member "total"'
expect_diff 8 error 'at $.error: expected "States.TaskFailed", got "States.Runtime"'
expect_diff 9 "state output" 'at $.states.Done.outputContains.total: expected 2, got 1'
expect_diff 10 items 'at $.services.dynamodb.Orders: expected 2 elements, got 1'

# ---- --test, -j, --junit ----
expect_run "--test NAME runs that test alone" 1 "not ok 1 - $tmp/s/fail.suite.json: visits" "" -- \
    test "$tmp/s/fail.suite.json" --test visits
is "1..1" "$(head -1 "$tmp/out")" "--test: a plan of one"
is "$(grep -A1 ': visits$' "$tmp/fail.tap" | tail -1)" "$(tail -1 "$tmp/out")" \
    "a test run alone fails the same way as in the whole suite"
expect_run "--test with no such test: exit 2" 2 "" "no test named 'nobody'" -- test "$tmp/s/fail.suite.json" --test nobody
expect_run "-j 3 over two suites" 1 "" "" -- test -j 3 "$tmp/s/fail.suite.json" "$tmp/s/pass.suite.json"
cp "$tmp/out" "$tmp/j3.tap"
"$sfdbg" test -j 1 "$tmp/s/fail.suite.json" "$tmp/s/pass.suite.json" >"$tmp/j1.tap" 2>/dev/null
cmp -s "$tmp/j1.tap" "$tmp/j3.tap"
ok $? "-j 3 prints what -j 1 prints, in the suites' order"
is 14 "$(grep -c '^\(not \)\?ok ' "$tmp/j3.tap")" "-j 3: every test of both suites ran"
expect_run "-j 0 is refused" 2 "" "-j: expected a number of jobs from 1 to 64, got '0'" -- test -j 0 "$tmp/s/pass.suite.json"

expect_run "--junit FILE" 1 "" "" -- test "$tmp/s/fail.suite.json" "$tmp/s/pass.suite.json" --junit "$tmp/junit.xml"
if command -v python3 >/dev/null 2>&1; then
    got=$(python3 - "$tmp/junit.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
out = [r.tag]
for s in r.findall("testsuite"):
    cases = s.findall("testcase")
    out.append("%s tests=%s failures=%s errors=%s cases=%d failed=%d" % (
        s.get("name").rsplit("/", 1)[-1], s.get("tests"), s.get("failures"), s.get("errors"),
        len(cases), len([c for c in cases if c.find("failure") is not None])))
visits = [c for c in r.iter("testcase") if c.get("name") == "visits"][0]
out.append(visits.find("failure").get("message"))
print("|".join(out))
EOF
)
    is "testsuites|fail.suite.json tests=10 failures=9 errors=0 cases=10 failed=9|pass.suite.json tests=4 failures=0 errors=0 cases=4 failed=0|at \$.states['Save order'].visits: expected 2, got 1" \
       "$got" "the JUnit file is well-formed XML: one testsuite per suite, one testcase per test, the failures and their messages"
else
    skip "python3 is not installed (checks the JUnit XML)"
fi
expect_run "--junit to an unwritable place: exit 2" 2 "" "--junit: cannot write $tmp/nowhere/j.xml" -- \
    test "$tmp/s/pass.suite.json" --junit "$tmp/nowhere/j.xml"

# ---- broken suites: exit 2, the file and the field named ----
broken() {
    local name=$1 text=$2 msg=$3
    printf '%s\n' "$text" >"$tmp/s/broken.json"
    expect_run "broken suite: $name" 2 "" "sfdbg test: $tmp/s/broken.json$msg" -- test "$tmp/s/pass.suite.json" "$tmp/s/broken.json"
    [ -s "$tmp/out" ] && { echo "# stdout: $(head -c 200 "$tmp/out")"; ok 1 "$name: nothing runs"; } || ok 0 "$name: nothing runs"
}
expect_run "a missing suite file" 2 "" "sfdbg test: $tmp/s/none.json: No such file or directory" -- test "$tmp/s/none.json"
broken "not JSON" '{"workflow": "wf.asl.json", "tests": [' ':2:1: not JSON: '
broken "not an object" '[1]' ': (top level): expected an object with workflow and tests'
broken "an unknown member" '{"workflow": "wf.asl.json", "mockconfig": "m.json", "tests": [{"name": "a", "expect": {}}]}' \
    ': (top level): unknown member "mockconfig" (expected workflow, mockConfig, options or tests)'
broken "no workflow" '{"tests": [{"name": "a", "expect": {}}]}' ': workflow: missing'
broken "a missing workflow file" '{"workflow": "gone.asl.json", "tests": [{"name": "a", "expect": {}}]}' \
    ": workflow: $tmp/s/gone.asl.json: No such file or directory"
broken "a missing mock config" '{"workflow": "wf.asl.json", "mockConfig": "m.json", "tests": [{"name": "a", "testCase": "A", "expect": {}}]}' \
    ": mockConfig: $tmp/s/m.json: No such file or directory"
broken "a missing input file" '{"workflow": "wf.asl.json", "tests": [{"name": "a", "input": "file://in.json", "expect": {}}]}' \
    ": tests[0].input: $tmp/s/in.json: No such file or directory"
broken "a workflow that is a folder" '{"workflow": ".", "tests": [{"name": "a", "expect": {}}]}' \
    ": workflow: $tmp/s/.: not a regular file"
broken "tests not an array" '{"workflow": "wf.asl.json", "tests": {}}' ': tests: expected a non-empty array of tests'
broken "a name of the wrong type" '{"workflow": "wf.asl.json", "tests": [{"name": 3, "expect": {}}]}' \
    ': tests[0].name: expected a string, got number'
broken "two tests of one name" '{"workflow": "wf.asl.json", "tests": [{"name": "a", "expect": {}}, {"name": "a", "expect": {}}]}' \
    ': tests[1].name: "a" is also the name of tests[0]'
broken "no expect" '{"workflow": "wf.asl.json", "tests": [{"name": "a"}]}' ': tests[0].expect: missing'
broken "a bad status" '{"workflow": "wf.asl.json", "tests": [{"name": "a", "expect": {"status": "DONE"}}]}' \
    ': tests[0].expect.status: expected one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED, got "DONE"'
broken "a misspelt expectation" '{"workflow": "wf.asl.json", "tests": [{"name": "a", "expect": {"outptu": 1}}]}' \
    ': tests[0].expect: unknown member "outptu"'
broken "path not an array" '{"workflow": "wf.asl.json", "tests": [{"name": "a", "expect": {"path": "Done"}}]}' \
    ': tests[0].expect.path: expected an array of state names'
broken "visits negative" '{"workflow": "wf.asl.json", "tests": [{"name": "a", "expect": {"states": {"Done": {"visits": -1}}}}]}' \
    ': tests[0].expect.states: state "Done": visits: expected a non-negative integer'
broken "services not an object" '{"workflow": "wf.asl.json", "tests": [{"name": "a", "expect": {"services": []}}]}' \
    ': tests[0].expect.services: expected an object'
broken "a seed of the wrong type" '{"workflow": "wf.asl.json", "options": {"seed": "7"}, "tests": [{"name": "a", "expect": {}}]}' \
    ': options.seed: expected a non-negative integer'
broken "a test case without a mock config" '{"workflow": "wf.asl.json", "tests": [{"name": "a", "testCase": "X", "expect": {}}]}' \
    ": tests[0].testCase: \"X\" needs the suite's mockConfig"
printf '{"StartAt": "A", "States": {"A": {"Type": "Pas", "End": true}}}\n' >"$tmp/s/invalid.asl.json"
printf '{"workflow": "invalid.asl.json", "tests": [{"name": "a", "expect": {}}]}\n' >"$tmp/s/inv.suite.json"
expect_run "an invalid workflow: the test is not ok, exit 2, the diagnostics on stderr" 2 \
    "not ok 1 - $tmp/s/inv.suite.json: a" "invalid.asl.json:1:" -- test "$tmp/s/inv.suite.json" --junit "$tmp/inv.xml"
if command -v python3 >/dev/null 2>&1; then
    got=$(python3 -c '
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
c = s.find("testcase")
print(s.get("errors"), s.get("failures"), c.find("error") is not None, c.find("failure") is None)' "$tmp/inv.xml")
    is "1 0 True True" "$got" "JUnit: a test that could not run is an <error>, not a <failure>"
else
    skip "python3 is not installed (checks the JUnit XML)"
fi

# ---- usage ----
expect_run "no suite: exit 2" 2 "" "sfdbg test: expected SUITE.json... or MOCKCONFIG --workflow F" -- test
expect_run "--help: exit 0" 0 "usage: sfdbg test SUITE.json..." "" -- test --help
expect_run "an unknown option: exit 2" 2 "" "sfdbg test: unknown option '--bogus'" -- test "$tmp/s/pass.suite.json" --bogus
expect_run "--input without --workflow: exit 2" 2 "" "sfdbg test: --input goes with MOCKCONFIG --workflow F" -- \
    test "$tmp/s/pass.suite.json" --input '{}'
SFN_MOCK_CONFIG=$tmp/s/none.json "$sfdbg" test "$tmp/s/pass.suite.json" >/dev/null 2>&1
ok $? "SFN_MOCK_CONFIG does not change a suite's run (the suite names its mocks)"

# ---- smoke mode: every test case of a mock config ----
of=fixtures/order-flow
expect_run "smoke: the failing test cases are not ok, exit 1" 1 \
    "ok 1 - $of/mocks.json: HappyPath (SUCCEEDED)" "" -- \
    test $of/mocks.json --workflow $of/order-flow.asl.json --input file://$of/input.json --seed 1 --start-time 2024-05-01T09:00:00Z
grep -qxF "not ok 3 - $of/mocks.json: PaymentRejected (FAILED)" "$tmp/out" &&
    grep -qxF '#   at $.status: expected "SUCCEEDED", got "FAILED" (error "Payment.Rejected", cause "card declined")' "$tmp/out"
ok $? "smoke: a FAILED execution is not ok with its error and cause"
is "1..4 2 2" "$(head -1 "$tmp/out") $(grep -c '^ok' "$tmp/out") $(grep -c '^not ok' "$tmp/out")" \
    "smoke: one test per test case of the state machine"
expect_run "smoke: --test-case runs one" 0 "ok 1 - $of/mocks.json: HappyPath (SUCCEEDED)" "" -- \
    test $of/mocks.json --workflow $of/order-flow.asl.json --input file://$of/input.json --test-case HappyPath
expect_run "smoke: the default input is {}" 1 \
    "#   at \$.status: expected \"SUCCEEDED\", got \"FAILED\" (error \"States.Runtime\", cause \"An error occurred while executing the state 'SaveOrder'" "" -- \
    test $of/mocks.json --workflow $of/order-flow.asl.json --test HappyPath
expect_run "smoke: an unknown test case" 2 "" "sfdbg test: $of/mocks.json: StateMachines.order-flow.TestCases: no test case 'Nope'" -- \
    test $of/mocks.json --workflow $of/order-flow.asl.json --test-case Nope
cp $of/order-flow.asl.json "$tmp/other.asl.json"
expect_run "smoke: a workflow the mock config does not know" 2 "" \
    "sfdbg test: $of/mocks.json: StateMachines.other.TestCases: expected a non-empty object (the state machine's name is the workflow file's base name)" -- \
    test $of/mocks.json --workflow "$tmp/other.asl.json"
expect_run "smoke: a mock config that is not JSON" 2 "" "sfdbg test: $tmp/s/broken.json:" -- \
    test "$tmp/s/broken.json" --workflow "$tmp/s/wf.asl.json"
expect_run "smoke: two mock configs" 2 "" "sfdbg test: --workflow takes exactly one MOCKCONFIG" -- \
    test $of/mocks.json $of/mocks.json --workflow $of/order-flow.asl.json
expect_run "smoke: a bad --seed" 2 "" "--seed: expected a non-negative integer, got 'x'" -- \
    test $of/mocks.json --workflow $of/order-flow.asl.json --seed x

# ---- the fixtures' suites, as prove reads them ----
suites=$(ls fixtures/*/*.suite.json 2>/dev/null)
[ -n "$suites" ]
ok $? "the fixtures have suites"
for f in $suites; do
    expect_run "$f passes" 0 "ok 1 - " "" -- test "$f"
done
if command -v prove >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    prove --exec "$sfdbg test" $suites >"$tmp/prove.out" 2>&1
    ok $? "prove reads the fixtures' suites' TAP and passes"
    prove --exec "$sfdbg test" "$tmp/s/fail.suite.json" >"$tmp/prove.out" 2>&1
    rc=$?
    [ $rc != 0 ] && grep -qF 'Failed 9/10 subtests' "$tmp/prove.out"
    ok $? "prove counts the failing suite's failures (9/10)"
else
    skip "prove is not installed"
    skip "prove is not installed"
fi

cd "$root" || exit 1
done_testing
