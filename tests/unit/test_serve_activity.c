/* Unit tests: activities in `sfdbg serve` — CreateActivity, DescribeActivity,
 * DeleteActivity, ListActivities, GetActivityTask and the activity Task it serves — through the protocol handler (serve_call.h), no
 * network. */
#include "serve_call.h"

#define ACT "arn:aws:states:us-east-1:123456789012:activity:"

static void test_create(sfn_api *api)
{
    answer a = call(api, "CreateActivity", "{\"name\": \"work\"}");
    tap_is_int(a.status, 200, "CreateActivity answers");
    tap_is_str(str(&a, "activityArn"), ACT "work", "the activity's ARN is AWS's");
    const jv *date = jv_object_get(a.body, "creationDate");
    tap_ok(date && jv_is_number(date) && jv_number_value(date) == 1700000000.0,
           "creationDate is a timestamp of the start time");
    done(&a);
    a = call(api, "CreateActivity",
             "{\"name\": \"work\", \"tags\": [{\"key\": \"k\", \"value\": \"v\"}]}");
    tap_ok(a.status == 200 && !strcmp(str(&a, "activityArn"), ACT "work"),
           "the same name with other tags answers the same ARN (AWS ignores the tags)");
    done(&a);
    expect_error(api, "CreateActivity",
                 "{\"name\": \"work\", \"encryptionConfiguration\": {\"type\": \"CUSTOMER_MANAGED_KMS_KEY\"}}",
                 "ActivityAlreadyExists", "the same name with another encryptionConfiguration");
    expect_error(api, "CreateActivity", "{\"name\": \"a b\"}", "InvalidName",
                 "a name with white space");
    expect_error(api, "CreateActivity", "{\"name\": \"a:b\"}", "InvalidName", "a name with ':'");
    expect_error(api, "CreateActivity", "{}", "ValidationException", "no name");
    expect_error(api, "CreateActivity", "{\"name\": 3}", "SerializationException",
                 "a name that is not a string");
    char *many = jv_xstrdup("{\"name\": \"tagged\", \"tags\": [");
    for (int i = 0; i < 51; i++) {
        char item[64];
        snprintf(item, sizeof item, "%s{\"key\": \"k%d\", \"value\": \"v\"}", i ? "," : "", i);
        many = jv_xrealloc(many, strlen(many) + strlen(item) + 4);
        strcat(many, item);
    }
    strcat(many, "]}");
    expect_error(api, "CreateActivity", many, "TooManyTags", "51 tags");
    free(many);
}

static void test_describe_delete(sfn_api *api)
{
    answer a = call(api, "DescribeActivity", "{\"activityArn\": \"" ACT "work\"}");
    tap_ok(a.status == 200 && !strcmp(str(&a, "name"), "work") &&
               !strcmp(str(&a, "activityArn"), ACT "work") &&
               jv_object_get(a.body, "creationDate"),
           "DescribeActivity: name, ARN and creationDate");
    done(&a);
    expect_error(api, "DescribeActivity", "{\"activityArn\": \"" ACT "nothing\"}",
                 "ActivityDoesNotExist", "DescribeActivity of an activity that is not there");
    expect_error(api, "DescribeActivity", "{\"activityArn\": \"work\"}", "InvalidArn",
                 "DescribeActivity of something that is not an ARN");
    a = call(api, "CreateActivity", "{\"name\": \"gone\"}");
    done(&a);
    a = call(api, "DeleteActivity", "{\"activityArn\": \"" ACT "gone\"}");
    tap_is_int(a.status, 200, "DeleteActivity answers");
    done(&a);
    expect_error(api, "DescribeActivity", "{\"activityArn\": \"" ACT "gone\"}",
                 "ActivityDoesNotExist", "a deleted activity is gone");
    a = call(api, "DeleteActivity", "{\"activityArn\": \"" ACT "gone\"}");
    tap_is_int(a.status, 200, "deleting it again succeeds, as on AWS");
    done(&a);
    expect_error(api, "DeleteActivity", "{\"activityArn\": \"gone\"}", "InvalidArn",
                 "DeleteActivity of something that is not an ARN");
}

