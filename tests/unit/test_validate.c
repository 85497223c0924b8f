/*
 * Unit tests: static validation of definitions (engine/validate.h). Each case is a broken
 * definition and the exact list of diagnostics it must produce, each written as
 * "LINE:COL CODE: message @ pointer" (pointer "" when AWS gives no location).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "strbuf.h"
#include "tap.h"
#include "validate.h"

static char *format_diag(const asl_diag *g)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_printf(&sb, "%d:%d %s%s: %s @ %s", g->line, g->column,
                  g->severity == ASL_DIAG_WARNING ? "warning " : "", g->code, g->message,
                  g->pointer);
    return strbuf_detach(&sb);
}

/* Validates text and compares every diagnostic, in order, with the NULL-terminated list. */
static void check_opts(const char *name, bool express, const char *text, ...)
{
    asl_validate_options opts = {.express = express};
    asl_diags d;
    asl_diags_init(&d);
    jv *v = asl_validate_text(text, strlen(text), &opts, &d);
    va_list ap;
    va_start(ap, text);
    size_t i = 0;
    for (const char *want; (want = va_arg(ap, const char *)) != NULL; i++) {
        char *got = i < d.len ? format_diag(&d.items[i]) : NULL;
        tap_is_str(got, want, "%s: diagnostic %zu", name, i + 1);
        free(got);
    }
    va_end(ap);
    if (!tap_is_int((long long)d.len, (long long)i, "%s: %zu diagnostics", name, i))
        for (size_t k = i; k < d.len; k++) {
            char *extra = format_diag(&d.items[k]);
            tap_diag("extra: %s", extra);
            free(extra);
        }
    jv_unref(v);
    asl_diags_cleanup(&d);
}

#define check(name, ...) check_opts(name, false, __VA_ARGS__, NULL)
#define check_express(name, ...) check_opts(name, true, __VA_ARGS__, NULL)
#define ok(name, text) check_opts(name, false, text, NULL)

/* a valid one-state machine around a state body: {"StartAt":"S","States":{"S":BODY}} */
#define ONE(body) "{\"StartAt\":\"S\",\"States\":{\"S\":" body "}}"
/* the column where BODY starts in ONE(): {"StartAt":"S","States":{"S": is 30 bytes */
#define BODY_COL 31

static void test_not_json(void)
{
    check("not JSON", "not a definition",
          "1:1 INVALID_JSON_DESCRIPTION: Unrecognized token 'not': was expecting (JSON String, "
          "Number, Array, Object or token 'null', 'true' or 'false') @ ");
    check("JSON error position", "{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}",
          "3:14 INVALID_JSON_DESCRIPTION: Unexpected character (',' (code 44)): was expecting "
          "double-quote to start field name @ ");
    check("truncated JSON", "{\"StartAt\":",
          "1:12 INVALID_JSON_DESCRIPTION: Unexpected end-of-input @ ");
    check("blank text", " ", "1:1 SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object @ ");
    check("empty text", "", "1:1 SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object @ ");
    check("array", " [1]", "1:2 SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object @ ");

    asl_diags d;
    asl_diags_init(&d);
    tap_ok(asl_validate_text("nope", 4, NULL, &d) == NULL, "non-JSON returns NULL");
    asl_diags_cleanup(&d);
    jv *v = asl_validate_text("[]", 2, NULL, &d);
    tap_ok(v != NULL && jv_is_array(v), "JSON that is not an object is still returned");
    jv_unref(v);
    asl_diags_cleanup(&d);
    v = asl_validate_text(ONE("{\"Type\":\"Pass\",\"End\":true}"),
                          strlen(ONE("{\"Type\":\"Pass\",\"End\":true}")), NULL, &d);
    tap_ok(v && jv_is_object(v) && d.len == 0, "a valid definition: object, no diagnostics");
    tap_is_int((long long)asl_diags_error_count(&d), 0, "error count 0");
    jv_unref(v);
    asl_diags_cleanup(&d);
}

static void test_root(void)
{
    check("empty object", "{}",
          "1:1 SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] @ /");
    check("no StartAt", "{\"States\":{\"S\":{\"Type\":\"Succeed\"}}}",
          "1:1 SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] @ /");
    check("unknown top-level field",
          "{\"StartAt\":\"S\",\n \"Foo\":1,\"States\":{\"S\":{\"Type\":\"Succeed\"}}}",
          "2:2 SCHEMA_VALIDATION_FAILED: Field 'Foo' is not supported @ /");
    check("Version", "{\"Version\":\"2.0\",\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}",
          "1:2 SCHEMA_VALIDATION_FAILED: Value should be one of the following: [1.0] @ /Version");
    check("machine TimeoutSeconds range",
          "{\"TimeoutSeconds\":-1,\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}",
          "1:2 SCHEMA_VALIDATION_FAILED: Minimum value is 0 @ /TimeoutSeconds");
    check("machine TimeoutSeconds type",
          "{\"TimeoutSeconds\":1.5,\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}",
          "1:2 SCHEMA_VALIDATION_FAILED: Expected value of type Integer @ /TimeoutSeconds");
    ok("machine TimeoutSeconds 0 is accepted",
       "{\"TimeoutSeconds\":0,\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}");
    check("StartAt type", "{\"StartAt\":1,\"States\":{\"S\":{\"Type\":\"Succeed\"}}}",
          "1:2 SCHEMA_VALIDATION_FAILED: Expected value of type [STRING] @ /StartAt");
    check("States type", "{\"StartAt\":\"S\",\"States\":[]}",
          "1:16 SCHEMA_VALIDATION_FAILED: Expected value of type [OBJECT] @ /States");
    check("state not an object", "{\"StartAt\":\"S\",\"States\":{\"S\":1}}",
          "1:26 SCHEMA_VALIDATION_FAILED: Expected value of type [OBJECT] @ /States/S",
          "1:16 MISSING_END_STATE: Workflow has no terminal state @ ");
}

