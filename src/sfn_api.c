/* sfn_api — AWS JSON 1.0 dispatch for `sfdbg serve`. See sfn_api.h. */
#include "sfn_api.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "timeutil.h"

#define SFN_TARGET_PREFIX "AWSStepFunctions."

typedef enum { M_STRING, M_INTEGER, M_BOOLEAN, M_OBJECT, M_LIST } sfn_member_kind;

/* One member of an operation's input shape. */
typedef struct {
    const char *name;
    sfn_member_kind kind;
    bool required;
    size_t max;                       /* M_STRING: characters (bytes here); M_INTEGER: value */
    const char *const *values;        /* M_STRING: the enum's values, NULL-terminated */
} sfn_member;

typedef char *(*sfn_op_fn)(serve_registry *r, const jv *req, serve_error *e);

typedef struct {
    const char *name;
    sfn_op_fn fn;
    sfn_member members[12];           /* ends at the first without a name */
} sfn_operation;

static const char *const sfn_machine_types[] = {"STANDARD", "EXPRESS", NULL};
static const char *const sfn_redrive_filters[] = {"REDRIVEN", "NOT_REDRIVEN", NULL};
static const char *const sfn_severities[] = {"ERROR", "WARNING", NULL};
static const char *const sfn_included_data[] = {"ALL_DATA", "METADATA_ONLY", NULL};
static const char *const sfn_inspection_levels[] = {"INFO", "DEBUG", "TRACE", NULL};
static const char *const sfn_statuses[] = {"RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT",
                                           "ABORTED", "PENDING_REDRIVE", NULL};

#define ARN(n, req) {n, M_STRING, req, 256, NULL}
#define TOKEN {"taskToken", M_STRING, true, 2048, NULL}
#define START_MEMBERS ARN("stateMachineArn", true), {"name", M_STRING, false, 80, NULL}, \
    {"input", M_STRING, false, 262144, NULL}, {"traceHeader", M_STRING, false, 256, NULL}

static const sfn_operation sfn_operations[] = {
    {"CreateStateMachine", serve_create_state_machine,
     {{"name", M_STRING, true, 80, NULL}, {"definition", M_STRING, true, 1048576, NULL},
      ARN("roleArn", true), {"type", M_STRING, false, 0, sfn_machine_types},
      {"loggingConfiguration", M_OBJECT, false, 0, NULL}, {"tags", M_LIST, false, 0, NULL},
      {"tracingConfiguration", M_OBJECT, false, 0, NULL}, {"publish", M_BOOLEAN, false, 0, NULL},
      {"versionDescription", M_STRING, false, 256, NULL},
      {"encryptionConfiguration", M_OBJECT, false, 0, NULL}}},
    {"DescribeStateMachine", serve_describe_state_machine,
     {ARN("stateMachineArn", true), {"includedData", M_STRING, false, 0, sfn_included_data}}},
    {"ListStateMachines", serve_list_state_machines,
     {{"maxResults", M_INTEGER, false, 1000, NULL}, {"nextToken", M_STRING, false, 1024, NULL}}},
    {"DeleteStateMachine", serve_delete_state_machine, {ARN("stateMachineArn", true)}},
    {"UpdateStateMachine", serve_update_state_machine,
     {ARN("stateMachineArn", true), {"definition", M_STRING, false, 1048576, NULL},
      ARN("roleArn", false), {"loggingConfiguration", M_OBJECT, false, 0, NULL},
      {"tracingConfiguration", M_OBJECT, false, 0, NULL}, {"publish", M_BOOLEAN, false, 0, NULL},
      {"versionDescription", M_STRING, false, 256, NULL},
      {"encryptionConfiguration", M_OBJECT, false, 0, NULL}}},
    {"ValidateStateMachineDefinition", serve_validate_definition,
     {{"definition", M_STRING, true, 1048576, NULL},
      {"type", M_STRING, false, 0, sfn_machine_types},
      {"severity", M_STRING, false, 0, sfn_severities},
      {"maxResults", M_INTEGER, false, 100, NULL}}},
    {"DescribeStateMachineForExecution", serve_describe_state_machine_for_execution,
     {ARN("executionArn", true), {"includedData", M_STRING, false, 0, sfn_included_data}}},
    {"StartExecution", serve_start_execution, {START_MEMBERS}},
    {"StartSyncExecution", serve_start_sync_execution,
     {START_MEMBERS, {"includedData", M_STRING, false, 0, sfn_included_data}}},
    {"DescribeExecution", serve_describe_execution,
     {ARN("executionArn", true), {"includedData", M_STRING, false, 0, sfn_included_data}}},
    {"ListExecutions", serve_list_executions,
     {ARN("stateMachineArn", false), {"statusFilter", M_STRING, false, 0, sfn_statuses},
      {"maxResults", M_INTEGER, false, 1000, NULL}, {"nextToken", M_STRING, false, 3096, NULL},
      {"mapRunArn", M_STRING, false, 2000, NULL}, {"redriveFilter", M_STRING, false, 0, sfn_redrive_filters}}},
    {"StopExecution", serve_stop_execution,
     {ARN("executionArn", true), {"error", M_STRING, false, 256, NULL},
      {"cause", M_STRING, false, 32768, NULL}}},
    {"RedriveExecution", serve_redrive_execution,
     {ARN("executionArn", true), {"clientToken", M_STRING, false, 64, NULL}}},
    {"GetExecutionHistory", serve_get_execution_history,
     {ARN("executionArn", true), {"maxResults", M_INTEGER, false, 1000, NULL},
      {"reverseOrder", M_BOOLEAN, false, 0, NULL}, {"nextToken", M_STRING, false, 1024, NULL},
      {"includeExecutionData", M_BOOLEAN, false, 0, NULL}}},
    {"SendTaskSuccess", serve_send_task_success,
     {TOKEN, {"output", M_STRING, true, 262144, NULL}}},
    {"SendTaskFailure", serve_send_task_failure,
     {TOKEN, {"error", M_STRING, false, 256, NULL}, {"cause", M_STRING, false, 32768, NULL}}},
    {"SendTaskHeartbeat", serve_send_task_heartbeat, {TOKEN}},
    {"CreateActivity", serve_create_activity,
     {{"name", M_STRING, true, 80, NULL}, {"tags", M_LIST, false, 0, NULL},
      {"encryptionConfiguration", M_OBJECT, false, 0, NULL}}},
    {"DescribeActivity", serve_describe_activity, {ARN("activityArn", true)}},
    {"DeleteActivity", serve_delete_activity, {ARN("activityArn", true)}},
    {"ListActivities", serve_list_activities,
     {{"maxResults", M_INTEGER, false, 1000, NULL}, {"nextToken", M_STRING, false, 1024, NULL}}},
    {"GetActivityTask", serve_get_activity_task,
     {ARN("activityArn", true), {"workerName", M_STRING, false, 80, NULL}}},
    {"TestState", serve_test_state,
     {{"definition", M_STRING, true, 1048576, NULL}, ARN("roleArn", false),
      {"input", M_STRING, false, 262144, NULL},
      {"inspectionLevel", M_STRING, false, 0, sfn_inspection_levels},
      {"revealSecrets", M_BOOLEAN, false, 0, NULL}, {"variables", M_STRING, false, 262144, NULL},
      {"stateName", M_STRING, false, 80, NULL}, {"mock", M_OBJECT, false, 0, NULL},
      {"context", M_STRING, false, 262144, NULL},
      {"stateConfiguration", M_OBJECT, false, 0, NULL}}},
};

