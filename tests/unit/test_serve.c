/* Unit tests: `sfdbg serve`'s protocol and registry without a network (sfn_api_handle called
 * as the HTTP server calls it), so they run where no HTTP client is installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jv_text.h"
#include "serve_call.h"
#include "src/sfn_api.h"
#include "tap.h"

static void test_protocol(sfn_api *api)
{
    expect_error(api, "NoSuchThing", "{}", "UnknownOperationException", "an unknown operation");
    expect_error(api, "ListStateMachines", "[1]", "SerializationException", "a body not an object");
    expect_error(api, "ListStateMachines", "{\"maxResults\": ", "SerializationException",
                 "a body not JSON");
    expect_error(api, "DescribeExecution", "{}", "ValidationException", "a required member missing");
    expect_error(api, "DescribeExecution", "{\"executionArn\": true}", "SerializationException",
                 "a member of the wrong type");
    expect_error(api, "ListExecutions", "{\"stateMachineArn\": \"" SM "x\", \"maxResults\": 1001}",
                 "ValidationException", "maxResults over 1000");
    expect_error(api, "DescribeExecution", "{\"executionArn\": \"nope\"}", "InvalidArn",
                 "an ARN that is not one");
    answer a = call(api, "ListStateMachines", "");
    tap_ok(a.status == 200 && jv_array_length(jv_object_get(a.body, "stateMachines")) == 0,
           "an empty body is {}");
    done(&a);
}

static void test_execution(sfn_api *api)
{
    answer a = call(api, "CreateStateMachine", "{\"name\": \"P\", \"roleArn\": \"" ROLE "\", "
                    "\"definition\": \"{\\\"StartAt\\\": \\\"A\\\", \\\"States\\\": {\\\"A\\\": "
                    "{\\\"Type\\\": \\\"Pass\\\", \\\"Result\\\": 7, \\\"Next\\\": \\\"W\\\"}, "
                    "\\\"W\\\": {\\\"Type\\\": \\\"Wait\\\", \\\"Seconds\\\": 60, \\\"End\\\": true}}}\"}");
    tap_is_str(str(&a, "stateMachineArn"), SM "P", "CreateStateMachine answers the ARN");
    done(&a);
    expect_error(api, "CreateStateMachine", "{\"name\": \"Q\", \"roleArn\": \"" ROLE "\", "
                 "\"definition\": \"{\\\"StartAt\\\": \\\"Z\\\", \\\"States\\\": {}}\"}",
                 "InvalidDefinition", "a definition that does not validate");
    expect_error(api, "CreateStateMachine", "{\"name\": \"a b\", \"roleArn\": \"" ROLE "\", "
                 "\"definition\": \"{}\"}", "InvalidName", "a name with a space");
    a = call(api, "StartExecution", "{\"stateMachineArn\": \"" SM "P\", \"name\": \"e1\", "
             "\"input\": \"{\\\"k\\\": 1}\"}");
    tap_is_str(str(&a, "executionArn"), EX "P:e1", "StartExecution answers the execution's ARN");
    done(&a);
    a = describe_when_done(api, EX "P:e1");
    tap_is_str(str(&a, "status"), "SUCCEEDED", "the execution runs on the driver thread");
    tap_is_str(str(&a, "output"), "7", "with its output as JSON text");
    double start = jv_number_value(jv_object_get(a.body, "startDate"));
    double stop = jv_number_value(jv_object_get(a.body, "stopDate"));
    tap_ok(stop - start > 59.9 && stop - start < 60.1, "a minute's Wait on the virtual clock");
    done(&a);
    a = call(api, "GetExecutionHistory", "{\"executionArn\": \"" EX "P:e1\", \"maxResults\": 4}");
    const jv *events = jv_object_get(a.body, "events");
    tap_ok(jv_array_length(events) == 4 && *str(&a, "nextToken"), "a page of 4 events, and more");
    char body[512];
    snprintf(body, sizeof body, "{\"executionArn\": \"" EX "P:e1\", \"nextToken\": \"%s\"}",
             str(&a, "nextToken"));
    done(&a);
    a = call(api, "GetExecutionHistory", body);
    events = jv_object_get(a.body, "events");
    const jv *last = jv_array_get(events, jv_array_length(events) - 1);
    tap_is_str(last ? jv_string_value(jv_object_get(last, "type")) : "", "ExecutionSucceeded",
               "the next page ends with ExecutionSucceeded");
    tap_ok(!jv_object_has(a.body, "nextToken"), "and has no nextToken");
    done(&a);
    expect_error(api, "StartExecution", "{\"stateMachineArn\": \"" SM "P\", \"name\": \"e1\"}",
                 "ExecutionAlreadyExists", "the same name again");
    expect_error(api, "StartSyncExecution", "{\"stateMachineArn\": \"" SM "P\"}",
                 "StateMachineTypeNotSupported", "StartSyncExecution on STANDARD");
}

static void test_tokens(sfn_api *api)
{
    answer a = call(api, "CreateStateMachine", "{\"name\": \"C\", \"roleArn\": \"" ROLE "\", "
                    "\"definition\": \"{\\\"StartAt\\\": \\\"T\\\", \\\"States\\\": {\\\"T\\\": "
                    "{\\\"Type\\\": \\\"Task\\\", \\\"Resource\\\": \\\"arn:aws:states:::sqs:"
                    "sendMessage.waitForTaskToken\\\", \\\"Parameters\\\": {\\\"QueueUrl\\\": "
                    "\\\"q\\\", \\\"MessageBody.$\\\": \\\"$$.Task.Token\\\"}, \\\"End\\\": "
                    "true}}}\"}");
    done(&a);
    a = call(api, "StartExecution", "{\"stateMachineArn\": \"" SM "C\", \"name\": \"c1\"}");
    done(&a);
    char token[512] = "";
    for (int i = 0; i < 200 && !*token; i++) {
        a = call(api, "GetExecutionHistory", "{\"executionArn\": \"" EX "C:c1\"}");
        const jv *events = jv_object_get(a.body, "events");
        for (size_t k = 0; k < jv_array_length(events); k++) {
            const jv *d = jv_object_get(jv_array_get(events, k), "taskScheduledEventDetails");
            jv_parse_error err;
            jv *p = d ? jv_parse_cstr(jv_string_value(jv_object_get(d, "parameters")), &err) : NULL;
            if (p)
                snprintf(token, sizeof token, "%s", jv_string_value(jv_object_get(p, "MessageBody")));
            jv_unref(p);
        }
        done(&a);
        if (!*token)
            nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    tap_ok(*token, "the waiting task's token is in its TaskScheduled parameters");
    expect_error(api, "SendTaskSuccess", "{\"taskToken\": \"forged\", \"output\": \"{}\"}",
                 "InvalidToken", "a forged token");
    char body[1024];
    snprintf(body, sizeof body, "{\"taskToken\": \"%s\", \"output\": \"{nope\"}", token);
    expect_error(api, "SendTaskSuccess", body, "InvalidOutput", "output that is not JSON");
    snprintf(body, sizeof body, "{\"taskToken\": \"%s\", \"output\": \"{\\\"ok\\\": 1}\"}", token);
    a = call(api, "SendTaskSuccess", body);
    tap_is_int(a.status, 200, "SendTaskSuccess");
    done(&a);
    a = describe_when_done(api, EX "C:c1");
    tap_is_str(str(&a, "output"), "{\"ok\":1}", "the execution goes on with the output");
    done(&a);
    expect_error(api, "SendTaskSuccess", body, "TaskDoesNotExist", "the token again");
    a = call(api, "StartExecution", "{\"stateMachineArn\": \"" SM "C\", \"name\": \"c2\"}");
    done(&a);
    a = call(api, "StopExecution", "{\"executionArn\": \"" EX "C:c2\", \"error\": \"E\"}");
    tap_is_int(a.status, 200, "StopExecution");
    done(&a);
    a = call(api, "DescribeExecution", "{\"executionArn\": \"" EX "C:c2\"}");
    tap_ok(!strcmp(str(&a, "status"), "ABORTED") && !strcmp(str(&a, "error"), "E"),
           "the stopped execution is ABORTED with its error");
    done(&a);
}

static void test_teststate(sfn_api *api)
{
    answer a = call(api, "TestState", "{\"definition\": \"{\\\"Type\\\": \\\"Choice\\\", "
                    "\\\"Choices\\\": [{\\\"Variable\\\": \\\"$.n\\\", \\\"NumericGreaterThan\\\": "
                    "1, \\\"Next\\\": \\\"Big\\\"}], \\\"Default\\\": \\\"Small\\\"}\", "
                    "\"input\": \"{\\\"n\\\": 5}\", \"inspectionLevel\": \"DEBUG\"}");
    tap_ok(!strcmp(str(&a, "status"), "SUCCEEDED") && !strcmp(str(&a, "nextState"), "Big"),
           "TestState of a Choice: SUCCEEDED, nextState Big");
    const jv *d = jv_object_get(a.body, "inspectionData");
    tap_ok(d && !strcmp(jv_string_value(jv_object_get(d, "input")), "{\"n\":5}"),
           "DEBUG: inspectionData.input");
    done(&a);
}

int main(void)
{
    serve_config c = test_serve_config();
    char err[256];
    serve_registry *r = serve_registry_new(&c, err, sizeof err);
    tap_ok(r != NULL, "a registry and its driver thread start");
    sfn_api api = {r, SFN_LOG_WARN};
    test_protocol(&api);
    test_execution(&api);
    test_tokens(&api);
    test_teststate(&api);
    serve_registry_free(r);
    return tap_done();
}
