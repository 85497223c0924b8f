/*
 * ddb_request — one DynamoDB call being answered, and the helpers the actions share
 * (dynamodb.c: the single-item actions, query and scan; ddb_batch.c: batchWriteItem and
 * transactWriteItems): parameters read from params (the task's input, or one member of a
 * batch or transaction), errors as Step Functions reports them, results with the optimized
 * integration's metadata. Internal to engine/services.
 */
#ifndef SFDBG_SERVICES_DDB_REQUEST_H
#define SFDBG_SERVICES_DDB_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "jv.h"
#include "services/ddb_expr.h"
#include "services/ddb_store.h"
#include "task.h"

#define DDB_KEY_MAX 4096
#define DDB_MSG_MAX 4096

typedef enum {
    A_GET, A_PUT, A_UPDATE, A_DELETE, A_QUERY, A_SCAN, A_BATCH_WRITE, A_TRANSACT_WRITE, A_UNKNOWN
} ddb_action_kind;

typedef struct {
    ddb_store *store;
    const task_call *call;
    task_answer *out;
    const jv *params;          /* where parameters are read: the input, or a batch's member */
    bool sdk;                  /* aws-sdk:dynamodb (else the optimized integration) */
    ddb_action_kind action;
    const char *table;
    ddb_expr_env env;
    /* the buffers last: ddbr_init clears the fields before them and empties these (8 KB
     * written per task for nothing otherwise) */
    char query_key[DDB_KEY_MAX];   /* a query's hash key, as its items' keys start */
    char msg[DDB_MSG_MAX];
} ddb_request;

/* r with every field zero and its buffers empty. */
void ddbr_init(ddb_request *r);

/* Fails the task with DynamoDB's error code ("ValidationException", ...) and message. */
task_answer_kind ddbr_fail(ddb_request *r, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
task_answer_kind ddbr_invalid(ddb_request *r);   /* a ValidationException with r->msg */
task_answer_kind ddbr_no_table(ddb_request *r);
task_answer_kind ddbr_check_failed(ddb_request *r);
/* The task's result (consumed), with the metadata of the optimized integration. */
task_answer_kind ddbr_result(ddb_request *r, jv *result);

/* The parameter (borrowed; NULL when absent), a string one (*bad and r->msg when it is
 * no string), a required one (false and r->msg, naming field, when absent). */
const jv *ddbr_param(const ddb_request *r, const char *name);
const char *ddbr_string(ddb_request *r, const char *name, bool *bad);
bool ddbr_require(ddb_request *r, const char *name, const char *field);
/* TableName into r->table, checked; ExpressionAttributeNames / Values into r->env
 * (ddbr_env_free frees what it allocated); names or values no expression used. */
bool ddbr_table_name_ok(ddb_request *r);
/* A table name as DynamoDB checks it (field names the member in the message). */
bool ddbr_table_name_check(ddb_request *r, const char *name, const char *field);
bool ddbr_env_setup(ddb_request *r);
void ddbr_env_free(ddb_request *r);
bool ddbr_env_all_used(ddb_request *r);
/* An optional expression parameter, parsed; *ok false on an error (message in r->msg). */
ddb_expr *ddbr_expr_param(ddb_request *r, const char *name, ddb_expr_kind kind, bool *ok);
/* Key checked against r->table's schema, its canonical text into key (DDB_KEY_MAX bytes);
 * *no_table set when the table does not exist. */
bool ddbr_key(ddb_request *r, char *key, bool *no_table);
/* Whether cond (NULL: none) fails on item. */
bool ddbr_condition_fails(const ddb_expr *cond, const jv *item);
/* An update that writes a key attribute is refused (r->msg). */
bool ddbr_update_keys_untouched(ddb_request *r, const ddb_expr *upd);

/* ddb_batch.c */
task_answer_kind ddb_batch_write(ddb_request *r);
task_answer_kind ddb_transact_write(ddb_request *r);

#endif