static const char *sfn_kind_name(sfn_member_kind k)
{
    static const char *const names[] = {"a string", "an integer", "a boolean", "an object",
                                        "a list"};
    return names[k];
}

static bool sfn_kind_matches(sfn_member_kind k, const jv *v)
{
    switch (k) {
    case M_STRING: return jv_is_string(v);
    case M_INTEGER: return jv_is_integer(v);
    case M_BOOLEAN: return jv_is_bool(v);
    case M_OBJECT: return jv_is_object(v);
    default: return jv_is_array(v);
    }
}

static bool sfn_in_enum(const char *const *values, const char *s)
{
    for (; *values; values++)
        if (!strcmp(*values, s))
            return true;
    return false;
}

/* One member against its shape; false with e filled. */
static bool sfn_check_member(const sfn_member *m, const jv *v, serve_error *e)
{
    if (!v || jv_is_null(v)) {
        if (m->required)
            serve_fail(e, "ValidationException", "1 validation error detected: Value null at "
                       "'%s' failed to satisfy constraint: Member must not be null", m->name);
        return !m->required;
    }
    if (!sfn_kind_matches(m->kind, v))
        return serve_fail(e, "SerializationException", "'%s' must be %s, not %s", m->name,
                          sfn_kind_name(m->kind), jv_kind_name(jv_kind_of(v))), false;
    if (m->kind == M_STRING && m->max && jv_string_length(v) > m->max)
        return serve_fail(e, "ValidationException", "1 validation error detected: Value at "
                          "'%s' failed to satisfy constraint: Member must have length less "
                          "than or equal to %zu", m->name, m->max), false;
    if (m->kind == M_STRING && m->values && !sfn_in_enum(m->values, jv_string_value(v)))
        return serve_fail(e, "ValidationException", "1 validation error detected: Value '%s' "
                          "at '%s' failed to satisfy constraint: Member must satisfy enum "
                          "value set", jv_string_value(v), m->name), false;
    if (m->kind == M_INTEGER && (jv_number_value(v) < 0 || jv_number_value(v) > (double)m->max))
        return serve_fail(e, "ValidationException", "1 validation error detected: Value '%.0f' "
                          "at '%s' failed to satisfy constraint: Member must have value "
                          "between 0 and %zu", jv_number_value(v), m->name, m->max), false;
    return true;
}

