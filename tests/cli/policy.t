#!/usr/bin/env bash
# `sfdbg policy WORKFLOW` (docs/policy.md): for each integration and pattern, the statements
# AWS's "IAM policies for ..." page gives, with the resources the parameters name; wildcards
# with a warning naming the state and field; Parallel branches and Map processors walked;
# --region/--account/--partition/--xray/--logs; bad input.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/cli/policy_lib.sh

# ---- Lambda (lambda-iam.html): the function and its versions/aliases ----
task lambda "arn:aws:states:::lambda:invoke" '{"FunctionName": "fn1", "Payload.$": "$"}'
expect_policy lambda "lambda:InvokeFunction -> $A:lambda:eu-west-1:111122223333:function:fn1 $A:lambda:eu-west-1:111122223333:function:fn1:*"
task lambda_arn "arn:aws:states:::lambda:invoke.waitForTaskToken" \
    '{"FunctionName": "arn:aws:lambda:us-west-2:444455556666:function:fn2:prod", "Payload": {"t.$": "$$.Task.Token"}}'
expect_policy lambda_arn "lambda:InvokeFunction -> $A:lambda:us-west-2:444455556666:function:fn2 $A:lambda:us-west-2:444455556666:function:fn2:*"
task lambda_partial "arn:aws:states:::lambda:invoke" '{"FunctionName": "444455556666:function:fn3:1"}'
expect_policy lambda_partial "lambda:InvokeFunction -> $A:lambda:eu-west-1:444455556666:function:fn3 $A:lambda:eu-west-1:444455556666:function:fn3:*"
printf '{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:444455556666:function:legacy", "End": true}}}\n' >"$tmp/lambda_legacy.asl.json"
expect_policy lambda_legacy "lambda:InvokeFunction -> $A:lambda:us-east-1:444455556666:function:legacy $A:lambda:us-east-1:444455556666:function:legacy:*"
task lambda_dynamic "arn:aws:states:::lambda:invoke" '{"FunctionName.$": "$.fn"}'
expect_policy lambda_dynamic "lambda:InvokeFunction -> *"
grep -qxF "sfdbg policy: $tmp/lambda_dynamic.asl.json: state 'T': Parameters.FunctionName.\$ is computed at run time: lambda:InvokeFunction on \"*\"" "$tmp/err"
ok $? "a function from a path: a warning naming the state and the field"

# ---- DynamoDB (dynamo-iam.html): the action the state calls, on its table ----
for api in getItem:GetItem putItem:PutItem updateItem:UpdateItem deleteItem:DeleteItem; do
    task "ddb_${api%%:*}" "arn:aws:states:::dynamodb:${api%%:*}" '{"TableName": "Orders", "Key": {}}'
    expect_policy "ddb_${api%%:*}" "dynamodb:${api##*:} -> $A:dynamodb:eu-west-1:111122223333:table/Orders"
done
task ddb_dynamic "arn:aws:states:::dynamodb:getItem" '{"TableName.$": "$.t", "Key": {}}'
expect_policy ddb_dynamic "dynamodb:GetItem -> *"

# ---- SQS (sqs-iam.html): the queue from its URL; .waitForTaskToken needs the same ----
task sqs "arn:aws:states:::sqs:sendMessage" '{"QueueUrl": "https://sqs.us-east-2.amazonaws.com/444455556666/jobs", "MessageBody": "x"}'
expect_policy sqs "sqs:SendMessage -> $A:sqs:us-east-2:444455556666:jobs"
task sqs_token "arn:aws:states:::sqs:sendMessage.waitForTaskToken" \
    '{"QueueUrl": "https://sqs.us-east-2.amazonaws.com/444455556666/jobs", "MessageBody": {"t.$": "$$.Task.Token"}}'
expect_policy sqs_token "sqs:SendMessage -> $A:sqs:us-east-2:444455556666:jobs"
task sqs_bad "arn:aws:states:::sqs:sendMessage" '{"QueueUrl": "jobs", "MessageBody": "x"}'
expect_policy sqs_bad "sqs:SendMessage -> *"
grep -qF "Parameters.QueueUrl \"jobs\" is not a queue URL" "$tmp/err"
ok $? "a QueueUrl that is not a URL: a warning"

