#!/usr/bin/env bash
# The debugger in Maps and Parallels, beyond stepping (issue 11 item 6): the iteration picker
# (I, :iterations: every iteration with its status, the failed ones alone, Enter jumps to one
# or opens one that ran), the Stages tab of a Map (the selected iteration's afterItemSelector,
# the iterations' fates), a large block drawn collapsed (Enter enters it, Esc leaves, Space
# opens it), and e editing an iteration's input (kept by step back).
. "$(dirname "$0")/lib.sh"

ARGS=(tolerated-map.asl.json --input file://tolerated-map.input.json --seed 5
      --start-time 2024-01-01T00:00:00Z)
start 120 36 "${ARGS[@]}"
expect_status 'PAUSED +at ShipAll \(start\)' "opens before the Map"
keys I
expect 'ShipAll has not started its iterations yet: s steps into it' "I before the Map starts says why nothing is listed"
keys s
expect_status 'at InStock \(entered ShipAll › iteration 0 of 6\)' "s enters iteration 0"
keys I
expect 'ShipAll: 6 iterations · 0 ✓ · 0 ✗ · 1 ▶ · 5 not run' "I opens the picker, the Map's summary in its title"
expect '     0  ▶ running    \{"order":\{"id":1,"stock":3\},"position":0\}  ◂ you are here' \
    "the running iteration, its input, and where you are"
expect '     4  · not run    \{"order":\{"id":5,"stock":0\},"position":4\}' "one not run yet, with its input"
keys j j j Enter
expect_status 'PAUSED +at InStock \(entered ShipAll › iteration 3 of 6\)' \
    "Enter on iteration 3 goes into it, running the ones before (as :iteration 3)"
expect '1 ShipAll › iteration 3 of 6 › InStock' "the graph's title shows the frame path"
cmd 'iterations'
expect '     1  ✗ failed     Order.OutOfStock: no stock left' ":iterations: a failed iteration shows its error and cause"
expect '     3  ▶ running .*◂ you are here' "... and you are in iteration 3"
keys f
expect 'ShipAll: 6 iterations .* · failed only' "f lists the failed ones alone"
expect_not '     0  ✓ succeeded' "... the others are not listed"
keys Enter
expect 'viewing ShipAll › iteration 1 \(failed\) from InStock' "Enter on a failed iteration that ran opens its first visit"
expect 'State: InStock · Choice · ran · visit 2 of 3' "the inspector shows that visit (InStock's second of three so far)"
expect_status 'PAUSED +at InStock \(entered ShipAll › iteration 3 of 6\)' "the execution did not move"
keys Escape
sleep 0.3
keys n n
expect_status 'PAUSED +at ShipAll' "n n: iteration 3 ends, back at the Map"
keys n
expect_status 'PAUSED +at Report' "n runs the rest of the Map"
keys 1 k
sleep 0.3
keys 2
expect '▸   └ iteration 1      \{"order":\{"id":2,"stock":0\},"position":' \
    "the Map's Stages: afterItemSelector of the iteration the picker was on"
expect 'iterations           6 iterations · 4 ✓ · 2 ✗ · 0 not run' "... the iterations' fates after the result"
expect_not 'afterItemBatcher|afterParameters' "no rows for the stages this Map has no field for (no ItemBatcher, no Parameters)"
expect '▸   └ failed           \{"1":\{"Error":"Order.OutOfStock"' "... and the failed ones with their error"
cmd 'q!'
expect 'EXIT 0' "quits"

# a Map with an ItemBatcher: its Stages show the batches, the picker each batch's input
start 120 36 batched-map.asl.json --input '{"items":[1,2,3,4,5]}' --seed 5
expect_status 'PAUSED +at InBatches \(start\)' "batched-map opens before the Map"
keys n
expect_status 'PAUSED +at Done' "n runs the Map"
keys 1 k
sleep 0.3
keys 2
expect '▸ afterItemBatcher     \[\{"BatchInput":\{"run":"nightly"\},"Items' \
    "afterItemBatcher: the batches, after the item stages"
