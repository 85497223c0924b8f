#!/usr/bin/env bash
# sfdbg replay: histories recorded by `sfdbg run --history` from the fixtures and a hand-made
# one in AWS's exact shape (interleaved branches and iterations, ISO timestamps) rerun and
# reproduced; diverging definitions reported at the first divergence; redacted histories,
# pages and bad input.

cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

R=tests/replay

# record FIXTURE NAME [run options]: $tmp/NAME.json recorded by sfdbg run --history
record() {
    local fx=$1 name=$2
    shift 2
    "$sfdbg" run "fixtures/$fx/$fx.asl.json" --history "$tmp/$name.json" "$@" >/dev/null 2>&1
    [ -s "$tmp/$name.json" ] || echo "# recording $name wrote no history"
}

record checkout-parallel cp-good --input file://fixtures/checkout-parallel/input.json \
    --mock-config fixtures/checkout-parallel/mocks.json --test-case AllGood
record checkout-parallel cp-fraud --input file://fixtures/checkout-parallel/input.json \
    --mock-config fixtures/checkout-parallel/mocks.json --test-case Fraud
record order-flow of-happy --input file://fixtures/order-flow/input.json \
    --mock-config fixtures/order-flow/mocks.json --test-case HappyPath
record debugger-tour tour --input file://fixtures/debugger-tour/input.json \
    --mock-config fixtures/debugger-tour/mocks.json --test-case Headless
record local-handlers handlers --input '{"orderId": "o-9", "amount": 30}' \
    --handlers fixtures/local-handlers/handlers.json
record order-routing routing --input file://fixtures/order-routing/input.json \
    --start-time 2024-05-01T09:00:00Z

