/* serve_teststate — TestState: one state run on its own, as AWS's TestState API does.
 *
 * The state (a lone state's definition, or stateName in a whole machine's) is put in a
 * machine of its own — its transition targets (Next, Default, the Choices' and the
 * catchers' Next) become Succeed states — and that machine takes one step: the state's
 * outcome, its data-flow record (inspectionData) and where it went (nextState). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "serve_internal.h"
#include "serve_mock_check.h"
#include "serve_teststate.h"
#include "taskwait.h"
#include "timeutil.h"

/* A lone state's name, as AWS's TestState calls it in $$.State.Name. */
#define TS_LONE_NAME "TestState"

/* ---- the machine of one state ---- */

static jv *ts_stub(jv *states, const jv *name, const char *self)
{
    if (!name || !jv_is_string(name) || !strcmp(jv_string_value(name), self) ||
        jv_object_has(states, jv_string_value(name)))
        return states;
    return jv_object_set_take(states, jv_string_value(name),
                              jv_object_set_take(jv_object(), "Type", jv_string("Succeed")));
}

/* Succeed states for each of the state's transition targets. */
static jv *ts_stubs(jv *states, const jv *state, const char *self)
{
    states = ts_stub(states, jv_object_get(state, "Next"), self);
    states = ts_stub(states, jv_object_get(state, "Default"), self);
    static const char *const lists[] = {"Choices", "Catch"};
    for (size_t l = 0; l < 2; l++) {
        const jv *a = jv_object_get(state, lists[l]);
        for (size_t i = 0; a && jv_is_array(a) && i < jv_array_length(a); i++) {
            const jv *item = jv_array_get(a, i);
            if (jv_is_object(item))
                states = ts_stub(states, jv_object_get(item, "Next"), self);
        }
    }
    return states;
}

/* The state's JSON and name in the request's definition (a new reference); NULL with e. */
static jv *ts_find_state(const jv *req, char *name, size_t n, bool *jsonata, serve_error *e)
{
    const char *text = serve_req_string(req, "definition");
    const char *state_name = serve_req_string(req, "stateName");
    if (state_name) {
        asl_definition *whole = serve_machine_load(text, false, e);
        if (!whole)
            return NULL;
        const asl_state *s = asl_definition_find_state(whole, state_name);
        jv *json = s ? jv_ref(s->json) : NULL;
        *jsonata = s && s->jsonata;
        asl_definition_free(whole);
        if (!json)
            serve_fail(e, "ValidationException", "stateName: the definition has no state "
                       "'%s'", state_name);
        snprintf(name, n, "%s", state_name);
        return json;
    }
    jv_parse_error perr;
    jv *json = jv_parse(text, strlen(text), 0, &perr);
    if (!json)
        return serve_fail(e, "InvalidDefinition", "Invalid State Machine Definition: "
                          "'INVALID_JSON_DESCRIPTION: %s at line %d, column %d'", perr.message,
                          perr.line, perr.column), NULL;
    if (!jv_is_object(json) || jv_object_has(json, "StartAt") || !jv_object_has(json, "Type")) {
        jv_unref(json);
        return serve_fail(e, "InvalidDefinition", "Invalid State Machine Definition: without "
                          "stateName the definition is one state (an object with \"Type\"); "
                          "for a whole state machine give stateName too"), NULL;
    }
    const jv *ql = jv_object_get(json, "QueryLanguage");
    *jsonata = ql && jv_is_string(ql) && !strcmp(jv_string_value(ql), "JSONata");
    snprintf(name, n, "%s", TS_LONE_NAME);
    return json;
}

static asl_definition *ts_machine(const jv *req, ts_request *t, char *name, size_t n,
                                  serve_error *e)
{
    bool jsonata;
    jv *found = ts_find_state(req, name, n, &jsonata, e);
    jv *state = found ? ts_fanout_stand_in(found, t, e) : NULL;
    jv_unref(found);
    if (!state)
        return NULL;
    jv *states = ts_stubs(jv_object_set(jv_object(), name, state), state, name);
    jv *m = jv_object_set_take(jv_object(), "QueryLanguage",
                               jv_string(jsonata ? "JSONata" : "JSONPath"));
    m = jv_object_set_take(m, "StartAt", jv_string(name));
    m = jv_object_set_take(m, "States", states);
    char *text = jv_dump_string(m, 0);
    jv_unref(m);
    jv_unref(state);
    asl_definition *def = serve_machine_load(text, false, e);
    free(text);
    return def;
}

/* mock.fieldValidationMode: a request-response call's mocked result against the action's
 * result shape, for the actions sfdbg answers itself (serve_mock_check.h). */