expect 'iterations           3 iterations · 3 ✓ · 0 ✗ · 0 not run' "three batches, three iterations"
keys I
expect '     2  ✓ succeeded  \{"BatchInput":\{"run":"nightly"\},"Items":\[5\]\}' "the picker shows each batch as its iteration's input"
keys Escape
cmd 'q!'
expect 'EXIT 0' "quits"

# an iteration's input edited before its first state runs, kept by step back
start 120 36 orders-map.asl.json --input file://orders-map.input.json --seed 5 \
    --start-time 2024-01-01T00:00:00Z
expect_status 'PAUSED +at ProcessItems \(start\)' "orders-map opens before the Map"
cmd 'iteration 1'
expect_status 'PAUSED +at Check \(entered ProcessItems › iteration 1 of 5\)' ":iteration 1"
sleep 0.3
keys e
expect 'Input of Check' "e opens the editor on the iteration's first state's input"
keys C-a C-k
type_text '{"id":42}'
keys Enter
expect 'input of Check replaced' "the edit is applied inside the iteration"
keys n
expect 'afterParameters +\{"order":\{"id":42\},"checked":true\}' "Check ran on the edited input"
keys N
expect_status 'PAUSED +at Check \(stepped back\)' "N steps back into the iteration"
expect 'id: 42' "the re-execution kept the edit in that frame"
keys f
expect_status 'PAUSED +at ProcessItems \(finished ProcessItems › iteration 1 of 5\)' "f: back at the Map in progress"
sleep 0.3
keys e
expect 'Input of Check \(ProcessItems › iteration 2 of 5\)' "e at the Map edits the iteration s enters next"
keys C-a C-k
type_text '{"id":77}'
keys Enter
keys s
expect_status 'PAUSED +at Check \(entered ProcessItems › iteration 2 of 5\)' "s enters it"
keys n
expect 'afterParameters +\{"order":\{"id":77\},"checked":true\}' "... and Check runs on the edited input"
cmd 'q!'
expect 'EXIT 0' "quits"

# a distributed Map of 1,200 child executions: the first 1,000 and the one you stopped in keep
# their states, the picker says the others' were not kept
items=$(seq -s, 0 1199)
start 120 36 distributed-map.asl.json --input "[$items]" --seed 5
expect_status 'PAUSED +at Each \(start\)' "distributed-map opens before the Map"
cmd 'iteration 1100'
expect_status 'PAUSED +at Touch \(entered Each › iteration 1100\)' ":iteration 1100 stops in that child execution"
keys n
expect_status 'PAUSED +at Each' "n: the iteration ends, back at the Map"
keys n
expect_status 'PAUSED +at Done' "n runs the rest of the Map"
keys 1 k
sleep 0.3
keys I
expect 'Each: 1200 iterations · 1200 ✓' "the picker lists all 1,200"
keys G
expect '  1199  ✓ succeeded  1199  \(states not kept\)' "the last one's states were not kept"
keys Enter
expect "iteration 1,199's states were not kept: sfdbg keeps the first 1,000 ite" \
    "Enter on it says so instead of showing nothing"
keys I G PPage PPage PPage PPage PPage PPage PPage PPage PPage k k k k k k k k k
expect '  1099  ✓ succeeded  1099  \(states not kept\)' "the picker at iteration 1100: 1,099's were not kept"
expect_not '  1100  ✓ succeeded  1100  \(states not kept\)' "... but the one stopped in kept its states"
keys Enter
expect 'viewing Each › iteration 1100 \(succeeded\) from Touch' "... and Enter opens its visit"
cmd 'q!'
expect 'EXIT 0' "quits"

# a block with a large inside starts collapsed
start 120 36 big-block.asl.json --input '{"items":[1,2]}' --seed 5
expect '║ ▶ ProcessItems ▸ 10 states ║' "a Map with ten states inside is one box with its count"
expect_not 'Validate' "its states are not drawn"
keys Enter
expect '1 Graph ─ big-block.asl.json › ProcessItems · Map' "Enter enters the collapsed block"
expect 'Validate' "... its iterator drawn"
keys Escape
expect '▸ 10 states' "Esc leaves it: collapsed again"
keys Space
expect '╔ ▶ ProcessItems · Map ═' "Space opens it in place"
expect 'Validate' "... its states drawn inside the block"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
