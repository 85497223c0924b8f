/* iam_rules — the permissions table (sources in each rule; docs/policy.md). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "iam_rules.h"

#define SFN_DG "https://docs.aws.amazon.com/step-functions/latest/dg/"

/* Athena's query statements (athena-iam.html): the results bucket, the Glue Data Catalog and
 * Lake Formation, on the resources the page grants. */
#define ATHENA_S3                                                                              \
    {{"s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads",  \
      "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload", "s3:CreateBucket",             \
      "s3:PutObject"},                                                                         \
     IAM_ARN_FIXED, "arn:{P}:s3:::*"}
#define ATHENA_GLUE                                                                            \
    {{"glue:CreateDatabase", "glue:GetDatabase", "glue:GetDatabases", "glue:UpdateDatabase",      \
      "glue:DeleteDatabase", "glue:CreateTable", "glue:UpdateTable", "glue:GetTable",            \
      "glue:GetTables", "glue:DeleteTable", "glue:BatchDeleteTable", "glue:BatchCreatePartition", \
      "glue:CreatePartition", "glue:UpdatePartition", "glue:GetPartition", "glue:GetPartitions",  \
      "glue:BatchGetPartition", "glue:DeletePartition", "glue:BatchDeletePartition"},            \
     IAM_ARN_FIXED,                                                                            \
     "arn:{P}:glue:{R}:{A}:catalog arn:{P}:glue:{R}:{A}:database/* arn:{P}:glue:{R}:{A}:table/* " \
     "arn:{P}:glue:{R}:{A}:userDefinedFunction/*"}
#define ATHENA_LAKE {{"lakeformation:GetDataAccess"}, IAM_ARN_ANY, NULL}
#define ATHENA_WORKGROUPS "arn:{P}:athena:{R}:{A}:workgroup/*"
#define DATABREW_JOBS "arn:{P}:databrew:{R}:{A}:job/*"
/* emr-iam.html: the cluster of ClusterId, or the page's dynamic resource */
#define EMR_CLUSTER "arn:{P}:elasticmapreduce:{R}:{A}:cluster/{ClusterId}|arn:{P}:elasticmapreduce:*:*:cluster/*"
/* sagemaker-iam.html: the job named (and the names that start with it), or every job */
#define SAGEMAKER_JOB(kind, field) \
    "arn:{P}:sagemaker:{R}:{A}:" kind "/{" field "}*|arn:{P}:sagemaker:{R}:{A}:" kind "/*"
#define SAGEMAKER_TAGS {{"sagemaker:ListTags", "sagemaker:AddTags"}, IAM_ARN_ANY, NULL}
/* The AWS CDK's SageMaker tasks (aws-stepfunctions-tasks/lib/sagemaker): endpoints, their
 * configurations and models, by their names in lower case (as SageMaker's ARNs have them) */
#define SAGEMAKER_NAMED(kind, field) \
    "arn:{P}:sagemaker:{R}:{A}:" kind "/{lower:" field "}|arn:{P}:sagemaker:{R}:{A}:" kind "/*"
#define SAGEMAKER_ENDPOINT                                                                     \
    SAGEMAKER_NAMED("endpoint", "EndpointName") " "                                          \
    SAGEMAKER_NAMED("endpoint-config", "EndpointConfigName")
#define SAGEMAKER_LIST_TAGS {{"sagemaker:ListTags"}, IAM_ARN_ANY, NULL}
#define SAGEMAKER_CDK SFN_DG "connect-sagemaker.html"
#define SAGEMAKER_ROLE {{"iam:PassRole"}, IAM_ARN_PASS_ROLE, "RoleArn sagemaker.amazonaws.com"}
/* emr-eks-iam.html: virtual clusters and their job runs */
#define EMR_EKS_CLUSTERS "arn:{P}:emr-containers:{R}:{A}:/virtualclusters/*"
#define EMR_EKS_CLUSTER(field) \
    "arn:{P}:emr-containers:{R}:{A}:/virtualclusters/{" field "}|" EMR_EKS_CLUSTERS
#define EMR_EKS_SLR                                                                            \
    {{"iam:CreateServiceLinkedRole"}, IAM_ARN_FIXED,                                          \
     "arn:{P}:iam::{A}:role/aws-service-role/emr-containers.amazonaws.com/"                   \
     "AWSServiceRoleForAmazonEMRContainers\n"                                                 \
     "StringLike iam:AWSServiceName emr-containers.amazonaws.com"}
#define EMR_EKS_RUN                                                                            \
    {{"emr-containers:StartJobRun"}, IAM_ARN_FIXED,                                           \
     EMR_EKS_CLUSTER("VirtualClusterId") "\nStringEquals emr-containers:ExecutionRoleArn "     \
                                         "{ExecutionRoleArn}"}
