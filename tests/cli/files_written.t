#!/usr/bin/env bash
# The files sfdbg writes (--history): regular files replaced atomically with a private
# mode, devices and FIFOs written in place, planted links ignored, clear refusals.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
trap 'exec 3>&-; rm -rf "$tmp"' EXIT
umask 022

ex=fixtures/order-routing
# history FILE: runs the example with --history FILE; stderr in $tmp/err, exit in $rc
history() {
    $VALGRIND_CMD "$sfdbg" run $ex/order-routing.asl.json --input file://$ex/input.json \
        --start-time 2024-05-01T09:00:00Z --history "$1" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
}
events() { grep -c '"previousEventId"' "$1" 2>/dev/null; }
history "$tmp/reference.json"
want_events=$(events "$tmp/reference.json")
[ "$want_events" -gt 0 ] 2>/dev/null || { echo "Bail out! the reference history has no events"; exit 1; }

# a new file: private (history holds payloads and task tokens), no temporary left behind
mkdir "$tmp/fresh"
history "$tmp/fresh/new.json"
is "0 600 regular file" "$rc $(stat -c '%a %F' "$tmp/fresh/new.json")" "a new history file has mode 0600"
is "$want_events" "$(events "$tmp/fresh/new.json")" "the new file holds the whole history"
is "new.json" "$(ls -A "$tmp/fresh")" "no temporary file is left in the folder"

# an existing file keeps its mode
echo old >"$tmp/kept.json"
chmod 640 "$tmp/kept.json"
history "$tmp/kept.json"
is "0 640 $want_events" "$rc $(stat -c %a "$tmp/kept.json") $(events "$tmp/kept.json")" \
    "a replaced file keeps its mode"

# a symbolic link planted at the old, predictable temporary name (PATH.tmp.PID) is not
# followed: the victim stays as it was
mkdir "$tmp/plant"
echo victim >"$tmp/plant/victim"
$VALGRIND_CMD bash -c 'ln -s victim "$1.tmp.$$" && exec "$2" run "$3/order-routing.asl.json" \
    --input "file://$3/input.json" --history "$1"' _ "$tmp/plant/h.json" "$sfdbg" "$ex" \
    >/dev/null 2>"$tmp/err"
is "victim" "$(cat "$tmp/plant/victim")" "a link planted at PATH.tmp.PID does not redirect the write"
is "regular file $want_events" "$(stat -c %F "$tmp/plant/h.json" 2>&1) $(events "$tmp/plant/h.json")" \
    "the history still goes to PATH"

# a symbolic link at PATH itself is followed: its target is replaced, the link kept
echo old >"$tmp/target.json"
ln -s target.json "$tmp/link.json"
history "$tmp/link.json"
is "0 symbolic link $want_events" "$rc $(stat -c %F "$tmp/link.json") $(events "$tmp/target.json")" \
    "a link at PATH keeps pointing at its target, which receives the history"
ln -s missing.json "$tmp/dangling.json"
history "$tmp/dangling.json"
is "2 1" "$rc $(grep -c "dangling.json: a symbolic link to a file that does not exist" "$tmp/err")" \
    "a link to nothing is refused, naming the file"

# a character device is written in place, never replaced by a regular file
if [ "$(id -u)" = 0 ] && mknod "$tmp/null" c 1 3 2>/dev/null; then
    history "$tmp/null"
    is "0 character special file" "$rc $(stat -c %F "$tmp/null")" \
        "--history to a null device leaves it a character device"
else
    skip "mknod needs root (a device node in a temporary folder)"
fi

# a FIFO is written in place; fd 3 holds it open for writing so that the reader (cat)
# has surely opened it before sfdbg does
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/fifo.out" &
reader=$!
exec 3>"$tmp/fifo"
history "$tmp/fifo"
exec 3>&-
wait "$reader"
is "0 fifo $want_events" "$rc $(stat -c %F "$tmp/fifo") $(events "$tmp/fifo.out")" \
    "a FIFO receives the history and stays a FIFO"
# a FIFO nobody reads: a clear refusal, not a hang
history "$tmp/fifo"
is "2 fifo 1" "$rc $(stat -c %F "$tmp/fifo") $(grep -c 'fifo: no process is reading this FIFO' "$tmp/err")" \
    "a FIFO without a reader is refused, not replaced"

# /dev/fd/1 (as /dev/stdout) goes to the descriptor: after the result line, in the
# redirected file. Not /dev/stdout itself: an sfdbg that regressed to renaming over it
# would, run as root, replace the machine's /dev/stdout link with a regular file.
"$sfdbg" run $ex/order-routing.asl.json --input file://$ex/input.json \
    --history /dev/fd/1 >"$tmp/stdout.txt" 2>"$tmp/err" </dev/null
is "0 $want_events" "$? $(events "$tmp/stdout.txt")" "--history /dev/fd/1 writes to standard output"
is '{"status":"SUCCEEDED"' "$(head -c 21 "$tmp/stdout.txt")" "the result line stays first"

# standard input opened read-only: refused, the redirected file untouched (/dev/fd/0, not
# /dev/stdin, for the reason above)
echo '{"keep": 1}' >"$tmp/stdin.json"
"$sfdbg" run $ex/order-routing.asl.json --history /dev/fd/0 <"$tmp/stdin.json" >/dev/null 2>"$tmp/err"
is "2 1 {\"keep\": 1}" "$? $(grep -c 'cannot write /dev/fd/0: Bad file descriptor' "$tmp/err") $(cat "$tmp/stdin.json")" \
    "--history /dev/fd/0 (read-only) is refused and leaves the redirected file alone"

# refusals name the file and the reason
history "$tmp/no-such-folder/h.json"
is "2 1" "$rc $(grep -c "cannot write $tmp/no-such-folder/h.json: cannot create a file in the folder $tmp/no-such-folder: No such file or directory" "$tmp/err")" \
    "a missing folder is named"
mkdir "$tmp/adir"
history "$tmp/adir"
is "2 1 directory" "$rc $(grep -c "cannot write $tmp/adir: is a directory" "$tmp/err") $(stat -c %F "$tmp/adir")" \
    "a directory is refused"

done_testing
