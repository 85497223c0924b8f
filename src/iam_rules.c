/* iam_rules — the permissions table (sources in each rule; docs/policy.md). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "iam_rules.h"

#define SFN_DG "https://docs.aws.amazon.com/step-functions/latest/dg/"

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
    {"http", "invoke", IAM_RR,
     {{{"states:InvokeHTTPEndpoint"}, IAM_ARN_HTTP_ENDPOINT, NULL},
      {{"events:RetrieveConnectionCredentials"}, IAM_ARN_CONNECTION, NULL},
      {{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
       IAM_ARN_CONNECTION_SECRET, NULL}},
     SFN_DG "call-https-apis.html#connect-http-task-permissions"},
};

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
