#!/usr/bin/env bash
# A Distributed Map over an --s3-dir folder at more than one window (1,000 child inputs):
# its items streamed from the JSONL file, its results written to the folder in parts
# (objstore put_part) and renamed into place, no temporary file left.

cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

mkdir -p "$tmp/s3/src" "$tmp/s3/dst"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"i\":%d}\n", i }' >"$tmp/s3/src/items.jsonl"
cat >"$tmp/map.asl.json" <<'JSON'
{"StartAt": "Fan", "States": {"Fan": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                 "ReaderConfig": {"InputType": "JSONL"},
                 "Parameters": {"Bucket": "src", "Key": "items.jsonl"}},
  "ItemSelector": {"v.$": "$$.Map.Item.Value.i", "at.$": "$$.Map.Item.Index"},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                   "Parameters": {"Bucket": "dst", "Prefix": "res"},
                   "WriterConfig": {"OutputType": "JSONL", "Transformation": "COMPACT"}},
  "End": true}}}
JSON

expect_run "a 3,000-line JSONL file through a Distributed Map into --s3-dir" 0 \
    '"ResultWriterDetails":{"Bucket":"dst","Key":"res/' "" -- \
    run "$tmp/map.asl.json" --s3-dir "$tmp/s3" --seed 1
results=$(ls "$tmp"/s3/dst/res/*/SUCCEEDED_0.json 2>/dev/null | head -1)
is 3000 "$( [ -n "$results" ] && wc -l <"$results" | tr -d ' ')" "the SUCCEEDED file has 3,000 lines"
is '{"v":2500,"at":2500}' "$( [ -n "$results" ] && sed -n 2501p "$results")" \
    "line 2,501 is item 2,500 after its ItemSelector"
is '{"v":2999,"at":2999}' "$( [ -n "$results" ] && tail -n 1 "$results")" "and the last is the last item"
[ -f "$(dirname "${results:-/nonexistent}")/manifest.json" ]
ok $? "the manifest is there"
is 0 "$(find "$tmp/s3" -name '.sfdbg-part*' | wc -l | tr -d ' ')" "no temporary part file is left"

# files larger than any item (sparse: nothing that large is written): a 2 GB one is refused
# by the folder's bound before it is read; a 100 MB one at its first line's bound (8 MiB),
# not read whole
sed 's/items.jsonl/big.jsonl/; /"ResultWriter"/,/"WriterConfig"/d' "$tmp/map.asl.json" >"$tmp/big.asl.json"
if truncate -s 2G "$tmp/s3/src/big.jsonl" 2>/dev/null; then
    expect_run "a 2 GB JSONL file: States.ItemReaderFailed, over the folder's bound" 1 \
        '"error":"States.ItemReaderFailed","cause":"Reading s3://src/big.jsonl failed: s3://src/big.jsonl is 2147483648 bytes, over the 1073741824 bytes --s3-dir serves"' "" -- \
        run "$tmp/big.asl.json" --s3-dir "$tmp/s3"
    truncate -s 100M "$tmp/s3/src/big.jsonl"
    start=$SECONDS
    expect_run "a 100 MB JSONL file of one line: States.ItemReaderFailed at the line bound" 1 \
        '"error":"States.ItemReaderFailed","cause":"Line 1 of the JSONL file is longer than 8388608 bytes.' "" -- \
        run "$tmp/big.asl.json" --s3-dir "$tmp/s3"
    [ $((SECONDS - start)) -lt 30 ]
    ok $? "  in bounded time ($((SECONDS - start)) s)"
    rm -f "$tmp/s3/src/big.jsonl"
else
    skip "truncate cannot make sparse files here"
    skip "truncate cannot make sparse files here"
    skip "truncate cannot make sparse files here"
fi

# a 1,000,000-item inline Map (an input AWS would refuse as over 256 KiB: --max-payload 0):
# the 25,000-event limit ends it (AWS's error), quickly
awk 'BEGIN { printf "{\"items\": ["; for (i = 0; i < 1000000; i++) printf "%s%d", i ? "," : "", i; print "]}" }' \
    >"$tmp/million.json"
cat >"$tmp/inline.asl.json" <<'JSON'
{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
JSON
start=$SECONDS
expect_run "a 1,000,000-item inline Map fails at the 25,000-event limit" 1 \
    '"error":"States.Runtime","cause":"The execution reached the maximum number of history events (25000)."' "" -- \
    run "$tmp/inline.asl.json" --input "file://$tmp/million.json" --max-payload 0
[ $((SECONDS - start)) -lt 60 ]
ok $? "  in bounded time ($((SECONDS - start)) s)"

done_testing
