/* Unit tests: Retry/Catch matching and backoff, mock configs, the task-token life cycle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defload.h"
#include "definition.h"
#include "exec.h"
#include "jv_text.h"
#include "mockconfig.h"
#include "retry.h"
#include "tap.h"

static void test_matching(void)
{
    const char *all[] = {"States.ALL"}, *failed[] = {"States.TaskFailed"};
    const char *named[] = {"Lambda.ServiceException", "Custom.Error"};
    tap_ok(retry_error_matches(all, 1, "Custom.Error"), "States.ALL matches a custom error");
    tap_ok(retry_error_matches(all, 1, "States.DataLimitExceeded"),
           "States.ALL matches States.DataLimitExceeded (as recorded on AWS)");
    tap_ok(!retry_error_matches(all, 1, "States.Runtime"), "nothing matches States.Runtime");
    tap_ok(!retry_error_matches(named, 2, "States.Runtime"), "not even by name");
    tap_ok(retry_error_matches(failed, 1, "Lambda.Unknown"), "States.TaskFailed matches task errors");
    tap_ok(!retry_error_matches(failed, 1, "States.Timeout"), "States.TaskFailed does not match a timeout");
    tap_ok(retry_error_matches(named, 2, "Custom.Error"), "exact names match");
    tap_ok(!retry_error_matches(named, 2, "custom.error"), "matching is case-sensitive");
}

static void test_backoff(void)
{
    asl_retrier r = {NULL, 0, 30, 3, 2.0, 0, false};
    tap_is_int(retry_delay_ms(&r, 1, NULL), 30000, "first retry waits IntervalSeconds");
    tap_is_int(retry_delay_ms(&r, 2, NULL), 60000, "second retry waits x BackoffRate");
    tap_is_int(retry_delay_ms(&r, 3, NULL), 120000, "third retry waits x BackoffRate^2");
    r.max_delay_seconds = 45;
    tap_is_int(retry_delay_ms(&r, 3, NULL), 45000, "MaxDelaySeconds caps the wait");
    r.interval_seconds = 1;
    r.backoff_rate = 1.5;
    r.max_delay_seconds = 0;
    tap_is_int(retry_delay_ms(&r, 3, NULL), 2250, "fractional backoff in milliseconds");
    r.backoff_rate = 99999999;
    tap_ok(retry_delay_ms(&r, 50, NULL) > 0, "an overflowing backoff stays finite");
    rng a, b;
    rng_seed(&a, 9);
    rng_seed(&b, 9);
    asl_retrier j = {NULL, 0, 10, 3, 2.0, 0, true};
    bool in_range = true, same = true;
    for (int i = 1; i <= 50; i++) {
        int64_t d1 = retry_delay_ms(&j, 3, &a), d2 = retry_delay_ms(&j, 3, &b);
        in_range = in_range && d1 >= 0 && d1 <= 40000;
        same = same && d1 == d2;
    }
    tap_ok(in_range, "FULL jitter stays within [0, the backoff]");
    tap_ok(same, "FULL jitter is reproducible under a seed");
}

static void mock_rejects(const char *text, const char *want, const char *what)
{
    char err[512] = "";
    mock_config *m = mock_config_parse(text, strlen(text), err, sizeof err);
    tap_ok(m == NULL && strstr(err, want) != NULL, "mock config: %s", what);
    if (m || !strstr(err, want))
        tap_diag("error: %s", err);
    mock_config_free(m);
}

static void test_mock_config(void)
{
    mock_rejects("{\"StateMachines\":{\"S\":{\"TestCases\":{\"T\":{\"A\":\"R\"}}}},\"MockedResponses\":"
                 "{\"R\":{\"0\":{\"Return\":1,\"Throw\":{\"Error\":\"E\"}}}}}",
                 "MockedResponses.R.\"0\": needs exactly one of Return and Throw, not both",
                 "both Return and Throw");
    mock_rejects("{\"StateMachines\":{\"S\":{\"TestCases\":{\"T\":{\"A\":\"R\"}}}},\"MockedResponses\":"
                 "{\"R\":{\"0\":{\"Return\":1},\"2-3\":{\"Return\":2}}}}",
                 "MockedResponses.R: invocation 1 is missing", "a gap in the numbering");
    mock_rejects("{\"StateMachines\":{\"S\":{\"TestCases\":{\"T\":{\"A\":\"R\"}}}},\"MockedResponses\":"
                 "{\"R\":{\"0-2\":{\"Return\":1},\"1\":{\"Return\":2}}}}",
                 "MockedResponses.R: invocation 1 is answered twice", "overlapping ranges");
    mock_rejects("{\"StateMachines\":{\"S\":{\"TestCases\":{\"T\":{\"A\":\"R\"}}}},\"MockedResponses\":"
                 "{\"R\":{\"first\":{\"Return\":1}}}}",
                 "\"first\" is not an invocation number", "a key that is no number");
    mock_rejects("{\"StateMachines\":{\"S\":{\"TestCases\":{\"T\":{\"A\":\"Missing\"}}}},"
                 "\"MockedResponses\":{}}",
                 "StateMachines.S.TestCases.T.A: names a response that MockedResponses does not "
                 "define ('Missing')", "an unknown response");
    mock_rejects("[1]", "StateMachines and MockedResponses", "not an object");
    mock_rejects("{\"StateMachines\": ", "invalid JSON", "not JSON");

    const char *ok = "{\"StateMachines\":{\"S\":{\"TestCases\":{\"T\":{\"A\":\"R\"}}}},"
                     "\"MockedResponses\":{\"R\":{\"0\":{\"Throw\":{\"Error\":\"E\",\"Cause\":\"C\"}},"
                     "\"1-2\":{\"Return\":{\"n\":1}}}}}";
    char err[256];
    mock_config *m = mock_config_parse(ok, strlen(ok), err, sizeof err);
    const mock_case *c = m ? mock_config_case(m, "S", "T", err, sizeof err) : NULL;
    tap_ok(c != NULL, "a valid mock config loads");
    if (!c)
        return;
    mock_answer a0 = mock_case_answer(c, "A", 0), a2 = mock_case_answer(c, "A", 2);
    mock_answer a3 = mock_case_answer(c, "A", 3), b = mock_case_answer(c, "B", 0);
    tap_ok(a0.kind == MOCK_THROW && !strcmp(a0.error, "E") && !strcmp(a0.cause, "C"),
           "invocation 0 throws");
    tap_ok(a2.kind == MOCK_RETURN && jv_is_object(a2.result), "invocation 2 is in the range 1-2");
    tap_ok(a3.kind == MOCK_EXHAUSTED && a3.defined == 3, "invocation 3 is past the last answer");
    tap_ok(b.kind == MOCK_UNMOCKED, "an unmocked state");
    tap_ok(mock_config_case(m, "S", "Nope", err, sizeof err) == NULL &&
               strstr(err, "has no test case 'Nope' (it has: T)"),
           "an unknown test case lists the known ones");
    mock_config_free(m);
}

/* A mocked state invoked across retries counts every invocation. */
static void test_mock_counting(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"f\"},"
        "\"Retry\":[{\"ErrorEquals\":[\"E\"],\"MaxAttempts\":5,\"IntervalSeconds\":1}],"
        "\"End\":true}}}");
    const char *cfg = "{\"StateMachines\":{\"S\":{\"TestCases\":{\"T\":{\"T\":\"R\"}}}},"
                      "\"MockedResponses\":{\"R\":{\"0-2\":{\"Throw\":{\"Error\":\"E\"}},"
                      "\"3\":{\"Return\":{\"attempt\":4}}}}}";
    char err[256];
    mock_config *m = mock_config_parse(cfg, strlen(cfg), err, sizeof err);
    const mock_case *c = mock_config_case(m, "S", "T", err, sizeof err);
    task_resolver r = {"mock", mock_case_resolve, (void *)c};
    exec_options eo;
    exec_options_init(&eo);
    eo.resolvers = &r;
    eo.nresolvers = 1;
    eo.has_seed = true;
    jv *in = jv_object();
    sfn_exec *ex = exec_new(def, in, &eo);
    exec_run(ex, 100);
    tap_is_str(exec_status_name(exec_status_of(ex)), "SUCCEEDED", "the fourth invocation answers");
    char *out = jv_dump_string(exec_output(ex), 0);
    tap_is_str(out, "{\"attempt\":4}", "the retried task got the mock's fourth answer");
    free(out);
    const exec_visit *v = exec_visit_at(ex, 0);
    tap_ok(v && exec_visit_details(v)->retries == 3 && !exec_visit_details(v)->caught,
           "the visit records its three retries");
    jv *ctx = exec_visit_context(ex, 0);
    const jv *st = jv_object_get(ctx, "State");
    tap_ok(st && jv_number_value(jv_object_get(st, "RetryCount")) == 3 &&
               !strcmp(jv_string_value(jv_object_get(st, "Name")), "T"),
           "the visit's context object has its RetryCount");
    jv_unref(ctx);
    exec_free(ex);
    jv_unref(in);
    mock_config_free(m);
    asl_definition_free(def);
}

