/* Unit tests: how a visit keeps its stages (exec_visit_stage). A stage that passes the input
 * on in a state without the field that would change it has no slot of its own and reads as
 * the input; a stage the fields change has a slot; a stage recorded where no slot was
 * foreseen (a JSONata catcher's output) is kept in the visit's details. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition.h"
#include "exec.h"
#include "jv_text.h"
#include "defload.h"
#include "tap.h"

typedef struct {
    asl_definition *def;
    sfn_exec *ex;
} stages_run;

static stages_run stages_run_def(const char *def_text, const char *input)
{
    stages_run r = {defload(def_text), NULL};
    if (!r.def) {
        tap_diag("the test's definition does not load");
        return r;
    }
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.defer_unanswered = true;   /* a task waits: answered with a failure below */
    jv *in = jv_parse_cstr(input, NULL);
    r.ex = exec_new(r.def, in, &eo);
    jv_unref(in);
    char err[256];
    for (int i = 0; i < 100 && exec_status_of(r.ex) == EXEC_RUNNING; i++) {
        exec_step(r.ex);
        const exec_pending_task *p = exec_pending(r.ex);
        if (p && !p->answered)
            exec_send_task_failure(r.ex, p->token, "Boom", "bad", err, sizeof err);
    }
    return r;
}

static void stages_done(stages_run *r)
{
    exec_free(r->ex);
    asl_definition_free(r->def);
}

static const exec_visit *stages_visit(const stages_run *r, const char *state)
{
    for (size_t i = 0; r->ex && i < exec_visit_count(r->ex); i++) {
        const exec_visit *v = exec_visit_at(r->ex, i);
        if (strcmp(v->state->name, state) == 0)
            return v;
    }
    return NULL;
}

static bool stage_is_json(const exec_visit *v, exec_stage s, const char *want)
{
    const jv *got = v ? exec_visit_stage(v, s) : NULL;
    if (!got || !want)
        return !got && !want;
    char *text = jv_dump_string(got, 0);
    bool same = strcmp(text, want) == 0;
    if (!same)
        tap_diag("%s: %s, want %s", exec_stage_name(s), text, want);
    free(text);
    return same;
}

/* A Pass and a Choice without fields: every stage they have is their input itself, kept in
 * one slot (but a Pass's afterParameters, which does not run without Parameters), and the
 * visits have no details. */
static void test_passthrough(void)
{
    stages_run r = stages_run_def(
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Next\":\"C\"},"
        "\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericEquals\":1,"
        "\"Next\":\"D\"}]},\"D\":{\"Type\":\"Succeed\"}}}",
        "{\"n\":1}");
    tap_is_int(exec_status_of(r.ex), EXEC_SUCCEEDED, "the chain succeeds");
    const char *names[] = {"P", "C", "D"};
    for (size_t k = 0; k < 3; k++) {
        const exec_visit *v = stages_visit(&r, names[k]);
        const jv *input = v ? exec_visit_stage(v, EXEC_STAGE_INPUT) : NULL;
        bool all_input = input != NULL;
        for (int s = 0; v && s < EXEC_STAGE_COUNT; s++) {
            const jv *value = exec_visit_stage(v, (exec_stage)s);
            bool applies = exec_stage_applies(v->state, (exec_stage)s);
            bool runs = applies && s != EXEC_STAGE_AFTER_PARAMETERS;
            all_input = all_input && (runs ? value == input : value == NULL);
        }
        tap_ok(all_input, "%s: every stage it has reads as its input, the others as none",
               names[k]);
        tap_ok(v && v->stages == 1 && !v->detail, "%s: one slot (the input), no details",
               names[k]);
    }
    stages_done(&r);
}