static bool ts_check_mock_result(const asl_state *s, const ts_request *t, serve_error *e)
{
    const asl_resource_info *ri = &s->task.resource_info;
    if (!t->mock_result || !strcmp(t->validation_mode, "NONE") ||
        ri->pattern != ASL_PATTERN_REQUEST_RESPONSE ||
        (ri->kind != ASL_RESOURCE_OPTIMIZED && ri->kind != ASL_RESOURCE_SDK))
        return true;
    char err[600];
    bool checked;
    if (serve_mock_check(ri->service, ri->service_len, ri->action, ri->action_len,
                         t->mock_result, !strcmp(t->validation_mode, "STRICT"), &checked, err,
                         sizeof err))
        return true;
    return serve_fail(e, "ValidationException", "mock.result does not match the result of "
                      "%.*s:%.*s (fieldValidationMode %s): %s", (int)ri->service_len,
                      ri->service, (int)ri->action_len, ri->action, t->validation_mode, err),
           false;
}

/* The state types and task patterns TestState runs here. */
static bool ts_check_state(const asl_state *s, const ts_request *t, serve_error *e)
{
    if (t->has_mock && s->type != ASL_TASK && s->type != ASL_MAP && s->type != ASL_PARALLEL)
        return serve_fail(e, "ValidationException", "a mock is for a Task, Map or Parallel "
                          "state; '%s' is a %s state", s->name, asl_state_type_name(s->type)),
               false;
    const asl_resource_info *ri = &s->task.resource_info;
    if (s->type == ASL_TASK && !t->has_mock &&
        (ri->kind == ASL_RESOURCE_ACTIVITY || ri->pattern != ASL_PATTERN_REQUEST_RESPONSE))
        return serve_fail(e, "ValidationException", "TestState runs an activity, .sync or "
                          ".waitForTaskToken task only with a mock ('%s')", s->name), false;
    return s->type != ASL_TASK || ts_check_mock_result(s, t, e);
}

/* ---- running it ---- */

static task_answer_kind ts_mock_resolve(void *user, const task_call *call, task_answer *out)
{
    const ts_request *t = user;
    out->source = jv_xstrdup("the TestState request's mock");
    if (!t->mock_error) {
        out->kind = TASK_RESULT;
        out->result = jv_ref(t->mock_result);
        out->final = true;
        return out->kind;
    }
    const char *name = t->mock_error_name;
    out->kind = name && (!strcmp(name, "States.Timeout") || !strcmp(name, "States.HeartbeatTimeout"))
                    ? TASK_TIMEOUT : TASK_ERROR;
    out->error.name = name ? jv_xstrdup(name) : NULL;
    out->error.cause = t->mock_cause ? jv_xstrdup(t->mock_cause) : NULL;
    return out->kind;
}

/* One step (registry locked), a task in flight waited for with the lock let go. */
static exec_step_result ts_step(serve_registry *r, sfn_exec *ex)
{
    exec_step_result s = exec_step(ex);
    while (s.kind == EXEC_STEP_IN_FLIGHT) {
        while (!exec_task_progress(ex)) {
            pthread_mutex_unlock(&r->mu);
            taskwait_once(ex);
            pthread_mutex_lock(&r->mu);
        }
        s = exec_step(ex);
    }
    return s;
}

static jv *ts_text(jv *o, const char *key, const jv *v)
{
    if (!v)
        return o;
    char *text = jv_dump_string(v, 0);
    o = jv_object_set_take(o, key, jv_string(text));
    free(text);
    return o;
}

/* errorDetails: the retrier that will retry (and its wait) or the catcher that caught. */
static jv *ts_error_details(jv *d, const exec_visit *v, exec_step_kind kind)
{
    jv *ed = NULL;
    if (kind == EXEC_STEP_RETRY && exec_visit_details(v)->retry_index >= 0) {
        ed = jv_object_set_take(jv_object(), "retryIndex",
                                jv_number((double)exec_visit_details(v)->retry_index));
        ed = jv_object_set_take(ed, "retryBackoffIntervalSeconds",
                                jv_number((double)(exec_visit_details(v)->retry_delay_ms / 1000)));
    } else if (kind == EXEC_STEP_CAUGHT && exec_visit_details(v)->catch_index >= 0) {
        ed = jv_object_set_take(jv_object(), "catchIndex",
                                jv_number((double)exec_visit_details(v)->catch_index));
    }
    return ed ? jv_object_set_take(d, "errorDetails", ed) : d;
}

static jv *ts_inspection(const sfn_exec *ex, const exec_visit *v, exec_step_kind kind)
{
    jv *d = jv_object();
    if (v)
        d = ts_error_details(d, v, kind);
    jv *vars = exec_frame_variables(ex, 0);
    if (vars && jv_is_object(vars) && jv_object_size(vars))
        d = ts_text(d, "variables", vars);
    jv_unref(vars);
    for (int s = 0; v && s < EXEC_STAGE_COUNT; s++) {
        if (s == EXEC_STAGE_OUTPUT)
            continue;
        const char *name = exec_stage_name((exec_stage)s);
        if (s == EXEC_STAGE_AFTER_PARAMETERS && v->state->jsonata)
            name = "afterArguments";
        d = ts_text(d, name, exec_visit_stage(v, s));
    }
    return d;
}