static void test_token_life_cycle(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"Parameters\":{\"QueueUrl\":\"q\","
        "\"MessageBody\":{\"t.$\":\"$$.Task.Token\"}},\"End\":true}}}");
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.seed = 3;
    jv *in = jv_object();
    sfn_exec *ex = exec_new(def, in, &eo);
    exec_step_result r = exec_step(ex);
    tap_is_int(r.kind, EXEC_STEP_WAITING, "a callback task waits after its call");
    const exec_pending_task *p = exec_pending(ex);
    tap_ok(p && strlen(p->token) >= 22, "the pending token has at least 128 random bits");
    char token[128];
    snprintf(token, sizeof token, "%s", p ? p->token : "");
    char err[256];
    tap_is_int(exec_step(ex).kind, EXEC_STEP_WAITING, "stepping without an answer keeps waiting");
    tap_is_str(exec_send_status_name(exec_send_task_success(ex, "forged", "{}", err, sizeof err)),
               "InvalidToken", "a token the execution never gave is InvalidToken");
    tap_is_str(exec_send_status_name(exec_send_task_success(ex, token, "{not json", err, sizeof err)),
               "InvalidOutput", "output that is not JSON is InvalidOutput");
    char *big = malloc(300000);
    memset(big, ' ', 299998);
    big[0] = '"';
    big[299997] = '"';
    big[299998] = '\0';
    tap_is_str(exec_send_status_name(exec_send_task_success(ex, token, big, err, sizeof err)),
               "InvalidOutput", "output over 256 KiB is InvalidOutput");
    free(big);
    char long_error[300];
    memset(long_error, 'e', 299);
    long_error[299] = '\0';
    tap_is_str(exec_send_status_name(exec_send_task_failure(ex, token, long_error, "c", err,
                                                            sizeof err)),
               "InvalidArgument", "an error over 256 characters is refused");
    tap_is_str(exec_send_status_name(exec_send_task_heartbeat(ex, token, err, sizeof err)), "OK",
               "a heartbeat is accepted");
    tap_is_str(exec_send_status_name(exec_send_task_success(ex, token, "{\"ok\":1}", err, sizeof err)),
               "OK", "the right token and JSON output succeed");
    tap_is_str(exec_send_status_name(exec_send_task_success(ex, token, "{}", err, sizeof err)),
               "TaskDoesNotExist", "a second answer is TaskDoesNotExist");
    exec_run(ex, 10);
    char *out = jv_dump_string(exec_output(ex), 0);
    tap_is_str(out, "{\"ok\":1}", "the callback's output is the task's result");
    free(out);
    exec_free(ex);

    eo.seed = 4;
    ex = exec_new(def, in, &eo);
    exec_step(ex);
    tap_ok(exec_expire_wait(ex), "an unanswered wait can be expired");
    exec_run(ex, 10);
    tap_is_str(exec_error(ex), "States.Timeout", "it fails with States.Timeout");
    tap_ok(exec_clock_ms(ex) >= 99999999LL * 1000, "at the default 99999999 s timeout");
    exec_free(ex);

    /* StopExecution: the waiting task is over, its token says so */
    eo.seed = 5;
    ex = exec_new(def, in, &eo);
    exec_step(ex);
    p = exec_pending(ex);
    snprintf(token, sizeof token, "%s", p ? p->token : "");
    tap_ok(exec_abort(ex, "Ops.Stop", "by hand"), "a waiting execution can be aborted");
    tap_is_str(exec_status_name(exec_status_of(ex)), "ABORTED", "it is ABORTED");
    tap_is_str(exec_error(ex), "Ops.Stop", "with the error given");
    const exec_event *last = exec_event_at(ex, exec_event_count(ex) - 1);
    tap_is_int(last->type, EV_EXECUTION_ABORTED, "its last event is ExecutionAborted");
    tap_ok(exec_pending(ex) == NULL, "nothing waits any more");
    tap_is_str(exec_send_status_name(exec_send_task_success(ex, token, "{}", err, sizeof err)),
               "TaskDoesNotExist", "its token then: TaskDoesNotExist");
    tap_ok(!exec_abort(ex, NULL, NULL), "aborting it again does nothing");
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
}