# ---- SNS (sns-iam.html): the topic; TargetArn and PhoneNumber get "*" ----
task sns "arn:aws:states:::sns:publish" '{"TopicArn": "arn:aws:sns:us-east-1:444455556666:alerts", "Message": "x"}'
expect_policy sns "sns:Publish -> $A:sns:us-east-1:444455556666:alerts"
task sns_phone "arn:aws:states:::sns:publish" '{"PhoneNumber": "+15555550100", "Message": "x"}'
expect_policy sns_phone "sns:Publish -> *"
grep -qF "publishes to a phone number, Parameters.PhoneNumber" "$tmp/err"
ok $? "SNS to a phone number: a warning"

# ---- EventBridge (eventbridge-iam.html): each entry's bus ----
task events "arn:aws:states:::events:putEvents" \
    '{"Entries": [{"Detail": {}, "DetailType": "a", "Source": "s"}, {"EventBusName": "orders", "Detail": {}, "DetailType": "a", "Source": "s"}, {"EventBusName": "arn:aws:events:us-east-1:444455556666:event-bus/x", "Detail": {}, "DetailType": "a", "Source": "s"}]}'
expect_policy events "events:PutEvents -> $A:events:eu-west-1:111122223333:event-bus/default $A:events:eu-west-1:111122223333:event-bus/orders $A:events:us-east-1:444455556666:event-bus/x"
task events_dynamic "arn:aws:states:::events:putEvents" '{"Entries.$": "$.entries"}'
expect_policy events_dynamic "events:PutEvents -> $A:events:*:*:event-bus/*"

# ---- Step Functions (stepfunctions-iam.html): .sync adds the executions and the rule ----
sm=arn:aws:states:eu-west-1:111122223333:stateMachine:child
task sfn "arn:aws:states:::states:startExecution" "{\"StateMachineArn\": \"$sm\", \"Input\": {}}"
expect_policy sfn "states:StartExecution -> $sm"
for p in sync sync:2; do
    task "sfn_${p/:/}" "arn:aws:states:::states:startExecution.$p" "{\"StateMachineArn\": \"$sm\", \"Input\": {}}"
    expect_policy "sfn_${p/:/}" "states:StartExecution -> $sm
states:DescribeExecution,states:StopExecution -> $A:states:eu-west-1:111122223333:execution:child:*
events:PutTargets,events:PutRule,events:DescribeRule -> $A:events:eu-west-1:111122223333:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
done

# ---- ECS (ecs-iam.html): RunTask on the task definition; .sync adds StopTask, DescribeTasks and the rule ----
task ecs "arn:aws:states:::ecs:runTask" '{"TaskDefinition": "report:3", "Cluster": "c"}'
expect_policy ecs "ecs:RunTask -> $A:ecs:eu-west-1:111122223333:task-definition/report:3"
task ecs_sync "arn:aws:states:::ecs:runTask.sync" '{"TaskDefinition": "report", "Cluster": "c"}'
expect_policy ecs_sync "ecs:RunTask -> $A:ecs:eu-west-1:111122223333:task-definition/report:*
ecs:StopTask,ecs:DescribeTasks -> *
events:PutTargets,events:PutRule,events:DescribeRule -> $A:events:eu-west-1:111122223333:rule/StepFunctionsGetEventsForECSTaskRule"

# ---- Batch (batch-iam.html) and Glue (connect-glue.html#glue-iam): "*", .sync adds the job actions ----
task batch "arn:aws:states:::batch:submitJob" '{"JobName": "j", "JobQueue": "q", "JobDefinition": "d"}'
expect_policy batch "batch:SubmitJob -> *"
task batch_sync "arn:aws:states:::batch:submitJob.sync" '{"JobName": "j", "JobQueue": "q", "JobDefinition": "d"}'
expect_policy batch_sync "batch:SubmitJob,batch:DescribeJobs,batch:TerminateJob -> *
events:PutTargets,events:PutRule,events:DescribeRule -> $A:events:eu-west-1:111122223333:rule/StepFunctionsGetEventsForBatchJobsRule"
task glue "arn:aws:states:::glue:startJobRun" '{"JobName": "j"}'
expect_policy glue "glue:StartJobRun -> *"
task glue_sync "arn:aws:states:::glue:startJobRun.sync" '{"JobName": "j"}'
expect_policy glue_sync "glue:StartJobRun,glue:GetJobRun,glue:GetJobRuns,glue:BatchStopJobRun -> *"

