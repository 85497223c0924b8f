/* Unit tests: task_params (an integration's Parameters checked before its task is
 * scheduled) and how an execution fails on a violation: States.Runtime, no TaskScheduled,
 * no resolver asked, no Retry or Catch. */
#include <stdio.h>
#include <string.h>

#include "asl_resource.h"
#include "defload.h"
#include "definition.h"
#include "exec.h"
#include "jv_text.h"
#include "tap.h"
#include "task.h"
#include "task_params.h"

#define APIGW "arn:aws:states:::apigateway:invoke"
#define BAD_HEADERS "[The value of the field 'Headers' has an invalid format]"

/* task_params_check on the Parameters text for resource; its cause ("" when it passes). */
static bool check(const char *resource, const char *params_text, char *cause, size_t n)
{
    asl_resource_info info;
    asl_resource_parse(resource, &info);
    jv *params = jv_parse_cstr(params_text, NULL);
    asl_error err = ASL_ERROR_INIT;
    bool ok = task_params_check(&info, params, &err);
    snprintf(cause, n, "%s", err.cause ? err.cause : "");
    tap_ok(ok != asl_error_is_set(&err), "an error is set exactly when %s fails", params_text);
    tap_ok(ok || !strcmp(err.name, "States.Runtime"), "the error is States.Runtime");
    asl_error_clear(&err);
    jv_unref(params);
    return ok;
}

static void accepts(const char *resource, const char *params_text, const char *why)
{
    char cause[1024];
    tap_ok(check(resource, params_text, cause, sizeof cause), "accepted: %s", why);
}

/* Fails with the message list `reasons` (the part in brackets). */
static void refuses(const char *resource, const char *params_text, const char *reasons,
                    const char *why)
{
    char cause[2048], want[2048];
    tap_ok(!check(resource, params_text, cause, sizeof cause), "refused: %s", why);
    jv *params = jv_parse_cstr(params_text, NULL);
    char *json = jv_dump_string(params, 0);
    snprintf(want, sizeof want,
             "The Parameters '%s' could not be used to start the Task: %s", json, reasons);
    tap_is_str(cause, want, "AWS's cause, quoting the Parameters: %s", why);
    engine_free(json);
    jv_unref(params);
}

static void test_headers(void)
{
    accepts(APIGW, "{\"ApiEndpoint\":\"a\",\"Method\":\"POST\"}", "no Headers");
    accepts(APIGW, "{\"Headers\":{\"custom_header\":[\"arrayHeader0\"]}}", "a one-value list");
    accepts(APIGW, "{\"Headers\":{\"h\":[\"a\",\"b\"],\"k\":[]}}", "lists of any length");
    accepts(APIGW, "{\"Headers\":{}}", "an empty map");
    accepts(APIGW, "{\"Headers\":null}", "a null map (not judged)");
    accepts(APIGW, "{\"Headers\":{\"h\":null}}", "a null value (not judged)");
    refuses(APIGW, "{\"Method\":\"POST\",\"Headers\":{\"custom_header\":\"singleStringHeader\"}}",
            BAD_HEADERS, "a single string where the list belongs (the corpus case)");
    refuses(APIGW, "{\"Headers\":{\"a\":[\"x\"],\"b\":7}}", BAD_HEADERS, "one bad value of many");
    refuses(APIGW, "{\"Headers\":{\"a\":{\"x\":[\"y\"]}}}", BAD_HEADERS, "an object value");
    refuses(APIGW, "{\"Headers\":\"x-h: 1\"}", BAD_HEADERS, "a string for the map");
    refuses(APIGW, "{\"Headers\":[[\"x\"]]}", BAD_HEADERS, "an array for the map");
    refuses(APIGW ".waitForTaskToken", "{\"Headers\":{\"TaskToken\":\"t\"}}", BAD_HEADERS,
            "the callback pattern too");
}

static void test_query_parameters(void)
{
    accepts(APIGW, "{\"QueryParameters\":{\"param1\":[\"Hello\"],\"param2\":[\"World\"]}}",
            "QueryParameters of lists (the corpus case)");
    refuses(APIGW,
            "{\"ApiEndpoint\":\"b9tu9lkwh6.execute-api.us-east-1.amazonaws.com\",\"Method\":\"GET\","
            "\"Stage\":\"prod\",\"AuthType\":\"NO_AUTH\","
            "\"QueryParameters\":\"?symbol=BINANCE:BTCUSDT&token=t\"}",
            "[The value of the field 'QueryParameters' has an invalid format]",
            "a query string for the map (a cause AWS gave)");
    refuses(APIGW, "{\"QueryParameters\":{\"q\":\"1\"},\"Stage\":\"s\",\"Headers\":{\"h\":\"v\"}}",
            "[The value of the field 'QueryParameters' has an invalid format, The value of the "
            "field 'Headers' has an invalid format]",
            "every bad field, in the Parameters' order");
}