static void test_transitions(void)
{
    check("StartAt names no state", "{\"StartAt\":\"X\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}",
          "1:2 MISSING_TRANSITION_TARGET: Missing 'Next' target: X @ /StartAt");
    check("Next names no state (and the target is unreachable)",
          "{\"StartAt\":\"A\",\"States\":{\n"
          "\"A\":{\"Type\":\"Pass\",\"Next\":\"Nope\"},\n"
          "\"B\":{\"Type\":\"Pass\",\"End\":true}}}",
          "2:20 MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope @ /States/A/Next",
          "3:1 MISSING_TRANSITION_TARGET: State \"B\" is not reachable. @ /States/B");
    check("Default and rule Next",
          "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
          "\"$.x\",\"IsNull\":true,\"Next\":\"N1\"}],\"Default\":\"N2\"},\"E\":{\"Type\":"
          "\"Succeed\"}}}",
          "1:90 MISSING_TRANSITION_TARGET: Missing 'Next' target: N1 @ /States/C/Choices[0]/Next",
          "1:104 MISSING_TRANSITION_TARGET: Missing 'Next' target: N2 @ /States/C/Default",
          "1:120 MISSING_TRANSITION_TARGET: State \"E\" is not reachable. @ /States/E");
    check("Catch Next",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true,"
              "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"H\"}]}"),
          "1:139 MISSING_TRANSITION_TARGET: Missing 'Next' target: H @ /States/S/Catch[0]/Next");
    ok("Catch Next makes a state reachable",
       "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::"
       "lambda:invoke\",\"End\":true,\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"H\"}]},"
       "\"H\":{\"Type\":\"Fail\"}}}");
    check("no terminal state: a loop (reachability is not reported on top)",
          "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},"
          "\"B\":{\"Type\":\"Pass\",\"Next\":\"A\"},\"C\":{\"Type\":\"Pass\",\"Next\":\"A\"}}}",
          "1:16 MISSING_END_STATE: Workflow has no terminal state @ ");
    check("a loop with an unreachable terminal state",
          "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},"
          "\"B\":{\"Type\":\"Pass\",\"Next\":\"A\"},\"C\":{\"Type\":\"Succeed\"}}}",
          "1:88 MISSING_TRANSITION_TARGET: State \"C\" is not reachable. @ /States/C");
    check("a branch cannot jump out of its container",
          ONE("{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[{\"StartAt\":\"B1\",\"States\":"
              "{\"B1\":{\"Type\":\"Pass\",\"Next\":\"S\"}}}]}"),
          "1:118 MISSING_TRANSITION_TARGET: Missing 'Next' target: S @ /States/S/Branches[0]/States/B1/Next");
    check("branch StartAt and unreachable branch state",
          ONE("{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[{\"StartAt\":\"Z\",\"States\":"
              "{\"B1\":{\"Type\":\"Pass\",\"End\":true}}},{\"StartAt\":\"C1\",\"States\":{\"C1\":"
              "{\"Type\":\"Pass\",\"End\":true},\"C2\":{\"Type\":\"Succeed\"}}}]}"),
          "1:73 MISSING_TRANSITION_TARGET: Missing 'Next' target: Z @ /States/S/Branches[0]/StartAt",
          "1:189 MISSING_TRANSITION_TARGET: State \"C2\" is not reachable. @ /States/S/Branches[1]/States/C2");
    check("branch fields: unknown field, missing States",
          ONE("{\"Type\":\"Parallel\",\"End\":true,\"Branches\":[{\"StartAt\":\"B\","
              "\"Foo\":1},{\"StartAt\":\"C\",\"QueryLanguage\":\"JSONPath\",\"States\":"
              "{\"C\":{\"Type\":\"Succeed\"}}}]}"),
          "1:87 SCHEMA_VALIDATION_FAILED: Field 'Foo' is not supported @ /States/S/Branches[0]",
          "1:72 SCHEMA_VALIDATION_FAILED: These fields are required: [States] @ /States/S/Branches[0]");
    check("duplicate names across nested containers",
          "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Next\":\"Dup\",\"Branches\":"
          "[{\"StartAt\":\"Dup\",\"States\":{\"Dup\":{\"Type\":\"Succeed\"}}}]},"
          "\"Dup\":{\"Type\":\"Succeed\"}}}",
          "1:101 DUPLICATE_STATE_NAME: Duplicate State name: Dup @ /States/P/Branches[0]/States/Dup");
}

