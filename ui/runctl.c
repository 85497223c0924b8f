/* runctl — the debugger's run control, headless. See runctl.h. */
#include "runctl.h"

#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "reach.h"
#include "timeutil.h"

/* Steps per runctl_tick of a run, so keys (and Ctrl-C) are seen between batches. */
#define RUNCTL_BATCH 200
#define RUNCTL_MAX_FDS 8

/* The breakpoint that holds for the state about to run, if any: a JSONata condition sees
 * that state's context and variables (built only when some condition needs them). */
static breakpoint *runctl_bp_match(runctl *rc)
{
    const jv *input = session_current_input(rc->sess);
    const asl_state *cur = session_current_state(rc->sess);
    if (!bp_needs_scope(rc->bps))
        return bp_match(rc->bps, cur, input, NULL, NULL);
    jv *ctx = session_context(rc->sess, NULL);
    jv *vars = exec_frame_variables(session_exec(rc->sess), session_frame(rc->sess));
    breakpoint *bp = bp_match(rc->bps, cur, input, ctx, vars);
    jv_unref(ctx);
    jv_unref(vars);
    return bp;
}

/* The pause is on a breakpoint when one holds for the state about to run (not one that has
 * started: between a task's retries no state breakpoint applies). It is counted, and the
 * stop reason says "breakpoint N: State", then what the step did (was: the reason so far)
 * or the suffix. NULL when none holds. */
static breakpoint *runctl_break_here(runctl *rc, const char *suffix)
{
    const asl_state *cur = session_current_state(rc->sess);
    if (!cur || runctl_started_visit(rc->sess) >= 0)
        return NULL;
    breakpoint *bp = runctl_bp_match(rc);
    if (!bp)
        return NULL;
    bp->hits++;
    char tail[sizeof rc->stop_reason] = "", where[160] = "";
    if (suffix)
        snprintf(tail, sizeof tail, "%s", suffix);
    else if (rc->stop_reason[0])
        snprintf(tail, sizeof tail, " · %.150s", rc->stop_reason);
    if (session_frame(rc->sess) != 0) {
        char path[140];
        session_frame_path(rc->sess, session_frame(rc->sess), path, sizeof path);
        snprintf(where, sizeof where, " in %s", path);
    }
    snprintf(rc->stop_reason, sizeof rc->stop_reason, "breakpoint %d: %.100s%.90s%.60s", bp->id,
             cur->name, where, tail);
    return bp;
}

/* Whether a breakpoint on a state (or a state type) could stop inside the branches of s. */
static bool runctl_breaks_inside(const bp_store *b, const asl_state *s)
{
    for (size_t m = 0; m < s->nbranches; m++) {
        const asl_machine *mc = s->branches[m];
        for (size_t i = 0; i < mc->nstates; i++) {
            const asl_state *in = mc->states[i];
            for (size_t k = 0; k < b->n; k++) {
                const breakpoint *bp = &b->items[k];
                if (bp->enabled &&
                    ((bp->kind == BP_STATE && !strcmp(bp->target, in->name)) ||
                     (bp->kind == BP_TYPE && !strcmp(bp->target, asl_state_type_name(in->type)))))
                    return true;
            }
            if (in->nbranches && runctl_breaks_inside(b, in))
                return true;
        }
    }
    return false;
}

/* The call a run makes next: into a Parallel/Map (or its next child) that holds a
 * breakpoint, so the run stops there in the right frame; over everything else. */
static sess_call runctl_run_call(const runctl *rc)
{
    exec_frame_info f;
    if (!session_frame_info(rc->sess, &f) || !f.state || !f.state->nbranches ||
        !runctl_breaks_inside(rc->bps, f.state))
        return SESS_CALL_OVER;
    if (f.in_fanout)
        return session_can_descend(rc->sess) ? SESS_CALL_DESCEND : SESS_CALL_OVER;
    return SESS_CALL_INTO;
}

void runctl_init(runctl *rc, dbg_session *sess, bp_store *bps, bool real_time)
{
    memset(rc, 0, sizeof *rc);
    rc->sess = sess;
    rc->bps = bps;
    rc->real_time = real_time;
    rc->remote_fd = -1;
    snprintf(rc->stop_reason, sizeof rc->stop_reason, "start");
    runctl_break_here(rc, " · start");
}

