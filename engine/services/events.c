/* events — EventBridge putEvents (optimized and aws-sdk) on the embedded event buses. */
#include "services/events.h"

#include <stdio.h>
#include <string.h>

#include "jv_text.h"
#include "services/svc_common.h"
#include "timeutil.h"

#define EV_ENTRIES_MAX 10
#define EV_REQUEST_MAX 262144
#define EV_BUS_MAX 256
#define EV_MSG_MAX 512

typedef enum { E_PUT, E_UNKNOWN } events_action;

typedef struct {
    msg_store *store;
    const task_call *call;
    task_answer *out;
    bool sdk;
    char request_id[37];
    strbuf note;
} events_request;

static const svc_names events_names = {"EventBridge", "AmazonEventBridge",
                                       "AmazonEventBridgeException", "EventBridge",
                                       "EventBridge", "EventBridgeException"};

/* ---- the state file's section ---- */

static bool events_bus_valid(const char *name)
{
    size_t len = strlen(name);
    return len >= 1 && len <= EV_BUS_MAX &&
           strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") ==
               len;
}

/* Whether text is a JSON object (what Detail must hold). */
static bool events_detail_ok(const char *text)
{
    jv *doc = jv_parse_cstr(text, NULL);
    bool ok = doc && jv_is_object(doc);
    jv_unref(doc);
    return ok;
}

static bool events_resources_ok(const jv *resources)
{
    if (!jv_is_array(resources))
        return false;
    for (size_t i = 0; i < jv_array_length(resources); i++)
        if (!jv_is_string(jv_array_get(resources, i)))
            return false;
    return true;
}

static bool events_record_valid(const jv *record, char *err, size_t n)
{
    const jv *resources = jv_object_get(record, "Resources");
    const jv *when = jv_object_get(record, "Time");
    asl_instant t;
    if (!events_detail_ok(jv_string_value(jv_object_get(record, "Detail"))))
        snprintf(err, n, "'Detail' must be the text of a JSON object");
    else if (resources && !events_resources_ok(resources))
        snprintf(err, n, "'Resources' must be a list of strings");
    else if (when && !timeutil_parse(jv_string_value(when), &t))
        snprintf(err, n, "'Time' must be a timestamp (2024-01-02T03:04:05Z)");
    else
        return true;
    return false;
}

static const msg_field events_fields[] = {
    {"EventId", JV_STRING, false},  {"Source", JV_STRING, true},
    {"DetailType", JV_STRING, true}, {"Detail", JV_STRING, true},
    {"Resources", JV_ARRAY, false}, {"Time", JV_STRING, false},
    {"TaskToken", JV_STRING, false},
};

static const msg_spec events_store_spec = {
    "events", "bus", "event", events_fields, sizeof events_fields / sizeof events_fields[0],
    events_bus_valid, "1 to 256 letters, digits, '/', '.', '-' or '_'", events_record_valid,
};

const msg_spec *events_spec(void)
{
    return &events_store_spec;
}

/* ---- one entry ---- */

/* An entry's failure: {ErrorCode, ErrorMessage}. */
static jv *events_entry_error(const char *code, const char *message)
{
    jv *e = jv_object_set_take(jv_object(), "ErrorCode", jv_string(code));
    return jv_object_set_take(e, "ErrorMessage", jv_string(message));
}

static jv *events_invalid(const char *field, const char *reason)
{
    char msg[EV_MSG_MAX];
    snprintf(msg, sizeof msg, "Parameter %s is not valid. Reason: %s", field, reason);
    return events_entry_error("InvalidArgument", msg);
}

/* A required string member: NULL with *err set when it is missing or no string. */
static const char *events_required(const jv *entry, const char *field, jv **err)
{
    const jv *v = jv_object_get(entry, field);
    char reason[128];
    if (v && jv_is_string(v) && jv_string_length(v))
        return jv_string_value(v);
    snprintf(reason, sizeof reason, v && !jv_is_null(v) && !jv_is_string(v)
                                        ? "%s must be a string."
                                        : "%s is a required argument.", field);
    *err = events_invalid(field, reason);
    return NULL;
}

