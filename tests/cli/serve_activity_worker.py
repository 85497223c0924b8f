#!/usr/bin/env python3
"""An activity worker, as a separate process, through boto3: polls ACTIVITY_ARN with
GetActivityTask (workerName "boto3-worker"), beats once and answers each task with
SendTaskSuccess {"doubled": 2 * input.n}, until it has answered COUNT tasks (30 s at most).
Usage: serve_activity_worker.py ENDPOINT ACTIVITY_ARN COUNT."""
import json
import sys
import time

import boto3
from botocore.config import Config

endpoint, activity, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
# AWS holds a poll 60 s: its guide asks workers for a socket timeout of at least 65 s
sfn = boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="x", aws_secret_access_key="x",
                   config=Config(read_timeout=65, retries={"max_attempts": 0}))
deadline = time.time() + 30
answered = 0
while answered < count and time.time() < deadline:
    task = sfn.get_activity_task(activityArn=activity, workerName="boto3-worker")
    if not task.get("taskToken"):
        continue  # the poll ended with no task: poll again
    sfn.send_task_heartbeat(taskToken=task["taskToken"])
    n = json.loads(task["input"])["n"]
    sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps({"doubled": 2 * n}))
    answered += 1
sys.exit(0 if answered == count else "answered %d of %d tasks in 30 s" % (answered, count))
