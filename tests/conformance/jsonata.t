#!/usr/bin/env bash
# JSONata reference suite (../shared/conformance/jsonata, or $SFDBG_SHARED): one TAP test per
# group, each case in a child process with a time limit. The cases known to fail are listed
# in tests/conformance/jsonata-expected-failures.txt (format at its top): any other failure,
# a listed case that passes, a crash or a hang fails the group. Cases that need $eval are
# skipped; a group of only such cases is reported as SKIP. Extra arguments go to the runner
# (-g GROUP, -v).
set -u
cd "$(dirname "$0")/../.." || exit 1
suite="${SFDBG_SHARED:-../shared}/conformance/jsonata"
runner="${BUILD:-build}/tests/jsonata_suite"
if [ ! -d "$suite/groups" ]; then
    echo "1..0 # SKIP no JSONata suite at $suite"
    exit 0
fi
exec "$runner" "$suite" tests/conformance/jsonata-expected-failures.txt "$@"
