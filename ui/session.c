/* session — stepping, edits and time travel over one execution. See session.h. */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "journal.h"
#include "jv_text.h"
#include "services/sfn_child.h"
#include "timeutil.h"
#include "tokengen.h"

struct dbg_session {
    const asl_definition *def;
    exec_options eo;          /* its resolver is the journal's */
    journal *journal;         /* the answers of the real resolvers */
    task_resolver journal_resolver;
    const task_resolver *real;  /* the resolvers the journal asks (borrowed) */
    size_t nreal;
    jv *input;
    sfn_exec *ex;
    /* A step back re-executes from the start (session_start): the execution freed gives its
     * records' memory to this pool and the new one takes it again. NULL when the caller
     * lent one (exec_options.record_pool). */
    record_pool *own_pool;
    long steps;
    long frame;               /* the frame the user is in (exec_frame_info.id) */
    unsigned char *calls;     /* calls[i]: the sess_call step i was (replayed by a rewind) */
    size_t ncalls, ncalls_cap; /* ncalls: the steps of the timeline recorded last */
    sess_call flight_call;    /* the call whose task is in flight: the next step resumes it */
    sess_edit *edits;
    size_t nedits, cap;
    /* What each frame that had events was, learnt from the history (frames are freed when
     * they end): labels[id], for the events up to labelled_events. */
    sess_frame_label *labels;
    size_t nlabels;
    size_t labelled_events;
    long max_frame;               /* the highest frame id seen in the events so far */
    const asl_state *open_parallel[SESS_PARALLEL_DEPTH]; /* Parallels started, not ended */
    long open_branches[SESS_PARALLEL_DEPTH];
    int nopen;
    /* The local services (session_set_services): snaps[k] is what they held after k steps
     * (snaps[0]: when the session began), visits[k] the visits recorded by then. */
    bool has_services;
    svc_stores services;
    jv **snaps;
    size_t *visits;
    size_t nsnaps, snaps_cap;
    /* The child executions the user stopped in (session_keep_here), marked again at their
     * step by every re-execution: frames[i] at steps[i] */
    long *keep_steps, *keep_frames;
    size_t nkeeps, keeps_cap;
};

static void session_forget_labels(dbg_session *s)
{
    s->labelled_events = 0;
    s->max_frame = 0;
    s->nopen = 0;
    if (s->labels)
        memset(s->labels, 0, s->nlabels * sizeof *s->labels);
}

static uint64_t session_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    return x ^ (x >> 29);
}

/* The child executions the user stopped in at this step keep their records. */
static void session_keep_marked(dbg_session *s)
{
    for (size_t i = 0; i < s->nkeeps; i++)
        if (s->keep_steps[i] == s->steps)
            exec_keep_frame(s->ex, s->keep_frames[i]);
}

void session_keep_here(dbg_session *s)
{
    exec_frame_info f;
    if (!exec_frame_get(s->ex, s->frame, &f) || !f.child_execution)
        return;
    for (size_t i = 0; i < s->nkeeps; i++)
        if (s->keep_steps[i] == s->steps && s->keep_frames[i] == s->frame)
            return;
    if (s->nkeeps == s->keeps_cap) {
        s->keeps_cap = s->keeps_cap ? 2 * s->keeps_cap : 16;
        s->keep_steps = jv_xrealloc(s->keep_steps, s->keeps_cap * sizeof *s->keep_steps);
        s->keep_frames = jv_xrealloc(s->keep_frames, s->keeps_cap * sizeof *s->keep_frames);
    }
    s->keep_steps[s->nkeeps] = s->steps;
    s->keep_frames[s->nkeeps++] = s->frame;
    exec_keep_frame(s->ex, s->frame);
}

/* Input and variable edits recorded for the position the execution has just reached. */
static void session_arrive(dbg_session *s)
{
    char err[200];
    session_keep_marked(s);
    for (size_t i = 0; i < s->nedits; i++) {
        const sess_edit *e = &s->edits[i];
        if (e->dropped || e->step != s->steps)
            continue;
        if (e->kind == SESS_EDIT_INPUT)
            exec_set_frame_input(s->ex, e->frame, e->after, err, sizeof err);
        else if (e->kind == SESS_EDIT_VARIABLE)
            exec_set_variable(s->ex, e->frame, e->variable, e->after, err, sizeof err);
    }
}