static void test_state_fields(void)
{
    check("bad Type", ONE("{\"Type\":\"Pas\",\"End\":true}"),
          "1:31 SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, "
          "Wait, Pass, Succeed, Fail, Choice, Parallel, Map] @ /States/S/Type");
    check("missing Type", ONE("{\"End\":true}"),
          "1:26 SCHEMA_VALIDATION_FAILED: These fields are required: [Type] @ /States/S");
    check("TimeoutSeconds on Pass", ONE("{\"Type\":\"Pass\",\"TimeoutSeconds\":5,\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Field 'TimeoutSeconds' is not supported @ /States/S");
    check("Retry on Wait and unknown field",
          ONE("{\"Type\":\"Wait\",\"Seconds\":1,\"Retry\":[],\"Bogus\":0,\"End\":true}"),
          "1:57 SCHEMA_VALIDATION_FAILED: Field 'Retry' is not supported @ /States/S",
          "1:68 SCHEMA_VALIDATION_FAILED: Field 'Bogus' is not supported @ /States/S");
    check("Task without Resource", ONE("{\"Type\":\"Task\",\"End\":true}"),
          "1:26 SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] @ /States/S");
    check("Choice without Choices",
          "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Default\":\"E\"},"
          "\"E\":{\"Type\":\"Succeed\"}}}",
          "1:26 SCHEMA_VALIDATION_FAILED: These fields are required: [Choices] @ /States/C");
    check("Parallel without Branches, and empty Branches",
          "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Next\":\"Q\"},"
          "\"Q\":{\"Type\":\"Parallel\",\"Branches\":[],\"End\":true}}}",
          "1:26 SCHEMA_VALIDATION_FAILED: These fields are required: [Branches] @ /States/P",
          "1:84 SCHEMA_VALIDATION_FAILED: Value cannot be empty @ /States/Q/Branches");
    check("Next and End", ONE("{\"Type\":\"Pass\",\"Next\":\"S\",\"End\":true}"),
          "1:26 SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [Next, "
          "End] @ /States/S");
    check("neither Next nor End (End false)", ONE("{\"Type\":\"Pass\",\"End\":false}"),
          "1:26 SCHEMA_VALIDATION_FAILED: This object should have only one of the following "
          "fields: [Next, End] @ /States/S",
          "1:16 MISSING_END_STATE: Workflow has no terminal state @ ");
    check("End type", ONE("{\"Type\":\"Pass\",\"End\":\"yes\"}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Expected value of type [BOOLEAN] @ /States/S/End",
          "1:26 SCHEMA_VALIDATION_FAILED: This object should have only one of the following "
          "fields: [Next, End] @ /States/S",
          "1:16 MISSING_END_STATE: Workflow has no terminal state @ ");
    check("Next on Succeed", ONE("{\"Type\":\"Succeed\",\"Next\":\"S\"}"),
          "1:48 SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported @ /States/S");
    check("state name longer than 80 characters",
          "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"},"
          "\"N123456789012345678901234567890123456789012345678901234567890123456789012345678901\":"
          "{\"Type\":\"Succeed\"}}}",
          "1:49 SCHEMA_VALIDATION_FAILED: State name must be between 1 and 80 characters long @ "
          "/States/N123456789012345678901234567890123456789012345678901234567890123456789012345678901",
          "1:49 MISSING_TRANSITION_TARGET: State "
          "\"N123456789012345678901234567890123456789012345678901234567890123456789012345678901\" "
          "is not reachable. @ "
          "/States/N123456789012345678901234567890123456789012345678901234567890123456789012345678901");
    check("Comment type", ONE("{\"Type\":\"Succeed\",\"Comment\":7}"),
          "1:48 SCHEMA_VALIDATION_FAILED: Expected value of type [STRING] @ /States/S/Comment");
}

static void test_wait_fail_task(void)
{
    check("Wait with two forms",
          ONE("{\"Type\":\"Wait\",\"Seconds\":1,\"SecondsPath\":\"$.s\",\"End\":true}"),
          "1:26 SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
          "[SecondsPath, Seconds, TimestampPath, Timestamp] @ /States/S");
    check("Wait with no form", ONE("{\"Type\":\"Wait\",\"End\":true}"),
          "1:26 SCHEMA_VALIDATION_FAILED: This object should have only one of the following "
          "fields: [SecondsPath, Seconds, TimestampPath, Timestamp] @ /States/S");
    check("Wait Seconds range", ONE("{\"Type\":\"Wait\",\"Seconds\":-1,\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Minimum value is 0 @ /States/S/Seconds");
    check("huge numbers are integers out of range (no undefined conversion)",
          "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Wait\",\"Seconds\":-1e300,"
          "\"Next\":\"B\"},\"B\":{\"Type\":\"Wait\",\"Seconds\":1e19,\"End\":true}}}",
          "1:45 SCHEMA_VALIDATION_FAILED: Minimum value is 0 @ /States/A/Seconds",
          "1:93 SCHEMA_VALIDATION_FAILED: Maximum value is 99999999 @ /States/B/Seconds");
    check("Wait Timestamp RFC 3339",
          "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Wait\",\"Timestamp\":"
          "\"2016-03-14t01:59:00Z\",\"Next\":\"B\"},\"B\":{\"Type\":\"Wait\",\"Timestamp\":"
          "\"2016-02-30T01:59:00Z\",\"Next\":\"C\"},\"C\":{\"Type\":\"Wait\",\"Timestamp\":"
          "\"2016-03-14T01:59:00+01:00\",\"End\":true}}}",
          "1:45 SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp @ /States/A/Timestamp",
          "1:111 SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp @ /States/B/Timestamp");
    check("Fail Error and ErrorPath",
          ONE("{\"Type\":\"Fail\",\"Error\":\"E\",\"ErrorPath\":\"$.e\",\"Cause\":\"c\"}"),
          "1:26 SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
          "[Error, ErrorPath] @ /States/S");
    check("Fail CausePath is a path or a call",
          ONE("{\"Type\":\"Fail\",\"CausePath\":\"cause\"}"),
          "1:45 SCHEMA_VALIDATION_FAILED: The value for the field 'CausePath' must be a valid "
          "JSONPath or a valid intrinsic function call @ /States/S/CausePath");
    check("Fail ErrorPath: an intrinsic that returns no string, an unknown one",
          ONE("{\"Type\":\"Fail\",\"ErrorPath\":\"States.ArrayLength($.a)\",\"CausePath\":"
              "\"States.Nope($.a)\"}"),
          "1:45 SCHEMA_VALIDATION_FAILED: The value for the field 'ErrorPath' must be a valid "
          "JSONPath or a valid intrinsic function call @ /States/S/ErrorPath",
          "1:83 SCHEMA_VALIDATION_FAILED: The value for the field 'CausePath' must be a valid "
          "JSONPath or a valid intrinsic function call @ /States/S/CausePath");
    ok("Fail CausePath intrinsic",
       ONE("{\"Type\":\"Fail\",\"CausePath\":\"States.Format('x {}', $.a)\"}"));
    check("Task TimeoutSeconds and TimeoutSecondsPath, HeartbeatSeconds >= TimeoutSeconds",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
              "\"TimeoutSeconds\":10,\"TimeoutSecondsPath\":\"$.t\",\"HeartbeatSeconds\":10,"
              "\"End\":true}"),
          "1:26 SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
          "[TimeoutSeconds, TimeoutSecondsPath] @ /States/S",
          "1:136 SCHEMA_VALIDATION_FAILED: HeartbeatSeconds must be less than TimeoutSeconds @ "
          "/States/S/HeartbeatSeconds");
    check("Task TimeoutSeconds minimum",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
              "\"TimeoutSeconds\":0,\"End\":true}"),
          "1:89 SCHEMA_VALIDATION_FAILED: Minimum value is 1 @ /States/S/TimeoutSeconds");
    check("Task HeartbeatSeconds maximum",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
              "\"HeartbeatSeconds\":100000000,\"End\":true}"),
          "1:89 SCHEMA_VALIDATION_FAILED: Maximum value is 99999999 @ /States/S/HeartbeatSeconds");
    check("Credentials without RoleArn",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
              "\"Credentials\":{\"Role\":\"x\"},\"End\":true}"),
          "1:104 SCHEMA_VALIDATION_FAILED: Field 'Role' is not supported @ /States/S/Credentials",
          "1:89 SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is required but was missing @ "
          "/States/S/Credentials");
    check("Credentials on an activity",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:us-east-1:123456789012:activity:a\","
              "\"Credentials\":{\"RoleArn\":\"arn:aws:iam::123456789012:role/r\"},\"End\":true}"),
          "1:107 SCHEMA_VALIDATION_FAILED: The field 'Credentials' is not supported for "
          "activities @ /States/S/Credentials");
    check("Credentials RoleArn.$ must be a path",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
              "\"Credentials\":{\"RoleArn.$\":\"role\"},\"End\":true}"),
          "1:104 SCHEMA_VALIDATION_FAILED: The value for the field 'RoleArn.$' must be a valid "
          "JSONPath or a valid intrinsic function call @ /States/S/Credentials");
}

static void test_resources(void)
{
    check("unknown optimized integration",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::dynamodb:query\",\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:query is "
          "not recognized. The value is not a valid resource ARN, or the resource is not "
          "available in this region. @ /States/S/Resource");
    check("pattern the integration lacks",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.sync\",\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::lambda:invoke.sync"
          " is not recognized. The value is not a valid resource ARN, or the resource is not "
          "available in this region. @ /States/S/Resource");
    check("not an ARN", ONE("{\"Type\":\"Task\",\"Resource\":\"createToken\",\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Value is not a valid resource ARN @ /States/S/Resource");
    ok("SDK integration", ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::aws-sdk:dynamodb:"
                              "query\",\"End\":true}"));
    check_express("express: .sync",
                  ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::states:startExecution."
                      "sync:2\",\"End\":true}"),
                  "1:45 SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' "
                  "service integration @ /States/S/Resource");
    check_express("express: .waitForTaskToken (AWS's trailing space)",
                  ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage."
                      "waitForTaskToken\",\"End\":true}"),
                  "1:45 SCHEMA_VALIDATION_FAILED: Express state machine does not support "
                  "'.waitForTaskToken' service integration  @ /States/S/Resource");
    check_express("express: activity",
                  ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:us-east-1:123456789012:"
                      "activity:a\",\"End\":true}"),
                  "1:45 SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity "
                  "ARN @ /States/S/Resource");
    ok("standard: .sync", ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::states:"
                              "startExecution.sync:2\",\"End\":true}"));
    check_express("express: nested in a Map",
                  ONE("{\"Type\":\"Map\",\"End\":true,\"ItemProcessor\":{\"StartAt\":\"T\","
                      "\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::ecs:"
                      "runTask.sync\",\"End\":true}}}}"),
                  "1:115 SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' "
                  "service integration @ /States/S/ItemProcessor/States/T/Resource");
}

