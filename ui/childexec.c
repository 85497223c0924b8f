/* childexec — stepping into a child execution. See childexec.h. */
#include "childexec.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "jv_text.h"

bool childexec_is_start(const asl_state *st)
{
    const asl_resource_info *r = st ? &st->task.resource_info : NULL;
    return st && st->type == ASL_TASK && r->kind == ASL_RESOURCE_OPTIMIZED &&
           r->service_len == 6 && !memcmp(r->service, "states", 6) && r->action_len == 14 &&
           !memcmp(r->action, "startExecution", 14);
}

/* The ExecutionArn an event of the task names: in its output (StartExecution's answer,
 * DescribeExecution), or in a failure's cause (the child's description as JSON text). */
static bool childexec_arn_in(const exec_event *e, char *buf, size_t n)
{
    const jv *arn = NULL;
    jv *parsed = NULL;
    if (e->data && jv_is_object(e->data))
        arn = jv_object_get(e->data, "ExecutionArn");
    else if (e->type == EV_TASK_FAILED && exec_event_details(e)->cause) {
        const char *cause = exec_event_details(e)->cause;
        parsed = jv_parse(cause, strlen(cause), 1 << 20, NULL);
        arn = parsed && jv_is_object(parsed) ? jv_object_get(parsed, "ExecutionArn") : NULL;
    }
    bool ok = arn && jv_is_string(arn) && strlen(jv_string_value(arn)) < n;
    if (ok)
        snprintf(buf, n, "%s", jv_string_value(arn));
    jv_unref(parsed);
    return ok;
}

bool childexec_arn_of_visit(const sfn_exec *ex, long visit, char *buf, size_t n)
{
    if (visit < 0 || (size_t)visit >= exec_visit_count(ex))
        return false;
    const exec_visit *v = exec_visit_at(ex, (size_t)visit);
    size_t count = exec_event_count(ex);
    bool found = false;
    for (size_t i = v->entered_event_id > 0 ? (size_t)v->entered_event_id : 0; i < count; i++) {
        const exec_event *e = exec_event_at(ex, i);
        if (e->state != v->state || e->frame != v->frame)
            continue;
        if (e->type == EV_STATE_EXITED || e->type == EV_STATE_ENTERED)
            break;   /* the visit is over */
        if (e->type == EV_TASK_SUBMITTED || e->type == EV_TASK_SUCCEEDED ||
            e->type == EV_TASK_FAILED)
            found = childexec_arn_in(e, buf, n) || found;   /* the last attempt's wins */
    }
    return found;
}

int childexec_depth(const dbg_app *a)
{
    return a->cx.depth;
}

/* The debugger shows session s over def: the panes that hold states or events start again. */
static void childexec_show(dbg_app *a, dbg_session *s, const asl_definition *def)
{
    static const pane_id fresh[] = {PANE_GRAPH, PANE_INSPECTOR, PANE_EVENTS};
    a->sess = s;
    a->rc.sess = s;
    a->cfg.def = def;
    a->rc.run = RUN_IDLE;
    a->rc.finish_frame = 0;
    a->rc.stop_reason[0] = '\0';
    if (a->mode == MODE_PICKER)
        a->mode = MODE_NORMAL;
    for (size_t i = 0; i < sizeof fresh / sizeof fresh[0]; i++) {
        pane *p = &a->panes[fresh[i]];
        p->ops->destroy(p->priv);
        p->priv = p->ops->create(a);
    }
    memset(&a->subj, 0, sizeof a->subj);
    a->subj.event = -1;
    app_after_change(a, false);
}

