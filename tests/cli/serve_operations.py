#!/usr/bin/env python3
"""Every operation `sfdbg serve` answers (DESIGN 4.1), called once over raw HTTP (AWS JSON
1.0, urllib: no SDK needed), each answer checked for the members botocore's model says its
output shape requires, and for what it should say. Prints TAP lines without a plan (the .t
numbers them). Usage: serve_operations.py ENDPOINT; the server must run with
--activity-poll-seconds 1.

CALLED lists the operations called; serve_operations.t checks that it is sfn_api.c's
operation table, so a new operation without a call here fails the test."""
import json
import sys
import time
import urllib.error
import urllib.request

endpoint = sys.argv[1]
ROLE = "arn:aws:iam::123456789012:role/sfn"
ACT = "arn:aws:states:us-east-1:123456789012:activity:"

# the output shapes' required members (botocore's stepfunctions service-2.json)
REQUIRED = {
    "CreateStateMachine": ["stateMachineArn", "creationDate"],
    "DescribeStateMachine": ["stateMachineArn", "name", "definition", "roleArn", "type",
                             "creationDate"],
    "UpdateStateMachine": ["updateDate"],
    "DeleteStateMachine": [],
    "ListStateMachines": ["stateMachines"],
    "DescribeStateMachineForExecution": ["stateMachineArn", "name", "definition", "roleArn",
                                         "updateDate"],
    "StartExecution": ["executionArn", "startDate"],
    "StartSyncExecution": ["executionArn", "startDate", "stopDate", "status"],
    "DescribeExecution": ["executionArn", "stateMachineArn", "status", "startDate"],
    "StopExecution": ["stopDate"],
    "ListExecutions": ["executions"],
    "GetExecutionHistory": ["events"],
    "RedriveExecution": ["redriveDate"],
    "SendTaskSuccess": [],
    "SendTaskFailure": [],
    "SendTaskHeartbeat": [],
    "CreateActivity": ["activityArn", "creationDate"],
    "DescribeActivity": ["activityArn", "name", "creationDate"],
    "DeleteActivity": [],
    "ListActivities": ["activities"],
    "GetActivityTask": [],
    "ValidateStateMachineDefinition": ["result", "diagnostics"],
    "TestState": [],
}
CALLED = set()


def ok(cond, name):
    print(("ok - " if cond else "not ok - ") + name)
    sys.stdout.flush()


def post(op, body):
    req = urllib.request.Request(endpoint + "/", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/x-amz-json-1.0",
                                          "X-Amz-Target": "AWSStepFunctions." + op})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def call(op, body, **expect):
    """The operation once: 200, its required members, and each expect KEY=VALUE."""
    CALLED.add(op)
    status, out = post(op, body)
    missing = [k for k in REQUIRED[op] if k not in out]
    wrong = {k: out.get(k) for k, v in expect.items() if out.get(k) != v}
    ok(status == 200 and not missing and not wrong,
       "%s: 200 with %s%s%s" % (op, ", ".join(REQUIRED[op]) or "no required member",
                                "" if not missing else "; missing %s" % missing,
                                "" if not wrong else "; got %s (%s)" % (wrong, out)))
    return out


def until_done(arn):
    for _ in range(300):
        _, out = post("DescribeExecution", {"executionArn": arn})
        if out.get("status") != "RUNNING":
            return out
        time.sleep(0.02)
    return out


activity_sm = json.dumps({"StartAt": "Work", "States": {
    "Work": {"Type": "Task", "Resource": ACT + "ops", "Next": "Done"},
    "Done": {"Type": "Pass", "Parameters": {"worked.$": "$.n"}, "End": True}}})
express_sm = json.dumps({"StartAt": "P", "States": {
    "P": {"Type": "Pass", "Parameters": {"twice.$": "States.MathAdd($.n, $.n)"}, "End": True}}})

out = call("ValidateStateMachineDefinition", {"definition": activity_sm}, result="OK")
ok(out.get("diagnostics") == [], "ValidateStateMachineDefinition: no diagnostics")
act = call("CreateActivity", {"name": "ops"}, activityArn=ACT + "ops")
call("DescribeActivity", {"activityArn": ACT + "ops"}, name="ops")
out = call("ListActivities", {})
ok([a["name"] for a in out.get("activities", [])] == ["ops"], "ListActivities lists it")
sm = call("CreateStateMachine", {"name": "ops", "definition": activity_sm, "roleArn": ROLE})
sm_arn = sm.get("stateMachineArn", "")
call("DescribeStateMachine", {"stateMachineArn": sm_arn}, status="ACTIVE", type="STANDARD")
out = call("ListStateMachines", {})
ok(len(out.get("stateMachines", [])) == 1, "ListStateMachines lists it")
call("UpdateStateMachine", {"stateMachineArn": sm_arn, "roleArn": ROLE + "2"})