/* A token whose task timed out says TaskTimedOut (AWS), not TaskDoesNotExist. */
static void test_token_timed_out(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"TimeoutSeconds\":5,"
        "\"Parameters\":{\"QueueUrl\":\"q\",\"MessageBody\":{\"t.$\":\"$$.Task.Token\"}},"
        "\"End\":true}}}");
    exec_options eo;
    exec_options_init(&eo);
    jv *in = jv_object();
    sfn_exec *ex = exec_new(def, in, &eo);
    exec_step(ex);
    const exec_pending_task *p = exec_pending(ex);
    char token[128], err[256];
    snprintf(token, sizeof token, "%s", p ? p->token : "");
    exec_expire_wait(ex);
    exec_run(ex, 10);
    tap_is_str(exec_error(ex), "States.Timeout", "TimeoutSeconds 5 expired: States.Timeout");
    tap_is_str(exec_send_status_name(exec_send_task_heartbeat(ex, token, err, sizeof err)),
               "TaskTimedOut", "its token then: TaskTimedOut");
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
}

/* defer_unanswered: a task nothing answers waits for the caller's answer. */
static void test_deferred_answer(void)
{
    asl_definition *def = defload(
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"f\"},"
        "\"ResultSelector\":{\"v.$\":\"$.Payload.v\"},\"End\":true}}}");
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.defer_unanswered = true;
    jv *in = jv_object();
    sfn_exec *ex = exec_new(def, in, &eo);
    tap_is_int(exec_step(ex).kind, EXEC_STEP_WAITING, "an unanswered task waits for the caller");
    const exec_pending_task *p = exec_pending(ex);
    tap_ok(p && p->needs_result, "it needs its result, not a callback");
    char err[128];
    tap_is_int(exec_send_task_success(ex, p->token, "{\"Payload\":{\"v\":7}}", err, sizeof err),
               EXEC_SEND_OK, "the caller answers with the task's result");
    exec_run(ex, 10);
    char *out = jv_dump_string(exec_output(ex), 0);
    tap_is_str(out, "{\"v\":7}", "the answer goes through ResultSelector like any result");
    free(out);
    tap_is_int((long long)exec_event_count(ex), 7, "no TaskSubmitted for a deferred answer");
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
}