/* A failed attempt's error and cause: its visit's, else the latest task failure's. */
static void ts_failure(const sfn_exec *ex, const exec_visit *v, const char **error,
                       const char **cause)
{
    *error = v ? exec_visit_details(v)->error : NULL;
    *cause = v ? exec_visit_details(v)->cause : NULL;
    for (size_t i = exec_event_count(ex); !*error && i-- > 0;) {
        const exec_event *ev = exec_event_at(ex, i);
        if (ev->type == EV_TASK_FAILED || ev->type == EV_TASK_TIMED_OUT) {
            *error = exec_event_details(ev)->error;
            *cause = exec_event_details(ev)->cause;
        }
    }
}

/* TestState's answer from the step's outcome. */
static char *ts_answer(const sfn_exec *ex, exec_step_result s, const ts_request *t)
{
    const exec_visit *v = s.visit >= 0 ? exec_visit_at(ex, (size_t)s.visit) : NULL;
    exec_status st = exec_status_of(ex);
    const char *status = st == EXEC_SUCCEEDED ? "SUCCEEDED"
                         : st != EXEC_RUNNING ? "FAILED"
                         : s.kind == EXEC_STEP_RETRY ? "RETRIABLE"
                         : s.kind == EXEC_STEP_CAUGHT ? "CAUGHT_ERROR" : "SUCCEEDED";
    jv *o = jv_object();
    if (st == EXEC_SUCCEEDED)
        o = ts_text(o, "output", exec_output(ex));
    else if (st == EXEC_RUNNING && s.kind != EXEC_STEP_RETRY)
        o = ts_text(o, "output", exec_current_input(ex));
    const char *error = exec_error(ex), *cause = exec_cause(ex);
    if (st == EXEC_RUNNING)
        ts_failure(ex, v, &error, &cause);
    if (strcmp(status, "SUCCEEDED") && error)
        o = jv_object_set_take(o, "error", jv_string(error));
    if (strcmp(status, "SUCCEEDED") && cause)
        o = jv_object_set_take(o, "cause", jv_string(cause));
    if (st == EXEC_RUNNING && s.kind != EXEC_STEP_RETRY && exec_current_state(ex))
        o = jv_object_set_take(o, "nextState", jv_string(exec_current_state(ex)->name));
    if (t->debug)
        o = jv_object_set_take(o, "inspectionData", ts_inspection(ex, v, s.kind));
    o = jv_object_set_take(o, "status", jv_string(status));
    return serve_view_dump_take(o);
}

static bool ts_set_variables(sfn_exec *ex, const ts_request *t, serve_error *e);
static char *ts_steps(serve_registry *r, sfn_exec *ex, const ts_request *t);

static char *ts_run(serve_registry *r, const asl_definition *def, ts_request *t,
                    serve_error *e)
{
    exec_options eo;
    exec_options_init(&eo);
    eo.state_machine_name = "TestState";
    eo.region = r->cfg.region;
    eo.account = r->cfg.account;
    eo.start_time_ms = r->cfg.has_start_time ? r->cfg.start_time_ms : timeutil_now_ms();
    eo.has_seed = r->cfg.has_seed;
    eo.seed = r->cfg.seed;
    eo.max_payload = r->cfg.max_payload;
    task_resolver mock = {"TestState mock", ts_mock_resolve, t};
    eo.resolvers = t->has_mock ? &mock : r->cfg.resolvers;
    eo.nresolvers = t->has_mock ? 1 : r->cfg.nresolvers;
    eo.s3 = r->cfg.s3;
    eo.context = t->context;
    pthread_mutex_lock(&r->mu);
    sfn_exec *ex = exec_new(def, t->input, &eo);
    char *out = ts_set_variables(ex, t, e) ? ts_steps(r, ex, t) : NULL;
    exec_free(ex);
    pthread_mutex_unlock(&r->mu);
    return out;
}

/* variables: each one set in the machine's scope before the state runs. */
static bool ts_set_variables(sfn_exec *ex, const ts_request *t, serve_error *e)
{
    char err[512];
    for (size_t i = 0; t->variables && i < jv_object_size(t->variables); i++) {
        const char *name = jv_string_value(jv_object_key_at(t->variables, i));
        if (!exec_set_variable(ex, 0, name, jv_object_value_at(t->variables, i), err,
                               sizeof err))
            return serve_fail(e, "ValidationException", "variables: '%s': %s", name, err),
                   false;
    }
    return true;
}

static char *ts_steps(serve_registry *r, sfn_exec *ex, const ts_request *t)
{
    exec_step_result s = ts_step(r, ex);
    /* retrierRetryCount: the retries already made, as failed attempts before this one */
    for (long i = 0; i < t->retry_count && s.kind == EXEC_STEP_RETRY; i++)
        s = ts_step(r, ex);
    return ts_answer(ex, s, t);
}

char *serve_test_state(serve_registry *r, const jv *req, serve_error *e)
{
    ts_request t;
    char name[96];
    char *out = NULL;
    asl_definition *def = NULL;
    if (ts_parse(req, &t, e) && (def = ts_machine(req, &t, name, sizeof name, e)) != NULL &&
        ts_check_state(asl_definition_find_state(def, name), &t, e))
        out = ts_run(r, def, &t, e);
    asl_definition_free(def);
    ts_request_cleanup(&t);
    return out;
}