/* A Pass whose fields change every stage: each in its slot, with its own value. */
static void test_fields(void)
{
    stages_run r = stages_run_def(
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"InputPath\":\"$.a\","
        "\"Parameters\":{\"x.$\":\"$.b\"},\"ResultPath\":\"$.r\",\"OutputPath\":\"$.r\","
        "\"End\":true}}}",
        "{\"a\":{\"b\":2}}");
    tap_is_int(exec_status_of(r.ex), EXEC_SUCCEEDED, "the Pass succeeds");
    const exec_visit *v = stages_visit(&r, "P");
    tap_ok(stage_is_json(v, EXEC_STAGE_INPUT, "{\"a\":{\"b\":2}}"), "input");
    tap_ok(stage_is_json(v, EXEC_STAGE_AFTER_INPUT_PATH, "{\"b\":2}"), "afterInputPath");
    tap_ok(stage_is_json(v, EXEC_STAGE_AFTER_PARAMETERS, "{\"x\":2}"), "afterParameters");
    tap_ok(stage_is_json(v, EXEC_STAGE_RESULT, "{\"x\":2}"), "result");
    tap_ok(stage_is_json(v, EXEC_STAGE_AFTER_RESULT_PATH, "{\"a\":{\"b\":2},\"r\":{\"x\":2}}"),
           "afterResultPath");
    tap_ok(stage_is_json(v, EXEC_STAGE_OUTPUT, "{\"x\":2}"), "output");
    tap_ok(stage_is_json(v, EXEC_STAGE_AFTER_RESULT_SELECTOR, NULL),
           "a Pass has no afterResultSelector");
    stages_done(&r);
}

/* A Pass whose Result replaces its input: the stages after it are no longer the input, and
 * a failing Fail state records its input alone. */
static void test_result_and_fail(void)
{
    stages_run r = stages_run_def(
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"k\":1},"
        "\"Next\":\"F\"},\"F\":{\"Type\":\"Fail\",\"Error\":\"E\"}}}",
        "{\"n\":1}");
    tap_is_int(exec_status_of(r.ex), EXEC_FAILED, "the Fail state fails the execution");
    const exec_visit *v = stages_visit(&r, "P");
    tap_ok(stage_is_json(v, EXEC_STAGE_AFTER_INPUT_PATH, "{\"n\":1}") &&
               stage_is_json(v, EXEC_STAGE_AFTER_PARAMETERS, NULL) &&
               stage_is_json(v, EXEC_STAGE_RESULT, "{\"k\":1}") &&
               stage_is_json(v, EXEC_STAGE_OUTPUT, "{\"k\":1}"),
           "a Pass with Result: afterInputPath is the input, result and output the Result");
    const exec_visit *f = stages_visit(&r, "F");
    tap_ok(stage_is_json(f, EXEC_STAGE_INPUT, "{\"k\":1}") &&
               stage_is_json(f, EXEC_STAGE_OUTPUT, NULL),
           "the Fail state: its input, no output");
    tap_is_str(f ? exec_visit_details(f)->error : NULL, "E",
               "the Fail state's visit has its error");
    stages_done(&r);
}

/* A JSONata Task that fails (answered with an error); its catcher's output is recorded as
 * afterResultPath, a stage a JSONata Task has no slot for: it is kept in the details. */
static void test_unforeseen_stage(void)
{
    stages_run r = stages_run_def(
        "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
        "\"Resource\":\"arn:aws:states:::lambda:invoke\","
        "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"D\"}],\"End\":true},"
        "\"D\":{\"Type\":\"Succeed\"}}}",
        "{\"n\":1}");
    tap_is_int(exec_status_of(r.ex), EXEC_SUCCEEDED, "the catcher's state ends the execution");
    if (exec_status_of(r.ex) != EXEC_SUCCEEDED)
        tap_diag("%s: %s", exec_error(r.ex) ? exec_error(r.ex) : "",
                 exec_cause(r.ex) ? exec_cause(r.ex) : "");
    const exec_visit *v = stages_visit(&r, "T");
    const jv *caught = v ? exec_visit_stage(v, EXEC_STAGE_AFTER_RESULT_PATH) : NULL;
    char *text = caught ? jv_dump_string(caught, 0) : NULL;
    tap_is_str(text, "{\"Error\":\"Boom\",\"Cause\":\"bad\"}",
               "the catcher's output is kept as afterResultPath");
    free(text);
    tap_ok(v && exec_visit_details(v)->caught, "the visit says its error was caught");
    stages_done(&r);
}

int main(void)
{
    test_passthrough();
    test_fields();
    test_result_and_fail();
    test_unforeseen_stage();
    return tap_done();
}
