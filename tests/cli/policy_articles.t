#!/usr/bin/env bash
# `sfdbg policy` on whole workflows in the shapes of the integration articles our users learn
# from (written for this test): an upload pipeline (Lambda, DynamoDB put/get/update, a Lambda
# callback, SQS, ECS .sync, SNS), direct integrations with a Parallel fan-out (SNS, EventBridge,
# an SQS callback, Glue .sync), the three integration patterns (Batch .sync, SQS callback,
# SNS), the EMR Serverless job sample (an application's life and two job runs) and the Bedrock
# prompt-chaining sample. Each statement is the one AWS's "IAM policies for ..." page gives (docs/policy.md), and
# the whole policy is no more than those.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/policy_lib.sh
R=eu-west-1 C=111122223333
Q="https://sqs.$R.amazonaws.com/$C"

cat >"$tmp/media.asl.json" <<JSON
{"Comment": "An upload pipeline in the shape of the task-integration article: resize, record, approve, notify, archive",
 "StartAt": "Resize",
 "States": {
  "Resize": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Parameters": {"FunctionName": "arn:aws:lambda:$R:$C:function:resize-image", "Payload.$": "$"},
             "ResultSelector": {"thumb.$": "$.Payload.thumb"}, "ResultPath": "$.resized", "Next": "Record"},
  "Record": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
             "Parameters": {"TableName": "Uploads", "Item": {"id": {"S.$": "$.id"}}}, "ResultPath": null, "Next": "Lookup"},
  "Lookup": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
             "Parameters": {"TableName": "Owners", "Key": {"id": {"S.$": "$.owner"}}}, "ResultPath": "$.owner", "Next": "Approve"},
  "Approve": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "ask-moderator", "Payload": {"token.$": "\$\$.Task.Token"}},
              "HeartbeatSeconds": 3600, "ResultPath": "$.verdict", "Next": "Mark"},
  "Mark": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
           "Parameters": {"TableName": "Uploads", "Key": {"id": {"S.$": "$.id"}},
                          "UpdateExpression": "SET #s = :s", "ExpressionAttributeNames": {"#s": "status"},
                          "ExpressionAttributeValues": {":s": {"S": "approved"}}}, "ResultPath": null, "Next": "Queue"},
  "Queue": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "$Q/archive-jobs", "MessageBody.$": "$"},
            "ResultPath": null, "Next": "Archive"},
  "Archive": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
              "Parameters": {"LaunchType": "FARGATE", "Cluster": "media", "TaskDefinition": "archiver:4"},
              "ResultPath": null, "Next": "Notify"},
  "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
             "Parameters": {"TopicArn": "arn:aws:sns:$R:$C:uploads", "Message.$": "$.id"}, "End": true}
 }}
JSON
expect_policy media "lambda:InvokeFunction -> $A:lambda:$R:$C:function:resize-image $A:lambda:$R:$C:function:resize-image:* $A:lambda:$R:$C:function:ask-moderator $A:lambda:$R:$C:function:ask-moderator:*
dynamodb:PutItem -> $A:dynamodb:$R:$C:table/Uploads
dynamodb:GetItem -> $A:dynamodb:$R:$C:table/Owners
dynamodb:UpdateItem -> $A:dynamodb:$R:$C:table/Uploads
sqs:SendMessage -> $A:sqs:$R:$C:archive-jobs
ecs:RunTask -> $A:ecs:$R:$C:task-definition/archiver:4
ecs:StopTask,ecs:DescribeTasks -> *
events:PutTargets,events:PutRule,events:DescribeRule -> $A:events:$R:$C:rule/StepFunctionsGetEventsForECSTaskRule
sns:Publish -> $A:sns:$R:$C:uploads"
[ ! -s "$tmp/err" ]
ok $? "the upload pipeline: every resource is literal, so nothing is warned about"