static void test_list(sfn_api *api)
{
    for (int i = 0; i < 3; i++) {
        char body[64];
        snprintf(body, sizeof body, "{\"name\": \"listed-%d\"}", i);
        answer a = call(api, "CreateActivity", body);
        done(&a);
    }
    answer a = call(api, "ListActivities", "{\"maxResults\": 2}");
    const jv *list = jv_object_get(a.body, "activities");
    tap_ok(list && jv_array_length(list) == 2, "ListActivities: maxResults 2 gives 2");
    const jv *first = list ? jv_array_get(list, 0) : NULL;
    tap_is_str(first ? jv_string_value(jv_object_get(first, "name")) : "", "work",
               "in creation order");
    tap_ok(first && jv_object_get(first, "activityArn") && jv_object_get(first, "creationDate"),
           "each with its ARN and creationDate");
    char body[128];
    snprintf(body, sizeof body, "{\"maxResults\": 2, \"nextToken\": \"%s\"}", str(&a, "nextToken"));
    done(&a);
    a = call(api, "ListActivities", body);
    list = jv_object_get(a.body, "activities");
    tap_ok(list && jv_array_length(list) == 2 && !jv_object_get(a.body, "nextToken"),
           "the next page has the other 2 and no nextToken");
    done(&a);
    expect_error(api, "ListActivities", "{\"nextToken\": \"sm-1\"}", "InvalidToken",
                 "a nextToken that is not ListActivities'");
}

/* ---- activity tasks ---- */

/* A machine whose Task runs activity `act` with extra fields (`, 'TimeoutSeconds': 2`). */
static char *activity_machine(sfn_api *api, const char *name, const char *act, const char *extra)
{
    char def[512];
    snprintf(def, sizeof def, "{'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': '"
             ACT "%s', 'Parameters': {'n.$': '$.n'}%s, 'End': true}}}", act, extra);
    answer a = call_take(api, "CreateStateMachine", request("name", name, "definition", def,
                                                            "roleArn", ROLE, NULL));
    char *arn = jv_xstrdup(str(&a, "stateMachineArn"));
    tap_ok(a.status == 200, "state machine %s (%s)", name, str(&a, "message"));
    done(&a);
    return arn;
}

static char *start(sfn_api *api, const char *sm, const char *input)
{
    answer a = call_take(api, "StartExecution", request("stateMachineArn", sm, "input", input, NULL));
    char *arn = jv_xstrdup(str(&a, "executionArn"));
    done(&a);
    return arn;
}

/* The execution's event of that type (a copy, or NULL). */
static jv *event_of(sfn_api *api, const char *arn, const char *type)
{
    answer a = call_take(api, "GetExecutionHistory", request("executionArn", arn, NULL));
    const jv *events = jv_object_get(a.body, "events");
    jv *found = NULL;
    for (size_t k = 0; k < jv_array_length(events) && !found; k++)
        if (!strcmp(jv_string_value(jv_object_get(jv_array_get(events, k), "type")), type))
            found = jv_ref(jv_array_get(events, k));
    done(&a);
    return found;
}

static const char *detail(const jv *ev, const char *key, const char *member)
{
    const jv *d = ev ? jv_object_get(ev, key) : NULL;
    const jv *v = d ? jv_object_get(d, member) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : "";
}

