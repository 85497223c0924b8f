#!/usr/bin/env bash
# `sfdbg replay HISTORY --definition F` in a terminal: the debugger on the definition, every
# task answered as the recorded execution was (a retried Lambda, a Parallel, a Map); the
# recorded events beside the local run (:recorded), each shown as recorded; the recorded
# path on the graph; the divergence of a changed definition marked; a redacted history said.
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
expect_status 'the run ended: the local run reproduces the recorded one' "the ended run is compared again: it reproduces"
tm kill-server

# the recorded events and the recorded path
start 160 45 replay "$R/fanout.aws.history.json" --definition "$R/fanout.asl.json"
expect_status 'replay of .*fanout.aws.history.json: the local run reproduces the recorded one' \
    "the debugger opens saying the local run reproduces the recorded one"
expect '5 Events \(1\) · :recorded: the recorded run' "the Events pane says :recorded shows the recorded run"
expect_gone '✓ Double' "before a step the graph has no visited state"
keys ':recorded' Enter
expect '5 Recorded \(33\) · .*fanout.aws.history.json' ":recorded: the recorded events"
expect '✓ Double' "the graph marks the recorded path (Double visited)"
expect '✓ Tag │ ×2' "... the Map's iterations (Tag twice)"
expect '▶ Fetch ║ ↻1' "... and the retried attempt on Fetch"
expect '28 PassStateExited +Tag +iter 0' "the rows name their Map iteration"
keys 5 g j
expect '2 Recorded event 2 TaskStateEntered · Fetch · as recorded' "picking a recorded event: the inspector shows it"
expect 'id: "o-1"' "... with the input as recorded"
expect_gone '✓ Double' "... and the graph as of that event (Double not yet visited)"
keys j j j
expect 'Recorded event 5 TaskFailed · Fetch' "stepping down the recorded events: the failed attempt"
expect '5 TaskFailed +Fetch .*Lambda.TooManyRequestsException' "... its row names the error"
keys 6
keys j j j j j j j
expect 'Recorded event 12 PassStateEntered · Double · branch 0' "a Parallel branch's event, with its branch"
keys k
expect 'Recorded event 11 ParallelStateStarted' "stepping back up the recorded events"
keys ':goto Score' Enter
expect '2 State: Score · Task' "choosing a state on the graph: the inspector leaves the recorded event"
keys ':recorded' Enter
expect '5 Events \(1\)' ":recorded again: the local run's events"
expect_gone '2 Recorded event' "... and the inspector on the local run again"
tm kill-server

# a definition that no longer does what was recorded: the divergence marked
sed 's/States.MathAdd(\$.n, \$.n)/States.MathAdd($.n, 1)/' "$R/fanout.asl.json" >"$TMPD/changed.asl.json"
start 160 45 replay "$R/fanout.aws.history.json" --definition "$TMPD/changed.asl.json"
expect_status "replay of .*: diverged at 'Double' \(recorded event 15, local 13\)" \
    "the debugger opens saying where the local run diverges"
expect '≠ Double' "the graph marks the state where it diverges"
keys m
expect "diverged at 'Double' \\(recorded event 15, local 13\\): output at \\\$\\.v: recorded" "the message names the field and the path"
expect "42, local 22 \\(:recorded lists the recorded events\\)" "... and both values"
keys Escape
keys ':recorded' Enter
expect '15 PassStateExited +Double +branch 0  ≠ local differs here' "the recorded view opens on the event where it diverges, marked"
keys ':recorded' Enter c
expect 'SUCCEEDED' "the local run goes on to its end"
expect_status "the run ended: diverged at 'Double' \(recorded event 15, local 13\)" "the ended run is compared again: the same divergence"
keys 5 g j j j j j j j j j j j j
expect '13 PassStateExited +Double .*≠ the recorded run differs here' "the local event where it diverges is marked"
tm kill-server

# a redacted history: said on screen
start 160 45 replay "$R/fanout.redacted.history.json" --definition "$R/fanout.asl.json" --input '{"id":"o-1"}'
expect_status 'replay of .*: [0-9]+ fields without data' "a redacted history: the message says what it lacks"
keys ':recorded' Enter
expect '5 Recorded \(33\) · .* fields without data \(redacted' "... and the recorded events' title"
keys 5 g j
expect 'input: no data \(recorded without execution data\)' "a recorded event without data says so"
tm kill-server

# a failed execution's history, recorded by sfdbg run
(cd "$FIX" && "$SFDBG" run fail.asl.json --input '{"ok": false}' --history "$TMPD/failed.json" >/dev/null)
start 120 40 replay "$TMPD/failed.json" --definition fail.asl.json
expect_status 'replay of failed.json: the local run reproduces the recorded one' "a failed execution's history opens, reproduced"
keys ':recorded' Enter
expect '✗ Broken' "the recorded path: the state the execution failed in"
expect 'ExecutionFailed .*Check.Failed: ok was not true' "... and the recorded failure's row"
tm kill-server

# outside sfdbg replay
start 120 40 pipeline.asl.json --input file://pipeline.input.json
expect 'PAUSED' "a plain debugger"
keys ':recorded' Enter
expect_status ':recorded: only in `sfdbg replay`' ":recorded says it needs a recorded execution"
done_testing
