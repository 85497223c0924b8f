/*
 * http_invoke — what the HTTP task (arn:aws:states:::http:invoke) sends and what it
 * answers, with no I/O: its parameters (ApiEndpoint, Method, Headers, QueryParameters,
 * RequestBody, Transform, Authentication / InvocationConfig ConnectionArn) become a
 * request, and a response becomes the task's result or error, as Step Functions shapes
 * them (docs/tasks.md, "The HTTP task"). src/http_task.c sends the request (http_client).
 *
 * Ownership: a http_invoke_request owns its strings (http_invoke_request_cleanup frees
 * them); the connection it points to belongs to the connections set.
 */
#ifndef SFDBG_HTTP_INVOKE_H
#define SFDBG_HTTP_INVOKE_H

#include <stdbool.h>
#include <stddef.h>

#include "connections.h"
#include "http_client.h"
#include "jv.h"
#include "strbuf.h"
#include "task.h"

#define HTTP_INVOKE_MAX_HEADERS 96   /* the task's (56), the connection's (32), ours */

typedef struct {
    char *method;
    strbuf url;                    /* ApiEndpoint with the query string */
    char *endpoint;                /* ApiEndpoint alone, for messages (no secret in it) */
    http_header headers[HTTP_INVOKE_MAX_HEADERS];   /* owned names and values */
    size_t nheaders;
    strbuf body;
    bool has_body;
    const connection *conn;        /* the connection, or NULL */
    char *conn_arn;                /* the ConnectionArn given, or NULL */
} http_invoke_request;

/* The request params (the effective Parameters/Arguments) describe. conns may be NULL (no
 * --connections: a ConnectionArn is then not applied). False with err set (States.Runtime,
 * the cause naming the state and the field) when they are not a request. */
bool http_invoke_build(const jv *params, const connections *conns, const char *state,
                       http_invoke_request *out, asl_error *err);
void http_invoke_request_cleanup(http_invoke_request *r);

/* Adds (or replaces, by name without case) a header; copies name and value. */
void http_invoke_set_header(http_invoke_request *r, const char *name, const char *value);

/* A finished request as the task's answer: a 2xx response is the result {Headers,
 * ResponseBody, StatusCode, StatusText}; another status is States.Http.StatusCode.NNN
 * (cause: the status text); no response is States.Http.Socket, or States.Timeout when
 * task_timeout says the request's time limit was the task's own TimeoutSeconds. */
void http_invoke_answer(const http_response *resp, const char *state, bool task_timeout,
                        task_answer *out);

#endif
