#!/usr/bin/env bash
# fixtures/nightly-jobs: Glue, Batch, ECS and CodeBuild answered by the simulated jobs with
# no mock; the saved services state holds each job's runs (and feeds a second run, whose
# runs are appended); --seed reproduces the ids; a bad "jobs" section is refused naming the
# file, the section, the service, the job and the field.

cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

fx=fixtures/nightly-jobs
t0=2024-01-01T00:00:00Z
nightly() {
    "$sfdbg" run $fx/nightly-jobs.asl.json --input file://$fx/input.json --seed 1 --start-time $t0 "$@" \
        >"$tmp/out" 2>"$tmp/err" </dev/null
}

nightly --services-state $fx/state.json --save-services-state "$tmp/saved.json" --history "$tmp/h.json"
is 0 $? "the nightly pipeline runs with no mock"
out=$(cat "$tmp/out")
for want in '"status":"SUCCEEDED"' '"etl":{"state":"SUCCEEDED","seconds":1200}' \
            '"report":{"lastStatus":"STOPPED","exitCode":0}' '"deploy":{"status":"IN_PROGRESS"'; do
    case $out in *"$want"*) ok 0 "the output has $want" ;;
                 *) echo "# output: $out"; ok 1 "the output has $want" ;; esac
done
saved=$(tr -d ' \n' <"$tmp/saved.json")
for want in '"nightly-etl":{"DurationSeconds":1200,"Runs":[{"Id":' \
            '"StartedAt":"2024-01-01T00:00:00.000Z","StoppedAt":"2024-01-01T00:20:00.000Z","Status":"SUCCEEDED","ExitCode":0}' \
            '"codebuild":{"dashboard":{"Runs":[{'; do
    case $saved in *"$want"*) ok 0 "the saved state has $want" ;;
                   *) echo "# saved: $saved"; ok 1 "the saved state has $want" ;; esac
done
grep -q '1704068745' "$tmp/h.json"
is 0 $? "the history's clock moved by the jobs' durations (20 min + 5 min + 45 s)"

nightly --services-state $fx/state.json --save-services-state "$tmp/saved2.json"
cmp -s "$tmp/saved.json" "$tmp/saved2.json"; is 0 $? "the same seed gives the same runs (their ids)"

nightly --services-state "$tmp/saved.json" --save-services-state "$tmp/again.json"
is 0 $? "the saved state feeds a second run"
runs=$(tr -d ' \n' <"$tmp/again.json" | grep -o '"State":"Extract"' | wc -l)
is 2 "$runs" "the second run's Glue run is appended to the first's"

printf '{"jobs": {"ecs": {"daily-report": {"Outcome": "FAILED", "ExitCode": 3}}}}' >"$tmp/fail.json"
nightly --services-state "$tmp/fail.json"
is 1 $? "a failed ECS task fails the execution"
grep -q '"error":"States.TaskFailed"' "$tmp/out" && grep -q 'ExitCode\\":3' "$tmp/out"
is 0 $? "with States.TaskFailed and the stopped task (its exit code) as the cause"

printf '{"jobs": {"ecs": {"daily-report": {"Outcome": "MAYBE"}}}}' >"$tmp/bad.json"
nightly --services-state "$tmp/bad.json"
is 2 $? "a bad outcome is a usage error"
grep -qF "bad.json: section 'jobs': ecs job 'daily-report': 'Outcome' must be \"SUCCEEDED\" or \"FAILED\"" "$tmp/err"
is 0 $? "naming the file, section, service, job and field"
printf '{"jobs": {"ecs": {"daily-report": {"DurationSeconds": "long"}}}}' >"$tmp/bad.json"
nightly --services-state "$tmp/bad.json"
grep -qF "'DurationSeconds' must be a number" "$tmp/err"; is 0 $? "a duration of the wrong type is refused"
printf '{"jobs": {"sagemaker": {}}}' >"$tmp/bad.json"
nightly --services-state "$tmp/bad.json"
grep -qF "unknown service 'sagemaker'" "$tmp/err"; is 0 $? "an unknown service is refused"

done_testing