/* The recorded answer for the task waiting at this step, if it still replays. */
static const sess_edit *session_replay_answer(const dbg_session *s)
{
    const exec_pending_task *p = exec_pending(s->ex);
    if (!p || p->answered)
        return NULL;
    for (size_t i = s->nedits; i-- > 0;) {
        const sess_edit *e = &s->edits[i];
        if (!e->dropped && e->kind != SESS_EDIT_INPUT && e->kind != SESS_EDIT_VARIABLE &&
            e->step == s->steps)
            return e;
    }
    return NULL;
}

/* Gives the engine the recorded answer of this step (a replay after a rewind). */
static void session_replay(dbg_session *s)
{
    const sess_edit *e = session_replay_answer(s);
    if (!e)
        return;
    const char *token = exec_pending(s->ex)->token;
    char err[256];
    if (e->kind == SESS_ANSWER_SUCCESS) {
        char *text = jv_dump_string(e->after, 0);
        exec_send_task_success(s->ex, token, text, err, sizeof err);
        free(text);
    } else if (e->kind == SESS_ANSWER_FAILURE) {
        exec_send_task_failure(s->ex, token, e->error, e->cause, err, sizeof err);
    } else {
        exec_expire_wait(s->ex);
    }
}

static void session_start(dbg_session *s)
{
    if (s->has_services)   /* a re-execution starts from the session's first contents */
        svc_snapshot_restore(&s->services, s->snaps[0]);
    exec_free(s->ex);
    sfn_child_forget(s->real, s->nreal);   /* a new run: child execution names are free */
    s->ex = exec_new(s->def, s->input, &s->eo);
    s->steps = 0;
    s->frame = 0;
    session_forget_labels(s);
    session_arrive(s);
}

dbg_session *session_new(const asl_definition *def, const jv *input, const exec_options *eo)
{
    dbg_session *s = jv_xcalloc(1, sizeof *s);
    s->def = def;
    s->eo = *eo;
    s->eo.record_history = true;
    s->eo.record_visits = true;
    s->eo.defer_unanswered = true; /* the debugger asks the user instead */
    if (!s->eo.record_pool)
        s->eo.record_pool = s->own_pool = record_pool_new(s->eo.alloc, 0);
    if (!s->eo.has_seed) {
        s->eo.has_seed = true;
        s->eo.seed = session_seed();
        /* The seed is guessable (the clock): tokens get a key of their own from the OS,
         * kept so every re-execution issues the same tokens. */
        if (!s->eo.has_token_key) {
            tokengen_key_from_os(s->eo.token_key);
            s->eo.has_token_key = true;
        }
    }
    s->journal = journal_new(eo->resolvers, eo->nresolvers);
    s->real = eo->resolvers;
    s->nreal = eo->nresolvers;
    s->journal_resolver = (task_resolver){"journal", journal_resolve, s->journal};
    s->eo.resolvers = &s->journal_resolver;
    s->eo.nresolvers = 1;
    s->input = jv_ref(input);
    session_start(s);
    return s;
}

void session_free(dbg_session *s)
{
    if (!s)
        return;
    exec_free(s->ex); /* before the journal: its jobs in flight point to it */
    record_pool_free(s->own_pool);   /* after the execution that borrowed from it */
    journal_free(s->journal);
    jv_unref(s->input);
    for (size_t i = 0; i < s->nedits; i++) {
        free(s->edits[i].state);
        free(s->edits[i].variable);
        free(s->edits[i].error);
        free(s->edits[i].cause);
        jv_unref(s->edits[i].before);
        jv_unref(s->edits[i].after);
    }
    free(s->edits);
    free(s->calls);
    free(s->labels);
    for (size_t i = 0; i < s->nsnaps; i++)
        jv_unref(s->snaps[i]);
    free(s->snaps);
    free(s->visits);
    free(s->keep_steps);
    free(s->keep_frames);
    free(s);
}

