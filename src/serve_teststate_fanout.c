/* serve_teststate_fanout — a Map or Parallel state under TestState (serve_teststate.h):
 * AWS tests them only with a mock, which stands for the whole state's result (or error);
 * here the state becomes a Task the mock answers, keeping the stages around the result. */
#include <stdio.h>
#include <string.h>

#include "jv_text.h"
#include "serve_internal.h"
#include "serve_teststate.h"

/* What the stand-in Task keeps of the state; the rest (Branches, ItemProcessor, ItemsPath,
 * ItemSelector, MaxConcurrency, ...) is the children's, which do not run. */
static const char *const ts_kept[] = {
    "Comment", "QueryLanguage", "InputPath", "OutputPath", "ResultPath", "ResultSelector",
    "Retry", "Catch", "Next", "End", "Assign", "Output",
};

static bool ts_has_state(const jv *v, const char *name, int depth);

/* Whether a "States" object anywhere under v (branches, processors, nested) has name. */
static bool ts_has_state_in(const jv *v, const char *name, int depth)
{
    if (depth > 64 || !v)
        return false;
    if (jv_is_array(v)) {
        for (size_t i = 0; i < jv_array_length(v); i++)
            if (ts_has_state_in(jv_array_get(v, i), name, depth + 1))
                return true;
        return false;
    }
    return jv_is_object(v) && ts_has_state(v, name, depth + 1);
}

static bool ts_has_state(const jv *v, const char *name, int depth)
{
    const jv *states = jv_object_get(v, "States");
    if (states && jv_is_object(states) && jv_object_has(states, name))
        return true;
    for (size_t i = 0; i < jv_object_size(v); i++)
        if (ts_has_state_in(jv_object_value_at(v, i), name, depth))
            return true;
    return false;
}

static double ts_number(const jv *state, const char *key)
{
    const jv *v = jv_object_get(state, key);
    return v && jv_is_number(v) ? jv_number_value(v) : 0;
}

/* mapIterationFailureCount against the Map's ToleratedFailureCount / Percentage (of the
 * items mapItemReaderData gave, else the mocked result's): past them, the Map fails as
 * AWS's does. */
static void ts_map_tolerance(const jv *state, ts_request *t)
{
    if (t->map_failures <= 0 || t->mock_error)
        return;
    double items = t->reader_items >= 0 ? (double)t->reader_items
                   : jv_is_array(t->mock_result) ? (double)jv_array_length(t->mock_result) : 0;
    if (items < (double)t->map_failures)
        items = (double)t->map_failures;
    double count = ts_number(state, "ToleratedFailureCount");
    double percent = ts_number(state, "ToleratedFailurePercentage");
    bool has_count = jv_object_has(state, "ToleratedFailureCount");
    bool has_percent = jv_object_has(state, "ToleratedFailurePercentage");
    bool over_count = (double)t->map_failures > count;
    bool over_percent = 100.0 * (double)t->map_failures / items > percent;
    bool fails = has_count && has_percent ? over_count && over_percent
                 : has_percent            ? over_percent
                                          : over_count;
    if (!fails)
        return;
    t->mock_error = true;
    t->mock_error_name = "States.ExceedToleratedFailureThreshold";
    snprintf(t->map_cause, sizeof t->map_cause, "The specified tolerated failure threshold "
             "was exceeded: %ld of %.0f iterations failed", t->map_failures, items);
    t->mock_cause = t->map_cause;
}

static bool ts_fanout_checks(const jv *state, bool map, ts_request *t, serve_error *e)
{
    const jv *name = jv_object_get(state, "Type");
    if (!t->has_mock)
        return serve_fail(e, "ValidationException", "TestState runs a %s state only with a "
                          "mock", jv_string_value(name)), false;
    if (t->error_caused_by && !t->mock_error)
        return serve_fail(e, "ValidationException", "stateConfiguration.errorCausedByState "
                          "goes with a mocked errorOutput"), false;
    if (t->error_caused_by && !ts_has_state(state, t->error_caused_by, 0))
        return serve_fail(e, "ValidationException", "stateConfiguration.errorCausedByState: "
                          "the %s state has no state '%s'", jv_string_value(name),
                          t->error_caused_by), false;
    if (t->map_failures >= 0 && !map)
        return serve_fail(e, "ValidationException", "stateConfiguration."
                          "mapIterationFailureCount is for a Map state"), false;
    return true;
}

jv *ts_fanout_stand_in(const jv *state, ts_request *t, serve_error *e)
{
    const jv *type = jv_object_get(state, "Type");
    const char *ty = type && jv_is_string(type) ? jv_string_value(type) : "";
    bool map = !strcmp(ty, "Map");
    if (!map && strcmp(ty, "Parallel")) {
        if (t->error_caused_by || t->map_failures >= 0 || t->reader_data)
            return serve_fail(e, "ValidationException", "stateConfiguration.%s is for a Map "
                              "%sstate", t->error_caused_by ? "errorCausedByState"
                              : t->reader_data ? "mapItemReaderData" : "mapIterationFailureCount",
                              t->reader_data ? "" : "or Parallel "), NULL;
        return jv_ref(state);
    }
    if (!ts_fanout_checks(state, map, t, e))
        return NULL;
    if (!map && t->reader_data)
        return serve_fail(e, "ValidationException", "stateConfiguration.mapItemReaderData is "
                          "for a Map state"), NULL;
    if (map && !ts_read_items(state, t, e))
        return NULL;
    if (map)
        ts_map_tolerance(state, t);
    jv *task = jv_object_set_take(jv_object(), "Type", jv_string("Task"));
    task = jv_object_set_take(task, "Resource", jv_string("arn:aws:states:::aws-sdk:sfn:"
                                                          "testState"));
    for (size_t i = 0; i < sizeof ts_kept / sizeof ts_kept[0]; i++)
        if (jv_object_get(state, ts_kept[i]))
            task = jv_object_set(task, ts_kept[i], jv_object_get(state, ts_kept[i]));
    /* Parallel's Parameters / Arguments are its input's; Map's Parameters its items' */
    static const char *const inputs[] = {"Parameters", "Arguments"};
    for (size_t i = 0; !map && i < 2; i++)
        if (jv_object_get(state, inputs[i]))
            task = jv_object_set(task, inputs[i], jv_object_get(state, inputs[i]));
    return task;
}
