/*
 * services_state — the local services' contents (DESIGN §3.1): loaded from
 * --services-state FILE, served to the execution, written back by --save-services-state.
 *
 * The file is one JSON object; every section is optional:
 *   "s3":       {"BUCKET": {"KEY": "the object's text"}}   (a bucket may be {}: empty)
 *   "dynamodb": {"TABLE": {"KeySchema": [...], "Items": [...]}}   (ddb_store.h), served
 *               by the embedded DynamoDB and written back as the execution left it;
 *   "sqs":      {"QUEUE": [message, ...]} (services/sqs.h), served by the embedded SQS and
 *               written back as the execution left it (with the queues created by use);
 *   "sns":      {"TOPIC": [notification, ...]} (services/sns.h), the same way;
 *   "events":   {"BUS": [event, ...]} (services/events.h), the same way;
 *   "jobs":     {"ecs": {"FAMILY": {"Outcome", "ExitCode", ...}}, "batch": ..., "glue": ...,
 *               "codebuild": ...} (services/jobs.h): the simulated jobs' outcomes, written
 *               back with each job's runs.
 * Any other section name is refused (a typo would otherwise be silently ignored). Every
 * problem is reported with the file, the section and the bucket/key at fault.
 *
 * S3 is served from the file's section (an in-memory store: seeded objects have the
 * execution's start as LastModified) or, with --s3-dir DIR, from that folder (src/s3dir.h).
 * Both at once is refused. With --s3-dir the saved file has no "s3" section: the folder
 * holds the objects.
 */
#ifndef SFDBG_SERVICES_STATE_H
#define SFDBG_SERVICES_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "objstore.h"
#include "services/ddb_store.h"
#include "services/jobs.h"
#include "services/msg_store.h"
#include "services/svc_snapshot.h"

/* The messaging sections served from msg_store: sqs, sns, events. */
#define SERVICES_CHANNELS 3

/* The state file's size bound, and the memory store's (all objects together). */
#define SERVICES_STATE_MAX (256u * 1024 * 1024)

typedef struct services_state services_state;

/* file and s3_dir may each be NULL. start_ms: the execution's start (the seeded objects'
 * LastModified). NULL with a message naming the file, section and key in err. */
services_state *services_state_load(const char *file, const char *s3_dir, int64_t start_ms,
                                    char *err, size_t errlen);
/* The S3 store (owned by the state). */
objstore *services_state_s3(const services_state *s);
/* The embedded DynamoDB's tables (owned by the state). */
ddb_store *services_state_dynamodb(const services_state *s);
/* The embedded SQS's queues (owned by the state). */
msg_store *services_state_sqs(const services_state *s);
/* The embedded SNS's topics (owned by the state). */
msg_store *services_state_sns(const services_state *s);
/* The embedded EventBridge's buses (owned by the state). */
msg_store *services_state_events(const services_state *s);
/* The simulated jobs (owned by the state). */
jobs_store *services_state_jobs(const services_state *s);
/* All of its stores, for snapshots (services/svc_snapshot.h). */
void services_state_stores(const services_state *s, svc_stores *out);
/* Writes the state to path in the file's format; 0, or an errno value with a message. */
int services_state_save(const services_state *s, const char *path, char *err, size_t errlen);
void services_state_free(services_state *s);   /* NULL-safe */

#endif
