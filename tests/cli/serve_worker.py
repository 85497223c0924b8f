#!/usr/bin/env python3
"""A worker, as a separate process: finds the task token in the execution's history
(TaskScheduled's parameters, MessageBody.token) and answers it with SendTaskSuccess
{"approved": ORDER}. Usage: serve_worker.py ENDPOINT EXECUTION_ARN."""
import json
import sys
import time

import boto3

endpoint, arn = sys.argv[1], sys.argv[2]
sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="x", aws_secret_access_key="x")
deadline = time.time() + 30
while time.time() < deadline:
    for ev in sfn.get_execution_history(executionArn=arn)["events"]:
        if ev["type"] == "TaskScheduled":
            body = json.loads(ev["taskScheduledEventDetails"]["parameters"])["MessageBody"]
            sfn.send_task_success(taskToken=body["token"],
                                  output=json.dumps({"approved": body["order"]}))
            sys.exit(0)
    time.sleep(0.05)
sys.exit("no TaskScheduled event in 30 s")