/* An HTTP task names its EventBridge connection (docs/semantics.md: the evidence, and what
 * is inferred): Authentication.ConnectionArn, a connection ARN, or a path / expression. */
#define HTTP_TASK(params) ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::http:invoke\"," \
                              "\"Parameters\":{\"ApiEndpoint\":\"https://x.test\",\"Method\":\"GET\"" \
                              params "},\"End\":true}")
#define CONN "\"arn:aws:events:us-east-1:123456789012:connection/c/0f1e\""
static void test_http_task(void)
{
    ok("HTTP task with a connection", HTTP_TASK(",\"Authentication\":{\"ConnectionArn\":" CONN "}"));
    ok("HTTP task: ConnectionArn from a path",
       HTTP_TASK(",\"Authentication\":{\"ConnectionArn.$\":\"$.conn\"}"));
    ok("HTTP task: Authentication from a path", HTTP_TASK(",\"Authentication.$\":\"$.auth\""));
    ok("HTTP task: the connection in InvocationConfig",
       HTTP_TASK(",\"InvocationConfig\":{\"ConnectionArn\":" CONN "}"));
    ok("HTTP task (JSONata): ConnectionArn from an expression",
       ONE("{\"Type\":\"Task\",\"QueryLanguage\":\"JSONata\",\"Resource\":\"arn:aws:states:::http:"
           "invoke\",\"Arguments\":{\"ApiEndpoint\":\"https://x.test\",\"Method\":\"GET\","
           "\"Authentication\":{\"ConnectionArn\":\"{% $states.input.c %}\"}},\"End\":true}"));
    /* refused: the params after Method, the message, where (Parameters/...) */
    static const struct {
        const char *what, *params, *message, *where;
    } refused[] = {
        {"InvocationConfig without ConnectionArn", ",\"InvocationConfig\":{}",
         "1:147 SCHEMA_VALIDATION_FAILED: The field 'ConnectionArn' is required but was missing",
         "/InvocationConfig"},
        {"without Authentication", "",
         "1:87 SCHEMA_VALIDATION_FAILED: The field 'Authentication' is required but was missing",
         ""},
        {"without ConnectionArn", ",\"Authentication\":{}",
         "1:147 SCHEMA_VALIDATION_FAILED: The field 'ConnectionArn' is required but was missing",
         "/Authentication"},
        {"Authentication not an object", ",\"Authentication\":\"c\"",
         "1:87 SCHEMA_VALIDATION_FAILED: The value for the 'Authentication' field is not valid",
         ""},
        {"a definition substitution left in ConnectionArn",
         ",\"Authentication\":{\"ConnectionArn\":\"${ApiConnectionArn}\"}",
         "1:147 SCHEMA_VALIDATION_FAILED: The value for the 'ConnectionArn' field is not valid",
         "/Authentication"},
        {"not a connection's ARN",
         ",\"Authentication\":{\"ConnectionArn\":\"arn:aws:events:us-east-1:1:rule/r\"}",
         "1:147 SCHEMA_VALIDATION_FAILED: The value for the 'ConnectionArn' field is not valid",
         "/Authentication"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char text[512], want[256], name[96];
        snprintf(text, sizeof text, HTTP_TASK("%s"), refused[i].params);
        snprintf(want, sizeof want, "%s @ /States/S/Parameters%s", refused[i].message,
                 refused[i].where);
        snprintf(name, sizeof name, "HTTP task: %s", refused[i].what);
        check(name, text, want);
    }
    check("HTTP task without Parameters",
          ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::http:invoke\",\"End\":true}"),
          "1:26 SCHEMA_VALIDATION_FAILED: The field 'Parameters' is required but was missing @ "
          "/States/S");
    /* no evidence that CreateStateMachine checks a Lambda ARN's region and account: kept */
    ok("Lambda ARN with placeholder region and account",
       ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:region:account-id:function:f\","
           "\"End\":true}"));
}

static void test_choice(void)
{
#define CHOICE(rules) \
    "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":" rules \
    ",\"Default\":\"E\"},\"E\":{\"Type\":\"Succeed\"}}}"
    /* the rules array starts at column 49 */
    check("empty Choices", CHOICE("[]"),
          "1:47 SCHEMA_VALIDATION_FAILED: Value cannot be empty @ /States/C/Choices");
    check("two operators",
          CHOICE("[{\"Variable\":\"$.x\",\"IsNull\":true,\"IsString\":true,\"Next\":\"E\"}]"),
          "1:58 SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
          "[IsNull, IsString] @ /States/C/Choices[0]");
    check("no operator", CHOICE("[{\"Variable\":\"$.x\",\"Next\":\"E\"}]"),
          "1:58 SCHEMA_VALIDATION_FAILED: This object should have only one of the following "
          "fields: [StringEquals, StringEqualsPath, StringLessThan, StringLessThanPath, "
          "StringGreaterThan, StringGreaterThanPath, StringLessThanEquals, "
          "StringLessThanEqualsPath, StringGreaterThanEquals, StringGreaterThanEqualsPath, "
          "StringMatches, NumericEquals, NumericEqualsPath, NumericLessThan, "
          "NumericLessThanPath, NumericGreaterThan, NumericGreaterThanPath, "
          "NumericLessThanEquals, NumericLessThanEqualsPath, NumericGreaterThanEquals, "
          "NumericGreaterThanEqualsPath, BooleanEquals, BooleanEqualsPath, TimestampEquals, "
          "TimestampEqualsPath, TimestampLessThan, TimestampLessThanPath, "
          "TimestampGreaterThan, TimestampGreaterThanPath, TimestampLessThanEquals, "
          "TimestampLessThanEqualsPath, TimestampGreaterThanEquals, "
          "TimestampGreaterThanEqualsPath, IsNull, IsPresent, IsNumeric, IsString, IsBoolean, "
          "IsTimestamp] @ /States/C/Choices[0]");
    check("no Next on a top-level rule", CHOICE("[{\"Variable\":\"$.x\",\"IsNull\":true}]"),
          "1:58 SCHEMA_VALIDATION_FAILED: These fields are required: [Next] @ /States/C/Choices[0]");
    check("Next inside a nested rule",
          CHOICE("[{\"Not\":{\"Variable\":\"$.x\",\"IsNull\":true,\"Next\":\"E\"},\"Next\":\"E\"}]"),
          "1:97 SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported @ /States/C/Choices[0]/Not");
    check("And must be a non-empty array, Not a single rule",
          CHOICE("[{\"And\":[],\"Next\":\"E\"},{\"Not\":[],\"Next\":\"E\"}]"),
          "1:59 SCHEMA_VALIDATION_FAILED: Value cannot be empty @ /States/C/Choices[0]/And",
          "1:81 SCHEMA_VALIDATION_FAILED: Expected value of type [OBJECT] @ /States/C/Choices[1]/Not");
    check("two selectors",
          CHOICE("[{\"Variable\":\"$.x\",\"IsNull\":true,\"Or\":[{\"Variable\":\"$.y\",\"IsNull\""
                 ":true}],\"Next\":\"E\"}]"),
          "1:58 SCHEMA_VALIDATION_FAILED: The object must have only one of the following fields, "
          "[And, Or, Not, Variable, Condition] @ /States/C/Choices[0]");
    check("operand types",
          CHOICE("[{\"And\":[{\"Variable\":\"$.x\",\"NumericEquals\":\"1\"},{\"Variable\":\"$.x\","
                 "\"TimestampEquals\":\"yesterday\"},{\"Variable\":\"$.x\",\"BooleanEqualsPath\":"
                 "\"x\"}],\"Next\":\"E\"}]"),
          "1:84 SCHEMA_VALIDATION_FAILED: Expected value of type Number @ "
          "/States/C/Choices[0]/And[0]/NumericEquals",
          "1:123 SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp @ "
          "/States/C/Choices[0]/And[1]/TimestampEquals",
          "1:172 SCHEMA_VALIDATION_FAILED: Value must be a valid JSONPath. @ "
          "/States/C/Choices[0]/And[2]/BooleanEqualsPath");
    check("Condition in a JSONPath rule",
          CHOICE("[{\"Condition\":\"{% true %}\",\"Next\":\"E\"}]"),
          "1:59 SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field "
          "'Condition' is only supported for the 'JSONata' QueryLanguage @ /States/C/Choices[0]");
    check("Variable in a JSONata rule",
          "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\","
          "\"Choices\":[{\"Variable\":\"$.x\",\"IsNull\":true,\"Next\":\"E\"}],\"Default\":\"E\"},"
          "\"E\":{\"Type\":\"Succeed\"}}}",
          "1:85 SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field "
          "'Variable' is only supported for the 'JSONPath' QueryLanguage @ /States/C/Choices[0]",
          "1:102 SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field "
          "'IsNull' is only supported for the 'JSONPath' QueryLanguage @ /States/C/Choices[0]");
    ok("JSONata Condition, boolean Condition",
       "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\","
       "\"Choices\":[{\"Condition\":\"{% $states.input.x > 1 %}\",\"Next\":\"E\",\"Output\":1},"
       "{\"Condition\":true,\"Next\":\"E\"}],\"Default\":\"E\"},\"E\":{\"Type\":\"Succeed\"}}}");
#undef CHOICE
}

