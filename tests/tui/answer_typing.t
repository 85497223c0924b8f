#!/usr/bin/env bash
# Nothing typed into an answer dialog runs as a command (issue 14 item 1): the dialog that
# opens by itself for a task nothing answered is not closed by x (the key that opened it),
# and JSON typed at once lands in its field; the token dialog behaves the same.
. "$(dirname "$0")/lib.sh"

TOUR=$ROOT/fixtures/debugger-tour
start 140 42 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" --seed 3
expect_status 'PAUSED +at ReceiveOrder' "opens without a mock config"
keys n n
expect 'Result of CheckFraud · nothing answered this task' "the result dialog opens on its own"
expect_not '\(nothing answered it: x\)' "the status bar no longer says to press x"
keys x
expect 'x is not a key here: s result   f error   t time out   Esc close' "x does not close it: the dialog says its keys"
expect 'Result of CheckFraud · nothing answered this task' "the dialog is still open"
type_text '{"StatusCode": 200, "Payload": {"score": 5, "x": "s d :q"}}'
expect 'Result \(JSON\), what the task returns:' "a typed { opens the result field"
expect '║ \{"StatusCode": 200, "Payload": \{"score": 5, "x": "s d :q"\}\} +║' \
    "everything typed is in the field, x and s and : included (the {} placeholder replaced)"
expect_status '^ WAITING FOR RESULT +at CheckFraud' "nothing ran as a command: no step"
expect_status 'Enter sends   Esc cancels \(x brings it back\)' "the status bar says the field's keys"
expect_not 'Breakpoints.*●' "no breakpoint was toggled"
keys Enter
expect_status '^ PAUSED +at RouteByAmount \(CheckFraud answered: success\)' "Enter sends it: the task completes"
expect 'afterResultSelector +\{"score":5\}' "the typed result went through ResultSelector"
keys q y
expect 'EXIT 0' "quits"

# the token dialog: x, q and letters are not commands either; Esc is the only way out
start 160 45 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" \
    --mock-config "$TOUR/mocks.json" --test-case Tour --seed 11 --start-time 2024-01-01T00:00:00Z
expect_status 'PAUSED' "opens with mocks"
keys c
expect_status '^ WAITING FOR TOKEN +at RequestApproval \(waits for its token\)' "c stops at the approval"
keys x
expect 'Answer RequestApproval · waiting for its task token' "x opens the token dialog"
keys x q
expect 'q is not a key here: s success' "x and q do not close the token dialog"
expect 'Answer RequestApproval · waiting for its task token' "it stays open"
keys s
type_text 'x'
expect '║ x +║' "a typed x is text in the success field"
keys Escape
expect_gone 'SendTaskSuccess ·' "Esc closes it"
expect 'answer put aside: x brings it back' "and keeps the text"
keys q y
expect 'EXIT 0' "quits"
done_testing
