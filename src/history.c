/* history — a recorded history read back as threads and state visits. See history.h. */
#include "history.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history_pages.h"
#include "jv_text.h"
#include "timeutil.h"

/* How far back a visit is looked for when the previousEventId chain does not lead to it:
 * keeps a contrived history of 100,000 events from taking quadratic time. */
#define HISTORY_SCAN_BACK 2048

struct history {
    history_pages pages;
    const asl_definition *def;
    jv **owned;                 /* parsed data values and built strings */
    size_t nowned, owned_cap;
    long *ev_thread, *ev_visit; /* per event (index id - 1) */
    history_thread *threads;
    size_t nthreads, threads_cap;
    history_visit *visits;
    size_t nvisits, visits_cap;
    history_execution exec;
    history_notes notes;
    char *err;
    size_t errlen;
};

static int history_fail(history *h, const history_event_rec *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int history_fail(history *h, const history_event_rec *r, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(h->err, h->errlen, "%s: event %ld (%s): %s", h->pages.names[r->page], r->id,
             r->type, msg);
    return -1;
}

static void *history_grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    *cap = n;
    return jv_xrealloc(p, n * size);
}

static const jv *history_own(history *h, jv *v)
{
    h->owned = history_grow(h->owned, &h->owned_cap, h->nowned + 1, sizeof *h->owned);
    h->owned[h->nowned++] = v;
    return v;
}

/* ---- fields of the details ---- */

/* A string member, NULL when absent; -1 (after the message) when of another type. */
static int history_string(history *h, const history_event_rec *r, const char *key,
                          const char **out)
{
    *out = NULL;
    const jv *v = r->details ? jv_object_get(r->details, key) : NULL;
    if (!v || jv_is_null(v))
        return 0;
    if (!jv_is_string(v))
        return history_fail(h, r, "%s.%s must be a string, not %s", r->details_key, key,
                            jv_kind_name(jv_kind_of(v)));
    *out = jv_string_value(v);
    return 0;
}

/* A data member (JSON as text) with its "<key>Details": {"truncated": ...}. */
static int history_data_read(history *h, const history_event_rec *r, const char *key,
                             history_data *out)
{
    out->kind = HISTORY_DATA_NONE;
    out->value = NULL;
    const char *text;
    if (history_string(h, r, key, &text))
        return -1;
    if (!text) {
        h->notes.no_data++;
        return 0;
    }
    char dkey[64];
    snprintf(dkey, sizeof dkey, "%sDetails", key);
    const jv *d = jv_object_get(r->details, dkey);
    const jv *cut = d && jv_is_object(d) ? jv_object_get(d, "truncated") : NULL;
    if (cut && jv_is_true(cut)) {
        out->kind = HISTORY_DATA_TRUNCATED;
        h->notes.truncated++;
        return 0;
    }
    jv_parse_error perr;
    jv *v = jv_parse(text, strlen(text), 0, &perr);
    if (!v) {
        out->kind = HISTORY_DATA_MASKED;
        h->notes.masked++;
        return 0;
    }
    out->kind = HISTORY_DATA_OK;
    out->value = history_own(h, v);
    return 0;
}

static int history_error_cause(history *h, const history_event_rec *r, const char **error,
                               const char **cause)
{
    return history_string(h, r, "error", error) || history_string(h, r, "cause", cause) ? -1
                                                                                        : 0;
}

static bool history_index(const history_event_rec *r, long *out)
{
    const jv *v = r->details ? jv_object_get(r->details, "index") : NULL;
    if (!v || !jv_is_number(v) || !jv_is_integer(v) || jv_number_value(v) < 0 ||
        jv_number_value(v) > 1e9)
        return false;
    *out = (long)jv_number_value(v);
    return true;
}

/* ---- threads and visits ---- */

