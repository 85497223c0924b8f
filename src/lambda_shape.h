/*
 * lambda_shape — what Lambda tasks have in common, however they are answered (a local
 * handler, src/handlers.c; a Lambda-compatible endpoint, src/lambda_remote.c): which
 * function a task calls, and the optimized integration's result around a payload.
 */
#ifndef SFDBG_LAMBDA_SHAPE_H
#define SFDBG_LAMBDA_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http_client.h"
#include "jv.h"
#include "task.h"

/* "name", "name:alias", "arn:aws:lambda:r:a:function:name[:q]" -> "name" */
void lambda_function_name(const char *ref, char *out, size_t n);

/* arn:aws:states:::lambda:invoke (any pattern). */
bool lambda_is_invoke(const task_call *call);

/* The function a Lambda ARN Resource or lambda:invoke's FunctionName names, written into
 * out; false when the task is neither (or names none). */
bool lambda_call_function(const task_call *call, char *out, size_t n);

/* {AllHttpHeaders: {name: [values]}, HttpHeaders: {name: last value}, HttpStatusCode}. */
jv *sdk_http_metadata(const http_header *headers, size_t nheaders, long status);

/* lambda:invoke's result as Step Functions shapes it: {ExecutedVersion, Payload (borrowed,
 * a reference is taken), SdkHttpMetadata {AllHttpHeaders (lists), HttpHeaders (last value),
 * HttpStatusCode}, SdkResponseMetadata {RequestId}, StatusCode}. */
jv *lambda_invoke_result(const jv *payload, const http_header *headers, size_t nheaders,
                         long status, const char *executed_version, const char *request_id);

/* lambda:invoke's result for a function answered on this machine (a handler program, the
 * conformance corpus's functions): the headers Lambda sends, dated now_ms, with a request id
 * from the execution's random stream (NULL: a fixed one). */
jv *lambda_local_invoke_result(const jv *payload, int64_t now_ms, struct rng_state *random);

/* A function's unhandled error as Lambda reports it, the task's Cause:
 * {errorMessage, errorType, requestId (from random, or a fixed one), stackTrace (a reference
 * is taken; NULL: [])}. */
jv *lambda_error_cause(const char *type, const char *message, const jv *stack_trace,
                       struct rng_state *random);

/* The Cause's text as AWS records it: a Lambda ARN Resource passes on the function's error
 * as the Python runtime wrote it (json.dumps: ", " and ": ", non-ASCII as \uXXXX);
 * lambda:invoke re-serializes it compactly (the corpus's test_task_lambda and
 * test_task_service_lambda recordings of the same function). Caller frees. */
char *lambda_error_cause_text(const jv *cause, bool lambda_invoke);

#endif
