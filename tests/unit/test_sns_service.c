/* Unit tests: the embedded SNS (engine/services/sns.c): the optimized publish result
 * recorded in ../shared/conformance/asl (test_sns_task_service, test_base_scenarios:
 * Content-Length 294 of the XML answer, 352 with a SequenceNumber, text/xml; a missing
 * topic is SNS.NotFoundException "Topic does not exist" with status 404), a JSON Message
 * published as its text, message attributes, .waitForTaskToken, FIFO topics, aws-sdk
 * shapes and errors, and the state file's section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_text.h"
#include "jv_text.h"
#include "rng.h"
#include "services/sns.h"
#include "tap.h"

#define ARN "arn:aws:sns:us-east-1:111111111111:"

static msg_store *store;
static rng random_stream;
static int64_t now_ms = 1704164645000;

static task_answer_kind publish(bool sdk, const char *input, const char *token, task_answer *a)
{
    const char *resource = sdk ? "arn:aws:states:::aws-sdk:sns:publish"
                         : token ? "arn:aws:states:::sns:publish.waitForTaskToken"
                                 : "arn:aws:states:::sns:publish";
    return answer_call(sns_service_resolve, store, resource, input, token, now_ms,
                       &random_stream, a);
}

/* The answer as text, without metadata and MessageId. */
static char *answer(bool sdk, const char *input)
{
    task_answer a;
    static const char *const unpredictable[] = {"SdkHttpMetadata", "SdkResponseMetadata",
                                                "MessageId", NULL};
    task_answer_kind k = publish(sdk, input, NULL, &a);
    char *text = answer_text_without(k, &a, unpredictable);
    task_answer_cleanup(&a);
    return text;
}

static void reset(const char *section)
{
    msg_store_free(store);
    store = msg_store_new(sns_spec());
    char err[512];
    jv *s = section ? jv_parse_cstr(section, NULL) : NULL;
    if (!msg_store_load(store, s, err, sizeof err))
        tap_diag("load: %s", err);
    jv_unref(s);
}

static const char *header(const task_answer *a, const char *name)
{
    const jv *meta = a->result ? jv_object_get(a->result, "SdkHttpMetadata") : NULL;
    const jv *hh = meta ? jv_object_get(meta, "HttpHeaders") : NULL;
    const jv *v = hh ? jv_object_get(hh, name) : NULL;
    return v ? jv_string_value(v) : "(none)";
}

static const jv *last_record(const char *topic)
{
    const jv *recs = msg_store_records(store, topic);
    return recs && jv_array_length(recs) ? jv_array_get(recs, jv_array_length(recs) - 1)
                                         : NULL;
}

static void test_publish(void)
{
    reset("{\"alerts\": [], \"orders.fifo\": []}");
    task_answer a;
    tap_is_int(publish(false, "{\"TopicArn\": \"" ARN "alerts\", \"Message\": {\"Message\": "
                       "\"HelloWorld!\"}}", NULL, &a), TASK_RESULT, "publish answers");
    tap_is_str(header(&a, "Content-Length"), "294", "Content-Length of the XML answer (294)");
    tap_is_str(header(&a, "Content-Type"), "text/xml", "SNS answers XML");
    tap_is_str(header(&a, "connection"), "keep-alive", "lower-case connection header");
    const jv *id = jv_object_get(a.result, "MessageId");
    tap_ok(id && jv_string_length(id) == 36, "MessageId is a UUID");
    tap_ok(!jv_object_has(a.result, "SequenceNumber"), "no SequenceNumber for a standard topic");
    task_answer_cleanup(&a);
    const jv *rec = last_record("alerts");
    tap_is_str(rec ? jv_string_value(jv_object_get(rec, "Message")) : "",
               "{\"Message\":\"HelloWorld!\"}", "a JSON Message is published as its text");
    tap_is_str(rec ? jv_string_value(jv_object_get(rec, "Timestamp")) : "",
               "2024-01-02T03:04:05.000Z", "with the virtual clock's Timestamp");

    tap_is_int(publish(false, "{\"TopicArn\": \"" ARN "orders.fifo\", \"Message\": \"m\", "
                       "\"MessageGroupId\": \"a-group\", \"MessageDeduplicationId\": \"dedup-1\"}",
                       NULL, &a), TASK_RESULT, "a FIFO publish");
    tap_is_str(header(&a, "Content-Length"), "352", "Content-Length with SequenceNumber (352)");
    const jv *seq = jv_object_get(a.result, "SequenceNumber");
    tap_ok(seq && jv_string_length(seq) == 20, "a 20-digit SequenceNumber");
    task_answer_cleanup(&a);
    answer_is(answer(false, "{\"TopicArn\": \"" ARN "orders.fifo\", \"Message\": \"m\", "
                     "\"MessageGroupId\": \"a-group\", \"MessageDeduplicationId\": \"dedup-1\"}"),
              "{\"SequenceNumber\":\"01704164645000000000\"}", "a duplicate answers the first");
    tap_is_int((long long)jv_array_length(msg_store_records(store, "orders.fifo")), 1,
               "and is not published again");

    answer_is(answer(true, "{\"TopicArn\": \"" ARN "alerts\", \"Message\": \"plain\", "
                     "\"Subject\": \"Hi\", \"MessageAttributes\": {\"tags\": {\"DataType\": "
                     "\"String.Array\", \"StringValue\": \"[\\\"a\\\"]\"}}}"), "{}",
              "aws-sdk publish: {MessageId} and nothing else");
    rec = last_record("alerts");
    tap_is_str(rec ? jv_string_value(jv_object_get(rec, "Subject")) : "", "Hi",
               "the Subject is stored");
    tap_ok(rec && jv_object_has(rec, "MessageAttributes"), "and the attributes");
}

