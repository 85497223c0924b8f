#!/usr/bin/env bash
# Stepping into a Map's iterations (issue 11 item 6, the acceptance): s steps into iteration
# 2 and the graph's title shows the frame path, a breakpoint on a state inside the iterator
# (with a condition on the iteration's input) stops c in iteration 3, f finishes that
# iteration, N steps back into it; :iteration jumps to an iteration, Esc/Enter leave and
# enter the block for viewing.
. "$(dirname "$0")/lib.sh"

ARGS=(orders-map.asl.json --input file://orders-map.input.json --seed 5
      --start-time 2024-01-01T00:00:00Z)
start 120 36 "${ARGS[@]}"
expect_status 'PAUSED +at ProcessItems \(start\)' "opens before the Map"
keys s
expect_status 'PAUSED +at Check \(entered ProcessItems › iteration 0 of 5\)' "s steps into iteration 0"
keys f
expect_status 'PAUSED +at ProcessItems \(finished ProcessItems › iteration 0 of 5\)' "f finishes it: back at the Map"
keys s
expect_status 'at Check \(entered ProcessItems › iteration 1 of 5\)' "s steps into the next iteration"
keys f
expect_status 'PAUSED +at ProcessItems \(finished ProcessItems › iteration 1 of 5\)' "f again"
keys s
expect_status 'PAUSED +at Check \(entered ProcessItems › iteration 2 of 5\)' "... and into iteration 2"
expect '1 ProcessItems › iteration 2 of 5 › Check' "the graph's title shows the frame path"
expect '▶ Check' "the graph shows the iterator, Check about to run"
expect 'MapIterationStarted +ProcessItems' "the events show the iterations"
expect 'PassStateExited +Charge +iter 1 ' "... and each event's frame"
cmd 'break Charge if $.order.id == 4'
expect '● 1 Charge' "a breakpoint inside the iterator, with a condition"
keys c
expect_status 'PAUSED +at Charge \(breakpoint 1: Charge in ProcessItems › iteration 3 of 5\)' \
    "c stops there in iteration 3 (the condition holds on its input), the frame named"
expect '1 ProcessItems › iteration 3 of 5 › Charge' "the title follows"
keys f
expect_status 'PAUSED +at ProcessItems \(finished ProcessItems › iteration 3 of 5\)' "f finishes iteration 3"
keys N
expect_status 'PAUSED +at Charge \(stepped back\)' "N steps back into the iteration"
expect '1 ProcessItems › iteration 3 of 5 › Charge' "in iteration 3 again"
cmd 'iteration 4'
expect_status 'PAUSED +at Check \(entered ProcessItems › iteration 4 of 5\)' ":iteration 4 jumps to the last iteration"
cmd 'iteration 1'
expect_status 'iteration 1 has run already' ":iteration backwards is refused, said so"
keys 1 Escape
expect '1 Graph ─ orders-map.asl.json ' "Esc leaves the block: the whole machine"
sleep 0.3
keys Enter
expect '1 ProcessItems › iteration 4 of 5 › Check' "Enter on the Map enters it again: the iteration's path"
keys n n n
expect_status 'PAUSED +at Done' "n steps over the rest of the Map at the top"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