/* What the services hold now, as snaps[step], and the visits recorded by then. */
static void session_snap(dbg_session *s, size_t step)
{
    if (step >= s->snaps_cap) {
        s->snaps_cap = s->snaps_cap ? 2 * s->snaps_cap : 64;
        while (s->snaps_cap <= step)
            s->snaps_cap *= 2;
        s->snaps = jv_xrealloc(s->snaps, s->snaps_cap * sizeof *s->snaps);
        s->visits = jv_xrealloc(s->visits, s->snaps_cap * sizeof *s->visits);
    }
    while (s->nsnaps <= step)
        s->snaps[s->nsnaps++] = NULL;
    s->visits[step] = exec_visit_count(s->ex);
    if (!s->has_services)
        return;
    jv *now = svc_snapshot_take(&s->services);
    if (step > 0 && svc_snapshot_same(now, s->snaps[step - 1])) {
        jv_unref(now);   /* nothing changed: share the step before's */
        now = jv_ref(s->snaps[step - 1]);
    }
    jv_unref(s->snaps[step]);
    s->snaps[step] = now;
}

/* The step (1...) that recorded visit `visit`, or steps + 1 for none yet (under way). */
static size_t session_visit_step(const dbg_session *s, long visit)
{
    /* the last step that made it: a distributed Map's dropped child visits give their
     * indices back (exec_keep_frame), so an index may have been made before */
    size_t last = s->nsnaps < (size_t)s->steps + 1 ? s->nsnaps : (size_t)s->steps + 1;
    for (size_t k = last; visit >= 0 && k-- > 1;) {
        size_t before = k > 1 ? s->visits[k - 1] : 0; /* none before the first step */
        if (s->visits[k] > (size_t)visit && before <= (size_t)visit)
            return k;
    }
    return (size_t)s->steps + 1;
}

jv *session_requests(const dbg_session *s, long visit)
{
    /* a visit's own step included; now: the steps taken (after a step back, the journal's
     * later entries are the future) */
    size_t upto = visit >= 0 ? session_visit_step(s, visit) : (size_t)s->steps;
    jv *out = jv_array();
    for (size_t i = 0; i < journal_count(s->journal); i++) {
        long step;
        const char *state;
        const jv *recs = journal_requests_at(s->journal, i, &step, &state);
        if (!recs || step < 0 || (size_t)step >= upto)
            continue;   /* none, or a later step's (the future after a step back) */
        for (size_t r = 0; r < jv_array_length(recs); r++) {
            jv *item = jv_object_set_take(jv_object(), "State", jv_string(state));
            item = jv_object_set_take(item, "Step", jv_number((double)step + 1));
            const jv *rec = jv_array_get(recs, r);
            for (size_t m = 0; jv_is_object(rec) && m < jv_object_size(rec); m++)
                item = jv_object_set(item, jv_string_value(jv_object_key_at(rec, m)),
                                     jv_object_value_at(rec, m));
            out = jv_array_append_take(out, item);
        }
    }
    return out;
}

static jv *session_take_services(void *user)
{
    dbg_session *s = user;
    return svc_snapshot_take(&s->services);
}

static void session_restore_services(void *user, const jv *snap)
{
    dbg_session *s = user;
    svc_snapshot_restore(&s->services, snap);
}

void session_set_services(dbg_session *s, const svc_stores *st)
{
    s->services = *st;
    s->has_services = true;
    session_snap(s, 0);
    journal_set_state(s->journal, &(journal_state_ops){session_take_services,
                                                       session_restore_services, s});
}

const svc_stores *session_services_stores(const dbg_session *s)
{
    return s->has_services ? &s->services : NULL;
}

jv *session_services(const dbg_session *s, long visit)
{
    if (!s->has_services)
        return NULL;
    size_t k = session_visit_step(s, visit);
    return k <= (size_t)s->steps ? jv_ref(s->snaps[k]) : svc_snapshot_take(&s->services);
}

const sfn_exec *session_exec(const dbg_session *s) { return s->ex; }
const asl_definition *session_definition(const dbg_session *s) { return s->def; }
const exec_options *session_options(const dbg_session *s) { return &s->eo; }
const jv *session_input(const dbg_session *s) { return s->input; }
const journal *session_journal(const dbg_session *s) { return s->journal; }
long session_steps(const dbg_session *s) { return s->steps; }
bool session_running(const dbg_session *s) { return exec_status_of(s->ex) == EXEC_RUNNING; }

