#!/usr/bin/env bash
# Answering a task token with a failure, and everything the dialog refuses or keeps: invalid
# JSON (its position, the text kept), Esc (the text kept for the next x), AWS's errors
# (InvalidToken, TaskDoesNotExist) as messages, the token revealed, a heartbeat, a time out.
. "$(dirname "$0")/lib.sh"

# a scripted $EDITOR for Ctrl-E: an output over AWS's 256 KiB
cat >"$TMPD/editor.sh" <<'EOS'
#!/bin/sh
{ printf '{"blob": "'; head -c 300000 /dev/zero | tr '\0' x; printf '"}\n'; } > "$1"
EOS
chmod +x "$TMPD/editor.sh"
export EDITOR="$TMPD/editor.sh" VISUAL=

TOUR=$ROOT/fixtures/debugger-tour
start 160 45 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" \
    --mock-config "$TOUR/mocks.json" --test-case Tour --seed 11 --start-time 2024-01-01T00:00:00Z
expect_status 'PAUSED' "opens"
keys x
expect 'no task is waiting for a token' "x with no task waiting says so"
cmd 'send-success {}'
expect 'no task is waiting for a token' ":send-success with no task waiting says so"

keys c
expect_status '^ WAITING FOR TOKEN +at RequestApproval' "c stops at the waiting approval"
keys n
expect 'RequestApproval waits for its task token: x answers it' "n cannot go on: it says to answer"
expect_status '^ WAITING FOR TOKEN' "and the task still waits"
cmd 'input {"x": 1}'
expect 'input not changed: RequestApproval has started' "the waiting task's input can no longer change"
keys e
expect 'RequestApproval has started \(it waits for its answer: x\)' "e says so too"

# invalid JSON is refused with its position; the text stays
keys x s BSpace BSpace
type_text '{"approved": tru}'
keys Enter
expect 'invalid JSON at 1:14' "invalid JSON is refused with its line:column"
expect '\{"approved": tru\}' "what was typed stays in the field"
expect_status '^ WAITING FOR TOKEN' "nothing was sent"
keys Escape
expect 'answer put aside: x brings it back' "Esc cancels and keeps the text"
expect_gone 'SendTaskSuccess ·' "the dialog is closed"
keys x s
expect '\{"approved": tru\}' "the next x s brings the text back"
keys Escape

# the token: masked, revealed; heartbeat
keys x
expect 'Token  •{16}  \(40 characters' "the token is masked"
keys r
expect 'Token  [A-Za-z0-9_-]{40}  \(r hides\)' "r reveals it"
token=$(screen | grep -oE 'Token  [A-Za-z0-9_-]{40}' | head -1 | cut -c8-)
[ ${#token} = 40 ]
ok $? "the revealed token has 40 characters"
keys h
expect "heartbeat sent: RequestApproval's 3600 s HeartbeatSeconds count from now" "h sends a heartbeat"
expect_status '^ WAITING FOR TOKEN' "a heartbeat does not complete the task"
keys Escape

# AWS's errors are messages
cmd 'send-success --token not-a-real-token {}'
expect 'refused \(InvalidToken\): Invalid Token' "a wrong token: InvalidToken, as a message"
cmd 'send-success {"a": [1, 2'
expect 'not sent: invalid JSON at 1:12: Unexpected end-of-input' ":send-success refuses invalid JSON with its position"
keys x s C-u C-k C-e
expect 'from .*editor.sh: Enter sends' "Ctrl-E: a long payload from \$EDITOR"
expect '║ x{80,}' "it is in the field, scrolled to the cursor"
keys Enter
expect 'refused \(InvalidOutput\): Invalid Output' "over 256 KiB: InvalidOutput, as a message"
expect_status '^ WAITING FOR TOKEN' "nothing was sent"
keys Escape
keys x f
expect 'SendTaskFailure · RequestApproval' "f: the failure page"
type_text 'Approval.Rejected'
keys Tab
type_text 'over budget'
expect 'Error +Approval\.Rejected' "the error field"
expect 'Cause > over budget' "the cause field"
keys Enter
expect_status '^ PAUSED +at Rejected \(caught Approval\.Rejected in RequestApproval\)' \
    "the failure completes the task; its Catch takes it; PAUSED"
expect '↵ RequestApproval answered at step 4: failure Approval.Rejected: over budget' \
    "the events pane logs the failure"
expect 'TaskFailed +RequestApproval .*↯ caught → Rejected · Approval.Rejected: over budget' \
    "the history has TaskFailed, caught, in words"
expect 'caught → Rejected +\{"Error":"Approval.Rejected","Cause":"over budget"\}' \
    "Stages shows what was caught and where it went"
cmd "heartbeat --token $token"
expect 'refused \(TaskDoesNotExist\): Task Does Not Exist' "the old token: TaskDoesNotExist, as a message"
keys c
expect_status '^ FAILED +Order.Rejected: The order was not approved' "the Fail state ends it"

# rewinding to the wait: it waits again; n replays the recorded answer
keys N N
expect_status '^ WAITING FOR TOKEN +at RequestApproval' "stepping back to the wait: the task waits again"
expect 'n replays the answer, x gives another' "and says the answer is recorded"
keys n
expect_status '^ PAUSED +at Rejected' "n replays the recorded failure"

# time out
keys R
expect_status 'PAUSED +at ReceiveOrder' "R restarts"
keys c
expect_status '^ WAITING FOR TOKEN' "back at the approval"
keys x t
expect_status '^ FAILED +States.Timeout' "t lets it time out: the heartbeat deadline comes first (States.Timeout, as AWS reports it)"
expect 'TaskTimedOut +RequestApproval +\+3600\.000s' "on the virtual clock, an hour later"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