static void test_worker_answers(sfn_api *api)
{
    answer a = call(api, "CreateActivity", "{\"name\": \"task\"}");
    done(&a);
    char *sm = activity_machine(api, "with-activity", "task", ", 'TimeoutSeconds': 30");
    char *ex = start(api, sm, "{'n': 7}");
    a = call(api, "GetActivityTask", "{\"activityArn\": \"" ACT "task\", \"workerName\": \"w-1\"}");
    char *token = jv_xstrdup(str(&a, "taskToken"));
    tap_ok(a.status == 200 && *token, "GetActivityTask hands the task to the worker");
    tap_is_str(str(&a, "input"), "{\"n\":7}", "with its input (after Parameters) as JSON text");
    done(&a);
    jv *ev = event_of(api, ex, "ActivityScheduled");
    tap_is_str(detail(ev, "activityScheduledEventDetails", "resource"), ACT "task",
               "ActivityScheduled names the activity");
    tap_is_str(detail(ev, "activityScheduledEventDetails", "input"), "{\"n\":7}",
               "ActivityScheduled has the input");
    const jv *d = ev ? jv_object_get(ev, "activityScheduledEventDetails") : NULL;
    tap_ok(d && jv_number_value(jv_object_get(d, "timeoutInSeconds")) == 30,
           "ActivityScheduled has timeoutInSeconds");
    jv_unref(ev);
    ev = event_of(api, ex, "ActivityStarted");
    tap_is_str(detail(ev, "activityStartedEventDetails", "workerName"), "w-1",
               "ActivityStarted has the worker's name");
    jv_unref(ev);
    a = call(api, "GetActivityTask", "{\"activityArn\": \"" ACT "task\"}");
    tap_ok(a.status == 200 && !jv_object_get(a.body, "taskToken"),
           "a second worker gets nothing once the task is taken: {} after the poll");
    done(&a);
    a = call_take(api, "SendTaskHeartbeat", request("taskToken", token, NULL));
    tap_is_int(a.status, 200, "the worker's heartbeat is taken");
    done(&a);
    a = call_take(api, "SendTaskSuccess", request("taskToken", token, "output", "{'done': 7}", NULL));
    tap_is_int(a.status, 200, "the worker's SendTaskSuccess is taken");
    done(&a);
    a = describe_when_done(api, ex);
    tap_is_str(str(&a, "status"), "SUCCEEDED", "the execution goes on and succeeds");
    tap_is_str(str(&a, "output"), "{\"done\":7}", "with the worker's output");
    done(&a);
    ev = event_of(api, ex, "ActivitySucceeded");
    tap_ok(ev != NULL, "ActivitySucceeded in the history");
    jv_unref(ev);
    a = call_take(api, "SendTaskSuccess", request("taskToken", token, "output", "{}", NULL));
    tap_is_str(str(&a, "__type"), "TaskDoesNotExist", "the token again: TaskDoesNotExist");
    done(&a);
    free(token);
    free(ex);
    free(sm);
}

static void test_worker_fails(sfn_api *api)
{
    char *sm = activity_machine(api, "failing-activity", "task", "");
    char *ex = start(api, sm, "{'n': 1}");
    answer a = call(api, "GetActivityTask", "{\"activityArn\": \"" ACT "task\"}");
    char *token = jv_xstrdup(str(&a, "taskToken"));
    done(&a);
    jv *ev = event_of(api, ex, "ActivityStarted");
    const jv *d = ev ? jv_object_get(ev, "activityStartedEventDetails") : NULL;
    tap_ok(d && !jv_object_get(d, "workerName"), "no workerName: ActivityStarted has none");
    jv_unref(ev);
    a = call_take(api, "SendTaskFailure", request("taskToken", token, "error", "Programmatic Error",
                                                  "cause", "it broke", NULL));
    done(&a);
    a = describe_when_done(api, ex);
    tap_ok(!strcmp(str(&a, "status"), "FAILED") && !strcmp(str(&a, "error"), "Programmatic Error") &&
               !strcmp(str(&a, "cause"), "it broke"),
           "SendTaskFailure fails the execution with the worker's error and cause (%s %s)",
           str(&a, "status"), str(&a, "error"));
    done(&a);
    ev = event_of(api, ex, "ActivityFailed");
    tap_is_str(detail(ev, "activityFailedEventDetails", "error"), "Programmatic Error",
               "ActivityFailed has the error");
    jv_unref(ev);
    free(token);
    free(ex);
    free(sm);
}

