/*
 * s3 — the aws-sdk:s3 Task integrations answered from the S3 store (objstore.h):
 * getObject, putObject, headObject, deleteObject, listObjectsV2 and listObjects, with the
 * result shapes and error names a Step Functions execution sees (docs/services.md): Body
 * as text, the ETag quoted, LastModified as "2024-01-02T03:04:05Z", ListObjectsV2's
 * Contents / CommonPrefixes / KeyCount / IsTruncated / NextContinuationToken; a missing key
 * fails with S3.NoSuchKeyException and a missing bucket with S3.NoSuchBucketException,
 * with AWS's causes (the request ids drawn from the execution's random stream, so --seed
 * reproduces them).
 *
 * The resolver sits after the mock config and the handler map (DESIGN §3): a mock that
 * answers the task wins. Other aws-sdk:s3 actions and every other Resource get
 * TASK_NO_ANSWER. The store is borrowed and must outlive the executions that use it.
 */
#ifndef SFDBG_SERVICES_S3_H
#define SFDBG_SERVICES_S3_H

#include "objstore.h"
#include "task.h"

/* The largest object getObject returns (the payload limit applies after it). */
#define S3_SERVICE_BODY_MAX (64u * 1024 * 1024)

/* task_resolve_fn; user is the objstore *. */
task_answer_kind s3_service_resolve(void *user, const task_call *call, task_answer *out);

#endif
