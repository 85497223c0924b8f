/*
 * msg_store — the channels of the embedded messaging services: SQS queues, SNS topics and
 * EventBridge buses, each a named list of records (messages, notifications, events). All
 * of a store lives in one immutable jv value, so a snapshot (msg_store_snapshot) is one
 * reference and restoring it is as cheap, as for the DynamoDB tables (ddb_store.h).
 *
 * The state file's "sqs", "sns" and "events" sections (DESIGN §3.1) have one shape:
 *   {"CHANNEL-NAME": [{RECORD}, ...], ...}
 * A spec (msg_spec) says what a section's records hold: each field's name and JSON kind,
 * and which are required; a record with an unknown field, a field of the wrong kind or a
 * required one missing is refused, with a message naming the section, the channel, the
 * record (by its position, from 1) and the field. Numbers (times in ms, counts) are whole,
 * from 0 to the last ms of the year 9999.
 *
 * Which channels exist: when the file has the section, exactly those it names
 * (msg_store_declared); without one, a channel is created when it is first used
 * (msg_store_open says so, for the task's log). The services apply that rule; the store
 * only records which case it is.
 *
 * Every value handed in is copied (a reference taken) unless the name says _take.
 */
#ifndef SFDBG_SERVICES_MSG_STORE_H
#define SFDBG_SERVICES_MSG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jv.h"

typedef struct {
    const char *name;
    jv_kind kind;
    bool required;
} msg_field;

typedef struct {
    const char *section;     /* "sqs" */
    const char *channel;     /* "queue" */
    const char *record;      /* "message" */
    const msg_field *fields;
    size_t nfields;
    bool (*name_valid)(const char *name);
    const char *name_rule;   /* what a valid name is, for the error message */
    /* Optional: what the kinds cannot say (a message's attributes); false with a message
     * (the store adds section, channel and record). */
    bool (*record_valid)(const jv *record, char *err, size_t n);
} msg_spec;

typedef struct msg_store msg_store;

struct svc_meta;

/* spec is borrowed (a static table) and must outlive the store. */
msg_store *msg_store_new(const msg_spec *spec);
void msg_store_free(msg_store *s);   /* NULL-safe */
/* The memo through which the store's service answers share their SdkHttpMetadata
 * (services/svc_meta.h): no part of the contents, never saved nor snapshotted. */
struct svc_meta *msg_store_meta(msg_store *s);
/* Loads the file's section (NULL: the file has none); false with a message naming the
 * section, channel, record and field. */
bool msg_store_load(msg_store *s, const jv *section, char *err, size_t n);
/* The section as the state file holds it (owned). */
jv *msg_store_save(const msg_store *s);
/* Whether the file declared the section (then only its channels exist). */
bool msg_store_declared(const msg_store *s);
/* Whether there is anything to save: a declared section, or a channel created by use. */
bool msg_store_used(const msg_store *s);

jv *msg_store_snapshot(const msg_store *s);   /* owned; shares everything */
void msg_store_restore(msg_store *s, const jv *snapshot);

/* The channel's records (an array, borrowed), or NULL when it does not exist. */
const jv *msg_store_records(const msg_store *s, const char *channel);
/* Makes sure the channel exists when the rule allows it: true when it exists or was just
 * created (*created set: the section was not declared), false when the declared section
 * does not name it. */
bool msg_store_open(msg_store *s, const char *channel, bool *created);
/* Creates the channel when it does not exist, whatever the section declares (EventBridge's
 * "default" bus always exists); true when it was created. */
bool msg_store_create(msg_store *s, const char *channel);
/* Whether name is 1 to max letters, digits, '-' and '_', with ".fifo" at the end for a
 * FIFO channel (SQS queues, SNS topics). */
bool msg_store_name_ok(const char *name, size_t max);
bool msg_store_name_fifo(const char *name);
/* A FIFO send: the record the channel got with this MessageDeduplicationId less than 5
 * minutes (by SentTimestamp, ms) before now_ms (borrowed: the send is a duplicate), or NULL
 * with the next SequenceNumber in seq (20 digits: past every one the channel holds, at least
 * the clock's ms times 10^6, so numbers keep increasing after deletes). */
const jv *msg_store_fifo_send(const msg_store *s, const char *channel, const char *dedup,
                              int64_t now_ms, char seq[24]);
/* Appends a record to an existing channel. */
void msg_store_append(msg_store *s, const char *channel, const jv *record);
/* Replaces an existing channel's records (consumes records, an array). */
void msg_store_replace_take(msg_store *s, const char *channel, jv *records);

#endif
