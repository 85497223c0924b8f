#!/usr/bin/env python3
"""boto3 against `sfdbg serve` (tests/cli/serve_api.t runs it): prints TAP lines without
the plan (the caller numbers them). Usage: serve_boto3.py ENDPOINT WORKER_SCRIPT."""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import botocore  # noqa: E402
from serve_client import all_passed, check, client, error_code, in_model, missing, skip  # noqa: E402

endpoint, worker = sys.argv[1], sys.argv[2]
sfn = client(endpoint)
ROLE = "arn:aws:iam::123456789012:role/r"


def wait_status(arn, want, seconds=10):
    d = sfn.describe_execution(executionArn=arn)
    end = time.time() + seconds
    while d["status"] != want and time.time() < end:
        time.sleep(0.05)
        d = sfn.describe_execution(executionArn=arn)
    return d


def wait_event(arn, kind, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        for ev in sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]:
            if ev["type"] == kind:
                return ev
        time.sleep(0.05)
    return None


def token_of(arn):
    """The task token a callback execution's TaskScheduled parameters carry."""
    ev = wait_event(arn, "TaskScheduled")
    return json.loads(ev["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]


def callback_with(name, **fields):
    """A state machine like Callback whose task has these fields too."""
    d = json.loads(callback)
    d["States"]["Ask"].update(fields)
    return sfn.create_state_machine(name=name, definition=json.dumps(d),
                                    roleArn=ROLE)["stateMachineArn"]


passes = json.dumps({"StartAt": "P1", "States": {
    "P1": {"Type": "Pass", "Result": 1, "ResultPath": "$.one", "Next": "P2"},
    "P2": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.one, $.n)"}, "End": True}}})
express = sfn.create_state_machine(name="Adder", definition=passes, roleArn=ROLE,
                                   type="EXPRESS")["stateMachineArn"]
r = sfn.start_sync_execution(stateMachineArn=express, input='{"n": 41}')
check(r["status"] == "SUCCEEDED" and json.loads(r["output"]) == {"sum": 42},
      "StartSyncExecution (inject_host_prefix=False) runs an EXPRESS machine", r)
check(":express:Adder:" in r["executionArn"], "its ARN is an express execution's",
      r["executionArn"])
standard = sfn.create_state_machine(name="AdderStd", definition=passes,
                                    roleArn=ROLE)["stateMachineArn"]
check(error_code(sfn.start_sync_execution, stateMachineArn=standard) ==
      "StateMachineTypeNotSupported", "StartSyncExecution on STANDARD: StateMachineTypeNotSupported")
again = sfn.create_state_machine(name="AdderStd", definition=passes, roleArn=ROLE)
check(again["stateMachineArn"] == standard, "CreateStateMachine again, the same: the same ARN")
check(error_code(sfn.create_state_machine, name="AdderStd", definition=passes.replace("41", "1")
                 .replace('"Result": 1', '"Result": 2'), roleArn=ROLE) ==
      "StateMachineAlreadyExists", "another definition under that name: StateMachineAlreadyExists")
listed = [m["name"] for m in sfn.list_state_machines()["stateMachines"]]
check(listed[-2:] == ["Adder", "AdderStd"], "ListStateMachines, in creation order", listed)

# a callback task answered by a separate worker process (it reads the token from the history)
callback = json.dumps({"StartAt": "Ask", "States": {
    "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": {"token.$": "$$.Task.Token",
                                                            "order.$": "$.order"}},
            "ResultPath": "$.answer", "End": True}}})
cb = sfn.create_state_machine(name="Callback", definition=callback,
                              roleArn=ROLE)["stateMachineArn"]
ex = sfn.start_execution(stateMachineArn=cb, name="order-7", input='{"order": 7}')["executionArn"]
check(sfn.describe_execution(executionArn=ex)["status"] == "RUNNING",
      "a waiting execution is RUNNING")
w = subprocess.run([sys.executable, worker, endpoint, ex], capture_output=True, text=True,
                   timeout=60)
check(w.returncode == 0, "the worker process answered with SendTaskSuccess", w.stderr)
d = wait_status(ex, "SUCCEEDED")
check(d["status"] == "SUCCEEDED" and json.loads(d["output"]) ==
      {"order": 7, "answer": {"approved": 7}}, "the execution goes on with the worker's output", d)

# includedData came in botocore 1.31 (Debian 12 has 1.29)
if "includedData" in sfn.meta.service_model.operation_model("DescribeExecution").input_shape.members:
    meta = sfn.describe_execution(executionArn=ex, includedData="METADATA_ONLY")
    check("input" not in meta and "output" not in meta and not meta["inputDetails"]["included"],
          "DescribeExecution includedData=METADATA_ONLY: no input or output", meta)
else:
    print("ok - DescribeExecution includedData=METADATA_ONLY # SKIP botocore %s has no includedData"
          % botocore.__version__)

# history: pages, reverse order, without data
events = sfn.get_execution_history(executionArn=ex, maxResults=1000)["events"]
check(events[0]["executionStartedEventDetails"].get("roleArn") == ROLE,
      "ExecutionStarted's roleArn is the state machine's", events[0])
paged, kw = [], {}
while True:
    page = sfn.get_execution_history(executionArn=ex, maxResults=2, **kw)
    paged += page["events"]
    if "nextToken" not in page:
        break
    kw = {"nextToken": page["nextToken"]}
check([e["id"] for e in paged] == [e["id"] for e in events] and len(events) >= 6,
      "GetExecutionHistory pages of 2 give the whole history", [e["type"] for e in events])
rev = sfn.get_execution_history(executionArn=ex, reverseOrder=True, maxResults=3)
check([e["id"] for e in rev["events"]] == [e["id"] for e in events][::-1][:3] and
      "nextToken" in rev, "reverseOrder: the newest first, with a nextToken")
bare = sfn.get_execution_history(executionArn=ex, includeExecutionData=False)["events"]
check("input" not in bare[0]["executionStartedEventDetails"] and
      "output" not in bare[-1]["executionSucceededEventDetails"],
      "includeExecutionData=False leaves out inputs and outputs", bare[0])
check(error_code(sfn.get_execution_history, executionArn=ex, nextToken="h-99-f-1") ==
      "InvalidToken", "a forged nextToken: InvalidToken")

# the token's errors: one the server never gave, one whose task is over
token = token_of(ex)
check(error_code(sfn.send_task_success, taskToken=token, output="{}") == "TaskDoesNotExist",
      "the answered token again: TaskDoesNotExist")
check(error_code(sfn.send_task_heartbeat, taskToken="forged") == "InvalidToken",
      "a forged token: InvalidToken")

# SendTaskFailure, StopExecution
ex2 = sfn.start_execution(stateMachineArn=cb, input='{"order": 8}')["executionArn"]
t2 = token_of(ex2)
sfn.send_task_heartbeat(taskToken=t2)
sfn.send_task_failure(taskToken=t2, error="Order.Rejected", cause="no stock")
d = wait_status(ex2, "FAILED")
check(d["status"] == "FAILED" and d.get("error") == "Order.Rejected" and
      d.get("cause") == "no stock", "SendTaskFailure fails the execution with its error", d)
ex3 = sfn.start_execution(stateMachineArn=cb, input='{"order": 9}')["executionArn"]
t3 = token_of(ex3)
sfn.stop_execution(executionArn=ex3, error="Ops.Stop", cause="by hand")
d = sfn.describe_execution(executionArn=ex3)
check(d["status"] == "ABORTED" and d.get("error") == "Ops.Stop", "StopExecution: ABORTED", d)
check(error_code(sfn.send_task_success, taskToken=t3, output="{}") == "TaskDoesNotExist",
      "the stopped execution's token: TaskDoesNotExist")
names = {e["name"]: e["status"] for e in
         sfn.list_executions(stateMachineArn=cb)["executions"]}
check(names.get("order-7") == "SUCCEEDED" and len(names) == 3 and
      [e["status"] for e in sfn.list_executions(stateMachineArn=cb,
                                                statusFilter="ABORTED")["executions"]] ==
      ["ABORTED"], "ListExecutions, and with statusFilter", names)
page = sfn.list_executions(stateMachineArn=cb, maxResults=2)
rest = sfn.list_executions(stateMachineArn=cb, maxResults=2, nextToken=page["nextToken"])
check(len(page["executions"]) == 2 and len(rest["executions"]) == 1 and
      "nextToken" not in rest, "ListExecutions pages")

# a task's TimeoutSeconds counts real seconds while it waits for its token
tm = callback_with("Timed", TimeoutSeconds=1)
ex4 = sfn.start_execution(stateMachineArn=tm, input='{"order": 10}')["executionArn"]
t4 = token_of(ex4)
d = wait_status(ex4, "FAILED", 5)
check(d["status"] == "FAILED" and d.get("error") == "States.Timeout",
      "TimeoutSeconds 1: the waiting task times out after a real second", d)
check(error_code(sfn.send_task_success, taskToken=t4, output="{}") == "TaskTimedOut",
      "its token then: TaskTimedOut")

# HeartbeatSeconds 1: heartbeats every 0.3 s keep the task alive past it; then it succeeds
hb = callback_with("Beating", HeartbeatSeconds=1)
ex5 = sfn.start_execution(stateMachineArn=hb, input='{"order": 11}')["executionArn"]
t5 = token_of(ex5)
for _ in range(6):
    time.sleep(0.3)
    sfn.send_task_heartbeat(taskToken=t5)
check(sfn.describe_execution(executionArn=ex5)["status"] == "RUNNING",
      "heartbeats keep a HeartbeatSeconds 1 task waiting for 1.8 s")
sfn.send_task_success(taskToken=t5, output='{"late": true}')
d = wait_status(ex5, "SUCCEEDED")
check(d["status"] == "SUCCEEDED", "and it succeeds when answered", d)
ex6 = sfn.start_execution(stateMachineArn=hb, input='{"order": 12}')["executionArn"]
d = wait_status(ex6, "FAILED", 5)
check(d["status"] == "FAILED" and d.get("error") == "States.Timeout",
      "without heartbeats it fails with States.Timeout (as AWS reports a missed heartbeat)", d)

# RedriveExecution: the task that timed out waiting for its heartbeat runs again
REDRIVE_CHECKS = ["RedriveExecution of a FAILED execution answers a redriveDate",
                  "the history goes on: ExecutionRedriven, the task scheduled again",
                  "answered, the redriven execution succeeds: redriveCount 1, redriveDate",
                  "a SUCCEEDED execution: ExecutionNotRedrivable"]


def redrive_checks():
    r = sfn.redrive_execution(executionArn=ex6)
    check("redriveDate" in r, "RedriveExecution of a FAILED execution answers a redriveDate", r)
    end = time.time() + 10
    scheduled = []
    while len(scheduled) < 2 and time.time() < end:
        events = sfn.get_execution_history(executionArn=ex6, maxResults=1000)["events"]
        scheduled = [e for e in events if e["type"] == "TaskScheduled"]
        time.sleep(0.05)
    check(len(scheduled) == 2 and any(e["type"] == "ExecutionRedriven" for e in events),
          "the history goes on: ExecutionRedriven, the task scheduled again", events[-3:])
    t6 = json.loads(scheduled[-1]["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]
    sfn.send_task_success(taskToken=t6, output='{"redriven": true}')
    d = wait_status(ex6, "SUCCEEDED")
    check(d["status"] == "SUCCEEDED" and d.get("redriveCount") == 1 and "redriveDate" in d and
          d.get("redriveStatus") == "NOT_REDRIVABLE",
          "answered, the redriven execution succeeds: redriveCount 1, redriveDate", d)
    check(error_code(sfn.redrive_execution, executionArn=ex6) == "ExecutionNotRedrivable",
          "a SUCCEEDED execution: ExecutionNotRedrivable")


why = missing(sfn, "redrive_execution")
if why:
    for name in REDRIVE_CHECKS:
        skip(why + ": " + name)
else:
    redrive_checks()

# UpdateStateMachine, DescribeStateMachineForExecution, ValidateStateMachineDefinition
u = sfn.update_state_machine(stateMachineArn=hb, definition=passes)
check(("revisionId" in u or not in_model(sfn, "UpdateStateMachine", "revisionId")) and
      "updateDate" in u, "UpdateStateMachine: revisionId (when botocore knows it), updateDate", u)
m = sfn.describe_state_machine_for_execution(executionArn=ex6)
check("Beating" in m["stateMachineArn"] and "HeartbeatSeconds" in m["definition"],
      "DescribeStateMachineForExecution: the definition the execution ran", m)
check(json.loads(sfn.describe_state_machine(stateMachineArn=hb)["definition"]) ==
      json.loads(passes), "DescribeStateMachine: the new one")
why = missing(sfn, "validate_state_machine_definition")
if why:
    skip(why + ": ValidateStateMachineDefinition: FAIL, diagnostics")
    skip(why + ": ValidateStateMachineDefinition of a valid one: OK")
else:
    v = sfn.validate_state_machine_definition(definition='{"StartAt": "X", "States": {}}')
    check(v["result"] == "FAIL" and v["diagnostics"][0]["severity"] == "ERROR" and
          v["diagnostics"][0]["code"], "ValidateStateMachineDefinition: FAIL, diagnostics", v)
    check(sfn.validate_state_machine_definition(definition=passes)["result"] == "OK",
          "ValidateStateMachineDefinition of a valid one: OK")

# errors the model names
check(error_code(sfn.create_state_machine, name="Bad", roleArn=ROLE,
                 definition='{"StartAt": "X", "States": {}}') == "InvalidDefinition",
      "a definition that does not validate: InvalidDefinition")
check(error_code(sfn.describe_execution, executionArn=ex + "-not") == "ExecutionDoesNotExist",
      "DescribeExecution of none: ExecutionDoesNotExist")
check(error_code(sfn.start_execution, stateMachineArn=cb + "x") == "StateMachineDoesNotExist",
      "StartExecution of no state machine: StateMachineDoesNotExist")
check(error_code(sfn.start_execution, stateMachineArn=cb, input="{nope") ==
      "InvalidExecutionInput", "input that is not JSON: InvalidExecutionInput")
check(error_code(sfn.start_execution, stateMachineArn=cb, name="order-7") ==
      "ExecutionAlreadyExists", "a finished execution's name again: ExecutionAlreadyExists")
check(error_code(sfn.describe_state_machine, stateMachineArn="nope") == "InvalidArn",
      "an ARN that is not one: InvalidArn")
sfn.delete_state_machine(stateMachineArn=tm)
check(error_code(sfn.describe_state_machine, stateMachineArn=tm) == "StateMachineDoesNotExist",
      "DeleteStateMachine: it is gone")
check(sfn.describe_execution(executionArn=ex4)["status"] == "FAILED",
      "its executions are still there")
sys.exit(0 if all_passed() else 1)