bool childexec_open(dbg_app *a, long visit, bool by_step)
{
    childexec *cx = &a->cx;
    const sfn_exec *ex = session_exec(a->sess);
    char arn[512];
    if (a->cfg.replay.on) {
        app_message(a, true, "sfdbg replay does not step into child executions");
        return false;
    }
    if (cx->depth >= SFN_CHILD_MAX_DEPTH) {
        app_message(a, true, "child executions nest at most %d deep here", SFN_CHILD_MAX_DEPTH);
        return false;
    }
    if (!childexec_arn_of_visit(ex, visit, arn, sizeof arn)) {
        app_message(a, true, "this visit started no child execution that ran here");
        return false;
    }
    const sfn_child_record *rec = sfn_child_find(a->cfg.eo.resolvers, a->cfg.eo.nresolvers, arn);
    if (!rec) {
        app_message(a, true, "the child execution %s is not kept (it did not run here, or is "
                    "older than the last %d)", arn, SFN_CHILD_RECORDS);
        return false;
    }
    childexec_level *lv = &cx->stack[cx->depth];
    lv->sess = a->sess;
    lv->def = a->cfg.def;
    lv->by_step = by_step;
    lv->qualifier = a->bps.qualifier;
    snprintf(lv->label, sizeof lv->label, "%s › child:%s",
             exec_visit_at(ex, (size_t)visit)->state->name, rec->machine);
    cx->replay[cx->depth] = (task_resolver){"recorded child run", sfn_child_replay_resolve,
                                            (void *)rec};
    exec_options eo = rec->options;
    eo.resolvers = &cx->replay[cx->depth];
    eo.nresolvers = 1;
    dbg_session *child = session_new(rec->def, rec->input, &eo);
    cx->depth++;
    a->bps.qualifier = rec->machine;
    childexec_show(a, child, rec->def);
    app_message(a, false, "in the child execution %s (its recorded run; f finishes it, N at "
                "its start goes back)", rec->execution_arn);
    return true;
}

/* Back in the execution under the child, with a message. */
static void childexec_pop(dbg_app *a, const char *why)
{
    childexec *cx = &a->cx;
    childexec_level *lv = &cx->stack[--cx->depth];
    dbg_session *child = a->sess;
    char name[200];
    snprintf(name, sizeof name, "%s", lv->label);
    a->bps.qualifier = lv->qualifier;
    childexec_show(a, lv->sess, lv->def);
    session_free(child);
    app_message(a, false, "%s: back at %s", why, name);
}

static bool childexec_enter_for_break(dbg_app *a);

void childexec_after_change(dbg_app *a)
{
    childexec *cx = &a->cx;
    if (cx->enter_pending && !a->rc.flight && a->rc.run == RUN_IDLE &&
        childexec_enter_for_break(a))
        return;
    if (cx->enter_after && !a->rc.flight) {
        const asl_state *st = cx->enter_after;
        cx->enter_after = NULL;
        long v = app_last_visit(a, st);
        if (v >= 0 && childexec_open(a, v, true))
            return;
    }
    if (cx->depth > 0 && !session_running(a->sess)) {
        char why[80];
        snprintf(why, sizeof why, "the child execution ended %s",
                 exec_status_name(exec_status_of(session_exec(a->sess))));
        childexec_pop(a, why);
    }
}

bool childexec_step_into(dbg_app *a)
{
    const asl_state *cur = session_current_state(a->sess);
    if (a->cfg.replay.on || !childexec_is_start(cur) || runctl_started_visit(a->sess) >= 0 ||
        a->cx.depth >= SFN_CHILD_MAX_DEPTH)
        return false;
    app_step(a);
    if (a->rc.flight) {
        a->cx.enter_after = cur;   /* entered once the child's answer is in */
        return true;
    }
    long v = app_last_visit(a, cur);
    char arn[512];
    if (v >= 0 && childexec_arn_of_visit(session_exec(a->sess), v, arn, sizeof arn))
        childexec_open(a, v, true);   /* else the step's own message stays (nothing ran) */
    return true;
}

bool childexec_step_back(dbg_app *a, long n)
{
    if (a->cx.depth == 0 || session_steps(a->sess) > 0)
        return false;
    bool by_step = a->cx.stack[a->cx.depth - 1].by_step;
    childexec_pop(a, "stepped back out of the child execution");
    if (by_step)
        app_step_back(a, n);
    return true;
}

