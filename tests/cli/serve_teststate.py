#!/usr/bin/env python3
"""TestState through boto3 against `sfdbg serve` (tests/cli/serve_teststate.t runs it):
TAP lines without the plan. Usage: serve_teststate.py ENDPOINT."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_client import all_passed, check, client, error_code  # noqa: E402

sfn = client(sys.argv[1])


def test(**kw):
    r = sfn.test_state(**kw)
    r.pop("ResponseMetadata", None)
    return r


task = json.dumps({
    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "f", "Payload.$": "$"},
    "ResultSelector": {"v.$": "$.Payload.v"}, "ResultPath": "$.r", "Next": "After",
    "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 2}],
    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}]})

r = test(definition=task, input='{"a": 1}', inspectionLevel="DEBUG",
         mock={"result": '{"Payload": {"v": 5}}'})
check(r["status"] == "SUCCEEDED" and r.get("nextState") == "After" and
      json.loads(r["output"]) == {"a": 1, "r": {"v": 5}},
      "a Task with mock.result: SUCCEEDED, its output and nextState", r)
d = r.get("inspectionData", {})
check(json.loads(d.get("afterParameters", "null")) == {"FunctionName": "f", "Payload": {"a": 1}}
      and json.loads(d.get("result", "null")) == {"Payload": {"v": 5}}
      and json.loads(d.get("afterResultSelector", "null")) == {"v": 5}
      and json.loads(d.get("afterResultPath", "null")) == {"a": 1, "r": {"v": 5}},
      "DEBUG: inspectionData has every stage under AWS's names", d)
r = test(definition=task, input='{"a": 1}', mock={"result": '{"Payload": {"v": 5}}'})
check("inspectionData" not in r, "INFO (the default): no inspectionData")
r = test(definition=task, mock={"errorOutput": {"error": "Boom", "cause": "bad"}})
check(r["status"] == "RETRIABLE" and r.get("error") == "Boom" and r.get("cause") == "bad"
      and "nextState" not in r, "an error a retrier takes: RETRIABLE with the error", r)
r = test(definition=task, mock={"errorOutput": {"error": "Boom", "cause": "bad"}},
         stateConfiguration={"retrierRetryCount": 2})
check(r["status"] == "CAUGHT_ERROR" and r.get("nextState") == "Oops" and
      json.loads(r["output"]) == {"Error": "Boom", "Cause": "bad"},
      "retrierRetryCount 2 of MaxAttempts 2: the catcher takes it, CAUGHT_ERROR", r)
r = test(definition=task, mock={"errorOutput": {"error": "Other", "cause": "c"}})
check(r["status"] == "CAUGHT_ERROR" and r.get("nextState") == "Oops",
      "an error only the catcher takes: CAUGHT_ERROR at once", r)
bare = json.dumps({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Parameters": {"FunctionName": "f"}, "End": True})
r = test(definition=bare, mock={"errorOutput": {"error": "Lambda.Unknown", "cause": "x"}})
check(r["status"] == "FAILED" and r.get("error") == "Lambda.Unknown",
      "an error nothing takes: FAILED", r)
choice = json.dumps({"Type": "Choice", "Choices": [
    {"Variable": "$.a", "NumericEquals": 1, "Next": "One"}], "Default": "Other"})
check(test(definition=choice, input='{"a": 1}').get("nextState") == "One" and
      test(definition=choice, input='{"a": 2}').get("nextState") == "Other",
      "a Choice: nextState is the branch taken")
machine = json.dumps({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Pass", "Parameters": {"x.$": "$.a"}, "End": True}}})
r = test(definition=machine, stateName="B", input='{"a": 3}')
check(r["status"] == "SUCCEEDED" and json.loads(r["output"]) == {"x": 3} and
      "nextState" not in r, "stateName in a whole machine; an End state has no nextState", r)
r = test(definition=json.dumps({"Type": "Fail", "Error": "E", "Cause": "C"}))
check(r["status"] == "FAILED" and r.get("error") == "E" and r.get("cause") == "C",
      "a Fail state: FAILED with its error and cause", r)
r = test(definition=json.dumps({"Type": "Wait", "Seconds": 86400, "Next": "X"}), input='{"a": 1}')
check(r["status"] == "SUCCEEDED" and r.get("nextState") == "X",
      "a Wait of a day: at once, on the virtual clock", r)
callback = json.dumps({"Type": "Task", "End": True,
                       "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                       "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": "m"}})
r = test(definition=callback, mock={"result": '{"ok": 1}'})
check(r["status"] == "SUCCEEDED" and json.loads(r["output"]) == {"ok": 1},
      "a .waitForTaskToken task with a mock: the mock is the callback's result", r)

check(error_code(sfn.test_state, definition=callback) == "ValidationException",
      "a .waitForTaskToken task without a mock: ValidationException")
check(error_code(sfn.test_state, definition=json.dumps({"Type": "Pass", "End": True}),
                 mock={"result": "1"}) == "ValidationException",
      "a mock for a Pass state: ValidationException")
check(error_code(sfn.test_state, definition=task, mock={"result": "{no"}) ==
      "ValidationException", "mock.result that is not JSON: ValidationException")
check(error_code(sfn.test_state, definition=machine, stateName="Z") == "ValidationException",
      "a stateName the machine does not have: ValidationException")
check(error_code(sfn.test_state, definition=machine) == "InvalidDefinition",
      "a whole machine without stateName: InvalidDefinition")
check(error_code(sfn.test_state, definition='{"Type": "Pass", "Next": 7}') ==
      "InvalidDefinition", "a state that does not validate: InvalidDefinition")
check(error_code(sfn.test_state, definition=task, input="{bad") == "InvalidExecutionInput",
      "input that is not JSON: InvalidExecutionInput")
pass_vars = json.dumps({"Type": "Pass", "Parameters": {"v.$": "$x"}, "End": True})
r = test(definition=pass_vars, variables='{"x": 5}')
check(json.loads(r.get("output", "null")) == {"v": 5}, "variables: the state reads them", r)
check(error_code(sfn.test_state, definition=pass_vars, variables="[]") == "ValidationException",
      "variables that are not an object: ValidationException")
r = test(definition=task, mock={"errorOutput": {"error": "States.TaskFailed", "cause": "c"}},
         inspectionLevel="DEBUG")
ed = r.get("inspectionData", {}).get("errorDetails", {})
check(r["status"] in ("RETRIABLE", "CAUGHT_ERROR", "FAILED") and
      (r["status"] == "FAILED" or ed), "a mocked error: errorDetails under AWS's names", r)
parallel = json.dumps({"Type": "Parallel", "End": True, "Branches": [
    {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}]})
r = test(definition=parallel, mock={"result": '[{"b": 1}]'},
         context='{"Execution": {"Name": "given"}}')
check(r["status"] == "SUCCEEDED" and json.loads(r["output"]) == [{"b": 1}],
      "a Parallel state with a mocked result (and a context)", r)
check(error_code(sfn.test_state, definition=parallel) == "ValidationException",
      "a Parallel state without a mock: ValidationException")
sys.exit(0 if all_passed() else 1)
