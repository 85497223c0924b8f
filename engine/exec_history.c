/* exec_history — the execution's events in the GetExecutionHistory shape. */
#include <stdio.h>
#include <stdlib.h>

#include "exec_internal.h"
#include "jv_text.h"

/* ---- history export ---- */

/* Adds "<key>": "<data as JSON text>" and "<key>Details": {"truncated": false}. */
static jv *exec_add_data(jv *details, const char *key, const jv *data)
{
    char *text = jv_dump_string(data ? data : jv_null(), 0);
    details = jv_object_set_take(details, key, jv_string(text));
    engine_free(text);
    char dkey[64];
    snprintf(dkey, sizeof dkey, "%sDetails", key);
    return jv_object_set_take(details, dkey,
                              jv_object_set_take(jv_object(), "truncated", jv_bool(false)));
}

/* StateExited after an Assign: "assignedVariables" (each value as JSON text, as AWS writes
 * it) and "assignedVariablesDetails". */
static jv *exec_add_assigned(jv *details, const jv *assigned)
{
    jv *vars = jv_object();
    for (size_t i = 0; i < jv_object_size(assigned); i++) {
        char *text = jv_dump_string(jv_object_value_at(assigned, i), 0);
        vars = jv_object_set_take(vars, jv_string_value(jv_object_key_at(assigned, i)),
                                  jv_string(text));
        engine_free(text);
    }
    details = jv_object_set_take(details, "assignedVariables", vars);
    return jv_object_set_take(details, "assignedVariablesDetails",
                              jv_object_set_take(jv_object(), "truncated", jv_bool(false)));
}

static jv *exec_add_error(jv *d, const exec_event *e)
{
    if (exec_event_details(e)->error)
        d = jv_object_set_take(d, "error", jv_string(exec_event_details(e)->error));
    if (exec_event_details(e)->cause)
        d = jv_object_set_take(d, "cause", jv_string(exec_event_details(e)->cause));
    return d;
}

/* Task*, LambdaFunction* and Activity* details, in the shapes AWS records. */
static jv *exec_task_details(const sfn_exec *ex, const exec_event *e)
{
    const asl_state *s = e->state;
    bool plain_task = s->task.resource_info.kind != ASL_RESOURCE_LAMBDA &&
                      s->task.resource_info.kind != ASL_RESOURCE_ACTIVITY;
    jv *d = jv_object();
    char type[128], name[512];
    task_resource_names(s->task.resource ? s->task.resource : "", type, sizeof type, name, sizeof name);
    if (plain_task) {
        d = jv_object_set_take(d, "resourceType", jv_string(type));
        d = jv_object_set_take(d, "resource", jv_string(name));
    } else if (e->type == EV_TASK_SCHEDULED) {
        d = jv_object_set_take(d, "resource", jv_string(s->task.resource ? s->task.resource : ""));
    }
    switch (e->type) {
    case EV_TASK_SCHEDULED:
        if (plain_task) {
            d = jv_object_set_take(d, "region", jv_string(ex->region));
            char *params = jv_dump_string(e->data ? e->data : jv_null(), 0);
            d = jv_object_set_take(d, "parameters", jv_string(params));
            engine_free(params);
        } else {
            d = exec_add_data(d, "input", e->data);
        }
        if (exec_event_details(e)->timeout_seconds)
            d = jv_object_set_take(d, "timeoutInSeconds",
                                   jv_number((double)exec_event_details(e)->timeout_seconds));
        if (exec_event_details(e)->heartbeat_seconds)
            d = jv_object_set_take(d, "heartbeatInSeconds",
                                   jv_number((double)exec_event_details(e)->heartbeat_seconds));
        if (exec_event_details(e)->role_arn)
            d = jv_object_set_take(d, "taskCredentials",
                                   jv_object_set_take(jv_object(), "roleArn",
                                                      jv_string(exec_event_details(e)->role_arn)));
        return d;
    case EV_TASK_STARTED: /* an activity's: the worker's name (none: sfdbg answered) */
        if (s->task.resource_info.kind != ASL_RESOURCE_ACTIVITY)
            return d;
        if (!e->data)
            return jv_object_set_take(d, "workerName", jv_string("sfdbg"));
        if (jv_is_string(e->data) && jv_string_length(e->data))
            d = jv_object_set_take(d, "workerName", jv_string(jv_string_value(e->data)));
        return d;
    case EV_TASK_SUBMITTED:
    case EV_TASK_SUCCEEDED:
        return e->data ? exec_add_data(d, "output", e->data) : d;
    default:
        return exec_add_error(d, e);
    }
}

