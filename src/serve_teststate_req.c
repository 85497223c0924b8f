/* serve_teststate_req — TestState's request: input, mock, variables, context,
 * stateConfiguration and inspectionLevel, parsed and checked (serve_teststate.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "serve_internal.h"
#include "serve_teststate.h"

/* AWS's limit on stateConfiguration.mapItemReaderData */
#define TS_MAX_READER_DATA 262144

void ts_request_cleanup(ts_request *t)
{
    jv_unref(t->input);
    jv_unref(t->mock_result);
    jv_unref(t->variables);
    jv_unref(t->context);
}

static const char *ts_string(const jv *o, const char *key, bool *bad)
{
    const jv *v = o ? jv_object_get(o, key) : NULL;
    if (v && !jv_is_string(v))
        *bad = true;
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

static bool ts_parse_mock(const jv *mock, ts_request *t, serve_error *e)
{
    bool bad = false;
    const char *result = ts_string(mock, "result", &bad);
    const jv *err = jv_object_get(mock, "errorOutput");
    const char *mode = ts_string(mock, "fieldValidationMode", &bad);
    if (bad || (err && !jv_is_object(err)))
        return serve_fail(e, "SerializationException", "mock: result and fieldValidationMode "
                          "are strings, errorOutput an object"), false;
    if (!result == !err)
        return serve_fail(e, "ValidationException", "mock: give either result or errorOutput"),
               false;
    if (mode && strcmp(mode, "STRICT") && strcmp(mode, "PRESENT") && strcmp(mode, "NONE"))
        return serve_fail(e, "ValidationException", "mock.fieldValidationMode must be STRICT, "
                          "PRESENT or NONE, not '%s'", mode), false;
    t->has_mock = true;
    t->validation_mode = mode ? mode : "STRICT";
    if (err) {
        t->mock_error = true;
        t->mock_error_name = ts_string(err, "error", &bad);
        t->mock_cause = ts_string(err, "cause", &bad);
        if (bad)
            return serve_fail(e, "SerializationException", "mock.errorOutput: error and "
                              "cause are strings"), false;
        return true;
    }
    jv_parse_error perr;
    t->mock_result = jv_parse(result, strlen(result), 0, &perr);
    if (!t->mock_result)
        return serve_fail(e, "ValidationException", "mock.result is not JSON: %s at line %d, "
                          "column %d", perr.message, perr.line, perr.column), false;
    return true;
}

/* A member holding a JSON object as text (variables, context); NULL when absent, *ok
 * false with e filled when it is not an object. */
static jv *ts_object_text(const jv *req, const char *key, bool *ok, serve_error *e)
{
    const char *text = serve_req_string(req, key);
    if (!text)
        return NULL;
    jv_parse_error perr;
    jv *v = jv_parse(text, strlen(text), 0, &perr);
    if (v && jv_is_object(v))
        return v;
    if (v)
        serve_fail(e, "ValidationException", "%s must be a JSON object, not %s", key,
                   jv_kind_name(jv_kind_of(v)));
    else
        serve_fail(e, "ValidationException", "%s is not JSON: %s at line %d, column %d", key,
                   perr.message, perr.line, perr.column);
    jv_unref(v);
    *ok = false;
    return NULL;
}

/* stateConfiguration's integer member (0..max), -1 when absent; false with e filled. */
static bool ts_count(const jv *sc, const char *key, long max, long *out, serve_error *e)
{
    const jv *v = sc ? jv_object_get(sc, key) : NULL;
    *out = -1;
    if (!v)
        return true;
    if (!jv_is_integer(v) || jv_number_value(v) < 0 || jv_number_value(v) > (double)max)
        return serve_fail(e, "ValidationException", "stateConfiguration.%s must be an integer "
                          "from 0 to %ld", key, max), false;
    *out = (long)jv_number_value(v);
    return true;
}

static bool ts_parse_configuration(const jv *sc, ts_request *t, serve_error *e)
{
    static const char *const known[] = {"retrierRetryCount", "errorCausedByState",
                                        "mapIterationFailureCount", "mapItemReaderData"};
    for (size_t i = 0; sc && i < jv_object_size(sc); i++) {
        const char *k = jv_string_value(jv_object_key_at(sc, i));
        size_t j = 0;
        while (j < sizeof known / sizeof known[0] && strcmp(k, known[j]))
            j++;
        if (j == sizeof known / sizeof known[0])
            return serve_fail(e, "SerializationException", "stateConfiguration has no member "
                              "'%s'", k), false;
    }
    bool bad = false;
    t->error_caused_by = ts_string(sc, "errorCausedByState", &bad);
    if (bad)
        return serve_fail(e, "SerializationException", "stateConfiguration.errorCausedByState "
                          "is a string"), false;
    t->reader_data = ts_string(sc, "mapItemReaderData", &bad);
    if (bad)
        return serve_fail(e, "SerializationException", "stateConfiguration.mapItemReaderData "
                          "is a string"), false;
    if (t->reader_data && strlen(t->reader_data) > TS_MAX_READER_DATA)
        return serve_fail(e, "ValidationException", "1 validation error detected: Value at "
                          "'stateConfiguration.mapItemReaderData' failed to satisfy "
                          "constraint: Member must have length less than or equal to %d",
                          TS_MAX_READER_DATA), false;
    if (!ts_count(sc, "retrierRetryCount", 1000, &t->retry_count, e) ||
        !ts_count(sc, "mapIterationFailureCount", 100000000, &t->map_failures, e))
        return false;
    if (t->retry_count < 0)
        t->retry_count = 0;
    return true;
}

bool ts_parse(const jv *req, ts_request *t, serve_error *e)
{
    memset(t, 0, sizeof *t);
    t->map_failures = -1;
    t->reader_items = -1;
    const char *level = serve_req_string(req, "inspectionLevel");
    t->debug = level && strcmp(level, "INFO") != 0;
    if (!ts_parse_configuration(jv_object_get(req, "stateConfiguration"), t, e))
        return false;
    const jv *mock = jv_object_get(req, "mock");
    if (mock && !ts_parse_mock(mock, t, e))
        return false;
    bool ok = true;
    t->variables = ts_object_text(req, "variables", &ok, e);
    if (ok)
        t->context = ts_object_text(req, "context", &ok, e);
    if (!ok)
        return false;
    if (t->context && !t->has_mock) /* AWS: context only with a mock */
        return serve_fail(e, "ValidationException", "context may only be specified with a "
                          "mock"), false;
    const char *text = serve_req_string(req, "input");
    jv_parse_error perr;
    t->input = jv_parse(text ? text : "{}", strlen(text ? text : "{}"), 0, &perr);
    if (!t->input)
        return serve_fail(e, "InvalidExecutionInput", "Invalid State Machine Execution Input: "
                          "'%s at line %d, column %d'", perr.message, perr.line, perr.column),
               false;
    return true;
}
