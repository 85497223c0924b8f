/*
 * test_variables — workflow variables (Assign) in both query languages: the evaluation order
 * (a state's Assign and its output see the values from before its own Assign), $name in
 * JSONPath paths, templates and intrinsics, scopes across Map iterations and Parallel
 * branches, Catch's Assign, what the data-flow record and the history keep, and the errors
 * a missing variable or a failing expression gives. The AWS-recorded corpus covers the same
 * ground case by case; these tests pin the engine's API (exec_visit.variables/assigned,
 * exec_frame_variables, StateExited's assignedVariables).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "exec.h"
#include "jv_text.h"
#include "tap.h"

typedef struct {
    asl_definition *def;
    sfn_exec *ex;
} run;

static run start(const char *definition, const char *input)
{
    run r = {defload(definition), NULL};
    if (!r.def)
        return r;
    exec_options o;
    exec_options_init(&o);
    o.has_seed = true;
    o.seed = 3;
    o.defer_unanswered = true;
    jv *in = jv_parse(input, strlen(input), 0, NULL);
    r.ex = exec_new(r.def, in, &o);
    jv_unref(in);
    return r;
}

static void finish(run *r)
{
    exec_free(r->ex);
    asl_definition_free(r->def);
}

static char *text_of(const jv *v)
{
    return v ? jv_dump_string(v, 0) : strdup("(none)");
}

static void is_json(const jv *v, const char *want, const char *what)
{
    char *got = text_of(v);
    tap_is_str(got, want, "%s", what);
    free(got);
}

/* Runs to the end, answering every task that waits with its own result `answer`. */
static void run_answering(run *r, const char *answer)
{
    char err[256];
    for (int i = 0; i < 1000 && exec_status_of(r->ex) == EXEC_RUNNING; i++) {
        exec_step(r->ex);
        const exec_pending_task *p = exec_pending(r->ex);
        if (p && !p->answered)
            exec_send_task_success(r->ex, p->token, answer, err, sizeof err);
    }
}

static const exec_visit *visit_of(const sfn_exec *ex, const char *state, int nth)
{
    for (size_t i = 0; i < exec_visit_count(ex); i++) {
        const exec_visit *v = exec_visit_at(ex, i);
        if (!strcmp(v->state->name, state) && nth-- == 0)
            return v;
    }
    return NULL;
}

static void test_jsonpath_order(void)
{
    /* B's Parameters and Assign see x=1 (A's); its own Assign takes effect when it leaves */
    run r = start("{\"StartAt\":\"A\",\"States\":{"
                  "\"A\":{\"Type\":\"Pass\",\"Assign\":{\"x.$\":\"$.a\",\"y\":2},\"Next\":\"B\"},"
                  "\"B\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"$x\",\"sum.$\":"
                  "\"States.MathAdd($x, $y)\"},\"Assign\":{\"x\":5,\"old.$\":\"$x\",\"seen.$\":\"$.x\"},"
                  "\"Next\":\"C\"},"
                  "\"C\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"$x\",\"old.$\":\"$old\","
                  "\"seen.$\":\"$seen\"},\"End\":true}}}",
                  "{\"a\":1}");
    exec_run(r.ex, 0);
    tap_is_int(exec_status_of(r.ex), EXEC_SUCCEEDED, "JSONPath Assign: the run succeeds");
    is_json(exec_output(r.ex), "{\"x\":5,\"old\":1,\"seen\":1}",
            "Assign sees the variables from before the state's own Assign, and $ is the result");
    const exec_visit *b = visit_of(r.ex, "B", 0);
    is_json(b ? b->variables : NULL, "{\"x\":1,\"y\":2}", "B's visit keeps the variables it saw");
    is_json(b ? exec_visit_details(b)->assigned : NULL, "{\"x\":5,\"old\":1,\"seen\":1}",
            "and what its Assign set");
    is_json(b ? exec_visit_stage(b, EXEC_STAGE_OUTPUT) : NULL, "{\"x\":1,\"sum\":3}",
            "B's output used x=1 and an intrinsic over two variables");
    const exec_visit *a = visit_of(r.ex, "A", 0);
    tap_ok(a && !a->variables, "the first state ran with no variables in scope");
    jv *now = exec_frame_variables(r.ex, 0);
    is_json(now, "{\"x\":5,\"y\":2,\"old\":1,\"seen\":1}", "exec_frame_variables: all of them at the end");
    jv_unref(now);
    finish(&r);
}

