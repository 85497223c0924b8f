#!/usr/bin/env bash
# `sfdbg replay HISTORY --definition F` in a terminal: the debugger on the definition, every
# task answered as the recorded execution was (a retried Lambda, a Parallel, a Map).
. "$(dirname "$0")/lib.sh"

R=$ROOT/tests/replay
start 160 45 replay "$R/fanout.aws.history.json" --definition "$R/fanout.asl.json"
expect 'PAUSED +at Fetch \(start\)' "the debugger opens on the recorded execution's definition"
expect 'o-1' "with the recorded input"
keys n
expect 'Lambda.TooManyRequestsException' "the first attempt fails as recorded"
keys c
expect 'SUCCEEDED' "continue: the execution ends as recorded"
expect 'Events \(33\)' "the local run has the recorded history's 33 events"
keys N
expect 'PAUSED' "step back re-executes from the recorded answers"
keys c
expect 'SUCCEEDED' "and it ends the same again"
done_testing
