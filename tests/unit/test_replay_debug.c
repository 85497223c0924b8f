/* Unit tests: what `sfdbg replay` hands the debugger (src/replay_debug.c) — the recorded
 * events with their states, branches and iterations, the recorded visits, what a redacted
 * history lacks, the divergence copied, and the recheck of a run that ended (reproducing,
 * then diverging). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "src/replay_answers.h"
#include "src/replay_debug.h"
#include "tap.h"

#define DIR "tests/replay/"

static asl_definition *load_def(bool changed)
{
    size_t len;
    char *text = tap_read_file(DIR "fanout.asl.json", &len);
    if (text && changed) {
        char *at = strstr(text, "States.MathAdd($.n, $.n)");
        if (at)
            memcpy(at, "States.MathAdd($.n,   1)", 24);
    }
    asl_definition *def = text ? defload(text) : NULL;
    free(text);
    return def;
}

static history *load(const char *file, const asl_definition *def)
{
    const char *paths[] = {file};
    char err[512];
    history *h = history_load(paths, 1, def, err, sizeof err);
    if (!h)
        tap_diag("%s: %s", file, err);
    return h;
}

static const debugger_recorded_event *event_of(const debugger_replay *r, const char *type,
                                               const char *state, size_t nth)
{
    for (size_t i = 0; i < r->nevents; i++) {
        const jv *t = jv_object_get(r->events[i].event, "type");
        if (t && !strcmp(jv_string_value(t), type) &&
            (!state || (r->events[i].state && !strcmp(r->events[i].state, state))) && nth-- == 0)
            return &r->events[i];
    }
    return NULL;
}

static void test_events(const asl_definition *def)
{
    history *h = load(DIR "fanout.aws.history.json", def);
    if (!tap_ok(h != NULL, "the AWS-shaped history loads"))
        return;
    replay_debug *v = replay_debug_new(h, def, "some/dir/prod.json", NULL);
    const debugger_replay *r = replay_debug_config(v);
    tap_ok(r->on && r->recheck && r->user, "on, with its recheck");
    tap_is_str(r->name, "prod.json", "the history's file by its base name");
    tap_ok(r->nevents == 33, "33 recorded events (%zu)", r->nevents);
    tap_ok(r->note == NULL, "a complete history: no note");
    tap_ok(!r->div.diverged && r->div.state == NULL, "no divergence given: none");
    const debugger_recorded_event *e = event_of(r, "PassStateEntered", "Double", 0);
    tap_ok(e && !strcmp(e->thread, "branch 0"), "Double's events are in branch 0 (%s)",
           e ? e->thread : "none");
    e = event_of(r, "LambdaFunctionScheduled", NULL, 0);
    tap_ok(e && e->state && !strcmp(e->state, "Score") && !strcmp(e->thread, "branch 1"),
           "a task event has its state and branch (%s %s)", e && e->state ? e->state : "-",
           e ? e->thread : "-");
    e = event_of(r, "MapIterationSucceeded", NULL, 1);
    tap_ok(e && !strncmp(e->thread, "iter ", 5), "a Map iteration event names its iteration (%s)",
           e ? e->thread : "none");
    e = event_of(r, "ExecutionStarted", NULL, 0);
    tap_ok(e && !e->state && !e->thread[0], "the execution's events: no state, no thread");
    size_t tags = 0, fetch_retries = 0, open = 0;
    for (size_t i = 0; i < r->nvisits; i++) {
        tags += !strcmp(r->visits[i].state, "Tag");
        if (!strcmp(r->visits[i].state, "Fetch"))
            fetch_retries = (size_t)r->visits[i].retries;
        open += r->visits[i].exited_id == 0 || r->visits[i].entered_id <= 0;
    }
    tap_ok(tags == 2 && fetch_retries == 1 && open == 0,
           "the visits: Tag twice, Fetch retried once, every visit entered and exited");
    replay_debug_free(v);
    history_free(h);
}

static void test_redacted(const asl_definition *def)
{
    history *h = load(DIR "fanout.redacted.history.json", def);
    if (!tap_ok(h != NULL, "the redacted history loads"))
        return;
    replay_debug *v = replay_debug_new(h, def, "r.json", NULL);
    const char *note = replay_debug_config(v)->note;
    tap_ok(note && strstr(note, "fields without data") && strstr(note, "not compared"),
           "a redacted history: the note says what it lacks (%s)", note ? note : "none");
    replay_debug_free(v);
    history_free(h);
}

/* The definition run on the recorded answers to its end. */
static sfn_exec *run_local(const asl_definition *def, const history *h, replay_answers *ans)
{
    task_resolver r = {"history", replay_answers_resolve, ans};
    exec_options eo;
    exec_options_init(&eo);
    eo.resolvers = &r;
    eo.nresolvers = 1;
    eo.has_seed = true;
    eo.record_history = true;
    jv *input = jv_parse_cstr("{\"id\":\"o-1\"}", NULL);
    sfn_exec *ex = exec_new(def, input, &eo);
    exec_run(ex, 1000);
    jv_unref(input);
    return ex;
}

