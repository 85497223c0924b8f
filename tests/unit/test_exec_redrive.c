/*
 * test_exec_redrive — the engine's RedriveExecution (exec.h, exec_redrive): an execution
 * that failed runs on from the top-level state that did not succeed, with that state's
 * input, its history going on (ExecutionRedriven, redriveCount), $$.Execution.RedriveCount
 * counting; a Map that failed runs again as a whole; what cannot be redriven says why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "tap.h"

/* Fails its first `fail` calls with Boom, then answers its input. */
typedef struct {
    int calls, fail;
} flaky;

static task_answer_kind flaky_resolve(void *user, const task_call *call, task_answer *out)
{
    flaky *f = user;
    if (f->calls++ < f->fail) {
        out->kind = TASK_ERROR;
        out->error.name = jv_xstrdup("Boom");
        out->error.cause = jv_xstrdup("not yet");
        return out->kind;
    }
    out->kind = TASK_RESULT;
    out->result = jv_ref(call->input);
    return out->kind;
}

static sfn_exec *start(const asl_definition *def, const task_resolver *r, bool express)
{
    exec_options o;
    exec_options_init(&o);
    o.has_seed = true;
    o.seed = 3;
    o.start_time_ms = 1700000000000;
    o.express = express;
    o.resolvers = r;
    o.nresolvers = 1;
    jv *in = jv_parse_cstr("{\"n\": 1}", NULL);
    sfn_exec *ex = exec_new(def, in, &o);
    jv_unref(in);
    return ex;
}

static size_t count_events(const sfn_exec *ex, const char *type)
{
    char name[64];
    size_t n = 0;
    for (size_t i = 0; i < exec_event_count(ex); i++)
        n += !strcmp(exec_event_name(exec_event_at(ex, i), name, sizeof name), type);
    return n;
}

static void test_task(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":1,\"ResultPath\":"
        "\"$.a\",\"Next\":\"T\"},\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:"
        "123456789012:function:f\",\"Parameters\":{\"a.$\":\"$.a\",\"rc.$\":"
        "\"$$.Execution.RedriveCount\"},\"End\":true}}}");
    flaky f = {0, 2};
    task_resolver r = {"flaky", flaky_resolve, &f};
    sfn_exec *ex = start(def, &r, false);
    char err[256];
    tap_ok(!exec_redrivable(ex, err, sizeof err) && strstr(err, "RUNNING"),
           "a running execution cannot be redriven (%s)", err);
    tap_is_int(exec_run(ex, 0), EXEC_FAILED, "the task fails: FAILED");
    tap_is_int(exec_redrive_ms(ex), -1, "never redriven: redrive time -1");
    tap_ok(exec_redrive(ex, 1700000100000, err, sizeof err), "redriven");
    tap_is_int(exec_status_of(ex), EXEC_RUNNING, "RUNNING again");
    tap_is_int(exec_clock_ms(ex), 1700000100000, "the clock moves to the redrive's time");
    tap_is_int(exec_run(ex, 0), EXEC_FAILED, "the task fails again (its second call)");
    tap_ok(exec_redrive(ex, 0, err, sizeof err), "redriven again (an earlier now changes no clock)");
    tap_is_int(exec_run(ex, 0), EXEC_SUCCEEDED, "the third call answers: SUCCEEDED");
    char *out = jv_dump_string(exec_output(ex), 0);
    tap_is_str(out, "{\"a\":1,\"rc\":2}", "the task had the input it failed with, and "
               "$$.Execution.RedriveCount 2");
    free(out);
    tap_is_int((long long)count_events(ex, "PassStateEntered"), 1, "the Pass ran once");
    tap_is_int((long long)count_events(ex, "ExecutionRedriven"), 2, "two ExecutionRedriven");
    tap_is_int(exec_redrive_count(ex), 2, "redrive count 2");
    jv *h = exec_history_json(ex);
    char *text = jv_dump_string(h, 0);
    tap_ok(strstr(text, "\"executionRedrivenEventDetails\":{\"redriveCount\":2}") != NULL,
           "the history: executionRedrivenEventDetails.redriveCount");
    free(text);
    jv_unref(h);
    tap_ok(!exec_redrivable(ex, err, sizeof err) && strstr(err, "SUCCEEDED"),
           "a SUCCEEDED execution cannot be redriven (%s)", err);
    exec_free(ex);
    f = (flaky){0, 1};
    ex = start(def, &r, true);
    exec_run(ex, 0);
    tap_ok(!exec_redrive(ex, 0, err, sizeof err) && strstr(err, "EXPRESS"),
           "an EXPRESS execution cannot be redriven (%s)", err);
    exec_free(ex);
    f = (flaky){0, 0};
    ex = start(def, &r, false);
    exec_abort(ex, "Stop", NULL);
    tap_ok(exec_redrive(ex, 0, err, sizeof err) && exec_run(ex, 0) == EXEC_SUCCEEDED,
           "ABORTED before its first state: redriven from StartAt, SUCCEEDED");
    exec_free(ex);
    asl_definition_free(def);
}

static void test_map(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
        "\"ItemProcessor\":{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:lambda:us-east-1:123456789012:function:f\",\"End\":true}}},\"End\":true}}}");
    flaky f = {0, 2};
    task_resolver r = {"flaky", flaky_resolve, &f};
    exec_options o;
    exec_options_init(&o);
    o.resolvers = &r;
    o.nresolvers = 1;
    jv *in = jv_parse_cstr("{\"items\": [1, 2, 3]}", NULL);
    sfn_exec *ex = exec_new(def, in, &o);
    jv_unref(in);
    tap_is_int(exec_run(ex, 0), EXEC_FAILED, "a Map whose first iteration fails: FAILED");
    char err[256];
    tap_ok(exec_redrive(ex, 0, err, sizeof err), "redriven");
    tap_is_int(exec_run(ex, 0), EXEC_FAILED, "its first iteration fails again");
    tap_ok(exec_redrive(ex, 0, err, sizeof err) && exec_run(ex, 0) == EXEC_SUCCEEDED,
           "redriven again: SUCCEEDED");
    char *out = jv_dump_string(exec_output(ex), 0);
    tap_is_str(out, "[1,2,3]", "every iteration's result");
    free(out);
    tap_is_int((long long)count_events(ex, "MapStateStarted"), 3, "the Map ran again as a "
               "whole each time");
    tap_is_int(f.calls, 5, "the task's calls: 1 + 1 + 3");
    exec_free(ex);
    asl_definition_free(def);
}

int main(void)
{
    test_task();
    test_map();
    return tap_done();
}
