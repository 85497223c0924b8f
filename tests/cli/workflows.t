#!/usr/bin/env bash
# The data-driven engine tests: every NAME.cases.json in tests/workflows/ and fixtures/*/
# against the NAME.asl.json beside it (format: the top of tests/tools/workflow_cases.c). A file
# that does not load, a malformed case, or a scripted answer the run never used fails.
cd "$(dirname "$0")/../.." || exit 1
exec $VALGRIND_CMD "${BUILD:-build}/tests/workflow_cases" tests/workflows fixtures/*/
