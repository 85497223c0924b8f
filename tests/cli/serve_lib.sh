# Helpers for the `sfdbg serve` tests (sourced after lib.sh): start_server ARGS... starts
# sfdbg serve on a free 127.0.0.1 port (stderr in $tmp/serve.err) and sets $server (its pid)
# and $url; 1 after a note when it does not start. stop_server ends it (exit status in $?).
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
start_server() {
    # emptied first: the child truncates it only once it runs, and the loop below must not
    # read the address of a server started before
    : >"$tmp/serve.err"
    "$sfdbg" serve --port 0 "$@" 2>"$tmp/serve.err" &
    server=$!
    url=
    for _ in $(seq 100); do
        url=$(sed -n 's/^sfdbg serve: listening on \(http:[^ ]*\)$/\1/p' "$tmp/serve.err")
        [ -n "$url" ] && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 0.05
    done
    echo "# serve did not start: $(cat "$tmp/serve.err")"
    return 1
}
stop_server() {
    kill "$server"
    wait "$server"
    local rc=$?
    server=
    return $rc
}
# relay_file FILE PREFIX: the TAP lines without a plan in FILE ("ok - X", "not ok - X",
# "skip - WHY"),
# numbered here and prefixed; other lines passed on as they are
relay_file() {
    local line
    while IFS= read -r line; do
        case $line in
        "ok - "*) ok 0 "$2${line#ok - }" ;;
        "not ok - "*) ok 1 "$2${line#not ok - }" ;;
        "skip - "*) skip "$2${line#skip - }" ;;
        *) echo "$line" ;;
        esac
    done <"$1"
}
# relay_tap NAME SCRIPT ARGS...: runs a python script that prints TAP lines without a plan
# and passes them on, numbered here and prefixed "NAME: "; then one line for its exit status
relay_tap() {
    local prefix=$1 rc
    shift
    python3 "$@" >"$tmp/relay.out" 2>"$tmp/relay.err"
    rc=$?
    relay_file "$tmp/relay.out" "$prefix: "
    [ $rc = 0 ] || echo "# $1: exit $rc: $(tail -5 "$tmp/relay.err")"
    ok $rc "the $prefix script ran to its end"
}
