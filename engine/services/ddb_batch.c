/*
 * ddb_batch — aws-sdk:dynamodb:batchWriteItem and transactWriteItems on the embedded tables.
 *
 * batchWriteItem: RequestItems {TABLE: [{"PutRequest": {"Item"}} | {"DeleteRequest":
 * {"Key"}}]}, at most 25 requests in all, no key twice in one table; the whole request is
 * checked before anything is written, and the answer is {"UnprocessedItems": {}} (a local
 * table never throttles).
 *
 * transactWriteItems: TransactItems, 1 to 100 of ConditionCheck, Put, Update, Delete, each
 * with its own TableName, Key or Item, expressions and attribute names and values; no item
 * twice. Every condition is evaluated on the items as they were, every update computed,
 * and only when none failed is anything written: all or nothing. A failure cancels the
 * whole transaction with DynamoDB's TransactionCanceledException, whose message lists one
 * code per item, in order ("[None, ConditionalCheckFailed]"), as Step Functions reports it.
 * ClientRequestToken is honoured as DynamoDB does for 10 minutes (ddb_store_token): the
 * same token with the same request answers {} again without writing; with another request,
 * IdempotentParameterMismatchException.
 */
#include <stdio.h>
#include <string.h>

#include "jv_text.h"
#include "services/ddb_request.h"
#include "services/ddb_value.h"

#define DDB_BATCH_MAX 25
#define DDB_TRANSACT_MAX 100
#define DDB_TOKEN_MAX 36

/* One write of a batch or a transaction, planned before anything is written. */
typedef enum { W_PUT, W_DELETE, W_UPDATE, W_CHECK } ddb_write_kind;

typedef struct {
    ddb_write_kind kind;
    const char *table;
    char key[DDB_KEY_MAX];
    const jv *item;        /* Put's Item, or the Key (a new item of an Update starts as it) */
    ddb_expr *cond, *upd;
    bool all_old;          /* ReturnValuesOnConditionCheckFailure: ALL_OLD */
} ddb_write;

static void writes_free(ddb_write *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ddb_expr_free(w[i].cond);
        ddb_expr_free(w[i].upd);
    }
    engine_free(w);
}

/* No two writes on one item: false with the message. */
static bool writes_distinct(ddb_request *r, const ddb_write *w, size_t n, const char *message)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(w[i].table, w[j].table) && !strcmp(w[i].key, w[j].key)) {
                snprintf(r->msg, sizeof r->msg, "%s", message);
                return false;
            }
    return true;
}

/* Writes the planned writes (now: the updates' new items; NULL when there is none). */
static void writes_apply(ddb_request *r, const ddb_write *w, size_t n, jv *const *now)
{
    for (size_t i = 0; i < n; i++) {
        if (w[i].kind == W_PUT)
            ddb_store_put(r->store, w[i].table, w[i].key, w[i].item);
        else if (w[i].kind == W_DELETE)
            ddb_store_delete(r->store, w[i].table, w[i].key);
        else if (w[i].kind == W_UPDATE && now)
            ddb_store_put(r->store, w[i].table, w[i].key, now[i]);
    }
}

/* A request whose planning failed: no such table, or invalid (r->msg). */
static task_answer_kind plan_failed(ddb_request *r, bool no_table)
{
    return no_table ? ddbr_no_table(r) : ddbr_invalid(r);
}

/* ---- batchWriteItem ---- */

/* "Supplied AttributeValue has more than one datatypes set": DynamoDB's words for a write
 * request with neither or both of PutRequest and DeleteRequest. */
static bool batch_request_plan(ddb_request *r, const char *table, const jv *req, ddb_write *w)
{
    const jv *put = jv_is_object(req) ? jv_object_get(req, "PutRequest") : NULL;
    const jv *del = jv_is_object(req) ? jv_object_get(req, "DeleteRequest") : NULL;
    if (!jv_is_object(req) || (!put == !del) || jv_object_size(req) != 1) {
        snprintf(r->msg, sizeof r->msg, "Supplied AttributeValue has more than one datatypes set, "
                 "must contain exactly one of the supported datatypes");
        return false;
    }
    const char *member = put ? "Item" : "Key";
    const jv *av = jv_is_object(put ? put : del) ? jv_object_get(put ? put : del, member) : NULL;
    if (!av) {
        snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value null at "
                 "'requestItems.%.300s.member.%s.%s' failed to satisfy constraint: Member must "
                 "not be null", table, put ? "putRequest" : "deleteRequest", put ? "item" : "key");
        return false;
    }
    w->kind = put ? W_PUT : W_DELETE;
    w->table = table;
    w->item = av;
    if (!ddb_item_check(av, r->msg, sizeof r->msg))
        return false;
    if (!ddb_store_key(r->store, table, av, put != NULL, w->key, sizeof w->key, r->msg,
                       sizeof r->msg)) {
        if (!put || strstr(r->msg, "Missing the key") || strstr(r->msg, "Type mismatch"))
            snprintf(r->msg, sizeof r->msg, "The provided key element does not match the schema");
        return false;
    }
    return true;
}