static void test_retry_catch(void)
{
#define TASK(extra) \
    ONE("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true," extra "}")
    /* `extra` starts at column 97 */
    check("ErrorEquals empty, retrier without ErrorEquals",
          TASK("\"Retry\":[{\"ErrorEquals\":[]},{\"MaxAttempts\":1}]"),
          "1:110 SCHEMA_VALIDATION_FAILED: Value cannot be empty @ /States/S/Retry[0]/ErrorEquals",
          "1:128 SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] @ "
          "/States/S/Retry[1]");
    check("States.ALL not alone",
          TASK("\"Retry\":[{\"ErrorEquals\":[\"States.ALL\",\"X\"]}]"),
          "1:125 SCHEMA_VALIDATION_FAILED: States.ALL must appear alone and at end of list @ "
          "/States/S/Retry[0]/ErrorEquals[0]");
    check("States.ALL not in the last catcher",
          TASK("\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"S\"},{\"ErrorEquals\":"
               "[\"X\"],\"Next\":\"S\"}]"),
          "1:125 SCHEMA_VALIDATION_FAILED: States.ALL must appear alone and at end of list @ "
          "/States/S/Catch[0]/ErrorEquals[0]");
    check("retrier field ranges",
          TASK("\"Retry\":[{\"ErrorEquals\":[\"X\"],\"MaxAttempts\":-1,\"BackoffRate\":0.5,"
               "\"MaxDelaySeconds\":0,\"IntervalSeconds\":1.5,\"JitterStrategy\":\"HALF\","
               "\"Foo\":1}]"),
          "1:130 SCHEMA_VALIDATION_FAILED: Minimum value is 0 @ /States/S/Retry[0]/MaxAttempts",
          "1:147 SCHEMA_VALIDATION_FAILED: Minimum value is 1 @ /States/S/Retry[0]/BackoffRate",
          "1:165 SCHEMA_VALIDATION_FAILED: Minimum value is 1 @ /States/S/Retry[0]/MaxDelaySeconds",
          "1:185 SCHEMA_VALIDATION_FAILED: Expected value of type Integer @ "
          "/States/S/Retry[0]/IntervalSeconds",
          "1:207 SCHEMA_VALIDATION_FAILED: Value should be one of the following: [NONE, FULL] @ "
          "/States/S/Retry[0]/JitterStrategy",
          "1:231 SCHEMA_VALIDATION_FAILED: Field 'Foo' is not supported @ /States/S/Retry[0]");
    check("catcher without Next, ErrorEquals element type",
          TASK("\"Catch\":[{\"ErrorEquals\":[1]}]"),
          "1:109 SCHEMA_VALIDATION_FAILED: These fields are required: [Next] @ /States/S/Catch[0]",
          "1:125 SCHEMA_VALIDATION_FAILED: Expected value of type [STRING] @ "
          "/States/S/Catch[0]/ErrorEquals[0]");
    ok("retry with every field",
       TASK("\"Retry\":[{\"ErrorEquals\":[\"States.Timeout\"],\"IntervalSeconds\":0,\"MaxAttempts\""
            ":0,\"BackoffRate\":1,\"MaxDelaySeconds\":31622400,\"JitterStrategy\":\"FULL\","
            "\"Comment\":\"c\"},{\"ErrorEquals\":[\"States.ALL\"]}]"));
#undef TASK
}

