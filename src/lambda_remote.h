/*
 * lambda_remote — `--lambda-endpoint URL`: lambda:invoke and Lambda ARN tasks call a
 * Lambda-compatible Invoke API (SAM local, the Lambda runtime interface emulator, a
 * Lambda emulator) at POST URL/2015-03-31/functions/NAME/invocations (docs/tasks.md,
 * "--lambda-endpoint"). The payload is lambda:invoke's Parameters.Payload (or the
 * effective input for a Lambda ARN); the answer is shaped as Step Functions shapes it:
 * the optimized integration's {ExecutedVersion, Payload, SdkHttpMetadata,
 * SdkResponseMetadata, StatusCode} for lambda:invoke, the payload itself for a Lambda ARN.
 * A function error (X-Amz-Function-Error) fails the task with the payload's errorType
 * (Lambda.Unknown without one) and the payload as cause; an API error (404 ...) with
 * Lambda.<ErrorCode>; no answer with Lambda.SdkClientException, or States.Timeout at the
 * task's TimeoutSeconds (60 s when it has none).
 *
 * Asynchronous as the HTTP task: the resolver answers TASK_IN_FLIGHT with a job on the
 * http_client request.
 */
#ifndef SFDBG_LAMBDA_REMOTE_H
#define SFDBG_LAMBDA_REMOTE_H

#include "task.h"

typedef struct lambda_remote lambda_remote;

/* endpoint: an http:// or https:// URL (checked by the option parser); copied. */
lambda_remote *lambda_remote_new(const char *endpoint);
void lambda_remote_free(lambda_remote *l);

/* A task_resolver function (user: lambda_remote *). */
task_answer_kind lambda_remote_resolve(void *user, const task_call *call, task_answer *out);

#endif