/* The bus an entry names ("default" without EventBusName); NULL with *err set. */
static const char *events_bus(const jv *entry, char *buf, size_t n, jv **err)
{
    const jv *v = jv_object_get(entry, "EventBusName");
    if (!v || jv_is_null(v))
        return "default";
    const char *name = jv_is_string(v) ? jv_string_value(v) : "";
    const char *slash = !strncmp(name, "arn:", 4) ? strstr(name, ":event-bus/") : NULL;
    snprintf(buf, n, "%s", slash ? slash + 11 : name);
    if (!events_bus_valid(buf) || (!strncmp(name, "arn:", 4) && !slash)) {
        *err = events_invalid("EventBusName", "EventBusName is not a bus name or event-bus ARN.");
        return NULL;
    }
    return buf;
}

/* The entry's checked members as the stored event, or NULL with *err set. */
static jv *events_event(events_request *r, const jv *entry, jv **err)
{
    const char *source = events_required(entry, "Source", err);
    const char *type = source ? events_required(entry, "DetailType", err) : NULL;
    const jv *detail = type ? jv_object_get(entry, "Detail") : NULL;
    if (!type)
        return NULL;
    if (!detail || jv_is_null(detail)) {
        *err = events_invalid("Detail", "Detail is a required argument.");
        return NULL;
    }
    char *text = jv_is_string(detail) ? engine_strdup(jv_string_value(detail))
                 : r->sdk             ? engine_strdup("")
                                      : jv_dump_string(detail, 0);
    /* Detail given as JSON: an object's text is an object's (no need to read it back) */
    bool ok = jv_is_string(detail) ? events_detail_ok(text) : !r->sdk && jv_is_object(detail);
    const jv *resources = jv_object_get(entry, "Resources");
    const jv *when = jv_object_get(entry, "Time");
    asl_instant t;
    if (!ok)
        *err = events_entry_error("MalformedDetail", "Detail is malformed.");
    else if (resources && !events_resources_ok(resources))
        *err = events_invalid("Resources", "Resources must be a list of strings.");
    else if (when && (!jv_is_string(when) || !timeutil_parse(jv_string_value(when), &t)))
        *err = events_invalid("Time", "Time must be a timestamp.");
    if (*err) {
        engine_free(text);
        return NULL;
    }
    char now[40];
    svc_iso_time(r->call->now_ms, now, sizeof now);
    jv *e = jv_object_set_take(jv_object(), "Source", jv_string(source));
    e = jv_object_set_take(e, "DetailType", jv_string(type));
    e = jv_object_set_take(e, "Detail", jv_string(text));
    engine_free(text);
    if (resources)
        e = jv_object_set(e, "Resources", resources);
    e = when ? jv_object_set(e, "Time", when) : jv_object_set_take(e, "Time", jv_string(now));
    if (r->call->task_token)
        e = jv_object_set_take(e, "TaskToken", jv_string(r->call->task_token));
    return e;
}

/* Opens the entry's bus: "default" always exists; others by the section's rule. */
static bool events_open(events_request *r, const char *bus)
{
    bool created = false;
    bool ok = msg_store_open(r->store, bus, &created);
    if (!ok && !strcmp(bus, "default"))
        ok = created = msg_store_create(r->store, bus);
    if (created)
        strbuf_printf(&r->note, "%sbus '%s' created on first use", r->note.len ? "; " : "", bus);
    return ok;
}

