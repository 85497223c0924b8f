/* aws_endpoint — AWS JSON protocol calls to an AWS-compatible endpoint. See
 * aws_endpoint.h. */
#include "aws_endpoint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_client.h"
#include "http_record.h"
#include "jv_text.h"
#include "lambda_shape.h"
#include "rng.h"
#include "s3_endpoint.h"
#include "strbuf.h"

#define AWS_ENDPOINT_MAX_RESPONSE (16u * 1024 * 1024)
#define AWS_ENDPOINT_TIMEOUT_S 60
#define AWS_ENDPOINT_CONNECT_TIMEOUT_MS 10000

/* One service: how a Resource names it, how it is signed and addressed, how its errors
 * are named (from botocore's service-2.json metadata: signingName, targetPrefix,
 * jsonVersion; the error prefixes as Step Functions spells them). */
typedef struct {
    const char *optimized;       /* arn:aws:states:::NAME:action, or NULL */
    const char *sdk;             /* arn:aws:states:::aws-sdk:NAME:action */
    const char *signing;
    const char *target_prefix;
    const char *json_version;
    const char *opt_error;       /* "DynamoDB" */
    const char *sdk_error;       /* "DynamoDb" */
    const char *service_id;      /* the cause's "Service: X" */
    /* The error codes the service's model declares as exceptions (NULL: every code is
     * named as it comes); the SDK names any other code (ValidationException) with its
     * generic exception: opt_generic (SDK v1) or sdk_generic (v2). */
    const char *const *modeled;
    const char *opt_generic, *sdk_generic;
} aws_service;

/* botocore's dynamodb/2012-08-10 shapes with "exception": true */
static const char *const dynamodb_exceptions[] = {
    "BackupInUseException", "BackupNotFoundException", "ConditionalCheckFailedException",
    "ContinuousBackupsUnavailableException", "DuplicateItemException", "ExportConflictException",
    "ExportNotFoundException", "GlobalTableAlreadyExistsException",
    "GlobalTableNotFoundException", "IdempotentParameterMismatchException",
    "ImportConflictException", "ImportNotFoundException", "IndexNotFoundException",
    "InternalServerError", "InvalidExportTimeException", "InvalidRestoreTimeException",
    "ItemCollectionSizeLimitExceededException", "LimitExceededException",
    "PointInTimeRecoveryUnavailableException", "PolicyNotFoundException",
    "ProvisionedThroughputExceededException", "ReplicaAlreadyExistsException",
    "ReplicaNotFoundException", "ReplicatedWriteConflictException", "RequestLimitExceeded",
    "ResourceInUseException", "ResourceNotFoundException", "TableAlreadyExistsException",
    "TableInUseException", "TableNotFoundException", "ThrottlingException",
    "TransactionCanceledException", "TransactionConflictException",
    "TransactionInProgressException", NULL};

static const aws_service aws_services[] = {
    {"dynamodb", "dynamodb", "dynamodb", "DynamoDB_20120810", "1.0", "DynamoDB", "DynamoDb",
     "AmazonDynamoDBv2", dynamodb_exceptions, "AmazonDynamoDBException", "DynamoDbException"},
    {"sqs", "sqs", "sqs", "AmazonSQS", "1.0", "SQS", "Sqs", "AmazonSQS", NULL, NULL, NULL},
    {"states", "sfn", "states", "AWSStepFunctions", "1.0", "StepFunctions", "Sfn",
     "AWSStepFunctions", NULL, NULL, NULL},
    {"events", "eventbridge", "events", "AWSEvents", "1.1", "EventBridge", "EventBridge",
     "AmazonEventBridge", NULL, NULL, NULL},
    {NULL, "secretsmanager", "secretsmanager", "secretsmanager", "1.1", NULL, "SecretsManager",
     "SecretsManager", NULL, NULL, NULL},
    {NULL, "ssm", "ssm", "AmazonSSM", "1.1", NULL, "Ssm", "Ssm", NULL, NULL, NULL},
    {NULL, "kinesis", "kinesis", "Kinesis_20131202", "1.1", NULL, "Kinesis", "Kinesis", NULL, NULL,
     NULL},
    {NULL, "kms", "kms", "TrentService", "1.1", NULL, "Kms", "Kms", NULL, NULL, NULL},
};
#define AWS_NSERVICES (sizeof aws_services / sizeof aws_services[0])
/* S3 speaks REST-XML (s3_endpoint.h): its URL is kept after the JSON services'. */
#define AWS_S3 AWS_NSERVICES

struct aws_endpoint {
    char *url[AWS_NSERVICES + 1];   /* per service, then S3's; NULL: not sent */
    char *region;
    char *key_id, *secret, *token;
};

