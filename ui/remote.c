/* remote — the debugger's side of `--listen`: the requests another process sent (src/listen.c
 * queues them) answered on the UI thread, against the session, as `x` would answer them.
 * See debugger.h (debugger_remote). */
#include <stdio.h>
#include <string.h>

#include "app.h"

static const sfn_exec *remote_exec(void *ctx)
{
    dbg_app *a = ctx;
    return session_exec(a->sess);
}

static jv *remote_context(void *ctx)
{
    dbg_app *a = ctx;
    return session_context(a->sess, NULL);
}

/* An answer accepted: logged as another process's, applied at once (the task completes and
 * the debugger stays paused), the `x` dialog closed if it was open (what was typed stays). */
static void remote_accepted(dbg_app *a, const char *what)
{
    session_mark_remote(a->sess);
    if (a->mode == MODE_ANSWER)
        a->mode = MODE_NORMAL;
    app_apply_answer(a, what);
    app_dirty_all(a);
}

static exec_send_status remote_send(void *ctx, debugger_send_kind k, const char *token,
                                    const char *x, const char *y, char *err, size_t n)
{
    dbg_app *a = ctx;
    exec_send_status rc;
    switch (k) {
    case DEBUGGER_SEND_SUCCESS:
        rc = session_answer_success(a->sess, token, x, err, n);
        if (rc == EXEC_SEND_OK)
            remote_accepted(a, "success, from another process");
        return rc;
    case DEBUGGER_SEND_FAILURE:
        rc = session_answer_failure(a->sess, token, x, y, err, n);
        if (rc == EXEC_SEND_OK)
            remote_accepted(a, "failure, from another process");
        return rc;
    default:
        rc = session_heartbeat(a->sess, token, err, n);
        if (rc == EXEC_SEND_OK)
            app_message(a, false, "heartbeat from another process");
        return rc;
    }
}

/* The activity's task waiting for a worker goes to this one; the screen says so at once. */
static bool remote_take_activity(void *ctx, const char *activity_arn, const char *worker)
{
    dbg_app *a = ctx;
    const exec_pending_task *p = exec_pending(session_exec(a->sess));
    if (!p || !p->activity || p->started || p->answered ||
        strcmp(p->state->task.resource, activity_arn) != 0)
        return false;
    char err[256];
    if (session_activity_start(a->sess, p->token, worker, err, sizeof err) != EXEC_SEND_OK)
        return false;
    app_message(a, false, "%s: taken by worker %s (GetActivityTask)",
                p->state->name, worker && *worker ? worker : "(unnamed)");
    app_dirty_all(a);
    return true;
}

void remote_serve(dbg_app *a)
{
    if (!a->cfg.remote.on)
        return;
    const debugger_remote_calls calls = {a, remote_exec, remote_context, remote_send,
                                         remote_take_activity};
    a->cfg.remote.serve(a->cfg.remote.user, &calls);
}
