/* Unit tests: the serve operations past the basic ones — UpdateStateMachine,
 * DescribeStateMachineForExecution, ValidateStateMachineDefinition — through the protocol
 * handler (serve_call.h), no network. */
#include "serve_call.h"

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
    char *body = request("stateMachineArn", SM "U", NULL);
    expect_error(api, "UpdateStateMachine", body, "MissingRequiredParameter", "nothing to update");
    free(body);
    body = request("stateMachineArn", SM "U", "definition", "{'StartAt': 'Z', 'States': {}}",
                   NULL);
    expect_error(api, "UpdateStateMachine", body, "InvalidDefinition", "a definition that fails");
    free(body);
    body = request("stateMachineArn", SM "Nope", "roleArn", ROLE, NULL);
    expect_error(api, "UpdateStateMachine", body, "StateMachineDoesNotExist", "an unknown machine");
    free(body);
    body = request("executionArn", EX "U:none", NULL);
    expect_error(api, "DescribeStateMachineForExecution", body, "ExecutionDoesNotExist",
                 "DescribeStateMachineForExecution of an unknown execution");
    free(body);
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
    char *body = request("definition", def, "severity", "INFO", NULL);
    expect_error(api, "ValidateStateMachineDefinition", body, "ValidationException",
                 "a severity that is not ERROR or WARNING");
    free(body);
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
    serve_registry_free(r);
    return tap_done();
}