static char *aws_secret_dup(const char *s)
{
    return s && *s ? jv_xstrdup(s) : NULL;
}

static void aws_secret_free(char *s)
{
    if (s) {
        memset(s, 0, strlen(s));
        free(s);
    }
}

void aws_endpoint_free(aws_endpoint *e)
{
    if (!e)
        return;
    for (size_t i = 0; i <= AWS_NSERVICES; i++)
        free(e->url[i]);
    free(e->region);
    aws_secret_free(e->key_id);
    aws_secret_free(e->secret);
    aws_secret_free(e->token);
    free(e);
}

/* The service "NAME" names (the aws-sdk or the optimized spelling), or -1. */
static int aws_service_index(const char *name, size_t len)
{
    if (len == 2 && !strncmp(name, "s3", 2))
        return (int)AWS_S3;
    for (size_t i = 0; i < AWS_NSERVICES; i++) {
        const aws_service *s = &aws_services[i];
        if ((strlen(s->sdk) == len && !strncmp(s->sdk, name, len)) ||
            (s->optimized && strlen(s->optimized) == len && !strncmp(s->optimized, name, len)))
            return (int)i;
    }
    return -1;
}

static bool aws_endpoint_spec(aws_endpoint *e, const char *spec, char *err, size_t errlen)
{
    const char *eq = strchr(spec, '=');
    const char *url = eq && strncmp(spec, "http", 4) ? eq + 1 : spec;
    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
        snprintf(err, errlen, "--endpoint-url: '%s' is not URL or SERVICE=URL (an http:// or "
                 "https:// URL)", spec);
        return false;
    }
    int only = -1;
    if (url != spec && (only = aws_service_index(spec, (size_t)(eq - spec))) < 0) {
        snprintf(err, errlen, "--endpoint-url: '%.*s' is not a service sfdbg can send (dynamodb, "
                 "sqs, sfn, eventbridge, secretsmanager, ssm, kinesis, kms, s3)", (int)(eq - spec),
                 spec);
        return false;
    }
    for (size_t i = 0; i <= AWS_NSERVICES; i++) {
        if (only >= 0 && (size_t)only != i)
            continue;
        if (only < 0 && e->url[i])
            continue;   /* a SERVICE=URL given earlier wins over a general URL */
        free(e->url[i]);
        e->url[i] = jv_xstrdup(url);
    }
    return true;
}

aws_endpoint *aws_endpoint_new(const char *const *specs, size_t n, const char *region,
                               char *err, size_t errlen)
{
    aws_endpoint *e = jv_xcalloc(1, sizeof *e);
    e->region = jv_xstrdup(region && *region ? region : "us-east-1");
    e->key_id = aws_secret_dup(getenv("AWS_ACCESS_KEY_ID"));
    e->secret = aws_secret_dup(getenv("AWS_SECRET_ACCESS_KEY"));
    e->token = aws_secret_dup(getenv("AWS_SESSION_TOKEN"));
    if (!e->key_id || !e->secret) {
        snprintf(err, errlen, "--endpoint-url: the requests are signed with AWS_ACCESS_KEY_ID "
                 "and AWS_SECRET_ACCESS_KEY from the environment; set both (any values, for an "
                 "endpoint that does not check them)");
        aws_endpoint_free(e);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!aws_endpoint_spec(e, specs[i], err, errlen)) {
            aws_endpoint_free(e);
            return NULL;
        }
    return e;
}

/* ---- the job ---- */

typedef struct {
    http_request *req;
    const aws_service *svc;
    bool sdk;                     /* aws-sdk:* (bare answer, SDK error names) */
    char operation[128];
    char request_id[37];          /* when the endpoint sends none */
    jv *record;                   /* what the debugger lists (http_record.h) */
    http_secrets secrets;         /* the session token, masked in it */
} aws_job;

static size_t aws_job_fds(void *self, task_wait_fd *out, size_t max)
{
    const aws_job *j = self;
    return http_request_fds(j->req, out, max);
}

static int64_t aws_job_deadline(void *self)
{
    const aws_job *j = self;
    return http_request_deadline(j->req);
}

static const char *aws_request_id(const aws_job *j, const http_response *resp)
{
    const char *rid = http_response_header(resp, "x-amzn-RequestId");
    return rid ? rid : j->request_id;
}

/* The exception the SDK names for an error code: the code when the model declares it. */
static const char *aws_exception_name(const aws_job *j, const char *code)
{
    if (!j->svc->modeled)
        return code;
    for (const char *const *m = j->svc->modeled; *m; m++)
        if (!strcmp(*m, code))
            return code;
    return j->sdk || !j->svc->opt_error ? j->svc->sdk_generic : j->svc->opt_generic;
}

