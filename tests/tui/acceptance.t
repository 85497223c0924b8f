#!/usr/bin/env bash
# The debugger issue's acceptance session, on the bundled tour (fixtures/debugger-tour, what
# `make run` opens): a mocked Lambda whose ResultSelector keeps one field, a breakpoint on a
# later state, a .waitForTaskToken approval answered with x s and typed JSON, on to the
# breakpoint and to SUCCEEDED with the answer in the output; then resizes and quit. The
# status bar's word is checked at each moment.
. "$(dirname "$0")/lib.sh"

TOUR=$ROOT/fixtures/debugger-tour
start 160 45 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" \
    --mock-config "$TOUR/mocks.json" --test-case Tour --seed 7 --start-time 2024-01-01T00:00:00Z
expect_status '^ PAUSED +at ReceiveOrder \(start\) · step 0' "opens PAUSED before the first state"

keys n
expect_status 'PAUSED +at CheckFraud · step 1' "n: one transition"
keys n
expect_status 'PAUSED +at RouteByAmount · step 2' "n again: the mocked Lambda ran"
expect '2 State: CheckFraud · Task · ran' "the inspector shows the task that just ran"
expect '\[Stages\]' "on the Stages tab"
expect 'result +\{"StatusCode":200,"ExecutedVersion":"\$LATEST","Payload"' "the mocked Lambda response is the result"
expect 'afterResultSelector +\{"score":12\}' "ResultSelector kept the one field: score 12"
expect 'afterResultPath +\+ \$\.fraud \{…\}' "the afterResultPath row says what ResultPath changed: it added \$.fraud"

cmd 'break NotifyCustomer'
expect 'breakpoint 1: NotifyCustomer' "a breakpoint on a later state"
keys c
expect_status '^ WAITING FOR TOKEN +at RequestApproval' "c runs to the approval, which waits for its token"
expect '⏸ RequestApproval' "the graph marks the waiting task ⏸"
expect 'TaskSubmitted +RequestApproval .*⏸ waiting for its token' "the events say it waits, in words"
expect_status 'x answer' "the status bar hints x"

keys x
expect 'Answer RequestApproval · waiting for its task token' "x opens the dialog on the waiting task"
expect 'Token  •{16}  \(40 characters: r reveals' "the token is masked"
keys s
expect 'SendTaskSuccess · RequestApproval' "s: the success page"
expect '║ \{\} {40,}║' "its JSON field is prefilled with {}"
keys BSpace BSpace
type_text '{"approved": true, "by": "ann"}'
expect '\{"approved": true, "by": "ann"\}' "the JSON is typed into the field"
keys Enter
expect_status '^ PAUSED +at ReserveStock \(RequestApproval answered: success\)' \
    "the answer completes the task; the debugger stays PAUSED"
expect 'RequestApproval answered \(success\): n or c goes on' "and says how to go on"
expect 'result +\{"approved":true,"by":"ann"\}' "the answer is the task's result in Stages"
expect '↵ RequestApproval answered at step 4: success' "the events pane logs the answer"
expect 'TaskSucceeded +RequestApproval' "the history has TaskSucceeded"

keys c
expect_status '^ PAUSED +at NotifyCustomer \(breakpoint 1: NotifyCustomer\)' "c continues to the breakpoint"
expect '● 1 NotifyCustomer +hit 1' "the breakpoint was hit once"

keys c
expect_status '^ SUCCEEDED ' "c continues to the end: SUCCEEDED"
expect 'afterParameters +\{"orderId":"o-1001","approval":\{"approved":true,"by":"ann"\}' \
    "the answered JSON is in the last state's output (Stages)"
cmd 'tab Output'
expect '▾ approval: \{ 2 keys' "the Output tab shows it as a tree"
expect '^.{70,}approved: true' "with the approval's fields"
expect 'by: "ann"' "as typed"

tm resize-window -t t -x 70 -y 20
expect '\[1 Graph\]  2 State' "at 70x20 the panes become tabs"
expect_status '^ SUCCEEDED ' "the status bar still says SUCCEEDED at 70x20"
tm resize-window -t t -x 30 -y 8
expect 'terminal too small' "at 30x8: the too-small screen"
expect '30x8, needs 40x12' "which says the size"
keys q
expect 'EXIT 0' "q quits (the execution has ended: no question)"
expect_not 'terminal too small' "the terminal is restored"
done_testing
