#!/usr/bin/env bash
# Child executions in the debugger: states:startExecution with --workflows runs the child,
# the task's source names it, and stepping back over it replays its answer.
. "$(dirname "$0")/lib.sh"

fx=$ROOT/fixtures/nested-workflows
start 140 45 $fx/order.asl.json --input file://$fx/input.json --workflows $fx/workflows --seed 1
expect 'PAUSED' "opens"
keys c
expect_status '^ SUCCEEDED ' "the parent and its children run to the end: SUCCEEDED"
keys N
expect_status '^ PAUSED ' "step back over the last child execution"
keys c
expect_status '^ SUCCEEDED ' "and forward again (the journal's answer)"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
