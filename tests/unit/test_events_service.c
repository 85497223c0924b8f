/* Unit tests: the embedded EventBridge (engine/services/events.c): the optimized putEvents
 * answers recorded in ../shared/conformance/asl (test_events_task_service: Entries with
 * EventIds and FailedEntryCount 0, no metadata; a Detail that is not an object fails the
 * task with EventBridge.FailedEntry and the answer as cause; a missing Source fails its
 * entry while the others are put), aws-sdk:eventbridge (failures in the result), buses
 * (default always there, declared ones, ARNs), .waitForTaskToken and the state file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_text.h"
#include "jv_text.h"
#include "rng.h"
#include "services/events.h"
#include "tap.h"

static msg_store *store;
static rng random_stream;

static task_answer_kind put(bool sdk, const char *input, const char *token, task_answer *a)
{
    const char *resource = sdk ? "arn:aws:states:::aws-sdk:eventbridge:putEvents"
                         : token ? "arn:aws:states:::events:putEvents.waitForTaskToken"
                                 : "arn:aws:states:::events:putEvents";
    return answer_call(events_service_resolve, store, resource, input, token, 1704164645000,
                       &random_stream, a);
}

/* The answer as text, each EventId replaced by "ID" (they are random). */
static char *answer(bool sdk, const char *input)
{
    task_answer a;
    task_answer_kind k = put(sdk, input, NULL, &a);
    char *text = answer_text_of(k, &a, a.result);
    task_answer_cleanup(&a);
    for (char *p = strstr(text, "\"EventId\":\""); p; p = strstr(p + 1, "\"EventId\":\"")) {
        char *v = p + 11, *end = strchr(v, '"');
        if (end && end - v == 36)
            memmove(v + 2, end, strlen(end) + 1), memcpy(v, "ID", 2);
    }
    return text;
}

static void reset(const char *section)
{
    msg_store_free(store);
    store = msg_store_new(events_spec());
    char err[512];
    jv *s = section ? jv_parse_cstr(section, NULL) : NULL;
    if (!msg_store_load(store, s, err, sizeof err))
        tap_diag("load: %s", err);
    jv_unref(s);
}

static size_t count(const char *bus)
{
    const jv *recs = msg_store_records(store, bus);
    return recs ? jv_array_length(recs) : 0;
}

static void test_put(void)
{
    reset("{\"orders\": []}");
    answer_is(answer(false, "{\"Entries\": [{\"Detail\": "
                     "\"{\\\"Message\\\": \\\"HelloWorld0\\\"}\", "
                     "\"DetailType\": \"t\", \"Source\": \"some.source\"}, {\"Detail\": "
                     "{\"Message\": \"HelloWorld1\"}, \"DetailType\": \"t\", \"Source\": "
                     "\"some.source\", \"Resources\": [\"arn:aws:sqs:us-east-1:1:q\"]}]}"),
              "{\"Entries\":[{\"EventId\":\"ID\"},{\"EventId\":\"ID\"}],\"FailedEntryCount\":0}",
              "two entries put, as recorded (no metadata)");
    tap_is_int((long long)count("default"), 2, "on the default bus (always there)");
    const jv *e = jv_array_get(msg_store_records(store, "default"), 1);
    tap_is_str(e ? jv_string_value(jv_object_get(e, "Detail")) : "",
               "{\"Message\":\"HelloWorld1\"}", "an object Detail is stored as its text");
    tap_is_str(e ? jv_string_value(jv_object_get(e, "Time")) : "", "2024-01-02T03:04:05.000Z",
               "with the virtual clock's Time");
    answer_is(answer(false, "{\"Entries\": [{\"Detail\": \"\\\"jsonstring\\\"\", \"DetailType\": "
                     "\"t\", \"Source\": \"s\"}]}"),
              "error EventBridge.FailedEntry: {\"Entries\":[{\"ErrorCode\":\"MalformedDetail\","
              "\"ErrorMessage\":\"Detail is malformed.\"}],\"FailedEntryCount\":1}",
              "a Detail that is no object: FailedEntry, as recorded");
    answer_is(answer(false, "{\"Entries\": [{\"Detail\": [1, 2], \"DetailType\": \"t\", "
                     "\"Source\": \"s\"}]}"),
              "error EventBridge.FailedEntry: {\"Entries\":[{\"ErrorCode\":\"MalformedDetail\","
              "\"ErrorMessage\":\"Detail is malformed.\"}],\"FailedEntryCount\":1}",
              "a Detail given as JSON that is no object (a list): malformed too");
    answer_is(answer(false, "{\"Entries\": [{\"Detail\": {}, \"DetailType\": \"t\", \"Source\": "
                     "\"s\"}, {\"Detail\": {}, \"DetailType\": \"t\"}]}"),
              "error EventBridge.FailedEntry: {\"Entries\":[{\"EventId\":\"ID\"},{\"ErrorCode\":"
              "\"InvalidArgument\",\"ErrorMessage\":\"Parameter Source is not valid. Reason: "
              "Source is a required argument.\"}],\"FailedEntryCount\":1}",
              "a missing Source fails its entry, as recorded");
    tap_is_int((long long)count("default"), 3, "the entry that succeeded was put");
    answer_is(answer(true, "{\"Entries\": [{\"Detail\": \"{}\", \"DetailType\": \"t\", \"Source\": "
                     "\"s\", \"EventBusName\": \"arn:aws:events:us-east-1:1:event-bus/orders\"}, "
                     "{\"Detail\": \"{}\", \"DetailType\": \"t\", \"Source\": \"s\", "
                     "\"EventBusName\": \"nope\"}]}"),
              "{\"Entries\":[{\"EventId\":\"ID\"},{\"ErrorCode\":\"ResourceNotFoundException\","
              "\"ErrorMessage\":\"Event bus nope does not exist.\"}],\"FailedEntryCount\":1}",
              "aws-sdk: failures in the result; a bus by ARN; an undeclared bus does not exist");
    tap_is_int((long long)count("orders"), 1, "the event is on the declared bus");
    answer_is(answer(false, "{\"Entries\": [{\"Detail\": {}, \"DetailType\": \"t\", \"Source\": "
                     "\"s\", \"Time\": \"yesterday\"}]}"),
              "error EventBridge.FailedEntry: {\"Entries\":[{\"ErrorCode\":\"InvalidArgument\","
              "\"ErrorMessage\":\"Parameter Time is not valid. Reason: Time must be a "
              "timestamp.\"}],\"FailedEntryCount\":1}", "a Time that is none");
    answer_is(answer(true, "{\"Entries\": [{\"Detail\": {}, \"DetailType\": \"t\", \"Source\": "
                     "\"s\"}]}"),
              "{\"Entries\":[{\"ErrorCode\":\"MalformedDetail\",\"ErrorMessage\":\"Detail is "
              "malformed.\"}],\"FailedEntryCount\":1}", "aws-sdk wants Detail as text");
}