cat >"$tmp/orders.asl.json" <<JSON
{"Comment": "Direct integrations as the direct-integration article builds them: no Lambda in between",
 "StartAt": "Save",
 "States": {
  "Save": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
           "Parameters": {"TableName": "Orders", "Item": {"orderId": {"S.$": "$.orderId"}}}, "ResultPath": null, "Next": "Fan"},
  "Fan": {"Type": "Parallel", "ResultPath": null, "Next": "WaitWarehouse", "Branches": [
     {"StartAt": "Confirm", "States": {"Confirm": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
        "Parameters": {"TopicArn": "arn:aws:sns:$R:$C:order-confirmations", "Message.$": "$.orderId"}, "End": true}}},
     {"StartAt": "Announce", "States": {"Announce": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
        "Parameters": {"Entries": [{"Source": "shop.orders", "DetailType": "OrderPlaced", "Detail.$": "$", "EventBusName": "orders"}]}, "End": true}}}]},
  "WaitWarehouse": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "$Q/warehouse",
                                   "MessageBody": {"order.$": "$", "token.$": "\$\$.Task.Token"}}, "ResultPath": "$.shipment", "Next": "Report"},
  "Report": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
             "Parameters": {"JobName": "daily-orders"}, "End": true}
 }}
JSON
expect_policy orders "dynamodb:PutItem -> $A:dynamodb:$R:$C:table/Orders
sns:Publish -> $A:sns:$R:$C:order-confirmations
events:PutEvents -> $A:events:$R:$C:event-bus/orders
sqs:SendMessage -> $A:sqs:$R:$C:warehouse
glue:StartJobRun,glue:GetJobRun,glue:GetJobRuns,glue:BatchStopJobRun -> *"

cat >"$tmp/patterns.asl.json" <<JSON
{"Comment": "The three integration patterns of the service-integration-patterns page: request-response, run a job, callback",
 "StartAt": "Submit",
 "States": {
  "Submit": {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync",
             "Parameters": {"JobName": "nightly", "JobQueue": "arn:aws:batch:$R:$C:job-queue/q", "JobDefinition": "arn:aws:batch:$R:$C:job-definition/d:1"},
             "ResultPath": null, "Next": "Ask"},
  "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "$Q/approvals",
                         "MessageBody": {"Token.$": "\$\$.Task.Token"}}, "ResultPath": "$.answer", "Next": "Tell"},
  "Tell": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
           "Parameters": {"TopicArn": "arn:aws:sns:$R:$C:done", "Message": "finished"}, "End": true}
 }}
JSON
expect_policy patterns "batch:SubmitJob,batch:DescribeJobs,batch:TerminateJob -> *
events:PutTargets,events:PutRule,events:DescribeRule -> $A:events:$R:$C:rule/StepFunctionsGetEventsForBatchJobsRule
sqs:SendMessage -> $A:sqs:$R:$C:approvals
sns:Publish -> $A:sns:$R:$C:done"

cat >"$tmp/emr-serverless.asl.json" <<JSON
{"Comment": "The shape of the Run an EMR Serverless job sample: an application made, started, given two jobs, stopped and deleted",
 "StartAt": "Create",
 "States": {
  "Create": {"Type": "Task", "Resource": "arn:aws:states:::emr-serverless:createApplication.sync",
             "Parameters": {"Name": "spark-app", "ReleaseLabel": "emr-6.9.0", "Type": "SPARK"}, "ResultPath": "$.app", "Next": "Start"},
  "Start": {"Type": "Task", "Resource": "arn:aws:states:::emr-serverless:startApplication.sync",
            "Parameters": {"ApplicationId.$": "$.app.ApplicationId"}, "ResultPath": null, "Next": "Jobs"},
  "Jobs": {"Type": "Parallel", "ResultPath": null, "Next": "Stop", "Branches": [
     {"StartAt": "Wordcount", "States": {"Wordcount": {"Type": "Task", "Resource": "arn:aws:states:::emr-serverless:startJobRun.sync",
        "Parameters": {"ApplicationId.$": "$.app.ApplicationId", "ExecutionRoleArn": "arn:aws:iam::$C:role/emrs-job",
                       "JobDriver": {"SparkSubmit": {"EntryPoint": "s3://jobs/wordcount.py"}}}, "End": true}}},
     {"StartAt": "Pi", "States": {"Pi": {"Type": "Task", "Resource": "arn:aws:states:::emr-serverless:startJobRun.sync",
        "Parameters": {"ApplicationId.$": "$.app.ApplicationId", "ExecutionRoleArn": "arn:aws:iam::$C:role/emrs-job",
                       "JobDriver": {"SparkSubmit": {"EntryPoint": "s3://jobs/pi.py"}}}, "End": true}}}]},
  "Stop": {"Type": "Task", "Resource": "arn:aws:states:::emr-serverless:stopApplication.sync",
           "Parameters": {"ApplicationId.$": "$.app.ApplicationId"}, "ResultPath": null, "Next": "Delete"},
  "Delete": {"Type": "Task", "Resource": "arn:aws:states:::emr-serverless:deleteApplication.sync",
             "Parameters": {"ApplicationId.$": "$.app.ApplicationId"}, "End": true}
 }}