#define EMR_EKS_SRC SFN_DG "emr-eks-iam.html"
/* connect-emr-serverless.html#emr-serverless-iam: applications and their job runs */
#define EMRS_APPS "arn:{P}:emr-serverless:{R}:{A}:/applications/*"
#define EMRS_APP "arn:{P}:emr-serverless:{R}:{A}:/applications/{ApplicationId}|" EMRS_APPS
#define EMRS_RUNS \
    "arn:{P}:emr-serverless:{R}:{A}:/applications/{ApplicationId}/jobruns/*|" EMRS_APPS
#define EMRS_RUN \
    "arn:{P}:emr-serverless:{R}:{A}:/applications/{ApplicationId}/jobruns/{JobRunId}|" EMRS_APPS
#define EMRS_CREATE \
    {{"emr-serverless:CreateApplication"}, IAM_ARN_FIXED, "arn:{P}:emr-serverless:{R}:{A}:/*"}
#define EMRS_SLR                                                                               \
    {{"iam:CreateServiceLinkedRole"}, IAM_ARN_FIXED,                                          \
     "arn:{P}:iam::{A}:role/aws-service-role/ops.emr-serverless.amazonaws.com/"               \
     "AWSServiceRoleForAmazonEMRServerless*\n"                                                \
     "StringLike iam:AWSServiceName ops.emr-serverless.amazonaws.com"}
#define EMRS_ROLE \
    {{"iam:PassRole"}, IAM_ARN_PASS_ROLE, "ExecutionRoleArn emr-serverless.amazonaws.com"}
#define EMRS_APP_RULE EVENTS_RULE("StepFunctionsGetEventsForEMRServerlessApplicationRule")
#define EMRS_JOB_RULE EVENTS_RULE("StepFunctionsGetEventsForEMRServerlessJobRule")
#define EMRS_SRC SFN_DG "connect-emr-serverless.html#emr-serverless-iam"
/* An application's start, stop or delete: the action on it; .sync also the actions that
 * watch it, and the managed rule. */
#define EMRS_APP_CALL(api, Api, ...)                                                           \
    {"emr-serverless", api, IAM_RR, {{{"emr-serverless:" Api}, IAM_ARN_FIXED, EMRS_APP}},      \
     EMRS_SRC},                                                                                \
    {"emr-serverless", api, IAM_SYNC,                                                          \
     {{{"emr-serverless:" Api, __VA_ARGS__}, IAM_ARN_FIXED, EMRS_APP}, EMRS_APP_RULE}, EMRS_SRC}
/* connect-mediaconvert.html: CreateJob on every queue, template and preset; .sync reads and
 * cancels only the jobs Step Functions tagged */
#define MEDIACONVERT_CREATE                                                                    \
    {{"mediaconvert:CreateJob"}, IAM_ARN_FIXED,                                               \
     "arn:{P}:mediaconvert:{R}:{A}:queues/* arn:{P}:mediaconvert:{R}:{A}:jobTemplates/* "     \
     "arn:{P}:mediaconvert:{R}:{A}:presets/*"}
#define MEDIACONVERT_ROLE {{"iam:PassRole"}, IAM_ARN_PASS_ROLE, "Role mediaconvert.amazonaws.com"}
#define MEDIACONVERT_SRC SFN_DG "connect-mediaconvert.html"
/* connect-bedrock.html#bedrock-iam */
#define BEDROCK_CUSTOMIZE                                                                      \
    {{"bedrock:CreateModelCustomizationJob"}, IAM_ARN_BEDROCK_MODEL, "BaseModelIdentifier"},  \
    {{"bedrock:CreateModelCustomizationJob"}, IAM_ARN_FIXED,                                  \
     "arn:{P}:bedrock:{R}:{A}:custom-model/* arn:{P}:bedrock:{R}:{A}:model-customization-job/*"}
#define BEDROCK_ROLE {{"iam:PassRole"}, IAM_ARN_PASS_ROLE, "RoleArn"}
#define BEDROCK_SRC SFN_DG "connect-bedrock.html#bedrock-iam"
/* codebuild-iam.html: a build batch's call, on its project (in the account when computed);
 * .sync also stops and watches the batch */
#define CODEBUILD_BATCH(api, Api)                                                              \
    {"codebuild", api, IAM_RR,                                                                 \
     {{{"codebuild:" Api}, IAM_ARN_CODEBUILD_PROJECT, "in-account"}}, SFN_DG "codebuild-iam.html"}
#define CODEBUILD_BATCH_WATCH(Api)                                                             \
    {{"codebuild:" Api, "codebuild:StopBuildBatch", "codebuild:BatchGetBuildBatches"},          \
     IAM_ARN_CODEBUILD_PROJECT, "in-account"}
#define EVENTS_RULE(name) \
    {{"events:PutTargets", "events:PutRule", "events:DescribeRule"}, IAM_ARN_EVENTS_RULE, name}