static void runctl_say(runctl *rc, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void runctl_say(runctl *rc, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rc->report.msg, sizeof rc->report.msg, fmt, ap);
    va_end(ap);
    rc->report.msg_error = error;
}

void runctl_report_note(runctl *rc, const char *msg)
{
    runctl_say(rc, false, "%s", msg);
}

static void runctl_moved(runctl *rc, bool stepped)
{
    rc->report.changed = true;
    rc->report.stepped = rc->report.stepped || stepped;
}

long runctl_started_visit(const dbg_session *sess)
{
    const sfn_exec *ex = session_exec(sess);
    const asl_state *cur = session_current_state(sess);
    size_t nv = exec_visit_count(ex);
    if (!cur || nv == 0)
        return -1;
    const exec_visit *v = exec_visit_at(ex, nv - 1);
    const exec_visit_detail *d = exec_visit_details(v);
    bool done = exec_visit_stage(v, EXEC_STAGE_OUTPUT) || (d->error && !d->caught);
    return v->state == cur && v->frame == session_frame(sess) && !done ? (long)nv - 1 : -1;
}

long runctl_flight_seconds(const runctl *rc)
{
    return rc->flight ? (long)((timeutil_monotonic_ms() - rc->flight_since_ms) / 1000) : 0;
}

/* What a step did that the user should read (a retry, a caught error, a wait), in
 * stop_reason; and whether an error or retry breakpoint takes it (true: stop here). */
static bool runctl_step_facts(runctl *rc, const exec_step_result *r)
{
    const sfn_exec *ex = session_exec(rc->sess);
    const exec_visit *v = r->visit >= 0 ? exec_visit_at(ex, (size_t)r->visit) : NULL;
    const exec_event *last = exec_event_at(ex, exec_event_count(ex) - 1);
    const exec_pending_task *p = exec_pending(ex);
    char fact[140] = "";
    breakpoint *bp = NULL;
    if (r->kind == EXEC_STEP_RETRY && v) {
        bp = bp_any(rc->bps, BP_RETRY);
        snprintf(fact, sizeof fact, "retry %ld after %s", exec_visit_details(v)->retries,
                 last && exec_event_details(last)->error ? exec_event_details(last)->error
                                                         : "an error");
    } else if (r->kind == EXEC_STEP_CAUGHT && v) {
        bp = bp_any(rc->bps, BP_ERROR);
        const char *error = exec_visit_details(v)->error;
        snprintf(fact, sizeof fact, "caught %s in %s", error ? error : "an error",
                 v->state->name);
    } else if (v && exec_visit_details(v)->error && !exec_visit_details(v)->caught) {
        bp = bp_any(rc->bps, BP_ERROR);
        snprintf(fact, sizeof fact, "error %s", exec_visit_details(v)->error);
    } else if (p && !p->answered) {
        snprintf(fact, sizeof fact, p->activity ? "waits for a worker (GetActivityTask)"
                                    : p->needs_result ? "nothing answered it" : "waits for its token");
    } else if (r->kind == EXEC_STEP_ENTERED) {
        char path[128];
        session_frame_path(rc->sess, session_frame(rc->sess), path, sizeof path);
        snprintf(fact, sizeof fact, "entered %s", path);
    }
    if (bp) {
        bp->hits++;
        snprintf(rc->stop_reason, sizeof rc->stop_reason, "breakpoint %d: %s", bp->id, fact);
    } else {
        snprintf(rc->stop_reason, sizeof rc->stop_reason, "%s", fact);
    }
    return bp != NULL;
}

