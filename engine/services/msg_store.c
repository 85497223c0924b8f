/* msg_store — queues, topics and buses: named lists of records in one immutable value. */
#include "services/msg_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "services/svc_meta.h"

/* The largest number a record holds: the last ms of the year 9999 (timeutil.h). */
#define MSG_NUMBER_MAX 253402300799999.0

struct msg_store {
    const msg_spec *spec;
    jv *channels;    /* {"NAME": [record, ...]} */
    bool declared;
    svc_meta *meta;
};

msg_store *msg_store_new(const msg_spec *spec)
{
    msg_store *s = engine_calloc(1, sizeof *s);
    s->spec = spec;
    s->channels = jv_object();
    s->meta = svc_meta_new();
    return s;
}

svc_meta *msg_store_meta(msg_store *s)
{
    return s->meta;
}

void msg_store_free(msg_store *s)
{
    if (!s)
        return;
    jv_unref(s->channels);
    svc_meta_free(s->meta);
    engine_free(s);
}

static const msg_field *spec_field(const msg_spec *spec, const char *name)
{
    for (size_t i = 0; i < spec->nfields; i++)
        if (!strcmp(spec->fields[i].name, name))
            return &spec->fields[i];
    return NULL;
}

static bool record_check(const msg_spec *spec, const char *channel, size_t index,
                         const jv *record, char *err, size_t n)
{
    if (!jv_is_object(record)) {
        snprintf(err, n, "%s: %s '%s': %s %zu must be an object, not %s", spec->section,
                 spec->channel, channel, spec->record, index, jv_kind_name(jv_kind_of(record)));
        return false;
    }
    for (size_t i = 0; i < jv_object_size(record); i++) {
        const char *name = jv_string_value(jv_object_key_at(record, i));
        const jv *v = jv_object_value_at(record, i);
        const msg_field *f = spec_field(spec, name);
        if (!f) {
            snprintf(err, n, "%s: %s '%s': %s %zu: unknown field '%s'", spec->section,
                     spec->channel, channel, spec->record, index, name);
            return false;
        }
        if (jv_kind_of(v) != f->kind) {
            snprintf(err, n, "%s: %s '%s': %s %zu: '%s' must be a%s %s, not %s", spec->section,
                     spec->channel, channel, spec->record, index, name,
                     f->kind == JV_OBJECT || f->kind == JV_ARRAY ? "n" : "",
                     jv_kind_name(f->kind), jv_kind_name(jv_kind_of(v)));
            return false;
        }
        if (f->kind == JV_NUMBER && !(jv_is_integer(v) && jv_number_value(v) >= 0 &&
                                      jv_number_value(v) <= MSG_NUMBER_MAX)) {
            snprintf(err, n, "%s: %s '%s': %s %zu: '%s' must be a whole number from 0 to %.0f "
                     "(times are in ms, up to the year 9999)", spec->section, spec->channel,
                     channel, spec->record, index, name, MSG_NUMBER_MAX);
            return false;
        }
    }
    for (size_t i = 0; i < spec->nfields; i++)
        if (spec->fields[i].required && !jv_object_get(record, spec->fields[i].name)) {
            snprintf(err, n, "%s: %s '%s': %s %zu: '%s' is missing", spec->section,
                     spec->channel, channel, spec->record, index, spec->fields[i].name);
            return false;
        }
    char why[512];
    if (spec->record_valid && !spec->record_valid(record, why, sizeof why)) {
        snprintf(err, n, "%s: %s '%s': %s %zu: %s", spec->section, spec->channel, channel,
                 spec->record, index, why);
        return false;
    }
    return true;
}

static bool channel_load(msg_store *s, const char *name, const jv *records, char *err,
                         size_t n)
{
    const msg_spec *spec = s->spec;
    if (!spec->name_valid(name)) {
        snprintf(err, n, "%s: '%s' is not a %s name (%s)", spec->section, name, spec->channel,
                 spec->name_rule);
        return false;
    }
    if (!jv_is_array(records)) {
        snprintf(err, n, "%s: %s '%s' must be a list of %ss, not %s", spec->section,
                 spec->channel, name, spec->record, jv_kind_name(jv_kind_of(records)));
        return false;
    }
    for (size_t i = 0; i < jv_array_length(records); i++)
        if (!record_check(spec, name, i + 1, jv_array_get(records, i), err, n))
            return false;
    s->channels = jv_object_set(s->channels, name, records);
    return true;
}

