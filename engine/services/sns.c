/* sns — SNS publish (optimized and aws-sdk) on the embedded topics. */
#include "services/sns.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jv_text.h"
#include "services/msg_attrs.h"
#include "services/svc_common.h"
#include "services/svc_meta.h"

#define SNS_MESSAGE_MAX 262144
#define SNS_NAME_MAX 256
#define SNS_SUBJECT_MAX 100
#define SNS_MSG_MAX 1024

typedef enum { N_PUBLISH, N_UNKNOWN } sns_action;

typedef struct {
    msg_store *store;
    const task_call *call;
    task_answer *out;
    bool sdk;
    char topic[SNS_NAME_MAX + 1];
    bool fifo;
    char request_id[37];
    char note[SNS_NAME_MAX + 200];
} sns_request;

static const svc_names sns_names = {"SNS", "AmazonSNS", "AmazonSNSException",
                                    "Sns", "Sns", "SnsException"};

/* ---- the state file's section ---- */

static bool sns_name_valid(const char *name)
{
    return msg_store_name_ok(name, SNS_NAME_MAX);
}

static bool sns_record_valid(const jv *record, char *err, size_t n)
{
    const jv *attrs = jv_object_get(record, "MessageAttributes");
    return !attrs || msg_attrs_check(attrs, true, err, n);
}

static const msg_field sns_fields[] = {
    {"MessageId", JV_STRING, true},
    {"Message", JV_STRING, true},
    {"Subject", JV_STRING, false},
    {"MessageStructure", JV_STRING, false},
    {"MessageAttributes", JV_OBJECT, false},
    {"MessageGroupId", JV_STRING, false},
    {"MessageDeduplicationId", JV_STRING, false},
    {"SequenceNumber", JV_STRING, false},
    {"Timestamp", JV_STRING, false},
    {"SentTimestamp", JV_NUMBER, false},
    {"TaskToken", JV_STRING, false},
};

static const msg_spec sns_store_spec = {
    "sns", "topic", "notification", sns_fields, sizeof sns_fields / sizeof sns_fields[0],
    sns_name_valid, "1 to 256 letters, digits, '-' or '_', a FIFO topic's ending in \".fifo\"",
    sns_record_valid,
};

const msg_spec *sns_spec(void)
{
    return &sns_store_spec;
}

/* ---- errors ---- */