/* After one step of a run: should it stop here? Fills stop_reason. */
static bool runctl_should_stop(runctl *rc, const exec_step_result *r)
{
    const sfn_exec *ex = session_exec(rc->sess);
    bool bp_hit = runctl_step_facts(rc, r);
    if (exec_status_of(ex) != EXEC_RUNNING) {
        if (!bp_hit && rc->run == RUN_UNTIL && rc->until)
            snprintf(rc->stop_reason, sizeof rc->stop_reason,
                     "%s was never reached: the execution ended (%s)", rc->until->name,
                     exec_status_name(exec_status_of(ex)));
        else if (!bp_hit)
            snprintf(rc->stop_reason, sizeof rc->stop_reason, "the execution ended");
        return true;
    }
    const exec_pending_task *p = exec_pending(ex);
    if (bp_hit || r->kind == EXEC_STEP_WAITING || (p && !p->answered))
        return true;
    const asl_state *cur = session_current_state(rc->sess);
    if (runctl_started_visit(rc->sess) >= 0)
        return false; /* between a task's retries: no state breakpoint applies */
    if (rc->run == RUN_FINISH && rc->finish_frame > 0 &&
        !exec_frame_get(ex, rc->finish_frame, &(exec_frame_info){0})) {
        snprintf(rc->stop_reason, sizeof rc->stop_reason, "finished %s", rc->finish_path);
        runctl_break_here(rc, NULL);
        return true;
    }
    if (rc->run == RUN_UNTIL && cur == rc->until) {
        snprintf(rc->stop_reason, sizeof rc->stop_reason, "reached %s", cur->name);
        return true;
    }
    if (rc->child_break && rc->child_break(rc->child_user, r, rc->stop_reason,
                                           sizeof rc->stop_reason))
        return true;
    return runctl_break_here(rc, NULL) != NULL;
}

/* A task nothing answered asks for its result: the dialog should open on its own. */
static void runctl_notice_waiting(runctl *rc)
{
    const exec_pending_task *p = exec_pending(session_exec(rc->sess));
    if (p && !p->answered && p->needs_result && !session_answer_recorded(rc->sess))
        rc->report.open_result = true;
}

static void runctl_stop_run(runctl *rc)
{
    session_keep_here(rc->sess);
    rc->run = RUN_IDLE;
    rc->wait_until_ms = 0;
    rc->report.clear_msg = true;
    runctl_moved(rc, true);
    runctl_notice_waiting(rc);
}

/* A task waits for an answer the user has not given: stepping on cannot complete it. */
static bool runctl_blocked(runctl *rc)
{
    if (rc->flight) {
        const asl_state *s = session_current_state(rc->sess);
        runctl_say(rc, true, "%s is running (%ld s): its answer comes by itself; K cancels it",
                   s ? s->name : "the task", runctl_flight_seconds(rc));
        return true;
    }
    const exec_pending_task *p = exec_pending(session_exec(rc->sess));
    if (!p || p->answered || session_answer_recorded(rc->sess))
        return false;
    if (p->needs_result)
        runctl_say(rc, true, "nothing answered %s: x gives its result or an error", p->state->name);
    else
        runctl_say(rc, true, "%s waits for its task token: x answers it (s success, f failure, "
                   "h heartbeat, t time out)", p->state->name);
    return true;
}

static bool runctl_ended(runctl *rc)
{
    if (session_running(rc->sess))
        return false;
    runctl_say(rc, true, "the execution has ended: R restarts, N steps back");
    return true;
}

/* The step ended with the task's answer under way. */
static void runctl_take_off(runctl *rc, const exec_step_result *r)
{
    rc->flight = true;
    rc->flight_since_ms = timeutil_monotonic_ms();
    snprintf(rc->stop_reason, sizeof rc->stop_reason, "%s is running: K cancels it",
             r->state ? r->state->name : "the task");
    runctl_moved(rc, true);
}

/* One step (of kind k) outside a run, its facts in stop_reason; false when its task went
 * in flight. */
static bool runctl_advance(runctl *rc, sess_call k)
{
    exec_step_result r = session_step_as(rc->sess, k);
    if (r.kind == EXEC_STEP_IN_FLIGHT) {
        runctl_take_off(rc, &r);
        return false;
    }
    if (!runctl_step_facts(rc, &r))
        runctl_break_here(rc, NULL);
    if (rc->real_time && r.waited_ms > 0)
        rc->wait_until_ms = timeutil_monotonic_ms() + r.waited_ms;
    runctl_moved(rc, true);
    runctl_notice_waiting(rc);
    return true;
}

/* A step the user asked for: where it stops, a child execution keeps its states. */
static void runctl_step_once(runctl *rc, sess_call k)
{
    if (runctl_advance(rc, k))
        session_keep_here(rc->sess);
}

void runctl_step(runctl *rc)
{
    if (runctl_ended(rc) || runctl_blocked(rc))
        return;
    runctl_step_once(rc, SESS_CALL_OVER);
}

