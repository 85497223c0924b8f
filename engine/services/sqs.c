/* sqs — SQS tasks (optimized sendMessage, aws-sdk send/receive/delete) on the embedded queues. */
#include "services/sqs.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "objstore.h"
#include "services/msg_attrs.h"
#include "services/svc_common.h"
#include "services/svc_meta.h"

#define SQS_BODY_MAX 262144
#define SQS_NAME_MAX 80
#define SQS_MSG_MAX 1024
#define SQS_HANDLE_RANDOM 60

typedef enum { Q_SEND, Q_RECEIVE, Q_DELETE, Q_UNKNOWN } sqs_action;

typedef struct {
    msg_store *store;
    const task_call *call;
    task_answer *out;
    bool sdk;
    sqs_action action;
    char queue[SQS_NAME_MAX + 1];
    bool fifo;
    char request_id[37];
    char note[256];           /* for the task's log: a queue created by use */
} sqs_request;

static const svc_names sqs_names = {"SQS", "AmazonSQS", "AmazonSQSException",
                                    "Sqs", "Sqs", "SqsException"};

/* ---- the state file's section ---- */

static bool sqs_name_valid(const char *name)
{
    return msg_store_name_ok(name, SQS_NAME_MAX);
}

static bool sqs_record_valid(const jv *record, char *err, size_t n)
{
    const jv *attrs = jv_object_get(record, "MessageAttributes");
    return !attrs || msg_attrs_check(attrs, false, err, n);
}

static const msg_field sqs_fields[] = {
    {"MessageId", JV_STRING, true},
    {"Body", JV_STRING, true},
    {"MessageAttributes", JV_OBJECT, false},
    {"MessageGroupId", JV_STRING, false},
    {"MessageDeduplicationId", JV_STRING, false},
    {"SequenceNumber", JV_STRING, false},
    {"SentTimestamp", JV_NUMBER, false},
    {"TaskToken", JV_STRING, false},
    {"ReceiptHandle", JV_STRING, false},
    {"VisibleAfter", JV_NUMBER, false},
    {"ReceiveCount", JV_NUMBER, false},
    {"FirstReceiveTimestamp", JV_NUMBER, false},
};

static const msg_spec sqs_store_spec = {
    "sqs", "queue", "message", sqs_fields, sizeof sqs_fields / sizeof sqs_fields[0],
    sqs_name_valid, "1 to 80 letters, digits, '-' or '_', a FIFO queue's ending in \".fifo\"",
    sqs_record_valid,
};

const msg_spec *sqs_spec(void)
{
    return &sqs_store_spec;
}

/* ---- errors ---- */