static void test_missing_activity(sfn_api *api)
{
    char *sm = activity_machine(api, "no-activity", "nowhere", "");
    char *ex = start(api, sm, "{'n': 1}");
    answer a = describe_when_done(api, ex);
    tap_is_str(str(&a, "status"), "FAILED", "an activity that does not exist fails the execution");
    tap_is_str(str(&a, "error"), "States.Runtime", "with States.Runtime, as AWS");
    tap_is_str(str(&a, "cause"), "An error occurred while executing the state 'A' (entered at "
               "the event id #2). The activity " ACT "nowhere does not exist.",
               "AWS's cause, naming the activity");
    done(&a);
    jv *ev = event_of(api, ex, "ActivityScheduled");
    tap_ok(ev == NULL, "nothing was scheduled");
    jv_unref(ev);
    expect_error(api, "GetActivityTask", "{\"activityArn\": \"" ACT "nowhere\"}",
                 "ActivityDoesNotExist", "GetActivityTask of an activity that is not there");
    expect_error(api, "GetActivityTask", "{\"activityArn\": \"nowhere\"}", "InvalidArn",
                 "GetActivityTask of something that is not an ARN");
    expect_error(api, "GetActivityTask", "{}", "ValidationException", "GetActivityTask with no ARN");
    free(ex);
    free(sm);
}

static void test_empty_poll(sfn_api *api)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    answer a = call(api, "GetActivityTask", "{\"activityArn\": \"" ACT "task\"}");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    tap_ok(a.status == 200 && jv_object_size(a.body) == 0, "no task: {} (got %d)", a.status);
    tap_ok(ms >= 290 && ms < 2000, "after the poll's time (%.0f ms of 300)", ms);
    done(&a);
}

/* HeartbeatSeconds count once a worker has the task; TimeoutSeconds from the schedule. */
static void test_timeouts(sfn_api *api)
{
    char *sm = activity_machine(api, "heartbeat", "task",
                                ", 'TimeoutSeconds': 3, 'HeartbeatSeconds': 1");
    char *ex = start(api, sm, "{'n': 1}");
    answer a = call(api, "GetActivityTask", "{\"activityArn\": \"" ACT "task\"}");
    done(&a);
    a = describe_when_done(api, ex); /* 2 s at most: the heartbeat passes after 1 */
    tap_is_str(str(&a, "status"), "FAILED", "a worker that never beats: the execution fails");
    tap_is_str(str(&a, "error"), "States.Timeout", "with States.Timeout (as AWS reports a missed heartbeat)");
    done(&a);
    jv *ev = event_of(api, ex, "ActivityTimedOut");
    tap_is_str(detail(ev, "activityTimedOutEventDetails", "error"), "States.Timeout",
               "ActivityTimedOut says so");
    jv_unref(ev);
    free(ex);
    free(sm);
    sm = activity_machine(api, "no-worker", "task", ", 'TimeoutSeconds': 2, 'HeartbeatSeconds': 1");
    ex = start(api, sm, "{'n': 1}");
    nanosleep(&(struct timespec){1, 500000000}, NULL);
    a = call_take(api, "DescribeExecution", request("executionArn", ex, NULL));
    tap_is_str(str(&a, "status"), "RUNNING", "no worker yet: the heartbeat does not count");
    done(&a);
    a = describe_when_done(api, ex);
    tap_ok(!strcmp(str(&a, "status"), "FAILED") && !strcmp(str(&a, "error"), "States.Timeout"),
           "TimeoutSeconds counts from the schedule: States.Timeout (%s %s)", str(&a, "status"),
           str(&a, "error"));
    done(&a);
    free(ex);
    free(sm);
}

int main(void)
{
    sfn_api api = test_api_start();
    if (!api.registry)
        return tap_done();
    test_create(&api);
    test_describe_delete(&api);
    test_list(&api);
    test_worker_answers(&api);
    test_worker_fails(&api);
    test_missing_activity(&api);
    test_empty_poll(&api);
    test_timeouts(&api);
    serve_registry_free(api.registry);
    return tap_done();
}
