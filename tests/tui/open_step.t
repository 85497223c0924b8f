#!/usr/bin/env bash
# Opening the debugger, stepping, and the Stages tab with the data-flow record.
. "$(dirname "$0")/lib.sh"

start 160 45 pipeline.asl.json --input file://pipeline.input.json --start-time 2024-01-01T00:00:00Z --seed 7
expect 'PAUSED +at Shape \(start\) · step 0' "opens paused before the first state"
expect '▶ Shape' "the graph marks the current state"
expect 'ExecutionStarted' "the events pane shows the history"
expect '\[Input\]' "the inspector shows the input of the state about to run"
expect 'order: \{ 3 keys' "the input is a folding tree with sizes"

keys n
expect 'PAUSED +at Route · step 1' "n steps one transition"
expect '\[Stages\]' "after a step the inspector shows Stages"
expect 'afterInputPath +\{"id":"o-42","total":250,"note":"fragile"\}' "Stages shows afterInputPath"
expect 'afterParameters +\{"id":"o-42","amount":250,"tag":"shaped"\}' "Stages shows the Parameters value"
expect 'afterResultPath +\+ \$\.shaped \{…\}' "the afterResultPath row says what ResultPath changed"
keys 2 j j j j j Enter
expect 'shaped: \{"id":"o-42","amount":250,"tag":"shaped"\}' "opening it shows where ResultPath put the result"
expect 'output +\{"id":"o-42","amount":250,"tag":"shaped"\}' "Stages shows the OutputPath value"
expect_not 'afterResultSelector' "a Pass has no ResultSelector: the Stages tab does not list the row"
expect 'result +\(unchanged\)' "unchanged stages are marked"
expect '✓ Shape' "the state that ran is marked visited"
expect 'PassStateExited' "history events carry AWS's names"

# the real ResultSelector needs a Task state; once the engine answers tasks from a mock
# config this fixture runs and the check below applies
if "$SFDBG" run "$FIX/selector.asl.json" --mock-config "$FIX/selector.mock.json" --test-case Ok >/dev/null 2>&1; then
    tm kill-server
    start 120 40 selector.asl.json --mock-config selector.mock.json --test-case Ok
    keys n
    expect 'afterResultSelector +\{"valid":true\}' "Stages shows the ResultSelector value"
else
    N=$((N + 1)); echo "ok $N # SKIP ResultSelector needs Task states (not in this engine yet)"
fi

keys c
expect 'SUCCEEDED' "c continues to the end; the status bar says SUCCEEDED"
# the Diff tab: what changed from the input to the output, with what a changed value was
start 160 45 pipeline.asl.json --input '{"order": {"id": "o-42", "total": 250}, "id": "old", "tag": "x"}'
keys n
expect 'PAUSED +at Route · step 1' "a step with an input whose keys the output changes"
keys 2 ] ] ] ] ]
expect '\[Diff\]' "] goes to the Diff tab"
expect '~ \$\.id +"o-42" +was "old"' "a changed value says what it was"
expect '~ \$\.tag +"shaped" +was "x"' "for every changed key"
expect '- \$\.order' "a removed key is marked -"
expect '\+ \$\.amount +250' "an added key is marked +"
expect_not '\+ \$\.amount +250 +was' "an added key has no 'was'"
tm kill-server
done_testing