static void test_errors(void)
{
    reset("{\"alerts\": [], \"orders.fifo\": []}");
    answer_starts(answer(false, "{\"TopicArn\": \"" ARN "nope\", \"Message\": \"m\"}"),
                  "error SNS.NotFoundException: Topic does not exist (Service: AmazonSNS; Status "
                  "Code: 404; Error Code: NotFound; Request ID: ", "a missing topic, as recorded");
    answer_starts(answer(true, "{\"TopicArn\": \"" ARN "nope\", \"Message\": \"m\"}"),
                  "error Sns.NotFoundException: Topic does not exist (Service: Sns, Status Code: "
                  "404, Request ID: ", "aws-sdk: Sns.NotFoundException");
    answer_starts(answer(false, "{\"TopicArn\": \"alerts\", \"Message\": \"m\"}"),
                  "error SNS.InvalidParameterException: Invalid parameter: TopicArn (Service: "
                  "AmazonSNS; Status Code: 400; Error Code: InvalidParameter;", "not an ARN");
    answer_starts(answer(false, "{\"TopicArn\": \"" ARN "alerts\"}"),
                  "error SNS.InvalidParameterException: Invalid parameter: Message Reason: no "
                  "value for required parameter", "no Message");
    answer_starts(answer(false, "{\"TopicArn\": \"" ARN "alerts\", \"Message\": \"\"}"),
                  "error SNS.InvalidParameterException: Invalid parameter: Empty message",
                  "an empty Message");
    answer_starts(answer(false, "{\"TopicArn\": \"" ARN "alerts\", \"Message\": \"m\", "
                         "\"Subject\": \"a\\nb\"}"), "error SNS.InvalidParameterException: Invalid "
                  "parameter: Subject", "a Subject with a line break");
    answer_starts(answer(false, "{\"TopicArn\": \"" ARN "alerts\", \"Message\": \"{}\", "
                         "\"MessageStructure\": \"json\"}"), "error SNS.InvalidParameterException: "
                  "Invalid parameter: Message Structure - No default entry in JSON message body",
                  "MessageStructure json without default");
    answer_starts(answer(false, "{\"TopicArn\": \"" ARN "orders.fifo\", \"Message\": \"m\"}"),
                  "error SNS.InvalidParameterException: Invalid parameter: The MessageGroupId "
                  "parameter is required for FIFO topics", "FIFO wants a group");
    answer_starts(answer(false, "{\"PhoneNumber\": \"+15550100\", \"Message\": \"m\"}"),
                  "error SNS.InvalidParameterException: Invalid parameter: PhoneNumber (the local "
                  "SNS publishes to topics only)", "no SMS");
    answer_starts(answer(false, "{\"TopicArn\": \"" ARN "alerts\", \"Message\": \"m\", "
                         "\"MessageAttributes\": {\"AWS.x\": {\"DataType\": \"String\", "
                         "\"StringValue\": \"v\"}}}"), "error SNS.InvalidParameterException: "
                  "Invalid parameter: MessageAttributes Reason: Message (user) attribute name "
                  "'AWS.x' is invalid", "a reserved attribute name");
    tap_is_int((long long)jv_array_length(msg_store_records(store, "alerts")), 0,
               "nothing failed was published");
}

static void test_wait_and_state(void)
{
    reset(NULL);
    task_answer a;
    tap_is_int(publish(false, "{\"TopicArn\": \"" ARN "approvals\", \"Message\": {\"TaskToken\": "
                       "\"tok-3\"}}", "tok-3", &a), TASK_RESULT, "publish.waitForTaskToken");
    tap_ok(!a.final, "not final: the task waits for its token");
    tap_ok(a.log && strstr(a.log, "topic 'approvals' created on first use"),
           "a topic without a section is created, and the log says so");
    task_answer_cleanup(&a);
    const jv *rec = last_record("approvals");
    tap_is_str(rec ? jv_string_value(jv_object_get(rec, "TaskToken")) : "", "tok-3",
               "the notification carries the token");

    msg_store *s = msg_store_new(sns_spec());
    char err[512] = "";
    jv *v = jv_parse_cstr("{\"t\": [{\"MessageId\": \"1\", \"Message\": \"m\", \"Subject\": 5}]}",
                          NULL);
    tap_ok(!msg_store_load(s, v, err, sizeof err), "a bad notification is refused");
    tap_is_str(err, "sns: topic 't': notification 1: 'Subject' must be a string, not number",
               "naming section, topic, notification and field");
    jv_unref(v);
    msg_store_free(s);
}

int main(void)
{
    rng_seed(&random_stream, 11);
    test_publish();
    test_errors();
    test_wait_and_state();
    msg_store_free(store);
    return tap_done();
}
