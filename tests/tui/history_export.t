#!/usr/bin/env bash
# `:history FILE` and `--history FILE` in the debugger: written as `sfdbg run` writes them
# (docs/cli.md, "Files sfdbg writes"), and failures said, not swallowed.
. "$(dirname "$0")/lib.sh"
umask 022

start 160 45 pipeline.asl.json --input file://pipeline.input.json --seed 7
expect 'PAUSED +at Shape \(start\)' "the debugger opens"
cmd "history $TMPD/no-such-folder/h.json"
expect "cannot write $TMPD/no-such-folder/h.json: cannot create a file in the folder" \
    ":history into a missing folder says why"
cmd "history $TMPD/h.json"
expect "history written to $TMPD/h.json" ":history FILE writes the history"
mode=$(stat -c %a "$TMPD/h.json" 2>&1)
[ "$mode" = 600 ]; ok $? ":history creates the file with mode 0600 (got $mode)"
grep -q '"type": "ExecutionStarted"' "$TMPD/h.json"; ok $? "the file holds the history"
tm kill-server

# --history is written when the debugger ends; the terminal is restored by then, so a
# failure goes to stderr
start 160 45 pipeline.asl.json --input file://pipeline.input.json --history "$TMPD/gone/h.json"
expect 'PAUSED +at Shape \(start\)' "the debugger opens with --history"
cmd "q!"
expect "sfdbg: --history: cannot write $TMPD/gone/h.json: cannot create a file in the folder" \
    "a --history that cannot be written at exit is reported"
done_testing