bool runctl_step_into(runctl *rc)
{
    if (runctl_ended(rc) || runctl_blocked(rc))
        return false;
    exec_frame_info f;
    bool fanout = session_frame_info(rc->sess, &f) && f.state && f.state->nbranches;
    if (fanout && f.in_fanout && session_can_descend(rc->sess)) {
        runctl_step_once(rc, SESS_CALL_DESCEND);
        return true;
    }
    if (!fanout || f.in_fanout) {
        runctl_step_once(rc, SESS_CALL_OVER);
        return false;
    }
    runctl_step_once(rc, SESS_CALL_INTO);
    return session_frame(rc->sess) != f.id;
}

/* One call of :iteration's walk; false when the walk must stop here (a task waits, goes in
 * flight or the execution ended: the step's facts say which). */
static bool runctl_walk(runctl *rc, sess_call k)
{
    runctl_advance(rc, k); /* passing through: only where the walk ends is kept */
    const exec_pending_task *p = exec_pending(session_exec(rc->sess));
    bool on = !rc->flight && session_running(rc->sess) && !(p && !p->answered);
    if (!on)
        session_keep_here(rc->sess);
    return on;
}

/* The live child of the Parallel/Map the call means, or false with a message; the user is
 * then in a branch or iteration. here: the one in the user's frame (entered first when it
 * is about to run); else the one the user is in a child of. */
static bool runctl_into_fanout(runctl *rc, exec_frame_info *f, bool here)
{
    if (!here)
        return true;
    const asl_state *fan = f->state;
    if (!fan || (fan->type != ASL_MAP && fan->type != ASL_PARALLEL)) {
        runctl_say(rc, true, ":iteration works inside a Map or Parallel or on one about to run "
                   "(%s is a %s)", fan ? fan->name : "nothing",
                   fan ? asl_state_type_name(fan->type) : "state");
        return false;
    }
    long outer = f->id;
    if (!runctl_walk(rc, f->in_fanout ? SESS_CALL_DESCEND : SESS_CALL_INTO))
        return false;
    if (!session_frame_info(rc->sess, f) || f->parent != outer) {
        runctl_say(rc, true, "%s has no %s to enter", fan->name,
                   fan->type == ASL_MAP ? "iteration" : "branch");
        return false;
    }
    return true;
}

bool runctl_iteration(runctl *rc, long n)
{
    exec_frame_info f;
    if (runctl_ended(rc) || runctl_blocked(rc) || !session_frame_info(rc->sess, &f))
        return false;
    /* in an iteration: its Map's; elsewhere the Parallel/Map about to run or in progress */
    return runctl_child(rc, n, f.kind != EXEC_FRAME_MAP_ITERATION);
}

bool runctl_child(runctl *rc, long n, bool here)
{
    exec_frame_info f;
    if (runctl_ended(rc) || runctl_blocked(rc) || !session_frame_info(rc->sess, &f))
        return false;
    if (!here && f.kind == EXEC_FRAME_ROOT) {
        runctl_say(rc, true, "you are in no branch or iteration");
        return false;
    }
    if (!runctl_into_fanout(rc, &f, here))
        return false;
    const char *kind = exec_frame_kind_name(f.kind);
    if (f.index > n) {
        runctl_say(rc, true, "%s %ld has run already: N or C goes back", kind, n);
        return false;
    }
    while (f.index < n) {
        long parent = f.parent;
        if (!runctl_walk(rc, SESS_CALL_FINISH))
            return false;
        if (session_frame(rc->sess) != parent || !session_can_descend(rc->sess)) {
            runctl_say(rc, true, "the %s has no %s %ld: it ended after %ld",
                       f.kind == EXEC_FRAME_MAP_ITERATION ? "Map" : "Parallel", kind, n, f.index);
            return false;
        }
        if (!runctl_walk(rc, SESS_CALL_DESCEND) || !session_frame_info(rc->sess, &f))
            return false;
    }
    char path[160];
    session_frame_path(rc->sess, session_frame(rc->sess), path, sizeof path);
    snprintf(rc->stop_reason, sizeof rc->stop_reason, "entered %s", path);
    runctl_break_here(rc, NULL);
    session_keep_here(rc->sess);
    return true;
}