static void test_query_language(void)
{
    check("JSONata-only field in a JSONPath state", ONE("{\"Type\":\"Pass\",\"Output\":1,\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field "
          "'Output' is only supported for the 'JSONata' QueryLanguage @ /States/S");
    check("JSONPath-only field in a JSONata state",
          ONE("{\"Type\":\"Pass\",\"QueryLanguage\":\"JSONata\",\"InputPath\":\"$\",\"End\":true}"),
          "1:71 SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field "
          "'InputPath' is only supported for the 'JSONPath' QueryLanguage @ /States/S");
    check("no switching JSONata -> JSONPath",
          "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Pass\","
          "\"QueryLanguage\":\"JSONPath\",\"Output\":1,\"End\":true}}}",
          "1:52 SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to "
          "'JSONata' for whole state machine @ /States/S");
    check("QueryLanguage value",
          ONE("{\"Type\":\"Pass\",\"QueryLanguage\":\"jsonata\",\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Value should be one of the following: [JSONPath, "
          "JSONata] @ /States/S/QueryLanguage");
    check("nested states inherit the machine's language, not the Map's",
          ONE("{\"Type\":\"Map\",\"QueryLanguage\":\"JSONata\",\"End\":true,\"ItemProcessor\":{"
              "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Output\":1,\"End\":true}}}}"),
          "1:141 SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field "
          "'Output' is only supported for the 'JSONata' QueryLanguage @ "
          "/States/S/ItemProcessor/States/P");
    check("ItemProcessor cannot declare QueryLanguage",
          ONE("{\"Type\":\"Map\",\"End\":true,\"ItemProcessor\":{\"QueryLanguage\":\"JSONPath\","
              "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}}"),
          "1:72 SCHEMA_VALIDATION_FAILED: Field 'QueryLanguage' is not supported @ "
          "/States/S/ItemProcessor");
    check("JSONata: $$ and $states.errorOutput outside a catcher",
          "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Pass\","
          "\"Output\":{\"a\":\"{% $$.Execution.Id %}\",\"b\":[\"{% $states.errorOutput %}\"],"
          "\"c\":\"{% '$$' & \\\"$states.errorOutput\\\" %}\"},\"End\":true}}}",
          "1:81 UNSUPPORTED_JSONATA_EXPRESSION: Reference to '$$' is not supported. @ "
          "/States/S/Output/a",
          "1:114 UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.errorOutput' does not exist. @ "
          "/States/S/Output/b[0]");
    check("JSONata: expressions must parse",
          "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Pass\","
          "\"Output\":{\"a\":\"{% 1 + %}\",\"b\":[\"{% 'open %}\"],\"c\":\"{%1%}\"},\"End\":true}}}",
          "1:81 INVALID_JSONATA_EXPRESSION: Unexpected end of expression @ /States/S/Output/a",
          "1:102 INVALID_JSONATA_EXPRESSION: String literal must be terminated by a matching quote @ "
          "/States/S/Output/b[0]");
    ok("JSONPath states keep {% %} strings as literals",
       ONE("{\"Type\":\"Pass\",\"Result\":\"{% 1 + %}\",\"Parameters\":{\"x\":\"{% ( %}\"},"
           "\"End\":true}"));
    ok("JSONata: $states.errorOutput in a catcher's Output and Assign",
       "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Task\","
       "\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true,\"Catch\":[{\"ErrorEquals\":"
       "[\"States.ALL\"],\"Next\":\"F\",\"Output\":\"{% $states.errorOutput %}\",\"Assign\":{\"e\":"
       "\"{% $states.errorOutput.Error %}\"}}]},\"F\":{\"Type\":\"Fail\"}}}");
    ok("JSONata expressions in numeric fields",
       "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\","
       "\"Seconds\":\"{% 1 %}\",\"Next\":\"M\"},\"M\":{\"Type\":\"Map\",\"Items\":\"{% [1] %}\","
       "\"MaxConcurrency\":\"{% 2 %}\",\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":"
       "{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}}}");
    check("a JSONata expression is not a number in a JSONPath state",
          ONE("{\"Type\":\"Wait\",\"Seconds\":\"{% 1 %}\",\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Expected value of type Integer @ /States/S/Seconds");
}

static void test_paths_and_templates(void)
{
    check("OutputPath must be a JSONPath", ONE("{\"Type\":\"Pass\",\"OutputPath\":\"Test\",\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Value must be a valid JSONPath. @ /States/S/OutputPath");
    check("ResultPath cannot use the context object",
          ONE("{\"Type\":\"Pass\",\"ResultPath\":\"$$.x\",\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Value must be a valid ReferencePath. @ "
          "/States/S/ResultPath");
    check("InputPath syntax", ONE("{\"Type\":\"Pass\",\"InputPath\":\"$.a[\",\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Value must be a valid JSONPath. @ /States/S/InputPath");
    check("reference paths are definite: ItemsPath with a wildcard, Variable with a filter",
          "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
          "\"$.a[?(@.b > 1)]\",\"IsNull\":true,\"Next\":\"M\"}],\"Default\":\"M\"},\"M\":{"
          "\"Type\":\"Map\",\"ItemsPath\":\"$.items[*]\",\"End\":true,\"ItemProcessor\":{"
          "\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}}}}",
          "1:59 SCHEMA_VALIDATION_FAILED: Value must be a valid ReferencePath. @ "
          "/States/C/Choices[0]/Variable",
          "1:148 SCHEMA_VALIDATION_FAILED: Value must be a valid ReferencePath. @ "
          "/States/M/ItemsPath");
    check("ResultPath cannot use a variable",
          ONE("{\"Type\":\"Pass\",\"ResultPath\":\"$v.x\",\"End\":true}"),
          "1:45 SCHEMA_VALIDATION_FAILED: Value must be a valid ReferencePath. @ "
          "/States/S/ResultPath");
    ok("context object and variables where they are allowed",
       "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
       "\"$$.Execution.Input.x\",\"StringEqualsPath\":\"$v.y[0]\",\"Next\":\"P\"}],"
       "\"Default\":\"P\"},\"P\":{\"Type\":\"Pass\",\"InputPath\":\"$$.Execution\","
       "\"OutputPath\":\"$.a..b\",\"ResultPath\":\"$['x y'][2]\",\"Parameters\":{\"a.$\":"
       "\"$.list[?(@.n > 1)].n\"},\"End\":true}}}");
    ok("null paths", ONE("{\"Type\":\"Pass\",\"InputPath\":null,\"OutputPath\":null,"
                         "\"ResultPath\":null,\"End\":true}"));
    check("template .$ values",
          ONE("{\"Type\":\"Pass\",\"Parameters\":{\"ok.$\":\"$.a\",\"fn.$\":\"States.UUID()\","
              "\"deep\":[{\"bad.$\":\"nope\"}],\"num.$\":1,\"p.$\":\"$.x[\"},\"End\":true}"),
          "1:104 SCHEMA_VALIDATION_FAILED: The value for the field 'bad.$' must be a valid "
          "JSONPath or a valid intrinsic function call @ /States/S/Parameters",
          "1:121 SCHEMA_VALIDATION_FAILED: The value for the field 'num.$' must be a valid "
          "JSONPath or a valid intrinsic function call @ /States/S/Parameters",
          "1:131 SCHEMA_VALIDATION_FAILED: The value for the field 'p.$' must be a valid "
          "JSONPath or a valid intrinsic function call @ /States/S/Parameters");
    check("template intrinsic calls must compile",
          ONE("{\"Type\":\"Pass\",\"Parameters\":{\"a.$\":\"States.Format('{}', $.x)\","
              "\"b.$\":\"States.Nope(1)\",\"c.$\":\"States.Format('x'\","
              "\"d.$\":\"States.MathAdd(States.ArrayLength($.l), -1)\"},\"End\":true}"),
          "1:92 SCHEMA_VALIDATION_FAILED: The value for the field 'b.$' must be a valid JSONPath "
          "or a valid intrinsic function call @ /States/S/Parameters",
          "1:115 SCHEMA_VALIDATION_FAILED: The value for the field 'c.$' must be a valid JSONPath "
          "or a valid intrinsic function call @ /States/S/Parameters");
    check("Assign templates", ONE("{\"Type\":\"Pass\",\"Assign\":{\"v.$\":\"x\"},\"End\":true}"),
          "1:55 SCHEMA_VALIDATION_FAILED: The value for the field 'v.$' must be a valid JSONPath "
          "or a valid intrinsic function call @ /States/S/Assign");
}

static void test_map(void)
{
#define MAP(fields) \
    ONE("{\"Type\":\"Map\",\"End\":true," fields "}")
#define PROC "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"
    /* `fields` starts at column 56 */
    check("Map without a processor", MAP("\"MaxConcurrency\":1"),
          "1:26 SCHEMA_VALIDATION_FAILED: This object should have only one of the following "
          "fields: [ItemProcessor, Iterator] @ /States/S");
    check("MaxConcurrency range, ToleratedFailurePercentage range",
          MAP(PROC ",\"MaxConcurrency\":-1,\"ToleratedFailurePercentage\":101"),
          "1:129 SCHEMA_VALIDATION_FAILED: Minimum value is 0 @ /States/S/MaxConcurrency",
          "1:149 SCHEMA_VALIDATION_FAILED: Maximum value is 100 @ "
          "/States/S/ToleratedFailurePercentage");
    check("MaxConcurrency and MaxConcurrencyPath",
          MAP(PROC ",\"MaxConcurrency\":1,\"MaxConcurrencyPath\":\"$.m\""),
          "1:26 SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
          "[MaxConcurrency, MaxConcurrencyPath] @ /States/S");
    check("DISTRIBUTED needs ExecutionType; INLINE refuses it",
          "{\"StartAt\":\"A\",\"States\":{"
          "\"A\":{\"Type\":\"Map\",\"Next\":\"B\",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":"
          "\"DISTRIBUTED\"},\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}},"
          "\"B\":{\"Type\":\"Map\",\"End\":true,\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":"
          "\"INLINE\",\"ExecutionType\":\"EXPRESS\"},\"StartAt\":\"Q\",\"States\":{\"Q\":{\"Type\":"
          "\"Pass\",\"End\":true}}}}}}",
          "1:72 SCHEMA_VALIDATION_FAILED: These fields are required: [ExecutionType] @ "
          "/States/A/ItemProcessor/ProcessorConfig",
          "1:252 SCHEMA_VALIDATION_FAILED: Field 'ExecutionType' is not supported @ "
          "/States/B/ItemProcessor/ProcessorConfig");
    check("ItemReader resource and CSV headers",
          MAP(PROC ",\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:putObject\",\"ReaderConfig\":"
              "{\"InputType\":\"CSV\",\"CSVHeaderLocation\":\"GIVEN\"}}"),
          "1:186 SCHEMA_VALIDATION_FAILED: These fields are required: [CSVHeaders] @ "
          "/States/S/ItemReader/ReaderConfig",
          "1:143 SCHEMA_VALIDATION_FAILED: The field 'Resource' does not match any of the allowed "
          "values @ /States/S/ItemReader/Resource");
    check("CSV without CSVHeaderLocation; CSVHeaderLocation on JSON",
          "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Map\",\"Next\":\"B\"," PROC ","
          "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":"
          "{\"InputType\":\"CSV\"}}},\"B\":{\"Type\":\"Map\",\"End\":true," PROC ","
          "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\",\"ReaderConfig\":"
          "{\"InputType\":\"JSON\",\"CSVHeaderLocation\":\"FIRST_ROW\"}}}}}",
          "1:186 SCHEMA_VALIDATION_FAILED: The field 'CSVHeaderLocation' is required @ "
          "/States/A/ItemReader/ReaderConfig",
          "1:293 DUPLICATE_STATE_NAME: Duplicate State name: P @ /States/B/ItemProcessor/States/P",
          "1:418 SCHEMA_VALIDATION_FAILED: Field 'CSVHeaderLocation' is not supported @ "
          "/States/B/ItemReader/ReaderConfig");
    check("ItemBatcher needs a Max field; ResultWriter cannot be empty",
          MAP(PROC ",\"ItemBatcher\":{\"BatchInput\":{}},\"ResultWriter\":{}"),
          "1:129 SCHEMA_VALIDATION_FAILED: At least one of the following fields is required: "
          "[MaxItemsPerBatch, MaxItemsPerBatchPath, MaxInputBytesPerBatch, "
          "MaxInputBytesPerBatchPath] @ /States/S/ItemBatcher",
          "1:161 SCHEMA_VALIDATION_FAILED: Value cannot be empty @ /States/S/ResultWriter");
    check("Parameters and ItemSelector", MAP(PROC ",\"Parameters\":{},\"ItemSelector\":{}"),
          "1:26 SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
          "[Parameters, ItemSelector] @ /States/S");
    check("Items is JSONata-only", MAP(PROC ",\"Items\":[1]"),
          "1:129 SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field "
          "'Items' is only supported for the 'JSONata' QueryLanguage @ /States/S");
    ok("legacy Iterator", MAP("\"Iterator\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                              "\"End\":true}}},\"ItemsPath\":\"$.items\""));
#undef MAP
#undef PROC
}

static void test_reports_everything(void)
{
    /* a multi-line definition with problems in several states: all are reported, each at its
     * own line and column */
    check("several problems, multi-line",
          "{\n"
          "  \"StartAt\": \"A\",\n"
          "  \"States\": {\n"
          "    \"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sqs:sendMessage\",\n"
          "          \"TimeoutSeconds\": 0, \"Next\": \"B\"},\n"
          "    \"B\": {\"Type\": \"Wait\", \"Next\": \"Z\"},\n"
          "    \"C\": {\"Type\": \"Succeed\", \"Catch\": []}\n"
          "  }\n"
          "}\n",
          "5:11 SCHEMA_VALIDATION_FAILED: Minimum value is 1 @ /States/A/TimeoutSeconds",
          "6:27 MISSING_TRANSITION_TARGET: Missing 'Next' target: Z @ /States/B/Next",
          "6:5 SCHEMA_VALIDATION_FAILED: This object should have only one of the following "
          "fields: [SecondsPath, Seconds, TimestampPath, Timestamp] @ /States/B",
          "7:30 SCHEMA_VALIDATION_FAILED: Field 'Catch' is not supported @ /States/C",
          "7:5 MISSING_TRANSITION_TARGET: State \"C\" is not reachable. @ /States/C");
}

static void test_names_with_special_characters(void)
{
    /* AWS locations are not escaped; line:column still finds the member */
    check("slash and tilde in a state name",
          "{\"StartAt\":\"a/b~c\",\"States\":{\"a/b~c\":{\"Type\":\"Pass\",\"Foo\":1,\"End\":true}}}",
          "1:53 SCHEMA_VALIDATION_FAILED: Field 'Foo' is not supported @ /States/a/b~c");
    check("escaped key",
          "{\"StartAt\":\"\\u00e9\",\"States\":{\"\\u00e9\":{\"Type\":\"Pass\",\"Foo\":1,\"End\":true}}}",
          "1:55 SCHEMA_VALIDATION_FAILED: Field 'Foo' is not supported @ /States/\xc3\xa9");
}

/* A machine of n Pass states in a chain. */
static char *chain(size_t n)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"StartAt\":\"S0\",\"States\":{");
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n)
            strbuf_printf(&sb, "\"S%zu\":{\"Type\":\"Pass\",\"Next\":\"S%zu\"},", i, i + 1);
        else
            strbuf_printf(&sb, "\"S%zu\":{\"Type\":\"Pass\",\"End\":true}", i);
    }
    strbuf_puts(&sb, "}}");
    return strbuf_detach(&sb);
}

static void test_large_inputs(void)
{
    asl_diags d;
    asl_diags_init(&d);
    char *text = chain(10000);
    jv *v = asl_validate_text(text, strlen(text), NULL, &d);
    tap_is_int((long long)d.len, 0, "10,000 chained states: valid");
    jv_unref(v);
    asl_diags_cleanup(&d);
    free(text);

    /* 10,000 states that are all unreachable and wrong: every one reported */
    strbuf sb;
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"StartAt\":\"S0\",\"States\":{\"S0\":{\"Type\":\"Succeed\"}");
    for (int i = 1; i <= 10000; i++)
        strbuf_printf(&sb, ",\"S%d\":{\"Type\":\"Pass\",\"X\":1,\"End\":true}", i);
    strbuf_puts(&sb, "}}");
    v = asl_validate_text(strbuf_str(&sb), sb.len, NULL, &d);
    tap_is_int((long long)d.len, 20000, "10,000 bad states: 20,000 diagnostics");
    tap_is_str(d.len ? d.items[d.len - 1].pointer : NULL, "/States/S10000", "last one is S10000");
    tap_ok(d.len && d.items[d.len - 1].line == 1 && d.items[d.len - 1].column > 300000,
           "and located (column %d)", d.len ? d.items[d.len - 1].column : 0);
    jv_unref(v);
    asl_diags_cleanup(&d);
    strbuf_cleanup(&sb);

    /* deep nesting: Not inside Not, as deep as the parser allows */
    strbuf_init(&sb, 0);
    strbuf_puts(&sb, "{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Default\":\"E\","
                     "\"Choices\":[{\"Next\":\"E\",\"Not\":");
    for (int i = 0; i < 480; i++)
        strbuf_puts(&sb, "{\"Not\":");
    strbuf_puts(&sb, "{\"Variable\":\"$.x\",\"IsNull\":true}");
    for (int i = 0; i < 480; i++)
        strbuf_putc(&sb, '}');
    strbuf_puts(&sb, "}]},\"E\":{\"Type\":\"Succeed\"}}}");
    v = asl_validate_text(strbuf_str(&sb), sb.len, NULL, &d);
    tap_is_int((long long)d.len, 0, "480 nested Not rules: valid");
    jv_unref(v);
    asl_diags_cleanup(&d);
    strbuf_cleanup(&sb);

    /* deeper than the JSON parser accepts: a clean error */
    strbuf_init(&sb, 0);
    for (int i = 0; i < 5000; i++)
        strbuf_putc(&sb, '[');
    v = asl_validate_text(strbuf_str(&sb), sb.len, NULL, &d);
    tap_ok(v == NULL && d.len == 1 && strcmp(d.items[0].code, "INVALID_JSON_DESCRIPTION") == 0,
           "5,000 nested arrays: INVALID_JSON_DESCRIPTION");
    asl_diags_cleanup(&d);
    strbuf_cleanup(&sb);

    /* a 2 MB state name */
    size_t big = 2u << 20;
    char *name = malloc(big + 1);
    memset(name, 'n', big);
    name[big] = '\0';
    strbuf_init(&sb, 0);
    strbuf_printf(&sb, "{\"StartAt\":\"%s\",\"States\":{\"%s\":{\"Type\":\"Succeed\"}}}", name, name);
    v = asl_validate_text(strbuf_str(&sb), sb.len, NULL, &d);
    tap_ok(d.len == 1 && strstr(d.items[0].message, "80 characters") != NULL,
           "2 MB state name: one diagnostic (name too long)");
    jv_unref(v);
    asl_diags_cleanup(&d);
    strbuf_cleanup(&sb);
    free(name);
}

/* A NUL byte in a state name is refused, not cut; one in a transition target or a path is
 * part of it (the old parser cut "P\u0000x" to "P", which then named another state). */
static void test_nul_names(void)
{
    check("NUL in a state name",
          "{\"StartAt\":\"P\\u0000x\",\"States\":{\"P\\u0000x\":{\"Type\":\"Pass\",\"End\":true}}}",
          /* located at "States": a C-string pointer cannot name the key */
          "1:23 SCHEMA_VALIDATION_FAILED: State name must not contain the character U+0000 (NUL) @ "
          "/States/P\\u0000x");
    check("NUL in a Next target",
          "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"P\\u0000x\"},"
          "\"P\":{\"Type\":\"Pass\",\"End\":true}}}",
          "1:45 MISSING_TRANSITION_TARGET: Missing 'Next' target: P\\u0000x @ /States/A/Next",
          "1:64 MISSING_TRANSITION_TARGET: State \"P\" is not reachable. @ /States/P");
    ok("NUL inside a bracket name",
       ONE("{\"Type\":\"Pass\",\"InputPath\":\"$['a\\u0000']\",\"End\":true}"));
}

static void test_diags_accumulate(void)
{
    asl_diags d;
    asl_diags_init(&d);
    jv_unref(asl_validate_text("{}", 2, NULL, &d));
    jv_unref(asl_validate_text(" ", 1, NULL, &d));
    tap_is_int((long long)d.len, 2, "diagnostics of two runs accumulate in one list");
    tap_is_int(d.items[1].line * 1000 + d.items[1].column, 1001, "second run located 1:1");
    asl_diags_cleanup(&d);
    tap_ok(d.len == 0 && d.items == NULL, "cleanup empties the list");
}

static void test_assign_names(void)
{
    ok("Assign names", ONE("{\"Type\":\"Pass\",\"Assign\":{\"a\":1,\"b.$\":\"$.x\"},\"End\":true}"));
    check("Assign: states is reserved",
          ONE("{\"Type\":\"Pass\",\"Assign\":{\"states\":1},\"End\":true}"),
          "1:55 SCHEMA_VALIDATION_FAILED: The variable name 'states' is reserved by Step Functions "
          "@ /States/S/Assign/states");
    check("Assign: a sub-path is not a name",
          ONE("{\"Type\":\"Pass\",\"Assign\":{\"x[1].$\":\"$.x\"},\"End\":true}"),
          "1:55 SCHEMA_VALIDATION_FAILED: 'x[1]' is not a variable name: Assign sets whole variables "
          "(no '.', '[', ']', '$' or spaces) @ /States/S/Assign/x[1].$");
    check("Assign: over 80 characters",
          ONE("{\"Type\":\"Pass\",\"QueryLanguage\":\"JSONata\",\"Assign\":{\"a23456789012345678901234567890"
              "1234567890123456789012345678901234567890123456789012\":1},\"End\":true}"),
          "1:81 SCHEMA_VALIDATION_FAILED: A variable name must be 1 to 80 characters long @ "
          "/States/S/Assign/a234567890123456789012345678901234567890123456789012345678901234567890"
          "123456789012");
}

int main(void)
{
    test_not_json();
    test_root();
    test_transitions();
    test_state_fields();
    test_wait_fail_task();
    test_resources();
    test_http_task();
    test_choice();
    test_retry_catch();
    test_query_language();
    test_paths_and_templates();
    test_map();
    test_reports_everything();
    test_names_with_special_characters();
    test_large_inputs();
    test_diags_accumulate();
    test_nul_names();
    test_assign_names();
    return tap_done();
}
