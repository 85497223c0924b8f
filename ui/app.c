/* app — what the front end's modules share: dirty marks and messages, the focus, the
 * inspector's subject, breakpoint toggling, questions; run control and the main loop.
 * See app.h for who owns what. */
#include "app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jv_text.h"

/* ---- dirty marks and messages ---- */

void app_dirty(dbg_app *a, pane_id p)
{
    a->panes[p].dirty = true;
}

void app_dirty_all(dbg_app *a)
{
    a->all_dirty = true;
}

/* The status line's copy, and the log's whole one (formatted again when it did not fit). */
void app_message(dbg_app *a, bool error, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int len = vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
    a->msg_cut = len >= (int)sizeof a->msg;
    if (a->msg_cut) {
        size_t n = len < MSG_TEXT_MAX ? (size_t)len + 1 : MSG_TEXT_MAX + 1;
        char *whole = jv_xmalloc(n);
        vsnprintf(whole, n, fmt, again);
        msglog_add(&a->log, error, whole);
        free(whole);
    } else if (len >= 0) {
        msglog_add(&a->log, error, a->msg);
    }
    va_end(again);
    a->msg_error = error;
}

int app_inner_h(const pane *p) { return p->r.h - 2 > 0 ? p->r.h - 2 : 0; }
int app_inner_w(const pane *p) { return p->r.w - 2 > 0 ? p->r.w - 2 : 0; }

void app_focus(dbg_app *a, pane_id p)
{
    if (a->focus == p)
        return;
    a->focus = p;
    if (a->narrow)
        screen_layout(a);
    app_dirty_all(a);
}

/* ---- the inspector's subject ---- */

long app_last_visit(dbg_app *a, const asl_state *s)
{
    const sfn_exec *ex = session_exec(a->sess);
    for (size_t i = exec_visit_count(ex); i-- > 0;)
        if (exec_visit_at(ex, i)->state == s)
            return (long)i;
    return -1;
}

long app_in_flight_visit(dbg_app *a)
{
    return runctl_started_visit(a->sess);
}

jv *app_subject_context(dbg_app *a)
{
    if (a->subj.kind == SUBJ_VISIT && a->subj.visit >= 0)
        return exec_visit_context(session_exec(a->sess), (size_t)a->subj.visit);
    return session_context(a->sess, NULL);
}

void app_set_subject_state(dbg_app *a, const asl_state *s)
{
    const asl_state *cur = session_current_state(a->sess);
    a->subj.event = -1;
    a->rv.pick = -1;   /* the inspector leaves a recorded event picked (replayview.h) */
    a->subj.state = s;
    long fl = app_in_flight_visit(a);
    if (s && s == cur && fl >= 0) {
        a->subj.kind = SUBJ_VISIT;
        a->subj.visit = fl;
    } else if (s && s == cur) {
        a->subj.kind = SUBJ_PENDING;
    } else if (s && (a->subj.visit = app_last_visit(a, s)) >= 0) {
        a->subj.kind = SUBJ_VISIT;
    } else {
        a->subj.kind = SUBJ_STATE;
    }
    a->subj.stale = true;
    a->subj.picked = true;
    app_dirty(a, PANE_INSPECTOR);
    app_dirty(a, PANE_WATCHES);
}

/* The visit an event belongs to: the last visit of its state entered at or before it. */
long app_visit_of_event(dbg_app *a, const exec_event *e)
{
    const sfn_exec *ex = session_exec(a->sess);
    if (!e->state)
        return -1;
    for (size_t i = exec_visit_count(ex); i-- > 0;) {
        const exec_visit *v = exec_visit_at(ex, i);
        if (v->state == e->state && v->entered_event_id <= e->id)
            return (long)i;
    }
    return -1;
}

void app_set_subject_event(dbg_app *a, long event_index)
{
    const sfn_exec *ex = session_exec(a->sess);
    const exec_event *e = exec_event_at(ex, (size_t)event_index);
    if (!e)
        return;
    a->subj.event = event_index;
    a->subj.state = e->state;
    a->subj.visit = app_visit_of_event(a, e);
    a->subj.kind = a->subj.visit >= 0 ? SUBJ_VISIT : e->state ? SUBJ_STATE : SUBJ_ENDED;
    a->subj.stale = true;
    a->subj.picked = true;
    app_dirty(a, PANE_INSPECTOR);
    app_dirty(a, PANE_WATCHES);
    app_dirty(a, PANE_GRAPH);
}