#define EMR_RULE(name) \
    {{"events:PutTargets", "events:PutRule", "events:DescribeRule"}, IAM_ARN_EVENTS_RULE, name}

static const iam_rule iam_table[] = {
    {"lambda", "invoke", IAM_RR | IAM_TOKEN,
     {{{"lambda:InvokeFunction"}, IAM_ARN_LAMBDA, NULL}}, SFN_DG "lambda-iam.html"},
    {"lambda-arn", "", IAM_RR,
     {{{"lambda:InvokeFunction"}, IAM_ARN_LAMBDA, NULL}}, SFN_DG "lambda-iam.html"},
    {"dynamodb", "getItem", IAM_RR,
     {{{"dynamodb:GetItem"}, IAM_ARN_DDB_TABLE, NULL}}, SFN_DG "dynamo-iam.html"},
    {"dynamodb", "putItem", IAM_RR,
     {{{"dynamodb:PutItem"}, IAM_ARN_DDB_TABLE, NULL}}, SFN_DG "dynamo-iam.html"},
    {"dynamodb", "updateItem", IAM_RR,
     {{{"dynamodb:UpdateItem"}, IAM_ARN_DDB_TABLE, NULL}}, SFN_DG "dynamo-iam.html"},
    {"dynamodb", "deleteItem", IAM_RR,
     {{{"dynamodb:DeleteItem"}, IAM_ARN_DDB_TABLE, NULL}}, SFN_DG "dynamo-iam.html"},
    {"sqs", "sendMessage", IAM_RR | IAM_TOKEN,
     {{{"sqs:SendMessage"}, IAM_ARN_SQS_QUEUE, NULL}}, SFN_DG "sqs-iam.html"},
    {"sns", "publish", IAM_RR | IAM_TOKEN,
     {{{"sns:Publish"}, IAM_ARN_SNS_TOPIC, NULL}}, SFN_DG "sns-iam.html"},
    {"events", "putEvents", IAM_RR | IAM_TOKEN,
     {{{"events:PutEvents"}, IAM_ARN_EVENT_BUS, NULL}}, SFN_DG "eventbridge-iam.html"},
    {"states", "startExecution", IAM_RR | IAM_TOKEN,
     {{{"states:StartExecution"}, IAM_ARN_STATE_MACHINE, NULL}}, SFN_DG "stepfunctions-iam.html"},
    {"states", "startExecution", IAM_SYNC,
     {{{"states:StartExecution"}, IAM_ARN_STATE_MACHINE, NULL},
      {{"states:DescribeExecution", "states:StopExecution"}, IAM_ARN_EXECUTIONS, NULL},
      {{"events:PutTargets", "events:PutRule", "events:DescribeRule"}, IAM_ARN_EVENTS_RULE,
       "StepFunctionsGetEventsForStepFunctionsExecutionRule"}},
     SFN_DG "stepfunctions-iam.html"},
    {"ecs", "runTask", IAM_RR | IAM_TOKEN,
     {{{"ecs:RunTask"}, IAM_ARN_ECS_TASK_DEF, NULL}}, SFN_DG "ecs-iam.html"},
    {"ecs", "runTask", IAM_SYNC,
     {{{"ecs:RunTask"}, IAM_ARN_ECS_TASK_DEF, NULL},
      {{"ecs:StopTask", "ecs:DescribeTasks"}, IAM_ARN_ANY, NULL},
      {{"events:PutTargets", "events:PutRule", "events:DescribeRule"}, IAM_ARN_EVENTS_RULE,
       "StepFunctionsGetEventsForECSTaskRule"}},
     SFN_DG "ecs-iam.html"},
    {"batch", "submitJob", IAM_RR | IAM_TOKEN,
     {{{"batch:SubmitJob"}, IAM_ARN_ANY, NULL}}, SFN_DG "batch-iam.html"},
    {"batch", "submitJob", IAM_SYNC,
     {{{"batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob"}, IAM_ARN_ANY, NULL},
      {{"events:PutTargets", "events:PutRule", "events:DescribeRule"}, IAM_ARN_EVENTS_RULE,
       "StepFunctionsGetEventsForBatchJobsRule"}},
     SFN_DG "batch-iam.html"},
    {"glue", "startJobRun", IAM_RR | IAM_TOKEN,
     {{{"glue:StartJobRun"}, IAM_ARN_ANY, NULL}}, SFN_DG "connect-glue.html#glue-iam"},
    {"glue", "startJobRun", IAM_SYNC,
     {{{"glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"},
       IAM_ARN_ANY, NULL}},
     SFN_DG "connect-glue.html#glue-iam"},
    {"codebuild", "startBuild", IAM_RR | IAM_TOKEN,
     {{{"codebuild:StartBuild"}, IAM_ARN_CODEBUILD_PROJECT, NULL}}, SFN_DG "codebuild-iam.html"},
    {"codebuild", "startBuild", IAM_SYNC,
     {{{"codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"},
       IAM_ARN_CODEBUILD_PROJECT, NULL},
      {{"events:PutTargets", "events:PutRule", "events:DescribeRule"}, IAM_ARN_EVENTS_RULE,
       "StepFunctionsGetEventForCodeBuildStartBuildRule"}},
     SFN_DG "codebuild-iam.html"},
    {"codebuild", "stopBuild", IAM_RR,
     {{{"codebuild:StopBuild"}, IAM_ARN_CODEBUILD_PROJECT, NULL}}, SFN_DG "codebuild-iam.html"},
    {"codebuild", "batchDeleteBuilds", IAM_RR,
     {{{"codebuild:BatchDeleteBuilds"}, IAM_ARN_CODEBUILD_PROJECT, NULL}},
     SFN_DG "codebuild-iam.html"},
    {"codebuild", "batchGetReports", IAM_RR,
     {{{"codebuild:BatchGetReports"}, IAM_ARN_CODEBUILD_REPORT_GROUPS, NULL}},
     SFN_DG "codebuild-iam.html"},
    CODEBUILD_BATCH("startBuildBatch", "StartBuildBatch"),
    {"codebuild", "startBuildBatch", IAM_SYNC,
     {CODEBUILD_BATCH_WATCH("StartBuildBatch"),
      EVENTS_RULE("StepFunctionsGetEventForCodeBuildStartBuildBatchRule")},
     SFN_DG "codebuild-iam.html"},
    CODEBUILD_BATCH("stopBuildBatch", "StopBuildBatch"),
    CODEBUILD_BATCH("retryBuildBatch", "RetryBuildBatch"),
    {"codebuild", "retryBuildBatch", IAM_SYNC, {CODEBUILD_BATCH_WATCH("RetryBuildBatch")},
     SFN_DG "codebuild-iam.html"},
    CODEBUILD_BATCH("deleteBuildBatch", "DeleteBuildBatch"),
    {"athena", "startQueryExecution", IAM_RR | IAM_TOKEN,
     {{{"athena:StartQueryExecution", "athena:GetDataCatalog"}, IAM_ARN_ATHENA_WORKGROUP, NULL},
      ATHENA_S3, ATHENA_GLUE, ATHENA_LAKE},
     SFN_DG "athena-iam.html"},
    {"athena", "startQueryExecution", IAM_SYNC,
     {{{"athena:StartQueryExecution", "athena:StopQueryExecution", "athena:GetQueryExecution",
        "athena:GetDataCatalog"}, IAM_ARN_ATHENA_WORKGROUP, NULL},
      ATHENA_S3, ATHENA_GLUE, ATHENA_LAKE},
     SFN_DG "athena-iam.html"},
    {"athena", "stopQueryExecution", IAM_RR,
     {{{"athena:StopQueryExecution"}, IAM_ARN_FIXED, ATHENA_WORKGROUPS}}, SFN_DG "athena-iam.html"},
    {"athena", "getQueryExecution", IAM_RR,
     {{{"athena:GetQueryExecution"}, IAM_ARN_FIXED, ATHENA_WORKGROUPS}}, SFN_DG "athena-iam.html"},
    {"athena", "getQueryResults", IAM_RR,
     {{{"athena:GetQueryResults"}, IAM_ARN_FIXED, ATHENA_WORKGROUPS},
      {{"s3:GetObject"}, IAM_ARN_FIXED, "arn:{P}:s3:::*"}},
     SFN_DG "athena-iam.html"},
    {"databrew", "startJobRun", IAM_RR | IAM_TOKEN,
     {{{"databrew:StartJobRun"}, IAM_ARN_FIXED, DATABREW_JOBS}}, SFN_DG "databrew-iam.html"},
    {"databrew", "startJobRun", IAM_SYNC,
     {{{"databrew:StartJobRun", "databrew:ListJobRuns", "databrew:StopJobRun"}, IAM_ARN_FIXED,
       DATABREW_JOBS}},
     SFN_DG "databrew-iam.html"},
    {"elasticmapreduce", "addStep", IAM_RR | IAM_SYNC,
     {{{"elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:DescribeStep",
        "elasticmapreduce:CancelSteps"}, IAM_ARN_FIXED, EMR_CLUSTER},
      EMR_RULE("StepFunctionsGetEventForEMRAddJobFlowStepsRule")},
     SFN_DG "emr-iam.html"},
    {"elasticmapreduce", "cancelStep", IAM_RR,
     {{{"elasticmapreduce:CancelSteps"}, IAM_ARN_FIXED, EMR_CLUSTER}}, SFN_DG "emr-iam.html"},
    {"elasticmapreduce", "createCluster", IAM_RR | IAM_SYNC,
     {{{"elasticmapreduce:RunJobFlow", "elasticmapreduce:DescribeCluster",
        "elasticmapreduce:TerminateJobFlows"}, IAM_ARN_ANY, NULL},
      {{"iam:PassRole"}, IAM_ARN_PASS_ROLE, "ServiceRole,JobFlowRole"},
      EMR_RULE("StepFunctionsGetEventForEMRRunJobFlowRule")},
     SFN_DG "emr-iam.html"},
    {"elasticmapreduce", "setClusterTerminationProtection", IAM_RR,
     {{{"elasticmapreduce:SetTerminationProtection"}, IAM_ARN_FIXED, EMR_CLUSTER}},
     SFN_DG "emr-iam.html"},
    {"elasticmapreduce", "modifyInstanceFleetByName", IAM_RR,
     {{{"elasticmapreduce:ModifyInstanceFleet", "elasticmapreduce:ListInstanceFleets"},
       IAM_ARN_FIXED, EMR_CLUSTER}},
     SFN_DG "emr-iam.html"},
    {"elasticmapreduce", "modifyInstanceGroupByName", IAM_RR,
     {{{"elasticmapreduce:ModifyInstanceGroups", "elasticmapreduce:ListInstanceGroups"},
       IAM_ARN_FIXED, "arn:{P}:elasticmapreduce:{R}:{A}:cluster/{ClusterId}|*"}},
     SFN_DG "emr-iam.html"},
    {"elasticmapreduce", "terminateCluster", IAM_RR | IAM_SYNC,
     {{{"elasticmapreduce:TerminateJobFlows", "elasticmapreduce:DescribeCluster"}, IAM_ARN_FIXED,
       EMR_CLUSTER},
      EMR_RULE("StepFunctionsGetEventForEMRTerminateJobFlowsRule")},
     SFN_DG "emr-iam.html"},
    {"eks", "createCluster", IAM_RR | IAM_SYNC,
     {{{"eks:CreateCluster"}, IAM_ARN_ANY, NULL},
      {{"eks:DescribeCluster", "eks:DeleteCluster"}, IAM_ARN_FIXED, "arn:{P}:eks:{R}:{A}:cluster/*"},
      {{"iam:PassRole"}, IAM_ARN_PASS_ROLE, "RoleArn eks.amazonaws.com"}},
     SFN_DG "eks-iam.html"},
    {"eks", "createNodegroup", IAM_RR | IAM_SYNC,
     {{{"ec2:DescribeSubnets", "eks:CreateNodegroup"}, IAM_ARN_ANY, NULL},
      {{"eks:DescribeNodegroup", "eks:DeleteNodegroup"}, IAM_ARN_FIXED,
       "arn:{P}:eks:{R}:{A}:nodegroup/*"},
      {{"iam:GetRole", "iam:ListAttachedRolePolicies"}, IAM_ARN_FIXED, "arn:{P}:iam::{A}:role/*"},
      {{"iam:PassRole"}, IAM_ARN_PASS_ROLE, "NodeRole eks.amazonaws.com"}},
     SFN_DG "eks-iam.html"},
    {"eks", "deleteCluster", IAM_RR | IAM_SYNC,
     {{{"eks:DeleteCluster", "eks:DescribeCluster"}, IAM_ARN_FIXED,
       "arn:{P}:eks:{R}:{A}:cluster/{Name}"}},
     SFN_DG "eks-iam.html"},
    {"eks", "deleteNodegroup", IAM_RR | IAM_SYNC,
     {{{"eks:DeleteNodegroup", "eks:DescribeNodegroup"}, IAM_ARN_FIXED,
       "arn:{P}:eks:{R}:{A}:nodegroup/{ClusterName}/{NodegroupName}/*"}},
     SFN_DG "eks-iam.html"},
    {"sagemaker", "createTrainingJob", IAM_RR,
     {{{"sagemaker:CreateTrainingJob"}, IAM_ARN_FIXED, SAGEMAKER_JOB("training-job", "TrainingJobName")},
      SAGEMAKER_TAGS, SAGEMAKER_ROLE},
     SFN_DG "sagemaker-iam.html"},
    {"sagemaker", "createTrainingJob", IAM_SYNC,
     {{{"sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"},
       IAM_ARN_FIXED, SAGEMAKER_JOB("training-job", "TrainingJobName")},
      SAGEMAKER_TAGS, SAGEMAKER_ROLE,
      {{"events:PutTargets", "events:PutRule", "events:DescribeRule"}, IAM_ARN_EVENTS_RULE,
       "StepFunctionsGetEventsForSageMakerTrainingJobsRule"}},
     SFN_DG "sagemaker-iam.html"},
    {"sagemaker", "createTransformJob", IAM_RR,
     {{{"sagemaker:CreateTransformJob"}, IAM_ARN_FIXED,
       SAGEMAKER_JOB("transform-job", "TransformJobName")},
      SAGEMAKER_TAGS, SAGEMAKER_ROLE},
     SFN_DG "sagemaker-iam.html"},
    {"sagemaker", "createTransformJob", IAM_SYNC,
     {{{"sagemaker:CreateTransformJob", "sagemaker:DescribeTransformJob",
        "sagemaker:StopTransformJob"}, IAM_ARN_FIXED, SAGEMAKER_JOB("transform-job", "TransformJobName")},
      SAGEMAKER_TAGS, SAGEMAKER_ROLE,
      {{"events:PutTargets", "events:PutRule", "events:DescribeRule"}, IAM_ARN_EVENTS_RULE,
       "StepFunctionsGetEventsForSageMakerTransformJobsRule"}},
     SFN_DG "sagemaker-iam.html"},
    {"emr-containers", "createVirtualCluster", IAM_RR,
     {{{"emr-containers:CreateVirtualCluster"}, IAM_ARN_ANY, NULL}, EMR_EKS_SLR}, EMR_EKS_SRC},
    {"emr-containers", "deleteVirtualCluster", IAM_RR,
     {{{"emr-containers:DeleteVirtualCluster"}, IAM_ARN_FIXED, EMR_EKS_CLUSTER("Id")}},
     EMR_EKS_SRC},
    {"emr-containers", "deleteVirtualCluster", IAM_SYNC,
     {{{"emr-containers:DeleteVirtualCluster", "emr-containers:DescribeVirtualCluster"},
       IAM_ARN_FIXED, EMR_EKS_CLUSTER("Id")}},
     EMR_EKS_SRC},
    {"emr-containers", "startJobRun", IAM_RR, {EMR_EKS_RUN}, EMR_EKS_SRC},
    {"emr-containers", "startJobRun", IAM_SYNC,
     {EMR_EKS_RUN,
      {{"emr-containers:DescribeJobRun", "emr-containers:CancelJobRun"}, IAM_ARN_FIXED,
       "arn:{P}:emr-containers:{R}:{A}:/virtualclusters/{VirtualClusterId}/jobruns/*|"
       EMR_EKS_CLUSTERS}},
     EMR_EKS_SRC},
    {"emr-serverless", "createApplication", IAM_RR, {EMRS_CREATE, EMRS_SLR}, EMRS_SRC},
    {"emr-serverless", "createApplication", IAM_SYNC,
     {EMRS_CREATE,
      {{"emr-serverless:GetApplication", "emr-serverless:DeleteApplication"}, IAM_ARN_FIXED,
       EMRS_APPS},
      EMRS_APP_RULE, EMRS_SLR},
     EMRS_SRC},
    EMRS_APP_CALL("startApplication", "StartApplication", "emr-serverless:GetApplication",
                  "emr-serverless:StopApplication"),
    EMRS_APP_CALL("stopApplication", "StopApplication", "emr-serverless:GetApplication"),
    EMRS_APP_CALL("deleteApplication", "DeleteApplication", "emr-serverless:GetApplication"),
    {"emr-serverless", "startJobRun", IAM_RR,
     {{{"emr-serverless:StartJobRun"}, IAM_ARN_FIXED, EMRS_APP}, EMRS_ROLE}, EMRS_SRC},
    {"emr-serverless", "startJobRun", IAM_SYNC,
     {{{"emr-serverless:StartJobRun"}, IAM_ARN_FIXED, EMRS_APP}, EMRS_ROLE,
      {{"emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"}, IAM_ARN_FIXED, EMRS_RUNS},
      EMRS_JOB_RULE},
     EMRS_SRC},
    {"emr-serverless", "cancelJobRun", IAM_RR,
     {{{"emr-serverless:CancelJobRun"}, IAM_ARN_FIXED, EMRS_RUN}}, EMRS_SRC},
    {"emr-serverless", "cancelJobRun", IAM_SYNC,
     {{{"emr-serverless:CancelJobRun", "emr-serverless:GetJobRun"}, IAM_ARN_FIXED, EMRS_RUN},
      EMRS_JOB_RULE},
     EMRS_SRC},
    {"mediaconvert", "createJob", IAM_RR, {MEDIACONVERT_CREATE, MEDIACONVERT_ROLE},
     MEDIACONVERT_SRC},
    {"mediaconvert", "createJob", IAM_SYNC,
     {MEDIACONVERT_CREATE,
      {{"mediaconvert:GetJob", "mediaconvert:CancelJob"}, IAM_ARN_FIXED,
       "arn:{P}:mediaconvert:{R}:{A}:jobs/*\n"
       "StringEquals aws:ResourceTag/ManagedByService AWSStepFunctions"},
      MEDIACONVERT_ROLE, EVENTS_RULE("StepFunctionsGetEventsForMediaConvertJobRule")},
     MEDIACONVERT_SRC},
    {"bedrock", "invokeModel", IAM_RR,
     {{{"bedrock:InvokeModel"}, IAM_ARN_BEDROCK_MODEL, "ModelId"},
      {{"s3:GetObject"}, IAM_ARN_S3_URI, "Input"},
      {{"s3:PutObject"}, IAM_ARN_S3_URI, "Output"},
      {{"bedrock:ApplyGuardrail"}, IAM_ARN_BEDROCK_GUARDRAIL, NULL}},
     BEDROCK_SRC},
    {"bedrock", "createModelCustomizationJob", IAM_RR, {BEDROCK_CUSTOMIZE, BEDROCK_ROLE},
     BEDROCK_SRC},
    {"bedrock", "createModelCustomizationJob", IAM_SYNC,
     {BEDROCK_CUSTOMIZE,
      {{"bedrock:GetModelCustomizationJob", "bedrock:StopModelCustomizationJob"}, IAM_ARN_FIXED,
       "arn:{P}:bedrock:{R}:{A}:model-customization-job/*"},
      BEDROCK_ROLE},
     BEDROCK_SRC},
    {"sagemaker", "createEndpoint", IAM_RR,
     {{{"sagemaker:CreateEndpoint"}, IAM_ARN_FIXED, SAGEMAKER_ENDPOINT}, SAGEMAKER_LIST_TAGS},
     SAGEMAKER_CDK},
    {"sagemaker", "createEndpointConfig", IAM_RR,
     {{{"sagemaker:CreateEndpointConfig"}, IAM_ARN_FIXED,
       SAGEMAKER_NAMED("endpoint-config", "EndpointConfigName")},
      SAGEMAKER_LIST_TAGS},
     SAGEMAKER_CDK},
    {"sagemaker", "createModel", IAM_RR,
     {{{"sagemaker:CreateModel"}, IAM_ARN_FIXED,
       "arn:{P}:sagemaker:{R}:{A}:model/{lower:ModelName}*|arn:{P}:sagemaker:{R}:{A}:model/*"},
      SAGEMAKER_LIST_TAGS,
      {{"iam:PassRole"}, IAM_ARN_PASS_ROLE, "ExecutionRoleArn sagemaker.amazonaws.com"}},
     SAGEMAKER_CDK},
    {"sagemaker", "updateEndpoint", IAM_RR,
     {{{"sagemaker:UpdateEndpoint"}, IAM_ARN_FIXED, SAGEMAKER_ENDPOINT}}, SAGEMAKER_CDK},
    {"apigateway", "invoke", IAM_RR | IAM_TOKEN,
     {{{"execute-api:Invoke"}, IAM_ARN_API_GATEWAY, NULL}}, SFN_DG "api-gateway-iam.html"},
    {"http", "invoke", IAM_RR,
     {{{"states:InvokeHTTPEndpoint"}, IAM_ARN_HTTP_ENDPOINT, NULL},
      {{"events:RetrieveConnectionCredentials"}, IAM_ARN_CONNECTION, NULL},
      {{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
       IAM_ARN_CONNECTION_SECRET, NULL}},
     SFN_DG "call-https-apis.html#connect-http-task-permissions"},
};

/* A Distributed Map runs its iterations as child executions of this state machine. */
const iam_statement iam_dmap_start = {{"states:StartExecution"}, IAM_ARN_FIXED,
                                      "arn:{P}:states:{R}:{A}:stateMachine:{M}"};
const iam_statement iam_dmap_children = {{"states:DescribeExecution", "states:StopExecution"},
                                         IAM_ARN_FIXED, "arn:{P}:states:{R}:{A}:execution:{M}/*"};
/* ItemReader arn:aws:states:::s3:listObjectsV2 (the bucket), s3:getObject (the object) */
const iam_statement iam_dmap_list = {{"s3:ListBucket"}, IAM_ARN_ANY, NULL};
const iam_statement iam_dmap_read = {{"s3:GetObject"}, IAM_ARN_ANY, NULL};
/* ResultWriter arn:aws:states:::s3:putObject (the objects under its Prefix) */
const iam_statement iam_dmap_write = {{"s3:PutObject", "s3:GetObject",
                                       "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"},
                                      IAM_ARN_ANY, NULL};
/* https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html */
const iam_statement iam_logs_delivery = {
    {"logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
     "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
     "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"},
    IAM_ARN_ANY, NULL};
/* https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html */
const iam_statement iam_xray_tracing = {{"xray:PutTraceSegments", "xray:PutTelemetryRecords",
                                         "xray:GetSamplingRules", "xray:GetSamplingTargets"},
                                        IAM_ARN_ANY, NULL};

const iam_rule *iam_rules_all(size_t *n)
{
    *n = sizeof iam_table / sizeof iam_table[0];
    return iam_table;
}

static bool iam_slice_is(const char *s, size_t n, const char *want)
{
    return strlen(want) == n && !strncmp(s, want, n);
}

const iam_rule *iam_rule_find(const asl_resource_info *r)
{
    const char *service = r->kind == ASL_RESOURCE_LAMBDA ? "lambda-arn" : NULL;
    if (r->kind != ASL_RESOURCE_LAMBDA && r->kind != ASL_RESOURCE_OPTIMIZED &&
        r->kind != ASL_RESOURCE_HTTP)
        return NULL;
    for (size_t i = 0; i < sizeof iam_table / sizeof iam_table[0]; i++) {
        const iam_rule *rule = &iam_table[i];
        if (!(rule->patterns & (1u << r->pattern)))
            continue;
        if (service ? !strcmp(rule->service, service)
                    : iam_slice_is(r->service, r->service_len, rule->service) &&
                          iam_slice_is(r->action, r->action_len, rule->action))
            return rule;
    }
    return NULL;
}

/* connect-eks.html#connect-eks-permissions: the Kubernetes API calls are authorized by the
 * cluster (the aws-auth ConfigMap maps the role to Kubernetes groups), not by IAM actions. */
static const char *const iam_kubernetes_calls[] = {"runJob", "call"};

const char *iam_no_statement(const asl_resource_info *r)
{
    if (r->kind != ASL_RESOURCE_OPTIMIZED || !iam_slice_is(r->service, r->service_len, "eks"))
        return NULL;
    for (size_t i = 0; i < sizeof iam_kubernetes_calls / sizeof iam_kubernetes_calls[0]; i++)
        if (iam_slice_is(r->action, r->action_len, iam_kubernetes_calls[i]))
            return "a Kubernetes API call: no IAM statement (the cluster's RBAC authorizes the "
                   "role: map it in the aws-auth ConfigMap)";
    return NULL;
}

/* SDK service names whose IAM prefix is another (Service Authorization Reference). */
static const char *const iam_prefixes[][2] = {
    {"sfn", "states"},
    {"eventbridge", "events"},
    {"cloudwatchlogs", "logs"},
    {"cloudwatchevents", "events"},
    {"elasticloadbalancingv2", "elasticloadbalancing"},
    {"efs", "elasticfilesystem"},
    {"sesv2", "ses"},
    {"emrcontainers", "emr-containers"},
    {"emrserverless", "emr-serverless"},
};

/* SDK actions whose IAM action is another (the service's "API operations" table). */
static const char *const iam_actions[][3] = {
    {"s3", "listObjectsV2", "ListBucket"},
    {"s3", "listObjects", "ListBucket"},
    {"s3", "headObject", "GetObject"},
    {"s3", "headBucket", "ListBucket"},
    {"s3", "listBuckets", "ListAllMyBuckets"},
    {"s3", "listObjectVersions", "ListBucketVersions"},
    {"s3", "listMultipartUploads", "ListBucketMultipartUploads"},
    {"s3", "listParts", "ListMultipartUploadParts"},
    {"s3", "deleteObjects", "DeleteObject"},
    {"s3", "createMultipartUpload", "PutObject"},
    {"s3", "uploadPart", "PutObject"},
    {"s3", "completeMultipartUpload", "PutObject"},
    {"s3", "copyObject", "PutObject"},   /* and s3:GetObject on CopySource (policy_build) */
    {"lambda", "invoke", "InvokeFunction"},
};

bool iam_sdk_action(const asl_resource_info *r, char *out, size_t n)
{
    if (r->kind != ASL_RESOURCE_SDK || r->service_len <= 8 || r->action_len == 0)
        return false;
    const char *svc = r->service + 8;   /* after "aws-sdk:" */
    size_t svc_len = r->service_len - 8;
    const char *prefix = NULL, *action = NULL;
    for (size_t i = 0; i < sizeof iam_prefixes / sizeof iam_prefixes[0]; i++)
        if (iam_slice_is(svc, svc_len, iam_prefixes[i][0]))
            prefix = iam_prefixes[i][1];
    for (size_t i = 0; i < sizeof iam_actions / sizeof iam_actions[0]; i++)
        if (iam_slice_is(svc, svc_len, iam_actions[i][0]) &&
            iam_slice_is(r->action, r->action_len, iam_actions[i][1]))
            action = iam_actions[i][2];
    int len = prefix ? snprintf(out, n, "%s:", prefix)
                     : snprintf(out, n, "%.*s:", (int)svc_len, svc);
    if (len < 0 || (size_t)len >= n)
        return false;
    int more = action ? snprintf(out + len, n - (size_t)len, "%s", action)
                      : snprintf(out + len, n - (size_t)len, "%c%.*s",
                                 toupper((unsigned char)r->action[0]), (int)r->action_len - 1,
                                 r->action + 1);
    return more >= 0 && (size_t)more < n - (size_t)len;
}
