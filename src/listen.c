/* listen — the debugger's own execution served over HTTP (`--listen`). See listen.h. */
#include "listen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "httpd.h"
#include "jv_text.h"
#include "listen_queue.h"
#include "serve_exec.h"
#include "sfn_api.h"

#define LISTEN_MAX_BODY (2u << 20)
#define LISTEN_MAX_CONNECTIONS 32
#define LISTEN_MAX_WAITING 32
#define LISTEN_ANSWER_TIMEOUT_MS 10000    /* the UI thread is away ($EDITOR): try again */

struct listen_server {
    char host[64];
    unsigned port;
    listen_queue *q;
    httpd *d;
};

bool listen_parse_address(const char *spec, char *host, size_t hostlen, unsigned *port,
                          char *err, size_t errlen)
{
    const char *colon = strrchr(spec, ':'), *p = colon ? colon + 1 : spec;
    size_t hl = colon ? (size_t)(colon - spec) : 0;
    char *end;
    errno = 0;
    unsigned long n = strtoul(p, &end, 10);
    if (!*p || *end || errno || n > 65535 || *p == '-' || *p == '+') {
        snprintf(err, errlen, "--listen: '%s' is not [HOST:]PORT (PORT 0..65535)", spec);
        return false;
    }
    if (colon && (hl == 0 || hl >= hostlen)) {
        snprintf(err, errlen, "--listen: '%s': the host before ':' is %s", spec,
                 hl ? "too long" : "empty");
        return false;
    }
    if (colon)
        snprintf(host, hostlen, "%.*s", (int)hl, spec);
    else
        snprintf(host, hostlen, "127.0.0.1");
    *port = (unsigned)n;
    return true;
}

static bool listen_op_served(const char *op)
{
    static const char *const ops[] = {"SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat",
                                      "DescribeExecution", "GetExecutionHistory"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(op, ops[i]))
            return true;
    return false;
}

/* HTTP thread: checked, queued, answered by the UI thread. */
static void listen_handle(void *user, const httpd_request *req, httpd_response *resp)
{
    listen_server *s = user;
    serve_error e = {.type = NULL};
    const char *op;
    listen_item it = {.op = NULL};
    char *out = NULL;
    jv *body = sfn_api_parse(req, &op, &e);
    if (body && !listen_op_served(op)) {
        serve_fail(&e, "UnknownOperationException", "a debugger started with --listen serves "
                   "SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat, DescribeExecution and "
                   "GetExecutionHistory for its own execution, not %s (sfdbg serve has the "
                   "whole API)", op);
    } else if (body) {
        it.op = op;
        it.body = body;
        listen_queue_post(s->q, &it);
        if (!(out = it.answer))
            serve_fail(&e, it.error_type, "%s", it.error_message);
    }
    sfn_api_answer(out, &e, resp);
    jv_unref(body);
}

/* ---- the UI thread's side ---- */

static const char *listen_ctx_string(const jv *ctx, const char *obj, const char *key)
{
    const jv *o = jv_object_get(ctx, obj);
    const jv *v = o ? jv_object_get(o, key) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : "";
}

static bool listen_own_execution(const sfn_exec *ex, const jv *body, serve_error *e)
{
    const char *arn = serve_req_string(body, "executionArn");
    if (arn && !strcmp(arn, exec_execution_arn(ex)))
        return true;
    serve_fail(e, "ExecutionDoesNotExist", "Execution Does Not Exist: '%s' (this debugger "
               "serves only its own execution, %s)", arn ? arn : "", exec_execution_arn(ex));
    return false;
}

static char *listen_describe(const debugger_remote_calls *c, const jv *body, serve_error *e)
{
    const sfn_exec *ex = c->exec(c->ctx);
    if (!listen_own_execution(ex, body, e))
        return NULL;
    jv *ctx = c->context(c->ctx);
    const jv *exo = jv_object_get(ctx, "Execution");
    const jv *input = exo ? jv_object_get(exo, "Input") : NULL;
    char *input_text = input ? jv_dump_string(input, 0) : jv_xstrdup("{}");
    char *out = serve_view_execution_of(ex, listen_ctx_string(ctx, "StateMachine", "Id"),
                                        listen_ctx_string(ctx, "Execution", "Name"),
                                        input_text, false, body);
    free(input_text);
    jv_unref(ctx);
    return out;
}

