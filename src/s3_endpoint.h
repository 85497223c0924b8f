/*
 * s3_endpoint — aws-sdk:s3 tasks sent to an S3-compatible endpoint (s3rver, MinIO,
 * LocalStack, a real region) when `--endpoint-url URL` or `--endpoint-url s3=URL` is given
 * (aws_endpoint.h parses the option and owns the credentials): getObject, headObject,
 * putObject, deleteObject, listObjectsV2 and listObjects as S3's REST API has them,
 * path-style (URL/BUCKET/KEY, since a local server has no per-bucket host names),
 * SigV4-signed by libcurl for service "s3" with the body's SHA-256 in
 * x-amz-content-sha256 (docs/services.md, "Real endpoints"). A put sends what S3 keeps of
 * it as its headers (Content-Type, Cache-Control, ..., x-amz-meta-*), checked first by
 * services/s3_attrs.h as the SDK checks them.
 *
 * The results have the shapes the embedded S3 gives (services/s3.h): Body as text, the
 * ETag quoted, LastModified as "2024-01-02T03:04:05Z", ContentLength, ContentType,
 * Metadata and the other kept attributes; ListObjectsV2's Contents / CommonPrefixes / KeyCount / IsTruncated /
 * NextContinuationToken, read from the XML answer with xmldoc.h. Members come from what
 * the endpoint answers: a header it does not send (x-amz-server-side-encryption) gives no
 * member. An error answer (<Error><Code>NoSuchKey</Code>...) fails the task as Step
 * Functions names it: S3.NoSuchKeyException for the codes S3's model declares as
 * exceptions, S3.S3Exception for any other, with the SDK's cause "MESSAGE (Service: S3,
 * Status Code: 404, Request ID: ..., Extended Request ID: ...)"; no answer is
 * S3.SdkClientException, none within the task's timeout States.Timeout.
 *
 * Requests are bounded as the other endpoint calls (10 s to connect, the task's
 * TimeoutSeconds or 60 s, a 16 MiB answer) and never block the caller (a task_job).
 * Credentials are borrowed from the target and reach curl only.
 */
#ifndef SFDBG_S3_ENDPOINT_H
#define SFDBG_S3_ENDPOINT_H

#include <stdbool.h>

#include "task.h"

/* Where and how to send (all borrowed; token may be NULL). */
typedef struct {
    const char *url;
    const char *region;
    const char *key_id, *secret, *token;
} s3_endpoint_target;

/* Whether call is an aws-sdk:s3 action this module sends. */
bool s3_endpoint_handles(const task_call *call);

/* Starts the request (TASK_IN_FLIGHT), or fails the task at once (TASK_ERROR: a required
 * parameter missing, as the SDK refuses it before sending). */
task_answer_kind s3_endpoint_start(const s3_endpoint_target *t, const task_call *call,
                                   task_answer *out);

#endif