static long history_thread_new(history *h, history_thread_kind kind, long parent_visit,
                               long index, long first_event)
{
    h->threads = history_grow(h->threads, &h->threads_cap, h->nthreads + 1, sizeof *h->threads);
    history_thread *t = &h->threads[h->nthreads];
    memset(t, 0, sizeof *t);
    t->id = (long)h->nthreads;
    t->kind = kind;
    t->parent_visit = parent_visit;
    t->index = index;
    t->first_event = first_event;
    if (parent_visit >= 0) {
        history_visit *v = &h->visits[parent_visit];
        v->children = jv_xrealloc(v->children, (v->nchildren + 1) * sizeof *v->children);
        v->children[v->nchildren++] = t->id;
    }
    return (long)h->nthreads++;
}

static history_visit *history_current(history *h, long thread)
{
    const history_thread *t = &h->threads[thread];
    return t->nvisits ? &h->visits[t->visits[t->nvisits - 1]] : NULL;
}

static long history_prev_thread(const history *h, const history_event_rec *r)
{
    return r->previous_id > 0 ? h->ev_thread[r->previous_id - 1] : 0;
}

/* The Parallel/Map visit in progress that an event of thread t refers to: t's own current
 * visit, else its parent's, up to the execution; then any running one (latest first).
 * name NULL: any name. */
static long history_find_fanout(history *h, long t, const char *name, bool map)
{
    for (long th = t; th >= 0;) {
        const history_visit *v = history_current(h, th);
        if (v && v->running && !strcmp(v->type, map ? "Map" : "Parallel") &&
            (!name || !strcmp(v->state, name)))
            return (long)(v - h->visits);
        long pv = h->threads[th].parent_visit;
        th = pv >= 0 ? h->visits[pv].thread : -1;
    }
    size_t stop = h->nvisits > HISTORY_SCAN_BACK ? h->nvisits - HISTORY_SCAN_BACK : 0;
    for (size_t i = h->nvisits; i-- > stop;) {
        const history_visit *v = &h->visits[i];
        if (v->running && !strcmp(v->type, map ? "Map" : "Parallel") &&
            (!name || !strcmp(v->state, name)))
            return (long)i;
    }
    return -1;
}

/* The branch (Parallel) or newest iteration without visits (Map) of visit vi, of its
 * latest attempt; a Parallel's branch thread is made on its first state. */
static long history_child_for(history *h, long vi, long branch, long first_event)
{
    history_visit *v = &h->visits[vi];
    bool map = !strcmp(v->type, "Map");
    for (size_t i = v->nchildren; i-- > v->round_start;) {
        const history_thread *t = &h->threads[v->children[i]];
        if (!t->ended && (map ? t->nvisits == 0 : t->index == branch))
            return t->id;
    }
    if (map)
        return -1;
    return history_thread_new(h, HISTORY_THREAD_BRANCH, vi, branch, first_event);
}

/* Where the definition puts a state: *owner NULL at the top, else the Parallel/Map state's
 * name and the branch index. */
static int history_scope(history *h, const history_event_rec *r, const char *name,
                         const char *type, const char **owner, long *branch)
{
    *owner = NULL;
    *branch = 0;
    const asl_state *s = asl_definition_find_state(h->def, name);
    if (!s)
        return history_fail(h, r, "the definition has no state named '%s' (is it the "
                            "definition this execution ran?)", name);
    if (strcmp(asl_state_type_name(s->type), type))
        return history_fail(h, r, "'%s' is a %s state in the definition, the history has a "
                            "%s state", name, asl_state_type_name(s->type), type);
    const asl_state *parent = s->owner ? s->owner->parent : NULL;
    if (!parent)
        return 0;
    *owner = parent->name;
    for (size_t i = 0; i < parent->nbranches; i++)
        if (parent->branches[i] == s->owner)
            *branch = (long)i;
    return 0;
}

static bool history_thread_in_scope(const history *h, long t, const char *owner, long branch)
{
    const history_thread *th = &h->threads[t];
    if (th->parent_visit < 0)
        return owner == NULL;
    const history_visit *pv = &h->visits[th->parent_visit];
    return owner && !strcmp(pv->state, owner) &&
           (th->kind == HISTORY_THREAD_ITERATION || th->index == branch);
}