/* After the execution moved (step, rewind, restart, edit): the view follows. */
void app_after_change(dbg_app *a, bool stepped)
{
    childexec_after_change(a);   /* into a child `s` waited for, out of one that ended */
    const sfn_exec *ex = session_exec(a->sess);
    const asl_state *cur = session_current_state(a->sess);
    size_t nv = exec_visit_count(ex);
    long fl = app_in_flight_visit(a);
    a->subj.event = -1;
    if (fl >= 0 && !stepped) {
        a->subj.kind = SUBJ_VISIT;
        a->subj.visit = fl;
        a->subj.state = cur;
    } else if (stepped && nv > 0) {
        a->subj.kind = SUBJ_VISIT;
        a->subj.visit = (long)nv - 1;
        a->subj.state = exec_visit_at(ex, nv - 1)->state;
        insp_pane_show_step_tab(a);
    } else if (cur) {
        a->subj.kind = SUBJ_PENDING;
        a->subj.state = cur;
    } else if (nv > 0) {
        a->subj.kind = SUBJ_VISIT;
        a->subj.visit = (long)nv - 1;
        a->subj.state = exec_visit_at(ex, nv - 1)->state;
    } else {
        a->subj.kind = SUBJ_ENDED;
        a->subj.state = NULL;
    }
    a->subj.stale = true;
    a->subj.picked = false;
    events_pane_follow_end(a);
    graph_pane_follow(a, cur ? cur : a->subj.state);
    rv_after_change(a);
    app_dirty_all(a);
}

/* ---- breakpoints ---- */

void app_toggle_break(dbg_app *a, const asl_state *s)
{
    if (!s)
        return;
    breakpoint *bp = bp_find_state(&a->bps, s->name);
    if (bp) {
        app_message(a, false, "breakpoint %d on %s deleted", bp->id, s->name);
        bp_remove(&a->bps, bp->id);
    } else {
        char err[256];
        int id = bp_add(&a->bps, BP_STATE, s->name, NULL, err, sizeof err);
        if (id < 0)
            app_message(a, true, "%s", err);
        else
            app_message(a, false, "breakpoint %d on %s", id, s->name);
    }
    bpp_save_now(a);
    app_dirty(a, PANE_GRAPH);
    app_dirty(a, PANE_BREAKS);
}

const asl_state *app_find_state(dbg_app *a, const char *name)
{
    return asl_definition_find_state(a->cfg.def, name);
}

/* ---- running (ui/runctl.c decides; this renders what it reports) ---- */

static void app_run_report(dbg_app *a)
{
    runctl_report *r = &a->rc.report;
    if (r->msg[0])
        app_message(a, r->msg_error, "%s", r->msg);
    else if (r->clear_msg)
        a->msg[0] = '\0';
    if (r->changed)
        app_after_change(a, r->stepped);
    if (r->input_tab)
        insp_pane_set_tab(a, TAB_INPUT);
    if (r->progress) {
        app_dirty(a, PANE_EVENTS);
        app_dirty(a, PANE_GRAPH);
    }
    if (r->open_result && a->mode == MODE_NORMAL)
        answer_open(a, true);
    memset(r, 0, sizeof *r);
}

static void app_run_tick(dbg_app *a)
{
    runctl_tick(&a->rc);
    app_run_report(a);
}

bool app_start_run(dbg_app *a, run_mode mode, const asl_state *until)
{
    bool started = runctl_start(&a->rc, mode, until);
    app_run_report(a);
    if (started)
        app_dirty_all(a);
    return started;
}

void app_step(dbg_app *a)
{
    runctl_step(&a->rc);
    app_run_report(a);
}

void app_step_into(dbg_app *a)
{
    if (childexec_step_into(a))
        return;
    if (!runctl_step_into(&a->rc) && !a->rc.report.msg[0] && session_running(a->sess))
        runctl_report_note(&a->rc, "no branch or iteration to step into here: stepped over");
    app_run_report(a);
}

