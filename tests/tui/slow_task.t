#!/usr/bin/env bash
# A task whose handler takes 5 s: the debugger stays responsive while it runs (help, the
# status bar's elapsed seconds, q asks and quits), no handler process survives, and
# stepping back over the task does not run the handler again (the journal answers).
. "$(dirname "$0")/lib.sh"
export SLOW_COUNTER="$TMPD/count" SLOW_PIDFILE="$TMPD/pid"
runs() { [ -s "$SLOW_COUNTER" ] && wc -l <"$SLOW_COUNTER" | tr -d ' ' || echo 0; }
# gone PID: the process has ended (a zombie counts: it is no longer running)
gone() {
    local i state
    for i in $(seq 1 20); do
        state=$(ps -o stat= -p "$1" 2>/dev/null)
        case $state in '' | Z*) return 0 ;; esac
        sleep 0.1
    done
    return 1
}

# 1. while it runs: keys work; then q quits and kills the handler
start 120 40 slow.asl.json --handlers slow.handlers.json
expect_status 'PAUSED +at Slow' "opens paused before the task"
t0=$SECONDS
expect_responsive Slow
expect_status '^ RUNNING Slow [1-9][0-9]* s' "the elapsed seconds go on"
pid=$(cat "$SLOW_PIDFILE" 2>/dev/null)
keys q
expect 'Quit and abandon it\? y/n' "q asks while the task runs" 2
keys y
expect 'EXIT 0' "y quits at once" 2
ok $([ $((SECONDS - t0)) -lt 4 ] && echo 0 || echo 1) "... before the handler would have ended"
if [ -n "$pid" ] && gone "$pid"; then ok 0 "no handler process survives"; else
    echo "# handler pid '${pid}' still there"; ok 1 "no handler process survives"; fi

# 2. the answer comes by itself; step back over it does not run the handler again
: >"$SLOW_COUNTER"
start 120 40 slow.asl.json --handlers slow.handlers.json
expect_status 'PAUSED +at Slow' "a second session opens"
keys n
expect_status '^ PAUSED +at Done' "the handler's answer completes the step by itself" 9
expect '"ok": 1|"ok":1|ok +1' "its result is shown"
is_runs=$(runs)
ok $([ "$is_runs" = 1 ] && echo 0 || echo 1) "the handler ran once"
expect_replayed Slow runs 5

# 3. K cancels the running task: it waits for the user's answer
start 120 40 slow.asl.json --handlers slow.handlers.json
expect_status 'PAUSED +at Slow' "a third session opens"
keys n
expect_status '^ RUNNING Slow' "the task runs"
pid=$(cat "$SLOW_PIDFILE" 2>/dev/null)
keys K
expect 'Result of Slow' "K cancels it: the result dialog opens" 2
if [ -n "$pid" ] && gone "$pid"; then ok 0 "the cancelled handler is killed"; else ok 1 "the cancelled handler is killed"; fi
keys Escape q y
expect 'EXIT 0' "quits"
done_testing