static void test_other_integrations(void)
{
    const char *bad = "{\"Headers\":{\"h\":\"v\"},\"QueryParameters\":\"q\"}";
    accepts("arn:aws:states:::http:invoke", bad, "the HTTP task has rules of its own elsewhere");
    accepts("arn:aws:states:::lambda:invoke", bad, "Lambda has no table");
    accepts("arn:aws:lambda:us-east-1:123456789012:function:f", bad, "a Lambda ARN");
    accepts(APIGW, "\"not an object\"", "Parameters that are not an object are not judged");
}

/* ---- in an execution ---- */

static int resolver_calls;

static task_answer_kind answer_ok(void *user, const task_call *call, task_answer *out)
{
    resolver_calls++;
    out->kind = TASK_RESULT;
    out->result = jv_parse_cstr("{\"StatusCode\":200}", NULL);
    return TASK_RESULT;
}

static const char *event_name(const sfn_exec *ex, size_t i, char *buf, size_t n)
{
    return i < exec_event_count(ex) ? exec_event_name(exec_event_at(ex, i), buf, n) : "";
}

static sfn_exec *run(const asl_definition *def, const char *input_text)
{
    static const task_resolver resolver = {"test", answer_ok, NULL};
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.resolvers = &resolver;
    eo.nresolvers = 1;
    jv *in = jv_parse_cstr(input_text, NULL);
    sfn_exec *ex = exec_new(def, in, &eo);
    jv_unref(in);
    exec_run(ex, 100);
    return ex;
}

static void test_execution(void)
{
    const char *text =
        "{\"StartAt\":\"Invoke\",\"States\":{"
        "\"Invoke\":{\"Type\":\"Task\",\"Resource\":\"" APIGW "\","
        "\"Parameters\":{\"ApiEndpoint\":\"a.execute-api.us-east-1.amazonaws.com\","
        "\"Method\":\"GET\",\"Headers.$\":\"$.h\"},"
        "\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":3}],"
        "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Caught\"}],\"End\":true},"
        "\"Caught\":{\"Type\":\"Pass\",\"End\":true}}}";
    asl_definition *def = defload(text);
    tap_ok(def != NULL, "the workflow loads");
    if (!def)
        return;
    resolver_calls = 0;
    sfn_exec *ex = run(def, "{\"h\":{\"x-a\":[\"1\"]}}");
    tap_is_str(exec_status_name(exec_status_of(ex)), "SUCCEEDED", "valid Headers: the task runs");
    tap_is_int(resolver_calls, 1, "and the resolver answers it");
    exec_free(ex);

    resolver_calls = 0;
    ex = run(def, "{\"h\":{\"x-a\":\"1\"}}");
    tap_is_str(exec_status_name(exec_status_of(ex)), "FAILED", "a single-string header fails it");
    tap_is_str(exec_error(ex) ? exec_error(ex) : "", "States.Runtime", "with States.Runtime");
    tap_is_str(exec_cause(ex) ? exec_cause(ex) : "",
               "An error occurred while executing the state 'Invoke' (entered at the event id "
               "#2). The Parameters '{\"ApiEndpoint\":\"a.execute-api.us-east-1.amazonaws.com\","
               "\"Method\":\"GET\",\"Headers\":{\"x-a\":\"1\"}}' could not be used to start the "
               "Task: " BAD_HEADERS,
               "AWS's cause, with the state and its entered event");
    tap_is_int(resolver_calls, 0, "no resolver is asked");
    char a[64], b[64], c[64];
    tap_is_int((long long)exec_event_count(ex), 3, "three events, as AWS records them:");
    tap_is_str(event_name(ex, 0, a, sizeof a), "ExecutionStarted", "ExecutionStarted,");
    tap_is_str(event_name(ex, 1, b, sizeof b), "TaskStateEntered", "TaskStateEntered,");
    tap_is_str(event_name(ex, 2, c, sizeof c), "ExecutionFailed",
               "ExecutionFailed: no TaskScheduled, no retry, no catch");
    exec_free(ex);
    asl_definition_free(def);
}

/* A Parameters too big for a fixed buffer is quoted whole. */
static void test_long_cause(void)
{
    const char *text = "{\"StartAt\":\"Invoke\",\"States\":{\"Invoke\":{\"Type\":\"Task\","
                       "\"Resource\":\"" APIGW "\",\"Parameters\":{\"Body.$\":\"$.b\","
                       "\"Headers\":{\"h\":\"v\"}},\"End\":true}}}";
    asl_definition *def = defload(text);
    char input[8200];
    memset(input, 'x', sizeof input);
    memcpy(input, "{\"b\":\"", 6);
    memcpy(input + sizeof input - 3, "\"}", 3);
    sfn_exec *ex = run(def, input);
    const char *cause = exec_cause(ex) ? exec_cause(ex) : "";
    size_t n = strlen(cause);
    const char *tail = "could not be used to start the Task: " BAD_HEADERS;
    tap_ok(n > 8000 && n > strlen(tail) && !strcmp(cause + n - strlen(tail), tail),
           "an 8 KiB Parameters is quoted whole (cause of %zu bytes)", n);
    exec_free(ex);
    asl_definition_free(def);
}

int main(void)
{
    test_headers();
    test_query_parameters();
    test_other_integrations();
    test_execution();
    test_long_cause();
    return tap_done();
}
