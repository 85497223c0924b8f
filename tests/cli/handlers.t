#!/usr/bin/env bash
# Local handlers (--handlers FILE) as processes: what they leave behind, how they end, and
# how a handler that cannot start or dies by a signal is reported.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
# a handler's background child that a faulty sfdbg left running must not outlive the test
trap 'for f in "$tmp"/*.pid; do [ -s "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done; rm -rf "$tmp"' EXIT
ulimit -c 0 # a handler killed by SIGSEGV must not leave a core file

# workflow TIMEOUT: one Lambda task answered by the handler "h", with TimeoutSeconds TIMEOUT
workflow() {
    printf '{"StartAt": "Call", "States": {"Call": {"Type": "Task", "End": true, "TimeoutSeconds": %s,
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:h"}}}\n' "$1" >"$tmp/wf.json"
}

# run_handler TIMEOUT ARGV_JSON: runs the workflow with {"h": ARGV_JSON} (in $tmp); sets
# $elapsed (whole seconds) and $rc, and leaves stdout in $tmp/out
run_handler() {
    workflow "$1"
    printf '{"h": %s}\n' "$2" >"$tmp/handlers.json"
    local start=$SECONDS
    $VALGRIND_CMD "$sfdbg" run "$tmp/wf.json" --handlers "$tmp/handlers.json" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    elapsed=$((SECONDS - start))
}

# expect_out NAME SUBSTRING: the last run ended as `sfdbg run` does (exit 0 or 1, not a
# crash or a valgrind error) and its stdout contains SUBSTRING
expect_out() {
    if [ "$rc" -le 1 ] && grep -qF -- "$2" "$tmp/out"; then ok 0 "$1"; else
        echo "# exit $rc; stdout: $(head -c 400 "$tmp/out")"; echo "# expected to contain: $2"
        ok 1 "$1"
    fi
}

# expect_quick NAME LIMIT: the last run took less than LIMIT seconds
expect_quick() {
    [ "$elapsed" -lt "$2" ] || echo "# took $elapsed s"
    ok $([ "$elapsed" -lt "$2" ] && echo 0 || echo 1) "$1"
}

# expect_gone NAME PIDFILE: the process whose pid the handler wrote is gone (a zombie
# counts as gone: it is no longer ours to reap). It gets a second to die.
expect_gone() {
    local pid state i
    pid=$(cat "$tmp/$2" 2>/dev/null)
    [ -n "$pid" ] || { echo "# the handler wrote no pid to $2"; ok 1 "$1"; return; }
    for i in 1 2 3 4 5 6 7 8 9 10; do
        state=$(ps -o stat= -p "$pid" 2>/dev/null)
        case $state in '' | Z*) break ;; esac
        sleep 0.1
    done
    case $state in '' | Z*) ok 0 "$1" ;; *) echo "# pid $pid is still there ($state)"; ok 1 "$1" ;; esac
}

# A handler that answers and leaves a background child holding its stdout and stderr.
printf 'echo "{\\"ok\\":1}"\n(sleep 30) &\necho $! >bg.pid\n' >"$tmp/bg.sh"
run_handler 8 '["sh", "bg.sh"]'
expect_out "a handler that leaves a background child: its result" '{"status":"SUCCEEDED","output":{"ok":1}}'
expect_quick "... as soon as it exits, not at the timeout" 5
expect_gone "... and the background child is killed" bg.pid

# A handler that answers and leaves a child that keeps writing to stderr.
printf 'echo "{\\"ok\\":2}"\n(while :; do echo tick >&2; sleep 0.1; done) &\necho $! >ticker.pid\n' >"$tmp/ticker.sh"
run_handler 8 '["sh", "ticker.sh"]'
expect_out "a handler whose child keeps writing: its result" '{"status":"SUCCEEDED","output":{"ok":2}}'
expect_quick "... soon after it exits" 5
expect_gone "... and the writer is killed" ticker.pid

# A handler that answers, then hangs: killed at the timeout, with what it started.
printf 'echo "{\\"ok\\":1}"\nsleep 30 &\necho $! >hang.pid\nwait\n' >"$tmp/hang.sh"
run_handler 1 '["sh", "hang.sh"]'
expect_out "a handler that prints its result and then hangs times out" '"error":"States.Timeout"'
expect_quick "... at the task's timeout" 5
expect_gone "... and its child is killed" hang.pid