static char *listen_send(const debugger_remote_calls *c, debugger_send_kind k, const jv *body,
                         serve_error *e)
{
    char err[1024] = "";
    const char *x = serve_req_string(body, k == DEBUGGER_SEND_SUCCESS ? "output" : "error");
    const char *y = k == DEBUGGER_SEND_FAILURE ? serve_req_string(body, "cause") : NULL;
    exec_send_status st = c->send(c->ctx, k, serve_req_string(body, "taskToken"), x, y, err,
                                  sizeof err);
    if (st == EXEC_SEND_OK)
        return jv_xstrdup("{}");
    if (st == EXEC_SEND_INVALID_TOKEN)
        snprintf(err, sizeof err, "Invalid Token: no task of this debugger's execution was "
                 "given this token");
    return serve_fail(e, serve_send_error_name(st), "%s", err);
}

static char *listen_run(const char *op, const jv *body, const debugger_remote_calls *c,
                        serve_error *e)
{
    if (!strcmp(op, "DescribeExecution"))
        return listen_describe(c, body, e);
    if (!strcmp(op, "GetExecutionHistory")) {
        const sfn_exec *ex = c->exec(c->ctx);
        return listen_own_execution(ex, body, e) ? serve_view_history_of(ex, 0, body, e) : NULL;
    }
    debugger_send_kind k = !strcmp(op, "SendTaskSuccess")   ? DEBUGGER_SEND_SUCCESS
                           : !strcmp(op, "SendTaskFailure") ? DEBUGGER_SEND_FAILURE
                                                            : DEBUGGER_SEND_HEARTBEAT;
    return listen_send(c, k, body, e);
}

static void listen_serve(void *user, const debugger_remote_calls *c)
{
    listen_server *s = user;
    listen_item *it;
    while ((it = listen_queue_take(s->q))) {
        serve_error e = {.type = NULL};
        it->answer = listen_run(it->op, it->body, c, &e);
        if (!it->answer) {
            snprintf(it->error_type, sizeof it->error_type, "%s", e.type);
            snprintf(it->error_message, sizeof it->error_message, "%s", e.message);
        }
        listen_queue_done(s->q, it);
    }
}

/* ---- lifetime ---- */

listen_server *listen_start(const char *spec, char *err, size_t errlen)
{
    listen_server *s = jv_xcalloc(1, sizeof *s);
    if (!listen_parse_address(spec, s->host, sizeof s->host, &s->port, err, errlen)) {
        free(s);
        return NULL;
    }
    if (!(s->q = listen_queue_new(LISTEN_MAX_WAITING, LISTEN_ANSWER_TIMEOUT_MS))) {
        snprintf(err, errlen, "--listen: cannot make a pipe: %s", strerror(errno));
        free(s);
        return NULL;
    }
    httpd_config hc = {s->host, s->port, LISTEN_MAX_BODY, LISTEN_MAX_CONNECTIONS, 60};
    char herr[512];
    if (!(s->d = httpd_start(&hc, listen_handle, s, herr, sizeof herr))) {
        snprintf(err, errlen, "--listen %s: %s", spec, herr);
        listen_queue_free(s->q);
        free(s);
        return NULL;
    }
    s->port = httpd_port(s->d);
    return s;
}

bool listen_loopback(const listen_server *s) { return !strncmp(s->host, "127.", 4); }

void listen_remote(listen_server *s, debugger_remote *out, char *note, size_t notelen)
{
    if (listen_loopback(s))
        snprintf(note, notelen, "listening on http://%s:%u: SendTaskSuccess/Failure from "
                 "another process answer the tokens here", s->host, s->port);
    else
        snprintf(note, notelen, "warning: listening on http://%s:%u, not a loopback address: "
                 "anyone who can reach it can answer this debugger's tasks", s->host, s->port);
    *out = (debugger_remote){true, listen_queue_fd(s->q), listen_serve, s, note};
}

void listen_stop(listen_server *s)
{
    if (!s)
        return;
    listen_queue_close(s->q);
    httpd_stop(s->d);
    listen_queue_free(s->q);
    free(s);
}
