/* Unit tests: the serve operations past the basic ones — UpdateStateMachine,
 * DescribeStateMachineForExecution, ValidateStateMachineDefinition — through the protocol
 * handler (serve_call.h), no network. */
#include "serve_call.h"
#include "strbuf.h"

#define PASS_SM "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Result': %d, 'End': true}}}"
/* a task waiting for its token: an execution that stays RUNNING until answered */
#define WAIT_SM "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': " \
    "'arn:aws:states:::sqs:sendMessage.waitForTaskToken', 'Parameters': {'QueueUrl': 'q', " \
    "'MessageBody.$': '$$.Task.Token'}, 'Next': 'P'}, 'P': {'Type': 'Pass', 'Result': 1, " \
    "'End': true}}}"

static void test_update(sfn_api *api)
{
    answer a = call_take(api, "CreateStateMachine", request("name", "U", "roleArn", ROLE,
                                                            "definition", WAIT_SM, NULL));
    tap_is_int(a.status, 200, "CreateStateMachine U");
    done(&a);
    a = call_take(api, "StartExecution", request("stateMachineArn", SM "U", "name", "old", NULL));
    tap_is_int(a.status, 200, "an execution of the first revision starts");
    done(&a);
    char def[256];
    snprintf(def, sizeof def, PASS_SM, 2);
    a = call_take(api, "UpdateStateMachine", request("stateMachineArn", SM "U", "definition", def,
                                                     NULL));
    tap_is_int(a.status, 200, "UpdateStateMachine with a new definition");
    char rev1[64];
    snprintf(rev1, sizeof rev1, "%s", str(&a, "revisionId"));
    tap_ok(strlen(rev1) == 36, "it answers a revisionId (%s)", rev1);
    tap_ok(jv_is_number(jv_object_get(a.body, "updateDate")), "and an updateDate");
    done(&a);
    a = call_take(api, "DescribeStateMachine", request("stateMachineArn", SM "U", NULL));
    tap_ok(strstr(str(&a, "definition"), "\"Result\": 2") != NULL,
           "DescribeStateMachine shows the new definition");
    tap_is_str(str(&a, "revisionId"), rev1, "and the revisionId");
    done(&a);
    a = call_take(api, "DescribeStateMachineForExecution",
                  request("executionArn", EX "U:old", NULL));
    tap_ok(strstr(str(&a, "definition"), "waitForTaskToken") != NULL,
           "DescribeStateMachineForExecution: the running execution keeps its definition");
    tap_ok(!jv_object_has(a.body, "revisionId"), "the first revision has no revisionId");
    tap_ok(jv_is_number(jv_object_get(a.body, "updateDate")), "updateDate (the creation's)");
    done(&a);
    a = call_take(api, "StopExecution", request("executionArn", EX "U:old", NULL));
    done(&a);
    a = call_take(api, "StartExecution", request("stateMachineArn", SM "U", "name", "new", NULL));
    done(&a);
    a = describe_when_done(api, EX "U:new");
    tap_is_str(str(&a, "output"), "2", "a new execution runs the new definition");
    done(&a);
    a = call_take(api, "DescribeStateMachineForExecution",
                  request("executionArn", EX "U:new", NULL));
    tap_is_str(str(&a, "revisionId"), rev1, "its DescribeStateMachineForExecution: the revision");
    done(&a);
    a = call_take(api, "UpdateStateMachine", request("stateMachineArn", SM "U", "roleArn",
                                                     "arn:aws:iam::123456789012:role/other", NULL));
    tap_ok(a.status == 200 && strcmp(str(&a, "revisionId"), rev1) != 0,
           "a new role alone: a new revision");
    done(&a);
    a = call_take(api, "DescribeStateMachine", request("stateMachineArn", SM "U", NULL));
    tap_ok(!strcmp(str(&a, "roleArn"), "arn:aws:iam::123456789012:role/other") &&
           strstr(str(&a, "definition"), "\"Result\": 2"), "the role changed, the definition kept");
    done(&a);
    expect_error_take(api, "UpdateStateMachine", request("stateMachineArn", SM "U", NULL),
                      "MissingRequiredParameter", "nothing to update");
    expect_error_take(api, "UpdateStateMachine", request("stateMachineArn", SM "U", "definition", "{'StartAt': 'Z', 'States': {}}",
                   NULL),
                      "InvalidDefinition", "a definition that fails");
    expect_error_take(api, "UpdateStateMachine", request("stateMachineArn", SM "Nope", "roleArn", ROLE, NULL),
                      "StateMachineDoesNotExist", "an unknown machine");
    expect_error_take(api, "DescribeStateMachineForExecution", request("executionArn", EX "U:none", NULL),
                      "ExecutionDoesNotExist",
                 "DescribeStateMachineForExecution of an unknown execution");
}