/* The thread a StateEntered goes to: its previous event's, unless the definition puts the
 * state elsewhere (a sequential history's next branch) or the previous event starts a
 * Parallel's branches. */
static long history_entered_thread(history *h, const history_event_rec *r, const char *name,
                                   const char *type)
{
    long t = history_prev_thread(h, r);
    const history_event_rec *p = r->previous_id > 0 ? &h->pages.events[r->previous_id - 1] : NULL;
    bool parallel_start = p && p->kind == HEV_FANOUT_STARTED && !p->map;
    if (!h->def) {
        if (parallel_start) {
            long vi = h->ev_visit[p->id - 1];
            const history_visit *v = &h->visits[vi];
            return history_child_for(h, vi, (long)(v->nchildren - v->round_start), r->id);
        }
        return t;
    }
    const char *owner;
    long branch;
    if (history_scope(h, r, name, type, &owner, &branch))
        return -2;
    if (!parallel_start && history_thread_in_scope(h, t, owner, branch) &&
        !h->threads[t].ended)
        return t;
    if (!owner)
        return 0;
    const asl_state *os = asl_definition_find_state(h->def, owner);
    long vi = history_find_fanout(h, t, owner, os && os->type == ASL_MAP);
    long child = vi >= 0 ? history_child_for(h, vi, branch, r->id) : -1;
    if (child < 0) {
        history_fail(h, r, "'%s' runs inside '%s', which is not running at this point",
                     name, owner);
        return -2;
    }
    return child;
}

static int history_on_entered(history *h, const history_event_rec *r)
{
    const char *name;
    if (history_string(h, r, "name", &name))
        return -1;
    if (!name)
        return history_fail(h, r, "no %s.name", r->details_key ? r->details_key
                                                              : "stateEnteredEventDetails");
    char type[32];
    history_pages_state_type(r->type, type, sizeof type);
    long t = history_entered_thread(h, r, name, type);
    if (t < 0)
        return -1;
    h->visits = history_grow(h->visits, &h->visits_cap, h->nvisits + 1, sizeof *h->visits);
    history_visit *v = &h->visits[h->nvisits];
    memset(v, 0, sizeof *v);
    v->state = name;
    v->type = jv_string_value(history_own(h, jv_string(type)));
    v->thread = t;
    v->entered_id = r->id;
    v->map_length = -1;
    if (history_data_read(h, r, "input", &v->input))
        return -1;
    history_thread *th = &h->threads[t];
    th->visits = jv_xrealloc(th->visits, (th->nvisits + 1) * sizeof *th->visits);
    th->visits[th->nvisits++] = h->nvisits;
    if (th->nvisits == 1 && !th->first_event)
        th->first_event = r->id;
    h->ev_thread[r->id - 1] = t;
    h->ev_visit[r->id - 1] = (long)h->nvisits++;
    return 0;
}

/* The open visit of state name an exit or abort closes. */
static long history_open_visit(history *h, const history_event_rec *r, const char *name)
{
    const history_visit *cur = history_current(h, history_prev_thread(h, r));
    if (cur && !cur->exited_id && (!name || !strcmp(cur->state, name)))
        return (long)(cur - h->visits);
    size_t stop = h->nvisits > HISTORY_SCAN_BACK ? h->nvisits - HISTORY_SCAN_BACK : 0;
    for (size_t i = h->nvisits; name && i-- > stop;)
        if (!h->visits[i].exited_id && !strcmp(h->visits[i].state, name))
            return (long)i;
    return -1;
}

static int history_on_exited(history *h, const history_event_rec *r)
{
    const char *name = NULL;
    if (r->kind == HEV_STATE_EXITED) {
        if (history_string(h, r, "name", &name))
            return -1;
        if (!name)
            return history_fail(h, r, "no stateExitedEventDetails.name");
    }
    long vi = history_open_visit(h, r, name);
    if (vi < 0)
        return name ? history_fail(h, r, "'%s' exits, but was not entered (no visit of it is "
                                   "open in its thread or among the last %d visits)", name,
                                   HISTORY_SCAN_BACK)
                    : history_fail(h, r, "no state is in progress to abort");
    history_visit *v = &h->visits[vi];
    v->exited_id = r->id;
    if (r->kind == HEV_STATE_ABORTED)
        v->end_type = r->type;
    else if (history_data_read(h, r, "output", &v->output))
        return -1;
    h->ev_thread[r->id - 1] = v->thread;
    h->ev_visit[r->id - 1] = vi;
    return 0;
}

