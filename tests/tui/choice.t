#!/usr/bin/env bash
# A Choice explains itself (issue 14 item 4): paused after the Choice, the Stages tab lists
# each rule in order with ✓/✗/(not evaluated) and the value it saw, long rules wrapped, the
# rule taken and → Next; the graph draws the path so far with heavy lines and the selected
# visit's edge label bold and underlined (attributes, not colour: NO_COLOR), in ASCII too.
# fixtures/order-routing: Validate's rule 2 ($.amount >= 1000) takes the order to CoolingOff.
. "$(dirname "$0")/lib.sh"

FX=$ROOT/fixtures/order-routing
export NO_COLOR=1
start 120 40 "$FX/order-routing.asl.json" --input "file://$FX/input.json" \
    --start-time 2024-01-01T00:00:00Z --seed 7
expect_status 'PAUSED +at Normalize' "opens paused"
keys n n
expect_status 'PAUSED +at CoolingOff · step 2' "n n runs Normalize and the Choice"
expect 'State: Validate · Choice · ran' "the inspector shows the Choice that just ran"
expect '│  taken +rule 2 → CoolingOff +│' "the rule taken and its Next, first"
expect '│  ✗ rule 1 +Or \(2 rules\)  → Rejected +│' "rule 1: an Or that did not match"
expect '│    ✗ 1\.1 +\$\.amount IsNumeric false +│' "its sub-rules, indented, each with its mark"
expect '│        value +1250 +│' "and the value the Variable had"
expect '│  ✓ rule 2 +\$\.amount NumericGreaterThanEquals 1000 ' "rule 2 matched"
expect '│    rule 3 +\(not evaluated\) \$\.customer StringMatches' "rule 3, after the match, was not evaluated"
expect '│ +"\*@example\.com"  → Internal +│' "its long text wraps onto the next row, not cut"
expect '│    Default +\(not taken\) → Accept +│' "the Default, not taken"
expect_not 'afterParameters|afterResultPath' "no rows for stages a Choice cannot have"
# the graph: the path so far heavy, the Choice's edge to CoolingOff among it
expect '┏━+┯━+┹─+' "the bus out of the Choice is heavy toward the edge taken, light beyond"
expect '┃ \$\.amount >= 1000 +│ (\[[0-9]+\] )?\$\.custo' "the rule's edge heavy, the other light"
expect '└──────┰─────' "the transitions made leave their boxes heavy (┰)"
label=$(tm capture-pane -p -e -t t | grep -o $'\e\\[[0-9;]*m\\$\\.amount >= 1000' | head -1)
ok "$(printf '%s' "$label" | grep -qE $'\e\\[([0-9;]*;)?(1;4|4;1)(;[0-9;]*)?m|\e\\[1m\e\\[4m' && echo 0 || echo 1)" \
    "the taken edge's label is bold and underlined (NO_COLOR: attributes only)"
# picking Normalize's visit moves the taken edge there; the Choice's label goes back to plain
keys 5 k k k Enter
expect 'State: Normalize · Pass' "the events pane picks Normalize's visit"
label=$(tm capture-pane -p -e -t t | grep -o $'\e\\[[0-9;]*m\\$\\.amount >= 1000' | head -1)
ok "$([ -n "$label" ] && ! printf '%s' "$label" | grep -qE $'\e\\[([0-9;]*;)?4(;[0-9;]*)?m' && echo 0 || echo 1)" \
    "another visit selected: the Choice's label is no longer underlined"
expect '1 Graph ─ as of Normalize visit 1 ' "the graph is as of the event picked, and its title says so"
expect '│ \$\.amount >= 1000' "the path as of then: the Choice had not decided, its edge is light"
expect '└──────┰─────' "Normalize's own transition is heavy"
keys Escape
expect '┃ \$\.amount >= 1000' "Esc: back to the present, the path so far heavy again"
tm kill-server

# ASCII: the path as = and H
TEST_LANG=C start 120 40 "$FX/order-routing.asl.json" --input "file://$FX/input.json" \
    --start-time 2024-01-01T00:00:00Z --seed 7
expect_status 'PAUSED +at Normalize' "opens (ASCII)"
keys n n
expect_status 'PAUSED +at CoolingOff' "after the Choice (ASCII)"
expect '\+=+\+=+\+-+' "the heavy bus reads = in ASCII"
expect 'H \$\.amount >= 1000' "and the heavy vertical H"
expect 'taken +rule 2 > CoolingOff' "the Stages rows in ASCII"
tm kill-server

# the README's tour: a third n runs RouteByAmount, whose Stages say rule 2 → RequestApproval
TOUR=$ROOT/fixtures/debugger-tour
start 100 30 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" \
    --mock-config "$TOUR/mocks.json" --test-case Tour
expect_status 'PAUSED' "the tour opens"
keys n n n
expect_status 'PAUSED +at RequestApproval · step 3' "n n n runs the Choice (the README's tour)"
expect 'taken +rule 2 → RequestApproval' "the tour's Choice says which rule it took"
expect '✗ rule 1 +\$\.fraud\.score' "rule 1 (the fraud score) did not match"
expect 'value +12 ' "the score it saw"
tm kill-server
done_testing
