/*
 * svctab — the inspector's Services tab: the local services' contents (DynamoDB tables,
 * SQS queues, SNS topics, EventBridge buses, S3 buckets, simulated jobs) as the subject's
 * visit left them (time travel: session_services), and the requests sent to real
 * endpoints up to then (reqlog.h). The folder of --s3-dir is listed as it is now.
 */
#ifndef SFDBG_UI_SVCTAB_H
#define SFDBG_UI_SVCTAB_H

#include "app.h"

/* Keys listed from an --s3-dir folder at most. */
#define SVCTAB_FOLDER_KEYS 1000

/* Fills t (cleared by the caller) for the app's subject. */
void svctab_fill(dbg_app *a, jsontree *t);

#endif
