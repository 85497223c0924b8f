#!/usr/bin/env bash
# A pause on a breakpoint is reported as one, "breakpoint N: State", its hit counted, however
# the debugger got there (issue 14 item 3): a restart or the start on StartAt, an answered
# token, n, and C backwards.
. "$(dirname "$0")/lib.sh"

TOUR=$ROOT/fixtures/debugger-tour
ARGS=("$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" --mock-config "$TOUR/mocks.json"
      --test-case Tour --seed 11 --start-time 2024-01-01T00:00:00Z)
start 160 45 "${ARGS[@]}"
expect_status 'PAUSED +at ReceiveOrder \(start\)' "opens at the start"
cmd 'break ReceiveOrder'
expect '● 1 ReceiveOrder +hit 0' "a breakpoint on StartAt"
keys n R
expect_status 'PAUSED +at ReceiveOrder \(breakpoint 1: ReceiveOrder · restarted\)' "R onto it: reported as a breakpoint"
expect '● 1 ReceiveOrder +hit 1' "and counted"

cmd 'break ReserveStock'
keys c
expect_status '^ WAITING FOR TOKEN +at RequestApproval' "c stops at the approval, which waits for its token"
keys x s Enter
expect_status 'PAUSED +at ReserveStock \(breakpoint 2: ReserveStock\)' "an answered token onto a breakpoint: reported as one"
expect '● 2 ReserveStock +hit 1' "and counted"

cmd 'break NotifyCustomer'
for _ in 1 2 3 4; do
    status_line | grep -q 'at NotifyCustomer' && break
    keys n
    wait_for 'step' 2 >/dev/null
    sleep 0.2
done
expect_status 'PAUSED +at NotifyCustomer \(breakpoint 3: NotifyCustomer\)' "n onto a breakpoint: reported as one"
expect '● 3 NotifyCustomer +hit 1' "and counted"

keys C
expect_status 'PAUSED +at ReserveStock \(breakpoint 2: ReserveStock · backwards\)' "C backwards: the breakpoint, with its number"
expect '● 2 ReserveStock +hit 2' "and counted"
cmd 'q!'
expect 'EXIT 0' "quits"

start 160 45 "${ARGS[@]}"
expect_status 'PAUSED +at ReceiveOrder \(breakpoint 1: ReceiveOrder · start\)' "the next session starts on the StartAt breakpoint: said so"
expect '● 1 ReceiveOrder +hit 1' "counted once"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