void app_iteration(dbg_app *a, long n)
{
    runctl_iteration(&a->rc, n);
    app_run_report(a);
}

void app_child(dbg_app *a, long n, bool here)
{
    runctl_child(&a->rc, n, here);
    app_run_report(a);
}

void app_apply_answer(dbg_app *a, const char *what)
{
    runctl_apply_answer(&a->rc, what);
    app_run_report(a);
}

void app_step_back(dbg_app *a, long n)
{
    if (childexec_step_back(a, n))
        return;
    runctl_step_back(&a->rc, n);
    app_run_report(a);
}

void app_continue_back(dbg_app *a)
{
    runctl_continue_back(&a->rc);
    app_run_report(a);
}

void app_restart(dbg_app *a, const jv *input)
{
    runctl_restart(&a->rc, input);
    app_run_report(a);
}

void app_interrupt(dbg_app *a)
{
    if (runctl_interrupt(&a->rc))
        app_run_report(a);
}

void app_cancel_task(dbg_app *a)
{
    runctl_cancel_task(&a->rc);
    app_run_report(a);
}

bool app_edit_apply(dbg_app *a, const char *text, char *err, size_t errn, size_t *err_off)
{
    if (childexec_depth(a) > 0) {
        snprintf(err, errn, "a child execution replays its recorded run: edit the parent's input");
        return false;
    }
    if (!session_running(a->sess)) {
        snprintf(err, errn, "the execution has ended: nothing is about to run");
        return false;
    }
    if (app_in_flight_visit(a) >= 0) {
        snprintf(err, errn, "%s has started: its input can no longer change",
                 session_current_state(a->sess)->name);
        return false;
    }
    jv_parse_error pe;
    size_t limit = session_options(a->sess)->max_payload;
    jv *v = jv_parse(text, strlen(text), limit, &pe);
    if (!v) {
        snprintf(err, errn, "%d:%d: %s", pe.line, pe.column, pe.message);
        if (err_off)
            *err_off = pe.offset;
        return false;
    }
    exec_frame_info f;
    bool target = session_edit_target(a->sess, &f);
    bool done = target && session_edit(a->sess, v);
    jv_unref(v);
    if (!done) {
        snprintf(err, errn, target ? "%s has started: its input can no longer change"
                                   : "%s has no branch or iteration left to run",
                 target ? f.state->name : session_current_state(a->sess)->name);
        return false;
    }
    app_after_change(a, false);
    insp_pane_set_tab(a, TAB_INPUT);
    return true;
}

/* ---- questions ---- */

void app_confirm(dbg_app *a, const char *text, void (*yes)(dbg_app *a))
{
    snprintf(a->confirm_text, sizeof a->confirm_text, "%s", text);
    a->confirm_yes = yes;
    a->mode = MODE_CONFIRM;
    app_dirty_all(a);
}

/* ---- the program's entry points that run the execution (debugger.c has the rest) ---- */

void debugger_command(dbg_app *a, const char *line)
{
    cmd_execute(a, line);
    app_run_tick(a);
    while (a->rc.run != RUN_IDLE || a->rc.flight) {
        runctl_poll(&a->rc, -1, 250);
        app_run_tick(a);
    }
}

int debugger_run(const debugger_config *cfg)
{
    dbg_app *a = debugger_open(cfg);
    if (!a)
        return 1;
    /* one wait for the terminal and a task in flight alike, then every key that came */
    int input_fd = fileno(cfg->term_in ? cfg->term_in : stdin);
    timeout(0);
    while (!a->quit) {
        screen_paint(a);
        runctl_poll(&a->rc, input_fd, 250);
        int key;
        bool is_char;
        char utf8[8];
        size_t n;
        while (!a->quit && input_read_key(&key, &is_char, utf8, &n) == OK)
            input_key(a, key, is_char, utf8, n);
        input_signal(a);
        remote_serve(a);
        app_run_tick(a);
    }
    int rc = a->exit_status;
    debugger_close(a);
    return rc;
}
