/*
 * serve_redrive — RedriveExecution: a STANDARD execution that ended FAILED, TIMED_OUT or
 * ABORTED in the last 14 days (real time since it ended) runs on from the state that did
 * not succeed, through the engine's exec_redrive (exec.h says what it reruns), with the
 * definition it started with (its revision), and DescribeExecution's redrive fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "serve_internal.h"
#include "timeutil.h"

/* AWS: executions that ended in the last 14 days can be redriven. */
#define SERVE_REDRIVE_WINDOW_MS (14LL * 24 * 3600 * 1000)

/* Whether x can be redriven now; false with why filled. */
static bool serve_redrivable(const serve_execution *x, char *why, size_t n)
{
    if (!exec_redrivable(x->ex, why, n))
        return false;
    if (timeutil_now_ms() - x->stopped_ms > SERVE_REDRIVE_WINDOW_MS) {
        snprintf(why, n, "Execution ended more than 14 days ago and cannot be redriven");
        return false;
    }
    return true;
}

jv *serve_redrive_fields(const serve_execution *x, jv *o)
{
    char why[256];
    bool can = serve_redrivable(x, why, sizeof why);
    if (exec_redrive_ms(x->ex) >= 0)
        o = jv_object_set_take(o, "redriveDate", serve_view_time(exec_redrive_ms(x->ex)));
    o = jv_object_set_take(o, "redriveStatus", jv_string(can ? "REDRIVABLE" : "NOT_REDRIVABLE"));
    return can ? o : jv_object_set_take(o, "redriveStatusReason", jv_string(why));
}

static char *serve_redriven(const serve_execution *x)
{
    return serve_view_dump_take(jv_object_set_take(jv_object(), "redriveDate",
                                                   serve_view_time(exec_redrive_ms(x->ex))));
}

static char *serve_redrive(serve_registry *r, const jv *req, serve_error *e)
{
    serve_execution *x = serve_execution_find(r, serve_req_string(req, "executionArn"), e);
    if (!x)
        return NULL;
    const char *token = serve_req_string(req, "clientToken");
    /* the same clientToken again: the redrive it made, not another one (AWS) */
    if (token && x->redrive_token && !strcmp(token, x->redrive_token))
        return serve_redriven(x);
    char why[256];
    if (r->stopping)
        return serve_fail(e, "ServiceUnavailable", "the server is stopping");
    if (!serve_redrivable(x, why, sizeof why))
        return serve_fail(e, "ExecutionNotRedrivable", "%s: '%s'", why,
                          exec_execution_arn(x->ex));
    int64_t now = r->cfg.has_start_time ? r->cfg.start_time_ms : timeutil_now_ms();
    if (!exec_redrive(x->ex, now, why, sizeof why))
        return serve_fail(e, "ExecutionNotRedrivable", "%s", why);
    free(x->redrive_token);
    x->redrive_token = token ? jv_xstrdup(token) : NULL;
    x->phase = SERVE_RUNNABLE;
    x->wake_ms = x->wait_deadline_ms = -1;
    serve_wake(r);
    return serve_redriven(x);
}

char *serve_redrive_execution(serve_registry *r, const jv *req, serve_error *e)
{
    return serve_locked(r, req, serve_redrive, e);
}