void childexec_path(const dbg_app *a, char *buf, size_t n)
{
    const char *file = strrchr(a->cfg.workflow_path, '/');
    file = file ? file + 1 : a->cfg.workflow_path;
    size_t len = (size_t)snprintf(buf, n, "%s", file);
    for (int i = 0; i < a->cx.depth && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, " › %s", a->cx.stack[i].label);
}

void childexec_close_all(dbg_app *a)
{
    childexec *cx = &a->cx;
    while (cx->depth > 0) {
        childexec_level *lv = &cx->stack[--cx->depth];
        session_free(a->sess);
        a->sess = lv->sess;
        a->rc.sess = lv->sess;
        a->cfg.def = lv->def;
        a->bps.qualifier = lv->qualifier;
    }
}

/* ---- breakpoints on a child's states ---- */

bool childexec_qualify(const char *text, char *out, size_t n)
{
    const char *sep = strstr(text, " › ");
    if (!strncmp(text, "child:", 6) && sep && sep > text + 6 && sep[strlen(" › ")]) {
        snprintf(out, n, "%s", text);
        return strlen(text) < n;
    }
    const char *colon = strchr(text, ':');
    if (!colon || colon == text || !colon[1] || strstr(text, " › "))
        return false;
    int len = snprintf(out, n, "child:%.*s › %s", (int)(colon - text), text, colon + 1);
    return len > 0 && (size_t)len < n;
}

/* A breakpoint on a state of the child execution machine, or NULL. */
static const breakpoint *childexec_child_bp(const bp_store *b, const char *machine)
{
    size_t q = strlen(machine);
    for (size_t i = 0; i < b->n; i++) {
        const breakpoint *bp = &b->items[i];
        if (bp->enabled && bp->kind == BP_STATE && !strncmp(bp->target, "child:", 6) &&
            !strncmp(bp->target + 6, machine, q) && !strncmp(bp->target + 6 + q, " › ", 5))
            return bp;
    }
    return NULL;
}

/* runctl's hook: the step ran a startExecution task whose child holds a breakpoint. */
static bool childexec_run_break(void *user, const exec_step_result *r, char *why, size_t n)
{
    dbg_app *a = user;
    char arn[512];
    if (!r->state || !childexec_is_start(r->state) || a->cx.depth >= SFN_CHILD_MAX_DEPTH ||
        !childexec_arn_of_visit(session_exec(a->sess), r->visit, arn, sizeof arn))
        return false;
    const sfn_child_record *rec = sfn_child_find(a->cfg.eo.resolvers, a->cfg.eo.nresolvers, arn);
    const breakpoint *bp = rec ? childexec_child_bp(&a->bps, rec->machine) : NULL;
    if (!bp)
        return false;
    snprintf(why, n, "into the child execution for breakpoint %d: %.200s", bp->id, bp->target);
    a->cx.enter_visit = r->visit;
    a->cx.enter_pending = true;
    return true;
}

void childexec_init(dbg_app *a)
{
    a->cx.enter_pending = false;
    a->rc.child_break = childexec_run_break;
    a->rc.child_user = a;
}

/* After a run stopped for a child's breakpoint: into the child, running on to it. */
static bool childexec_enter_for_break(dbg_app *a)
{
    long v = a->cx.enter_visit;
    a->cx.enter_pending = false;
    if (!childexec_open(a, v, true))
        return false;
    const asl_state *first = session_current_state(a->sess);
    breakpoint *bp = bp_match(&a->bps, first, session_current_input(a->sess), NULL, NULL);
    if (bp) {   /* on the child's first state: stop there */
        bp->hits++;
        snprintf(a->rc.stop_reason, sizeof a->rc.stop_reason, "breakpoint %d: %.200s", bp->id,
                 first->name);
        return true;
    }
    app_start_run(a, RUN_CONTINUE, NULL);
    return true;
}