/* The shape of RequestItems: 1 to 25 tables of 1 to 25 requests, 25 requests in all. */
static bool batch_shape_ok(ddb_request *r, const jv *items, size_t *total)
{
    static const char *const lengths = "failed to satisfy constraint: Map value must satisfy "
                                       "constraint: [Member must have length less than or equal "
                                       "to 25, Member must have length greater than or equal to 1]";
    if (!jv_is_object(items) || jv_object_size(items) == 0) {
        snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value at 'requestItems' "
                 "failed to satisfy constraint: Member must have length greater than or equal "
                 "to 1");
        return false;
    }
    *total = 0;
    for (size_t t = 0; t < jv_object_size(items); t++) {
        const char *table = jv_string_value(jv_object_key_at(items, t));
        const jv *reqs = jv_object_value_at(items, t);
        if (!ddbr_table_name_check(r, table, "requestItems"))
            return false;
        if (!jv_is_array(reqs) || jv_array_length(reqs) == 0 ||
            jv_array_length(reqs) > DDB_BATCH_MAX) {
            snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value at "
                     "'requestItems' %s", lengths);
            return false;
        }
        *total += jv_array_length(reqs);
    }
    if (*total > DDB_BATCH_MAX) {
        snprintf(r->msg, sizeof r->msg, "Too many items requested for the BatchWriteItem call");
        return false;
    }
    return true;
}

/* Plans every request of RequestItems into w (*n of them); ResourceNotFound via *no_table. */
static bool batch_plan(ddb_request *r, const jv *items, ddb_write *w, size_t *n, bool *no_table)
{
    for (size_t t = 0; t < jv_object_size(items); t++) {
        const char *table = jv_string_value(jv_object_key_at(items, t));
        const jv *reqs = jv_object_value_at(items, t);
        const char *hash, *range;
        if (!ddb_store_table(r->store, table, &hash, &range)) {
            *no_table = true;
            return false;
        }
        size_t first = *n;
        for (size_t i = 0; i < jv_array_length(reqs); i++)
            if (!batch_request_plan(r, table, jv_array_get(reqs, i), &w[(*n)++]))
                return false;
        if (!writes_distinct(r, w + first, *n - first,
                             "Provided list of item keys contains duplicates"))
            return false;
    }
    return true;
}

/* ReturnConsumedCapacity and ReturnItemCollectionMetrics: accepted (a local table reports
 * no capacity), checked against their enums. */
static bool capacity_params_ok(ddb_request *r)
{
    static const char *const names[2] = {"ReturnConsumedCapacity", "ReturnItemCollectionMetrics"};
    static const char *const fields[2] = {"returnConsumedCapacity", "returnItemCollectionMetrics"};
    static const char *const sets[2][4] = {{"INDEXES", "TOTAL", "NONE", NULL},
                                           {"SIZE", "NONE", NULL, NULL}};
    for (int i = 0; i < 2; i++) {
        bool bad = false, member = false;
        const char *v = ddbr_string(r, names[i], &bad);
        if (bad)
            return false;
        for (int k = 0; v && sets[i][k]; k++)
            member = member || !strcmp(v, sets[i][k]);
        if (v && !member) {
            snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value '%.100s' at "
                     "'%s' failed to satisfy constraint: Member must satisfy enum value set: "
                     "[%s]", v, fields[i], i ? "SIZE, NONE" : "INDEXES, TOTAL, NONE");
            return false;
        }
    }
    return true;
}

