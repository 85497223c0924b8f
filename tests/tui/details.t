#!/usr/bin/env bash
# The details of issue 14 item 9, as a person sees them: a search match is centred with
# context and says "match 2 of 5"; u to a state that is never reached says so (at once when
# no transition leads there, at the end otherwise); the ASCII fallback has one truncation
# mark ("..."); the breakpoints pane shows hit counts whole; the ? help lines are not cut.
. "$(dirname "$0")/lib.sh"

# --- search: where the match is and which one it is
start 100 30 pipeline.asl.json --input file://pipeline.input.json --seed 1
expect_status 'PAUSED' "opens"
keys n 2
expect_status 'at Route' "a step, the inspector focused"
keys /
type_text 'o-42'
keys Enter
expect_status "'o-42': match 1 of [0-9]+$" "the first match says which of how many"
total=$(status_line | sed -n "s/.*match 1 of \([0-9]*\).*/\1/p")
keys .
expect_status "'o-42': match 2 of $total$" ". goes to the second, same count"
keys ,
expect_status "'o-42': match 1 of $total$" ", back to the first"
keys ,
expect_status "'o-42': match $total of $total \(from the bottom\)$" ", again wraps to the last and says so"
keys g
for _ in 1 2 3 4 5 6; do keys Enter j; done
keys /
type_text 'shaped'
keys Enter
expect_status "'shaped': match [0-9]+ of [0-9]+" "a match in a long, open tree"
# the cursor row (the match) has rows above and below it in the pane: centred, with context
ok "$(screen | awk -F'║' 'NR>2 && NR<29 {print}' | grep -c 'shaped' | awk '{print ($1>0)?0:1}')" "the match is on the screen"
cur=$(tm capture-pane -p -e -t t | sed -n '3,24p' | grep -n $'\e\\[7m\|\e\\[30;4[0-9]m\|\e\\[[0-9;]*7m' | head -1 | cut -d: -f1)
if [ -n "$cur" ]; then
    ok "$([ "$cur" -ge 6 ] && [ "$cur" -le 16 ] && echo 0 || echo 1)" "the match's row is near the middle of the pane (row $cur of 22), not at an edge"
else
    skip "the match's row is near the middle of the pane" "the cursor row's attributes are not recognised here"
fi
unset cur
keys 1 /
type_text 'e'
keys Enter
expect_status "'e': match [0-9] of 5" "the graph's search counts the states whose name matches"
cmd 'q!'
expect 'EXIT 0' "quits"

# --- u to a state that is never reached
start 140 30 pipeline.asl.json --input file://pipeline.input.json --seed 1
expect_status 'PAUSED' "opens again"
cmd 'break Approve'
keys c
expect_status 'breakpoint 1: Approve' "paused at Approve"
cmd 'goto Review'
keys u
expect_status 'Review is never reached from Approve: no transition leads there' "u to a state no transition leads to says so at once"
expect_status 'at Approve' "and does not run"
cmd 'delete 1'
keys R
expect_status 'at Shape' "restarted (without the breakpoint)"
keys n
cmd 'goto Shape'
keys u
expect_status 'Shape was never reached: the execution ended \(SUCCEEDED\)' "u to a state the run never comes back to says so when the execution ends"
cmd 'q!'
expect 'EXIT 0' "quits"

# --- the breakpoints pane: the hit count whole, the condition cut
start 100 30 pipeline.asl.json --input file://pipeline.input.json --seed 1
expect_status 'PAUSED' "opens a third time"
cmd 'break Approve if $.amount > 100 && $.tag == "shaped" && $.id == "o-42"'
keys c
expect_status 'breakpoint 1: Approve' "the long condition holds"
expect '│● 1 Approve if \$\.a[^│]*…  hit 1│' "the description is cut with … and the hit count shows whole"
# --- the help: long lines wrapped, none cut
keys '?'
expect '   x                answer the waiting task \(success, failure, heartbeat, time out\), or give  ║' "a long help line breaks at a word ..."
expect '║                    the result of a task nothing answered +║' "... and goes on under its text"
for _ in 1 2 3 4 5 6 7 8 9 10; do keys NPage; done
expect 'character typed replaces' "the x dialog's s, the longest line, is there ..."
expect 'digit opens it with that typed +║' "... to its last word"
keys q
cmd 'q!'
expect 'EXIT 0' "quits"

# --- ASCII: one truncation mark
TEST_LANG=C start 80 24 pipeline.asl.json --input file://pipeline.input.json --seed 1
expect_status 'PAUSED' "opens in a locale that is not UTF-8"
keys n
expect '\|> input +\{"order":\{"id":"o-4\.\.\. \|' "a cut value ends in ... (the mark is not ~)"
expect '\+ \$\.shaped \{\.\.\.\}' "an elided object reads {...}"
expect_not '~' "no ~ on the screen: ... is the one truncation mark"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