ex = call("StartExecution", {"stateMachineArn": sm_arn, "name": "one", "input": '{"n": 3}'})
ex_arn = ex.get("executionArn", "")
call("DescribeStateMachineForExecution", {"executionArn": ex_arn}, roleArn=ROLE + "2")
task = call("GetActivityTask", {"activityArn": ACT + "ops", "workerName": "ops-worker"},
            input='{"n":3}')
token = task.get("taskToken", "")
call("SendTaskHeartbeat", {"taskToken": token})
call("SendTaskSuccess", {"taskToken": token, "output": '{"n": 4}'})
until_done(ex_arn)
call("DescribeExecution", {"executionArn": ex_arn}, status="SUCCEEDED", output='{"worked":4}')
out = call("GetExecutionHistory", {"executionArn": ex_arn})
types = [e["type"] for e in out.get("events", [])]
ok(types[2:6] == ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "TaskStateExited"],
   "GetExecutionHistory: ActivityScheduled, ActivityStarted, ActivitySucceeded (%s)" % types)
started = [e for e in out.get("events", []) if e["type"] == "ActivityStarted"]
ok(started and started[0]["activityStartedEventDetails"] == {"workerName": "ops-worker"},
   "ActivityStarted names the worker")

ex = call("StartExecution", {"stateMachineArn": sm_arn, "name": "two", "input": '{"n": 5}'})
two = ex.get("executionArn", "")
task = call("GetActivityTask", {"activityArn": ACT + "ops"})
call("SendTaskFailure", {"taskToken": task.get("taskToken", ""), "error": "Broken",
                         "cause": "on purpose"})
out = until_done(two)
ok(out.get("status") == "FAILED" and out.get("error") == "Broken",
   "SendTaskFailure fails the execution with its error")
out = call("ListExecutions", {"stateMachineArn": sm_arn})
ok(sorted(e["name"] for e in out.get("executions", [])) == ["one", "two"],
   "ListExecutions lists both")
call("RedriveExecution", {"executionArn": two})
task = post("GetActivityTask", {"activityArn": ACT + "ops"})[1]
ok("taskToken" in task, "the redriven execution schedules the activity's task again")
call("StopExecution", {"executionArn": two, "error": "Enough"})
out = until_done(two)
ok(out.get("status") == "ABORTED", "StopExecution aborts it")
status, out = post("SendTaskSuccess", {"taskToken": task.get("taskToken", ""), "output": "{}"})
ok(status == 400 and out.get("__type") == "TaskDoesNotExist",
   "its task's token after the stop: TaskDoesNotExist")

express = call("CreateStateMachine", {"name": "ops-express", "definition": express_sm,
                                      "roleArn": ROLE, "type": "EXPRESS"})
call("StartSyncExecution", {"stateMachineArn": express.get("stateMachineArn", ""),
                            "input": '{"n": 21}'}, status="SUCCEEDED", output='{"twice":42}')
call("TestState", {"definition": json.dumps({"Type": "Pass", "Result": {"x": 1}, "Next": "N"}),
                   "roleArn": ROLE}, status="SUCCEEDED", output='{"x":1}', nextState="N")

t0 = time.monotonic()
call("GetActivityTask", {"activityArn": ACT + "ops"})
took = time.monotonic() - t0
ok(0.9 <= took < 5, "GetActivityTask with no task waits --activity-poll-seconds (%.2f s of 1)" % took)
call("DeleteActivity", {"activityArn": ACT + "ops"})
call("DeleteStateMachine", {"stateMachineArn": sm_arn})
status, out = post("DescribeActivity", {"activityArn": ACT + "ops"})
ok(status == 400 and out.get("__type") == "ActivityDoesNotExist",
   "the deleted activity: ActivityDoesNotExist")

ok(CALLED == set(REQUIRED), "every operation was called (%s not)" % sorted(set(REQUIRED) - CALLED))
print("# called: " + " ".join(sorted(CALLED)))
