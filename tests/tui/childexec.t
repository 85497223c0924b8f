#!/usr/bin/env bash
# Stepping into a child execution: `s` on a states:startExecution.sync:2 task enters the
# child (its own graph, events and panes, the title's path), the child's Choice runs there,
# its end is back in the parent; `N` at the child's start goes back across it; `:child`
# re-enters the child a visit started; a breakpoint set inside the child stops there; `f`
# finishes it; a breakpoint qualified with the child's name makes `c` enter the child. Fixtures: tests/tui/fixtures/childexec/.
. "$(dirname "$0")/lib.sh"

fx=$FIX/childexec
start 140 45 $fx/parent.asl.json --input file://$fx/input.json --workflows $fx/workflows --seed 1
expect 'PAUSED' "opens"
keys n
expect_status 'at StartChild' "n: at the startExecution task"
keys s
expect 'parent.asl.json › StartChild › child:review › Decide' "s: in the child, the title shows the path"
expect 'Decide' "the child's graph"
expect_status 'in the child execution arn:aws:states:us-east-1:123456789012:execution:review:review-o-7' \
    "the status names the child execution"
expect 'ExecutionStarted' "the child's own events"
keys n
expect 'child:review › Escalate' "n in the child: the Choice took Escalate (amount 250)"
keys N
expect 'child:review › Decide' "N inside the child: back at Decide"
keys N
expect 'Graph ─ parent.asl.json ' "N at the child's start: out of it"
expect_status 'at StartChild \(stepped back\)' "and back before the task in the parent"
keys s
expect 'child:review › Decide' "s again: into the child"
cmd 'break Approve'
keys c
expect_status 'breakpoint 1: Approve' "a breakpoint set in the child stops there"
expect 'child:review › Approve' "at Approve in the child"
cmd 'delete 1'
keys f
expect_status 'the child execution ended SUCCEEDED: back at StartChild › child:review' \
    "f finishes the child: back in the parent"
expect 'Graph ─ parent.asl.json ' "the parent's graph again"
expect_status 'at Done' "the parent went on past the task"
keys k
cmd 'child'
expect 'child:review › Decide' ":child on the task's visit enters its child again"
keys f
expect_status 'back at StartChild' "f: back"
keys n
expect_status '^ SUCCEEDED ' "the parent ends"
keys R
expect_status 'restarted' "R: a new run"
cmd 'break review:Approve'
expect_status 'breakpoint 2: child:review › Approve' "a breakpoint qualified with the child's name"
keys c
expect 'parent.asl.json › StartChild › child:review › Approve' "c enters the child and stops there"
expect_status 'breakpoint 2: Approve' "the stop names the breakpoint"
keys c
expect_status 'the child execution ended SUCCEEDED' "c inside: the child ends, back in the parent"
keys c
expect_status '^ SUCCEEDED ' "c: the parent ends"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
