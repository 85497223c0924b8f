/*
 * http_record — what the debugger lists of each request sent to a real endpoint (the HTTP
 * task, --lambda-endpoint, --endpoint-url; DESIGN §3.2): an engine-neutral record, a JSON
 * object carried in the task's answer (task_answer.requests), so that the journal keeps it
 * and the Services tab shows it without the UI touching curl code:
 *
 *   {"Method", "URL", "Status" (0: no response), "StatusText", "Error" (no response: why),
 *    "Time" (when it was sent, UTC, the wall clock), "DurationMs",
 *    "Request": {"Headers": {NAME: value}, "Body"}, "Response": {"Headers", "Body"},
 *    "ChildState" (a child execution's request: the child's state that sent it, added when
 *    the parent's startExecution answer carries it: engine/services/sfn_requests.h)}
 *
 * Secrets are masked before anything is kept: the values of Authorization,
 * Proxy-Authorization, Cookie, Set-Cookie, X-Amz-Security-Token and X-Api-Key headers (and
 * the Authorization curl adds for SigV4 or Basic, shown as its scheme), a password in the
 * URL, and every occurrence of the secrets given (the AWS key id, secret and session token,
 * a connection's key value, password or client secret) wherever they appear: URL, headers,
 * bodies. A body is kept up to HTTP_RECORD_BODY_MAX bytes (then a note says how many more
 * there were); bytes that are not UTF-8 become U+FFFD.
 */
#ifndef SFDBG_HTTP_RECORD_H
#define SFDBG_HTTP_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "http_client.h"
#include "jv.h"
#include "task.h"

#define HTTP_RECORD_BODY_MAX (64u * 1024)
#define HTTP_RECORD_SECRETS 8
#define HTTP_RECORD_MASK "****"

/* The values to mask (borrowed; NULL and "" entries are skipped). */
typedef struct {
    const char *values[HTTP_RECORD_SECRETS];
    size_t n;
} http_secrets;

void http_secrets_add(http_secrets *s, const char *value);

/* The request's side, as the spec sends it (owned). spec's own secrets (aws_key_id,
 * aws_secret, basic_password) are masked too. */
jv *http_record_start(const http_request_spec *spec, const http_secrets *extra);
/* The whole record: start's (taken) with the response (or the failure); hide_body: the
 * response body is a secret as a whole (an OAuth token answer). */
jv *http_record_finish(jv *start, const http_response *resp, const http_secrets *extra,
                       bool hide_body);
/* Appends rec (taken) to the answer's requests. */
void http_record_add(task_answer *out, jv *rec);

#endif
