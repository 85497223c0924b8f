/*
 * iam_rules — the IAM permissions a Task state's role needs, as data: for each optimized
 * integration and pattern, the statements AWS's "IAM policies for ..." page gives (its
 * actions and where each statement's resource comes from), with that page's address
 * (docs/policy.md lists them). The AWS SDK integrations map to SERVICE:Action names.
 */
#ifndef SFDBG_IAM_RULES_H
#define SFDBG_IAM_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "definition.h"   /* asl_resource_info, through it */

/* Where a statement's resources come from. */
typedef enum {
    IAM_ARN_ANY,            /* "*": AWS's page grants it on every resource */
    IAM_ARN_LAMBDA,         /* FunctionName (or the Resource): the function ARN and ARN:* */
    IAM_ARN_DDB_TABLE,      /* TableName: arn:P:dynamodb:R:A:table/NAME */
    IAM_ARN_SQS_QUEUE,      /* QueueUrl: arn:P:sqs:R:A:NAME */
    IAM_ARN_SNS_TOPIC,      /* TopicArn; TargetArn or PhoneNumber: "*" */
    IAM_ARN_EVENT_BUS,      /* Entries[*].EventBusName (default: the default bus) */
    IAM_ARN_STATE_MACHINE,  /* StateMachineArn */
    IAM_ARN_EXECUTIONS,     /* StateMachineArn: its executions, arn:P:states:R:A:execution:NAME:* */
    IAM_ARN_ECS_TASK_DEF,   /* TaskDefinition: arn:P:ecs:R:A:task-definition/NAME[:REV] */
    IAM_ARN_EVENTS_RULE,    /* the managed rule named in the statement */
    IAM_ARN_HTTP_ENDPOINT,  /* this state machine, on the conditions Method and ApiEndpoint */
    IAM_ARN_CONNECTION,     /* Authentication.ConnectionArn */
    IAM_ARN_CONNECTION_SECRET,  /* the connection's secret: secret:events!connection/NAME/... */
    IAM_ARN_CODEBUILD_PROJECT,  /* ProjectName or Id: arn:P:codebuild:R:A:project/NAME (rule
                                   "in-account": the dynamic resource keeps the account) */
    IAM_ARN_CODEBUILD_REPORT_GROUPS,  /* ReportArns: each report's report-group/NAME */
    IAM_ARN_ATHENA_WORKGROUP,   /* WorkGroup (default primary), and every data catalog */
    IAM_ARN_API_GATEWAY,        /* ApiEndpoint, Stage, Method, Path: the API's execute-api ARN */
    IAM_ARN_FIXED,              /* the ARNs in `rule`, space-separated templates: {P} {R} {A}
                                   {M} the partition, region, account and machine's name,
                                   {Field} a literal parameter; STATIC|DYNAMIC: AWS's dynamic
                                   resource when a field is computed; after a newline, the
                                   statement's condition "OPERATOR KEY VALUE", VALUE a
                                   template (a computed field: no condition) */
    IAM_ARN_BEDROCK_MODEL,      /* the model the field in `rule` names (ModelId,
                                   BaseModelIdentifier): a foundation model's ID or an ARN */
    IAM_ARN_S3_URI,             /* the object of the S3Uri of the field in `rule` (Input,
                                   Output); none without the field */
    IAM_ARN_BEDROCK_GUARDRAIL,  /* GuardrailIdentifier: the guardrail; none without one */
    IAM_ARN_PASS_ROLE           /* iam:PassRole on the roles of the fields in `rule`
                                   ("RoleArn eks.amazonaws.com": the service, a condition) */
} iam_arn_kind;

#define IAM_MAX_ACTIONS 20
#define IAM_MAX_STATEMENTS 5

typedef struct {
    const char *actions[IAM_MAX_ACTIONS + 1];   /* NULL-terminated */
    iam_arn_kind arn;
    const char *rule;                           /* IAM_ARN_EVENTS_RULE: the rule's name;
                                                   IAM_ARN_FIXED: the ARNs */
} iam_statement;

/* Patterns, as a set. */
#define IAM_RR (1u << ASL_PATTERN_REQUEST_RESPONSE)
#define IAM_SYNC ((1u << ASL_PATTERN_SYNC) | (1u << ASL_PATTERN_SYNC2))
#define IAM_TOKEN (1u << ASL_PATTERN_WAIT_FOR_TASK_TOKEN)

typedef struct {
    const char *service, *action;   /* "dynamodb", "getItem"; service "lambda-arn": a Lambda ARN */
    unsigned patterns;
    iam_statement statements[IAM_MAX_STATEMENTS + 1];   /* ended by one without actions */
    const char *source;             /* the AWS documentation page */
} iam_rule;

/* The rule for a Task resource (an optimized integration, the HTTP task or a Lambda ARN) in its pattern,
 * or NULL when there is none (an SDK integration, an unknown one). */
const iam_rule *iam_rule_find(const asl_resource_info *r);

/* Why a Task resource needs no statement in the role (eks:runJob and eks:call: the cluster's
 * Kubernetes RBAC authorizes the role), or NULL. */
const char *iam_no_statement(const asl_resource_info *r);
#define IAM_EKS_SOURCE "https://docs.aws.amazon.com/step-functions/latest/dg/connect-eks.html#connect-eks-permissions"

/* An AWS SDK integration's IAM action, "PREFIX:Action", in out; false when it does not fit.
 * The service's IAM prefix differs from its SDK name for some (sfn: states, eventbridge:
 * events, cloudwatchlogs: logs, ...); so do some actions (s3 listObjectsV2: ListBucket). */
bool iam_sdk_action(const asl_resource_info *r, char *out, size_t n);
#define IAM_SDK_SOURCE "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html"

/* The statements a Distributed Map state needs (iam-policies-eg-dist-map.html): on its own
 * state machine, its ItemReader's reads and its ResultWriter's writes. */
extern const iam_statement iam_dmap_start, iam_dmap_children, iam_dmap_list, iam_dmap_read,
    iam_dmap_write;
/* --logs and --xray: the CloudWatch Logs delivery and the X-Ray tracing statements. */
extern const iam_statement iam_logs_delivery, iam_xray_tracing;
#define IAM_DMAP_SOURCE "https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html"

/* Every rule, for docs and tests. */
const iam_rule *iam_rules_all(size_t *n);

#endif
