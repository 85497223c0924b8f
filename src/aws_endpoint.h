/*
 * aws_endpoint — `--endpoint-url URL` (all services) or `--endpoint-url SERVICE=URL` (one):
 * aws-sdk:* tasks and the optimized request-response integrations of the services that
 * speak the AWS JSON protocol (DynamoDB, SQS, Step Functions, EventBridge, Secrets Manager,
 * SSM, Kinesis, KMS) call an AWS-compatible endpoint (dynalite, LocalStack, a real region)
 * as the AWS SDKs do: POST /, X-Amz-Target PREFIX.Operation, Content-Type
 * application/x-amz-json-1.0 or 1.1, the parameters as the body, signed with SigV4 by
 * libcurl (CURLOPT_AWS_SIGV4) from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN (docs/services.md, "Real endpoints").
 *
 * The answer: aws-sdk tasks get the response as it is; optimized ones get it with
 * SdkHttpMetadata and SdkResponseMetadata, as Step Functions adds them. An error response
 * is SERVICE.Code — the aws-sdk form ("DynamoDb.ResourceNotFoundException") or the
 * optimized one ("DynamoDB.ResourceNotFoundException") — with the SDK's cause
 * ("message (Service: ..., Status Code: 400, Error Code: ..., Request ID: ...)"). .sync
 * integrations are not sent (the next resolver answers them).
 *
 * Credentials are copied at aws_endpoint_new and handed to curl only: never printed, never
 * in an answer; freed memory is cleared.
 */
#ifndef SFDBG_AWS_ENDPOINT_H
#define SFDBG_AWS_ENDPOINT_H

#include <stddef.h>

#include "task.h"

#define AWS_ENDPOINT_MAX 16

typedef struct aws_endpoint aws_endpoint;

/* specs: the --endpoint-url values ("URL" or "SERVICE=URL"); region signs the requests.
 * NULL with err saying what is wrong (a bad URL, an unknown service, missing credentials). */
aws_endpoint *aws_endpoint_new(const char *const *specs, size_t n, const char *region,
                               char *err, size_t errlen);
void aws_endpoint_free(aws_endpoint *e);

/* A task_resolver function (user: aws_endpoint *). */
task_answer_kind aws_endpoint_resolve(void *user, const task_call *call, task_answer *out);

#endif
