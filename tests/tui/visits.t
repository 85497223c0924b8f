#!/usr/bin/env bash
# Loop states show their visit count (issue 14 item 6): a state that ran more than once has
# ×N beside its box, in the drawing and in the outline (the ASCII fallback writes xN); the
# inspector's title says which visit it shows, and :visit N picks one; the graph (drawing or
# outline) then shows the path and marks as of that visit.
. "$(dirname "$0")/lib.sh"

start 100 30 loop.asl.json --seed 1
expect_status 'PAUSED' "opens on a loop"
keys n n n
expect_status 'at Incr · step 3' "once round the loop"
expect_not '×1' "a state run once has no count"
keys c
expect_status 'SUCCEEDED' "the loop runs to the end"
expect '│ ✓ Incr │ ×3' "Incr ran three times: ×3 beside its box"
expect '│ ✓ More │ ×3' "More too"
expect_not 'Init │ ×' "Init, run once, has none"
cmd 'goto Incr'
expect '2 State: Incr · Pass · ran · visit 3 of 3 ' "the inspector shows Incr's last visit and says so"
cmd 'visit 2'
expect_status 'Incr: visit 2 of 3$' ":visit 2 picks the second"
expect '2 State: Incr · Pass · ran · visit 2 of 3 ' "the title says it"
expect '▸ input +\{"n":1\}' "its input is the second visit's (n was 1)"
cmd 'watch $.n'
keys 3
expect 'input of Incr, visit 2' "the watches read that visit ..."
expect '║\$\.n = 1 ' "... its n was 1"
cmd 'visit 4'
expect_status 'usage: visit N \(Incr ran 3 times: 1 to 3\)$' "a visit it does not have is refused, saying which there are"
cmd 'goto Done'
cmd 'visit 1'
expect_status 'Done: visit 1 of 1$' "a state run once has its visit 1"
keys 1 o
expect 'Incr ×3  Pass' "the outline shows the count after the name"
expect '✓ More ×3  Choice → ⇒Incr, ⇒Done' "the outline marks the transitions made (⇒): both of More's"
cmd 'goto Incr'
cmd 'visit 2'
expect '1 Graph ─ as of Incr visit 2 \(outline\)' "a visit picked: the graph is as of it, and its title says so"
expect '✓ More  Choice → ⇒Incr, Done' "as of Incr's visit 2, More has gone back to Incr, not yet to Done"
expect '✓ Incr ×2  Pass → ⇒More' "Incr had run twice then"
expect '   Done  Succeed' "and Done had not run"
keys o
expect '1 Graph ─ as of Incr visit 2 ═' "the drawing too is as of the visit"
expect_not '✓ Done' "Done is not marked run"
cmd 'visit 3'
expect '1 Graph ─ loop.asl.json ═' "the last visit: the present again"
expect '✓ Done' "with Done run"
cmd 'q!'
expect 'EXIT 0' "quits"

TEST_LANG=C start 100 30 loop.asl.json --seed 1
expect_status 'PAUSED' "opens in a locale that is not UTF-8"
keys c
expect_status 'SUCCEEDED' "runs to the end"
expect '\| \+ Incr \| x3' "the count reads x3 in ASCII"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
