#!/usr/bin/env bash
# `y` copies through OSC 52 (Base64 from engine/base64): tmux, asked to keep what programs
# copy, must hold exactly the text copied — a state name, and a value with non-ASCII text
# long enough to fill several Base64 groups.
. "$(dirname "$0")/lib.sh"

# the newest paste buffer, once the copy has arrived (tmux keeps one per OSC 52)
expect_buffer() {
    local i=0 got=
    while [ $i -lt 100 ]; do
        got=$(tm show-buffer 2>/dev/null) && [ "$got" = "$1" ] && break
        sleep 0.05
        i=$((i + 1))
    done
    [ "$got" = "$1" ]
    ok $? "$2"
    [ "$got" = "$1" ] || echo "# buffer: $got"
}

start 120 40 pipeline.asl.json --input '{"name":"Zoë ✓ long enough to need more than one group"}'
tm set-option -s set-clipboard on
expect_status 'PAUSED' "opens"
keys 1 y
expect_status 'copied the state name \(OSC 52\)' "y in the graph copies the state name"
expect_buffer 'Shape' "the terminal receives exactly the name"
keys 2 j y
expect_status 'copied the value \(50 bytes, OSC 52\)' "y in the inspector copies the selected value"
expect_buffer '"Zoë ✓ long enough to need more than one group"' \
    "the terminal receives the value as UTF-8, byte for byte"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
