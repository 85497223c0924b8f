#!/usr/bin/env bash
# Breakpoints: set with :break, stop on continue, condition, list, persistence per workflow.
. "$(dirname "$0")/lib.sh"

start 140 42 pipeline.asl.json --input file://pipeline.input.json --seed 1
expect 'PAUSED' "opens"
cmd 'break Approve'
expect 'breakpoint 1: Approve' "a breakpoint on a state"
expect '● 1 Approve +hit 0' "the list shows it"
keys c
expect 'PAUSED +at Approve \(breakpoint 1: Approve\)' "continue stops at the breakpoint; the status bar says so"
expect '● 1 Approve +hit 1' "the hit count goes up"
expect '● +║ ▶ Approve' "the graph marks the breakpoint and the current state"
cmd 'break type Succeed if $.decision.approved == true'
expect 'breakpoint 2: type Succeed if \$\.decision\.approved == true' "a conditional breakpoint on a state type"
keys c
expect 'PAUSED +at Done \(breakpoint 2: Done\)' "the condition holds: it stops"
cmd 'break Nowhere'
expect "no state named 'Nowhere'" "an unknown state is refused"
cmd 'break Shape if $..[bad'
expect 'not a JSONPath or a comparison' "a bad condition is refused with a message"
f=$(ls "$XDG_CONFIG_HOME"/sfdbg/workflows/pipeline.asl.json-*.json 2>/dev/null | head -1)
[ -n "$f" ] && grep -q '"target": "Approve"' "$f"
ok $? "breakpoints are saved per workflow under XDG_CONFIG_HOME"
keys 4 Space
expect '○ 1 Approve \(disabled\)' "space in the list disables a breakpoint"
cmd 'q!'
expect 'EXIT 0' "quits"
tm kill-server
start 140 42 pipeline.asl.json --input file://pipeline.input.json
expect '○ 1 Approve \(disabled\)' "breakpoints come back in the next session"
expect '2 type Succeed if' "with their conditions"
cmd 'delete all'
expect 'all breakpoints deleted' ":delete all"
cmd 'break error'
keys c
expect 'SUCCEEDED' "no error: runs to the end"
done_testing
