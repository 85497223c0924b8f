# Helpers of the policy tests (sourced after tests/cli/lib.sh); without python3 (it reads the
# policy JSON) the test is skipped.
if ! command -v python3 >/dev/null 2>&1; then
    echo "1..0 # SKIP python3 is not installed (reads the policy JSON)"
    exit 0
fi

# statements FILE: one line per statement, "ACTION,ACTION -> RESOURCE RESOURCE"
statements() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["Version"] == "2012-10-17", d
for s in d["Statement"]:
    assert s["Effect"] == "Allow", s
    print(",".join(s["Action"]) + " -> " + " ".join(s["Resource"]))
' "$1"
}

# task NAME RESOURCE PARAMS_JSON: a one-Task workflow in $tmp/NAME.asl.json
task() {
    printf '{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "Parameters": %s, "End": true}}}\n' \
        "$2" "$3" >"$tmp/$1.asl.json"
}

# expect_policy NAME WANT [OPTIONS...]: sfdbg policy on $tmp/NAME.asl.json gives WANT (lines)
expect_policy() {
    local name=$1 want=$2
    shift 2
    "$sfdbg" policy "$tmp/$name.asl.json" --region eu-west-1 --account 111122223333 "$@" \
        >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    local got
    got=$(statements "$tmp/out" 2>&1)
    if [ $rc = 0 ] && [ "$got" = "$want" ]; then ok 0 "$name"; else
        echo "# exit $rc; got:"; printf '%s\n' "$got" | sed 's/^/#   /'
        echo "# expected:"; printf '%s\n' "$want" | sed 's/^/#   /'; sed 's/^/# stderr: /' "$tmp/err"
        ok 1 "$name"
    fi
}
A=arn:aws

# condition_of ACTION: the Condition (sorted JSON, "none" without one) of the statement of
# $tmp/out whose first action is ACTION
condition_of() {
    python3 -c '
import json, sys
for s in json.load(open(sys.argv[1]))["Statement"]:
    if s["Action"][0] == sys.argv[2]:
        print(json.dumps(s["Condition"], sort_keys=True) if "Condition" in s else "none")
' "$tmp/out" "$1"
}