/* u on a state no transition leads to from the state about to run: said at once. */
static bool runctl_unreachable(runctl *rc, const asl_state *until)
{
    const asl_state *cur = session_current_state(rc->sess);
    if (!until || !cur || reach_can_reach(cur, until) != REACH_NO)
        return false;
    if (cur == until)
        runctl_say(rc, true, "%s is about to run and no transition leads back to it: n runs it",
                   cur->name);
    else
        runctl_say(rc, true, "%s is never reached from %s: no transition leads there", until->name,
                   cur->name);
    return true;
}

bool runctl_start(runctl *rc, run_mode mode, const asl_state *until)
{
    if (runctl_ended(rc))
        return false;
    if (!rc->flight && runctl_blocked(rc))
        return false;
    if (mode == RUN_UNTIL && runctl_unreachable(rc, until))
        return false;
    rc->run = mode;
    rc->until = until;
    rc->finish_frame = mode == RUN_FINISH ? session_frame(rc->sess) : 0;
    rc->finish_path[0] = '\0';
    if (rc->finish_frame > 0)
        session_frame_path(rc->sess, rc->finish_frame, rc->finish_path, sizeof rc->finish_path);
    if (!rc->flight)
        rc->stop_reason[0] = '\0';
    runctl_say(rc, false, "running (Ctrl-C or Esc interrupts)");
    runctl_moved(rc, false);
    return true;
}

/* One step of a run; false when the run stops (or waits for a task in flight). */
static bool runctl_run_step(runctl *rc, exec_step_result r)
{
    if (r.kind == EXEC_STEP_IN_FLIGHT) {
        runctl_take_off(rc, &r);
        return false;
    }
    if (r.kind == EXEC_STEP_IDLE || runctl_should_stop(rc, &r)) {
        runctl_stop_run(rc);
        return false;
    }
    if (rc->real_time && r.waited_ms > 0) {
        rc->wait_until_ms = timeutil_monotonic_ms() + r.waited_ms;
        snprintf(rc->stop_reason, sizeof rc->stop_reason, "waiting %lld s (real time)",
                 (long long)(r.waited_ms / 1000));
        runctl_moved(rc, true);
        return false;
    }
    return true;
}

/* The task in flight: its answer, once in, is applied by the next step. False while it
 * is still under way, or when the run (if any) stops with it. */
static bool runctl_land(runctl *rc)
{
    if (!session_task_progress(rc->sess))
        return false;
    rc->flight = false;
    if (rc->run == RUN_IDLE) {
        runctl_step_once(rc, SESS_CALL_OVER); /* (the step in flight goes on, whatever k) */
        return false;
    }
    return runctl_run_step(rc, session_step_as(rc->sess, runctl_run_call(rc)));
}

void runctl_tick(runctl *rc)
{
    if (rc->flight && !runctl_land(rc))
        return;
    if (rc->run == RUN_IDLE)
        return;
    if (rc->wait_until_ms) {
        if (timeutil_monotonic_ms() < rc->wait_until_ms)
            return;
        rc->wait_until_ms = 0;
    }
    for (int i = 0; i < RUNCTL_BATCH && rc->run != RUN_IDLE; i++)
        if (!runctl_run_step(rc, session_step_as(rc->sess, runctl_run_call(rc))))
            return;
    rc->report.progress = true;
}

void runctl_apply_answer(runctl *rc, const char *what)
{
    const exec_pending_task *p = exec_pending(session_exec(rc->sess));
    char task[200];
    snprintf(task, sizeof task, "%s", p ? p->state->name : "the task");
    rc->run = RUN_IDLE;
    runctl_step_once(rc, SESS_CALL_OVER); /* (applying an answer: the waiting step goes on) */
    if (!rc->stop_reason[0])
        snprintf(rc->stop_reason, sizeof rc->stop_reason, "%.100s answered: %s", task, what);
    runctl_say(rc, false, "%s answered (%s): n or c goes on", task, what);
}

/* Rewinding drops a task in flight with the execution it belonged to. */
static void runctl_rewound(runctl *rc, const char *reason)
{
    /* (a re-execution stops early at a step never answered before: it is in flight) */
    rc->flight = exec_task_in_flight(session_exec(rc->sess));
    rc->flight_since_ms = timeutil_monotonic_ms();
    rc->run = RUN_IDLE;
    rc->wait_until_ms = 0;
    snprintf(rc->stop_reason, sizeof rc->stop_reason, "%s", reason);
    runctl_moved(rc, false);
    rc->report.input_tab = true;
}

