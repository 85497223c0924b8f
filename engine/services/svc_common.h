/*
 * svc_common — what the embedded services' answers share: request ids drawn from the
 * execution's random stream (so --seed reproduces them), the HTTP date of the virtual
 * clock, CRC-32, and what the SdkHttpMetadata members the optimized integrations' results
 * carry hold (svc_http; svc_meta.h builds them).
 */
#ifndef SFDBG_SERVICES_SVC_COMMON_H
#define SFDBG_SERVICES_SVC_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jv.h"
#include "task.h"

/* CRC-32 (IEEE, as zlib computes it). */
uint32_t svc_crc32(const char *data, size_t len);
/* n random characters of [A-Z0-9] and a NUL into out (n + 1 bytes). */
void svc_request_id(const task_call *call, char *out, size_t n);
/* A UUID (version 4) from the execution's random stream (zeros without one). */
void svc_uuid(const task_call *call, char out[37]);
/* "2026-12-03T05:26:13.000Z" for ms (clamped to the years 0000-9999). */
void svc_iso_time(int64_t ms, char *out, size_t n);
/* The name at the end of an ARN ("arn:aws:sns:us-east-1:123456789012:NAME" -> NAME), or
 * NULL when arn has not the six parts of an ARN (or its last is empty). */
const char *svc_arn_name(const char *arn);
/* "Thu, 03 Dec 2026 05:26:13 GMT" for ms. */
void svc_http_date(int64_t ms, char *out, size_t n);

/* The task's parameter name (NULL when absent or the input is no object; borrowed). */
const jv *svc_param(const task_call *call, const char *name);
/* The first parameter not in allowed (a NULL-ended list), or NULL when there is none. */
const char *svc_unknown_param(const task_call *call, const char *const *allowed);

/* One action a service answers: its name as the Resource spells it, the service's own
 * code for it, and whether only the aws-sdk form has it. */
typedef struct {
    const char *name;
    int action;
    bool sdk_only;
} svc_action;

/* The action of a Resource for the optimized service opt ("sqs") or the aws-sdk one sdk
 * ("aws-sdk:sqs"), from table (n entries); *sdk says which. unknown when neither. */
int svc_action_find(const asl_resource_info *info, const char *opt, const char *sdk_service,
                    const svc_action *table, size_t n, bool *sdk, int unknown);

/* How a service's errors are named: the optimized integration's (SDK v1: "SQS.",
 * "(Service: AmazonSQS; ...)", the generic "AmazonSQSException") and the aws-sdk one's
 * (SDK v2: "Sqs.", "(Service: Sqs, ...)", the generic "SqsException"). */
typedef struct {
    const char *v1_prefix, *v1_service, *v1_generic;
    const char *v2_prefix, *v2_service, *v2_generic;
} svc_names;

/* Fills out with the error AWS's SDK reports: NAME.EXCEPTION (the generic exception when
 * exception is NULL) and the message followed by the SDK's suffix with status, code
 * (v1 only) and request id. Returns TASK_ERROR. */
task_answer_kind svc_fail(task_answer *out, const svc_names *names, bool sdk,
                          const char *exception, int status, const char *code,
                          const char *request_id, const char *message);

typedef struct {
    const char *content_type;   /* "application/x-amz-json-1.0" */
    const char *request_id;
    const char *request_id_header;   /* "x-amzn-RequestId" */
    size_t content_length;
    bool crc32;                 /* DynamoDB sends x-amz-crc32 (of the body) */
    uint32_t crc;
    bool server;                /* a "Server: Server" header (DynamoDB) */
    const char *connection_header;   /* "Connection" or "connection" */
} svc_http;   /* what svc_with_metadata (svc_meta.h) puts in SdkHttpMetadata */

#endif