static void test_validate(sfn_api *api)
{
    char def[256];
    snprintf(def, sizeof def, PASS_SM, 1);
    answer a = call_take(api, "ValidateStateMachineDefinition", request("definition", def, NULL));
    tap_ok(!strcmp(str(&a, "result"), "OK") &&
           jv_array_length(jv_object_get(a.body, "diagnostics")) == 0,
           "a valid definition: OK, no diagnostics");
    tap_ok(jv_is_bool(jv_object_get(a.body, "truncated")), "truncated is there");
    done(&a);
    a = call_take(api, "ValidateStateMachineDefinition", request("definition",
        "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'B'}, "
        "'C': {'Type': 'Pass', 'Next': 'D'}}}", NULL));
    const jv *d = jv_object_get(a.body, "diagnostics");
    const jv *first = jv_array_get(d, 0);
    tap_ok(!strcmp(str(&a, "result"), "FAIL") && jv_array_length(d) >= 2,
           "a broken definition: FAIL with every problem (%zu)", jv_array_length(d));
    tap_ok(first && !strcmp(jv_string_value(jv_object_get(first, "severity")), "ERROR") &&
           !strcmp(jv_string_value(jv_object_get(first, "code")), "MISSING_TRANSITION_TARGET"),
           "severity ERROR, AWS's code (%s)",
           first ? jv_string_value(jv_object_get(first, "code")) : "none");
    tap_ok(first && !strncmp(jv_string_value(jv_object_get(first, "location")), "/States/", 8),
           "and AWS's location (%s)",
           first ? jv_string_value(jv_object_get(first, "location")) : "none");
    done(&a);
    a = call(api, "ValidateStateMachineDefinition",
             "{\"definition\": \"{\\\"StartAt\\\": \\\"A\\\", \\\"States\\\": {\\\"A\\\": "
             "{\\\"Type\\\": \\\"Pass\\\", \\\"Next\\\": \\\"B\\\"}, \\\"C\\\": {\\\"Type\\\": "
             "\\\"Pass\\\", \\\"Next\\\": \\\"D\\\"}}}\", \"maxResults\": 1}");
    tap_ok(jv_array_length(jv_object_get(a.body, "diagnostics")) == 1 &&
           jv_is_true(jv_object_get(a.body, "truncated")), "maxResults 1: one, truncated");
    done(&a);
    a = call_take(api, "ValidateStateMachineDefinition", request("definition", "{nope", NULL));
    first = jv_array_get(jv_object_get(a.body, "diagnostics"), 0);
    tap_ok(first && !strcmp(jv_string_value(jv_object_get(first, "code")),
                            "INVALID_JSON_DESCRIPTION"), "not JSON: INVALID_JSON_DESCRIPTION");
    done(&a);
    a = call_take(api, "ValidateStateMachineDefinition", request("definition", "", NULL));
    first = jv_array_get(jv_object_get(a.body, "diagnostics"), 0);
    tap_ok(!strcmp(str(&a, "result"), "FAIL") && first &&
           !strcmp(jv_string_value(jv_object_get(first, "code")), "MISSING_DESCRIPTION"),
           "an empty definition: MISSING_DESCRIPTION");
    done(&a);
    a = call_take(api, "ValidateStateMachineDefinition", request("definition", WAIT_SM, "type",
                                                                 "EXPRESS", NULL));
    tap_is_str(str(&a, "result"), "FAIL", "type EXPRESS: .waitForTaskToken is refused");
    done(&a);
    expect_error_take(api, "ValidateStateMachineDefinition", request("definition", def, "severity", "INFO", NULL),
                      "ValidationException",
                 "a severity that is not ERROR or WARNING");
}

