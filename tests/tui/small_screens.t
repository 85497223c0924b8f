#!/usr/bin/env bash
# Small and large terminals (issue 14 item 8): at 80x24 the graph and the inspector are in
# sight together after n; at 60 columns the events keep their time column; at 140x45 the
# events pane shows more than five events; a Choice's wrapped rules start each row at a word.
. "$(dirname "$0")/lib.sh"

start 80 24 pipeline.asl.json --input file://pipeline.input.json
expect 'PAUSED' "opens at 80x24"
keys n
expect 'PAUSED +at Route' "n steps"
expect '1 Graph' "the graph is in sight after n"
expect '2 State' "and the inspector beside it"
expect 'afterParameters' "showing the Stages of the step"
expect '▶ Route ║ +║│▸ ' "the current state's box and the inspector on one row"
keys 5
expect 'PassStateExited +Shape +\+0\.000s' "5: the events take the whole width, with their times"
keys 3
expect '3 Watches' "3: the watches beside the graph"
expect '1 Graph' "... the graph still in sight"
tm kill-server

# the tour's Choice at 80x24: its rules wrap in the inspector, each row starting at a word
TOUR=$ROOT/fixtures/debugger-tour
start 80 24 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" \
    --mock-config "$TOUR/mocks.json" --test-case Tour --seed 7
expect 'PAUSED' "opens the tour at 80x24"
keys n n n
expect 'taken +rule 2 →' "n n n: the Choice's Stages beside the graph"
expect '│ {23}RequestApproval +│' "the rule taken wraps, its target on the next row"
expect '│ {23}→ RequestApproval +│' "a wrapped rule's row starts at its word, not a blank"
expect_not '│ {24}→ ' "no wrapped row starts one column in"
tm kill-server

start 60 24 pipeline.asl.json --input file://pipeline.input.json
expect 'PAUSED' "opens at 60x24"
keys n 5
expect 'PassStateEntered +Shape +\+0\.000s' "at 60 columns the events keep their time column"
tm kill-server

start 140 45 pipeline.asl.json --input file://pipeline.input.json
expect 'PAUSED' "opens at 140x45"
keys n n n n
expect "PAUSED +at Done" "four steps"
rows=$(screen | grep -cE '^│ +[0-9]+ [A-Za-z]+ ' || true)
[ "$rows" -gt 5 ]
ok $? "the events pane shows more than 5 events ($rows)"
tm kill-server
done_testing
