# Helpers for the `sfdbg serve` tests (sourced after lib.sh): start_server ARGS... starts
# sfdbg serve on a free 127.0.0.1 port (stderr in $tmp/serve.err) and sets $server (its pid)
# and $url; 1 after a note when it does not start. stop_server ends it (exit status in $?).
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
start_server() {
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