static history_visit *history_task_visit(history *h, const history_event_rec *r)
{
    history_visit *v = history_current(h, history_prev_thread(h, r));
    if (v && !v->exited_id && !strcmp(v->type, "Task"))
        return v;
    return NULL;
}

static int history_on_scheduled(history *h, history_visit *v, const history_event_rec *r)
{
    v->attempts = jv_xrealloc(v->attempts, (v->nattempts + 1) * sizeof *v->attempts);
    history_attempt *a = &v->attempts[v->nattempts++];
    memset(a, 0, sizeof *a);
    a->scheduled_id = r->id;
    const char *type = NULL, *res = NULL;
    if (history_string(h, r, "resourceType", &type) || history_string(h, r, "resource", &res))
        return -1;
    if (!res)
        return history_fail(h, r, "no %s.resource", r->details_key);
    a->resource = type ? jv_string_value(history_own(h, jv_string_fmt("%s:%s", type, res)))
                       : res;
    return history_data_read(h, r, strcmp(r->type, "TaskScheduled") ? "input" : "parameters",
                             &a->parameters);
}

static int history_on_task(history *h, const history_event_rec *r)
{
    history_visit *v = history_task_visit(h, r);
    if (!v)
        return history_fail(h, r, "the event belongs to no Task state in progress");
    h->ev_thread[r->id - 1] = v->thread;
    h->ev_visit[r->id - 1] = (long)(v - h->visits);
    if (r->kind == HEV_TASK_SCHEDULED)
        return history_on_scheduled(h, v, r);
    if (!v->nattempts)
        return history_fail(h, r, "the task '%s' was not scheduled", v->state);
    history_attempt *a = &v->attempts[v->nattempts - 1];
    if (r->kind == HEV_TASK_PROGRESS)
        return 0;
    if (a->outcome != HISTORY_OUTCOME_NONE)
        return history_fail(h, r, "the task '%s' already ended at event %ld", v->state,
                            a->outcome_id);
    a->outcome_id = r->id;
    if (r->kind == HEV_TASK_SUCCEEDED) {
        a->outcome = HISTORY_OUTCOME_SUCCEEDED;
        return history_data_read(h, r, "output", &a->output);
    }
    a->outcome = r->kind == HEV_TASK_FAILED ? HISTORY_OUTCOME_FAILED : HISTORY_OUTCOME_TIMED_OUT;
    return history_error_cause(h, r, &a->error, &a->cause);
}

static int history_on_fanout_started(history *h, const history_event_rec *r)
{
    history_visit *v = history_current(h, history_prev_thread(h, r));
    if (!v || v->exited_id || strcmp(v->type, r->map ? "Map" : "Parallel")) {
        long vi = history_open_visit(h, r, NULL);
        v = vi >= 0 && !strcmp(h->visits[vi].type, r->map ? "Map" : "Parallel") ? &h->visits[vi]
                                                                               : NULL;
    }
    if (!v)
        return history_fail(h, r, "no %s state is in progress", r->map ? "Map" : "Parallel");
    v->running = true;
    v->round_start = v->nchildren;
    v->end_type = NULL;
    const jv *len = r->details ? jv_object_get(r->details, "length") : NULL;
    if (len && jv_is_number(len))
        v->map_length = (long)jv_number_value(len);
    h->ev_thread[r->id - 1] = v->thread;
    h->ev_visit[r->id - 1] = (long)(v - h->visits);
    return 0;
}