/* The details key of an event: "executionStartedEventDetails", "stateEnteredEventDetails",
 * "lambdaFunctionScheduledEventDetails", ...; NULL when AWS records none. */
static const char *exec_details_key(const exec_event *e, char *buf, size_t n)
{
    static const char *const fixed[] = {
        "executionStartedEventDetails", "executionSucceededEventDetails",
        "executionFailedEventDetails", "executionTimedOutEventDetails",
        "executionAbortedEventDetails", "stateEnteredEventDetails", "stateExitedEventDetails",
    };
    if (e->type < EV_TASK_SCHEDULED)
        return fixed[e->type];
    bool fanout = e->type >= EV_PARALLEL_STARTED;
    if (fanout && e->type != EV_MAP_STARTED && e->type < EV_MAP_ITERATION_STARTED)
        return NULL; /* Parallel's and Map's own events carry no details */
    if (e->type == EV_MAP_RUN_SUCCEEDED)
        return NULL;
    if (e->type == EV_TASK_STARTED && e->state->task.resource_info.kind == ASL_RESOURCE_LAMBDA)
        return NULL;
    char name[64];
    exec_event_name(e, name, sizeof name);
    snprintf(buf, n, "%c%sEventDetails", name[0] + ('a' - 'A'), name + 1);
    return buf;
}

static jv *exec_history_details(const sfn_exec *ex, const exec_event *e)
{
    jv *d = jv_object();
    switch (e->type) {
    case EV_EXECUTION_STARTED:
        d = exec_add_data(d, "input", e->data);
        return jv_object_set_take(d, "roleArn", jv_string(ex->role_arn));
    case EV_EXECUTION_SUCCEEDED:
        return exec_add_data(d, "output", e->data);
    case EV_STATE_ENTERED:
    case EV_STATE_EXITED:
        d = jv_object_set_take(d, "name", jv_string(e->state->name));
        d = exec_add_data(d, e->type == EV_STATE_ENTERED ? "input" : "output", e->data);
        const jv *assigned = exec_event_details(e)->assigned;
        return assigned ? exec_add_assigned(d, assigned) : d;
    case EV_EXECUTION_FAILED:
    case EV_EXECUTION_TIMED_OUT:
    case EV_EXECUTION_ABORTED:
        return exec_add_error(d, e);
    case EV_MAP_STARTED:
        return jv_object_set_take(d, "length", jv_number((double)e->index));
    case EV_MAP_RUN_STARTED: {
        const char *arn = exec_event_details(e)->map_run_arn;
        return jv_object_set_take(d, "mapRunArn", jv_string(arn ? arn : ""));
    }
    case EV_MAP_RUN_FAILED:
        return exec_add_error(d, e);
    case EV_EXECUTION_REDRIVEN:
        return jv_object_set_take(d, "redriveCount", jv_number((double)e->index));
    case EV_EVALUATION_FAILED:
        d = exec_add_error(d, e);
        if (exec_event_details(e)->location)
            d = jv_object_set_take(d, "location", jv_string(exec_event_details(e)->location));
        return jv_object_set_take(d, "state", jv_string(e->state->name));
    case EV_MAP_ITERATION_STARTED:
    case EV_MAP_ITERATION_SUCCEEDED:
    case EV_MAP_ITERATION_FAILED:
        d = jv_object_set_take(d, "name", jv_string(e->state->name));
        d = jv_object_set_take(d, "index", jv_number((double)e->index));
        return exec_add_error(d, e);
    default:
        jv_unref(d);
        return exec_task_details(ex, e);
    }
}

static jv *exec_history_build(const sfn_exec *ex)
{
    jv *events = jv_array();
    char name[64];
    for (size_t i = 0; i < exec_event_count(ex); i++) {
        const exec_event *e = exec_event_at(ex, i);
        jv *o = jv_object();
        o = jv_object_set_take(o, "timestamp", jv_number((double)e->timestamp_ms / 1000.0));
        o = jv_object_set_take(o, "type", jv_string(exec_event_name(e, name, sizeof name)));
        o = jv_object_set_take(o, "id", jv_number((double)e->id));
        o = jv_object_set_take(o, "previousEventId", jv_number((double)e->previous_id));
        char keybuf[96];
        const char *key = exec_details_key(e, keybuf, sizeof keybuf);
        if (key)
            o = jv_object_set_take(o, key, exec_history_details(ex, e));
        events = jv_array_append_take(events, o);
    }
    return jv_object_set_take(jv_object(), "events", events);
}

jv *exec_history_json(const sfn_exec *ex)
{
    const engine_allocator *previous = engine_alloc_enter(ex->opts.alloc);
    jv *history = exec_history_build(ex);
    engine_alloc_leave(previous);
    return history;
}