# ---- the HTTP task (call-https-apis.html#connect-http-task-permissions) ----
conn=arn:aws:events:us-east-2:444455556666:connection/Stripe/81210c42-8af1-456b-9c4a-6ff02fc664ac
task http "arn:aws:states:::http:invoke" \
    "{\"ApiEndpoint\": \"https://api.stripe.com/v1/customers\", \"Method\": \"GET\", \"Authentication\": {\"ConnectionArn\": \"$conn\"}}"
expect_policy http "states:InvokeHTTPEndpoint -> $A:states:eu-west-1:111122223333:stateMachine:http
events:RetrieveConnectionCredentials -> $conn
secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> $A:secretsmanager:us-east-2:444455556666:secret:events!connection/Stripe/*"
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["Statement"][0]["Condition"], sort_keys=True))' "$tmp/out" >"$tmp/cond"
is '{"StringEquals": {"states:HTTPEndpoint": "https://api.stripe.com/v1/customers", "states:HTTPMethod": "GET"}}' \
    "$(cat "$tmp/cond")" "the HTTP task: InvokeHTTPEndpoint on the state's method and endpoint"
expect_policy http "states:InvokeHTTPEndpoint -> $A:states:eu-west-1:111122223333:stateMachine:orders
events:RetrieveConnectionCredentials -> $conn
secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> $A:secretsmanager:us-east-2:444455556666:secret:events!connection/Stripe/*" \
    --state-machine-name orders
task http_dynamic "arn:aws:states:::http:invoke" '{"ApiEndpoint.$": "$.url", "Method": "POST", "Authentication": {"ConnectionArn.$": "$.c"}}'
expect_policy http_dynamic "states:InvokeHTTPEndpoint -> $A:states:eu-west-1:111122223333:stateMachine:http_dynamic
events:RetrieveConnectionCredentials -> *
secretsmanager:GetSecretValue,secretsmanager:DescribeSecret -> *"
grep -qF "state 'T': Parameters.ApiEndpoint.\$ is not a literal: states:InvokeHTTPEndpoint for any endpoint" "$tmp/err" &&
    grep -qF "state 'T': Parameters.Authentication.ConnectionArn.\$ is not a literal connection ARN" "$tmp/err"
ok $? "the HTTP task: a computed endpoint and connection are named"

# ---- AWS SDK integrations: SERVICE:Action, with the IAM prefix and action names ----
task sdk "arn:aws:states:::aws-sdk:dynamodb:query" '{"TableName": "Orders"}'
expect_policy sdk "dynamodb:Query -> $A:dynamodb:eu-west-1:111122223333:table/Orders"
task sdk_ec2 "arn:aws:states:::aws-sdk:ec2:describeInstances" '{}'
expect_policy sdk_ec2 "ec2:DescribeInstances -> *"
task sdk_get "arn:aws:states:::aws-sdk:s3:getObject" '{"Bucket": "b", "Key": "in/1.json"}'
expect_policy sdk_get "s3:GetObject -> $A:s3:::b/in/1.json"
task sdk_put "arn:aws:states:::aws-sdk:s3:putObject" '{"Bucket": "b", "Key.$": "$.k", "Body": "x"}'
expect_policy sdk_put "s3:PutObject -> $A:s3:::b/*"
grep -qF "state 'T': Parameters.Key.\$ is computed at run time: s3:PutObject on every key of bucket b" "$tmp/err"
ok $? "aws-sdk:s3 with a computed Key: the bucket's keys, and a warning"
task sdk_sfn "arn:aws:states:::aws-sdk:sfn:describeExecution" '{"ExecutionArn": "x"}'
expect_policy sdk_sfn "states:DescribeExecution -> *"
task sdk_s3 "arn:aws:states:::aws-sdk:s3:listObjectsV2" '{"Bucket": "b"}'
expect_policy sdk_s3 "s3:ListBucket -> $A:s3:::b"
task sdk_buckets "arn:aws:states:::aws-sdk:s3:listBuckets" '{}'
expect_policy sdk_buckets "s3:ListAllMyBuckets -> *"
task sdk_versions "arn:aws:states:::aws-sdk:s3:listObjectVersions" '{"Bucket": "b", "Prefix": "in/"}'
expect_policy sdk_versions "s3:ListBucketVersions -> $A:s3:::b"
task sdk_copy "arn:aws:states:::aws-sdk:s3:copyObject" '{"Bucket": "b", "Key": "out/1.json", "CopySource": "/src-bucket/in/1.json?versionId=3"}'
expect_policy sdk_copy "s3:GetObject -> $A:s3:::src-bucket/in/1.json
s3:PutObject -> $A:s3:::b/out/1.json"
task sdk_copy_dyn "arn:aws:states:::aws-sdk:s3:copyObject" '{"Bucket": "b", "Key": "out/1.json", "CopySource.$": "$.src"}'
expect_policy sdk_copy_dyn "s3:GetObject -> *
s3:PutObject -> $A:s3:::b/out/1.json"
grep -qF "state 'T': Parameters.CopySource.\$ is computed at run time: s3:GetObject on \"*\"" "$tmp/err"
ok $? "aws-sdk:s3:copyObject: a computed source: a warning"
task sdk_part "arn:aws:states:::aws-sdk:s3:uploadPart" '{"Bucket": "b", "Key": "big.bin", "PartNumber": 1, "UploadId": "u"}'
expect_policy sdk_part "s3:PutObject -> $A:s3:::b/big.bin"
task sdk_token "arn:aws:states:::aws-sdk:eventbridge:putEvents.waitForTaskToken" '{"Entries": []}'
expect_policy sdk_token "events:PutEvents -> *"

# ---- JSONata: Arguments, and expressions are computed ----
printf '%s\n' '{"QueryLanguage": "JSONata", "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
  "Arguments": {"TableName": "Orders", "Key": {}}, "Next": "U"},
  "U": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Arguments": {"QueueUrl": "{% $states.input.q %}", "MessageBody": "x"}, "End": true}}}' \
    >"$tmp/jsonata.asl.json"
expect_policy jsonata "dynamodb:GetItem -> $A:dynamodb:eu-west-1:111122223333:table/Orders
sqs:SendMessage -> *"
grep -qF "state 'U': Arguments.QueueUrl is computed at run time: sqs:SendMessage on \"*\"" "$tmp/err"
ok $? "JSONata: an expression is named by its Arguments field"

# ---- nesting, merging, options ----
cat >"$tmp/nested.asl.json" <<'EOF'
{"StartAt": "P", "States": {
  "P": {"Type": "Parallel", "Next": "M", "Branches": [
    {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "a"}, "End": true}}},
    {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "b"}, "End": true}}}]},
  "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "C", "States": {
    "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "a"}, "End": true}}}}}}
EOF
L=$A:lambda:eu-west-1:111122223333:function
expect_policy nested "lambda:InvokeFunction -> $L:a $L:a:* $L:b $L:b:*"
expect_policy nested "lambda:InvokeFunction -> $L:a $L:a:* $L:b $L:b:*
xray:PutTraceSegments,xray:PutTelemetryRecords,xray:GetSamplingRules,xray:GetSamplingTargets -> *" --xray
[ ! -s "$tmp/err" ]
ok $? "static resources with --region and --account: nothing on stderr"
"$sfdbg" policy "$tmp/ddb_getItem.asl.json" --partition aws-cn --region cn-north-1 --account 111122223333 >"$tmp/out" 2>&1
is "dynamodb:GetItem -> arn:aws-cn:dynamodb:cn-north-1:111122223333:table/Orders" "$(statements "$tmp/out")" "--partition"
expect_run "the default region and account: a note" 0 '"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"' \
    "note: ARNs built with the default region us-east-1 account 123456789012" -- policy "$tmp/ddb_getItem.asl.json"
task unknown "arn:aws:states:::sagemaker:createProcessingJob" '{"ProcessingJobName": "p"}'
expect_run "a resource with no rule yet: a warning, left out" 0 '"Statement": []' \
    "state 'T': no rule for Resource arn:aws:states:::sagemaker:createProcessingJob yet" -- policy "$tmp/unknown.asl.json"

# ---- CodeBuild (codebuild-iam.html) ----
R=eu-west-1:111122223333
EV="events:PutTargets,events:PutRule,events:DescribeRule"
task cb "arn:aws:states:::codebuild:startBuild" '{"ProjectName": "build-app"}'
expect_policy cb "codebuild:StartBuild -> $A:codebuild:$R:project/build-app"
task cb_sync "arn:aws:states:::codebuild:startBuild.sync" '{"ProjectName": "build-app"}'
expect_policy cb_sync "codebuild:StartBuild,codebuild:StopBuild,codebuild:BatchGetBuilds -> $A:codebuild:$R:project/build-app
$EV -> $A:events:$R:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"
task cb_dyn "arn:aws:states:::codebuild:startBuild.sync" '{"ProjectName.$": "$.p"}'
expect_policy cb_dyn "codebuild:StartBuild,codebuild:StopBuild,codebuild:BatchGetBuilds -> $A:codebuild:eu-west-1:*:project/*
$EV -> $A:events:$R:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"
grep -q "state 'T': Parameters.ProjectName.\$ is computed at run time" "$tmp/err"
ok $? "codebuild: a computed project: the warning names the field"
task cb_stop "arn:aws:states:::codebuild:stopBuild" '{"Id": "build-app:0d2f6b3c"}'
expect_policy cb_stop "codebuild:StopBuild -> $A:codebuild:$R:project/build-app"
task cb_del "arn:aws:states:::codebuild:batchDeleteBuilds" '{"Ids.$": "$.ids"}'
expect_policy cb_del "codebuild:BatchDeleteBuilds -> $A:codebuild:eu-west-1:*:project/*"

task cb_reports "arn:aws:states:::codebuild:batchGetReports" '{"ReportArns": ["arn:aws:codebuild:eu-west-1:111122223333:report/unit-tests:6f1e2a7c", "arn:aws:codebuild:eu-west-1:111122223333:report/lint:91ab"]}'
expect_policy cb_reports "codebuild:BatchGetReports -> $A:codebuild:$R:report-group/unit-tests $A:codebuild:$R:report-group/lint"
task cb_reports_dyn "arn:aws:states:::codebuild:batchGetReports" '{"ReportArns.$": "$.Build.ReportArns"}'
expect_policy cb_reports_dyn "codebuild:BatchGetReports -> $A:codebuild:eu-west-1:*:report-group/*"
grep -qF "state 'T': Parameters.ReportArns.\$ is not a list of literal report ARNs" "$tmp/err"
ok $? "codebuild:batchGetReports: computed reports: every report group, with a warning"
task cb_batch_sync "arn:aws:states:::codebuild:startBuildBatch.sync" '{"ProjectName": "build-app"}'
expect_policy cb_batch_sync "codebuild:StartBuildBatch,codebuild:StopBuildBatch,codebuild:BatchGetBuildBatches -> $A:codebuild:$R:project/build-app
$EV -> $A:events:$R:rule/StepFunctionsGetEventForCodeBuildStartBuildBatchRule"
task cb_batch_dyn "arn:aws:states:::codebuild:startBuildBatch" '{"ProjectName.$": "$.p"}'
expect_policy cb_batch_dyn "codebuild:StartBuildBatch -> $A:codebuild:$R:project/*"
task cb_retry_sync "arn:aws:states:::codebuild:retryBuildBatch.sync" '{"Id": "build-app:0d2f6b3c"}'
expect_policy cb_retry_sync "codebuild:RetryBuildBatch,codebuild:StopBuildBatch,codebuild:BatchGetBuildBatches -> $A:codebuild:$R:project/build-app"
for api in stopBuildBatch:StopBuildBatch deleteBuildBatch:DeleteBuildBatch; do
    task "cb_${api%%:*}" "arn:aws:states:::codebuild:${api%%:*}" '{"Id": "build-app:0d2f6b3c"}'
    expect_policy "cb_${api%%:*}" "codebuild:${api##*:} -> $A:codebuild:$R:project/build-app"
done

# ---- Athena (athena-iam.html) ----
S3A="s3:GetBucketLocation,s3:GetObject,s3:ListBucket,s3:ListBucketMultipartUploads,s3:ListMultipartUploadParts,s3:AbortMultipartUpload,s3:CreateBucket,s3:PutObject -> $A:s3:::*"
GLUE="glue:CreateDatabase,glue:GetDatabase,glue:GetDatabases,glue:UpdateDatabase,glue:DeleteDatabase,glue:CreateTable,glue:UpdateTable,glue:GetTable,glue:GetTables,glue:DeleteTable,glue:BatchDeleteTable,glue:BatchCreatePartition,glue:CreatePartition,glue:UpdatePartition,glue:GetPartition,glue:GetPartitions,glue:BatchGetPartition,glue:DeletePartition,glue:BatchDeletePartition -> $A:glue:$R:catalog $A:glue:$R:database/* $A:glue:$R:table/* $A:glue:$R:userDefinedFunction/*"
task athena_sync "arn:aws:states:::athena:startQueryExecution.sync" '{"QueryString": "SELECT 1", "WorkGroup": "reports"}'
expect_policy athena_sync "athena:StartQueryExecution,athena:StopQueryExecution,athena:GetQueryExecution,athena:GetDataCatalog -> $A:athena:$R:workgroup/reports $A:athena:$R:datacatalog/*
$S3A
$GLUE
lakeformation:GetDataAccess -> *"
task athena "arn:aws:states:::athena:startQueryExecution" '{"QueryString": "SELECT 1"}'
expect_policy athena "athena:StartQueryExecution,athena:GetDataCatalog -> $A:athena:$R:workgroup/primary $A:athena:$R:datacatalog/*
$S3A
$GLUE
lakeformation:GetDataAccess -> *"
task athena_results "arn:aws:states:::athena:getQueryResults" '{"QueryExecutionId.$": "$.id"}'
expect_policy athena_results "athena:GetQueryResults -> $A:athena:$R:workgroup/*
s3:GetObject -> $A:s3:::*"

# ---- Glue DataBrew (databrew-iam.html) ----
task brew_sync "arn:aws:states:::databrew:startJobRun.sync" '{"Name": "clean"}'
expect_policy brew_sync "databrew:StartJobRun,databrew:ListJobRuns,databrew:StopJobRun -> $A:databrew:$R:job/*"
task brew "arn:aws:states:::databrew:startJobRun" '{"Name": "clean"}'
expect_policy brew "databrew:StartJobRun -> $A:databrew:$R:job/*"

# ---- API Gateway (api-gateway-iam.html; the execute-api ARN of the call) ----
task apigw "arn:aws:states:::apigateway:invoke" '{"ApiEndpoint": "a1b2c3.execute-api.us-east-2.amazonaws.com", "Method": "GET", "Stage": "prod", "Path": "/pets/1"}'
expect_policy apigw "execute-api:Invoke -> $A:execute-api:us-east-2:111122223333:a1b2c3/prod/GET/pets/1"
task apigw_dyn "arn:aws:states:::apigateway:invoke.waitForTaskToken" '{"ApiEndpoint": "a1b2c3.execute-api.us-east-2.amazonaws.com", "Method.$": "$.m", "Stage": "prod"}'
expect_policy apigw_dyn "execute-api:Invoke -> $A:execute-api:us-east-2:111122223333:a1b2c3/prod/*/*"
grep -q "state 'T': Parameters.Method.\$ is not a literal: execute-api:Invoke for any Method" "$tmp/err"
ok $? "apigateway: a computed Method: the warning names the field"
task apigw_custom "arn:aws:states:::apigateway:invoke" '{"ApiEndpoint": "api.example.com", "Method": "GET"}'
expect_policy apigw_custom "execute-api:Invoke -> $A:execute-api:$R:*"

