/* replayview — the recorded execution in the debugger (see replayview.h). */
#include "replayview.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "jv_text.h"

static long rv_event_id(const jv *ev);

bool rv_on(const dbg_app *a)
{
    return a->cfg.replay.on;
}

bool rv_showing(const dbg_app *a)
{
    return a->cfg.replay.on && a->rv.show;
}

/* "diverged at recorded event 15 (local 13), state 'Double': output at $.v: recorded 42,
 * local 22", or that the local run reproduces the recorded one. */
static void rv_div_text(const debugger_divergence *d, char *buf, size_t n)
{
    if (!d->diverged) {
        snprintf(buf, n, "the local run reproduces the recorded one (%zu state visits agree)",
                 d->visits);
        return;
    }
    char where[300];
    if (d->state)
        snprintf(where, sizeof where, "'%s'", d->state);
    else
        snprintf(where, sizeof where, "the execution's end");
    snprintf(buf, n, "diverged at %s (recorded event %ld, local %ld): %s%s%s: recorded %.60s, "
             "local %.60s", where, d->recorded_event, d->local_event, d->field,
             d->path && *d->path ? " at " : "", d->path ? d->path : "",
             d->recorded ? d->recorded : "(none)", d->local ? d->local : "(none)");
}

void rv_open(dbg_app *a)
{
    if (!rv_on(a))
        return;
    a->rv.pick = -1;
    a->rv.div = a->cfg.replay.div;
    size_t nv = a->cfg.replay.nvisits;
    a->rv.visit_states = jv_xcalloc(nv ? nv : 1, sizeof *a->rv.visit_states);
    for (size_t i = 0; i < nv; i++)
        a->rv.visit_states[i] = app_find_state(a, a->cfg.replay.visits[i].state);
    char div[600];
    rv_div_text(&a->rv.div, div, sizeof div);
    const char *note = a->cfg.replay.note;
    app_message(a, a->rv.div.diverged, "replay of %s: %s%s%s (:recorded lists the recorded "
                "events)", a->cfg.replay.name, note ? note : "", note ? "; " : "", div);
}

void rv_close(dbg_app *a)
{
    free(a->rv.visit_states);
    a->rv.visit_states = NULL;
}

const asl_state *rv_visit_state(const dbg_app *a, size_t i)
{
    return a->rv.visit_states && i < a->cfg.replay.nvisits ? a->rv.visit_states[i] : NULL;
}

void rv_toggle(dbg_app *a)
{
    if (!rv_on(a)) {
        app_message(a, true, ":recorded: only in `sfdbg replay` (there is no recorded execution)");
        return;
    }
    a->rv.show = !a->rv.show;
    a->rv.pick = -1;
    events_pane_follow_end(a);
    /* the recorded view opens on the event where the local run diverged */
    for (long i = 0; a->rv.show && a->rv.div.diverged && i < rv_row_count(a); i++)
        if (rv_event_id(a->cfg.replay.events[i].event) == a->rv.div.recorded_event)
            events_pane_set_cursor(a, i);
    a->subj.stale = true;
    app_message(a, false, a->rv.show ? "Events: the recorded execution (%zu events; :recorded "
                "again for the local run's)" : "Events: the local run's (%zu recorded)",
                a->cfg.replay.nevents);
    app_dirty_all(a);
}

void rv_after_change(dbg_app *a)
{
    if (!rv_on(a))
        return;
    a->rv.pick = -1;
    const sfn_exec *ex = session_exec(a->sess);
    bool ended = exec_status_of(ex) != EXEC_RUNNING;
    if (!ended) {
        a->rv.rechecked = false;
        return;
    }
    if (a->rv.rechecked || !a->cfg.replay.recheck)
        return;
    a->rv.rechecked = true;
    debugger_divergence d;
    memset(&d, 0, sizeof d);
    a->cfg.replay.recheck(a->cfg.replay.user, ex, &d);
    bool moved = d.diverged != a->rv.div.diverged || d.recorded_event != a->rv.div.recorded_event ||
                 d.local_event != a->rv.div.local_event;
    a->rv.div = d;
    char div[600];
    rv_div_text(&d, div, sizeof div);
    app_message(a, d.diverged, "the run ended: %s%s", div,
                moved ? "" : " (as when the debugger opened)");
}

