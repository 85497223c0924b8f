/* app — what the front end's modules share: dirty marks and messages, the focus, the
 * inspector's subject, breakpoint toggling, questions; run control and the main loop.
 * See app.h for who owns what. */
#include "app.h"

#include <stdarg.h>
#include <stdio.h>
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

void app_message(dbg_app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->msg, sizeof a->msg, fmt, ap);
    va_end(ap);
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
    const sfn_exec *ex = session_exec(a->sess);
    const asl_state *cur = exec_current_state(ex);
    size_t nv = exec_visit_count(ex);
    if (!cur || nv == 0)
        return -1;
    const exec_visit *v = exec_visit_at(ex, nv - 1);
    bool done = v->stage[EXEC_STAGE_OUTPUT] || (v->error && !v->caught);
    return v->state == cur && !done ? (long)nv - 1 : -1;
}

jv *app_subject_context(dbg_app *a)
{
    if (a->subj.kind == SUBJ_VISIT && a->subj.visit >= 0)
        return exec_visit_context(session_exec(a->sess), (size_t)a->subj.visit);
    return session_context(a->sess, NULL);
}

void app_set_subject_state(dbg_app *a, const asl_state *s)
{
    const sfn_exec *ex = session_exec(a->sess);
    a->subj.event = -1;
    a->subj.state = s;
    long fl = app_in_flight_visit(a);
    if (s && s == exec_current_state(ex) && fl >= 0) {
        a->subj.kind = SUBJ_VISIT;
        a->subj.visit = fl;
    } else if (s && s == exec_current_state(ex)) {
        a->subj.kind = SUBJ_PENDING;
    } else if (s && (a->subj.visit = app_last_visit(a, s)) >= 0) {
        a->subj.kind = SUBJ_VISIT;
    } else {
        a->subj.kind = SUBJ_STATE;
    }
    a->subj.stale = true;
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
    app_dirty(a, PANE_INSPECTOR);
    app_dirty(a, PANE_WATCHES);
    app_dirty(a, PANE_GRAPH);
}

const jv *app_subject_input(dbg_app *a)
{
    const sfn_exec *ex = session_exec(a->sess);
    if (a->subj.kind == SUBJ_VISIT && a->subj.visit >= 0)
        return exec_visit_at(ex, (size_t)a->subj.visit)->stage[EXEC_STAGE_INPUT];
    if (a->subj.kind == SUBJ_ENDED)
        return exec_output(ex);
    return exec_current_input(ex);
}

