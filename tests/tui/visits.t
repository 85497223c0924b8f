#!/usr/bin/env bash
# Loop states show their visit count (issue 14 item 6): a state that ran more than once has
# ×N beside its box, in the drawing and in the outline; the ASCII fallback writes xN.
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
keys 1 o
expect 'Incr ×3  Pass' "the outline shows the count after the name"
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
