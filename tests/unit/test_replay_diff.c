/* Unit tests: the rerun's comparison (src/replay_diff.c) — where the first divergence is
 * and how it is named — and the history's task answers (src/replay_answers.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "src/replay_answers.h"
#include "src/replay_diff.h"
#include "tap.h"

/* A history of one Pass state X (input in, output out) or, with task, of a Task X with one
 * attempt whose result is out; the execution succeeds with out. */
static history *one_state(const char *in, const char *out, const char *task)
{
    char text[4096];
    jv *vin = jv_string(in), *vout = jv_string(out);
    char *qin = jv_dump_string(vin, 0), *qout = jv_dump_string(vout, 0);
    jv_unref(vin);
    jv_unref(vout);
    if (task)
        snprintf(text, sizeof text,
                 "{\"events\":[{\"id\":1,\"previousEventId\":0,\"type\":\"ExecutionStarted\","
                 "\"executionStartedEventDetails\":{\"input\":%s}},"
                 "{\"id\":2,\"previousEventId\":0,\"type\":\"TaskStateEntered\","
                 "\"stateEnteredEventDetails\":{\"name\":\"X\",\"input\":%s}},"
                 "{\"id\":3,\"previousEventId\":2,\"type\":\"TaskScheduled\","
                 "\"taskScheduledEventDetails\":{\"resourceType\":\"lambda\",\"resource\":"
                 "\"invoke\",\"region\":\"us-east-1\",\"parameters\":%s}},"
                 "{\"id\":4,\"previousEventId\":3,\"type\":\"TaskSucceeded\","
                 "\"taskSucceededEventDetails\":{\"resourceType\":\"lambda\",\"resource\":"
                 "\"invoke\",\"output\":%s}},"
                 "{\"id\":5,\"previousEventId\":4,\"type\":\"TaskStateExited\","
                 "\"stateExitedEventDetails\":{\"name\":\"X\",\"output\":%s}},"
                 "{\"id\":6,\"previousEventId\":5,\"type\":\"ExecutionSucceeded\","
                 "\"executionSucceededEventDetails\":{\"output\":%s}}]}",
                 qin, qin, task, qout, qout, qout);
    else
        snprintf(text, sizeof text,
                 "{\"events\":[{\"id\":1,\"previousEventId\":0,\"type\":\"ExecutionStarted\","
                 "\"executionStartedEventDetails\":{\"input\":%s}},"
                 "{\"id\":2,\"previousEventId\":0,\"type\":\"PassStateEntered\","
                 "\"stateEnteredEventDetails\":{\"name\":\"X\",\"input\":%s}},"
                 "{\"id\":3,\"previousEventId\":2,\"type\":\"PassStateExited\","
                 "\"stateExitedEventDetails\":{\"name\":\"X\",\"output\":%s}},"
                 "{\"id\":4,\"previousEventId\":3,\"type\":\"ExecutionSucceeded\","
                 "\"executionSucceededEventDetails\":{\"output\":%s}}]}",
                 qin, qin, qout, qout);
    free(qin);
    free(qout);
    jv_parse_error perr;
    jv *page = jv_parse_cstr(text, &perr);
    char err[512];
    history *h = page ? history_from_page(page, "t.json", NULL, err, sizeof err) : NULL;
    if (!h)
        tap_diag("test history does not load: %s", page ? err : perr.message);
    jv_unref(page);
    return h;
}

/* Compares recorded (in, out) with local (in, out); checks field, path and both values. */
static void diverges(const char *rin, const char *rout, const char *lin, const char *lout,
                     const char *field, const char *path, const char *rv, const char *lv)
{
    history *r = one_state(rin, rout, NULL), *l = one_state(lin, lout, NULL);
    replay_diff d;
    replay_diff_run(r, l, &d);
    tap_ok(d.diverged, "%s vs %s diverges", rout, lout);
    tap_is_str(d.field, field, "... in %s", field);
    tap_is_str(d.path, path, "... at %s", path);
    tap_is_str(d.recorded ? d.recorded : "", rv, "... recorded %s", rv);
    tap_is_str(d.local ? d.local : "", lv, "... local %s", lv);
    replay_diff_cleanup(&d);
    history_free(r);
    history_free(l);
}

