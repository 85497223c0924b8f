/*
 * http_task — answers the HTTP task (arn:aws:states:::http:invoke) by calling its
 * ApiEndpoint for real (DESIGN §3 item 3, docs/tasks.md "The HTTP task"): http_invoke.c
 * turns the parameters into a request and the response into the answer; http_client.c
 * sends it. The resolver never waits: it starts the request and answers TASK_IN_FLIGHT
 * with a task_job on the request's sockets, which the caller drives (src/taskwait.c
 * headless, the debugger's loop). A connection with OAuth first fetches a token
 * (client credentials) from its AuthorizationEndpoint, in the same job.
 *
 * Bounds: the request's time limit is the task's TimeoutSeconds when it is under 60 s
 * (passing it is States.Timeout), else 60 s, as on AWS (States.Http.Socket); the connect
 * timeout is 10 s at most; a response body over 10 MiB, more than 5 redirects, a TLS
 * failure are States.Http.Socket.
 *
 * Secrets (the connection's key, password, client secret, the OAuth token) reach curl
 * only: the answer's source names the method and the ApiEndpoint without its query.
 */
#ifndef SFDBG_HTTP_TASK_H
#define SFDBG_HTTP_TASK_H

#include "connections.h"
#include "task.h"

#define HTTP_TASK_MAX_RESPONSE (10u * 1024 * 1024)
#define HTTP_TASK_MAX_REDIRECTS 5
#define HTTP_TASK_TIMEOUT_S 60
#define HTTP_TASK_CONNECT_TIMEOUT_MS 10000

/* A task_resolver function; user: the connections (const connections *, may be NULL). */
task_answer_kind http_task_resolve(void *user, const task_call *call, task_answer *out);

#endif
