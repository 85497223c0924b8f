#!/usr/bin/env bash
# `sfdbg serve` under a short load (tests/tools/bench_serve.c, a C client over raw
# sockets): 2,000 StartSyncExecution calls from 8 concurrent clients, every answer right;
# 1,000 executions waiting for their tokens at once in under 100 MiB, the tokens answered
# in random order, none lost or twice; clients that go away mid-request, bodies that are
# not JSON or too large; the server stops cleanly. Latency is not asserted here (a shared
# machine); `make bench` prints it with the full counts.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/serve_lib.sh
bench=${BUILD:-build}/tests/bench_serve
if [ ! -x "$bench" ]; then
    skip "$bench is not built (make tests-build)"
    done_testing
    exit
fi
# under a sanitizer (make check-asan) the server's RSS holds shadow memory and quarantine:
# the 100 MiB bound is the plain build's, the sanitized one gets 400
rss=100
if [ -n "${SFDBG_SANITIZER:-}" ]; then
    rss=400
    echo "# built with $SFDBG_SANITIZER sanitizers: the RSS bound is $rss MiB (100 in the plain build)"
fi
SFDBG=$sfdbg "$bench" --sync 2000 --clients 8 --waiting 1000 --max-rss-mib $rss \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
relay_file "$tmp/out" ""
[ $rc = 0 ] || echo "# bench_serve: exit $rc: $(tail -3 "$tmp/err")"
ok $rc "bench_serve ran to its end"
done_testing