static task_answer_kind sns_invalid(sns_request *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* InvalidParameter: "Invalid parameter: ..." with status 400. */
static task_answer_kind sns_invalid(sns_request *r, const char *fmt, ...)
{
    char msg[SNS_MSG_MAX], what[SNS_MSG_MAX - 32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "Invalid parameter: %s", what);
    return svc_fail(r->out, &sns_names, r->sdk, "InvalidParameterException", 400,
                    "InvalidParameter", r->request_id, msg);
}

/* ---- parameters ---- */

static bool sns_topic_param(sns_request *r, task_answer_kind *k)
{
    const jv *arn = svc_param(r->call, "TopicArn");
    const char *which = "TopicArn";
    if (!arn || jv_is_null(arn)) {
        arn = svc_param(r->call, "TargetArn");
        which = "TargetArn";
    }
    const jv *phone = svc_param(r->call, "PhoneNumber");
    if (phone && !jv_is_null(phone)) {
        *k = sns_invalid(r, "PhoneNumber (the local SNS publishes to topics only)");
        return false;
    }
    if (!arn || jv_is_null(arn)) {
        *k = sns_invalid(r, "TopicArn or TargetArn Reason: no value for required parameter");
        return false;
    }
    const char *name = jv_is_string(arn) ? svc_arn_name(jv_string_value(arn)) : NULL;
    if (!name || strncmp(jv_string_value(arn), "arn:aws:sns:", 12) || !sns_name_valid(name)) {
        *k = sns_invalid(r, "%s", which);
        return false;
    }
    bool created;
    snprintf(r->topic, sizeof r->topic, "%s", name);
    if (!msg_store_open(r->store, r->topic, &created)) {
        *k = svc_fail(r->out, &sns_names, r->sdk, "NotFoundException", 404, "NotFound",
                      r->request_id, "Topic does not exist");
        return false;
    }
    if (created)
        snprintf(r->note, sizeof r->note, "topic '%s' created on first use (the services state "
                 "declares no \"sns\" section)", r->topic);
    r->fifo = msg_store_name_fifo(r->topic);
    return true;
}

static bool sns_string_param(sns_request *r, const char *name, const char **v,
                             task_answer_kind *k)
{
    const jv *p = svc_param(r->call, name);
    *v = NULL;
    if (!p || jv_is_null(p))
        return true;
    if (!jv_is_string(p)) {
        *k = sns_invalid(r, "%s Reason: must be a string, not %s", name,
                         jv_kind_name(jv_kind_of(p)));
        return false;
    }
    *v = jv_string_value(p);
    return true;
}

/* MessageStructure "json": a JSON object with a "default" string. */
static bool sns_structure_ok(sns_request *r, const char *message, task_answer_kind *k)
{
    jv *doc = jv_parse_cstr(message, NULL);
    bool ok = doc && jv_is_object(doc);
    const jv *def = ok ? jv_object_get(doc, "default") : NULL;
    if (!ok)
        *k = sns_invalid(r, "Message Structure - JSON message body failed to parse");
    else if (!def || !jv_is_string(def))
        *k = sns_invalid(r, "Message Structure - No default entry in JSON message body");
    jv_unref(doc);
    return ok && def && jv_is_string(def);
}

/* The message: a string as given; the optimized integration publishes any other JSON
 * value as its text. */
static char *sns_message(sns_request *r, task_answer_kind *k)
{
    const jv *m = svc_param(r->call, "Message");
    if (!m || jv_is_null(m)) {
        *k = sns_invalid(r, "Message Reason: no value for required parameter");
        return NULL;
    }
    if (!jv_is_string(m) && r->sdk) {
        *k = sns_invalid(r, "Message Reason: must be a string, not %s",
                         jv_kind_name(jv_kind_of(m)));
        return NULL;
    }
    char *text = jv_is_string(m) ? engine_strdup(jv_string_value(m)) : jv_dump_string(m, 0);
    size_t len = strlen(text);
    if (len == 0 || len > SNS_MESSAGE_MAX) {
        *k = sns_invalid(r, len ? "Message too long" : "Empty message");
        engine_free(text);
        return NULL;
    }
    return text;
}

typedef struct {
    const char *subject, *structure, *group, *dedup;
    const jv *attrs;
} sns_opts;

static bool sns_subject_ok(sns_request *r, const char *subject, task_answer_kind *k)
{
    size_t len = strlen(subject);
    bool ok = len > 0 && len <= SNS_SUBJECT_MAX;
    for (size_t i = 0; ok && i < len; i++)
        ok = (unsigned char)subject[i] >= 0x20 && (unsigned char)subject[i] < 0x7f;
    if (!ok)
        *k = sns_invalid(r, "Subject (1 to %d printable ASCII characters, no line breaks)",
                         SNS_SUBJECT_MAX);
    return ok;
}

static bool sns_fifo_ok(sns_request *r, const sns_opts *o, task_answer_kind *k)
{
    if (r->fifo && !o->group)
        *k = sns_invalid(r, "The MessageGroupId parameter is required for FIFO topics");
    else if (r->fifo && !o->dedup)
        *k = sns_invalid(r, "The topic should either have ContentBasedDeduplication enabled or "
                         "MessageDeduplicationId provided explicitly");
    else if (!r->fifo && o->dedup)
        *k = sns_invalid(r, "MessageDeduplicationId Reason: The request includes "
                         "MessageDeduplicationId parameter that is not valid for this topic type");
    else
        return true;
    return false;
}

static bool sns_options(sns_request *r, const char *message, sns_opts *o, task_answer_kind *k)
{
    memset(o, 0, sizeof *o);
    if (!sns_string_param(r, "Subject", &o->subject, k) ||
        !sns_string_param(r, "MessageStructure", &o->structure, k) ||
        !sns_string_param(r, "MessageGroupId", &o->group, k) ||
        !sns_string_param(r, "MessageDeduplicationId", &o->dedup, k))
        return false;
    if (o->subject && !sns_subject_ok(r, o->subject, k))
        return false;
    if (o->structure && strcmp(o->structure, "json")) {
        *k = sns_invalid(r, "MessageStructure Reason: only \"json\" is a message structure");
        return false;
    }
    if (o->structure && !sns_structure_ok(r, message, k))
        return false;
    o->attrs = svc_param(r->call, "MessageAttributes");
    char msg[SNS_MSG_MAX];
    if (o->attrs && !msg_attrs_check(o->attrs, true, msg, sizeof msg)) {
        *k = sns_invalid(r, "MessageAttributes Reason: %s", msg);
        return false;
    }
    return sns_fifo_ok(r, o, k);
}

/* ---- publish ---- */

static jv *sns_record(sns_request *r, const char *message, const sns_opts *o, const char *id,
                      const char *seq)
{
    char when[40];
    svc_iso_time(r->call->now_ms, when, sizeof when);
    jv *m = jv_object_set_take(jv_object(), "MessageId", jv_string(id));
    m = jv_object_set_take(m, "Message", jv_string(message));
    const char *strings[][2] = {{"Subject", o->subject}, {"MessageStructure", o->structure},
                                {"MessageGroupId", o->group},
                                {"MessageDeduplicationId", o->dedup}, {"SequenceNumber", seq}};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        if (strings[i][1])
            m = jv_object_set_take(m, strings[i][0], jv_string(strings[i][1]));
    if (o->attrs)
        m = jv_object_set(m, "MessageAttributes", o->attrs);
    m = jv_object_set_take(m, "Timestamp", jv_string(when));
    m = jv_object_set_take(m, "SentTimestamp", jv_number((double)r->call->now_ms));
    if (r->call->task_token)
        m = jv_object_set_take(m, "TaskToken", jv_string(r->call->task_token));
    return m;
}

/* The length of SNS's XML answer to Publish (what Content-Length counts). */
static size_t sns_xml_length(const char *id, const char *seq, const char *request_id)
{
    char xml[1024];
    int n = snprintf(xml, sizeof xml,
                     "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n"
                     "  <PublishResult>\n    <MessageId>%s</MessageId>\n%s%s%s"
                     "  </PublishResult>\n  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n"
                     "  </ResponseMetadata>\n</PublishResponse>\n", id,
                     seq ? "    <SequenceNumber>" : "", seq ? seq : "",
                     seq ? "</SequenceNumber>\n" : "", request_id);
    return n > 0 ? (size_t)n : 0;
}

static task_answer_kind sns_result(sns_request *r, const jv *record)
{
    const jv *id = jv_object_get(record, "MessageId");
    const jv *seq = jv_object_get(record, "SequenceNumber");
    jv *res = jv_object_set(jv_object(), "MessageId", id);
    if (seq)
        res = jv_object_set(res, "SequenceNumber", seq);
    r->out->kind = TASK_RESULT;
    if (r->sdk) {
        r->out->result = res;
        return TASK_RESULT;
    }
    svc_http h = {"text/xml", r->request_id, "x-amzn-RequestId",
                  sns_xml_length(jv_string_value(id), seq ? jv_string_value(seq) : NULL,
                                 r->request_id),
                  false, 0, false, "connection"};
    r->out->result = svc_with_metadata(res, &h, r->call->now_ms, msg_store_meta(r->store));
    return TASK_RESULT;
}

static task_answer_kind sns_publish(sns_request *r)
{
    static const char *const allowed[] = {"TopicArn", "TargetArn", "PhoneNumber", "Message",
                                          "Subject", "MessageStructure", "MessageAttributes",
                                          "MessageGroupId", "MessageDeduplicationId", NULL};
    task_answer_kind k = TASK_ERROR;
    const char *unknown = svc_unknown_param(r->call, allowed);
    if (unknown)
        return sns_invalid(r, "%s Reason: publish has no such parameter", unknown);
    if (!sns_topic_param(r, &k))
        return k;
    char *message = sns_message(r, &k);
    if (!message)
        return k;
    sns_opts o;
    if (!sns_options(r, message, &o, &k)) {
        engine_free(message);
        return k;
    }
    char seq[24] = "";
    const jv *dup =
        r->fifo ? msg_store_fifo_send(r->store, r->topic, o.dedup, r->call->now_ms, seq) : NULL;
    if (dup) { /* answered from the store as it is: dup stays valid */
        engine_free(message);
        snprintf(r->note, sizeof r->note, "a duplicate of notification %s "
                 "(MessageDeduplicationId '%s' within 5 minutes): not published again",
                 jv_string_value(jv_object_get(dup, "MessageId")), o.dedup);
        return sns_result(r, dup);
    }
    char id[37];
    svc_uuid(r->call, id);
    jv *record = sns_record(r, message, &o, id, r->fifo ? seq : NULL);
    engine_free(message);
    msg_store_append(r->store, r->topic, record);
    k = sns_result(r, record);
    jv_unref(record);
    return k;
}

task_answer_kind sns_service_resolve(void *user, const task_call *call, task_answer *out)
{
    static const svc_action actions[] = {{"publish", N_PUBLISH, false}};
    sns_request r;
    memset(&r, 0, sizeof r);
    if (svc_action_find(&call->info, "sns", "aws-sdk:sns", actions, 1, &r.sdk, N_UNKNOWN) ==
        N_UNKNOWN)
        return TASK_NO_ANSWER;
    r.store = user;
    r.call = call;
    r.out = out;
    out->final = false;
    svc_uuid(call, r.request_id);
    task_answer_kind k = sns_publish(&r);
    char source[320];
    snprintf(source, sizeof source, "the local SNS: publish %s", r.topic[0] ? r.topic : "?");
    out->source = engine_strdup(source);
    if (r.note[0])
        out->log = engine_strdup(r.note);
    return k;
}