/* {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": ...} */
static void aws_error(const aws_job *j, const http_response *resp, task_answer *out)
{
    jv *body = jv_parse(strbuf_str(&resp->body), resp->body.len, 0, NULL);
    bool obj = body && jv_is_object(body);
    const jv *type = obj ? jv_object_get(body, "__type") : NULL;
    const jv *msg = obj ? jv_object_get(body, "message") : NULL;
    if (!msg && obj)
        msg = jv_object_get(body, "Message");
    char code[160] = "UnknownError";
    const char *t = type && jv_is_string(type) ? jv_string_value(type)
                                               : http_response_header(resp, "x-amzn-ErrorType");
    if (t && *t) {
        const char *hash = strrchr(t, '#');
        t = hash ? hash + 1 : t;
        snprintf(code, sizeof code, "%.*s", (int)strcspn(t, ":"), t);
    }
    char name[256];
    snprintf(name, sizeof name, "%s.%s", j->sdk || !j->svc->opt_error ? j->svc->sdk_error
                                                                       : j->svc->opt_error,
             aws_exception_name(j, code));
    const char *text = msg && jv_is_string(msg) ? jv_string_value(msg) : resp->status_text;
    out->kind = TASK_ERROR;
    if (j->sdk)
        asl_error_set(&out->error, name, "%s (Service: %s, Status Code: %ld, Request ID: %s)",
                      text, j->svc->service_id, resp->status, aws_request_id(j, resp));
    else
        asl_error_set(&out->error, name, "%s (Service: %s; Status Code: %ld; Error Code: %s; "
                      "Request ID: %s; Proxy: null)", text, j->svc->service_id, resp->status,
                      code, aws_request_id(j, resp));
    jv_unref(body);
}

static jv *aws_with_metadata(const aws_job *j, const http_response *resp, jv *result)
{
    result = jv_object_set_take(result, "SdkHttpMetadata",
                                sdk_http_metadata(resp->headers, resp->nheaders, resp->status));
    return jv_object_set_take(result, "SdkResponseMetadata",
                              jv_object_set_take(jv_object(), "RequestId",
                                                 jv_string(aws_request_id(j, resp))));
}

static void aws_answer(const aws_job *j, const http_response *resp, task_answer *out)
{
    if (resp->fail == HTTP_FAIL_TIMEOUT) {
        out->kind = TASK_TIMEOUT;
        asl_error_set(&out->error, "States.Timeout", "%s.%s at --endpoint-url had no answer "
                      "within the task's timeout", j->svc->sdk, j->operation);
        return;
    }
    if (resp->fail != HTTP_OK) {
        out->kind = TASK_ERROR;
        char name[128];
        snprintf(name, sizeof name, "%s.SdkClientException",
                 j->sdk || !j->svc->opt_error ? j->svc->sdk_error : j->svc->opt_error);
        asl_error_set(&out->error, name, "Unable to execute HTTP request to --endpoint-url "
                      "for %s.%s: %s", j->svc->sdk, j->operation, resp->error);
        return;
    }
    if (resp->status < 200 || resp->status >= 300) {
        aws_error(j, resp, out);
        return;
    }
    jv *result = resp->body.len ? jv_parse(strbuf_str(&resp->body), resp->body.len, 0, NULL)
                                : jv_object();
    if (!result || !jv_is_object(result)) {
        jv_unref(result);
        out->kind = TASK_ERROR;
        asl_error_set(&out->error, "States.TaskFailed", "%s.%s at --endpoint-url answered "
                      "status %ld with a body that is not a JSON object", j->svc->sdk,
                      j->operation, resp->status);
        return;
    }
    out->kind = TASK_RESULT;
    out->result = j->sdk ? result : aws_with_metadata(j, resp, result);
}

static bool aws_job_progress(void *self, task_answer *out)
{
    aws_job *j = self;
    if (!http_request_progress(j->req))
        return false;
    aws_answer(j, http_request_response(j->req), out);
    http_record_add(out, http_record_finish(j->record, http_request_response(j->req),
                                            &j->secrets, false));
    j->record = NULL;
    char source[300];
    snprintf(source, sizeof source, "--endpoint-url %s.%s", j->svc->sdk, j->operation);
    out->source = jv_xstrdup(source);
    return true;
}

static void aws_job_cancel(void *self)
{
    aws_job *j = self;
    http_request_cancel(j->req);
}