JSON
APPS=$A:emr-serverless:$R:$C:/applications
EVR="events:PutTargets,events:PutRule,events:DescribeRule -> $A:events:$R:$C:rule"
expect_policy emr-serverless "emr-serverless:CreateApplication -> $A:emr-serverless:$R:$C:/*
emr-serverless:GetApplication,emr-serverless:DeleteApplication -> $APPS/*
$EVR/StepFunctionsGetEventsForEMRServerlessApplicationRule $A:events:$R:$C:rule/StepFunctionsGetEventsForEMRServerlessJobRule
iam:CreateServiceLinkedRole -> $A:iam::$C:role/aws-service-role/ops.emr-serverless.amazonaws.com/AWSServiceRoleForAmazonEMRServerless*
emr-serverless:StartApplication,emr-serverless:GetApplication,emr-serverless:StopApplication -> $APPS/*
emr-serverless:StartJobRun -> $APPS/*
iam:PassRole -> $A:iam::$C:role/emrs-job
emr-serverless:GetJobRun,emr-serverless:CancelJobRun -> $APPS/*
emr-serverless:StopApplication,emr-serverless:GetApplication -> $APPS/*
emr-serverless:DeleteApplication,emr-serverless:GetApplication -> $APPS/*"
named=$(sed -n "s/.*state '\([A-Za-z]*\)': Parameters.ApplicationId.\$ is missing or computed at run time.*/\1/p" "$tmp/err" | sort -u | tr '\n' ' ')
is "Delete Pi Start Stop Wordcount " "$named" "the EMR Serverless job: each state taking the application from the input is named"

cat >"$tmp/prompt-chain.asl.json" <<JSON
{"Comment": "The shape of the AI prompt-chaining sample: three invocations of one model, each prompt built from the last answer",
 "QueryLanguage": "JSONata",
 "StartAt": "Outline",
 "States": {
  "Outline": {"Type": "Task", "Resource": "arn:aws:states:::bedrock:invokeModel",
              "Arguments": {"ModelId": "cohere.command-text-v14", "Body": {"prompt": "{% 'Outline a story about ' & \$states.input.topic %}", "max_tokens": 250},
                            "ContentType": "application/json", "Accept": "*/*"},
              "Assign": {"outline": "{% \$states.result.Body.generations[0].text %}"}, "Next": "Draft"},
  "Draft": {"Type": "Task", "Resource": "arn:aws:states:::bedrock:invokeModel",
            "Arguments": {"ModelId": "cohere.command-text-v14", "Body": {"prompt": "{% 'Write the story of ' & \$outline %}", "max_tokens": 1000}},
            "Assign": {"draft": "{% \$states.result.Body.generations[0].text %}"}, "Next": "Title"},
  "Title": {"Type": "Task", "Resource": "arn:aws:states:::bedrock:invokeModel",
            "Arguments": {"ModelId": "arn:aws:bedrock:$R::foundation-model/amazon.titan-text-express-v1", "Body": {"inputText": "{% 'A title for: ' & \$draft %}"}},
            "End": true}
 }}
JSON
expect_policy prompt-chain "bedrock:InvokeModel -> $A:bedrock:$R::foundation-model/cohere.command-text-v14 $A:bedrock:$R::foundation-model/amazon.titan-text-express-v1"
[ ! -s "$tmp/err" ]
ok $? "the prompt chain: literal models, nothing warned about"

# the articles' own placeholders (region, account-id) are kept as written, for the author to fill in
sed 's/:eu-west-1:111122223333:/:region:account-id:/' "$tmp/media.asl.json" >"$tmp/placeholders.asl.json"
expect_run "placeholder region/account parts in an ARN: kept as written" 0 \
    '"arn:aws:lambda:region:account-id:function:resize-image:*"' "" -- \
    policy "$tmp/placeholders.asl.json"

done_testing
