# Sourced by the tests that need tests/tools/http_test_server.py (or $server_script) after
# lib.sh: starts it on a free 127.0.0.1 port, stops it on exit, and sets $base to
# http://127.0.0.1:PORT.
# Without python3 the test prints one visible SKIP and exits.
if ! command -v python3 >/dev/null; then
    echo "ok 1 # SKIP python3 is not installed (the test server needs it)"; echo "1..1"; exit 0
fi
python3 "${server_script:-tests/tools/http_test_server.py}" "$tmp/port" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "not ok 1 - the test server did not start"; echo "1..1"; exit 1; }
base="http://127.0.0.1:$(cat "$tmp/port")"
