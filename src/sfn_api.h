/*
 * sfn_api — the Step Functions API's protocol (AWS JSON 1.0) in front of the registry
 * (serve_exec.h): the operation from X-Amz-Target ("AWSStepFunctions.<Operation>"), the
 * request body parsed and checked against the operation's input shape (botocore's
 * stepfunctions service model: member types, required members, length limits), the answer
 * as application/x-amz-json-1.0, and errors as {"__type": NAME, "message": TEXT} with HTTP
 * 400 (500 for none here: a C failure exits the program).
 *
 * Logging (stderr): SFN_LOG_INFO writes one line per request (operation, status, time);
 * SFN_LOG_DEBUG adds the request and response bodies, which may hold payloads and task
 * tokens, so only when asked.
 */
#ifndef SFDBG_SFN_API_H
#define SFDBG_SFN_API_H

#include "httpd.h"
#include "serve_exec.h"

typedef enum { SFN_LOG_WARN, SFN_LOG_INFO, SFN_LOG_DEBUG } sfn_log_level;

typedef struct {
    serve_registry *registry;
    sfn_log_level log;
} sfn_api;

/* The request checked as the API checks it (POST, X-Amz-Target, a JSON object body, the
 * operation's input shape): the body (caller unrefs) and the operation's name (static), or
 * NULL with e filled (op_name "?" when the operation is unknown). For --listen (listen.c). */
jv *sfn_api_parse(const httpd_request *req, const char **op_name, serve_error *e);
/* The answer: out (malloc'd JSON, taken) with 200, or NULL: e as {"__type", "message"}, 400. */
void sfn_api_answer(char *out, const serve_error *e, httpd_response *resp);

/* An httpd_handler; user is an sfn_api. */
void sfn_api_handle(void *user, const httpd_request *req, httpd_response *resp);

#endif
