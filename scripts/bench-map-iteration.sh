#!/usr/bin/env bash
# The cost of one inline Map iteration against one Pass state in a chain (issue 17 item 4:
# within 2x), in instructions, which a loaded machine does not blur: `sfdbg run` under
# callgrind counting only exec_step (not loading the definition or parsing the input) on
#   chain  N Pass states one after another (instructions / N: a Pass in a chain)
#   map    an inline Map of N items whose iterator is one Pass (instructions / N: an iteration,
#          its MapIterationStarted/Succeeded events, frame and result slot included)
# Prints both and their ratio with the target; needs valgrind (skips without it).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${ITEMS:-2000}
make -s "${PROG:-sfdbg}" >/dev/null
sfdbg="$PWD/${PROG:-sfdbg}"
if ! command -v valgrind >/dev/null; then
    echo "bench-map-iteration: skipped: valgrind is not installed"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v n="$n" 'BEGIN { printf "{\"StartAt\":\"P0\",\"States\":{"
    for (i = 0; i < n; i++)
        printf "%s\"P%d\":{\"Type\":\"Pass\",%s}", i ? "," : "", i,
               i < n - 1 ? "\"Next\":\"P" i + 1 "\"" : "\"End\":true"
    print "}}" }' > "$tmp/chain.asl.json"
echo '{"id": 1}' > "$tmp/chain.input.json"
cat > "$tmp/map.asl.json" <<'JSON'
{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P",
    "States": {"P": {"Type": "Pass", "End": true}}},
  "ResultSelector": {"n.$": "States.ArrayLength($)"}, "End": true}}}
JSON
awk -v n="$n" 'BEGIN { printf "["; for (i = 0; i < n; i++) printf "%s{\"id\":%d}", i ? "," : "", i; print "]" }' \
    > "$tmp/map.input.json"

# Instructions exec_step executed for workflow $1.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/$1.cg" --toggle-collect=exec_step \
        "$sfdbg" run "$tmp/$1.asl.json" --input "file://$tmp/$1.input.json" --max-events 0 \
        --seed 1 > "$tmp/$1.out" 2> "$tmp/$1.err"
    grep -q '"status":"SUCCEEDED"' "$tmp/$1.out" || { echo "bench-map-iteration: $1 did not succeed" >&2; exit 1; }
    sed -n 's/.*Collected : //p' "$tmp/$1.err"
}
chain=$(instructions chain)
map=$(instructions map)
awk -v c="$chain" -v m="$map" -v n="$n" 'BEGIN {
    printf "bench-map-iteration: %d items; a Pass in a chain %.0f instructions, an inline Map iteration of a Pass %.0f: %.2fx (target <= 2x)\n",
           n, c / n, m / n, m / c }'
