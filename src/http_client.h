/*
 * http_client — the one module that owns libcurl: every curl handle the program makes is
 * made, driven and freed here, and no curl type leaves this file (STYLE: "libcurl
 * discipline in one module"). Anything that talks HTTP (the HTTP task, later
 * --lambda-endpoint, --endpoint-url, the send-task-* clients) describes a request with
 * http_request_spec and gets back an http_response: status, headers, body.
 *
 * A request never blocks the caller. http_request_start hands it to a curl multi handle
 * of its own and returns; the caller waits on http_request_fds (poll(2) events) until
 * http_request_deadline, then calls http_request_progress, which does what is ready and
 * returns true when the response (or the failure) is final. This is the shape of
 * engine/task.h's task_job, so a task resolver wraps a request in a job with no thread.
 * http_request_run does the whole wait itself, for command-line clients.
 *
 * Bounds, on every request: a connect timeout and a total timeout (both required; the
 * spec's zero means the defaults below), a response body limit (more ends the request
 * with HTTP_FAIL_TOO_BIG, without reading further), a redirect limit (0: redirects are
 * not followed; a 3xx is then the response), only http and https (also on redirects),
 * TLS peer and host verification always on. Response headers are bounded too (count and
 * size). CURLOPT_ERRORBUFFER is on every handle; the message lands in response.error.
 *
 * AWS SigV4: when spec.aws_sigv4 is set ("aws:amz:REGION:SERVICE"), libcurl signs the
 * request (CURLOPT_AWS_SIGV4) with spec.aws_key_id / aws_secret (and the session token,
 * sent as X-Amz-Security-Token, which the caller adds as a header). The secret is handed
 * to curl only; nothing here prints it. basic_user / basic_password likewise make curl
 * send HTTP Basic authorization (when aws_sigv4 is not set).
 *
 * Ownership: the spec is copied at start (strings, headers, body), so the caller's may go
 * at once. The response belongs to the request and is valid until http_request_free.
 * curl_global_init: http_client_global_init, once, from main (tests call it too).
 */
#ifndef SFDBG_HTTP_CLIENT_H
#define SFDBG_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"
#include "task.h"

#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS 10000
#define HTTP_DEFAULT_TOTAL_TIMEOUT_MS 60000
#define HTTP_DEFAULT_MAX_RESPONSE (6u * 1024 * 1024)
#define HTTP_MAX_HEADERS 200               /* response headers kept; more are dropped */
#define HTTP_MAX_HEADER_BYTES (64u * 1024) /* all response header lines together */

typedef struct {
    const char *name;
    const char *value;
} http_header;

typedef struct {
    const char *method;            /* "GET", "POST", ...; HEAD asks for no body */
    const char *url;               /* http:// or https:// */
    const http_header *headers;    /* sent as given; a NULL value drops one curl adds itself */
    size_t nheaders;
    const char *body;              /* NULL: no body */
    size_t body_len;
    int64_t connect_timeout_ms;    /* 0: HTTP_DEFAULT_CONNECT_TIMEOUT_MS */
    int64_t total_timeout_ms;      /* 0: HTTP_DEFAULT_TOTAL_TIMEOUT_MS */
    size_t max_response;           /* body bytes; 0: HTTP_DEFAULT_MAX_RESPONSE */
    long max_redirects;            /* 0: none followed */
    bool path_as_is;               /* send the path's "." and ".." segments as they are
                                      (an S3 key), not resolved */
    const char *aws_sigv4;         /* NULL, or "aws:amz:REGION:SERVICE" */
    const char *aws_key_id, *aws_secret;
    const char *basic_user, *basic_password;   /* non-NULL: HTTP Basic authorization */
} http_request_spec;

typedef enum {
    HTTP_OK,             /* a response came: status, headers, body */
    HTTP_FAIL_TIMEOUT,   /* the connect or total timeout passed */
    HTTP_FAIL_CONNECT,   /* name resolution, connection refused/reset, a socket error */
    HTTP_FAIL_TLS,       /* the certificate or the TLS handshake failed */
    HTTP_FAIL_TOO_BIG,   /* the body passed max_response */
    HTTP_FAIL_REDIRECTS, /* more redirects than max_redirects (max_redirects > 0) */
    HTTP_FAIL_BAD_URL,   /* not an http(s) URL, or malformed */
    HTTP_FAIL_CANCELLED, /* http_request_cancel */
    HTTP_FAIL_OTHER      /* anything else curl reports */
} http_fail;

typedef struct {
    http_fail fail;
    long status;                   /* HTTP status (0 when no response came) */
    char status_text[128];         /* the reason phrase of the status line ("OK") */
    http_header *headers;          /* of the final response, in order, names as sent */
    size_t nheaders;
    strbuf body;
    char error[600];               /* fail != HTTP_OK: what went wrong, for a cause:
                                      "timeout: Operation timed out after ..." (the
                                      failure's short name, then the detail) */
    int64_t elapsed_ms;            /* from start to the end */
} http_response;

typedef struct http_request http_request;

/* Once per process, before any request (curl_global_init). Returns false when libcurl
 * cannot start (then every request fails with HTTP_FAIL_OTHER). */
bool http_client_global_init(void);
void http_client_global_cleanup(void);

/* Never NULL. A request that cannot start (bad URL, curl refuses an option) is over at
 * once with its failure set. */
http_request *http_request_start(const http_request_spec *spec);
/* The sockets to wait on (at most max written; 8 suffice); may be 0 between phases, when
 * only the deadline matters. */
size_t http_request_fds(const http_request *r, task_wait_fd *out, size_t max);
/* When to call http_request_progress at the latest (timeutil_monotonic_ms's clock). */
int64_t http_request_deadline(const http_request *r);
/* Does what is ready without blocking; true when the response is final. */
bool http_request_progress(http_request *r);
const http_response *http_request_response(const http_request *r);
/* Stops at once (the connection is closed); the response says HTTP_FAIL_CANCELLED. */
void http_request_cancel(http_request *r);
void http_request_free(http_request *r);

/* Starts the request and waits (poll) until it is over; the caller frees it. */
http_request *http_request_run(const http_request_spec *spec);

/* The first header named name (case-insensitive), or NULL. */
const char *http_response_header(const http_response *resp, const char *name);

/* A short name for a failure ("timeout", "connection failed", ...). */
const char *http_fail_name(http_fail f);

#endif