static void test_recheck(const asl_definition *def, const asl_definition *changed)
{
    history *h = load(DIR "fanout.aws.history.json", def);
    if (!h)
        return;
    replay_diff given;
    memset(&given, 0, sizeof given);
    given.diverged = true;
    given.recorded_event = 15;
    given.local_event = 13;
    given.state = "Double";
    snprintf(given.field, sizeof given.field, "output");
    snprintf(given.path, sizeof given.path, "$.v");
    given.recorded = jv_xstrdup("42");
    given.local = jv_xstrdup("22");
    replay_debug *v = replay_debug_new(h, def, "h.json", &given);
    replay_diff_cleanup(&given);
    const debugger_replay *r = replay_debug_config(v);
    tap_ok(r->div.diverged && r->div.recorded_event == 15 && r->div.local_event == 13 &&
               !strcmp(r->div.state, "Double") && !strcmp(r->div.field, "output") &&
               !strcmp(r->div.path, "$.v") && !strcmp(r->div.recorded, "42") &&
               !strcmp(r->div.local, "22"),
           "the divergence given is copied (its strings outlive the diff)");

    replay_answers *ans = replay_answers_new(h);
    sfn_exec *ex = run_local(def, h, ans);
    debugger_divergence d;
    memset(&d, 0, sizeof d);
    r->recheck(r->user, ex, &d);
    tap_ok(!d.diverged && d.visits > 0, "recheck: the definition's run reproduces the record "
           "(%zu visits)", d.visits);
    exec_free(ex);
    replay_answers_free(ans);

    ans = replay_answers_new(h);
    ex = run_local(changed, h, ans);
    r->recheck(r->user, ex, &d);
    tap_ok(d.diverged && d.state && !strcmp(d.state, "Double") && !strcmp(d.field, "output") &&
               !strcmp(d.path, "$.v") && !strcmp(d.recorded, "42") && !strcmp(d.local, "22"),
           "recheck: a changed state diverges there (%s %s %s: %s / %s)",
           d.state ? d.state : "-", d.field ? d.field : "-", d.path ? d.path : "-",
           d.recorded ? d.recorded : "-", d.local ? d.local : "-");
    tap_ok(d.recorded_event == 15, "... at the recorded event of its output (%ld)",
           d.recorded_event);
    exec_free(ex);
    replay_answers_free(ans);
    replay_debug_free(v);
    history_free(h);
}

int main(void)
{
    asl_definition *def = load_def(false), *changed = load_def(true);
    if (!tap_ok(def && changed, "the fanout definition loads (and its changed copy)"))
        return tap_done();
    test_events(def);
    test_redacted(def);
    test_recheck(def, changed);
    asl_definition_free(def);
    asl_definition_free(changed);
    return tap_done();
}
