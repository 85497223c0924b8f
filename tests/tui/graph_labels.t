#!/usr/bin/env bash
# Graph readability (issue 14 item 6): edge labels are not cut to 20 cells without a way
# to read them whole. A long label is drawn "[n] start…" and the legend under the drawing
# gives it whole ("[n] rule → Target"), the selected state's edges first; a label the
# pane's side or a line cuts ends in … and is in the legend too. A Choice's default edge
# and a Catch edge into the same state arrive in separate columns, never joined. The
# selected state's labels are drawn whole where they fit, past the graph's side too.
. "$(dirname "$0")/lib.sh"

start 100 30 routes.asl.json --seed 1
expect_status 'PAUSED' "opens on the routes workflow"
expect '║─ labels ─' "a legend under the drawing"
expect '║ \[2\] \(\$\.customer\.email ~ "\*@example\.com"' "the selected Choice's long rule, whole ..."
expect '║     and \$\.customer\.tier == "gold"\) →' "... wrapped, never cut ..."
expect '║     ChargeVip ' "... with the state it goes to"
expect '│ \[2\] \(\$\.customer\.ema…  │' "the drawing abbreviates it as [2] …"
expect '│ default ║' "the selected Choice's default label, at the pane's side, is brought into view whole"
expect_not '\[3\] default' "... so the legend does not repeat it"
expect '║…t > 100 ' "the rule the left side cuts starts with …"
expect '║ \[1\] \$\.amount > 100 → ChargeLarge ' "and the legend has it"
expect '║ \[4\] States\.TaskFailed,' "the legend lists the Catch drawn as its number"
expect '┆ \[4\]  │' "the Catch label, with no room between two arrows, is its number"
expect '┌─▼──────▼─┐' "the Catch and the default edge arrive at Manual in their own columns"
expect_not '┤├|├┤|┼┼' "no two lines joined side by side"
cmd 'goto ChargeVip'
expect '║ \[4\] States\.TaskFailed, +║' "selecting the Task lists its Catch ..."
screen | grep -A1 '─ labels ─' | tail -n 1 | grep -q '\[4\] States'
ok $? "... first, under the rule"
expect '║     Lambda\.ServiceException → Manual ' "... whole, and where it goes"
cmd 'q!'
expect 'EXIT 0' "quits"

start 160 40 routes.asl.json --seed 1
expect_status 'PAUSED' "a wide terminal: the whole graph in the pane"
expect '│ \$\.amount > 100          │ \[2\] \(\$\.customer\.ema…  │' "short labels whole, long ones abbreviated"
expect '║ \[2\] \(\$\.customer\.email ~ "\*@example\.com" and \$\.customer\.tier ==' "the legend has the abbreviated ones"
expect '║ \[4\] States\.TaskFailed, Lambda\.ServiceException → Manual ' "the Catch too"
expect_not '\[1\] \$\.amount|\[3\] default' "labels shown whole are not repeated"
cmd 'q!'
expect 'EXIT 0' "quits"

TEST_LANG=C start 100 30 routes.asl.json --seed 1
expect_status 'PAUSED' "in a locale that is not UTF-8"
expect '\|- labels -' "the legend's rule in ASCII"
expect '\| \[2\] \(\$\.customer\.e\.\.\.  \|' "the one truncation mark: ..."
expect '\|\.\.\.> 100 ' "a cut on the left: the same mark"
expect ': \[4\]  \|' "the Catch label with room for its number only: [4]"
expect '\|     ChargeVip ' "the legend"
expect '\| \[1\] \$\.amount > 100 -> ChargeLarge ' "arrows in ASCII"
cmd 'q!'
expect 'EXIT 0' "quits"
# a Catch edge of the selected state near the graph's right side: drawn whole (the drawing
# makes room right of the graph and the view moves to it), not "[n] SNS.InvalidPa…"
TOUR=$ROOT/fixtures/debugger-tour
start 100 32 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" \
    --mock-config "$TOUR/mocks.json" --test-case Tour --seed 7
expect_status 'PAUSED' "opens on the tour"
cmd 'goto NotifyCustomer'
expect '┆ SNS\.InvalidParameterException║' "the selected Task's Catch label is whole in the drawing"
expect '│   NotifyCustomer │' "with the state in view"
expect_not '\[[0-9]+\] SNS\.InvalidParameterException' "so the legend does not repeat it"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
