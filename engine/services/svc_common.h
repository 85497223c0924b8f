/*
 * svc_common — what the embedded services' answers share: request ids drawn from the
 * execution's random stream (so --seed reproduces them), the HTTP date of the virtual
 * clock, CRC-32, and the SdkHttpMetadata / SdkResponseMetadata members the optimized
 * integrations' results carry, as AWS's SDK (v1) fills them.
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
/* "Thu, 03 Dec 2026 05:26:13 GMT" for ms. */
void svc_http_date(int64_t ms, char *out, size_t n);

typedef struct {
    const char *content_type;   /* "application/x-amz-json-1.0" */
    const char *request_id;
    const char *request_id_header;   /* "x-amzn-RequestId" */
    size_t content_length;
    bool crc32;                 /* DynamoDB sends x-amz-crc32 (of the body) */
    uint32_t crc;
    bool server;                /* a "Server: Server" header (DynamoDB) */
    const char *connection_header;   /* "Connection" or "connection" */
} svc_http;

/* result with SdkHttpMetadata and SdkResponseMetadata added (result consumed). */
jv *svc_with_metadata(jv *result, const svc_http *h, int64_t now_ms);

#endif
