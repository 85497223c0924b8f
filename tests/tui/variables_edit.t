#!/usr/bin/env bash
# Variables edited and watched in JSONata (issue 12 item 6): `:set $name JSON` before the next
# state (the Vars tab and the events say so; step back replays it like an input edit), a
# `{% %}` watch over the state about to run, a JSONata breakpoint condition over a variable,
# and an expression that does not parse refused with its position marked.
. "$(dirname "$0")/lib.sh"

start 140 42 variables.asl.json --input '{"customer": {"name": "ann"}}'
expect_status 'PAUSED +at Remember' "opens"
cmd 'watch {% $attempts * 2 %}'
expect '\{% \$attempts \* 2 %\} = \(undefined\)' "a JSONata watch: \$attempts is not assigned yet"
cmd 'watch {% $attempts * %}'
expect_status 'not watched: .*▸' "a JSONata watch that does not parse is refused, the position marked"
keys n
expect_status 'PAUSED +at Count' "n: Remember ran"
expect '\{% \$attempts \* 2 %\} = 0' "the watch follows the variable Count will read"
cmd 'set $attempts 41'
expect_status '\$attempts set: the next state sees it' ":set edits a variable"
expect '\$attempts +41' "the Vars tab shows the new value"
expect '\{% \$attempts \* 2 %\} = 82' "and the watch"
expect '✎ \$attempts set at step 1, before Count: 41' "the events log the edit"
keys n
expect_status 'PAUSED +at Done' "n: Count ran with the edited value"
expect 'variables +\{"attempts":42\}' "Stages: the variables row (TestState's name) has what Assign set"
expect 'output +\{"who":"ann","attempts":41\}' "its Output read the edited 41"
cmd 'tab Vars'
expect '= \$attempts +42 +set by this state.s Assign \(was 41\)' "its Assign: 42, and what it was"
keys N
expect_status 'PAUSED +at Count' "N: back before Count"
keys n
expect_status 'PAUSED +at Done' "n again"
expect '= \$attempts +42' "step back replayed the edit: still 42"
cmd 'run'
cmd 'break Count if {% $attempts > 0 %}'
expect 'breakpoint 1: Count' "a breakpoint with a JSONata condition over a variable"
keys c
expect_status '^ SUCCEEDED' "the restarted run has \$attempts 0 at Count: the condition does not hold"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
