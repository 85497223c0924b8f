#!/usr/bin/env bash
# The graph's j/k (issue 14 item 6): j goes to the selected state's successor (of several,
# the first in the definition: Next, the Choice rules in order, Default, Catch), k to its
# predecessor (of several, the nearest above), and with none to the next row that way; the
# only successor is never skipped for a state the layout put nearer.
. "$(dirname "$0")/lib.sh"

TOUR=$ROOT/fixtures/debugger-tour
start 100 40 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" \
    --mock-config "$TOUR/mocks.json" --test-case Tour
expect_status 'PAUSED' "opens on the tour"
keys 1 j
expect '2 State: CheckFraud ' "j from ReceiveOrder: its only successor"
keys j
expect '2 State: RouteByAmount ' "j: CheckFraud's only successor"
keys j
expect '2 State: Rejected ' "j from a Choice: its first rule's state (\$.fraud → Rejected)"
keys k
expect '2 State: RequestApproval ' "k from Rejected: of its predecessors (a rule of RouteByAmount, RequestApproval's Catch) the nearest above"
cmd 'goto RequestApproval'
keys 1 j
expect '2 State: ReserveStock ' "j from a Task with a Catch: its Next (ReserveStock), not the Catch's Rejected nearer by"
keys j
expect '2 State: NotifyCustomer ' "j: the only successor"
keys k
expect '2 State: ReserveStock ' "k: the only predecessor"
keys k
expect '2 State: RequestApproval ' "k from ReserveStock: of its two predecessors the nearest above"
cmd 'goto Rejected'
keys 1 j
expect '2 State: NotifyCustomer ' "j from a Fail (no successor): the next row down"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