/* The token of the newest TaskScheduled of an execution other than `not` (2 s at most). */
static void newest_token(sfn_api *api, const char *arn, const char *not, char *out, size_t n)
{
    *out = '\0';
    char *body = request("executionArn", arn, NULL);
    for (int i = 0; i < 200 && !*out; i++) {
        answer a = call(api, "GetExecutionHistory", body);
        const jv *events = jv_object_get(a.body, "events");
        for (size_t k = jv_array_length(events); k-- > 0 && !*out;) {
            const jv *d = jv_object_get(jv_array_get(events, k), "taskScheduledEventDetails");
            jv_parse_error err;
            jv *p = d ? jv_parse_cstr(jv_string_value(jv_object_get(d, "parameters")), &err)
                      : NULL;
            const char *t = p ? jv_string_value(jv_object_get(p, "MessageBody")) : NULL;
            if (t && strcmp(t, not))
                snprintf(out, n, "%s", t);
            jv_unref(p);
            if (d)
                break;
        }
        done(&a);
        if (!*out)
            nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    free(body);
}

/* How many events of that type the execution's history has. */
static size_t count_events(sfn_api *api, const char *arn, const char *type)
{
    answer a = call_take(api, "GetExecutionHistory", request("executionArn", arn, NULL));
    const jv *events = jv_object_get(a.body, "events");
    size_t n = 0;
    for (size_t k = 0; k < jv_array_length(events); k++)
        n += !strcmp(jv_string_value(jv_object_get(jv_array_get(events, k), "type")), type);
    done(&a);
    return n;
}

static void send_success(sfn_api *api, const char *token)
{
    char *body = request("taskToken", token, "output", "{'ok': true}", NULL);
    answer a = call(api, "SendTaskSuccess", body);
    tap_is_int(a.status, 200, "SendTaskSuccess to the redriven task");
    done(&a);
    free(body);
}

/* A waiting task stopped (ABORTED), redriven: it waits again, the Pass before it is not
 * run again, and $$.Execution.RedriveCount is 1 after it. */
static void test_redrive_aborted(sfn_api *api)
{
    answer a = call_take(api, "CreateStateMachine", request("name", "R", "roleArn", ROLE,
        "definition", "{'StartAt': 'First', 'States': {'First': {'Type': 'Pass', 'Next': 'T'}, "
        "'T': {'Type': 'Task', 'Resource': 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', "
        "'Parameters': {'QueueUrl': 'q', 'MessageBody.$': '$$.Task.Token'}, 'Next': 'Count'}, "
        "'Count': {'Type': 'Pass', 'Parameters': {'rc.$': '$$.Execution.RedriveCount'}, "
        "'End': true}}}", NULL));
    done(&a);
    a = call_take(api, "StartExecution", request("stateMachineArn", SM "R", "name", "r1", NULL));
    done(&a);
    char token1[512], token2[512];
    newest_token(api, EX "R:r1", "", token1, sizeof token1);
    a = call_take(api, "RedriveExecution", request("executionArn", EX "R:r1", NULL));
    tap_ok(a.status == 400 && !strcmp(str(&a, "__type"), "ExecutionNotRedrivable") &&
           strstr(str(&a, "message"), "RUNNING"), "a running execution: ExecutionNotRedrivable");
    done(&a);
    a = call_take(api, "DescribeExecution", request("executionArn", EX "R:r1", NULL));
    tap_ok(!strcmp(str(&a, "redriveStatus"), "NOT_REDRIVABLE") && *str(&a, "redriveStatusReason"),
           "DescribeExecution while running: NOT_REDRIVABLE with a reason");
    done(&a);
    a = call_take(api, "StopExecution", request("executionArn", EX "R:r1", NULL));
    done(&a);
    a = call_take(api, "DescribeExecution", request("executionArn", EX "R:r1", NULL));
    tap_ok(!strcmp(str(&a, "status"), "ABORTED") && !strcmp(str(&a, "redriveStatus"), "REDRIVABLE"),
           "stopped: ABORTED and REDRIVABLE");
    done(&a);
    a = call_take(api, "RedriveExecution", request("executionArn", EX "R:r1", "clientToken", "c1",
                                                   NULL));
    tap_ok(a.status == 200 && jv_is_number(jv_object_get(a.body, "redriveDate")),
           "RedriveExecution answers a redriveDate");
    double date = jv_number_value(jv_object_get(a.body, "redriveDate"));
    done(&a);
    a = call_take(api, "RedriveExecution", request("executionArn", EX "R:r1", "clientToken", "c1",
                                                   NULL));
    tap_ok(a.status == 200 && jv_number_value(jv_object_get(a.body, "redriveDate")) == date,
           "the same clientToken again: the same redrive");
    done(&a);
    newest_token(api, EX "R:r1", token1, token2, sizeof token2);
    tap_ok(*token2 != '\0', "the redriven task waits again, with a new token");
    a = call_take(api, "DescribeExecution", request("executionArn", EX "R:r1", NULL));
    tap_ok(!strcmp(str(&a, "status"), "RUNNING") &&
           jv_number_value(jv_object_get(a.body, "redriveCount")) == 1 &&
           jv_is_number(jv_object_get(a.body, "redriveDate")),
           "DescribeExecution: RUNNING, redriveCount 1, redriveDate");
    done(&a);
    a = call_take(api, "ListExecutions", request("stateMachineArn", SM "R", "redriveFilter",
                                                 "REDRIVEN", NULL));
    const jv *item = jv_array_get(jv_object_get(a.body, "executions"), 0);
    tap_ok(jv_array_length(jv_object_get(a.body, "executions")) == 1 &&
           jv_number_value(jv_object_get(item, "redriveCount")) == 1 &&
           jv_object_has(item, "redriveDate"),
           "ListExecutions redriveFilter REDRIVEN: it, with redriveCount and redriveDate");
    done(&a);
    a = call_take(api, "ListExecutions", request("stateMachineArn", SM "R", "redriveFilter",
                                                 "NOT_REDRIVEN", NULL));
    tap_is_int((long long)jv_array_length(jv_object_get(a.body, "executions")), 0,
               "redriveFilter NOT_REDRIVEN: not it");
    done(&a);
    expect_error_take(api, "SendTaskSuccess", request("taskToken", token1, "output", "{}", NULL),
                      "TaskDoesNotExist", "the first attempt's token");
    send_success(api, token2);
    a = describe_when_done(api, EX "R:r1");
    tap_is_str(str(&a, "status"), "SUCCEEDED", "the redriven execution succeeds");
    tap_is_str(str(&a, "output"), "{\"rc\":1}", "$$.Execution.RedriveCount is 1");
    tap_is_str(str(&a, "redriveStatus"), "NOT_REDRIVABLE", "and is NOT_REDRIVABLE");
    done(&a);
    tap_is_int((long long)count_events(api, EX "R:r1", "ExecutionRedriven"), 1,
               "the history has one ExecutionRedriven");
    tap_is_int((long long)count_events(api, EX "R:r1", "PassStateEntered"), 2,
               "the Pass before the task ran once (and Count once)");
    tap_is_int((long long)count_events(api, EX "R:r1", "TaskScheduled"), 2,
               "the task was scheduled twice");
    expect_error_take(api, "RedriveExecution", request("executionArn", EX "R:r1", NULL),
                      "ExecutionNotRedrivable", "a SUCCEEDED execution");
}

/* A task nothing answers fails (FAILED); each redrive runs it again; inside a Parallel the
 * whole state runs again. */
static void test_redrive_failed(sfn_api *api)
{
    answer a = call_take(api, "CreateStateMachine", request("name", "F", "roleArn", ROLE,
        "definition", "{'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true, "
        "'Branches': [{'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}, "
        "{'StartAt': 'L', 'States': {'L': {'Type': 'Task', 'Resource': "
        "'arn:aws:lambda:us-east-1:123456789012:function:nobody', 'End': true}}}]}}}", NULL));
    done(&a);
    a = call_take(api, "StartExecution", request("stateMachineArn", SM "F", "name", "f1", NULL));
    done(&a);
    a = describe_when_done(api, EX "F:f1");
    tap_ok(!strcmp(str(&a, "status"), "FAILED") && !strcmp(str(&a, "redriveStatus"), "REDRIVABLE"),
           "a task nothing answers: FAILED, REDRIVABLE (%s)", str(&a, "status"));
    done(&a);
    for (int i = 1; i <= 2; i++) {
        a = call_take(api, "RedriveExecution", request("executionArn", EX "F:f1", NULL));
        done(&a);
        a = describe_when_done(api, EX "F:f1");
        tap_ok(!strcmp(str(&a, "status"), "FAILED") &&
               jv_number_value(jv_object_get(a.body, "redriveCount")) == i,
               "redrive %d: it fails again, redriveCount %d", i, i);
        done(&a);
    }
    tap_is_int((long long)count_events(api, EX "F:f1", "ParallelStateStarted"), 3,
               "the Parallel ran again as a whole each time");
    a = call_take(api, "GetExecutionHistory", request("executionArn", EX "F:f1", NULL));
    const jv *events = jv_object_get(a.body, "events");
    const jv *redriven = NULL;
    for (size_t k = 0; k < jv_array_length(events) && !redriven; k++)
        if (!strcmp(jv_string_value(jv_object_get(jv_array_get(events, k), "type")),
                    "ExecutionRedriven"))
            redriven = jv_array_get(events, k);
    const jv *d = redriven ? jv_object_get(redriven, "executionRedrivenEventDetails") : NULL;
    tap_ok(d && jv_number_value(jv_object_get(d, "redriveCount")) == 1,
           "ExecutionRedriven's executionRedrivenEventDetails.redriveCount");
    done(&a);
    a = call_take(api, "CreateStateMachine", request("name", "X", "roleArn", ROLE, "type",
                                                     "EXPRESS", "definition",
                                                     "{'StartAt': 'F', 'States': {'F': "
                                                     "{'Type': 'Fail', 'Error': 'E'}}}", NULL));
    done(&a);
    a = call_take(api, "StartExecution", request("stateMachineArn", SM "X", NULL));
    char arn[256];
    snprintf(arn, sizeof arn, "%s", str(&a, "executionArn"));
    done(&a);
    a = describe_when_done(api, arn);
    done(&a);
    expect_error_take(api, "RedriveExecution", request("executionArn", arn, NULL),
                      "ExecutionNotRedrivable", "an EXPRESS execution");
}

/* An inspectionData member (JSON text), or "". */
static const char *inspected(const answer *a, const char *key)
{
    const jv *d = a->body ? jv_object_get(a->body, "inspectionData") : NULL;
    const jv *v = d ? jv_object_get(d, key) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : "";
}

/* A member of inspectionData.errorDetails, or -1. */
static double error_detail(const answer *a, const char *key)
{
    const jv *d = a->body ? jv_object_get(a->body, "inspectionData") : NULL;
    const jv *ed = d ? jv_object_get(d, "errorDetails") : NULL;
    const jv *v = ed ? jv_object_get(ed, key) : NULL;
    return v && jv_is_number(v) ? jv_number_value(v) : -1;
}

/* A TestState call: the definition (' for "), then member names and their values as JSON
 * text (' for ", ` for \" inside strings), NULL-terminated. */
static answer test_state(sfn_api *api, const char *definition, ...)
{
    char *def = quoted(definition);
    jv *req = jv_object_set_take(jv_object(), "definition", jv_string(def));
    free(def);
    va_list ap;
    va_start(ap, definition);
    for (const char *k = va_arg(ap, const char *); k; k = va_arg(ap, const char *)) {
        strbuf b;
        strbuf_init(&b, 0);
        for (const char *p = va_arg(ap, const char *); *p; p++)
            strbuf_puts(&b, *p == '\'' ? "\"" : *p == '`' ? "\\\"" : (char[2]){*p, 0});
        jv_parse_error err;
        jv *v = jv_parse_cstr(strbuf_str(&b), &err);
        req = jv_object_set_take(req, k, v ? v : jv_null());
        strbuf_cleanup(&b);
    }
    va_end(ap);
    char *text = jv_dump_string(req, 0);
    jv_unref(req);
    answer a = call(api, "TestState", text);
    free(text);
    return a;
}

#define TS_TASK "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', " \
    "'Parameters': {'FunctionName': 'f'}, 'Retry': [{'ErrorEquals': ['Other']}, " \
    "{'ErrorEquals': ['Boom'], 'IntervalSeconds': 3, 'MaxAttempts': 2}], " \
    "'Catch': [{'ErrorEquals': ['Nope'], 'Next': 'A'}, {'ErrorEquals': ['States.ALL'], " \
    "'Next': 'Caught'}], 'Next': 'After'}"
#define TS_BOOM "{'errorOutput': {'error': 'Boom', 'cause': 'c'}}"
#define TS_PARALLEL "{'Type': 'Parallel', 'Branches': [{'StartAt': 'B', 'States': {'B': " \
    "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', 'End': true}}}], " \
    "'ResultSelector': {'first.$': '$[0]'}, 'Retry': [{'ErrorEquals': ['Boom']}], 'Next': 'N'}"
#define TS_MAP "{'Type': 'Map', 'ItemsPath': '$.items', 'ToleratedFailureCount': 1, " \
    "'ItemProcessor': {'StartAt': 'I', 'States': {'I': {'Type': 'Pass', 'End': true}}}, " \
    "'ResultPath': '$.out', 'End': true}"

static void test_teststate_fields(sfn_api *api)
{
    answer a = test_state(api, "{'Type': 'Pass', 'Parameters': {'v.$': '$x', 'n.$': '$.n'}, "
                          "'Assign': {'y': 2}, 'End': true}", "variables",
                          "'{`x`: `from the request`}'", "input", "'{`n`: 1}'",
                          "inspectionLevel", "'DEBUG'", NULL);
    tap_is_str(str(&a, "output"), "{\"v\":\"from the request\",\"n\":1}",
               "variables: the state reads them");
    tap_ok(strstr(inspected(&a, "variables"), "\"y\":2") != NULL,
           "inspectionData.variables: after the state (%s)", inspected(&a, "variables"));
    done(&a);
    a = test_state(api, "{'Type': 'Pass', 'End': true}", "variables", "'[1]'", NULL);
    tap_is_str(str(&a, "__type"), "ValidationException", "variables not an object");
    done(&a);
    a = test_state(api, "{'Type': 'Pass', 'End': true}", "variables", "'{`states`: 1}'", NULL);
    tap_is_str(str(&a, "__type"), "ValidationException", "a reserved variable name");
    done(&a);
    a = test_state(api, "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', "
                   "'Parameters': {'id.$': '$$.Execution.Id', 'name.$': '$$.State.Name'}, "
                   "'End': true}", "mock", "{'result': '{}'}", "inspectionLevel", "'DEBUG'",
                   "context", "'{`Execution`: {`Id`: `arn:given`}}'", NULL);
    tap_is_str(inspected(&a, "afterParameters"), "{\"id\":\"arn:given\",\"name\":\"TestState\"}",
               "context: its members over the context object's, the rest kept");
    done(&a);
    a = test_state(api, "{'Type': 'Pass', 'End': true}", "context", "'{}'", NULL);
    tap_is_str(str(&a, "__type"), "ValidationException", "context without a mock");
    done(&a);
    a = test_state(api, "{'Type': 'Pass', 'End': true}", "stateConfiguration",
                   "{'mapItemReaderData': '[]'}", NULL);
    tap_ok(strstr(str(&a, "message"), "mapItemReaderData is for a Map") != NULL,
           "mapItemReaderData on a Pass state: refused, saying it is a Map's");
    done(&a);
}

/* errorDetails, and Map / Parallel with a mock. */
static void test_teststate_mocked(sfn_api *api)
{
    answer a = test_state(api, TS_TASK, "mock", TS_BOOM, "inspectionLevel", "'DEBUG'", NULL);
    tap_ok(!strcmp(str(&a, "status"), "RETRIABLE") && error_detail(&a, "retryIndex") == 1 &&
           error_detail(&a, "retryBackoffIntervalSeconds") == 3,
           "RETRIABLE: errorDetails.retryIndex 1, retryBackoffIntervalSeconds 3 (%s)",
           str(&a, "status"));
    done(&a);
    a = test_state(api, TS_TASK, "mock", TS_BOOM, "inspectionLevel", "'DEBUG'",
                   "stateConfiguration", "{'retrierRetryCount': 2}", NULL);
    tap_ok(!strcmp(str(&a, "status"), "CAUGHT_ERROR") && error_detail(&a, "catchIndex") == 1 &&
           !strcmp(str(&a, "nextState"), "Caught"),
           "retries used up: CAUGHT_ERROR, errorDetails.catchIndex 1, nextState Caught (%s)",
           str(&a, "status"));
    done(&a);
    a = test_state(api, TS_PARALLEL, "mock", "{'result': '[{`r`: 1}]'}", NULL);
    tap_ok(!strcmp(str(&a, "status"), "SUCCEEDED") &&
           !strcmp(str(&a, "output"), "{\"first\":{\"r\":1}}") && !strcmp(str(&a, "nextState"), "N"),
           "a Parallel with a mocked result: its ResultSelector over it, nextState (%s)",
           str(&a, "output"));
    done(&a);
    a = test_state(api, TS_PARALLEL, "mock", TS_BOOM, "stateConfiguration",
                   "{'errorCausedByState': 'B'}", NULL);
    tap_is_str(str(&a, "status"), "RETRIABLE", "a Parallel with a mocked error: its Retry");
    done(&a);
    a = test_state(api, TS_PARALLEL, "mock", TS_BOOM, "stateConfiguration",
                   "{'errorCausedByState': 'Elsewhere'}", NULL);
    tap_ok(strstr(str(&a, "message"), "Elsewhere") != NULL,
           "errorCausedByState naming no state inside: ValidationException");
    done(&a);
    a = test_state(api, TS_PARALLEL, NULL);
    tap_is_str(str(&a, "__type"), "ValidationException", "a Parallel without a mock");
    done(&a);
    a = test_state(api, TS_MAP, "mock", "{'result': '[1, 2, 3]'}", "input", "'{`items`: [1]}'",
                   "stateConfiguration", "{'mapIterationFailureCount': 1}", NULL);
    tap_ok(!strcmp(str(&a, "status"), "SUCCEEDED") &&
           !strcmp(str(&a, "output"), "{\"items\":[1],\"out\":[1,2,3]}"),
           "a Map, 1 failure of 1 tolerated: SUCCEEDED, the mock as its result (%s)",
           str(&a, "output"));
    done(&a);
    a = test_state(api, TS_MAP, "mock", "{'result': '[1, 2, 3]'}", "stateConfiguration",
                   "{'mapIterationFailureCount': 2}", NULL);
    tap_ok(!strcmp(str(&a, "status"), "FAILED") &&
           !strcmp(str(&a, "error"), "States.ExceedToleratedFailureThreshold"),
           "2 failures: FAILED, States.ExceedToleratedFailureThreshold (%s)", str(&a, "error"));
    done(&a);
    a = test_state(api, TS_TASK, "mock", "{'result': '1'}", "stateConfiguration",
                   "{'mapIterationFailureCount': 2}", NULL);
    tap_is_str(str(&a, "__type"), "ValidationException", "mapIterationFailureCount on a Task");
    done(&a);
}

/* mock.fieldValidationMode against the local services' result shapes (botocore's). */
#define TS_SQS "{'Type': 'Task', 'Resource': 'arn:aws:states:::sqs:sendMessage', " \
    "'Parameters': {'QueueUrl': 'q', 'MessageBody': 'm'}, 'End': true}"
#define TS_RECEIVE "{'Type': 'Task', 'Resource': 'arn:aws:states:::aws-sdk:sqs:receiveMessage', " \
    "'Parameters': {'QueueUrl': 'q'}, 'End': true}"
#define TS_NO_TYPE "'{`Messages`: [{`MessageAttributes`: {`a`: {`StringValue`: `x`}}}]}'"
#define TS_QUERY "{'Type': 'Task', 'Resource': 'arn:aws:states:::aws-sdk:dynamodb:query', " \
    "'Parameters': {'TableName': 't'}, 'End': true}"
#define TS_LAMBDA "{'Type': 'Task', 'Resource': 'arn:aws:states:::lambda:invoke', " \
    "'Parameters': {'FunctionName': 'f'}, 'End': true}"

/* A Distributed Map reading CSV from S3, half its items may fail; ItemReaderFailed caught. */
#define TS_READER_MAP(config) "{'Type': 'Map', 'ItemReader': {'Resource': " \
    "'arn:aws:states:::s3:getObject', 'ReaderConfig': " config ", 'Parameters': " \
    "{'Bucket': 'b', 'Key': 'k'}}, 'ItemProcessor': {'ProcessorConfig': {'Mode': " \
    "'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, 'StartAt': 'I', 'States': {'I': {'Type': " \
    "'Pass', 'End': true}}}, 'ToleratedFailurePercentage': 50, 'Catch': [{'ErrorEquals': " \
    "['States.ItemReaderFailed'], 'Next': 'Caught'}], 'End': true}"
#define TS_CSV "{'InputType': 'CSV', 'CSVHeaderLocation': 'FIRST_ROW'}"
#define TS_ROWS "{'mapItemReaderData': 'a,b\\n1,2\\n3,4\\n5,6\\n7,8\\n', " \
    "'mapIterationFailureCount': 1}"

/* stateConfiguration.mapItemReaderData: the Map's ItemReader reads it instead of S3. */
static void test_teststate_reader(sfn_api *api)
{
    answer a = test_state(api, TS_READER_MAP(TS_CSV), "mock", "{'result': '[]'}",
                          "stateConfiguration", "{'mapIterationFailureCount': 1}", NULL);
    tap_is_str(str(&a, "error"), "States.ExceedToleratedFailureThreshold",
               "without mapItemReaderData: 1 failure of (at least) 1 item is over 50%%");
    done(&a);
    a = test_state(api, TS_READER_MAP(TS_CSV), "mock", "{'result': '[]'}",
                   "stateConfiguration", TS_ROWS, NULL);
    tap_ok(!strcmp(str(&a, "status"), "SUCCEEDED"), "mapItemReaderData: 4 CSV rows read, 1 "
           "failure is 25%%: the Map succeeds (%s %s %s)", str(&a, "status"), str(&a, "error"),
           str(&a, "message"));
    done(&a);
    a = test_state(api, TS_READER_MAP("{'InputType': 'CSV', 'CSVHeaderLocation': 'FIRST_ROW', "
                                      "'MaxItems': 1}"),
                   "mock", "{'result': '[]'}", "stateConfiguration", TS_ROWS, NULL);
    tap_is_str(str(&a, "error"), "States.ExceedToleratedFailureThreshold",
               "ReaderConfig.MaxItems 1: 1 item read, 1 failure is over 50%%");
    done(&a);
    a = test_state(api, TS_READER_MAP(TS_CSV), "mock", "{'result': '[]'}",
                   "stateConfiguration", "{'mapItemReaderData': 'a,a\\n1,2\\n'}", NULL);
    tap_ok(!strcmp(str(&a, "status"), "CAUGHT_ERROR") &&
               !strcmp(str(&a, "error"), "States.ItemReaderFailed") &&
               strstr(str(&a, "cause"), "duplicates") && !strcmp(str(&a, "nextState"), "Caught"),
           "CSV headers that repeat: States.ItemReaderFailed, caught (%s %s: %s)",
           str(&a, "status"), str(&a, "error"), str(&a, "cause"));
    done(&a);
    a = test_state(api, TS_READER_MAP("{'InputType': 'JSON'}"), "mock", "{'result': '[]'}",
                   "stateConfiguration", "{'mapItemReaderData': '{`not`: `a list`}'}", NULL);
    tap_is_str(str(&a, "error"), "States.ItemReaderFailed",
               "JSON that is not an array: States.ItemReaderFailed");
    done(&a);
    a = test_state(api, TS_MAP, "mock", "{'result': '[]'}", "stateConfiguration",
                   "{'mapItemReaderData': '[]'}", NULL);
    tap_ok(!strcmp(str(&a, "__type"), "ValidationException") &&
               strstr(str(&a, "message"), "with an ItemReader"),
           "a Map without an ItemReader: ValidationException (%s)", str(&a, "message"));
    done(&a);
    a = test_state(api, TS_READER_MAP("{'InputType': 'MANIFEST'}"), "mock", "{'result': '[]'}",
                   "stateConfiguration", "{'mapItemReaderData': '{}'}", NULL);
    tap_ok(!strcmp(str(&a, "__type"), "ValidationException") &&
               strstr(str(&a, "message"), "MANIFEST"),
           "a MANIFEST reader: ValidationException (%s)", str(&a, "message"));
    done(&a);
    a = test_state(api, TS_READER_MAP(TS_CSV), "mock", "{'result': '[]'}",
                   "stateConfiguration", "{'mapItemReaderData': 7}", NULL);
    tap_is_str(str(&a, "__type"), "SerializationException", "mapItemReaderData not a string");
    done(&a);
}

static void test_teststate_validation(sfn_api *api)
{
    static const struct {
        const char *definition, *mock;
        const char *expect;           /* "SUCCEEDED", or a part of the refusal's message */
        const char *what;
    } cases[] = {
        {TS_SQS, "{'result': '{`MessageId`: `m-1`, `MD5OfMessageBody`: `x`}'}", "SUCCEEDED",
         "STRICT (the default): a conforming SendMessage result"},
        {TS_SQS, "{'result': '{`MessageId`: 7}'}", ".MessageId must be a string",
         "a member of the wrong type: refused, naming it"},
        {TS_SQS, "{'result': '{`Surprise`: 1}'}", ".Surprise is not a member",
         "a member the result does not have: refused"},
        {TS_SQS, "{'result': '{`Surprise`: 1}', 'fieldValidationMode': 'NONE'}", "SUCCEEDED",
         "NONE: nothing checked"},
        {TS_RECEIVE, "{'result': " TS_NO_TYPE "}",
         ".Messages[0].MessageAttributes.a.DataType is required", "STRICT: a required member "
         "missing"},
        {TS_RECEIVE, "{'result': " TS_NO_TYPE ", 'fieldValidationMode': 'PRESENT'}",
         "SUCCEEDED", "PRESENT: required members not asked for"},
        {TS_QUERY, "{'result': '{`Items`: [{`k`: {`S`: `v`, `N`: 1}}]}', "
         "'fieldValidationMode': 'PRESENT'}", ".Items[0].k.N must be a string",
         "PRESENT, nested: DynamoDB's AttributeValue N is a string"},
        {TS_QUERY, "{'result': '{`Count`: 0, `Items`: []}', 'fieldValidationMode': 'PRESENT'}",
         "SUCCEEDED", "PRESENT: a conforming Query result"},
        {TS_LAMBDA, "{'result': '{`anything`: 1}'}", "SUCCEEDED",
         "an action with no shape here: not checked"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        answer a = test_state(api, cases[i].definition, "mock", cases[i].mock, NULL);
        bool ok = !strcmp(cases[i].expect, "SUCCEEDED")
                      ? !strcmp(str(&a, "status"), "SUCCEEDED")
                      : !strcmp(str(&a, "__type"), "ValidationException") &&
                            strstr(str(&a, "message"), cases[i].expect);
        tap_ok(ok, "%s (%s%s)", cases[i].what, str(&a, "status"), str(&a, "message"));
        done(&a);
    }
}

int main(void)
{
    serve_config c = test_serve_config();
    char err[256];
    serve_registry *r = serve_registry_new(&c, err, sizeof err);
    tap_ok(r != NULL, "a registry and its driver thread start");
    sfn_api api = {r, SFN_LOG_WARN};
    test_update(&api);
    test_validate(&api);
    test_redrive_aborted(&api);
    test_redrive_failed(&api);
    test_teststate_fields(&api);
    test_teststate_mocked(&api);
    test_teststate_validation(&api);
    test_teststate_reader(&api);
    serve_registry_free(r);
    return tap_done();
}