bool msg_store_load(msg_store *s, const jv *section, char *err, size_t n)
{
    if (!section)
        return true;
    if (!jv_is_object(section)) {
        snprintf(err, n, "%s: the section must be an object, not %s", s->spec->section,
                 jv_kind_name(jv_kind_of(section)));
        return false;
    }
    s->declared = true;
    for (size_t i = 0; i < jv_object_size(section); i++)
        if (!channel_load(s, jv_string_value(jv_object_key_at(section, i)),
                          jv_object_value_at(section, i), err, n))
            return false;
    return true;
}

jv *msg_store_save(const msg_store *s)
{
    return jv_ref(s->channels);
}

bool msg_store_declared(const msg_store *s)
{
    return s->declared;
}

bool msg_store_used(const msg_store *s)
{
    return s->declared || jv_object_size(s->channels) > 0;
}

jv *msg_store_snapshot(const msg_store *s)
{
    return jv_ref(s->channels);
}

void msg_store_restore(msg_store *s, const jv *snapshot)
{
    jv *old = s->channels;
    s->channels = jv_ref(snapshot);
    jv_unref(old);
}

const jv *msg_store_records(const msg_store *s, const char *channel)
{
    return jv_object_get(s->channels, channel);
}

bool msg_store_open(msg_store *s, const char *channel, bool *created)
{
    *created = false;
    if (jv_object_has(s->channels, channel))
        return true;
    if (s->declared)
        return false;
    s->channels = jv_object_set_take(s->channels, channel, jv_array());
    *created = true;
    return true;
}

bool msg_store_create(msg_store *s, const char *channel)
{
    if (jv_object_has(s->channels, channel))
        return false;
    s->channels = jv_object_set_take(s->channels, channel, jv_array());
    return true;
}

#define MSG_DEDUP_MS (5 * 60 * 1000)

bool msg_store_name_fifo(const char *name)
{
    size_t len = strlen(name);
    return len > 5 && !strcmp(name + len - 5, ".fifo");
}

bool msg_store_name_ok(const char *name, size_t max)
{
    size_t len = strlen(name);
    size_t base = msg_store_name_fifo(name) ? len - 5 : len;
    return len >= 1 && len <= max && base > 0 &&
           strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == base;
}

static const jv *msg_duplicate(const msg_store *s, const char *channel, const char *dedup,
                               int64_t now_ms)
{
    const jv *records = jv_object_get(s->channels, channel);
    for (size_t i = 0; records && i < jv_array_length(records); i++) {
        const jv *m = jv_array_get(records, i);
        const jv *d = jv_object_get(m, "MessageDeduplicationId");
        const jv *sent = jv_object_get(m, "SentTimestamp");
        if (d && !strcmp(jv_string_value(d), dedup) && sent &&
            now_ms - (int64_t)jv_number_value(sent) < MSG_DEDUP_MS)
            return m;
    }
    return NULL;
}

static uint64_t msg_next_sequence(const msg_store *s, const char *channel, int64_t now_ms)
{
    uint64_t next = now_ms > 0 ? (uint64_t)now_ms * 1000000u : 1;
    const jv *records = jv_object_get(s->channels, channel);
    for (size_t i = 0; records && i < jv_array_length(records); i++) {
        const jv *seq = jv_object_get(jv_array_get(records, i), "SequenceNumber");
        uint64_t v = seq ? strtoull(jv_string_value(seq), NULL, 10) : 0;
        if (v >= next)
            next = v + 1;
    }
    return next;
}

const jv *msg_store_fifo_send(const msg_store *s, const char *channel, const char *dedup,
                              int64_t now_ms, char seq[24])
{
    const jv *dup = msg_duplicate(s, channel, dedup, now_ms);
    if (!dup)
        snprintf(seq, 24, "%020llu", (unsigned long long)msg_next_sequence(s, channel, now_ms));
    return dup;
}

void msg_store_append(msg_store *s, const char *channel, const jv *record)
{
    const jv *records = jv_object_get(s->channels, channel);
    if (!records)
        return;
    /* Take the list out of the store first: unless a snapshot shares it, it then has one
     * reference and grows in place (no copy of the channel per message). */
    jv *list = jv_ref(records);
    s->channels = jv_object_set_take(s->channels, channel, jv_null());
    s->channels = jv_object_set_take(s->channels, channel, jv_array_append(list, record));
}

void msg_store_replace_take(msg_store *s, const char *channel, jv *records)
{
    if (jv_object_has(s->channels, channel))
        s->channels = jv_object_set_take(s->channels, channel, records);
    else
        jv_unref(records);
}