task_answer_kind ddb_batch_write(ddb_request *r)
{
    size_t total = 0, n = 0;
    bool no_table = false;
    const jv *items = ddbr_param(r, "RequestItems");
    bool ok = ddbr_require(r, "RequestItems", "requestItems") && batch_shape_ok(r, items, &total) &&
              capacity_params_ok(r);
    ddb_write *w = engine_calloc(total + 1, sizeof *w);
    ok = ok && batch_plan(r, items, w, &n, &no_table);
    task_answer_kind k;
    if (!ok) {
        k = plan_failed(r, no_table);
    } else {
        writes_apply(r, w, n, NULL);
        k = ddbr_result(r, jv_object_set_take(jv_object(), "UnprocessedItems", jv_object()));
    }
    writes_free(w, n);
    return k;
}

/* ---- transactWriteItems ---- */

static const char *const transact_kinds[4] = {"Put", "Delete", "Update", "ConditionCheck"};

/* The members of one transaction item's action: the table, expressions, key or item. */
static bool transact_action_plan(ddb_request *s, ddb_write *w, bool *no_table)
{
    const char *hash, *range;
    if (!ddbr_table_name_ok(s) || !ddbr_env_setup(s))
        return false;
    w->table = s->table;
    bool ok = true;
    if (w->kind == W_PUT) {
        ok = ddbr_require(s, "Item", "item");
        if (ok && !ddb_store_table(s->store, s->table, &hash, &range)) {
            *no_table = true;
            return false;
        }
        w->item = ddbr_param(s, "Item");
        ok = ok && ddb_item_check(w->item, s->msg, sizeof s->msg) &&
             ddb_store_key(s->store, s->table, w->item, true, w->key, sizeof w->key, s->msg,
                           sizeof s->msg);
    } else {
        ok = ddbr_key(s, w->key, no_table);
        w->item = ddbr_param(s, "Key");
    }
    if (ok && w->kind == W_UPDATE)
        ok = ddbr_require(s, "UpdateExpression", "updateExpression");
    if (ok && w->kind == W_CHECK)
        ok = ddbr_require(s, "ConditionExpression", "conditionExpression");
    if (ok && w->kind == W_UPDATE)
        w->upd = ddbr_expr_param(s, "UpdateExpression", DDB_EXPR_UPDATE, &ok);
    if (ok)
        w->cond = ddbr_expr_param(s, "ConditionExpression", DDB_EXPR_CONDITION, &ok);
    ok = ok && ddbr_env_all_used(s) && (!w->upd || ddbr_update_keys_untouched(s, w->upd));
    bool bad = false;
    const char *rv = ok ? ddbr_string(s, "ReturnValuesOnConditionCheckFailure", &bad) : NULL;
    if (rv && strcmp(rv, "ALL_OLD") && strcmp(rv, "NONE")) {
        snprintf(s->msg, sizeof s->msg, "1 validation error detected: Value '%.100s' at "
                 "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member "
                 "must satisfy enum value set: [ALL_OLD, NONE]", rv);
        bad = true;
    }
    w->all_old = rv && !strcmp(rv, "ALL_OLD");
    return ok && !bad;
}

/* One member of TransactItems: exactly one action. */
static bool transact_item_plan(ddb_request *r, const jv *ti, ddb_write *w, bool *no_table)
{
    const jv *action = NULL;
    int found = 0;
    for (int k = 0; k < 4 && jv_is_object(ti); k++)
        if (jv_object_get(ti, transact_kinds[k])) {
            action = jv_object_get(ti, transact_kinds[k]);
            w->kind = (ddb_write_kind)k;
            found++;
        }
    if (found != 1 || jv_object_size(ti) != 1 || !jv_is_object(action)) {
        snprintf(r->msg, sizeof r->msg, "TransactItems can only contain one of Check, Put, "
                 "Update or Delete");
        return false;
    }
    ddb_request s = *r;
    memset(&s.env, 0, sizeof s.env);
    s.params = action;
    s.table = NULL;
    bool ok = transact_action_plan(&s, w, no_table);
    if (!ok)
        memcpy(r->msg, s.msg, sizeof r->msg);
    ddbr_env_free(&s);
    return ok;
}

static bool token_ok(ddb_request *r, const char **token)
{
    bool bad = false;
    *token = ddbr_string(r, "ClientRequestToken", &bad);
    if (bad)
        return false;
    if (*token && (!**token || strlen(*token) > DDB_TOKEN_MAX)) {
        snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value '%.100s' at "
                 "'clientRequestToken' failed to satisfy constraint: Member must have length "
                 "%s", *token, **token ? "less than or equal to 36" : "greater than or equal to 1");
        return false;
    }
    return true;
}

