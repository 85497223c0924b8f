#!/usr/bin/env bash
# The Stages tab says what ResultPath did: the path it added, or that ResultPath null
# discarded the result; rows a state type cannot have (afterParameters on a Choice) are not
# listed (fixtures/stage-effects).
. "$(dirname "$0")/lib.sh"

FX=$ROOT/fixtures/stage-effects
start 140 42 "$FX/stage-effects.asl.json" --input "file://$FX/input.json" \
    --start-time 2024-01-01T00:00:00Z --seed 7
expect 'PAUSED +at Validate \(start\) · step 0' "opens paused before the first state"
keys n
expect 'PAUSED +at Audit · step 1' "n runs Validate"
expect '\[Stages\]' "the inspector shows Stages"
expect 'afterResultPath +\+ \$\.validation \{…\}' "ResultPath's row names the path it added"
expect_not 'afterResultSelector' "a Pass has no ResultSelector row"
keys n
expect 'PAUSED +at IsValid · step 2' "n runs Audit"
expect 'afterResultPath +result discarded \(ResultPath: null\)' "ResultPath null says the result was discarded"
keys n
expect 'PAUSED +at Accept · step 3' "n runs the Choice"
expect_not 'afterParameters' "a Choice lists no afterParameters row"
expect_not 'afterResultPath' "nor an afterResultPath row"
tm kill-server
done_testing