static int history_on_fanout_end(history *h, const history_event_rec *r)
{
    long vi = history_find_fanout(h, history_prev_thread(h, r), NULL, r->map);
    if (vi < 0)
        return history_fail(h, r, "no %s state's branches are running", r->map ? "Map"
                                                                                : "Parallel");
    history_visit *v = &h->visits[vi];
    v->running = false;
    v->end_type = r->type;
    for (size_t i = v->round_start; i < v->nchildren; i++)
        h->threads[v->children[i]].ended = true;
    h->ev_thread[r->id - 1] = v->thread;
    h->ev_visit[r->id - 1] = vi;
    return 0;
}

static int history_on_iteration(history *h, const history_event_rec *r)
{
    const char *name;
    long index;
    if (history_string(h, r, "name", &name))
        return -1;
    if (!name || !history_index(r, &index))
        return history_fail(h, r, "%s needs \"name\" (the Map state) and \"index\" (a "
                            "non-negative integer)", r->details_key);
    long vi = history_find_fanout(h, history_prev_thread(h, r), name, true);
    if (vi < 0)
        return history_fail(h, r, "the Map state '%s' is not running", name);
    history_visit *v = &h->visits[vi];
    h->ev_visit[r->id - 1] = vi;
    if (r->kind == HEV_ITERATION_STARTED) {
        h->ev_thread[r->id - 1] = history_thread_new(h, HISTORY_THREAD_ITERATION, vi, index, r->id);
        return 0;
    }
    for (size_t i = v->nchildren; i-- > v->round_start;) {
        history_thread *t = &h->threads[v->children[i]];
        if (t->index == index && !t->ended) {
            t->ended = true;
            t->end_type = r->type;
            h->ev_thread[r->id - 1] = v->thread;
            return 0;
        }
    }
    return history_fail(h, r, "iteration %ld of '%s' was not started", index, name);
}

static int history_on_execution(history *h, const history_event_rec *r)
{
    history_execution *x = &h->exec;
    h->ev_thread[r->id - 1] = 0;
    if (r->kind == HEV_EXECUTION_STARTED) {
        const jv *ts = jv_object_get(r->json, "timestamp");
        asl_instant t;
        if (ts && jv_is_number(ts)) {
            x->start_ms = (int64_t)llround(jv_number_value(ts) * 1000.0);
            x->has_start = true;
        } else if (ts && jv_is_string(ts) && timeutil_parse(jv_string_value(ts), &t)) {
            x->start_ms = timeutil_to_ms(t);
            x->has_start = true;
        }
        if (history_string(h, r, "roleArn", &x->role_arn))
            return -1;
        return history_data_read(h, r, "input", &x->input);
    }
    static const char *const statuses[][2] = {
        {"ExecutionSucceeded", "SUCCEEDED"}, {"ExecutionFailed", "FAILED"},
        {"ExecutionTimedOut", "TIMED_OUT"}, {"ExecutionAborted", "ABORTED"},
    };
    for (size_t i = 0; i < 4; i++)
        if (!strcmp(r->type, statuses[i][0]))
            x->status = statuses[i][1];
    if (!strcmp(r->type, "ExecutionSucceeded"))
        return history_data_read(h, r, "output", &x->output);
    return history_error_cause(h, r, &x->error, &x->cause);
}

static int history_on_event(history *h, const history_event_rec *r)
{
    h->ev_thread[r->id - 1] = history_prev_thread(h, r);
    h->ev_visit[r->id - 1] = r->previous_id > 0 ? h->ev_visit[r->previous_id - 1] : -1;
    switch (r->kind) {
    case HEV_EXECUTION_STARTED:
        if (r->id != 1)
            return history_fail(h, r, "a second ExecutionStarted");
        return history_on_execution(h, r);
    case HEV_EXECUTION_END:
        h->ev_visit[r->id - 1] = -1;
        return history_on_execution(h, r);
    case HEV_STATE_ENTERED:
        return history_on_entered(h, r);
    case HEV_STATE_EXITED:
    case HEV_STATE_ABORTED:
        return history_on_exited(h, r);
    case HEV_TASK_SCHEDULED:
    case HEV_TASK_PROGRESS:
    case HEV_TASK_SUCCEEDED:
    case HEV_TASK_FAILED:
    case HEV_TASK_TIMED_OUT:
        return history_on_task(h, r);
    case HEV_FANOUT_STARTED:
        return history_on_fanout_started(h, r);
    case HEV_FANOUT_END:
        return history_on_fanout_end(h, r);
    case HEV_ITERATION_STARTED:
    case HEV_ITERATION_END:
        return history_on_iteration(h, r);
    case HEV_OTHER:
        return 0;
    }
    return 0;
}

