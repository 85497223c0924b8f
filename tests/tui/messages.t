#!/usr/bin/env bash
# No message is lost (issue 14 item 7): a message too long for the status line says how to
# read it; m (or :messages) shows every message of the session in full, wrapped and
# scrollable; the key hints come back once it is read.
. "$(dirname "$0")/lib.sh"

start 80 24 pipeline.asl.json --input file://pipeline.input.json --seed 1
expect_status 'PAUSED' "opens at 80x24"
cmd 'break Approve'
expect_status 'breakpoint 1: Approve$' "a short message fits the status line"
cmd 'break Shape if $..[bad'
expect_status '… m or :messages$' "a message too long for the status line says how to read it"
keys m
expect ' Messages \(2 of the last 500\)' "m opens the messages, counted"
expect '   1  breakpoint 1: Approve' "the first message is there"
expect_status 'j/k g/G scroll   other keys close' "the status bar says the overlay's keys"
expect '   2! ' "the second, marked as an error"
expect "   2! not a JSONPath or a comparison: at 5: unexpected character 'b' at" "the long message is shown whole ..."
expect '║ ║      position 4 ' "... wrapped over the overlay's lines"
keys Escape
expect_gone ' Messages \(' "any other key closes it"
expect_status 'step 0 .*n step  c continue' "the key hints come back once the message is read (those that fit)"
for i in $(seq 1 30); do cmd "watch \$.n$i"; done
cmd 'messages'
expect ' Messages \(32 of the last 500\)' ":messages opens it too"
expect 'watching \$\.n30' "the newest is at the bottom"
expect_not '   1  breakpoint 1: Approve' "the oldest scrolled out of view"
keys g
expect '   1  breakpoint 1: Approve' "g goes to the first"
keys q
expect_gone ' Messages \(' "q closes it (it does not quit)"
expect_status 'PAUSED' "still running"
keys '?' NPage NPage NPage NPage NPage
expect 'm +every message of the session, in full' "the help lists m"
keys q
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
