/*
 * s3_answer — an S3 REST answer (status, headers, XML body) as the result or the error a
 * Step Functions aws-sdk:s3 task sees, in the shapes of the embedded S3 (services/s3.h):
 * see s3_endpoint.h for the members and the error names. No I/O: the caller hands in the
 * response. Unit-tested on recorded and hostile answers (tests/unit/test_s3_answer.c).
 */
#ifndef SFDBG_S3_ANSWER_H
#define SFDBG_S3_ANSWER_H

#include "http_client.h"
#include "task.h"

typedef enum {
    S3_OP_GET, S3_OP_HEAD, S3_OP_PUT, S3_OP_DELETE, S3_OP_LIST_V2, S3_OP_LIST_V1
} s3_op;

/* An answer that came (resp->fail == HTTP_OK): out gets TASK_RESULT (result owned by out)
 * or TASK_ERROR. A 2xx answer whose XML cannot be read fails with S3.SdkClientException,
 * saying why. */
void s3_answer_of(s3_op op, const http_response *resp, task_answer *out);

/* An HTTP date ("Tue, 02 Jan 2024 03:04:05 GMT") or an ISO one ("2024-01-02T03:04:05.000Z")
 * as the SDK's timestamps print: "2024-01-02T03:04:05Z". False when it is neither. */
bool s3_answer_timestamp(const char *text, char out[21]);

#endif