static void test_history(void)
{
    run r = start("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Assign\":"
                  "{\"s\":\"text\",\"o\":{\"k\":[1,2]}},\"Next\":\"B\"},"
                  "\"B\":{\"Type\":\"Pass\",\"End\":true}}}",
                  "{}");
    exec_run(r.ex, 0);
    jv *h = exec_history_json(r.ex);
    const jv *events = jv_object_get(h, "events");
    const jv *a_exit = jv_array_get(events, 2), *b_exit = jv_array_get(events, 4);
    const jv *d = a_exit ? jv_object_get(a_exit, "stateExitedEventDetails") : NULL;
    is_json(d ? jv_object_get(d, "assignedVariables") : NULL, "{\"s\":\"\\\"text\\\"\",\"o\":\"{\\\"k\\\":[1,2]}\"}",
            "StateExited: assignedVariables holds each value as JSON text");
    is_json(d ? jv_object_get(d, "assignedVariablesDetails") : NULL, "{\"truncated\":false}",
            "and assignedVariablesDetails");
    d = b_exit ? jv_object_get(b_exit, "stateExitedEventDetails") : NULL;
    tap_ok(d && !jv_object_get(d, "assignedVariables"), "a state without Assign writes none");
    jv_unref(h);
    finish(&r);
}

static void test_missing_variable(void)
{
    run r = start("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":"
                  "{\"x.$\":\"$nope\"},\"End\":true}}}",
                  "{}");
    exec_run(r.ex, 0);
    tap_is_str(exec_error(r.ex), "States.Runtime", "an unassigned variable fails the state");
    tap_ok(exec_cause(r.ex) && strstr(exec_cause(r.ex), "'$nope'") &&
               strstr(exec_cause(r.ex), "'x.$'"),
           "the cause names the variable and the field");
    finish(&r);
}

static void test_map_scope(void)
{
    run r = start("{\"StartAt\":\"A\",\"States\":{"
                  "\"A\":{\"Type\":\"Pass\",\"Assign\":{\"who\":\"outer\"},\"Next\":\"M\"},"
                  "\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"ItemProcessor\":{\"StartAt\":\"I\","
                  "\"States\":{\"I\":{\"Type\":\"Pass\",\"Assign\":{\"inner.$\":\"$\"},\"Next\":\"J\"},"
                  "\"J\":{\"Type\":\"Pass\",\"Parameters\":{\"inner.$\":\"$inner\",\"who.$\":\"$who\"},"
                  "\"End\":true}}},\"Next\":\"After\"},"
                  "\"After\":{\"Type\":\"Pass\",\"End\":true}}}",
                  "{\"items\":[1,2]}");
    exec_run(r.ex, 0);
    is_json(exec_output(r.ex), "[{\"inner\":1,\"who\":\"outer\"},{\"inner\":2,\"who\":\"outer\"}]",
            "iterations read outer variables and their own");
    const exec_visit *j1 = visit_of(r.ex, "J", 1);
    is_json(j1 ? j1->variables : NULL, "{\"who\":\"outer\",\"inner\":2}",
            "an iteration's scope starts fresh: the second sees only its own inner");
    const exec_visit *after = visit_of(r.ex, "After", 0);
    is_json(after ? after->variables : NULL, "{\"who\":\"outer\"}",
            "an iteration's variables are not visible after the Map");
    finish(&r);
}

static void test_step_inside_iteration(void)
{
    run r = start("{\"StartAt\":\"A\",\"States\":{"
                  "\"A\":{\"Type\":\"Pass\",\"Assign\":{\"n\":1},\"Next\":\"P\"},"
                  "\"P\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"B1\",\"States\":{"
                  "\"B1\":{\"Type\":\"Pass\",\"Assign\":{\"n\":2},\"Next\":\"B2\"},"
                  "\"B2\":{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}}}",
                  "{}");
    exec_step(r.ex); /* A */
    exec_step_into(r.ex, 0);
    long child = exec_frame_child(r.ex, 0);
    exec_step_frame(r.ex, child); /* B1 */
    jv *inner = exec_frame_variables(r.ex, child), *outer = exec_frame_variables(r.ex, 0);
    is_json(inner, "{\"n\":2}", "a branch's Assign shadows the outer variable in its frame");
    is_json(outer, "{\"n\":1}", "the outer scope keeps its value");
    jv_unref(inner);
    jv_unref(outer);
    tap_ok(!exec_frame_variables(r.ex, 999), "a frame that is not live has no variables");
    finish(&r);
}

