/* Unit tests: the embedded SQS (engine/services/sqs.c, msg_store.c, msg_attrs.c): the
 * optimized sendMessage result recorded in ../shared/conformance/asl (test_sqs_task_service:
 * MD5OfMessageBody, MD5OfMessageAttributes, Content-Length 106/166 of the JSON body, the
 * lower-case connection header; test_task_service_sqs: MissingParameter for a null body),
 * .waitForTaskToken (the token stored, the answer not final), FIFO (sequence numbers,
 * deduplication, one message per group in flight), aws-sdk receive/delete, queues that do
 * not exist, the state file's section and snapshots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_text.h"
#include "jv_text.h"
#include "rng.h"
#include "services/sqs.h"
#include "tap.h"

#define URL "https://sqs.us-east-1.amazonaws.com/111111111111/"

static msg_store *store;
static rng random_stream;
static int64_t now_ms = 1704164645000;

static task_answer_kind call_token(const char *resource, const char *input, const char *token,
                                   task_answer *a)
{
    return answer_call(sqs_service_resolve, store, resource, input, token, now_ms,
                       &random_stream, a);
}

/* "sdk:ACTION" or "opt:ACTION": the answer as text; metadata and ids dropped. */
static char *answer(const char *which, const char *input)
{
    char resource[128];
    bool sdk = !strncmp(which, "sdk:", 4);
    snprintf(resource, sizeof resource, "arn:aws:states:::%s%s", sdk ? "aws-sdk:sqs:" : "sqs:",
             which + 4);
    task_answer a;
    static const char *const unpredictable[] = {"SdkHttpMetadata", "SdkResponseMetadata",
                                                "MessageId", NULL};
    task_answer_kind k = call_token(resource, input, NULL, &a);
    char *text = answer_text_without(k, &a, unpredictable);
    task_answer_cleanup(&a);
    return text;
}

#define is(which, input, want, name) answer_is(answer(which, input), want, name)
#define starts(which, input, want, name) answer_starts(answer(which, input), want, name)

static char *bodies(const char *input);

static void reset(const char *section)
{
    msg_store_free(store);
    store = msg_store_new(sqs_spec());
    char err[512];
    jv *s = section ? jv_parse_cstr(section, NULL) : NULL;
    if (!msg_store_load(store, s, err, sizeof err))
        tap_diag("load: %s", err);
    jv_unref(s);
}

static char *saved(void)
{
    jv *s = msg_store_save(store);
    char *text = jv_dump_string(s, 0);
    jv_unref(s);
    return text;
}