static void test_paths(void)
{
    diverges("{}", "{\"a\":{\"b\":[1,2,{\"c\":3}]}}", "{}", "{\"a\":{\"b\":[1,2,{\"c\":4}]}}",
             "output", "$.a.b[2].c", "3", "4");
    diverges("{}", "{\"a\":1,\"b\":2}", "{}", "{\"a\":1}", "output", "$.b", "2", "(absent)");
    diverges("{}", "{\"a\":1}", "{}", "{\"a\":1,\"new key\":true}", "output", "$['new key']",
             "(absent)", "true");
    diverges("{}", "[1,2,3]", "{}", "[1,2]", "output", "$[2]", "3", "(absent)");
    diverges("{}", "{\"a\":\"1\"}", "{}", "{\"a\":1}", "output", "$.a", "\"1\"", "1");
    diverges("{\"x\":1}", "{}", "{\"x\":2}", "{}", "input", "$.x", "1", "2");

    history *r = one_state("{}", "{\"a\":1}", NULL), *l = one_state("{}", "{\"a\":1.0}", NULL);
    replay_diff d;
    replay_diff_run(r, l, &d);
    tap_ok(!d.diverged && d.visits == 1, "equal values (1 and 1.0) agree; one visit compared");
    replay_diff_cleanup(&d);
    history_free(l);
    l = one_state("{}", "***", NULL);
    replay_diff_run(l, r, &d);
    tap_ok(!d.diverged && d.skipped == 2, "masked recorded values are skipped and counted (%zu)",
           d.skipped);
    replay_diff_cleanup(&d);
    history_free(r);
    history_free(l);
}

static void test_tasks(void)
{
    history *r = one_state("{}", "{\"ok\":1}", "\"{\\\"FunctionName\\\":\\\"f\\\"}\"");
    history *l = one_state("{}", "{\"ok\":1}", "\"{\\\"FunctionName\\\":\\\"g\\\"}\"");
    replay_diff d;
    replay_diff_run(r, l, &d);
    tap_is_str(d.field, "parameters", "a task's parameters are compared");
    tap_is_int(d.recorded_event, 3, "... at its TaskScheduled");
    tap_is_str(d.path, "$.FunctionName", "... with the path");
    replay_diff_cleanup(&d);

    replay_answers *a = replay_answers_new(r);
    jv *input = jv_parse_cstr("{\"FunctionName\":\"f\"}", NULL);
    task_call call = {.state_name = "X", .input = input};
    task_answer ans;
    task_answer_init(&ans);
    tap_is_int(replay_answers_resolve(a, &call, &ans), TASK_RESULT, "the history answers X");
    char *t = ans.result ? jv_dump_string(ans.result, 0) : NULL;
    tap_is_str(t ? t : "", "{\"ok\":1}", "... with the recorded result");
    free(t);
    task_answer_cleanup(&ans);
    task_answer_init(&ans);
    tap_is_int(replay_answers_resolve(a, &call, &ans), TASK_RESULT,
               "a used attempt answers the same parameters again (the debugger re-asks)");
    task_answer_cleanup(&ans);
    jv *other = jv_parse_cstr("{\"FunctionName\":\"h\"}", NULL);
    call.input = other;
    task_answer_init(&ans);
    tap_is_int(replay_answers_resolve(a, &call, &ans), TASK_NO_ANSWER,
               "but not other parameters: each attempt is used once");
    task_answer_cleanup(&ans);
    jv_unref(other);
    call.state_name = "Y";
    task_answer_init(&ans);
    tap_is_int(replay_answers_resolve(a, &call, &ans), TASK_NO_ANSWER, "another state: none");
    task_answer_cleanup(&ans);
    tap_is_int((long)replay_answers_used(a), 1, "one answer used");
    replay_answers_free(a);
    jv_unref(input);
    history_free(r);
    history_free(l);

    r = one_state("{}", "***", "\"{}\"");
    a = replay_answers_new(r);
    input = jv_object();
    call = (task_call){.state_name = "X", .input = input};
    task_answer_init(&ans);
    tap_is_int(replay_answers_resolve(a, &call, &ans), TASK_NO_ANSWER,
               "a masked recorded result is not answered");
    const char *state;
    tap_ok(replay_answers_unanswered(a, &state) && !strcmp(state, "X"), "... and is reported");
    task_answer_cleanup(&ans);
    replay_answers_free(a);
    jv_unref(input);
    history_free(r);
}

int main(void)
{
    test_paths();
    test_tasks();
    return tap_done();
}