static bool only_work_exists(void *user, const char *arn)
{
    return !strcmp(arn, "arn:aws:states:us-east-1:123456789012:activity:work");
}

/* The name of event i, or "" */
static const char *event_name(const sfn_exec *ex, size_t i, char *buf, size_t n)
{
    return i < exec_event_count(ex) ? exec_event_name(exec_event_at(ex, i), buf, n) : "";
}

/* exec_options.activities: an activity Task waits for a worker; one that does not exist
 * fails before it is scheduled. */
static void test_activity_worker(void)
{
    static const char *const def_text =
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":"
        "\"arn:aws:states:us-east-1:123456789012:activity:%s\",\"TimeoutSeconds\":9,"
        "\"HeartbeatSeconds\":3,\"End\":true}}}";
    char text[512];
    snprintf(text, sizeof text, def_text, "work");
    asl_definition *def = defload(text);
    task_activities acts = {only_work_exists, NULL};
    exec_options eo;
    exec_options_init(&eo);
    eo.has_seed = true;
    eo.activities = &acts;
    jv *in = jv_object();
    sfn_exec *ex = exec_new(def, in, &eo);
    tap_is_int(exec_step(ex).kind, EXEC_STEP_WAITING, "an activity Task waits for a worker");
    const exec_pending_task *p = exec_pending(ex);
    tap_ok(p && p->activity && !p->started && p->needs_result, "pending: an activity's, not started");
    char name[64], err[128];
    tap_is_str(event_name(ex, exec_event_count(ex) - 1, name, sizeof name), "ActivityScheduled",
               "ActivityScheduled, no ActivityStarted yet");
    char token[128];
    snprintf(token, sizeof token, "%s", p ? p->token : "");
    tap_is_int(exec_activity_start(ex, token, "w", err, sizeof err), EXEC_SEND_OK,
               "exec_activity_start gives it to a worker");
    tap_is_str(event_name(ex, exec_event_count(ex) - 1, name, sizeof name), "ActivityStarted",
               "ActivityStarted then");
    tap_ok(exec_pending(ex)->started, "pending: started");
    tap_is_str(exec_send_status_name(exec_activity_start(ex, token, "w2", err, sizeof err)),
               "TaskDoesNotExist", "a second worker cannot take it");
    tap_ok(exec_expire_wait(ex), "its deadline passes");
    exec_run(ex, 10);
    tap_is_str(exec_error(ex) ? exec_error(ex) : "", "States.Timeout",
               "started: HeartbeatSeconds count");
    exec_free(ex);
    ex = exec_new(def, in, &eo);
    exec_step(ex);
    exec_expire_wait(ex);
    exec_run(ex, 10);
    tap_is_str(exec_error(ex) ? exec_error(ex) : "", "States.Timeout",
               "not started: no heartbeat, the TimeoutSeconds count");
    exec_free(ex);
    asl_definition_free(def);
    snprintf(text, sizeof text, def_text, "gone");
    def = defload(text);
    ex = exec_new(def, in, &eo);
    exec_run(ex, 10);
    tap_is_str(exec_error(ex) ? exec_error(ex) : "", "States.Runtime",
               "an activity that does not exist: States.Runtime");
    tap_is_int((long long)exec_event_count(ex), 3, "before it is scheduled (started, entered, failed)");
    exec_free(ex);
    jv_unref(in);
    asl_definition_free(def);
}

int main(void)
{
    test_deferred_answer();
    test_activity_worker();
    test_matching();
    test_backoff();
    test_mock_config();
    test_mock_counting();
    test_token_life_cycle();
    test_token_timed_out();
    return tap_done();
}
