/* listen — the debugger's own execution served over HTTP (`--listen`). See listen.h. */
#include "listen.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "httpd.h"
#include "jv_text.h"
#include "listen_queue.h"
#include "serve_exec.h"
#include "sfn_api.h"
#include "timeutil.h"

#define LISTEN_MAX_BODY (2u << 20)
#define LISTEN_MAX_CONNECTIONS 32
#define LISTEN_MAX_WAITING 32
#define LISTEN_ANSWER_TIMEOUT_MS 10000    /* the UI thread is away ($EDITOR): try again */
/* GetActivityTask: AWS holds a poll 60 s; the UI thread is asked again this often */
#define LISTEN_POLL_MS 60000
#define LISTEN_POLL_EVERY_MS 50
#define LISTEN_MAX_POLLERS (LISTEN_MAX_CONNECTIONS / 2)

struct listen_server {
    char host[64];
    unsigned port;
    listen_queue *q;
    httpd *d;
    pthread_mutex_t mu;
    size_t npollers;                     /* GetActivityTask calls waiting at once */
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
                                      "DescribeExecution", "GetExecutionHistory",
                                      "GetActivityTask"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(op, ops[i]))
            return true;
    return false;
}

/* HTTP thread: the request to the UI thread and its answer back; NULL with e filled. */
static char *listen_ask(listen_server *s, const char *op, const jv *body, serve_error *e)
{
    listen_item it = {.op = op, .body = body};
    listen_queue_post(s->q, &it);
    if (!it.answer) {
        /* `it` ends with this call: the name is kept in e, not pointed to in it */
        snprintf(e->type_text, sizeof e->type_text, "%s", it.error_type);
        serve_fail(e, e->type_text, "%s", it.error_message);
    }
    return it.answer;
}

/* GetActivityTask's long poll: the UI thread is asked again and again (it never waits);
 * "{}" from it means no task of the activity waits for a worker yet. */
static char *listen_poll(listen_server *s, const jv *body, serve_error *e)
{
    pthread_mutex_lock(&s->mu);
    bool room = s->npollers < LISTEN_MAX_POLLERS;
    s->npollers += room;
    pthread_mutex_unlock(&s->mu);
    if (!room)
        return serve_fail(e, "ActivityWorkerLimitExceeded", "Activity Worker Limit Exceeded: "
                          "%d GetActivityTask calls are waiting already", LISTEN_MAX_POLLERS);
    int64_t until = timeutil_monotonic_ms() + LISTEN_POLL_MS;
    char *out;
    while ((out = listen_ask(s, "GetActivityTask", body, e)) && !strcmp(out, "{}") &&
           timeutil_monotonic_ms() < until) {
        free(out);
        nanosleep(&(struct timespec){0, LISTEN_POLL_EVERY_MS * 1000000L}, NULL);
    }
    pthread_mutex_lock(&s->mu);
    s->npollers--;
    pthread_mutex_unlock(&s->mu);
    return out;
}

/* HTTP thread: checked, queued, answered by the UI thread. */
static void listen_handle(void *user, const httpd_request *req, httpd_response *resp)
{
    listen_server *s = user;
    serve_error e = {.type = NULL};
    const char *op;
    char *out = NULL;
    jv *body = sfn_api_parse(req, &op, &e);
    if (body && !listen_op_served(op))
        serve_fail(&e, "UnknownOperationException", "a debugger started with --listen serves "
                   "SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat, DescribeExecution, "
                   "GetExecutionHistory and GetActivityTask for its own execution, not %s "
                   "(sfdbg serve has the whole API)", op);
    else if (body && !strcmp(op, "GetActivityTask"))
        out = listen_poll(s, body, &e);
    else if (body)
        out = listen_ask(s, op, body, &e);
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

/* The waiting task of the activity, if a worker may take it: {taskToken, input}; "{}"
 * when none waits (the HTTP thread asks again). Every activity ARN names an activity here
 * (listen_activities): the debugger has no CreateActivity. */
static char *listen_activity(const debugger_remote_calls *c, const jv *body, serve_error *e)
{
    const char *arn = serve_req_string(body, "activityArn");
    if (strncmp(arn, "arn:", 4) != 0)
        return serve_fail(e, "InvalidArn", "Invalid Arn: '%s'", arn);
    const sfn_exec *ex = c->exec(c->ctx);
    const exec_pending_task *p = exec_pending(ex);
    const exec_event *ev = serve_scheduled_event(ex, p);
    char token[128];
    snprintf(token, sizeof token, "%s", p ? p->token : "");
    if (!ev || !c->take_activity(c->ctx, arn, serve_req_string(body, "workerName")))
        return jv_xstrdup("{}");
    char *input = jv_dump_string(ev->data ? ev->data : jv_null(), 0);
    jv *o = jv_object_set_take(jv_object(), "taskToken", jv_string(token));
    o = jv_object_set_take(o, "input", jv_string(input));
    free(input);
    char *out = jv_dump_string(o, 0);
    jv_unref(o);
    return out;
}

static char *listen_run(const char *op, const jv *body, const debugger_remote_calls *c,
                        serve_error *e)
{
    if (!strcmp(op, "GetActivityTask"))
        return listen_activity(c, body, e);
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
    pthread_mutex_init(&s->mu, NULL);
    return s;
}

bool listen_loopback(const listen_server *s) { return !strncmp(s->host, "127.", 4); }

static bool listen_activity_exists(void *user, const char *arn) { return true; }

const task_activities *listen_activities(void)
{
    static const task_activities every = {listen_activity_exists, NULL};
    return &every;
}

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
    pthread_mutex_destroy(&s->mu);
    free(s);
}
