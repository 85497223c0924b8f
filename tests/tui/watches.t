#!/usr/bin/env bash
# Watches evaluate the state about to run, like gdb's display (issue 14 item 2); a past visit
# the user picks is said in the title; names and errors are shown whole; an invalid
# expression is refused when typed, with the parser's message and position, not saved.
. "$(dirname "$0")/lib.sh"

start 140 42 validate.asl.json --input '{"order": 1}'
expect_status 'PAUSED +at Validate' "opens"
cmd 'watch $.validation.valid'
expect_status 'watching \$\.validation\.valid' "a watch is added"
expect '│input of Validate \(about to run\)' "the watches say what they look at"
expect '\$\.validation\.valid = \(no match\)' "Validate's input has no validation yet"
keys n
expect_status 'PAUSED +at IsValid' "n: paused at IsValid"
expect '│input of IsValid \(about to run\)' "the watches follow the state about to run"
expect '\$\.validation\.valid = true' "... and show the value from IsValid's input, not (no match)"
cmd 'goto Validate'
expect '│input of Validate, visit 1 +│' "a past visit picked: the title says which"
expect '\$\.validation\.valid = \(no match\)' "... and the watch shows that visit's input"
cmd 'watch $.validation.reason_for_the_decision_in_a_name_far_longer_than_twelve_characters'
expect 'name_far_longer_than_twelve_characters' "a long watch name is shown whole (wrapped)"
cmd 'watch $..[bad'
expect_status 'not watched: \$\.\.\[bad is not a JSONPath: .* at position [0-9]+ \(w brings' \
    "an invalid expression is refused when typed, with the parser's message and position"
expect_not '\$\.\.\[bad =' "it is not in the pane"
f=$(ls "$XDG_CONFIG_HOME"/sfdbg/workflows/validate.asl.json-*.json 2>/dev/null | head -1)
[ -n "$f" ] && grep -q 'validation.valid' "$f" && ! grep -q 'bad' "$f"
ok $? "it is not saved (the valid ones are)"
keys w
expect_status '^watch: \$\.\.\[bad' "w brings the refused text back to fix"
keys C-e C-u
type_text '$.order'
keys Enter
expect '\$\.order = 1' "the fixed expression is watched"
keys n
expect_status 'PAUSED +at Accept' "n: the Choice accepts"
keys n
expect_status 'SUCCEEDED' "n: it ends"
expect '│the execution.s output +│' "at the end the watches look at the output"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
