#!/usr/bin/env bash
# Times the Map benchmarks of issue 11 with sfdbg (`sfdbg run`) and with the peer,
# aws-local-stepfunctions (npm, installed into a temporary folder for this run only: it is
# a tool for the comparison, never a dependency of sfdbg), on the same definitions and
# inputs, and prints wall time and peak RSS of each side with the speed-up:
#   map-pass     an inline Map of ITEMS_PASS (100,000) iterations of one Pass state
#   map-task     an inline Map of ITEMS_TASK (20,000) iterations of a Lambda Task, answered by
#                a mock config (sfdbg) and by a local handler override (the peer)
# Both run with no history limit (sfdbg --max-events 0; the peer has none). Needs node, npm
# and /usr/bin/time. ALSF_VERSION picks the peer's npm version.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${ALSF_VERSION:-3.0.0}
pass_items=${ITEMS_PASS:-100000}
task_items=${ITEMS_TASK:-20000}
make -s "${PROG:-sfdbg}" >/dev/null
sfdbg="./${PROG:-sfdbg}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- the definitions and inputs (one file each, read by both sides) ----
cat > "$tmp/map-pass.asl.json" <<'JSON'
{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Touch",
    "States": {"Touch": {"Type": "Pass", "Parameters": {"n.$": "$"}, "End": true}}},
  "ResultSelector": {"count.$": "States.ArrayLength($)"}, "End": true}}}
JSON
cat > "$tmp/map-task.asl.json" <<'JSON'
{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Charge",
    "States": {"Charge": {"Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Charge",
      "ResultPath": "$.charged", "End": true}}},
  "ResultSelector": {"count.$": "States.ArrayLength($)"}, "End": true}}}
JSON
cat > "$tmp/mocks.json" <<JSON
{"StateMachines": {"map-task": {"TestCases": {"Bench": {"Charge": "Ok"}}}},
 "MockedResponses": {"Ok": {"0-$((task_items * 2))": {"Return": {"ok": true}}}}}
JSON
for k in pass task; do
    n=$pass_items
    [ "$k" = task ] && n=$task_items
    awk -v n="$n" 'BEGIN { printf "{\"items\": ["; for (i = 0; i < n; i++) printf "%s{\"id\": %d}", i ? "," : "", i; print "]}" }' \
        > "$tmp/map-$k.input.json"
done

# ---- the peer ----
(cd "$tmp" && npm install --silent --no-audit --no-fund "aws-local-stepfunctions@$version" >/dev/null)
cat > "$tmp/peer.mjs" <<'JS'
// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22); older Node gets the standard polyfill
if (!Promise.withResolvers)
    Promise.withResolvers = function () {
        let resolve, reject;
        const promise = new Promise((a, b) => { resolve = a; reject = b; });
        return { promise, resolve, reject };
    };
const { StateMachine } = await import('aws-local-stepfunctions');
const fs = await import('fs');
const [def, input] = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const sm = new StateMachine(def, { validationOptions: { checkArn: false } });
const handlers = { Charge: async () => ({ ok: true }) };
const run = sm.run(input, { overrides: { taskResourceLocalHandlers: handlers } });
console.log(JSON.stringify(await run.result));
JS

# timed NAME CMD...: "seconds peak-KiB", and the command's stdout in $tmp/NAME.out
timed() {
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -o "$tmp/$name.time" "$@" > "$tmp/$name.out"
    cat "$tmp/$name.time"
}

printf '%-10s %12s %12s %14s %14s %9s\n' bench "sfdbg s" "peer s" "sfdbg MiB" "peer MiB" speed-up
for k in pass task; do
    extra=()
    [ "$k" = task ] && extra=(--mock-config "$tmp/mocks.json" --test-case Bench)
    read -r ours_s ours_kb < <(timed "ours-$k" "$sfdbg" run "$tmp/map-$k.asl.json" \
        --input "file://$tmp/map-$k.input.json" --max-events 0 --max-payload 0 "${extra[@]}")
    read -r peer_s peer_kb < <(cd "$tmp" && timed "peer-$k" node peer.mjs "map-$k.asl.json" "map-$k.input.json")
    grep -q '"status":"SUCCEEDED"' "$tmp/ours-$k.out" || { echo "sfdbg map-$k did not succeed:"; head -c 400 "$tmp/ours-$k.out"; exit 1; }
    awk -v b="map-$k" -v os="$ours_s" -v ps="$peer_s" -v ok="$ours_kb" -v pk="$peer_kb" 'BEGIN {
        printf "%-10s %12.2f %12.2f %14.1f %14.1f %8.1fx\n", b, os, ps, ok / 1024, pk / 1024, ps / (os > 0.005 ? os : 0.005) }'
done