static task_answer_kind sqs_fail(sqs_request *r, const char *exception, const char *code,
                                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static task_answer_kind sqs_fail(sqs_request *r, const char *exception, const char *code,
                                 const char *fmt, ...)
{
    char msg[SQS_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return svc_fail(r->out, &sqs_names, r->sdk, exception, 400, code, r->request_id, msg);
}

static task_answer_kind sqs_missing(sqs_request *r, const char *param)
{
    return sqs_fail(r, NULL, "MissingParameter", "The request must contain the parameter %s.",
                    param);
}

/* ---- parameters ---- */

/* The queue of QueueUrl (its last path segment); an error answered when there is none. */
static bool sqs_queue_param(sqs_request *r, task_answer_kind *k)
{
    const jv *url = svc_param(r->call, "QueueUrl");
    if (!url || jv_is_null(url)) {
        *k = sqs_missing(r, "QueueUrl");
        return false;
    }
    const char *u = jv_is_string(url) ? jv_string_value(url) : "";
    const char *host = !strncmp(u, "https://", 8) ? u + 8 : !strncmp(u, "http://", 7) ? u + 7
                                                                                       : NULL;
    const char *slash = host ? strchr(host, '/') : NULL;
    const char *name = host ? strrchr(host, '/') : NULL;
    if (!jv_is_string(url) || !slash || slash == host || !name[1]) {
        r->out->kind = TASK_ERROR;
        asl_error_set(&r->out->error, r->sdk ? "Sqs.SdkClientException" : "SQS.SdkClientException",
                      "Unable to execute HTTP request: QueueUrl %s%s%s is not a queue URL "
                      "(https://HOST/ACCOUNT/QUEUE)", jv_is_string(url) ? "'" : "",
                      jv_is_string(url) ? u : jv_kind_name(jv_kind_of(url)),
                      jv_is_string(url) ? "'" : "");
        *k = TASK_ERROR;
        return false;
    }
    bool ok = sqs_name_valid(name + 1);
    bool created = false;
    if (ok) {
        snprintf(r->queue, sizeof r->queue, "%s", name + 1);
        ok = msg_store_open(r->store, r->queue, &created);
    }
    if (!ok) {
        *k = sqs_fail(r, "QueueDoesNotExistException", "AWS.SimpleQueueService.NonExistentQueue",
                      "The specified queue does not exist.");
        return false;
    }
    if (created)
        snprintf(r->note, sizeof r->note, "queue '%s' created on first use (the services state "
                 "declares no \"sqs\" section)", r->queue);
    r->fifo = msg_store_name_fifo(r->queue);
    return true;
}

/* An optional whole number in [lo, hi]; *v keeps its default when absent. */
static bool sqs_int_param(sqs_request *r, const char *name, long lo, long hi, long *v,
                          task_answer_kind *k)
{
    const jv *p = svc_param(r->call, name);
    if (!p || jv_is_null(p))
        return true;
    double d = jv_is_number(p) ? jv_number_value(p) : -1e18;
    if (!jv_is_integer(p) || d < lo || d > hi) {
        char *text = jv_dump_string(p, 0);
        *k = sqs_fail(r, NULL, "InvalidParameterValue", "Value %.100s for parameter %s is "
                      "invalid. Reason: Must be between %ld and %ld, if provided.", text, name,
                      lo, hi);
        engine_free(text);
        return false;
    }
    *v = (long)d;
    return true;
}

/* An optional string parameter (NULL when absent). */
static bool sqs_string_param(sqs_request *r, const char *name, const char **v,
                             task_answer_kind *k)
{
    const jv *p = svc_param(r->call, name);
    *v = NULL;
    if (!p || jv_is_null(p))
        return true;
    if (!jv_is_string(p)) {
        *k = sqs_fail(r, NULL, "InvalidParameterValue", "Value for parameter %s is invalid. "
                      "Reason: it must be a string, not %s.", name, jv_kind_name(jv_kind_of(p)));
        return false;
    }
    *v = jv_string_value(p);
    return true;
}

static bool sqs_known_params(sqs_request *r, const char *const *allowed, task_answer_kind *k)
{
    const char *bad = svc_unknown_param(r->call, allowed);
    if (!bad)
        return true;
    *k = sqs_fail(r, NULL, "InvalidParameterValue", "Unknown parameter %s for %s%s.", bad,
                  r->sdk ? "aws-sdk:sqs:" : "sqs:",
                  r->action == Q_SEND ? "sendMessage" : r->action == Q_RECEIVE ? "receiveMessage"
                                                                               : "deleteMessage");
    return false;
}

/* ---- sendMessage ---- */

/* The body: a string as given; the optimized integration sends any other JSON value as
 * its text (AWS does the same). */
static char *sqs_body(sqs_request *r, task_answer_kind *k)
{
    const jv *b = svc_param(r->call, "MessageBody");
    if (!b || jv_is_null(b)) {
        *k = sqs_missing(r, "MessageBody");
        return NULL;
    }
    if (!jv_is_string(b) && r->sdk) {
        *k = sqs_fail(r, NULL, "InvalidParameterValue", "Value for parameter MessageBody is "
                      "invalid. Reason: it must be a string, not %s.", jv_kind_name(jv_kind_of(b)));
        return NULL;
    }
    char *body = jv_is_string(b) ? engine_strdup(jv_string_value(b)) : jv_dump_string(b, 0);
    size_t len = strlen(body);
    if (len == 0 || len > SQS_BODY_MAX) {
        *k = len ? sqs_fail(r, NULL, "InvalidParameterValue", "One or more parameters are "
                            "invalid. Reason: Message must be shorter than %d bytes.", SQS_BODY_MAX)
                 : sqs_missing(r, "MessageBody");
        engine_free(body);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)body[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            *k = sqs_fail(r, NULL, "InvalidMessageContents", "Invalid binary character '#x%X' "
                          "was found in the message body, the set of allowed characters is #x9 | "
                          "#xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF", c);
            engine_free(body);
            return NULL;
        }
    }
    return body;
}

typedef struct {
    const char *group, *dedup;
    long delay;
    const jv *attrs;
} sqs_send_opts;

static bool sqs_send_params(sqs_request *r, sqs_send_opts *o, task_answer_kind *k)
{
    memset(o, 0, sizeof *o);
    if (!sqs_string_param(r, "MessageGroupId", &o->group, k) ||
        !sqs_string_param(r, "MessageDeduplicationId", &o->dedup, k) ||
        !sqs_int_param(r, "DelaySeconds", 0, 900, &o->delay, k))
        return false;
    o->attrs = svc_param(r->call, "MessageAttributes");
    char msg[SQS_MSG_MAX];
    if (o->attrs && !msg_attrs_check(o->attrs, false, msg, sizeof msg)) {
        *k = sqs_fail(r, NULL, "InvalidParameterValue", "%s", msg);
        return false;
    }
    if (r->fifo && !o->group) {
        *k = sqs_missing(r, "MessageGroupId");
        return false;
    }
    if (r->fifo && !o->dedup) {
        *k = sqs_fail(r, NULL, "InvalidParameterValue", "The queue should either have "
                      "ContentBasedDeduplication enabled or MessageDeduplicationId provided "
                      "explicitly");
        return false;
    }
    if (!r->fifo && (o->group || o->dedup)) {
        *k = sqs_fail(r, NULL, "InvalidParameterValue", "The request include parameter that is "
                      "not valid for this queue type");
        return false;
    }
    if (r->fifo && o->delay) {
        *k = sqs_fail(r, NULL, "InvalidParameterValue", "Value %ld for parameter DelaySeconds is "
                      "invalid. Reason: The request include parameter that is not valid for this "
                      "queue type.", o->delay);
        return false;
    }
    return true;
}

static jv *sqs_message(sqs_request *r, const char *body, const sqs_send_opts *o,
                       const char *id, const char *seq)
{
    jv *m = jv_object_set_take(jv_object(), "MessageId", jv_string(id));
    m = jv_object_set_take(m, "Body", jv_string(body));
    if (o->attrs)
        m = jv_object_set(m, "MessageAttributes", o->attrs);
    if (o->group)
        m = jv_object_set_take(m, "MessageGroupId", jv_string(o->group));
    if (o->dedup)
        m = jv_object_set_take(m, "MessageDeduplicationId", jv_string(o->dedup));
    if (seq)
        m = jv_object_set_take(m, "SequenceNumber", jv_string(seq));
    m = jv_object_set_take(m, "SentTimestamp", jv_number((double)r->call->now_ms));
    if (o->delay)
        m = jv_object_set_take(m, "VisibleAfter",
                               jv_number((double)(r->call->now_ms + o->delay * 1000)));
    if (r->call->task_token)
        m = jv_object_set_take(m, "TaskToken", jv_string(r->call->task_token));
    return m;
}

/* The result: MD5OfMessageAttributes?, MD5OfMessageBody, MessageId, SequenceNumber? (the
 * optimized names; aws-sdk's are Md5Of...), with SDK v1 metadata for the optimized form. */
static task_answer_kind sqs_send_result(sqs_request *r, const jv *message)
{
    char md5[33];
    const jv *attrs = jv_object_get(message, "MessageAttributes");
    const jv *seq = jv_object_get(message, "SequenceNumber");
    const jv *body = jv_object_get(message, "Body");
    jv *res = jv_object();
    if (attrs && jv_object_size(attrs)) {
        msg_attrs_md5(attrs, md5);
        res = jv_object_set_take(res, r->sdk ? "Md5OfMessageAttributes" : "MD5OfMessageAttributes",
                                 jv_string(md5));
    }
    objstore_md5_hex(jv_string_value(body), jv_string_length(body), md5);
    res = jv_object_set_take(res, r->sdk ? "Md5OfMessageBody" : "MD5OfMessageBody", jv_string(md5));
    res = jv_object_set(res, "MessageId", jv_object_get(message, "MessageId"));
    if (seq)
        res = jv_object_set(res, "SequenceNumber", seq);
    r->out->kind = TASK_RESULT;
    if (r->sdk) {
        r->out->result = res;
        return TASK_RESULT;
    }
    /* Content-Length: the body's length, counted without writing it */
    svc_http h = {"application/x-amz-json-1.0", r->request_id, "x-amzn-RequestId",
                  jv_serialized_size(res), false, 0, false, "connection"};
    r->out->result = svc_with_metadata(res, &h, r->call->now_ms, msg_store_meta(r->store));
    return TASK_RESULT;
}

static task_answer_kind sqs_send(sqs_request *r)
{
    static const char *const allowed[] = {"QueueUrl", "MessageBody", "DelaySeconds",
                                          "MessageAttributes", "MessageSystemAttributes",
                                          "MessageDeduplicationId", "MessageGroupId", NULL};
    task_answer_kind k = TASK_ERROR;
    sqs_send_opts o;
    if (!sqs_known_params(r, allowed, &k) || !sqs_queue_param(r, &k))
        return k;
    char *body = sqs_body(r, &k);
    if (!body)
        return k;
    if (!sqs_send_params(r, &o, &k)) {
        engine_free(body);
        return k;
    }
    char seq[24] = "";
    const jv *dup =
        r->fifo ? msg_store_fifo_send(r->store, r->queue, o.dedup, r->call->now_ms, seq) : NULL;
    if (dup) { /* answered from the store as it is: dup stays valid */
        engine_free(body);
        snprintf(r->note, sizeof r->note, "a duplicate of message %s "
                 "(MessageDeduplicationId '%s' within 5 minutes): not queued again",
                 jv_string_value(jv_object_get(dup, "MessageId")), o.dedup);
        return sqs_send_result(r, dup);
    }
    char id[37];
    svc_uuid(r->call, id);
    jv *m = sqs_message(r, body, &o, id, r->fifo ? seq : NULL);
    engine_free(body);
    msg_store_append(r->store, r->queue, m);
    k = sqs_send_result(r, m);
    jv_unref(m);
    return k;
}

/* ---- receiveMessage ---- */

static bool sqs_visible(const jv *m, int64_t now)
{
    const jv *after = jv_object_get(m, "VisibleAfter");
    return !after || (int64_t)jv_number_value(after) <= now;
}

/* A FIFO message waits while an earlier one of its group is still in the queue (received
 * or not): a group delivers one message at a time, in order. */
static bool sqs_group_blocked(const jv *records, size_t i)
{
    const jv *g = jv_object_get(jv_array_get(records, i), "MessageGroupId");
    for (size_t j = 0; g && j < i; j++) {
        const jv *eg = jv_object_get(jv_array_get(records, j), "MessageGroupId");
        if (eg && !strcmp(jv_string_value(eg), jv_string_value(g)))
            return true;
    }
    return false;
}

/* Whether list (AttributeNames, MessageAttributeNames: an array of strings) asks for name. */
static bool sqs_asks(const jv *list, const char *name)
{
    for (size_t i = 0; list && jv_is_array(list) && i < jv_array_length(list); i++) {
        const jv *e = jv_array_get(list, i);
        if (!jv_is_string(e))
            continue;
        const char *s = jv_string_value(e);
        size_t n = strlen(s);
        if (!strcmp(s, "All") || !strcmp(s, ".*") || !strcmp(s, name) ||
            (n > 2 && !strcmp(s + n - 2, ".*") && !strncmp(s, name, n - 2)))
            return true;
    }
    return false;
}

static jv *sqs_number_text(jv *attrs, const jv *list, const char *name, const jv *v)
{
    if (!v || !sqs_asks(list, name))
        return attrs;
    if (jv_is_string(v))
        return jv_object_set(attrs, name, v);
    return jv_object_set_take(attrs, name, jv_string_fmt("%.0f", jv_number_value(v)));
}

/* The system attributes AttributeNames / MessageSystemAttributeNames ask for. */
static jv *sqs_system_attributes(const jv *m, const jv *list)
{
    jv *a = jv_object();
    a = sqs_number_text(a, list, "SentTimestamp", jv_object_get(m, "SentTimestamp"));
    a = sqs_number_text(a, list, "ApproximateReceiveCount", jv_object_get(m, "ReceiveCount"));
    a = sqs_number_text(a, list, "ApproximateFirstReceiveTimestamp",
                        jv_object_get(m, "FirstReceiveTimestamp"));
    a = sqs_number_text(a, list, "MessageGroupId", jv_object_get(m, "MessageGroupId"));
    a = sqs_number_text(a, list, "MessageDeduplicationId",
                        jv_object_get(m, "MessageDeduplicationId"));
    a = sqs_number_text(a, list, "SequenceNumber", jv_object_get(m, "SequenceNumber"));
    return a;
}

/* The message as receiveMessage returns it (SDK v2 names). */
static jv *sqs_received(const jv *m, const jv *names, const jv *attr_names)
{
    char md5[33];
    const jv *body = jv_object_get(m, "Body");
    jv *o = jv_object_set(jv_object(), "MessageId", jv_object_get(m, "MessageId"));
    o = jv_object_set(o, "ReceiptHandle", jv_object_get(m, "ReceiptHandle"));
    objstore_md5_hex(jv_string_value(body), jv_string_length(body), md5);
    o = jv_object_set_take(o, "Md5OfBody", jv_string(md5));
    o = jv_object_set(o, "Body", body);
    jv *sys = sqs_system_attributes(m, names);
    if (jv_object_size(sys))
        o = jv_object_set(o, "Attributes", sys);
    jv_unref(sys);
    const jv *attrs = jv_object_get(m, "MessageAttributes");
    jv *chosen = jv_object();
    for (size_t i = 0; attrs && i < jv_object_size(attrs); i++) {
        const char *name = jv_string_value(jv_object_key_at(attrs, i));
        if (sqs_asks(attr_names, name))
            chosen = jv_object_set(chosen, name, jv_object_value_at(attrs, i));
    }
    if (jv_object_size(chosen)) {
        msg_attrs_md5(chosen, md5);
        o = jv_object_set_take(o, "Md5OfMessageAttributes", jv_string(md5));
        o = jv_object_set(o, "MessageAttributes", chosen);
    }
    jv_unref(chosen);
    return o;
}

/* The message, now in flight: a new receipt handle, hidden until the timeout. */
static jv *sqs_take(sqs_request *r, const jv *m, long visibility)
{
    char handle[SQS_HANDLE_RANDOM + 5] = "AQEB";
    svc_request_id(r->call, handle + 4, SQS_HANDLE_RANDOM);
    const jv *count = jv_object_get(m, "ReceiveCount");
    jv *t = jv_object_set_take(jv_ref(m), "ReceiptHandle", jv_string(handle));
    t = jv_object_set_take(t, "VisibleAfter",
                           jv_number((double)(r->call->now_ms + visibility * 1000)));
    t = jv_object_set_take(t, "ReceiveCount",
                           jv_number(count ? jv_number_value(count) + 1 : 1));
    if (!jv_object_has(t, "FirstReceiveTimestamp"))
        t = jv_object_set_take(t, "FirstReceiveTimestamp", jv_number((double)r->call->now_ms));
    return t;
}

static task_answer_kind sqs_receive(sqs_request *r)
{
    static const char *const allowed[] = {"QueueUrl", "AttributeNames", "MessageAttributeNames",
                                          "MessageSystemAttributeNames", "MaxNumberOfMessages",
                                          "VisibilityTimeout", "WaitTimeSeconds",
                                          "ReceiveRequestAttemptId", NULL};
    task_answer_kind k = TASK_ERROR;
    long max = 1, visibility = 30, wait = 0;
    if (!sqs_known_params(r, allowed, &k) || !sqs_queue_param(r, &k) ||
        !sqs_int_param(r, "MaxNumberOfMessages", 1, 10, &max, &k) ||
        !sqs_int_param(r, "VisibilityTimeout", 0, 43200, &visibility, &k) ||
        !sqs_int_param(r, "WaitTimeSeconds", 0, 20, &wait, &k))
        return k;
    const jv *names = svc_param(r->call, "AttributeNames");
    if (!names)
        names = svc_param(r->call, "MessageSystemAttributeNames");
    const jv *attr_names = svc_param(r->call, "MessageAttributeNames");
    const jv *records = msg_store_records(r->store, r->queue);
    jv *kept = jv_array(), *got = jv_array();
    for (size_t i = 0; i < jv_array_length(records); i++) {
        const jv *m = jv_array_get(records, i);
        bool take = (long)jv_array_length(got) < max && sqs_visible(m, r->call->now_ms) &&
                    !(r->fifo && sqs_group_blocked(records, i));
        if (!take) {
            kept = jv_array_append(kept, m);
            continue;
        }
        jv *t = sqs_take(r, m, visibility);
        got = jv_array_append_take(got, sqs_received(t, names, attr_names));
        kept = jv_array_append_take(kept, t);
    }
    msg_store_replace_take(r->store, r->queue, kept);
    snprintf(r->note + strlen(r->note), sizeof r->note - strlen(r->note), "%s%zu message(s) "
             "received from '%s'%s", r->note[0] ? "; " : "", jv_array_length(got), r->queue,
             wait ? " (WaitTimeSeconds does not wait: the queue is local)" : "");
    r->out->kind = TASK_RESULT;
    r->out->result = jv_array_length(got) ? jv_object_set(jv_object(), "Messages", got)
                                          : jv_object();
    jv_unref(got);
    return TASK_RESULT;
}

/* ---- deleteMessage ---- */

static bool sqs_handle_ours(const char *h)
{
    return strlen(h) == SQS_HANDLE_RANDOM + 4 && !strncmp(h, "AQEB", 4) &&
           strspn(h + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == SQS_HANDLE_RANDOM;
}

static task_answer_kind sqs_delete(sqs_request *r)
{
    static const char *const allowed[] = {"QueueUrl", "ReceiptHandle", NULL};
    task_answer_kind k = TASK_ERROR;
    const char *handle;
    if (!sqs_known_params(r, allowed, &k) || !sqs_queue_param(r, &k) ||
        !sqs_string_param(r, "ReceiptHandle", &handle, &k))
        return k;
    if (!handle)
        return sqs_missing(r, "ReceiptHandle");
    if (!sqs_handle_ours(handle))
        return sqs_fail(r, "ReceiptHandleIsInvalidException", "ReceiptHandleIsInvalid",
                        "The input receipt handle \"%.200s\" is not a valid receipt handle.",
                        handle);
    const jv *records = msg_store_records(r->store, r->queue);
    jv *kept = jv_array();
    const char *deleted = NULL;
    for (size_t i = 0; i < jv_array_length(records); i++) {
        const jv *m = jv_array_get(records, i);
        const jv *h = jv_object_get(m, "ReceiptHandle");
        if (!deleted && h && !strcmp(jv_string_value(h), handle))
            deleted = jv_string_value(jv_object_get(m, "MessageId"));
        else
            kept = jv_array_append(kept, m);
    }
    if (deleted)
        snprintf(r->note, sizeof r->note, "message %s deleted from '%s'", deleted, r->queue);
    else
        snprintf(r->note, sizeof r->note, "no message of '%s' has this receipt handle (an older "
                 "one, or deleted already): nothing deleted", r->queue);
    msg_store_replace_take(r->store, r->queue, kept);
    r->out->kind = TASK_RESULT;
    r->out->result = jv_object();
    return TASK_RESULT;
}

/* ---- dispatch ---- */

static sqs_action sqs_action_of(const asl_resource_info *info, bool *sdk)
{
    static const svc_action actions[] = {
        {"sendMessage", Q_SEND, false},
        {"receiveMessage", Q_RECEIVE, true},
        {"deleteMessage", Q_DELETE, true},
    };
    return (sqs_action)svc_action_find(info, "sqs", "aws-sdk:sqs", actions,
                                       sizeof actions / sizeof actions[0], sdk, Q_UNKNOWN);
}

task_answer_kind sqs_service_resolve(void *user, const task_call *call, task_answer *out)
{
    sqs_request r;
    memset(&r, 0, sizeof r);
    r.action = sqs_action_of(&call->info, &r.sdk);
    if (r.action == Q_UNKNOWN)
        return TASK_NO_ANSWER;
    r.store = user;
    r.call = call;
    r.out = out;
    out->final = false;
    svc_uuid(call, r.request_id);
    task_answer_kind k = r.action == Q_SEND      ? sqs_send(&r)
                         : r.action == Q_RECEIVE ? sqs_receive(&r)
                                                 : sqs_delete(&r);
    char source[300];
    snprintf(source, sizeof source, "the local SQS: %.*s %s", (int)call->info.action_len,
             call->info.action, r.queue[0] ? r.queue : "?");
    out->source = engine_strdup(source);
    if (r.note[0])
        out->log = engine_strdup(r.note);
    return k;
}
