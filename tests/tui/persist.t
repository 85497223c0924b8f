#!/usr/bin/env bash
# No lost data: a corrupt breakpoint file is kept aside (never replaced), a breakpoint that
# could not be saved is flagged in the pane and at quit, and $EDITOR is not opened on a
# temporary file that could not be written (a full TMPDIR).
. "$(dirname "$0")/lib.sh"

PIPE=(pipeline.asl.json --input file://pipeline.input.json --seed 1)

# ---- a corrupt file is kept aside, and the next change writes a fresh one ----
start 200 42 "${PIPE[@]}"
expect 'PAUSED' "opens"
cmd 'break Approve'
expect '● 1 Approve' "a breakpoint"
cmd 'q!'
expect 'EXIT 0' "quits"
tm kill-server
f=$(ls "$XDG_CONFIG_HOME"/sfdbg/workflows/pipeline.asl.json-*.json 2>/dev/null | head -1)
[ -n "$f" ]
ok $? "the breakpoint file exists"
printf '{"breakpoints": [' >"$f"

start 250 42 "${PIPE[@]}"
expect_status 'breakpoints not loaded \(at 1:[0-9]+: .*\); their file is kept as .*/pipeline\.asl\.json-[0-9a-f]+\.json\.corrupt$' \
    "a file that does not parse: the status bar says why and where it is kept"
expect 'b on a state, or :break' "the list starts empty"
cmp -s "$f.corrupt" <(printf '{"breakpoints": [')
ok $? "FILE.corrupt holds what the file held"
cmd 'break Review'
expect '● 1 Review' "a new breakpoint"
grep -q '"target": "Review"' "$f" && ! grep -q Approve "$f"
ok $? "the next change writes a fresh file"
[ "$(stat -c %a "$f")" = 600 ]
ok $? "the breakpoint file is written with mode 0600, as every file sfdbg writes"
mv "$f" "$TMPD/kept-elsewhere.json"
ln -s "$TMPD/kept-elsewhere.json" "$f"
cmd 'break Approve'
expect '● 2 Approve' "a breakpoint saved through a symbolic link"
[ -L "$f" ] && grep -q '"target": "Approve"' "$TMPD/kept-elsewhere.json"
ok $? "the link is kept and the file it names is written (as files sfdbg writes are)"
cmd 'q!'
expect 'EXIT 0' "quits"
tm kill-server

printf '{"breakpoints": [{"kind": "nonsense"}]}' >"$f"
start 250 42 "${PIPE[@]}"
expect_status 'not loaded \(breakpoints\[0\]: "kind" is not one of .*\); their file is kept as .*\.json\.corrupt\.1$' \
    "a file of the wrong shape: kept aside as .corrupt.1, naming the field"
cmp -s "$f.corrupt" <(printf '{"breakpoints": [')
ok $? "the older .corrupt copy is not replaced"
grep -q nonsense "$f.corrupt.1"
ok $? ".corrupt.1 holds the second file"
cmd 'q!'
expect 'EXIT 0' "quits"
tm kill-server

# ---- a save that fails is flagged in the pane and at quit ----
mkdir -p "$TMPD/blocked"
: >"$TMPD/blocked/sfdbg"   # a file where the folder should be
XDG_CONFIG_HOME="$TMPD/blocked" start 200 42 "${PIPE[@]}"
expect 'PAUSED' "opens with a config folder that cannot be written"
cmd 'break Approve'
expect_status 'breakpoints not saved to .*/blocked/sfdbg/workflows/pipeline\.asl\.json-[0-9a-f]+\.json: Not a directory' \
    "the status bar says the breakpoint was not saved, where and why"
expect '4 Breakpoints \(not saved\)' "the breakpoints pane's title says so"
expect '! not saved: Not a directory' "and its first line gives the reason"
expect '● 1 Approve' "the breakpoint is still listed"
keys c
expect 'PAUSED +at Approve \(breakpoint 1: Approve\)' "the unsaved breakpoint still stops"
keys c
expect 'SUCCEEDED' "runs to the end"
keys q
expect_status 'The breakpoints are not saved \(Not a directory\)\. Quit anyway\? y/n · their file: .*/blocked/sfdbg/' \
    "q asks first: the breakpoints are not saved, and where"
keys n
expect_gone 'Quit anyway' "n stays"
rm "$TMPD/blocked/sfdbg"
cmd 'break Done'
expect '● 2 Done' "another breakpoint, now that the folder can be made"
expect_gone 'not saved' "a save that works clears the flag"
[ -n "$(ls "$TMPD"/blocked/sfdbg/workflows/pipeline.asl.json-*.json 2>/dev/null)" ]
ok $? "and the file is written"
rm -rf "$TMPD/blocked/sfdbg"
: >"$TMPD/blocked/sfdbg"
keys 4 d
expect '! not saved: Not a directory' "a delete that cannot be saved is flagged too"
keys q
expect_status 'Quit anyway\? y/n' "q asks"
keys y
expect 'EXIT 0' "y quits all the same"
tm kill-server

# ---- $EDITOR and a full TMPDIR ----
FULL="$TMPD/full"
mkdir -p "$FULL"
if ! mount -t tmpfs -o size=64k tmpfs "$FULL" 2>"$TMPD/mount.err"; then
    N=$((N + 1))
    echo "ok $N # SKIP a full TMPDIR needs a tmpfs mount: $(head -1 "$TMPD/mount.err")"
    done_testing
    exit $?
fi
trap 'umount "$FULL" 2>/dev/null; cleanup' EXIT
dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null
cat >"$TMPD/editor.sh" <<EOS
#!/bin/sh
touch "$TMPD/editor-ran"
EOS
chmod +x "$TMPD/editor.sh"
TMPDIR="$FULL" EDITOR="$TMPD/editor.sh" VISUAL= start 200 42 "${PIPE[@]}"
expect 'PAUSED' "opens with a full TMPDIR"
keys E
expect_status "cannot write the temporary file $FULL/sfdbg-input-[A-Za-z0-9]+\.json for \\\$EDITOR: No space left on device" \
    "E says the temporary file cannot be written, and why"
sleep 0.3
[ ! -e "$TMPD/editor-ran" ]
ok $? "and \$EDITOR is not opened"
[ "$(ls "$FULL")" = filler ]
ok $? "no temporary file is left behind"
keys n
expect 'afterParameters +\{"id":"o-42","amount":250,' "the input is unchanged"
cmd 'q!'
expect 'EXIT 0' "quits"
done_testing