# ---- EMR (emr-iam.html) ----
EMR="events:PutTargets,events:PutRule,events:DescribeRule -> $A:events:$R:rule"
task emr_create "arn:aws:states:::elasticmapreduce:createCluster.sync" '{"Name": "c", "ServiceRole": "EMR_DefaultRole", "JobFlowRole": "EMR_EC2_DefaultRole"}'
expect_policy emr_create "elasticmapreduce:RunJobFlow,elasticmapreduce:DescribeCluster,elasticmapreduce:TerminateJobFlows -> *
iam:PassRole -> $A:iam::111122223333:role/EMR_DefaultRole $A:iam::111122223333:role/EMR_EC2_DefaultRole
$EMR/StepFunctionsGetEventForEMRRunJobFlowRule"
task emr_step "arn:aws:states:::elasticmapreduce:addStep.sync" '{"ClusterId": "j-2AXXXXXXGAPLF", "Step": {"Name": "s"}}'
expect_policy emr_step "elasticmapreduce:AddJobFlowSteps,elasticmapreduce:DescribeStep,elasticmapreduce:CancelSteps -> $A:elasticmapreduce:$R:cluster/j-2AXXXXXXGAPLF
$EMR/StepFunctionsGetEventForEMRAddJobFlowStepsRule"
task emr_step_dyn "arn:aws:states:::elasticmapreduce:addStep" '{"ClusterId.$": "$.cluster", "Step": {"Name": "s"}}'
expect_policy emr_step_dyn "elasticmapreduce:AddJobFlowSteps,elasticmapreduce:DescribeStep,elasticmapreduce:CancelSteps -> $A:elasticmapreduce:*:*:cluster/*
$EMR/StepFunctionsGetEventForEMRAddJobFlowStepsRule"
grep -q "state 'T': Parameters.ClusterId.\$ is missing or computed at run time" "$tmp/err"
ok $? "emr: a computed ClusterId: the page's dynamic resource, with a warning naming the field"
task emr_groups "arn:aws:states:::elasticmapreduce:modifyInstanceGroupByName" '{"ClusterId.$": "$.c", "InstanceGroupName": "core", "InstanceGroup": {}}'
expect_policy emr_groups "elasticmapreduce:ModifyInstanceGroups,elasticmapreduce:ListInstanceGroups -> *"
task emr_role_dyn "arn:aws:states:::elasticmapreduce:createCluster" '{"Name": "c", "ServiceRole.$": "$.role"}'
expect_policy emr_role_dyn "elasticmapreduce:RunJobFlow,elasticmapreduce:DescribeCluster,elasticmapreduce:TerminateJobFlows -> *
iam:PassRole -> $A:iam::111122223333:role/*
$EMR/StepFunctionsGetEventForEMRRunJobFlowRule"

# ---- EKS (eks-iam.html) ----
task eks_create "arn:aws:states:::eks:createCluster.sync" '{"Name": "k", "RoleArn": "arn:aws:iam::111122223333:role/eks-svc", "ResourcesVpcConfig": {}}'
expect_policy eks_create "eks:CreateCluster -> *
eks:DescribeCluster,eks:DeleteCluster -> $A:eks:$R:cluster/*
iam:PassRole -> $A:iam::111122223333:role/eks-svc"
python3 -c 'import json,sys; s=[x for x in json.load(open(sys.argv[1]))["Statement"] if x["Action"]==["iam:PassRole"]][0]; assert s["Condition"]=={"StringEquals":{"iam:PassedToService":"eks.amazonaws.com"}}, s' "$tmp/out"
ok $? "eks: iam:PassRole only to eks.amazonaws.com (the page's condition)"
task eks_nodes "arn:aws:states:::eks:createNodegroup" '{"ClusterName": "k", "NodegroupName": "ng", "NodeRole": "nodes", "Subnets": []}'
expect_policy eks_nodes "ec2:DescribeSubnets,eks:CreateNodegroup -> *
eks:DescribeNodegroup,eks:DeleteNodegroup -> $A:eks:$R:nodegroup/*
iam:GetRole,iam:ListAttachedRolePolicies -> $A:iam::111122223333:role/*
iam:PassRole -> $A:iam::111122223333:role/nodes"
task eks_del "arn:aws:states:::eks:deleteCluster.sync" '{"Name": "k"}'
expect_policy eks_del "eks:DeleteCluster,eks:DescribeCluster -> $A:eks:$R:cluster/k"
task eks_delng "arn:aws:states:::eks:deleteNodegroup" '{"ClusterName": "k", "NodegroupName.$": "$.ng"}'
expect_policy eks_delng "eks:DeleteNodegroup,eks:DescribeNodegroup -> $A:eks:$R:nodegroup/k/*/*"

