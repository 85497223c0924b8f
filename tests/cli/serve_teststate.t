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
# TestState came in botocore 1.31 (Debian 12 has 1.29): an older client cannot call it
if ! python3 -c 'import sys, boto3; sys.exit(not hasattr(boto3.client("stepfunctions", region_name="us-east-1"), "test_state"))' 2>/dev/null; then
    skip "botocore $(python3 -c 'import botocore; print(botocore.__version__)') has no TestState: no TestState tests"
    done_testing
    exit
fi
start_server
ok $? "serve starts"
relay_tap TestState tests/cli/serve_teststate.py "$url"
stop_server; ok $? "and stops"
done_testing
