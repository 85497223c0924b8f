#!/usr/bin/env bash
# Variables in the debugger (issue 12): the Vars tab lists what a state's Assign set ("= $x")
# and every variable in scope when it ran (before its own Assign); before a state runs it
# shows the variables it will see; a watch on $name follows them.
. "$(dirname "$0")/lib.sh"

start 140 42 variables.asl.json --input '{"customer": {"name": "ann"}}'
expect_status 'PAUSED +at Remember' "opens"
cmd 'tab Vars'
expect '\(no variables in scope\)' "nothing assigned before the first state"
cmd 'watch $customer.name'
expect '\$customer\.name = \(no match\)' "a watch on a variable not yet assigned"
keys n
expect_status 'PAUSED +at Count' "n: Remember ran"
expect '= \$customer +\{ 1 key' "Vars: Remember's Assign set \$customer"
expect 'name: "ann"' "shown as a tree"
expect '= \$attempts +0' "and \$attempts"
expect '\$customer\.name = "ann"' "the watch sees the variable Count is about to read"
keys n
expect_status 'PAUSED +at Done' "n: Count ran"
expect '= \$attempts +1' "Count's Assign set \$attempts to 1"
expect '\$attempts +0 +in scope when it ran' "its expressions saw the value from before (0)"
cmd 'tab Stages'
expect 'output +\{"who":"ann","attempts":0\}' "Stages: a JSONata Pass has its input and its Output"
expect_not 'afterInputPath' "and no JSONPath stages"
cmd 'tab Output'
expect 'attempts: 0' "so its Output used 0, as AWS evaluates"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