static bool transact_plan(ddb_request *r, const jv *items, ddb_write *w, size_t *n,
                          bool *no_table)
{
    if (!jv_is_array(items) || jv_array_length(items) == 0 ||
        jv_array_length(items) > DDB_TRANSACT_MAX) {
        snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value at 'transactItems' "
                 "failed to satisfy constraint: Member must have length %s",
                 jv_is_array(items) && jv_array_length(items) ? "less than or equal to 100"
                                                               : "greater than or equal to 1");
        return false;
    }
    for (size_t i = 0; i < jv_array_length(items); i++)
        if (!transact_item_plan(r, jv_array_get(items, i), &w[(*n)++], no_table))
            return false;
    return writes_distinct(r, w, *n, "Transaction request cannot include multiple operations "
                                     "on one item");
}

/* Evaluates every write on the items as they are: the new items into now[], and for a
 * failure its code; the codes ("None", ...) listed into list. False when one failed. */
static bool transact_evaluate(ddb_request *r, const ddb_write *w, size_t n, jv **now,
                              char *list, size_t len)
{
    bool all = true;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        const jv *old = ddb_store_get(r->store, w[i].table, w[i].key);
        const char *code = "None";
        char err[DDB_MSG_MAX];
        if (ddbr_condition_fails(w[i].cond, old)) {
            code = "ConditionalCheckFailed";
        } else if (w[i].kind == W_UPDATE) {
            now[i] = ddb_update_apply(w[i].upd, old ? old : w[i].item, err, sizeof err);
            if (!now[i] || !ddb_item_check(now[i], err, sizeof err))
                code = "ValidationError";
        }
        all = all && !strcmp(code, "None");
        int k = snprintf(list + used, len - used, "%s%s", i ? ", " : "", code);
        used += k > 0 && (size_t)k < len - used ? (size_t)k : 0;
    }
    return all;
}

/* The transaction planned: evaluated, then written or cancelled. */
static task_answer_kind transact_run(ddb_request *r, const ddb_write *w, size_t n)
{
    jv **now = engine_calloc(n + 1, sizeof *now);
    char list[DDB_TRANSACT_MAX * 26];
    task_answer_kind k;
    if (!transact_evaluate(r, w, n, now, list, sizeof list)) {
        k = ddbr_fail(r, "TransactionCanceledException", "Transaction cancelled, please refer "
                      "cancellation reasons for specific reasons [%s]", list);
    } else {
        writes_apply(r, w, n, now);
        k = ddbr_result(r, jv_object());
    }
    for (size_t i = 0; i < n; i++)
        jv_unref(now[i]);
    engine_free(now);
    return k;
}

task_answer_kind ddb_transact_write(ddb_request *r)
{
    const jv *items = ddbr_param(r, "TransactItems");
    const char *token = NULL;
    size_t n = 0;
    bool no_table = false;
    size_t cap = jv_is_array(items) ? jv_array_length(items) : 0;
    ddb_write *w = engine_calloc(cap + 1, sizeof *w);
    bool ok = ddbr_require(r, "TransactItems", "transactItems") && token_ok(r, &token) &&
              capacity_params_ok(r) && transact_plan(r, items, w, &n, &no_table);
    task_answer_kind k;
    if (!ok) {
        k = plan_failed(r, no_table);
    } else {
        char *text = token ? jv_dump_string(r->params, 0) : NULL;
        ddb_token_seen seen = token ? ddb_store_token(r->store, token, text, r->call->now_ms)
                                    : DDB_TOKEN_NEW;
        if (seen == DDB_TOKEN_MISMATCH) {
            k = ddbr_fail(r, "IdempotentParameterMismatchException", "The request with the "
                          "ClientRequestToken %s does not match the original request", token);
        } else if (seen == DDB_TOKEN_REPEAT) {
            k = ddbr_result(r, jv_object());
        } else {
            k = transact_run(r, w, n);
            if (token && k == TASK_RESULT)
                ddb_store_token_keep(r->store, token, text, r->call->now_ms);
        }
        engine_free(text);
    }
    writes_free(w, n);
    return k;
}
