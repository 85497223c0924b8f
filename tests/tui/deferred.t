#!/usr/bin/env bash
# A task nothing answers (no mock config, no handler): the debugger asks for its result or
# an error, in the same dialog, titled for a result; the answer goes through ResultSelector
# and ResultPath like any result; an error fails the task.
. "$(dirname "$0")/lib.sh"

# a scripted $EDITOR for Ctrl-E: it keeps what it was given, then writes a multi-line
# answer, broken or valid as $TMPD/mode says
cat >"$TMPD/editor.sh" <<EOS
#!/bin/sh
cat "\$1" >> "$TMPD/seen"
if [ "\$(cat "$TMPD/mode")" = bad ]; then
    printf '{\n  "StatusCode": 200,\n  "Payload": {"score": }\n}\n' > "\$1"
else
    printf '{\n  "StatusCode": 200,\n\t"Payload": {"score": 95, "model": "manual"}\n}\n' > "\$1"
fi
EOS
chmod +x "$TMPD/editor.sh"
export EDITOR="$TMPD/editor.sh" VISUAL=

TOUR=$ROOT/fixtures/debugger-tour
start 140 42 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" --seed 3
expect_status 'PAUSED +at ReceiveOrder' "opens without a mock config"
keys n n
expect 'Result of CheckFraud · nothing answered this task' "the dialog opens on its own, titled for the task's result"
expect 'Nothing answered CheckFraud: give its result \(s, or type the JSON\) or an error \(f\)' "it says what to give"
expect 's result   f error   t time out   Esc close' "result, error or time out (no heartbeat)"
expect_status '^ WAITING FOR RESULT +at CheckFraud \(nothing answered it\) .*s result   f error   t time out   Esc close' \
    "the status bar says WAITING for its result, and the dialog's keys (not x)"
expect 'TaskStarted +CheckFraud .*⏸ waiting for its result' "the events say so in words"
keys Escape
expect_gone 'Result of CheckFraud' "Esc closes the dialog"
keys c
expect 'nothing answered CheckFraud: x gives its result' "c cannot go on without the result"
keys x s
expect 'Result \(JSON\), what the task returns:' "x s: the result field"
echo bad >"$TMPD/mode"
keys C-e
expect '\{ "StatusCode": 200, "Payload": \{"score": \} \}' "Ctrl-E: the edited file comes back as one line"
grep -qx '{}' "$TMPD/seen"
ok $? "the editor was given the field's text"
keys Enter
expect 'invalid JSON at 1:[0-9]+' "the file's mistake is refused with its position"
expect_status 'WAITING FOR RESULT' "nothing was sent"
echo good >"$TMPD/mode"
keys C-e
expect '\{"StatusCode":200,"Payload":\{"score":95,"model":"manual"\}\}' "valid JSON from the editor is compacted into the field"
keys Enter
expect_status '^ PAUSED +at RouteByAmount \(CheckFraud answered: success\)' "the typed result completes the task: PAUSED"
expect 'afterResultSelector +\{"score":95\}' "it went through ResultSelector"
cmd 'tab Output'
expect '▾ fraud: \{ 1 key' "and ResultPath put it into the output"
expect 'score: 95' "the score typed"
expect_not 'TaskSubmitted' "no TaskSubmitted: it was the task's own result, not a callback"
keys n
expect_status 'PAUSED +at Rejected' "the Choice routes the risky order to Rejected"

keys R
expect_status 'PAUSED +at ReceiveOrder' "R restarts"
keys n n
expect 'Result of CheckFraud · nothing answered this task' "asked again"
keys f
expect 'Error of CheckFraud · nothing answered this task' "f: the error page"
type_text 'Lambda.ServiceException'
keys Tab
type_text 'fraud service down'
keys Enter
expect_status '^ FAILED +Lambda.ServiceException: fraud service down' "an error fails the task (no Catch): FAILED"
expect 'TaskFailed +CheckFraud' "the history has TaskFailed"
keys q
expect 'EXIT 0' "quits"
done_testing