static history *history_build(history *h, const asl_definition *def, char *err, size_t errlen)
{
    h->def = def;
    h->err = err;
    h->errlen = errlen;
    size_t n = h->pages.nevents;
    h->ev_thread = jv_xcalloc(n, sizeof *h->ev_thread);
    h->ev_visit = jv_xcalloc(n, sizeof *h->ev_visit);
    h->exec.status = "RUNNING";
    h->notes.more_pages = h->pages.more_pages;
    h->notes.reversed = h->pages.reversed;
    history_thread_new(h, HISTORY_THREAD_EXECUTION, -1, 0, 1);
    for (size_t i = 0; i < n; i++)
        if (history_on_event(h, &h->pages.events[i])) {
            history_free(h);
            return NULL;
        }
    h->err = NULL;
    return h;
}

history *history_load(const char *const *paths, size_t npaths, const asl_definition *def,
                      char *err, size_t errlen)
{
    history *h = jv_xcalloc(1, sizeof *h);
    if (history_pages_load(&h->pages, paths, npaths, err, errlen)) {
        history_free(h);
        return NULL;
    }
    return history_build(h, def, err, errlen);
}

history *history_from_page(const jv *page, const char *name, const asl_definition *def,
                           char *err, size_t errlen)
{
    history *h = jv_xcalloc(1, sizeof *h);
    if (history_pages_from_value(&h->pages, page, name, err, errlen)) {
        history_free(h);
        return NULL;
    }
    return history_build(h, def, err, errlen);
}

void history_free(history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->nvisits; i++) {
        free(h->visits[i].attempts);
        free(h->visits[i].children);
    }
    for (size_t i = 0; i < h->nthreads; i++)
        free(h->threads[i].visits);
    for (size_t i = 0; i < h->nowned; i++)
        jv_unref(h->owned[i]);
    free(h->owned);
    free(h->visits);
    free(h->threads);
    free(h->ev_thread);
    free(h->ev_visit);
    history_pages_cleanup(&h->pages);
    free(h);
}

size_t history_event_count(const history *h) { return h->pages.nevents; }

const jv *history_event(const history *h, long id)
{
    return id >= 1 && (size_t)id <= h->pages.nevents ? h->pages.events[id - 1].json : NULL;
}

const char *history_event_type(const history *h, long id)
{
    return id >= 1 && (size_t)id <= h->pages.nevents ? h->pages.events[id - 1].type : NULL;
}

long history_event_thread(const history *h, long id)
{
    return id >= 1 && (size_t)id <= h->pages.nevents ? h->ev_thread[id - 1] : -1;
}

long history_event_visit(const history *h, long id)
{
    return id >= 1 && (size_t)id <= h->pages.nevents ? h->ev_visit[id - 1] : -1;
}

const history_execution *history_execution_of(const history *h) { return &h->exec; }
const history_notes *history_notes_of(const history *h) { return &h->notes; }
size_t history_thread_count(const history *h) { return h->nthreads; }

const history_thread *history_thread_at(const history *h, size_t i)
{
    return i < h->nthreads ? &h->threads[i] : NULL;
}

size_t history_visit_count(const history *h) { return h->nvisits; }

const history_visit *history_visit_at(const history *h, size_t i)
{
    return i < h->nvisits ? &h->visits[i] : NULL;
}

const char *history_data_kind_name(history_data_kind k)
{
    static const char *const names[] = {"no data", "", "truncated", "masked"};
    return names[k];
}
