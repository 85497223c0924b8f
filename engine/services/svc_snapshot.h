/*
 * svc_snapshot — the embedded services' contents at one moment, as one value, for the
 * debugger's time travel (DESIGN §3.1, §5): step back puts the services back as the step
 * left them, `R` as the session found them, and the Services tab shows them as the
 * selected visit left them.
 *
 * A snapshot is a jv object with one member per store given (absent for a NULL store, and
 * for an S3 store that is a folder, which cannot be snapshotted):
 *   {"s3": objstore_memory_snapshot, "dynamodb": ddb_store_snapshot,
 *    "sqs" / "sns" / "events": msg_store_snapshot, "jobs": jobs_store_snapshot}
 * Every store keeps its contents in immutable values, so taking one costs a few
 * references (the S3 memory store one reference per object when it changed, nothing when
 * it did not), and restoring one as little; nothing is copied.
 *
 * svc_snapshot_view turns a snapshot into what the Services tab shows (below), with the
 * state file's shapes where it has them.
 */
#ifndef SFDBG_SERVICES_SVC_SNAPSHOT_H
#define SFDBG_SERVICES_SVC_SNAPSHOT_H

#include <stdbool.h>

#include "jv.h"
#include "objstore.h"
#include "services/ddb_store.h"
#include "services/jobs.h"
#include "services/msg_store.h"

/* The stores of one set of local services (each may be NULL). Borrowed. */
typedef struct {
    objstore *s3;
    ddb_store *dynamodb;
    msg_store *sqs, *sns, *events;
    jobs_store *jobs;
} svc_stores;

/* Owned. */
jv *svc_snapshot_take(const svc_stores *st);
/* Puts every store the snapshot has back as it was. */
void svc_snapshot_restore(const svc_stores *st, const jv *snap);
/* Both hold the same contents: every member the same reference (no deep compare). */
bool svc_snapshot_same(const jv *a, const jv *b);

/* Lists longer than this are split into pages ("1-100", "101-200", ...) in the view. */
#define SVC_VIEW_PAGE 100
/* An object's Text shows this many bytes at most (then "… (N bytes more)"). */
#define SVC_VIEW_TEXT (64u * 1024)

/* The Services tab's document (owned), sections in a fixed order and only those with
 * something to show:
 *   "DynamoDB":    {"TABLE": {"KeySchema": [...], "Items": [...] (or pages)}}
 *   "SQS":         {"QUEUE": [message, ...]}  (messages with their TaskToken)
 *   "SNS":         {"TOPIC": [notification, ...]}
 *   "EventBridge": {"BUS": [event, ...]}
 *   "S3":          {"BUCKET": {"KEY": {"Size", "LastModified" (ISO), "ETag", "Text"}}}
 *   "Jobs":        the "jobs" section (outcomes and runs)
 * Text is the object's bytes as UTF-8 (invalid bytes as U+FFFD), the first SVC_VIEW_TEXT. */
jv *svc_snapshot_view(const jv *snap);

/* A store that is not in memory (a folder), listed as it is now, through the store's own
 * calls: {"BUCKET": {"KEY": {"Size", "LastModified"}}}, at most max_keys keys in all
 * (*truncated then says more were left out). Owned. */
jv *svc_folder_view(objstore *s3, size_t max_keys, bool *truncated);

#endif
