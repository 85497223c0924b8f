#!/usr/bin/env bash
# `sfdbg eval` in JSONPath mode: results, envelopes, exit codes. Skips until main.c
# dispatches the eval subcommand.
cd "$(dirname "$0")/../.." || exit 1
sfdbg=${SFDBG:-./sfdbg}
if ! "$sfdbg" eval --help 2>/dev/null | grep -q '^usage: sfdbg eval'; then
    echo "1..0 # SKIP sfdbg does not dispatch eval yet"
    exit 0
fi
n=0
# check NAME EXPECTED_STDOUT EXPECTED_EXIT -- ARGS...
check() {
    local name=$1 want=$2 want_rc=$3
    shift 4
    local got rc
    got=$("$sfdbg" eval "$@" 2>/dev/null)
    rc=$?
    n=$((n + 1))
    if [ "$got" = "$want" ] && [ "$rc" = "$want_rc" ]; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name"
        echo "#      got: $got (exit $rc)"
        echo "# expected: $want (exit $want_rc)"
    fi
}
check "format example" '"Ann owes 12.5"' 0 -- \
    --jsonpath "States.Format('{} owes {}', \$.who, \$.amt)" --input '{"who":"Ann","amt":12.5}'
check "path" '[2,3]' 0 -- '$.a[1:]' --input '{"a":[1,2,3]}'
check "default input" '{}' 0 -- '$'
check "envelope result" '{"result":{"k":1}}' 0 -- '$.o' --input '{"o":{"k":1}}' --envelope
check "context" '"arn:x"' 0 -- '$$.Execution.Id' --context '{"Execution":{"Id":"arn:x"}}'
check "variables from bindings" '7' 0 -- '$v.n' --bindings '{"v":{"n":7}}'
check "option value syntax" '1' 0 -- --jsonpath='$.a' --input='{"a":1}'
check "miss" '{"error":{"code":"States.Runtime","message":"Invalid path '"'"'$.b'"'"' : No results for path: $['"'"'b'"'"']"}}' 1 -- \
    '$.b' --envelope
check "syntax error" '{"error":{"code":"SCHEMA_VALIDATION_FAILED","message":"unclosed '"'"'['"'"' at position 3","position":3}}' 1 -- \
    '$.a[' --envelope
check "intrinsic failure" '{"error":{"code":"States.IntrinsicFailure","message":"States.MathAdd: argument 2 must be a number, but it is a string"}}' 1 -- \
    "States.MathAdd(1, 'x')" --envelope
check "seeded uuid repeats" "$("$sfdbg" eval 'States.UUID()' --seed 9)" 0 -- 'States.UUID()' --seed 9
check "bad input json" '' 2 -- '$' --input '{bad'
# "\u0000" is a character: it neither ends a string nor merges keys (issue examples)
check "a NUL in a string round-trips" '{"a":"\u0000b"}' 0 -- '$' --input '{"a":"\u0000b"}'
check "a key with a NUL is its own key" '{"k\u0000":1,"k":2}' 0 -- '$' --input '{"k\u0000":1,"k":2}'
check "States.JsonToString keeps the NUL" '"\"x\\u0000y\""' 0 -- \
    'States.JsonToString($.s)' --input '{"s":"x\u0000y"}'
check "JSONata looks up a key with a NUL" '1' 0 -- '$lookup($, "k\u0000")' --jsonata \
    --input '{"k\u0000":1,"k":2}'
check "a string with a NUL is not the number before it" '[{"v":5}]' 0 -- '$[?(@.v == 5)]' \
    --input '[{"v":"5\u0000x"},{"v":5}]'
check "a hash algorithm name with a NUL is no algorithm" '' 1 -- "States.Hash('a', \$.alg)" \
    --input '{"alg":"SHA-1\u0000x"}'
check "JSONata keeps the NUL" '"x\u0000y!"' 0 -- '$.s & "!"' --jsonata --input '{"s":"x\u0000y"}'
check "no expression" '' 2 --
check "unknown option" '' 2 -- '$' --frobnicate
# the option parser (getopt_long through src/cliopt): no abbreviations, in any order, a
# negative number is an expression, `--` ends the options
check "an abbreviated option is unknown" '' 2 -- '$' --inp '{}'
check "options before the expression" '3' 0 -- --input '{"a":3}' '$.a'
check "--jsonata EXPR" '5' 0 -- --jsonata 'a + 1' --input '{"a":4}'
check "--jsonata then other options, then the expression" '4' 0 -- --jsonata --input '{"a":4}' 'a'
check "a negative number is an expression" '{"result":-1}' 0 -- --jsonata --envelope -1
check "after --, an expression may look like an option" '{"result":2}' 0 -- --jsonata --envelope -- --2
check "two expressions" '' 2 -- '$.a' '$.b'
echo "1..$n"
