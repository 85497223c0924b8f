#!/usr/bin/env bash
# Times `sfdbg run` on a Distributed Map over a generated LINES-line (1,000,000) JSONL file in
# a temporary --s3-dir, one Pass child execution a line, as a user runs it (history and
# per-child visits recorded, the records bound of docs/semantics.md applying):
#   writer     with a ResultWriter (JSONL COMPACT into the same folder)
#   at-limit   without one, under the default 256 KiB payload limit: the results pass it,
#              so (as on AWS) every child runs and the state fails with
#              States.DataLimitExceeded; the results are dropped once past the limit
#   no-writer  without one and with no limit (--max-payload 0): the million outputs are
#              kept as the state's result (the line says so: that is what its RSS holds)
# Prints wall time and peak RSS (/usr/bin/time -v) of each run with the targets (issue 11:
# under 10 s, under 500 MiB), "OVER TARGET" after a figure that misses its target, and
# checks each run's result ("result ok"); it never fails on the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${LINES:-1000000}
make -s "${PROG:-sfdbg}" >/dev/null
sfdbg="./${PROG:-sfdbg}"
if [ ! -x /usr/bin/time ]; then
    echo "bench-map-distributed: skipped: /usr/bin/time is not installed (apt-get install time)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/s3/bench"
awk -v n="$lines" 'BEGIN { for (i = 0; i < n; i++)
    printf "{\"id\":%d,\"name\":\"customer-%d\",\"tags\":[\"a\",\"b\"]}\n", i, i }' \
    > "$tmp/s3/bench/items.jsonl"

# The Map; $1 adds its ResultWriter (or nothing).
definition() {
    cat <<JSON
{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "JSONL"},
    "Parameters": {"Bucket": "bench", "Key": "items.jsonl"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
  $1 "End": true}}}
JSON
}
definition '"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
    "Parameters": {"Bucket": "bench", "Prefix": "results"},
    "WriterConfig": {"OutputType": "JSONL", "Transformation": "COMPACT"}},' \
    > "$tmp/writer.asl.json"
definition '"ResultSelector": {"count.$": "States.ArrayLength($)"},' > "$tmp/no-writer.asl.json"

size=$(wc -c < "$tmp/s3/bench/items.jsonl")
echo "bench-map-distributed: $lines lines, $((size / 1000000)) MB of JSONL, sfdbg run --s3-dir"
status=0
cp "$tmp/no-writer.asl.json" "$tmp/at-limit.asl.json"
for run in writer at-limit no-writer; do
    extra=()
    [ "$run" = no-writer ] && extra=(--max-payload 0)
    rc=0
    /usr/bin/time -v -o "$tmp/$run.time" "$sfdbg" run "$tmp/$run.asl.json" --seed 1 \
        --s3-dir "$tmp/s3" "${extra[@]}" > "$tmp/$run.out" 2> "$tmp/$run.err" || rc=$?
    if [ "$rc" -gt 1 ]; then   # 1: the execution failed, which at-limit expects
        echo "  $run: sfdbg run exited $rc: $(head -c 400 "$tmp/$run.out" "$tmp/$run.err")"
        status=1
        continue
    fi
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/$run.time")
    cpu_user=$(sed -n 's/.*User time (seconds): //p' "$tmp/$run.time")
    cpu_sys=$(sed -n 's/.*System time (seconds): //p' "$tmp/$run.time")
    rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/$run.time")
    expect='"status":"SUCCEEDED"'
    [ "$run" = no-writer ] && expect="\"count\":$lines"
    [ "$run" = at-limit ] && expect='"error":"States.DataLimitExceeded"'
    ok="result ok"
    tr -d ' \n' < "$tmp/$run.out" | grep -q "$expect" || { ok="unexpected result: $(head -c 300 "$tmp/$run.out")"; status=1; }
    rss_mib=$((rss_kb / 1024))
    wall_s=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    wall_mark=$(awk -v s="$wall_s" 'BEGIN { print s < 10 ? "" : " OVER TARGET" }')
    rss_mark=$([ "$rss_mib" -lt 500 ] && echo "" || echo " OVER TARGET")
    what=""
    [ "$run" = no-writer ] && what="  (keeps all $lines results: --max-payload 0)"
    printf '  %-9s wall %s (cpu %s user + %s sys; target < 10 s)%s  peak RSS %d MiB (target < 500 MiB)%s  %s%s\n' \
        "$run" "$wall" "$cpu_user" "$cpu_sys" "$wall_mark" "$rss_mib" "$rss_mark" "$ok" "$what"
done
exit $status