static bool sfn_check_request(const sfn_operation *op, const jv *req, serve_error *e)
{
    for (const sfn_member *m = op->members; m->name; m++)
        if (!sfn_check_member(m, jv_object_get(req, m->name), e))
            return false;
    return true;
}

static const sfn_operation *sfn_find(const char *target, serve_error *e)
{
    size_t pl = strlen(SFN_TARGET_PREFIX);
    if (!target || strncmp(target, SFN_TARGET_PREFIX, pl) != 0)
        return serve_fail(e, "UnknownOperationException", "the X-Amz-Target header must be "
                          "AWSStepFunctions.<Operation>, not '%s'", target ? target : "(none)"),
               NULL;
    for (size_t i = 0; i < sizeof sfn_operations / sizeof sfn_operations[0]; i++)
        if (!strcmp(target + pl, sfn_operations[i].name))
            return &sfn_operations[i];
    return serve_fail(e, "UnknownOperationException", "sfdbg serve does not know the "
                      "operation '%s'", target + pl), NULL;
}

/* The body as a JSON object (an empty body is {}); NULL with e filled. */
static jv *sfn_parse_body(const httpd_request *req, serve_error *e)
{
    size_t i = 0;
    while (i < req->len && strchr(" \t\r\n", req->body[i]))
        i++;
    if (i == req->len)
        return jv_object();
    jv_parse_error perr;
    jv *v = jv_parse(req->body, req->len, 0, &perr);
    if (!v)
        return serve_fail(e, "SerializationException", "the request body is not JSON: %s at "
                          "line %d, column %d", perr.message, perr.line, perr.column), NULL;
    if (!jv_is_object(v)) {
        serve_fail(e, "SerializationException", "the request body must be a JSON object, not "
                   "%s", jv_kind_name(jv_kind_of(v)));
        jv_unref(v);
        return NULL;
    }
    return v;
}

void sfn_api_answer(char *out, const serve_error *e, httpd_response *resp)
{
    if (out) {
        resp->status = 200;
        resp->body = out;
        resp->len = strlen(out);
        return;
    }
    jv *o = jv_object_set_take(jv_object(), "__type", jv_string(e->type));
    o = jv_object_set_take(o, "message", jv_string(e->message));
    resp->status = 400;
    resp->body = jv_dump_string(o, 0);
    resp->len = strlen(resp->body);
    jv_unref(o);
}

/* The operation and its checked body; NULL with e filled. */
static jv *sfn_parse(const httpd_request *req, const sfn_operation **op, serve_error *e)
{
    if (strcmp(req->method, "POST") != 0)
        return serve_fail(e, "UnknownOperationException", "the Step Functions API takes "
                          "POST requests, not %s", req->method), NULL;
    if (!(*op = sfn_find(req->target, e)))
        return NULL;
    jv *body = sfn_parse_body(req, e);
    if (body && !sfn_check_request(*op, body, e)) {
        jv_unref(body);
        return NULL;
    }
    return body;
}

jv *sfn_api_parse(const httpd_request *req, const char **op_name, serve_error *e)
{
    const sfn_operation *op = NULL;
    jv *body = sfn_parse(req, &op, e);
    *op_name = op ? op->name : "?";
    return body;
}

static char *sfn_run(const sfn_api *api, const httpd_request *req, const char **op_name,
                     serve_error *e)
{
    const sfn_operation *op = NULL;
    jv *body = sfn_parse(req, &op, e);
    if (op)
        *op_name = op->name;
    if (!body)
        return NULL;
    char *out = op->fn(api->registry, body, e);
    jv_unref(body);
    return out;
}

static void sfn_log(const sfn_api *api, const httpd_request *req, const char *op,
                    const httpd_response *resp, const serve_error *e, int64_t ms)
{
    if (api->log < SFN_LOG_INFO)
        return;
    fprintf(stderr, "sfdbg serve: %s %d%s%s %" PRId64 " ms\n", op, resp->status,
            resp->status != 200 ? " " : "", resp->status != 200 ? e->type : "", ms);
    if (api->log >= SFN_LOG_DEBUG)
        fprintf(stderr, "  request: %.*s\n  response: %.*s\n", (int)req->len, req->body,
                (int)resp->len, resp->body ? resp->body : "");
}

void sfn_api_handle(void *user, const httpd_request *req, httpd_response *resp)
{
    const sfn_api *api = user;
    int64_t t0 = api->log >= SFN_LOG_INFO ? timeutil_monotonic_ms() : 0;
    serve_error e = {.type = NULL};
    const char *op = "?";
    sfn_api_answer(sfn_run(api, req, &op, &e), &e, resp);
    sfn_log(api, req, op, resp, &e, api->log >= SFN_LOG_INFO ? timeutil_monotonic_ms() - t0 : 0);
}