void runctl_step_back(runctl *rc, long n)
{
    long s = session_steps(rc->sess);
    if (s == 0 && !rc->flight) {
        runctl_say(rc, true, "already at the start");
        return;
    }
    /* a task in flight has not made its step: back from it is back to where it started */
    session_rewind(rc->sess, rc->flight ? s - n + 1 : s - n);
    runctl_rewound(rc, "stepped back");
    runctl_say(rc, false, "rewound to step %ld (re-executed from the start)%s",
               session_steps(rc->sess),
               session_answer_recorded(rc->sess) ? ": n replays the answer, x gives another" : "");
}

/* Reverse continue: the latest earlier position where a breakpoint stops, else the start. */
void runctl_continue_back(runctl *rc)
{
    long target = session_steps(rc->sess) + (rc->flight ? 1 : 0);
    if (target == 0) {
        runctl_say(rc, true, "already at the start");
        return;
    }
    session_rewind(rc->sess, 0);
    long stop = 0;
    while (session_steps(rc->sess) < target - 1 && session_running(rc->sess)) {
        if (session_redo(rc->sess).kind == EXEC_STEP_IN_FLIGHT)
            break; /* a step never taken before: not to be run while going back */
        /* (a started state, waiting for its answer or between retries, is no breakpoint stop) */
        if (runctl_started_visit(rc->sess) < 0 && runctl_bp_match(rc))
            stop = session_steps(rc->sess);
    }
    session_rewind(rc->sess, stop);
    runctl_rewound(rc, "start");
    runctl_break_here(rc, " · backwards");
}

void runctl_restart(runctl *rc, const jv *input)
{
    session_restart(rc->sess, input);
    runctl_rewound(rc, "restarted");
    runctl_break_here(rc, " · restarted");
    rc->report.input_tab = false;
}

bool runctl_interrupt(runctl *rc)
{
    if (rc->run == RUN_IDLE)
        return false;
    rc->run = RUN_IDLE;
    rc->wait_until_ms = 0;
    if (!rc->flight)
        snprintf(rc->stop_reason, sizeof rc->stop_reason, "interrupted");
    runctl_moved(rc, true);
    return true;
}

bool runctl_cancel_task(runctl *rc)
{
    const asl_state *s = session_current_state(rc->sess);
    if (!rc->flight || !session_task_cancel(rc->sess)) {
        runctl_say(rc, true, "no task is running (K cancels a task whose answer is under way)");
        return false;
    }
    rc->flight = false;
    rc->run = RUN_IDLE;
    runctl_step_once(rc, SESS_CALL_OVER);
    runctl_say(rc, false, "%s cancelled: its work was stopped; x gives its answer",
               s ? s->name : "the task");
    return true;
}

void runctl_poll(const runctl *rc, int input_fd, int idle_ms)
{
    struct pollfd pfd[RUNCTL_MAX_FDS + 2];
    nfds_t n = 0;
    if (input_fd >= 0)
        pfd[n++] = (struct pollfd){input_fd, POLLIN, 0};
    if (rc->remote_fd >= 0)
        pfd[n++] = (struct pollfd){rc->remote_fd, POLLIN, 0};
    int64_t now = timeutil_monotonic_ms(), ms = idle_ms;
    if (rc->flight) {
        task_wait_fd fds[RUNCTL_MAX_FDS];
        size_t k = exec_task_fds(session_exec(rc->sess), fds, RUNCTL_MAX_FDS);
        for (size_t i = 0; i < k; i++)
            pfd[n++] = (struct pollfd){fds[i].fd, fds[i].events, 0};
        int64_t deadline = exec_task_deadline(session_exec(rc->sess));
        int64_t next_second = 1000 - (now - rc->flight_since_ms) % 1000;
        ms = deadline >= 0 && deadline - now < next_second ? deadline - now : next_second;
    } else if (rc->run != RUN_IDLE) {
        ms = rc->wait_until_ms ? rc->wait_until_ms - now : 0;
    }
    if (ms < 0)
        ms = 0;
    /* a signal (a resize, Ctrl-C) ends the wait early (EINTR): the loop looks at it now */
    poll(pfd, n, (int)(ms > 1000 ? 1000 : ms));
}