static void aws_job_free(void *self)
{
    aws_job *j = self;
    http_request_free(j->req);
    jv_unref(j->record);
    free(j);
}

static const task_job_ops aws_job_ops = {aws_job_fds, aws_job_deadline, aws_job_progress,
                                         aws_job_cancel, aws_job_free};

/* ---- the request ---- */

/* The service a task calls and whether through aws-sdk, or -1 when it is not one sent. */
static int aws_call_service(const aws_endpoint *e, const task_call *call, bool *sdk)
{
    const asl_resource_info *in = &call->info;
    int i = -1;
    if (in->kind == ASL_RESOURCE_SDK && in->service_len > 8) {
        *sdk = true;
        i = aws_service_index(in->service + 8, in->service_len - 8);   /* after "aws-sdk:" */
        if (i == (int)AWS_S3 || (i >= 0 && strlen(aws_services[i].sdk) != in->service_len - 8))
            i = -1;
    } else if (in->kind == ASL_RESOURCE_OPTIMIZED) {
        *sdk = false;
        i = aws_service_index(in->service, in->service_len);
        if (i == (int)AWS_S3 || (i >= 0 && (!aws_services[i].optimized ||
                       strlen(aws_services[i].optimized) != in->service_len)))
            i = -1;
    }
    if (i < 0 || !e->url[i] || in->pattern == ASL_PATTERN_SYNC ||
        in->pattern == ASL_PATTERN_SYNC2 || in->action_len == 0 || in->action_len >= 127)
        return -1;
    return i;
}

/* aws-sdk:s3 tasks, when S3 has an endpoint: S3's REST protocol. */
static task_answer_kind aws_endpoint_s3(const aws_endpoint *e, const task_call *call,
                                        task_answer *out)
{
    s3_endpoint_target t = {e->url[AWS_S3], e->region, e->key_id, e->secret, e->token};
    return s3_endpoint_start(&t, call, out);
}

task_answer_kind aws_endpoint_resolve(void *user, const task_call *call, task_answer *out)
{
    const aws_endpoint *e = user;
    if (e->url[AWS_S3] && s3_endpoint_handles(call))
        return aws_endpoint_s3(e, call, out);
    bool sdk = false;
    int i = aws_call_service(e, call, &sdk);
    if (i < 0)
        return TASK_NO_ANSWER;
    const aws_service *svc = &aws_services[i];
    aws_job *j = jv_xcalloc(1, sizeof *j);
    j->svc = svc;
    j->sdk = sdk;
    snprintf(j->operation, sizeof j->operation, "%.*s", (int)call->info.action_len,
             call->info.action);
    j->operation[0] = (char)toupper((unsigned char)j->operation[0]);
    snprintf(j->request_id, sizeof j->request_id, "00000000-0000-4000-8000-000000000000");
    if (call->random)
        rng_uuid(call->random, j->request_id);
    char target[200], type[64], sigv4[160];
    snprintf(target, sizeof target, "%s.%s", svc->target_prefix, j->operation);
    snprintf(type, sizeof type, "application/x-amz-json-%s", svc->json_version);
    snprintf(sigv4, sizeof sigv4, "aws:amz:%s:%s", e->region, svc->signing);
    http_header headers[3] = {{"X-Amz-Target", target}, {"Content-Type", type}};
    size_t nh = 2;
    if (e->token)
        headers[nh++] = (http_header){"X-Amz-Security-Token", e->token};
    char *body = jv_dump_string(call->input, 0);
    strbuf url;
    strbuf_init(&url, 0);
    strbuf_puts(&url, e->url[i]);
    if (!strchr(strchr(e->url[i], ':') + 3, '/'))
        strbuf_putc(&url, '/');
    long timeout = call->has_timeout ? call->timeout_seconds : AWS_ENDPOINT_TIMEOUT_S;
    http_request_spec spec = {
        .method = "POST", .url = strbuf_str(&url), .headers = headers, .nheaders = nh,
        .body = body, .body_len = strlen(body),
        .connect_timeout_ms = AWS_ENDPOINT_CONNECT_TIMEOUT_MS,
        .total_timeout_ms = (int64_t)timeout * 1000, .max_response = AWS_ENDPOINT_MAX_RESPONSE,
        .aws_sigv4 = sigv4, .aws_key_id = e->key_id, .aws_secret = e->secret,
    };
    j->req = http_request_start(&spec);
    http_secrets_add(&j->secrets, e->token);
    j->record = http_record_start(&spec, &j->secrets);
    strbuf_cleanup(&url);
    free(body);
    out->kind = TASK_IN_FLIGHT;
    out->job = (task_job){&aws_job_ops, j};
    return out->kind;
}