long session_frame(const dbg_session *s) { return s->frame; }

bool session_frame_info(const dbg_session *s, exec_frame_info *out)
{
    return exec_frame_get(s->ex, s->frame, out);
}

const asl_state *session_current_state(const dbg_session *s)
{
    exec_frame_info f;
    return session_frame_info(s, &f) && exec_status_of(s->ex) == EXEC_RUNNING ? f.state : NULL;
}

const jv *session_current_input(const dbg_session *s)
{
    exec_frame_info f;
    return session_frame_info(s, &f) && exec_status_of(s->ex) == EXEC_RUNNING ? f.input : NULL;
}

bool session_can_descend(const dbg_session *s)
{
    return exec_frame_child(s->ex, s->frame) >= 0;
}

/* One call of the engine for step kind k in the user's frame. */
static exec_step_result session_call(dbg_session *s, sess_call k, long parent)
{
    exec_step_result r = {EXEC_STEP_IDLE, NULL, -1, 0};
    switch (k) {
    case SESS_CALL_OVER: r = exec_step_frame(s->ex, s->frame); break;
    case SESS_CALL_INTO:
        r = exec_step_into(s->ex, s->frame);
        if (r.kind == EXEC_STEP_ENTERED)
            s->frame = exec_frame_child(s->ex, s->frame);
        break;
    case SESS_CALL_FINISH: r = exec_finish_frame(s->ex, s->frame); break;
    case SESS_CALL_DESCEND:
        if (exec_frame_child(s->ex, s->frame) < 0)
            return r;
        s->frame = exec_frame_child(s->ex, s->frame);
        r.kind = EXEC_STEP_ENTERED;
        break;
    }
    if (s->frame != 0 && !exec_frame_get(s->ex, s->frame, &(exec_frame_info){0}))
        s->frame = parent;
    return r;
}

/* How many children the frame's Parallel/Map has (its MapStateStarted says for an inline
 * Map), or -1 when the history does not say (a distributed Map's says 0). */
static long session_child_count(const dbg_session *s, const exec_frame_info *f)
{
    if (f->kind == EXEC_FRAME_PARALLEL_BRANCH)
        return (long)f->owner->nbranches;
    for (size_t i = exec_event_count(s->ex); i-- > 0;) {
        const exec_event *e = exec_event_at(s->ex, i);
        if (e->type == EV_MAP_STARTED && e->state == f->owner && e->frame == f->parent)
            return e->index > 0 ? e->index : -1; /* a distributed Map records length 0 */
    }
    return -1;
}

void session_frame_path(const dbg_session *s, long frame, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    exec_frame_info f;
    if (frame <= 0 || !exec_frame_get(s->ex, frame, &f))
        return;
    session_frame_path(s, f.parent, buf, n);
    size_t len = strlen(buf);
    long count = session_child_count(s, &f);
    char of[32] = "";
    if (count >= 0)
        snprintf(of, sizeof of, " of %ld", count);
    snprintf(buf + len, n - len, "%s%s › %s %ld%s", len ? " › " : "", f.owner->name,
             exec_frame_kind_name(f.kind), f.index, of);
}

/* A frame seen for the first time at event e: a Map iteration when the Map's
 * MapIterationStarted came just before, else the next branch of the Parallel in progress. */
static void session_label_new_frame(dbg_session *s, size_t i, const exec_event *e)
{
    if ((size_t)e->frame >= s->nlabels) {
        size_t n = s->nlabels ? s->nlabels : 64;
        while (n <= (size_t)e->frame)
            n *= 2;
        s->labels = jv_xrealloc(s->labels, n * sizeof *s->labels);
        memset(s->labels + s->nlabels, 0, (n - s->nlabels) * sizeof *s->labels);
        s->nlabels = n;
    }
    sess_frame_label *l = &s->labels[e->frame];
    const exec_event *prev = i > 0 ? exec_event_at(s->ex, i - 1) : NULL;
    if (prev && prev->type == EV_MAP_ITERATION_STARTED) {
        *l = (sess_frame_label){prev->state, EXEC_FRAME_MAP_ITERATION, prev->index};
    } else if (s->nopen > 0) {
        int top = s->nopen - 1;
        *l = (sess_frame_label){s->open_parallel[top], EXEC_FRAME_PARALLEL_BRANCH,
                                s->open_branches[top]++};
    }
}

