#!/usr/bin/env bash
# Runs every AWS-recorded execution in ../shared/conformance/asl (or $SFDBG_SHARED), one TAP
# test per case, each in a child process with a time limit. The cases known to fail are
# listed in tests/conformance/asl-expected-failures.txt (format at its top): any other
# failure, a listed case that passes, a crash or a hang fails the run; the cases of areas
# pending on later issues run as TAP TODO. Extra arguments go to the runner
# (--case NAME, --verbose). Under `make valgrind` the cases run in the runner's process.
cd "$(dirname "$0")/../.." || exit 1
shared=${SFDBG_SHARED:-../shared}
cases="$shared/conformance/asl/cases"
if [ ! -d "$cases" ]; then
    echo "1..0 # SKIP no AWS conformance corpus at $cases (set SFDBG_SHARED)"
    exit 0
fi
exec $VALGRIND_CMD "${BUILD:-build}/tests/asl_conformance" "$cases" \
    tests/conformance/asl-expected-failures.txt ${VALGRIND_CMD:+--in-process} "$@"
