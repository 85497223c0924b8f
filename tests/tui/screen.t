#!/usr/bin/env bash
# Terminal hygiene: resize, tiny terminals, ASCII fallback, help, quit and signals.
. "$(dirname "$0")/lib.sh"

start 120 40 pipeline.asl.json --input file://pipeline.input.json
expect 'PAUSED' "opens at 120x40"
tm resize-window -t t -x 80 -y 24
expect '\[1 Graph\]  2 State' "at 80x24 the panes become tabs"
expect 'PAUSED +at Shape' "the status bar survives the resize"
keys 2
expect '\[2 State\]' "a number shows another pane"
tm resize-window -t t -x 30 -y 10
expect 'terminal too small' "below 40x12: the too-small screen"
expect '30x10, needs 40x12' "it says the size"
tm resize-window -t t -x 150 -y 45
expect '1 Graph ─ pipeline' "back to full size"
expect_not 'terminal too small' "no leftover of the small screen"
for k in x a z Z '~' F2 F12 C-x C-b '#' '!' '$' '%' Home End PPage NPage; do keys "$k"; done
keys Escape Escape
expect 'PAUSED' "unknown and odd keys do not crash"
keys '?'
expect 'Help · j/k scroll' "? shows the help"
expect 'step one transition' "generated from the action table"
keys q
expect_not 'Help · j/k' "any key closes it"
keys q
expect 'still running.*Quit and abandon it\? y/n' "q asks while the execution is active"
keys n
expect 'cancelled' "n keeps the debugger"
keys q y
expect 'EXIT 0' "y quits"
expect_not '1 Graph' "the terminal is restored (alternate screen left)"
tm kill-server

TEST_LANG=C start 120 40 pipeline.asl.json --input file://pipeline.input.json
expect '\+----v----\+' "ASCII boxes when the locale is not UTF-8"
expect '> Shape' "ASCII marks"
keys n
expect '\| \+ Shape \|' "ASCII visited mark"
tm kill-server

if command -v pgrep >/dev/null 2>&1; then
    start 120 40 pipeline.asl.json --input file://pipeline.input.json
    expect 'PAUSED' "opens for the signal test"
    pid=$(app_pid || true)
    kill -TERM "$pid"
    expect 'EXIT 143' "SIGTERM ends it with the terminal restored"
    tm kill-server
else
    skip "SIGTERM ends it with the terminal restored" "pgrep is not installed (procps)"
fi

start 120 40 fail.asl.json --input '{"ok": false}'
keys c
expect 'FAILED +Check.Failed: ok was not true' "the status bar shows FAILED with the error"
expect 'ExecutionFailed' "the history shows the failure"
keys q
expect 'EXIT 0' "q quits at once once the execution has ended"
done_testing