/* Learns the frames of the events recorded since the last call. */
static void session_label_events(dbg_session *s)
{
    size_t n = exec_event_count(s->ex);
    for (size_t i = s->labelled_events; i < n; i++) {
        const exec_event *e = exec_event_at(s->ex, i);
        if (e->frame > s->max_frame) {
            session_label_new_frame(s, i, e);
            s->max_frame = e->frame;
        }
        if (e->type == EV_PARALLEL_STARTED && s->nopen < SESS_PARALLEL_DEPTH) {
            s->open_parallel[s->nopen] = e->state;
            s->open_branches[s->nopen++] = 0;
        } else if ((e->type == EV_PARALLEL_SUCCEEDED || e->type == EV_PARALLEL_FAILED) &&
                   s->nopen > 0) {
            s->nopen--;
        }
    }
    s->labelled_events = n;
}

bool session_frame_label(dbg_session *s, long frame, sess_frame_label *out)
{
    exec_frame_info f;
    if (frame <= 0)
        return false;
    if (exec_frame_get(s->ex, frame, &f)) {
        *out = (sess_frame_label){f.owner, f.kind, f.index};
        return true;
    }
    session_label_events(s);
    if ((size_t)frame >= s->nlabels || !s->labels[frame].owner)
        return false;
    *out = s->labels[frame];
    return true;
}

static void session_record_call(dbg_session *s, sess_call k)
{
    if ((size_t)s->steps >= s->ncalls_cap) {
        s->ncalls_cap = s->ncalls_cap ? s->ncalls_cap * 2 : 256;
        s->calls = jv_xrealloc(s->calls, s->ncalls_cap);
    }
    s->calls[s->steps] = (unsigned char)k;
    s->ncalls = (size_t)s->steps + 1; /* a new step: the recorded future after it is gone */
}

exec_step_result session_step_as(dbg_session *s, sess_call k)
{
    if (exec_task_in_flight(s->ex))
        k = s->flight_call; /* the step under way is the one that goes on */
    session_replay(s);
    journal_at_step(s->journal, s->steps);
    exec_frame_info f;
    long parent = exec_frame_get(s->ex, s->frame, &f) && f.parent >= 0 ? f.parent : 0;
    long before = s->frame;
    exec_step_result r = session_call(s, k, parent);
    if (r.kind == EXEC_STEP_IN_FLIGHT) {
        s->flight_call = k;
        s->frame = before;
    } else if (r.kind != EXEC_STEP_IDLE) {
        session_record_call(s, k);
        s->steps++;
        session_snap(s, (size_t)s->steps);
        session_arrive(s);
    }
    if (exec_status_of(s->ex) != EXEC_RUNNING)
        s->frame = 0;
    return r;
}

exec_step_result session_step(dbg_session *s)
{
    return session_step_as(s, SESS_CALL_OVER);
}

exec_step_result session_redo(dbg_session *s)
{
    if ((size_t)s->steps >= s->ncalls && !exec_task_in_flight(s->ex))
        return (exec_step_result){EXEC_STEP_IDLE, NULL, -1, 0};
    sess_call k = (size_t)s->steps < s->ncalls ? (sess_call)s->calls[s->steps] : s->flight_call;
    /* replaying keeps the recorded future: the same call at the same position */
    size_t keep = s->ncalls;
    exec_step_result r = session_step_as(s, k);
    s->ncalls = keep;
    return r;
}

bool session_task_progress(dbg_session *s)
{
    return exec_task_progress(s->ex);
}

bool session_task_cancel(dbg_session *s)
{
    return exec_task_cancel(s->ex);
}

/* A new log entry for an intervention at the current step. The future changed: recorded
 * interventions of this step and later no longer replay. */