static void test_send_optimized(void)
{
    reset("{\"orders\": []}");
    task_answer a;
    task_answer_kind k = call_token("arn:aws:states:::sqs:sendMessage",
                                    "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": "
                                    "\"test_message_body\"}", NULL, &a);
    tap_is_int(k, TASK_RESULT, "sendMessage answers");
    const jv *meta = jv_object_get(a.result, "SdkHttpMetadata");
    const jv *hh = meta ? jv_object_get(meta, "HttpHeaders") : NULL;
    tap_is_str(hh ? jv_string_value(jv_object_get(hh, "Content-Length")) : "", "106",
               "Content-Length of the JSON body (as AWS: 106)");
    tap_is_str(hh ? jv_string_value(jv_object_get(hh, "connection")) : "", "keep-alive",
               "lower-case connection header, as SQS sends it");
    tap_is_str(hh ? jv_string_value(jv_object_get(hh, "Content-Type")) : "",
               "application/x-amz-json-1.0", "SQS's JSON protocol");
    tap_ok(hh && !jv_object_has(hh, "x-amz-crc32") && !jv_object_has(hh, "Server"),
           "no DynamoDB headers");
    tap_is_str(jv_string_value(jv_object_get(a.result, "MD5OfMessageBody")),
               "3caa9a099bc4e58ae7923f68c5d7d081", "MD5OfMessageBody");
    const jv *id = jv_object_get(a.result, "MessageId");
    tap_ok(id && jv_string_length(id) == 36, "MessageId is a UUID");
    tap_ok(!a.final, "an answer of the call, not of a callback");
    tap_ok(!a.log || !strstr(a.log, "created"), "a declared queue is not created");
    task_answer_cleanup(&a);
    const jv *recs = msg_store_records(store, "orders");
    tap_is_int((long long)jv_array_length(recs), 1, "the message is queued");
    tap_is_str(jv_string_value(jv_object_get(jv_array_get(recs, 0), "Body")),
               "test_message_body", "with its body");

    k = call_token("arn:aws:states:::sqs:sendMessage",
                   "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": \"test_message_body\","
                   " \"MessageAttributes\": {\"my_attribute_no_1\": {\"DataType\": \"String\", "
                   "\"StringValue\": \"Hello\"}, \"my_attribute_no_2\": {\"DataType\": \"String\", "
                   "\"StringValue\": \"World\"}}}", NULL, &a);
    meta = jv_object_get(a.result, "SdkHttpMetadata");
    hh = meta ? jv_object_get(meta, "HttpHeaders") : NULL;
    tap_is_str(hh ? jv_string_value(jv_object_get(hh, "Content-Length")) : "", "166",
               "Content-Length with MD5OfMessageAttributes (as AWS: 166)");
    tap_is_str(jv_string_value(jv_object_get(a.result, "MD5OfMessageAttributes")),
               "7a2370fb1a1bb683e7d1ed61e44ffe02", "MD5OfMessageAttributes (SQS's algorithm)");
    task_answer_cleanup(&a);

    is("opt:sendMessage", "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": {\"TaskToken\": "
       "\"tok-1\", \"n\": 1}}", "{\"MD5OfMessageBody\":\"a346532c2eeacef4ef8bed4971925164\"}",
       "a JSON body is sent as its text");
}

static void test_send_errors(void)
{
    reset("{\"orders\": []}");
    starts("opt:sendMessage", "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": null}",
           "error SQS.AmazonSQSException: The request must contain the parameter MessageBody. "
           "(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: ",
           "a null body: MissingParameter, as recorded");
    starts("opt:sendMessage", "{\"QueueUrl\": \"" URL "nope\", \"MessageBody\": \"x\"}",
           "error SQS.QueueDoesNotExistException: The specified queue does not exist. (Service: "
           "AmazonSQS; Status Code: 400; Error Code: AWS.SimpleQueueService.NonExistentQueue;",
           "a queue the declared section does not name does not exist");
    starts("sdk:sendMessage", "{\"QueueUrl\": \"" URL "nope\", \"MessageBody\": \"x\"}",
           "error Sqs.QueueDoesNotExistException: The specified queue does not exist. (Service: "
           "Sqs, Status Code: 400, Request ID: ", "aws-sdk: Sqs.QueueDoesNotExistException");
    starts("opt:sendMessage", "{\"QueueUrl\": \"orders\", \"MessageBody\": \"x\"}",
           "error SQS.SdkClientException: Unable to execute HTTP request: QueueUrl 'orders' is not "
           "a queue URL", "a QueueUrl that is no URL: SdkClientException");
    starts("opt:sendMessage", "{\"MessageBody\": \"x\"}",
           "error SQS.AmazonSQSException: The request must contain the parameter QueueUrl.",
           "no QueueUrl");
    starts("opt:sendMessage", "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": \"x\", "
           "\"DelaySeconds\": 901}", "error SQS.AmazonSQSException: Value 901 for parameter "
           "DelaySeconds is invalid. Reason: Must be between 0 and 900, if provided.",
           "DelaySeconds past 900");
    starts("opt:sendMessage", "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": \"a\\u0001\"}",
           "error SQS.AmazonSQSException: Invalid binary character '#x1' was found in the message "
           "body", "a control character in the body");
    starts("opt:sendMessage", "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": \"x\", "
           "\"MessageAttributes\": {\"a\": {\"DataType\": \"String\"}}}",
           "error SQS.AmazonSQSException: The message attribute 'a' must contain non-empty message "
           "attribute value for message attribute type 'String'.", "an attribute without value");
    starts("opt:sendMessage", "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": \"x\", "
           "\"MessageAttributes\": {\"a\": {\"DataType\": \"Number\", \"StringValue\": \"x1\"}}}",
           "error SQS.AmazonSQSException: Can't cast the value of message (user) attribute 'a' to "
           "a number.", "a Number attribute that is none");
    starts("opt:sendMessage", "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": \"x\", "
           "\"Colour\": 1}", "error SQS.AmazonSQSException: Unknown parameter Colour for "
           "sqs:sendMessage.", "an unknown parameter");
    starts("sdk:sendMessage", "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": {\"a\": 1}}",
           "error Sqs.SqsException: Value for parameter MessageBody is invalid. Reason: it must be "
           "a string, not object.", "aws-sdk wants a string body");
    char *big = malloc(262400);
    int n = snprintf(big, 128, "{\"QueueUrl\": \"" URL "orders\", \"MessageBody\": \"");
    memset(big + n, 'x', 262145);
    strcpy(big + n + 262145, "\"}");
    starts("opt:sendMessage", big, "error SQS.AmazonSQSException: One or more parameters are "
           "invalid. Reason: Message must be shorter than 262144 bytes.", "a body over 256 KiB");
    free(big);
    is("opt:receiveMessage", "{}", "no answer", "receiveMessage has no optimized form");
    tap_is_int((long long)jv_array_length(msg_store_records(store, "orders")), 0,
               "no failed send queued anything");
}

static void test_wait_for_token(void)
{
    reset(NULL);
    task_answer a;
    task_answer_kind k = call_token("arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                                    "{\"QueueUrl\": \"" URL "jobs\", \"MessageBody\": "
                                    "{\"TaskToken\": \"tok-9\"}}", "tok-9", &a);
    tap_is_int(k, TASK_RESULT, "sendMessage.waitForTaskToken sends");
    tap_ok(!a.final, "not final: the task then waits for its token");
    tap_ok(a.log && strstr(a.log, "queue 'jobs' created on first use"),
           "without a section, the queue is created, and the log says so");
    task_answer_cleanup(&a);
    const jv *m = jv_array_get(msg_store_records(store, "jobs"), 0);
    tap_is_str(m ? jv_string_value(jv_object_get(m, "TaskToken")) : "", "tok-9",
               "the stored message carries the token");
    tap_ok(msg_store_used(store), "a queue created by use is saved");
}

static void test_fifo(void)
{
    reset("{\"q.fifo\": []}");
    starts("opt:sendMessage", "{\"QueueUrl\": \"" URL "q.fifo\", \"MessageBody\": \"x\"}",
           "error SQS.AmazonSQSException: The request must contain the parameter MessageGroupId.",
           "FIFO wants MessageGroupId");
    starts("opt:sendMessage", "{\"QueueUrl\": \"" URL "q.fifo\", \"MessageBody\": \"x\", "
           "\"MessageGroupId\": \"g\"}", "error SQS.AmazonSQSException: The queue should either "
           "have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
           "FIFO wants a deduplication id");
    task_answer a;
    call_token("arn:aws:states:::sqs:sendMessage", "{\"QueueUrl\": \"" URL "q.fifo\", "
               "\"MessageBody\": \"one\", \"MessageGroupId\": \"g\", \"MessageDeduplicationId\": "
               "\"d1\"}", NULL, &a);
    const jv *seq = jv_object_get(a.result, "SequenceNumber");
    char first[32] = "";
    snprintf(first, sizeof first, "%s", seq ? jv_string_value(seq) : "");
    tap_is_int((long long)strlen(first), 20, "a FIFO send has a 20-digit SequenceNumber");
    char id1[40];
    snprintf(id1, sizeof id1, "%s", jv_string_value(jv_object_get(a.result, "MessageId")));
    task_answer_cleanup(&a);
    now_ms += 1000;
    call_token("arn:aws:states:::sqs:sendMessage", "{\"QueueUrl\": \"" URL "q.fifo\", "
               "\"MessageBody\": \"one\", \"MessageGroupId\": \"g\", \"MessageDeduplicationId\": "
               "\"d1\"}", NULL, &a);
    tap_is_str(jv_string_value(jv_object_get(a.result, "MessageId")), id1,
               "a duplicate within 5 minutes answers the first message's id");
    tap_ok(a.log && strstr(a.log, "not queued again"), "and the log says it was dropped");
    task_answer_cleanup(&a);
    call_token("arn:aws:states:::sqs:sendMessage", "{\"QueueUrl\": \"" URL "q.fifo\", "
               "\"MessageBody\": \"two\", \"MessageGroupId\": \"g\", \"MessageDeduplicationId\": "
               "\"d2\"}", NULL, &a);
    seq = jv_object_get(a.result, "SequenceNumber");
    tap_ok(seq && strcmp(jv_string_value(seq), first) > 0, "sequence numbers increase");
    task_answer_cleanup(&a);
    tap_is_int((long long)jv_array_length(msg_store_records(store, "q.fifo")), 2,
               "two messages queued");
    char *got = bodies("{\"QueueUrl\": \"" URL "q.fifo\", \"MaxNumberOfMessages\": 10}");
    tap_is_str(got, "one", "a group delivers one message at a time, the first");
    free(got);
}

/* The bodies receiveMessage returns, joined with ',' (or the error). */
static char *bodies(const char *input)
{
    task_answer a;
    task_answer_kind k = call_token("arn:aws:states:::aws-sdk:sqs:receiveMessage", input, NULL,
                                    &a);
    if (k != TASK_RESULT) {
        char *t = answer_text_of(k, &a, NULL);
        task_answer_cleanup(&a);
        return t;
    }
    const jv *msgs = jv_object_get(a.result, "Messages");
    char *out = calloc(1, 4096);
    for (size_t i = 0; msgs && i < jv_array_length(msgs); i++)
        snprintf(out + strlen(out), 4096 - strlen(out), "%s%s", i ? "," : "",
                 jv_string_value(jv_object_get(jv_array_get(msgs, i), "Body")));
    task_answer_cleanup(&a);
    return out;
}

/* The first message receiveMessage returns (owned), or NULL. */
static jv *receive_one(const char *input)
{
    task_answer a;
    jv *m = NULL;
    if (call_token("arn:aws:states:::aws-sdk:sqs:receiveMessage", input, NULL, &a) ==
        TASK_RESULT) {
        const jv *msgs = jv_object_get(a.result, "Messages");
        m = msgs ? jv_ref(jv_array_get(msgs, 0)) : NULL;
    }
    task_answer_cleanup(&a);
    return m;
}

static void test_receive_delete(void)
{
    reset("{\"work\": [{\"MessageId\": \"m-1\", \"Body\": \"first\", \"MessageAttributes\": "
          "{\"b\": {\"DataType\": \"Number\", \"StringValue\": \"1\"}}, \"SentTimestamp\": "
          "1704164600000}, {\"MessageId\": \"m-2\", \"Body\": \"second\"}]}");
    jv *m = receive_one("{\"QueueUrl\": \"" URL "work\", \"AttributeNames\": [\"All\"], "
                        "\"MessageAttributeNames\": [\"All\"]}");
    tap_is_str(m ? jv_string_value(jv_object_get(m, "MessageId")) : "", "m-1",
               "receiveMessage returns the oldest message (one by default)");
    tap_is_str(m ? jv_string_value(jv_object_get(m, "Md5OfBody")) : "",
               "8b04d5e3775d298e78455efc5ca404d5", "Md5OfBody (SDK v2 name)");
    tap_is_str(m ? jv_string_value(jv_object_get(m, "Md5OfMessageAttributes")) : "",
               "9688917bc20ff8319e572cb504ceaf3a", "Md5OfMessageAttributes of those returned");
    const jv *attrs = m ? jv_object_get(m, "Attributes") : NULL;
    tap_is_str(attrs ? jv_string_value(jv_object_get(attrs, "ApproximateReceiveCount")) : "",
               "1", "ApproximateReceiveCount 1");
    tap_is_str(attrs ? jv_string_value(jv_object_get(attrs, "SentTimestamp")) : "",
               "1704164600000", "SentTimestamp as text");
    char handle[128] = "";
    snprintf(handle, sizeof handle, "%s",
             m ? jv_string_value(jv_object_get(m, "ReceiptHandle")) : "");
    jv_unref(m);
    char *got = bodies("{\"QueueUrl\": \"" URL "work\", \"MaxNumberOfMessages\": 10}");
    tap_is_str(got, "second", "a received message is hidden for its visibility timeout");
    free(got);
    now_ms += 31000;
    got = bodies("{\"QueueUrl\": \"" URL "work\", \"MaxNumberOfMessages\": 10, "
                 "\"VisibilityTimeout\": 0}");
    tap_is_str(got, "first,second", "both visible again after 30 s");
    free(got);
    char input[512];
    snprintf(input, sizeof input, "{\"QueueUrl\": \"" URL "work\", \"ReceiptHandle\": \"%s\"}",
             handle);
    is("sdk:deleteMessage", input, "{}", "deleteMessage with an older handle answers {}");
    tap_is_int((long long)jv_array_length(msg_store_records(store, "work")), 2,
               "but deletes nothing (the message was received again since)");
    m = receive_one("{\"QueueUrl\": \"" URL "work\"}");
    snprintf(input, sizeof input, "{\"QueueUrl\": \"" URL "work\", \"ReceiptHandle\": \"%s\"}",
             m ? jv_string_value(jv_object_get(m, "ReceiptHandle")) : "");
    jv_unref(m);
    is("sdk:deleteMessage", input, "{}", "deleteMessage with the latest handle");
    tap_is_int((long long)jv_array_length(msg_store_records(store, "work")), 1, "deletes it");
    starts("sdk:deleteMessage", "{\"QueueUrl\": \"" URL "work\", \"ReceiptHandle\": \"junk\"}",
           "error Sqs.ReceiptHandleIsInvalidException: The input receipt handle \"junk\" is not a "
           "valid receipt handle.", "a handle that is not one");
    starts("sdk:receiveMessage", "{\"QueueUrl\": \"" URL "work\", \"MaxNumberOfMessages\": 11}",
           "error Sqs.SqsException: Value 11 for parameter MaxNumberOfMessages is invalid. Reason: "
           "Must be between 1 and 10, if provided. (Service: Sqs, Status Code: 400, Request ID: ",
           "MaxNumberOfMessages past 10");
    got = bodies("{\"QueueUrl\": \"" URL "work\", \"MaxNumberOfMessages\": 5}");
    tap_is_str(got, "second", "the one left");
    free(got);
    is("sdk:receiveMessage", "{\"QueueUrl\": \"" URL "work\"}", "{}",
       "nothing visible: {} (no Messages member)");
}

static void load_fails(const char *section, const char *want, const char *name)
{
    msg_store *s = msg_store_new(sqs_spec());
    char err[512] = "";
    jv *v = jv_parse_cstr(section, NULL);
    bool ok = msg_store_load(s, v, err, sizeof err);
    jv_unref(v);
    msg_store_free(s);
    if (!tap_ok(!ok && strstr(err, want), "%s", name))
        tap_diag("got: %s", ok ? "(loaded)" : err);
}

static void test_state_file(void)
{
    load_fails("{\"bad name!\": []}", "sqs: 'bad name!' is not a queue name", "a bad queue name");
    load_fails("{\"q\": {}}", "sqs: queue 'q' must be a list of messages, not object",
               "a queue is a list");
    load_fails("{\"q\": [{\"Body\": \"x\"}]}", "sqs: queue 'q': message 1: 'MessageId' is "
               "missing", "a message without MessageId");
    load_fails("{\"q\": [{\"MessageId\": \"a\", \"Body\": 3}]}", "sqs: queue 'q': message 1: "
               "'Body' must be a string, not number", "a Body that is no string");
    load_fails("{\"q\": [{\"MessageId\": \"a\", \"Body\": \"x\", \"SentTimestamp\": 1e300}]}",
               "sqs: queue 'q': message 1: 'SentTimestamp' must be a whole number from 0 to "
               "253402300799999", "a time past the year 9999");
    load_fails("{\"q\": [{\"MessageId\": \"a\", \"Body\": \"x\", \"ReceiveCount\": 1.5}]}",
               "'ReceiveCount' must be a whole number", "a count that is not whole");
    load_fails("[]", "sqs: the section must be an object, not array", "a section that is a list");
    load_fails("{\"q\": [{\"MessageId\": \"a\", \"Body\": \"x\", \"Colour\": 1}]}",
               "sqs: queue 'q': message 1: unknown field 'Colour'", "an unknown field");
    load_fails("{\"q\": [{\"MessageId\": \"a\", \"Body\": \"x\", \"MessageAttributes\": "
               "{\"k\": {\"DataType\": \"Colour\", \"StringValue\": \"x\"}}}]}",
               "sqs: queue 'q': message 1: The type of message attribute 'k' is invalid",
               "attributes are checked on load");

    reset("{\"q\": [{\"MessageId\": \"a\", \"Body\": \"x\"}]}");
    char *text = saved();
    tap_is_str(text, "{\"q\":[{\"MessageId\":\"a\",\"Body\":\"x\"}]}", "saved as loaded");
    free(text);
    jv *snap = msg_store_snapshot(store);
    is("opt:sendMessage", "{\"QueueUrl\": \"" URL "q\", \"MessageBody\": \"y\"}",
       "{\"MD5OfMessageBody\":\"415290769594460e2e485922904f345d\"}", "a send");
    tap_is_int((long long)jv_array_length(msg_store_records(store, "q")), 2, "two messages");
    msg_store_restore(store, snap);
    jv_unref(snap);
    tap_is_int((long long)jv_array_length(msg_store_records(store, "q")), 1,
               "restoring the snapshot takes the send back");
    reset(NULL);
    tap_ok(!msg_store_used(store), "no section and no use: nothing to save");
}

int main(void)
{
    rng_seed(&random_stream, 7);
    test_send_optimized();
    test_send_errors();
    test_wait_for_token();
    test_fifo();
    test_receive_delete();
    test_state_file();
    msg_store_free(store);
    return tap_done();
}