/* After the execution moved (step, rewind, restart, edit): the view follows. */
void app_after_change(dbg_app *a, bool stepped)
{
    const sfn_exec *ex = session_exec(a->sess);
    const asl_state *cur = exec_current_state(ex);
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
    events_pane_follow_end(a);
    graph_pane_follow(a, cur ? cur : a->subj.state);
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

/* ---- running ---- */

static long app_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What a step did that the user should read (a retry, a caught error, a wait), in
 * stop_reason; and whether an error or retry breakpoint takes it (true: stop here). */
static bool app_step_facts(dbg_app *a, const exec_step_result *r)
{
    const sfn_exec *ex = session_exec(a->sess);
    const exec_visit *v = r->visit >= 0 ? exec_visit_at(ex, (size_t)r->visit) : NULL;
    const exec_event *last = exec_event_at(ex, exec_event_count(ex) - 1);
    const exec_pending_task *p = exec_pending(ex);
    const asl_state *cur = exec_current_state(ex);
    char fact[140] = "";
    breakpoint *bp = NULL;
    if (r->kind == EXEC_STEP_RETRY && v) {
        bp = bp_any(&a->bps, BP_RETRY);
        snprintf(fact, sizeof fact, "retry %ld after %s", v->retries,
                 last && last->error ? last->error : "an error");
    } else if (r->kind == EXEC_STEP_CAUGHT && v) {
        bp = bp_any(&a->bps, BP_ERROR);
        snprintf(fact, sizeof fact, "caught %s in %s", v->error ? v->error : "an error",
                 v->state->name);
    } else if (v && v->error && !v->caught) {
        bp = bp_any(&a->bps, BP_ERROR);
        snprintf(fact, sizeof fact, "error %s", v->error);
    } else if (p && !p->answered) {
        snprintf(fact, sizeof fact, p->needs_result ? "nothing answered it: x" : "x answers");
    }
    (void)cur;
    if (bp) {
        bp->hits++;
        snprintf(a->stop_reason, sizeof a->stop_reason, "breakpoint %d: %s", bp->id, fact);
    } else {
        snprintf(a->stop_reason, sizeof a->stop_reason, "%s", fact);
    }
    return bp != NULL;
}

/* After one step of a run: should it stop here? Fills stop_reason. */
static bool app_should_stop(dbg_app *a, const exec_step_result *r)
{
    const sfn_exec *ex = session_exec(a->sess);
    bool bp_hit = app_step_facts(a, r);
    if (exec_status_of(ex) != EXEC_RUNNING) {
        if (!bp_hit)
            snprintf(a->stop_reason, sizeof a->stop_reason, "the execution ended");
        return true;
    }
    const exec_pending_task *p = exec_pending(ex);
    if (bp_hit || r->kind == EXEC_STEP_WAITING || (p && !p->answered))
        return true;
    const asl_state *cur = exec_current_state(ex);
    if (app_in_flight_visit(a) >= 0)
        return false; /* between a task's retries: no state breakpoint applies */
    if (a->run == RUN_UNTIL && cur == a->until) {
        snprintf(a->stop_reason, sizeof a->stop_reason, "reached %s", cur->name);
        return true;
    }
    breakpoint *bp = bp_match(&a->bps, cur, exec_current_input(ex));
    if (bp) {
        bp->hits++;
        snprintf(a->stop_reason, sizeof a->stop_reason, "breakpoint %d", bp->id);
        return true;
    }
    return false;
}

/* A task nothing answered asks for its result: the dialog opens on its own. */
void app_notice_waiting(dbg_app *a)
{
    const exec_pending_task *p = exec_pending(session_exec(a->sess));
    if (p && !p->answered && p->needs_result && a->mode == MODE_NORMAL &&
        !session_answer_recorded(a->sess))
        answer_open(a, true);
}

static void app_stop_run(dbg_app *a)
{
    a->run = RUN_IDLE;
    a->msg[0] = '\0';
    a->wait_until_ms = 0;
    app_after_change(a, true);
    app_notice_waiting(a);
}

/* A task waits for an answer the user has not given: stepping on cannot complete it. */
static bool app_blocked_by_wait(dbg_app *a)
{
    const exec_pending_task *p = exec_pending(session_exec(a->sess));
    if (!p || p->answered || session_answer_recorded(a->sess))
        return false;
    if (p->needs_result)
        app_message(a, true, "nothing answered %s: x gives its result or an error", p->state->name);
    else
        app_message(a, true, "%s waits for its task token: x answers it (s success, f failure, "
                    "h heartbeat, t time out)", p->state->name);
    return true;
}

/* Runs a bounded batch of steps so keys (and Ctrl-C) are seen between batches. */
static void app_run_tick(dbg_app *a)
{
    if (a->run == RUN_IDLE)
        return;
    if (a->wait_until_ms) {
        if (app_now_ms() < a->wait_until_ms)
            return;
        a->wait_until_ms = 0;
    }
    for (int i = 0; i < 200 && a->run != RUN_IDLE; i++) {
        exec_step_result r = session_step(a->sess);
        if (r.kind == EXEC_STEP_IDLE || app_should_stop(a, &r)) {
            app_stop_run(a);
            return;
        }
        if (a->cfg.real_time && r.waited_ms > 0) {
            a->wait_until_ms = app_now_ms() + (long)r.waited_ms;
            snprintf(a->stop_reason, sizeof a->stop_reason, "waiting %lld s (real time)",
                     (long long)(r.waited_ms / 1000));
            app_after_change(a, true);
            return;
        }
    }
    app_dirty(a, PANE_EVENTS);
    app_dirty(a, PANE_GRAPH);
}

bool app_start_run(dbg_app *a, run_mode mode, const asl_state *until)
{
    if (!session_running(a->sess)) {
        app_message(a, true, "the execution has ended: R restarts, N steps back");
        return false;
    }
    if (app_blocked_by_wait(a))
        return false;
    a->run = mode;
    a->until = until;
    a->run_start_steps = session_steps(a->sess);
    a->stop_reason[0] = '\0';
    app_message(a, false, "running (Ctrl-C or Esc interrupts)");
    app_dirty_all(a);
    return true;
}

/* One step, its facts in stop_reason; the view follows. */
static void app_step_once(dbg_app *a)
{
    exec_step_result r = session_step(a->sess);
    app_step_facts(a, &r);
    if (a->cfg.real_time && r.waited_ms > 0)
        a->wait_until_ms = app_now_ms() + (long)r.waited_ms;
    app_after_change(a, true);
}

void app_step(dbg_app *a)
{
    if (!session_running(a->sess)) {
        app_message(a, true, "the execution has ended: R restarts, N steps back");
        return;
    }
    if (app_blocked_by_wait(a))
        return;
    app_step_once(a);
    app_notice_waiting(a);
}

void app_apply_answer(dbg_app *a, const char *what)
{
    const exec_pending_task *p = exec_pending(session_exec(a->sess));
    char task[200];
    snprintf(task, sizeof task, "%s", p ? p->state->name : "the task");
    a->run = RUN_IDLE;
    app_step_once(a);
    if (!a->stop_reason[0])
        snprintf(a->stop_reason, sizeof a->stop_reason, "%.100s answered: %s", task, what);
    app_message(a, false, "%s answered (%s): n or c goes on", task, what);
    app_notice_waiting(a);
}

void app_step_back(dbg_app *a, long n)
{
    long s = session_steps(a->sess);
    if (s == 0) {
        app_message(a, true, "already at the start");
        return;
    }
    session_rewind(a->sess, s - n);
    snprintf(a->stop_reason, sizeof a->stop_reason, "stepped back");
    app_after_change(a, false);
    insp_pane_set_tab(a, TAB_INPUT);
    app_message(a, false, "rewound to step %ld (re-executed from the start)%s",
                session_steps(a->sess),
                session_answer_recorded(a->sess) ? ": n replays the answer, x gives another" : "");
}

/* Reverse continue: the latest earlier position where a breakpoint stops, else the start. */
void app_continue_back(dbg_app *a)
{
    long target = session_steps(a->sess);
    if (target == 0) {
        app_message(a, true, "already at the start");
        return;
    }
    session_rewind(a->sess, 0);
    long stop = 0;
    while (session_steps(a->sess) < target - 1 && session_running(a->sess)) {
        session_step(a->sess);
        const sfn_exec *ex = session_exec(a->sess);
        if (bp_match(&a->bps, exec_current_state(ex), exec_current_input(ex)))
            stop = session_steps(a->sess);
    }
    session_rewind(a->sess, stop);
    snprintf(a->stop_reason, sizeof a->stop_reason, stop ? "breakpoint (backwards)" : "start");
    app_after_change(a, false);
    insp_pane_set_tab(a, TAB_INPUT);
}

void app_restart(dbg_app *a, const jv *input)
{
    session_restart(a->sess, input);
    a->run = RUN_IDLE;
    snprintf(a->stop_reason, sizeof a->stop_reason, "restarted");
    app_after_change(a, false);
}

bool app_edit_apply(dbg_app *a, const char *text, char *err, size_t errn, size_t *err_off)
{
    if (!session_running(a->sess)) {
        snprintf(err, errn, "the execution has ended: nothing is about to run");
        return false;
    }
    if (app_in_flight_visit(a) >= 0) {
        snprintf(err, errn, "%s has started: its input can no longer change",
                 exec_current_state(session_exec(a->sess))->name);
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
    session_edit(a->sess, v);
    jv_unref(v);
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
    while (a->run != RUN_IDLE)
        app_run_tick(a);
}

int debugger_run(const debugger_config *cfg)
{
    dbg_app *a = debugger_open(cfg);
    if (!a)
        return 1;
    while (!a->quit) {
        screen_paint(a);
        timeout(a->run != RUN_IDLE ? (a->wait_until_ms ? 50 : 0) : 250);
        int key;
        bool is_char;
        char utf8[8];
        size_t n;
        if (input_read_key(&key, &is_char, utf8, &n) == OK)
            input_key(a, key, is_char, utf8, n);
        input_signal(a);
        app_run_tick(a);
    }
    int rc = a->exit_status;
    debugger_close(a);
    return rc;
}