static sess_edit *session_log(dbg_session *s, sess_kind kind, const asl_state *state)
{
    for (size_t i = 0; i < s->nedits; i++)
        if (!s->edits[i].dropped && s->edits[i].step >= s->steps)
            s->edits[i].dropped = true;
    journal_forget_from(s->journal, s->steps);
    if (s->nedits == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->edits = jv_xrealloc(s->edits, s->cap * sizeof *s->edits);
    }
    sess_edit *e = &s->edits[s->nedits++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->step = s->steps;
    e->event_index = exec_event_count(s->ex);
    e->state = jv_xstrdup(state ? state->name : "?");
    return e;
}

bool session_edit_target(const dbg_session *s, exec_frame_info *out)
{
    if (!session_running(s) || !exec_frame_get(s->ex, s->frame, out))
        return false;
    return !out->in_fanout || exec_frame_get(s->ex, exec_frame_child(s->ex, s->frame), out);
}

bool session_edit(dbg_session *s, const jv *input)
{
    char err[120];
    exec_frame_info f;
    if (!session_edit_target(s, &f))
        return false;
    jv *kept = jv_ref(f.input);
    if (!exec_set_frame_input(s->ex, f.id, input, err, sizeof err)) {
        jv_unref(kept);
        return false;
    }
    sess_edit *e = session_log(s, SESS_EDIT_INPUT, f.state);
    e->frame = f.id;
    e->before = kept;
    e->after = jv_ref(input);
    return true;
}

bool session_set_variable(dbg_session *s, const char *name, const jv *value, char *err,
                          size_t errlen)
{
    if (!session_running(s)) {
        snprintf(err, errlen, "the execution has ended");
        return false;
    }
    jv *before_all = exec_frame_variables(s->ex, s->frame);
    const jv *before = before_all ? jv_object_get(before_all, name) : NULL;
    jv *kept = before ? jv_ref(before) : NULL;
    jv_unref(before_all);
    if (!exec_set_variable(s->ex, s->frame, name, value, err, errlen)) {
        jv_unref(kept);
        return false;
    }
    sess_edit *e = session_log(s, SESS_EDIT_VARIABLE, session_current_state(s));
    e->variable = jv_xstrdup(name);
    e->frame = s->frame;
    e->before = kept;
    e->after = jv_ref(value);
    return true;
}

static const asl_state *session_waiting_state(const dbg_session *s)
{
    const exec_pending_task *p = exec_pending(s->ex);
    return p ? p->state : NULL;
}

exec_send_status session_answer_success(dbg_session *s, const char *token, const char *json,
                                        char *err, size_t errlen)
{
    const asl_state *st = session_waiting_state(s);
    exec_send_status rc = exec_send_task_success(s->ex, token, json, err, errlen);
    if (rc != EXEC_SEND_OK)
        return rc;
    jv_parse_error pe;
    sess_edit *e = session_log(s, SESS_ANSWER_SUCCESS, st);
    e->after = jv_parse(json, strlen(json), 0, &pe); /* the engine parsed it: valid */
    if (!e->after)
        e->after = jv_null();
    return rc;
}

exec_send_status session_answer_failure(dbg_session *s, const char *token, const char *error,
                                        const char *cause, char *err, size_t errlen)
{
    const asl_state *st = session_waiting_state(s);
    exec_send_status rc = exec_send_task_failure(s->ex, token, error, cause, err, errlen);
    if (rc != EXEC_SEND_OK)
        return rc;
    sess_edit *e = session_log(s, SESS_ANSWER_FAILURE, st);
    e->error = error ? jv_xstrdup(error) : NULL;
    e->cause = cause ? jv_xstrdup(cause) : NULL;
    return rc;
}

exec_send_status session_heartbeat(dbg_session *s, const char *token, char *err, size_t errlen)
{
    return exec_send_task_heartbeat(s->ex, token, err, errlen);
}

exec_send_status session_activity_start(dbg_session *s, const char *token, const char *worker,
                                        char *err, size_t errlen)
{
    if (session_answer_recorded(s)) {
        snprintf(err, errlen, "Task Does Not Exist: its worker's answer is recorded; the next "
                 "step replays it (a step back does not hand the task to a worker again)");
        return EXEC_SEND_TASK_DOES_NOT_EXIST;
    }
    return exec_activity_start(s->ex, token, worker, err, errlen);
}

const char *session_wait_noun(const exec_pending_task *p)
{
    if (p->activity)
        return p->started ? "worker's answer" : "worker";
    return p->needs_result ? "result" : "token";
}

bool session_answer_timeout(dbg_session *s)
{
    const asl_state *st = session_waiting_state(s);
    const exec_pending_task *p = exec_pending(s->ex);
    if (!p || p->answered || !exec_expire_wait(s->ex))
        return false;
    session_log(s, SESS_ANSWER_TIMEOUT, st);
    return true;
}

bool session_answer_recorded(const dbg_session *s)
{
    return session_replay_answer(s) != NULL;
}

void session_rewind(dbg_session *s, long steps)
{
    if (steps < 0)
        steps = 0;
    session_start(s);
    /* the recorded calls first, then (past them) steps over */
    while (s->steps < steps && session_running(s))
        if (((size_t)s->steps < s->ncalls ? session_redo(s) : session_step(s)).kind ==
            EXEC_STEP_IN_FLIGHT)
            break; /* an answer never given before is under way: the caller drives it */
}

void session_restart(dbg_session *s, const jv *input)
{
    for (size_t i = 0; i < s->nedits; i++)
        s->edits[i].dropped = true;
    journal_clear(s->journal); /* a restart runs the tasks again, for real */
    if (input) {
        jv *old = s->input;
        s->input = jv_ref(input);
        jv_unref(old);
    }
    session_start(s);
}

void session_mark_remote(dbg_session *s)
{
    if (s->nedits)
        s->edits[s->nedits - 1].remote = true;
}

size_t session_edit_count(const dbg_session *s) { return s->nedits; }
const sess_edit *session_edit_at(const dbg_session *s, size_t i)
{
    return i < s->nedits ? &s->edits[i] : NULL;
}

static jv *session_time(int64_t ms)
{
    char buf[40];
    timeutil_format_ms(ms, buf, sizeof buf);
    return jv_string(buf);
}

jv *session_context(const dbg_session *s, const exec_visit *v)
{
    const char *arn = exec_execution_arn(s->ex);
    const char *name = strrchr(arn, ':');
    name = name ? name + 1 : arn;
    const char *sm = s->eo.state_machine_name ? s->eo.state_machine_name : "StateMachine";
    const char *acct = s->eo.account ? s->eo.account : "123456789012";
    const char *region = s->eo.region ? s->eo.region : "us-east-1";
    jv *exe = jv_object();
    exe = jv_object_set_take(exe, "Id", jv_string(arn));
    exe = jv_object_set(exe, "Input", s->input);
    exe = jv_object_set_take(exe, "StartTime", session_time(s->eo.start_time_ms));
    exe = jv_object_set_take(exe, "Name", jv_string(name));
    exe = jv_object_set_take(exe, "RoleArn", jv_string_fmt(
        "arn:aws:iam::%s:role/service-role/StepFunctions-%s-role", acct, sm));
    if (!s->eo.express)
        exe = jv_object_set_take(exe, "RedriveCount", jv_number(0));
    jv *smo = jv_object();
    smo = jv_object_set_take(smo, "Id", jv_string_fmt("arn:aws:states:%s:%s:stateMachine:%s",
                                                      region, acct, sm));
    smo = jv_object_set_take(smo, "Name", jv_string(sm));
    jv *ctx = jv_object();
    ctx = jv_object_set_take(ctx, "Execution", exe);
    ctx = jv_object_set_take(ctx, "StateMachine", smo);
    const asl_state *st = v ? v->state : exec_current_state(s->ex);
    if (st) {
        jv *so = jv_object();
        so = jv_object_set_take(so, "Name", jv_string(st->name));
        so = jv_object_set_take(so, "EnteredTime",
                                session_time(v ? v->entered_ms : exec_clock_ms(s->ex)));
        if (st->type == ASL_TASK || st->type == ASL_PARALLEL || st->type == ASL_MAP)
            so = jv_object_set_take(so, "RetryCount", jv_number(0));
        ctx = jv_object_set_take(ctx, "State", so);
    }
    return ctx;
}
