#!/usr/bin/env bash
# After resizes between the keys, the screen is the one a start at the final size draws
# after the same keys: the graph's view is fitted again at each new size (not kept at the
# offset a smaller pane needed: the drawing cut at the left, blank space at its right, a
# label that fits listed in the legend). Keys read in one go draw what keys read one at a
# time do (the view a step leaves does not depend on the states drawn on the way), and at
# 80x24 the state stepped to is whole in the graph above its legend.
. "$(dirname "$0")/lib.sh"

TOUR=$ROOT/fixtures/debugger-tour
tour() {
    start "$1" "$2" "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" \
        --mock-config "$TOUR/mocks.json" --test-case Tour
}

# the screen once two captures a tenth of a second apart agree and it matches REGEX (a
# frame can be caught half drawn on a loaded machine); empty if not within 10 s
settled_screen() {
    local i=0 last="" now
    while [ $i -lt 100 ]; do
        now=$(screen)
        if [ "$now" = "$last" ] && grep -qE -- "$1" <<<"$now"; then
            printf '%s\n' "$now"
            return
        fi
        last=$now
        sleep 0.1
        i=$((i + 1))
    done
}

# expect_screen TEXT NAME: the screen becomes TEXT within 10 s (the differences shown if not)
expect_screen() {
    local i=0
    while [ $i -lt 200 ]; do
        [ "$(screen)" = "$1" ] && break
        sleep 0.05
        i=$((i + 1))
    done
    [ "$(screen)" = "$1" ]
    ok $? "$2"
    [ "$(screen)" = "$1" ] || diff <(printf '%s\n' "$1") <(screen) | sed 's/^/# /'
}

tour 140 40
expect_status 'PAUSED +at ReceiveOrder' "the tour opens at 140x40"
keys n n
fresh=$(settled_screen 'PAUSED +at RouteByAmount')
ok $([ -n "$fresh" ] && echo 0 || echo 1) "n n at 140x40: the screen to compare with"
tm kill-server

tour 140 40
expect_status 'PAUSED +at ReceiveOrder' "again at 140x40"
keys n
expect_status 'PAUSED +at CheckFraud' "n"
tm resize-window -t t -x 90 -y 25
expect '╔1 Graph' "resized to 90x25"
keys n
expect_status 'PAUSED +at RouteByAmount' "n at 90x25: the graph's view follows RouteByAmount"
tm resize-window -t t -x 140 -y 40
expect_screen "$fresh" "back at 140x40: the screen a start at 140x40 shows after n n"
tm kill-server

tour 90 25
expect_status 'PAUSED +at ReceiveOrder' "the tour opens at 90x25"
keys n n
expect_status 'PAUSED +at RouteByAmount' "n n at 90x25"
tm resize-window -t t -x 140 -y 40
expect_screen "$fresh" "resized to 140x40: the same screen again"
tm kill-server

# the same keys read in one go (as on a loaded machine: one frame after them all) or one at a
# time (a frame after each): the same screen
tour 100 30
expect_status 'PAUSED +at ReceiveOrder' "the tour opens at 100x30"
keys n
expect_status 'PAUSED +at CheckFraud' "n"
keys n
expect_status 'PAUSED +at RouteByAmount' "n"
keys n
slow=$(settled_screen 'PAUSED +at RequestApproval')
ok $([ -n "$slow" ] && echo 0 || echo 1) "n: at RequestApproval, a frame drawn after each n"
tm kill-server

tour 100 30
expect_status 'PAUSED +at ReceiveOrder' "again at 100x30"
pid=$(app_pid)
kill -STOP "$pid"
keys n n n
sleep 0.2
kill -CONT "$pid"
expect_screen "$slow" "n n n read in one go (the debugger stopped while they were typed): the same screen"
tm kill-server

tour 80 24
expect_status 'PAUSED +at ReceiveOrder' "the tour opens at 80x24"
keys n n n
expect_status 'PAUSED +at RequestApproval' "n n n: at the Choice's target"
expect '║ ▶ RequestApproval ║' "its box in the graph"
expect '╚═+╤═+╤═╝' "... whole: its bottom border above the legend too"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
