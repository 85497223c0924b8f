# Helpers for the tests that run an npm package's server (dynalite, s3rver) on 127.0.0.1;
# sourced after tests/cli/lib.sh. Each reason to give up skips the whole file, visibly.

# skip_all WHY: the file's one line, a skip, before any test ran
skip_all() { echo "ok 1 # SKIP $1"; echo "1..1"; exit 0; }

# npm_server_needs WHAT: skips without npm, node or python3 (WHAT names the server)
npm_server_needs() {
    command -v npm >/dev/null && command -v node >/dev/null ||
        skip_all "npm/node are not installed ($1 needs them)"
    command -v python3 >/dev/null || skip_all "python3 is not installed (picks a free port${2:-})"
}

# npm_bin PACKAGE VERSION: installs the package once into $NPM_DIR ($BUILD/npm, kept there
# for the next run) and sets NPM_BIN to its program; skips when npm cannot install it. Not in
# $(...): a skip must end the test file, not a subshell.
NPM_DIR=${BUILD:-build}/npm
npm_bin() {
    NPM_BIN=$NPM_DIR/node_modules/.bin/$1
    [ -x "$NPM_BIN" ] && return
    mkdir -p "$NPM_DIR"
    (cd "$NPM_DIR" && timeout 300 npm install --no-audit --no-fund --loglevel=error "$1@$2") \
        >"$tmp/npm.log" 2>&1 || skip_all "npm install $1 failed: $(tail -1 "$tmp/npm.log")"
}

# free_port: a TCP port nothing listens on, on 127.0.0.1
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_listening NAME LOG: waits up to 10 s for the server to say "listening" in LOG;
# skips when it never does
wait_listening() {
    for _ in $(seq 100); do grep -qs listening "$2" && return; sleep 0.1; done
    skip_all "$1 did not start: $(head -c 200 "$2")"
}