for name in cp-good:checkout-parallel cp-fraud:checkout-parallel of-happy:order-flow \
            tour:debugger-tour handlers:local-handlers routing:order-routing; do
    h=${name%%:*} fx=${name#*:}
    expect_run "a history sfdbg recorded ($h) is reproduced by --rerun" 0 "reproduced:" "" -- \
        replay "$tmp/$h.json" --definition "fixtures/$fx/$fx.asl.json" --rerun
done
expect_run "the retried and the caught tasks are compared too" 0 "4 task attempts compared" "" -- \
    replay "$tmp/cp-good.json" --definition fixtures/checkout-parallel/checkout-parallel.asl.json --rerun

# the hand-made AWS-shaped history: branches and iterations interleave
expect_run "an AWS-shaped history is reproduced" 0 \
    "reproduced: the local run agrees with the recorded one (SUCCEEDED; 7 state visits, 3 task attempts compared)" "" -- \
    replay $R/fanout.aws.history.json --definition $R/fanout.asl.json --rerun
defjson=$(sed 's/\\/\\\\/g; s/"/\\"/g' $R/fanout.asl.json | tr '\n' ' ')
printf '{"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:fanout", "name": "fanout", "definition": "%s", "roleArn": "arn:aws:iam::123456789012:role/x"}\n' \
    "$defjson" >"$tmp/describe.json"
expect_run "the definition may be describe-state-machine-for-execution JSON" 0 "reproduced:" "" -- \
    replay $R/fanout.aws.history.json --definition "$tmp/describe.json" --rerun
expect_run "--history writes the local run's history" 0 "reproduced:" "" -- \
    replay $R/fanout.aws.history.json --definition $R/fanout.asl.json --rerun --history "$tmp/local.json"
expect_run "... which reproduces in turn" 0 "reproduced:" "" -- \
    replay "$tmp/local.json" --definition $R/fanout.asl.json --rerun

# diverging definitions
sed 's/States.MathAdd(\$.n, \$.n)/States.MathAdd($.n, 1)/' $R/fanout.asl.json >"$tmp/div.asl.json"
expect_run "a changed Pass state: the first divergence, with event, state and field" 1 \
    "diverged at recorded event 15 (PassStateExited), local event 13 (PassStateExited): state 'Double', field output at \$.v" "" -- \
    replay $R/fanout.aws.history.json --definition "$tmp/div.asl.json" --rerun
grep -qF '  recorded: 42' "$tmp/out" && grep -qF '  local:    22' "$tmp/out"
ok $? "... with the recorded and the local value"
sed 's/"status": "CONFIRMED"/"status": "DONE"/' fixtures/checkout-parallel/checkout-parallel.asl.json >"$tmp/cp.asl.json"
expect_run "a changed state in a fixture diverges at its output" 1 \
    "state 'Confirm', field output at \$.status" "" -- \
    replay "$tmp/cp-good.json" --definition "$tmp/cp.asl.json" --rerun
sed 's/"NumericGreaterThan": 80/"NumericGreaterThan": 10/' fixtures/checkout-parallel/checkout-parallel.asl.json >"$tmp/cp2.asl.json"
expect_run "a changed Choice diverges at the state entered next" 1 \
    "field state" "" -- \
    replay "$tmp/cp-good.json" --definition "$tmp/cp2.asl.json" --rerun
grep -qF "recorded: Fine" "$tmp/out" && grep -qF "local:    Risky" "$tmp/out"
ok $? "... naming both states"

# redacted (includeExecutionData=false)
expect_run "a redacted history needs the input" 2 "" \
    "the execution's input is no data in the history (recorded without execution data): give it with --input JSON" -- \
    replay $R/fanout.redacted.history.json --definition $R/fanout.asl.json --rerun
expect_run "... and says what it lacks" 1 \
    "input/output fields have no data (recorded without execution data, or redacted): they are not compared" "" -- \
    replay $R/fanout.redacted.history.json --definition $R/fanout.asl.json --rerun --input '{"id": "o-1"}'
grep -qF "note: the recorded result of 'Fetch' (event 8) has no data: the history could not answer it" "$tmp/out"
ok $? "... and which task result it could not give"

# several pages
if command -v python3 >/dev/null; then
    python3 - "$R/fanout.aws.history.json" "$tmp" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
json.dump({"events": ev[:20], "nextToken": "page-2"}, open(sys.argv[2] + "/p1.json", "w"))
json.dump({"events": ev[20:]}, open(sys.argv[2] + "/p2.json", "w"))
json.dump({"events": ev[::-1]}, open(sys.argv[2] + "/rev.json", "w"))
PY
    expect_run "two pages in order are one history" 0 "reproduced:" "" -- \
        replay "$tmp/p1.json" "$tmp/p2.json" --definition $R/fanout.asl.json --rerun
    expect_run "pages out of order: a clear error" 2 "" "p2.json: starts at event 21: events 1-20 are missing" -- \
        replay "$tmp/p2.json" "$tmp/p1.json" --definition $R/fanout.asl.json --rerun
    expect_run "a page with a nextToken alone: said so" 1 "the last page has a nextToken" "" -- \
        replay "$tmp/p1.json" --definition $R/fanout.asl.json --rerun
    expect_run "newest-first (--reverse-order) events are read oldest first" 0 "newest first" "" -- \
        replay "$tmp/rev.json" --definition $R/fanout.asl.json --rerun
    # 49,000 states entered, then left newest first, each chained to ExecutionStarted: the
    # search for the visit a StateExited closes is bounded, so this ends at once
    python3 - "$tmp/contrived.json" <<'PY'
import json, sys
n = 49000
ev = [{"id": 1, "previousEventId": 0, "type": "ExecutionStarted"}]
for i in range(n):
    ev.append({"id": len(ev) + 1, "previousEventId": 1, "type": "PassStateEntered",
               "stateEnteredEventDetails": {"name": "A%d" % i}})
for i in range(n):
    ev.append({"id": len(ev) + 1, "previousEventId": 1, "type": "PassStateExited",
               "stateExitedEventDetails": {"name": "A%d" % (n - 1 - i)}})
json.dump({"events": ev}, open(sys.argv[1], "w"))
PY
    timeout 30 "$sfdbg" replay "$tmp/contrived.json" >/dev/null 2>"$tmp/err"
    is "2 yes" "$? $(grep -q 'among the last 2048 visits' "$tmp/err" && echo yes)" \
        "a contrived 98,001-event history is refused in bounded time"
else
    for i in 1 2 3 4 5; do skip "python3 is not installed: no pages to split"; done
fi

# listing without --rerun
expect_run "without --rerun: the recorded execution, branch by branch" 0 "    iteration 1" \
    "--definition WORKFLOW opens the debugger on the execution" -- replay $R/fanout.aws.history.json
grep -qF '      13 Score (Task) in {"n":21} out {"score":7}' "$tmp/out"
ok $? "... each visit with its input and output"
expect_run "with --definition but no terminal: listed, and said why" 0 "2 Fetch (Task)" \
    "not a terminal: the recorded execution is listed" -- \
    replay $R/fanout.aws.history.json --definition $R/fanout.asl.json

# bad input
expect_run "--rerun needs --definition" 2 "" "--rerun needs --definition WORKFLOW" -- \
    replay $R/fanout.aws.history.json --rerun
expect_run "no history file" 2 "" "no history file given" -- replay --rerun
expect_run "a missing file" 2 "" "$tmp/nope.json" -- replay "$tmp/nope.json"
printf '{"events": [\n  {"id": 1, ' >"$tmp/broken.json"
expect_run "invalid JSON: file, line and column" 2 "" "$tmp/broken.json:2:" -- replay "$tmp/broken.json"
sed 's/"TaskStarted"/"TaskWobbled"/' $R/fanout.aws.history.json >"$tmp/unknown.json"
expect_run "an unknown event type" 2 "" "unknown.json: event 4: unknown event type 'TaskWobbled'" -- \
    replay "$tmp/unknown.json"
sed 's/"id": 7,/"id": 6,/' $R/fanout.aws.history.json >"$tmp/dup.json"
expect_run "a duplicate id" 2 "" "dup.json: event id 6 appears twice or out of order" -- replay "$tmp/dup.json"
expect_run "a definition that does not match the history" 2 "" \
    "fanout.aws.history.json: event 2 (TaskStateEntered): the definition has no state named 'Fetch'" -- \
    replay $R/fanout.aws.history.json --definition fixtures/order-flow/order-flow.asl.json --rerun
{ printf '{"events": [{}'; head -c 2000000 /dev/zero | tr '\0' '\n' | sed 's/^/,{}/' | tr -d '\n'; printf ']}'; } >"$tmp/big.json"
expect_run "1,000,000 events and more: refused, naming the file" 2 "" "big.json: more than 100000 events" -- \
    replay "$tmp/big.json"
truncate -s 300M "$tmp/huge.json"
if [ -n "${SFDBG_SANITIZER:-}" ]; then
    skip "built with $SFDBG_SANITIZER sanitizers, which reserve more than the 200 MB of address space this test allows (the plain build checks it)"
else
    (ulimit -v 200000; "$sfdbg" replay "$tmp/huge.json" >"$tmp/huge.out" 2>&1); rc=$?
    [ $rc = 2 ] && grep -qF "huge.json: larger than the limit of 268435456 bytes" "$tmp/huge.out"
    ok $? "a history over 256 MiB: refused from its size, before reading it (200 MB address space)"
fi
printf '{"definition": "{\\"StartAt\\": 1}"}\n' >"$tmp/baddesc.json"
expect_run "an invalid definition inside describe JSON: diagnostics name the file and its text" 2 "" \
    "baddesc.json (its \"definition\" text):1:2: error: SCHEMA_VALIDATION_FAILED" -- \
    replay $R/fanout.aws.history.json --definition "$tmp/baddesc.json" --rerun
expect_run "--help" 0 "usage: sfdbg replay HISTORY.json" "" -- replay --help

done_testing