/* ---- the recorded rows ---- */

long rv_row_count(const dbg_app *a)
{
    return (long)a->cfg.replay.nevents;
}

/* The event's "*EventDetails" object, NULL when it has none. */
static const jv *rv_details(const jv *ev)
{
    for (size_t i = 0; ev && jv_is_object(ev) && i < jv_object_size(ev); i++) {
        const char *k = jv_string_value(jv_object_key_at(ev, i));
        size_t len = strlen(k);
        if (len > 12 && !strcmp(k + len - 12, "EventDetails") &&
            jv_is_object(jv_object_value_at(ev, i)))
            return jv_object_value_at(ev, i);
    }
    return NULL;
}

static const char *rv_str(const jv *obj, const char *key)
{
    const jv *v = obj ? jv_object_get(obj, key) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

static long rv_event_id(const jv *ev)
{
    const jv *v = jv_object_get(ev, "id");
    return v && jv_is_number(v) ? (long)jv_number_value(v) : 0;
}

void rv_row_text(dbg_app *a, long i, int width, char *buf, size_t n, attr_t *at)
{
    const debugger_recorded_event *re = &a->cfg.replay.events[i];
    const jv *d = rv_details(re->event);
    const char *type = rv_str(re->event, "type");
    const char *error = rv_str(d, "error"), *cause = rv_str(d, "cause");
    long id = rv_event_id(re->event);
    bool div = a->rv.div.diverged && id == a->rv.div.recorded_event;
    int namew = width > 90 ? 30 : 24, statew = width > 90 ? 22 : 16;
    snprintf(buf, n, "%4ld %-*.*s %-*.*s %-9s%s%s%s%s%s", id, namew, namew, type ? type : "?",
             statew, statew, re->state ? re->state : "", re->thread,
             div ? " \xe2\x89\xa0 local differs here" : "", error ? " · " : "",
             error ? error : "", cause && *cause ? ": " : "", cause ? cause : "");
    *at = div ? a->t.attr[TA_ERROR] : error ? a->t.attr[TA_NOTE] : A_NORMAL;
}

void rv_pick(dbg_app *a, long i)
{
    if (i < 0 || i >= rv_row_count(a))
        return;
    a->rv.pick = i;
    const char *state = a->cfg.replay.events[i].state;
    const asl_state *s = state ? app_find_state(a, state) : NULL;
    if (s)
        graph_pane_follow(a, s);
    a->subj.stale = true;
    app_dirty(a, PANE_INSPECTOR);
    app_dirty(a, PANE_GRAPH);
}

void rv_title(dbg_app *a, char *buf, size_t n)
{
    const char *note = a->cfg.replay.note;
    snprintf(buf, n, "5 Recorded (%zu) · %s%s%s · :recorded: the local run ",
             a->cfg.replay.nevents, a->cfg.replay.name, note ? " · " : "", note ? note : "");
}

long rv_picked_event(dbg_app *a, const asl_state **state)
{
    *state = NULL;
    if (!rv_showing(a) || a->rv.pick < 0 || a->rv.pick >= rv_row_count(a))
        return LONG_MAX;
    const debugger_recorded_event *re = &a->cfg.replay.events[a->rv.pick];
    *state = re->state ? app_find_state(a, re->state) : NULL;
    return rv_event_id(re->event);
}

bool rv_local_diverged(const dbg_app *a, long event_id)
{
    return rv_on(a) && a->rv.div.diverged && a->rv.div.local_event == event_id;
}

bool rv_state_diverged(const dbg_app *a, const char *state)
{
    return rv_on(a) && a->rv.div.diverged && a->rv.div.state && state &&
           !strcmp(a->rv.div.state, state);
}

/* ---- the inspector on a recorded event ---- */

static bool rv_ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && !strcmp(s + n - m, tail);
}

