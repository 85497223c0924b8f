#!/usr/bin/env bash
# Times the expressions of tests/tools/bench_jsonata.c with the reference implementation
# (jsonata-js from npm, installed into a temporary folder for this run only: it is not a
# dependency of sfdbg) and with sfdbg's, over the same generated document, and prints
# both with the speed-up and the target (each expression >= 10x jsonata-js). Needs node
# and npm.  JSONATA_VERSION picks the npm version.
# The two are timed side by side, expression by expression, ROUNDS times (default 3), and
# each keeps its best time: on a shared machine the load then weighs on both alike.
# BENCH_JSONATA names another bench_jsonata binary (an older build, to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
version=${JSONATA_VERSION:-2.0.6}
build=${BUILD:-build}
rounds=${ROUNDS:-3}
target=10
bench=${BENCH_JSONATA:-$build/tests/bench_jsonata}
[ -n "${BENCH_JSONATA:-}" ] || make -s "$bench"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bench" --dump "$tmp"
(cd "$tmp" && npm install --silent --no-audit --no-fund "jsonata@$version" >/dev/null)
cat > "$tmp/bench.js" <<'JS'
const jsonata = require('jsonata');
const fs = require('fs');
const dir = process.argv[2];
const doc = JSON.parse(fs.readFileSync(dir + '/doc.json', 'utf8'));
const bindings = JSON.parse(fs.readFileSync(dir + '/bindings.json', 'utf8'));
const only = process.argv[3];
const cases = JSON.parse(fs.readFileSync(dir + '/exprs.json', 'utf8'))
    .filter(c => !only || c.name === only);
(async () => {
    for (const c of cases) {
        const e = jsonata(c.expr);
        const input = c.small ? undefined : doc;
        const b = c.small ? bindings : undefined;
        for (let i = 0; i < 3; i++) await e.evaluate(input, b);   // warm up the JIT
        let n = 0;
        const t0 = process.hrtime.bigint();
        let t;
        do {
            await e.evaluate(input, b);
            n++;
            t = Number(process.hrtime.bigint() - t0) / 1e6;
        } while (t < 400);
        console.log(c.name + ' ' + (t * 1000 / n).toFixed(1));
    }
})();
JS
names=$(node -e 'const fs = require("fs");
    for (const c of JSON.parse(fs.readFileSync(process.argv[1], "utf8"))) console.log(c.name)' \
    "$tmp/exprs.json")
: > "$tmp/ref.txt"
: > "$tmp/ours.txt"
for ((r = 0; r < rounds; r++)); do
    for name in $names; do
        (cd "$tmp" && node bench.js "$tmp" "$name") >> "$tmp/ref.txt"
        "$bench" "$name" | awk 'NR > 2 { print $1, $2 }' >> "$tmp/ours.txt"
    done
done
best() { sort -k1,1 -k2,2g "$1" | awk '$1 != last { print; last = $1 }'; }
printf '%-16s %14s %14s %9s %8s\n' expression "reference us" "sfdbg us" speed-up target
join <(best "$tmp/ref.txt") <(best "$tmp/ours.txt") |
    awk -v target="$target" -v rounds="$rounds" '
        { x = $2 / $3; verdict = (x >= target) ? "ok" : "BELOW"
          printf "%-16s %14.1f %14.1f %8.1fx %6s %s\n", $1, $2, $3, x, (">=" target "x"), verdict
          r += log(x); n++ }
        END { if (n) printf "geometric mean speed-up: %.1fx (best of %d rounds each, side by side)\n",
                            exp(r / n), rounds }'