static void test_call_errors(void)
{
    reset(NULL);
    answer_starts(answer(false, "{}"), "error EventBridge.AmazonEventBridgeException: 1 "
                  "validation error detected: Value null at 'entries' failed to satisfy "
                  "constraint: Member must not be null (Service: AmazonEventBridge; Status Code: "
                  "400; Error Code: ValidationException; Request ID: ", "no Entries");
    answer_starts(answer(true, "{\"Entries\": []}"), "error EventBridge.EventBridgeException: 1 "
                  "validation error detected: Value at 'entries' failed to satisfy constraint: "
                  "Member must have length greater than or equal to 1 (Service: EventBridge, "
                  "Status Code: 400, Request ID: ", "aws-sdk: no entry");
    answer_starts(answer(false, "{\"Entries\": [1,2,3,4,5,6,7,8,9,10,11]}"),
                  "error EventBridge.AmazonEventBridgeException: 1 validation error detected: "
                  "Value at 'entries' failed to satisfy constraint: Member must have length less "
                  "than or equal to 10", "more than 10 entries");
    answer_starts(answer(false, "{\"Entries\": [{}], \"Bus\": 1}"),
                  "error EventBridge.AmazonEventBridgeException: putEvents has no parameter Bus",
                  "an unknown parameter");
    tap_is_int((long long)count("default"), 0, "nothing put");
}

static void test_wait_and_state(void)
{
    reset(NULL);
    task_answer a;
    tap_is_int(put(false, "{\"Entries\": [{\"Detail\": {\"TaskToken\": \"tok-5\"}, \"DetailType\": "
                   "\"t\", \"Source\": \"s\", \"EventBusName\": \"approvals\"}]}", "tok-5", &a),
               TASK_RESULT, "putEvents.waitForTaskToken");
    tap_ok(!a.final, "not final: the task waits for its token");
    tap_ok(a.log && strstr(a.log, "bus 'approvals' created on first use"),
           "without a section a bus is created by use, and the log says so");
    task_answer_cleanup(&a);
    const jv *e = jv_array_get(msg_store_records(store, "approvals"), 0);
    tap_is_str(e ? jv_string_value(jv_object_get(e, "TaskToken")) : "", "tok-5",
               "the stored event carries the token");

    msg_store *s = msg_store_new(events_spec());
    char err[512] = "";
    jv *v = jv_parse_cstr("{\"b\": [{\"Source\": \"s\", \"DetailType\": \"t\", "
                          "\"Detail\": \"[1]\"}]}", NULL);
    tap_ok(!msg_store_load(s, v, err, sizeof err), "a bad event is refused");
    tap_is_str(err, "events: bus 'b': event 1: 'Detail' must be the text of a JSON object",
               "naming section, bus, event and field");
    jv_unref(v);
    v = jv_parse_cstr("{\"b\": [{\"Source\": \"s\", \"Detail\": \"{}\"}]}", NULL);
    tap_ok(!msg_store_load(s, v, err, sizeof err) && strstr(err, "'DetailType' is missing"),
           "DetailType is required");
    jv_unref(v);
    msg_store_free(s);
}

int main(void)
{
    rng_seed(&random_stream, 13);
    test_put();
    test_call_errors();
    test_wait_and_state();
    msg_store_free(store);
    return tap_done();
}