/* Whether an event of this type carries the data field key (GetExecutionHistory's shapes). */
static bool rv_carries(const char *type, const char *key)
{
    if (!type)
        return false;
    if (!strcmp(key, "input"))
        return rv_ends_with(type, "StateEntered") || !strcmp(type, "ExecutionStarted") ||
               !strcmp(type, "LambdaFunctionScheduled") || !strcmp(type, "ActivityScheduled");
    if (!strcmp(key, "output"))
        return rv_ends_with(type, "StateExited") || !strcmp(type, "ExecutionSucceeded") ||
               !strcmp(type, "TaskSucceeded") || !strcmp(type, "LambdaFunctionSucceeded") ||
               !strcmp(type, "ActivitySucceeded");
    return !strcmp(type, "TaskScheduled");
}

/* One recorded data field (a JSON text) into tree t: the value, or why there is none. */
static void rv_add_data(jsontree *t, const char *type, const jv *d, const char *key,
                        const char *label)
{
    char detkey[64], note[160];
    snprintf(detkey, sizeof detkey, "%sDetails", key);
    const jv *det = jv_object_get(d, detkey);
    const jv *trunc = det && jv_is_object(det) ? jv_object_get(det, "truncated") : NULL;
    bool truncated = trunc && jv_is_true(trunc);
    const char *text = rv_str(d, key);
    if (!text) {
        if (det || rv_carries(type, key)) {
            snprintf(note, sizeof note, "%s: no data (recorded without execution data)", label);
            jt_add(t, NULL, NULL, note);
        }
        return;
    }
    jv *v = truncated ? NULL : jv_parse(text, strlen(text), 0, NULL);
    if (v) {
        jt_add(t, label, v, "as recorded");
        jv_unref(v);
        return;
    }
    jv *s = jv_string(text);
    jt_add(t, label, s, truncated ? "truncated in the history: not compared"
                                  : "not JSON (masked): not compared");
    jv_unref(s);
}

bool rv_fill_inspector(dbg_app *a, jsontree *const *trees)
{
    if (!rv_showing(a) || a->rv.pick < 0 || a->rv.pick >= rv_row_count(a))
        return false;
    const debugger_recorded_event *re = &a->cfg.replay.events[a->rv.pick];
    const jv *d = rv_details(re->event);
    const char *type = rv_str(re->event, "type");
    if (d) {
        rv_add_data(trees[TAB_INPUT], type, d, "input", "input");
        rv_add_data(trees[TAB_INPUT], type, d, "parameters", "parameters");
        rv_add_data(trees[TAB_OUTPUT], type, d, "output", "output");
        const char *error = rv_str(d, "error"), *cause = rv_str(d, "cause");
        if (error || cause) {
            jv *e = jv_object();
            if (error)
                e = jv_object_set_take(e, "Error", jv_string(error));
            if (cause)
                e = jv_object_set_take(e, "Cause", jv_string(cause));
            jt_add(trees[TAB_OUTPUT], "error", e, "as recorded");
            jv_unref(e);
        }
    }
    jt_add(trees[TAB_STAGES], "event", re->event, "the whole recorded event");
    const asl_state *s = re->state ? app_find_state(a, re->state) : NULL;
    jt_add(trees[TAB_DEFINITION], NULL, s ? s->json : asl_definition_json(a->cfg.def), NULL);
    for (int i = 0; i < TAB_COUNT; i++)
        if (jt_count(trees[i]) == 0)
            jt_add(trees[i], NULL, NULL, "(the recorded event has no such data: Stages shows it whole)");
    return true;
}

bool rv_inspector_title(dbg_app *a, char *buf, size_t n)
{
    if (!rv_showing(a) || a->rv.pick < 0 || a->rv.pick >= rv_row_count(a))
        return false;
    const debugger_recorded_event *re = &a->cfg.replay.events[a->rv.pick];
    const char *type = rv_str(re->event, "type");
    snprintf(buf, n, "2 Recorded event %ld %s%s%s%s%s · as recorded ", rv_event_id(re->event),
             type ? type : "?", re->state ? " · " : "", re->state ? re->state : "",
             re->thread[0] ? " · " : "", re->thread);
    return true;
}