# A handler that closes stdout and stderr but keeps running.
printf 'exec >&- 2>&-\nexec sleep 12\n' >"$tmp/closed.sh"
run_handler 1 '["sh", "closed.sh"]'
expect_out "a handler that closes its output and keeps running times out" '"error":"States.Timeout"'
expect_quick "... at the task's timeout, not when it ends" 5

# A handler whose output passes the limit while a child of its own keeps writing (one that
# a closed pipe does not stop).
printf '(trap "" PIPE; while :; do yes; done) &\necho $! >yes.pid\nwait\n' >"$tmp/yes.sh"
run_handler 20 '["sh", "yes.sh"]'
expect_out "output over the limit fails the task" 'printed more than 6291456 bytes'
expect_gone "... and the writer is killed" yes.pid

# The handler gets no descriptor of ours: it has what a program the test starts has.
ls /proc/self/fd >"$tmp/base.txt" 2>/dev/null </dev/null
run_handler 5 '["sh", "-c", "exec ls /proc/self/fd >fds.txt"]'
base=$(tr '\n' ' ' <"$tmp/base.txt") fds=$(tr '\n' ' ' <"$tmp/fds.txt")
[ "$fds" = "$base" ] || echo "# open: $fds; expected: $base"
ok $([ "$fds" = "$base" ] && echo 0 || echo 1) "a handler inherits none of sfdbg's pipes"

# Killed by a signal: the signal's name, not "status -1".
printf 'kill -KILL $$\n' >"$tmp/kill.sh"
run_handler 5 '["sh", "kill.sh"]'
expect_out "a handler killed by SIGKILL names the signal" \
    '"error":"Lambda.Unknown","cause":"The handler '"'sh'"' was killed by signal SIGKILL (9)"'
printf 'kill -SEGV $$\n' >"$tmp/segv.sh"
run_handler 5 '["sh", "segv.sh"]'
expect_out "a handler killed by SIGSEGV names the signal" 'was killed by signal SIGSEGV (11)'

# A handler that cannot start: the path it tried.
run_handler 5 '["./no-such-handler"]'
expect_out "a missing handler program is named with its folder" \
    "could not start: cannot run $tmp/./no-such-handler: No such file or directory"
printf '#!/bin/sh\necho 1\n' >"$tmp/noexec.sh"
chmod 644 "$tmp/noexec.sh"
run_handler 5 '["./noexec.sh"]'
expect_out "a handler program that is not executable" \
    "could not start: cannot run $tmp/./noexec.sh: Permission denied"
run_handler 5 '["no-such-handler-anywhere"]'
expect_out "a program name without a slash is looked up in PATH" \
    "could not start: cannot run no-such-handler-anywhere (looked up in PATH): No such file or directory"

# Still a plain failure: a non-zero exit without Lambda's error shape.
printf 'exit 3\n' >"$tmp/three.sh"
run_handler 5 '["sh", "three.sh"]'
expect_out "a non-zero exit is reported with its status" 'exited with status 3 without printing'

# Lambda's error shape: the cause as the Python runtime writes it for a Lambda ARN (spaced,
# non-ASCII escaped, as AWS records it).
printf 'cat >/dev/null\necho "{\\"errorType\\": \\"ValueError\\", \\"errorMessage\\": \\"caf\xc3\xa9\\"}"\nexit 1\n' >"$tmp/raise.sh"
run_handler 5 '["sh", "raise.sh"]'
expect_out "a printed error keeps its type, the cause spaced as AWS records it" \
    '"error":"ValueError","cause":"{\"errorMessage\": \"caf\\u00e9\", \"errorType\": \"ValueError\", \"requestId\": \"'

# A handler that takes a while (the run waits on its pipes, not on a busy loop) answers.
printf 'cat >/dev/null\nsleep 1\necho "{\\"slept\\":1}"\n' >"$tmp/sleepy.sh"
run_handler 5 '["sh", "sleepy.sh"]'
expect_out "a handler that sleeps 1 s gives its result" '{"status":"SUCCEEDED","output":{"slept":1}}'
expect_quick "... when it is done, not at the timeout" 4

done_testing
