#!/usr/bin/env bash
# `sfdbg serve` through the JavaScript SDK v3 (@aws-sdk/client-sfn, tests/cli/serve_js.js):
# create, start, describe, history, StartSyncExecution, UpdateStateMachine,
# ValidateStateMachineDefinition and TestState with mocks, with disableHostPrefix (the SDK's
# sync- prefix would send StartSyncExecution and TestState to sync-127.0.0.1). The SDK is
# installed with npm into $BUILD/js-sdk the first time (kept there); without node or npm, or
# when the registry cannot be reached, the test is skipped, saying so.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/serve_lib.sh
sdk=$(cd "${BUILD:-build}" && pwd)/js-sdk
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    skip "node or npm missing: no JavaScript SDK test"
    done_testing
    exit
fi
if [ ! -d "$sdk/node_modules/@aws-sdk/client-sfn" ]; then
    mkdir -p "$sdk"
    if ! timeout 300 npm install --no-audit --no-fund --silent --fetch-retries=1 \
        --fetch-timeout=30000 --prefix "$sdk" \
        @aws-sdk/client-sfn@3 >"$tmp/npm.log" 2>&1; then
        skip "npm could not install @aws-sdk/client-sfn: $(tail -1 "$tmp/npm.log")"
        done_testing
        exit
    fi
fi
start_server
ok $? "serve starts"
timeout 120 node tests/cli/serve_js.js "$sdk" "$url" >"$tmp/js.out" 2>"$tmp/js.err"
rc=$?
relay_file "$tmp/js.out" "JavaScript SDK: "
[ $rc = 0 ] || echo "# node: exit $rc: $(tail -5 "$tmp/js.err")"
ok $rc "the JavaScript SDK script ran to its end"
stop_server
ok $? "and the server stops"
done_testing