static void test_jsonata_states(void)
{
    run r = start("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"T\",\"States\":{"
                  "\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                  "\"Arguments\":{\"n\":\"{% $states.input.n %}\"},"
                  "\"Assign\":{\"got\":\"{% $states.result.v %}\",\"in\":\"{% $states.input.n %}\"},"
                  "\"Output\":\"{% $states.result %}\",\"Next\":\"C\"},"
                  "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Condition\":\"{% $got > 5 %}\","
                  "\"Assign\":{\"branch\":\"big\"},\"Output\":{\"g\":\"{% $got %}\"},\"Next\":\"D\"}],"
                  "\"Default\":\"D\",\"Assign\":{\"branch\":\"default\"}},"
                  "\"D\":{\"Type\":\"Pass\",\"Output\":\"{% {'branch': $branch, 'in': $in, "
                  "'input': $states.input} %}\",\"End\":true}}}",
                  "{\"n\":3}");
    run_answering(&r, "{\"v\":9}");
    tap_is_int(exec_status_of(r.ex), EXEC_SUCCEEDED, "JSONata Task, Choice and Pass succeed");
    is_json(exec_output(r.ex), "{\"branch\":\"big\",\"in\":3,\"input\":{\"g\":9}}",
            "the matched rule's Assign and Output win over the state's");
    const exec_visit *t = visit_of(r.ex, "T", 0);
    is_json(t ? exec_visit_details(t)->assigned : NULL, "{\"got\":9,\"in\":3}",
            "Task Assign reads $states.result/input");
    is_json(t ? exec_visit_stage(t, EXEC_STAGE_AFTER_PARAMETERS) : NULL, "{\"n\":3}",
            "the Arguments are recorded");
    tap_is_str(t ? exec_stage_label(t->state, EXEC_STAGE_AFTER_PARAMETERS) : "", "afterArguments",
               "under TestState's name for JSONata");
    tap_ok(t && !exec_stage_applies(t->state, EXEC_STAGE_AFTER_INPUT_PATH) &&
               !exec_visit_stage(t, EXEC_STAGE_AFTER_INPUT_PATH),
           "a JSONata state has no InputPath stage");
    finish(&r);
}

static void test_jsonata_catch(void)
{
    run r = start("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"T\",\"States\":{"
                  "\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                  "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Assign\":{\"err\":"
                  "\"{% $states.errorOutput.Error %}\"},\"Output\":\"{% $states.errorOutput %}\","
                  "\"Next\":\"D\"}],\"End\":true},"
                  "\"D\":{\"Type\":\"Pass\",\"Output\":\"{% [$err, $states.input.Cause] %}\",\"End\":true}}}",
                  "{}");
    char err[256];
    for (int i = 0; i < 100 && exec_status_of(r.ex) == EXEC_RUNNING; i++) {
        exec_step(r.ex);
        const exec_pending_task *p = exec_pending(r.ex);
        if (p && !p->answered)
            exec_send_task_failure(r.ex, p->token, "Boom", "bad", err, sizeof err);
    }
    is_json(exec_output(r.ex), "[\"Boom\",\"bad\"]", "Catch Assign and Output see $states.errorOutput");
    finish(&r);
}

static void test_jsonata_errors(void)
{
    run r = start("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"C\",\"States\":{"
                  "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Condition\":\"{% 'yes' %}\",\"Next\":\"D\"}],"
                  "\"Default\":\"D\"},\"D\":{\"Type\":\"Succeed\"}}}",
                  "{}");
    exec_run(r.ex, 0);
    tap_is_str(exec_error(r.ex), "States.QueryEvaluationError", "a Condition that is not boolean fails");
    finish(&r);
    r = start("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{"
              "\"A\":{\"Type\":\"Pass\",\"Assign\":{\"x\":\"{% $nothing %}\"},\"End\":true}}}",
              "{}");
    exec_run(r.ex, 0);
    tap_is_str(exec_error(r.ex), "States.QueryEvaluationError", "an Assign that returns nothing fails");
    tap_ok(exec_cause(r.ex) && strstr(exec_cause(r.ex), "returned nothing (undefined)"),
           "with AWS's cause");
    jv *h = exec_history_json(r.ex);
    const jv *ev = jv_array_get(jv_object_get(h, "events"), 2);
    is_json(ev ? jv_object_get(ev, "type") : NULL, "\"EvaluationFailed\"",
            "the history has an EvaluationFailed event before the failure");
    const jv *d = ev ? jv_object_get(ev, "evaluationFailedEventDetails") : NULL;
    is_json(d ? jv_object_get(d, "location") : NULL, "\"Assign/x\"", "naming the field");
    is_json(d ? jv_object_get(d, "state") : NULL, "\"A\"", "and the state");
    jv_unref(h);
    finish(&r);
}

