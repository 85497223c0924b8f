# Helpers for the TUI tests: drive the real sfdbg in a detached tmux session of a fixed
# size (own server socket per test), read the screen with capture-pane, print TAP.
# Every wait polls the screen with a deadline; nothing sleeps blindly for long.

# The suite's own locale, whatever the caller's: tmux decides from it whether the panes are
# UTF-8, and grep whether a pattern like '•{16}' repeats a character or a byte. C.UTF-8 is
# built into Debian's libc. The program under test gets its own locale in start().
# shellcheck disable=SC2046
unset LANG LANGUAGE $(env | sed -n 's/^\(LC_[A-Z_]*\)=.*/\1/p')
export LC_ALL=C.UTF-8

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SFDBG=${SFDBG:-$ROOT/sfdbg}
FIX=$ROOT/tests/tui/fixtures
# each start gets its own tmux server: a new server on a socket still shutting down after
# kill-server can die with "server exited unexpectedly"
STARTS=0
SOCK="sfdbg-tui-$$-0"
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/sfdbg-tui.XXXXXX")
export XDG_CONFIG_HOME="$TMPD/config"
N=0
FAILED=0

tm() { tmux -L "$SOCK" "$@"; }

cleanup() {
    local i
    for i in $(seq 0 "$STARTS"); do
        tmux -L "sfdbg-tui-$$-$i" kill-server >/dev/null 2>&1
    done
    rm -rf "$TMPD"
}
trap cleanup EXIT

# need TOOL...: skips the whole file, saying which tool is missing, unless all are installed
need() {
    local tool
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "1..0 # SKIP $tool is not installed"
            exit 0
        fi
    done
}
need tmux

# start_http_server: tests/tools/http_test_server.py on a free 127.0.0.1 port (in
# $TMPD/port; its request log in $TMPD/port.log), stopped when the test exits; skips the
# file without python3
start_http_server() {
    need python3
    python3 "$ROOT/tests/tools/http_test_server.py" "$TMPD/port" &
    server=$!
    trap 'kill "$server" 2>/dev/null; cleanup' EXIT
    for _ in $(seq 50); do [ -s "$TMPD/port" ] && break; sleep 0.1; done
}

# skip NAME REASON: one test that cannot run here, counted as skipped with the reason
skip() {
    N=$((N + 1))
    echo "ok $N - $1 # SKIP $2"
}

# start W H ARGS...  (runs sfdbg ARGS in the fixture folder; prints EXIT n when it ends)
start() {
    local w=$1 h=$2
    shift 2
    STARTS=$((STARTS + 1))
    SOCK="sfdbg-tui-$$-$STARTS"
    printf '%s\n' "$@" >"$TMPD/args"
    cat >"$TMPD/run.sh" <<EOS
cd "$FIX"
export LANG=\${TEST_LANG:-C.UTF-8} LC_ALL= XDG_CONFIG_HOME="$XDG_CONFIG_HOME" TERM=xterm-256color
mapfile -t args < "$TMPD/args"
"$SFDBG" "\${args[@]}"
echo "EXIT \$?"
sleep 600
EOS
    tm new-session -d -x "$w" -y "$h" -s t "bash $TMPD/run.sh"
    tm set-option -t t status off >/dev/null
}

screen() { tm capture-pane -p -t t; }

keys() { tm send-keys -t t "$@"; }
# literal text (no key names)
type_text() { tm send-keys -t t -l "$1"; }

# wait_for REGEX [SECONDS]: 0 when the screen matches within the time (default 10 s: the
# machine may be loaded)
wait_for() {
    local re=$1 limit=${2:-10} i=0
    local max=$((limit * 20))
    while [ $i -lt $max ]; do
        if screen | grep -qE -- "$re"; then return 0; fi
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

ok() {
    N=$((N + 1))
    if [ "$1" = 0 ]; then
        echo "ok $N - $2"
    else
        echo "not ok $N - $2"
        FAILED=$((FAILED + 1))
        echo "# screen:"
        screen | sed 's/^/#   /'
    fi
}

# expect REGEX NAME [SECONDS]
expect() {
    wait_for "$1" "${3:-10}"
    ok $? "$2"
}

# the status bar: the screen's last row
status_line() { tm capture-pane -p -t t | tail -n 1; }

# expect_status REGEX NAME [SECONDS]: the status bar (only it) matches within the time
expect_status() {
    local limit=${3:-10} i=0 rc=1
    while [ $i -lt $((limit * 20)) ]; do
        if status_line | grep -qE -- "$1"; then rc=0; break; fi
        sleep 0.05
        i=$((i + 1))
    done
    ok $rc "$2"
    [ $rc = 0 ] || echo "# status bar: $(status_line)"
}

# the pid of the program in the test's pane (not another test's: several worktrees may
# run their suites at once)
app_pid() {
    local shell
    shell=$(tm list-panes -t t -F '#{pane_pid}' | head -1)
    pgrep -P "$shell" -f sfdbg | head -1
}

# expect_gone REGEX NAME [SECONDS]: the screen stops showing it within the time
expect_gone() {
    local limit=${3:-10} i=0 rc=1
    while [ $i -lt $((limit * 20)) ]; do
        if ! screen | grep -qE -- "$1"; then rc=0; break; fi
        sleep 0.05
        i=$((i + 1))
    done
    ok $rc "$2"
}

# expect_not REGEX NAME: the screen does not show it (checked now)
expect_not() {
    if screen | grep -qE -- "$1"; then ok 1 "$2"; else ok 0 "$2"; fi
}

cmd() {
    keys :
    type_text "$1"
    keys Enter
}

done_testing() {
    echo "1..$N"
    [ $FAILED -eq 0 ]
}

# expect_replayed STATE COUNT_CMD WAIT_S: paused at Done after a slow task of STATE, N steps
# back and n steps again: the answer is back at once (the journal's), and COUNT_CMD (how
# many times the work was really done) still says 1
expect_replayed() {
    local t0=$SECONDS
    keys N
    expect_status "PAUSED +at $1" "N steps back over the task"
    keys n
    expect_status '^ PAUSED +at Done' "n again: the task's answer is back at once (from the journal)" 2
    ok $([ $((SECONDS - t0)) -lt 3 ] && echo 0 || echo 1) "... without waiting $3 s"
    ok $([ "$($2)" = 1 ] && echo 0 || echo 1) "the work was not done again (count: $($2))"
}

# expect_responsive STATE: paused at STATE, n starts its slow task; the status bar says it
# runs, and the help opens at once while it does (then closed again)
expect_responsive() {
    keys n
    expect_status "^ RUNNING $1 [0-9]+ s" "n: the status bar says the task is running"
    local t0=$SECONDS
    keys '?'
    expect 'cancel the task whose answer is under way' "? opens the help while it runs" 2
    ok $([ $((SECONDS - t0)) -lt 3 ] && echo 0 || echo 1) "... at once, not when the task ends"
    keys Escape
}
