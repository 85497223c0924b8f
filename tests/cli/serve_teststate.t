#!/usr/bin/env bash
# `sfdbg serve`'s TestState through boto3 (tests/cli/serve_teststate.py): statuses
# SUCCEEDED / RETRIABLE / CAUGHT_ERROR / FAILED, nextState, inspectionData, mocks, errors.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/serve_lib.sh
if ! python3 -c 'import boto3' 2>/dev/null; then
    skip "python3-boto3 is missing: no TestState tests"
    done_testing
    exit
fi
start_server
ok $? "serve starts"
relay_tap TestState tests/cli/serve_teststate.py "$url"
stop_server; ok $? "and stops"
done_testing