# ---- SageMaker (sagemaker-iam.html) ----
task sm_train "arn:aws:states:::sagemaker:createTrainingJob.sync" '{"TrainingJobName": "churn", "RoleArn": "arn:aws:iam::111122223333:role/sm"}'
expect_policy sm_train "sagemaker:CreateTrainingJob,sagemaker:DescribeTrainingJob,sagemaker:StopTrainingJob -> $A:sagemaker:$R:training-job/churn*
sagemaker:ListTags,sagemaker:AddTags -> *
iam:PassRole -> $A:iam::111122223333:role/sm
events:PutTargets,events:PutRule,events:DescribeRule -> $A:events:$R:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule"
task sm_transform "arn:aws:states:::sagemaker:createTransformJob" '{"TransformJobName.$": "$.name", "ModelName": "m"}'
expect_policy sm_transform "sagemaker:CreateTransformJob -> $A:sagemaker:$R:transform-job/*
sagemaker:ListTags,sagemaker:AddTags -> *"
grep -q "state 'T': Parameters.TransformJobName.\$ is missing or computed at run time" "$tmp/err"
ok $? "sagemaker: a computed job name: every job, with a warning"

# ---- Distributed Map (iam-policies-eg-dist-map.html) ----
dmap() {   # NAME READER WRITER: a Distributed Map with that ItemReader and ResultWriter (or null)
    printf '{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemReader": %s, "ResultWriter": %s, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}\n' \
        "$2" "$3" | python3 -c 'import json,sys; d=json.load(sys.stdin); m=d["States"]["M"]; [m.pop(k) for k in ("ItemReader","ResultWriter") if m[k] is None]; print(json.dumps(d))' >"$tmp/$1.asl.json"
}
DM="states:StartExecution -> $A:states:$R:stateMachine:orders
states:DescribeExecution,states:StopExecution -> $A:states:$R:execution:orders/*"
dmap dm_csv '{"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}, "Parameters": {"Bucket": "in-bucket", "Key": "data/rows.csv"}}' \
    '{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out-bucket", "Prefix": "runs"}}'
expect_policy dm_csv "$DM
s3:GetObject -> $A:s3:::in-bucket/data/rows.csv
s3:PutObject,s3:GetObject,s3:ListMultipartUploadParts,s3:AbortMultipartUpload -> $A:s3:::out-bucket/runs/*" --state-machine-name orders
[ ! -s "$tmp/err" ]
ok $? "a Distributed Map with literal buckets and keys: nothing on stderr"
dmap dm_list '{"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "in-bucket", "Prefix": "data/"}}' null
expect_policy dm_list "$DM
s3:ListBucket -> $A:s3:::in-bucket" --state-machine-name orders
dmap dm_inventory '{"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "MANIFEST"}, "Parameters": {"Bucket": "inv", "Key": "src/cfg/2024-05-01T00-00Z/manifest.json"}}' \
    '{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out-bucket"}}'
expect_policy dm_inventory "$DM
s3:GetObject -> $A:s3:::inv/src/cfg/2024-05-01T00-00Z/manifest.json $A:s3:::inv/*
s3:PutObject,s3:GetObject,s3:ListMultipartUploadParts,s3:AbortMultipartUpload -> $A:s3:::out-bucket/*" --state-machine-name orders
grep -q "state 'M': ItemReader reads an S3 inventory" "$tmp/err"
ok $? "an S3 inventory manifest: the data files' wildcard is warned about"
dmap dm_plain null null
expect_policy dm_plain "$DM" --state-machine-name orders
expect_run "a Distributed Map's state machine: the file's base name by default, a computed key warned" 0 \
    '"arn:aws:states:us-east-1:123456789012:stateMachine:batch-import"' \
    "state 'ImportRows': ItemReader.Parameters.Key.\$ is computed at run time: s3:GetObject on every key of bucket imports-bucket" -- \
    policy fixtures/batch-import/batch-import.asl.json

# ---- CloudWatch Logs (cw-logs.html) ----
expect_policy dm_plain "$DM
logs:CreateLogDelivery,logs:GetLogDelivery,logs:UpdateLogDelivery,logs:DeleteLogDelivery,logs:ListLogDeliveries,logs:PutResourcePolicy,logs:DescribeResourcePolicies,logs:DescribeLogGroups -> *" \
    --state-machine-name orders --logs

# ---- bad input ----
expect_run "no workflow" 2 "" "sfdbg policy: expected WORKFLOW" -- policy
expect_run "a missing file" 2 "" "$tmp/none.json: No such file or directory" -- policy "$tmp/none.json"
printf '{"StartAt": "A", "States": {"A": {"Type": "Pas", "End": true}}}\n' >"$tmp/invalid.asl.json"
expect_run "an invalid definition: diagnostics" 2 "" "invalid.asl.json:1:" -- policy "$tmp/invalid.asl.json"
expect_run "a bad account" 2 "" "--account: expected 12 digits, got '12'" -- policy "$tmp/sns.asl.json" --account 12
expect_run "a bad region" 2 "" "--region: expected lower-case letters, digits and dashes" -- policy "$tmp/sns.asl.json" --region 'us east'
expect_run "two workflows" 2 "" "one WORKFLOW at a time" -- policy "$tmp/sns.asl.json" "$tmp/sqs.asl.json"
expect_run "--help" 0 "usage: sfdbg policy WORKFLOW" "" -- policy --help

done_testing
