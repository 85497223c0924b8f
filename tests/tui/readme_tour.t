#!/usr/bin/env bash
# The README's debugger section is what a newcomer sees (issue 14, Acceptance): its two
# captures of the Stages tab (the CheckFraud Task after `n n`: result, ResultSelector,
# ResultPath; the RouteByAmount Choice after a third `n`: the rule taken and each rule with
# its value) are read from README.md and each of their rows must be on the screen, at the
# README's command line, in a 140x40 terminal.
. "$(dirname "$0")/lib.sh"

# block N (1-based) of the plain ``` blocks of README.md's "## The debugger" section, one
# row a line, trailing blanks dropped
readme_block() {
    awk -v want="$1" '
        /^## The debugger/ { on = 1; next }
        /^## / { on = 0 }
        on && /^```/ {
            if (inside) { inside = 0; if (plain && n == want) exit }
            else { inside = 1; plain = ($0 == "```"); n += plain }
            next
        }
        on && inside && plain && n == want { sub(/ +$/, ""); print }
    ' "$ROOT/README.md"
}

# the rows of block N missing from SCREEN_TEXT, the first one printed (nothing when all are there)
first_missing_row() {
    local row
    while IFS= read -r row; do
        [ -n "$row" ] || continue
        if ! grep -qF -- "$row" <<<"$SCREEN_TEXT"; then printf '%s\n' "$row"; return; fi
    done < <(readme_block "$1")
}

# every row of block N is on the screen within 10 s (the status bar can be drawn before the
# panes on a loaded machine, so one capture is not enough)
expect_block() {
    local i=0 missing=""
    while [ $i -lt 200 ]; do
        SCREEN_TEXT=$(screen)
        missing=$(first_missing_row "$1")
        [ -z "$missing" ] && break
        sleep 0.05
        i=$((i + 1))
    done
    [ -z "$missing" ]
    ok $? "$2"
    [ -z "$missing" ] || echo "# not on the screen: $missing"
}

rows1=$(readme_block 1 | wc -l)
rows2=$(readme_block 2 | wc -l)
[ "$rows1" -ge 3 ] && [ "$rows2" -ge 5 ]
ok $? "the README's debugger section has its two Stages captures ($rows1 and $rows2 rows)"

TOUR=$ROOT/fixtures/debugger-tour
start 140 40 "$TOUR/debugger-tour.asl.json" --input "file://$TOUR/input.json" \
    --mock-config "$TOUR/mocks.json" --test-case Tour
expect_status 'PAUSED +at ReceiveOrder' "opens as the README says: paused before the first state"
keys n n
expect_status 'PAUSED +at RouteByAmount' "n n: CheckFraud ran"
expect '\[Stages\]' "the Stages tab is the one shown"
expect_block 1 "every row of the README's CheckFraud capture is on the screen"
keys 2 j j j Enter
expect 'Payload: \{"score":12,"model":"fraud-v3","reasons":\[\]\}' \
    "2, j j j, Enter: the result opens as a tree, the Payload the README quotes in it"
keys n
expect_status 'PAUSED +at RequestApproval' "a third n: the Choice ran"
expect_block 2 "every row of the README's RouteByAmount capture is on the screen"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