/* Puts one entry; its answer ({EventId} or the error) is returned. */
static jv *events_put_entry(events_request *r, const jv *entry)
{
    jv *err = NULL;
    char buf[EV_BUS_MAX + 1];
    if (!jv_is_object(entry))
        return events_invalid("Entries", "an entry must be an object.");
    const char *bus = events_bus(entry, buf, sizeof buf, &err);
    jv *event = bus ? events_event(r, entry, &err) : NULL;
    if (!event)
        return err;
    if (!events_open(r, bus)) {
        char msg[EV_MSG_MAX];
        snprintf(msg, sizeof msg, "Event bus %s does not exist.", bus);
        jv_unref(event);
        return events_entry_error("ResourceNotFoundException", msg);
    }
    char id[37];
    svc_uuid(r->call, id);
    jv *stored = jv_object_set_take(jv_object(), "EventId", jv_string(id));
    for (size_t i = 0; i < jv_object_size(event); i++)
        stored = jv_object_set(stored, jv_string_value(jv_object_key_at(event, i)),
                               jv_object_value_at(event, i));
    jv_unref(event);
    msg_store_append(r->store, bus, stored);
    jv_unref(stored);
    return jv_object_set_take(jv_object(), "EventId", jv_string(id));
}

/* ---- the call ---- */

static task_answer_kind events_validation(events_request *r, const char *message)
{
    return svc_fail(r->out, &events_names, r->sdk, NULL, 400, "ValidationException",
                    r->request_id, message);
}

static task_answer_kind events_put(events_request *r)
{
    static const char *const allowed[] = {"Entries", NULL};
    const char *unknown = svc_unknown_param(r->call, allowed);
    char msg[EV_MSG_MAX];
    if (unknown) {
        snprintf(msg, sizeof msg, "putEvents has no parameter %.100s (the local EventBridge "
                 "takes Entries)", unknown);
        return events_validation(r, msg);
    }
    const jv *entries = svc_param(r->call, "Entries");
    if (!entries || !jv_is_array(entries))
        return events_validation(r, "1 validation error detected: Value null at 'entries' "
                                 "failed to satisfy constraint: Member must not be null");
    size_t n = jv_array_length(entries);
    if (n < 1 || n > EV_ENTRIES_MAX) {
        snprintf(msg, sizeof msg, "1 validation error detected: Value at 'entries' failed to "
                 "satisfy constraint: Member must have length %s", n ? "less than or equal to 10"
                                                                     : "greater than or equal to 1");
        return events_validation(r, msg);
    }
    if (jv_serialized_size(entries) > EV_REQUEST_MAX)
        return events_validation(r, "Total size of the entries in the request is over the limit.");
    jv *answers = jv_array();
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        jv *a = events_put_entry(r, jv_array_get(entries, i));
        failed += jv_object_has(a, "ErrorCode");
        answers = jv_array_append_take(answers, a);
    }
    jv *res = jv_object_set_take(jv_object(), "Entries", answers);
    res = jv_object_set_take(res, "FailedEntryCount", jv_number((double)failed));
    if (failed && !r->sdk) {
        char *cause = jv_dump_string(res, 0);
        r->out->kind = TASK_ERROR;
        asl_error_set_raw(&r->out->error, "EventBridge.FailedEntry", cause);
        engine_free(cause);
        jv_unref(res);
        return TASK_ERROR;
    }
    r->out->kind = TASK_RESULT;
    r->out->result = res;
    return TASK_RESULT;
}

task_answer_kind events_service_resolve(void *user, const task_call *call, task_answer *out)
{
    static const svc_action actions[] = {{"putEvents", E_PUT, false}};
    events_request r;
    memset(&r, 0, sizeof r);
    if (svc_action_find(&call->info, "events", "aws-sdk:eventbridge", actions, 1, &r.sdk,
                        E_UNKNOWN) == E_UNKNOWN)
        return TASK_NO_ANSWER;
    r.store = user;
    r.call = call;
    r.out = out;
    out->final = false;
    svc_uuid(call, r.request_id);
    strbuf_init(&r.note, 4096);
    task_answer_kind k = events_put(&r);
    out->source = engine_strdup("the local EventBridge: putEvents");
    if (r.note.len)
        out->log = strbuf_detach(&r.note);
    strbuf_cleanup(&r.note);
    return k;
}