static void test_mixed_languages(void)
{
    /* a JSONPath machine with one JSONata state: the variable crosses languages */
    run r = start("{\"StartAt\":\"A\",\"States\":{"
                  "\"A\":{\"Type\":\"Pass\",\"Assign\":{\"k.$\":\"$.k\"},\"Next\":\"B\"},"
                  "\"B\":{\"Type\":\"Pass\",\"QueryLanguage\":\"JSONata\",\"Output\":\"{% $k * 2 %}\","
                  "\"Assign\":{\"k\":\"{% $k + 1 %}\"},\"Next\":\"C\"},"
                  "\"C\":{\"Type\":\"Pass\",\"Parameters\":{\"k.$\":\"$k\",\"in.$\":\"$\"},\"End\":true}}}",
                  "{\"k\":20}");
    exec_run(r.ex, 0);
    is_json(exec_output(r.ex), "{\"k\":21,\"in\":40}", "variables cross between JSONPath and JSONata states");
    finish(&r);
}

static void test_distributed_scope(void)
{
    /* a distributed Map's iterations are child executions: no outer variables */
    run r = start("{\"StartAt\":\"A\",\"States\":{"
                  "\"A\":{\"Type\":\"Pass\",\"Assign\":{\"who\":\"outer\"},\"Next\":\"M\"},"
                  "\"M\":{\"Type\":\"Map\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":"
                  "\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"I\",\"States\":{"
                  "\"I\":{\"Type\":\"Pass\",\"Parameters\":{\"w.$\":\"$who\"},\"End\":true}}},"
                  "\"ItemsPath\":\"$.items\",\"End\":true}}}",
                  "{\"items\":[1]}");
    exec_run(r.ex, 0);
    tap_is_str(exec_error(r.ex), "States.ExceedToleratedFailureThreshold",
               "a distributed Map's iteration cannot read an outer variable (the item fails)");
    finish(&r);
}

static void test_size_limits(void)
{
    /* 300,000 characters in one variable: over the 256 KiB limit */
    size_t n = 300000;
    char *input = malloc(n + 16);
    snprintf(input, n + 16, "{\"s\":\"%0*d\"}", (int)n, 0);
    run r = start("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Assign\":"
                  "{\"big.$\":\"$.s\"},\"End\":true}}}",
                  input);
    free(input);
    exec_run(r.ex, 0);
    tap_is_str(exec_error(r.ex), "States.DataLimitExceeded", "a variable over 256 KiB fails the state");
    tap_ok(exec_cause(r.ex) && strstr(exec_cause(r.ex), "'big'"), "the cause names the variable");
    finish(&r);
}

static void test_jsonata_map(void)
{
    run r = start("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"A\",\"States\":{"
                  "\"A\":{\"Type\":\"Pass\",\"Assign\":{\"k\":10},\"Next\":\"M\"},"
                  "\"M\":{\"Type\":\"Map\",\"Items\":\"{% $states.input.xs %}\","
                  "\"ItemSelector\":{\"v\":\"{% $states.context.Map.Item.Value * $k %}\","
                  "\"i\":\"{% $states.context.Map.Item.Index %}\"},"
                  "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                  "\"Output\":\"{% $states.input.v + $states.input.i %}\",\"End\":true}}},"
                  "\"Output\":\"{% $sum($states.result) %}\",\"End\":true}}}",
                  "{\"xs\":[1,2]}");
    exec_run(r.ex, 0);
    is_json(exec_output(r.ex), "31", "JSONata Map: Items, ItemSelector with Map.Item, Output over the results");
    finish(&r);
    r = start("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"M\",\"States\":{"
              "\"M\":{\"Type\":\"Map\",\"Items\":\"{% $states.input.xs %}\","
              "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
              "\"End\":true}}},\"End\":true}}}",
              "{\"xs\":{\"a\":1}}");
    exec_run(r.ex, 0);
    tap_ok(exec_cause(r.ex) && strstr(exec_cause(r.ex), "Expected 'array', but was 'object'"),
           "Items that is not an array: AWS's cause");
    finish(&r);
}

int main(void)
{
    test_jsonpath_order();
    test_history();
    test_missing_variable();
    test_map_scope();
    test_step_inside_iteration();
    test_jsonata_states();
    test_jsonata_catch();
    test_jsonata_errors();
    test_mixed_languages();
    test_distributed_scope();
    test_size_limits();
    test_jsonata_map();
    return tap_done();
}
