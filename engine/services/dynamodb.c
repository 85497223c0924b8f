/* dynamodb — DynamoDB tasks (optimized and aws-sdk) on the embedded tables. */
#include "services/dynamodb.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "services/ddb_expr.h"
#include "services/ddb_value.h"
#include "services/ddb_request.h"
#include "services/svc_common.h"
#include "services/svc_meta.h"

/* ---- errors ---- */

task_answer_kind ddbr_fail(ddb_request *r, const char *code, const char *fmt, ...)
{
    char msg[DDB_MSG_MAX], id[53];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    svc_request_id(r->call, id, 52);
    bool validation = !strcmp(code, "ValidationException");
    r->out->kind = TASK_ERROR;
    if (r->sdk) {
        char name[128];
        snprintf(name, sizeof name, "DynamoDb.%s", validation ? "DynamoDbException" : code);
        asl_error_set(&r->out->error, name, "%s (Service: DynamoDb, Status Code: 400, Request ID: "
                      "%s)", msg, id);
    } else {
        char name[128];
        snprintf(name, sizeof name, "DynamoDB.%s", validation ? "AmazonDynamoDBException" : code);
        asl_error_set(&r->out->error, name, "%s (Service: AmazonDynamoDBv2; Status Code: 400; "
                      "Error Code: %s; Request ID: %s; Proxy: null)", msg, code, id);
    }
    return TASK_ERROR;
}

task_answer_kind ddbr_invalid(ddb_request *r)
{
    return ddbr_fail(r, "ValidationException", "%s", r->msg);
}

task_answer_kind ddbr_no_table(ddb_request *r)
{
    return ddbr_fail(r, "ResourceNotFoundException", "Requested resource not found");
}

/* ---- parameters ---- */

const jv *ddbr_param(const ddb_request *r, const char *name)
{
    return jv_is_object(r->params) ? jv_object_get(r->params, name) : NULL;
}

const char *ddbr_string(ddb_request *r, const char *name, bool *bad)
{
    const jv *v = ddbr_param(r, name);
    if (v && !jv_is_string(v)) {
        snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value at '%s' failed to "
                 "satisfy constraint: Member must be a string", name);
        *bad = true;
        return NULL;
    }
    return v ? jv_string_value(v) : NULL;
}

/* A member DynamoDB requires: "Value null at 'item' failed to satisfy constraint". */
bool ddbr_require(ddb_request *r, const char *name, const char *field)
{
    if (ddbr_param(r, name))
        return true;
    snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value null at '%s' failed to "
             "satisfy constraint: Member must not be null", field);
    return false;
}

bool ddbr_table_name_check(ddb_request *r, const char *name, const char *field)
{
    size_t len = strlen(name);
    bool chars = len > 0 && strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789_.-") == len;
    if (!chars || len < 3 || len > 255) {
        snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value '%.300s' at '%s' "
                 "failed to satisfy constraint: %s", name, field,
                 chars ? "Member must have length between 3 and 255"
                       : "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        return false;
    }
    return true;
}

bool ddbr_table_name_ok(ddb_request *r)
{
    bool bad = false;
    r->table = ddbr_string(r, "TableName", &bad);
    if (bad || !ddbr_require(r, "TableName", "tableName"))
        return false;
    return ddbr_table_name_check(r, r->table, "tableName");
}

/* ExpressionAttributeNames / Values: objects, or absent. */
bool ddbr_env_setup(ddb_request *r)
{
    const jv *names = ddbr_param(r, "ExpressionAttributeNames");
    const jv *values = ddbr_param(r, "ExpressionAttributeValues");
    if ((names && !jv_is_object(names)) || (values && !jv_is_object(values))) {
        snprintf(r->msg, sizeof r->msg, "ExpressionAttributeNames and ExpressionAttributeValues "
                 "must be maps");
        return false;
    }
    if (values && jv_object_size(values) == 0) {
        snprintf(r->msg, sizeof r->msg, "ExpressionAttributeValues must not be empty");
        return false;
    }
    if (names && jv_object_size(names) == 0) {
        snprintf(r->msg, sizeof r->msg, "ExpressionAttributeNames must not be empty");
        return false;
    }
    r->env.names = names;
    r->env.values = values;
    r->env.names_used = names ? engine_calloc(jv_object_size(names) + 1, sizeof(bool)) : NULL;
    r->env.values_used = values ? engine_calloc(jv_object_size(values) + 1, sizeof(bool)) : NULL;
    return true;
}

void ddbr_env_free(ddb_request *r)
{
    engine_free(r->env.names_used);
    engine_free(r->env.values_used);
    memset(&r->env, 0, sizeof r->env);
}

/* DynamoDB refuses names and values no expression used. */
bool ddbr_env_all_used(ddb_request *r)
{
    const jv *objs[2] = {r->env.values, r->env.names};
    bool *used[2] = {r->env.values_used, r->env.names_used};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; objs[k] && i < jv_object_size(objs[k]); i++)
            if (!used[k][i]) {
                snprintf(r->msg, sizeof r->msg, "Value provided in %s unused in expressions: "
                         "keys: {%s}", k ? "ExpressionAttributeNames" : "ExpressionAttributeValues",
                         jv_string_value(jv_object_key_at(objs[k], i)));
                return false;
            }
    return true;
}

/* An optional expression parameter, parsed; *ok false on an error (message in r->msg). */
ddb_expr *ddbr_expr_param(ddb_request *r, const char *name, ddb_expr_kind kind, bool *ok)
{
    bool bad = false;
    const char *text = ddbr_string(r, name, &bad);
    if (bad) {
        *ok = false;
        return NULL;
    }
    if (!text || !*ok)
        return NULL;
    ddb_expr *e = ddb_expr_parse(kind, name, text, &r->env, r->msg, sizeof r->msg);
    if (!e)
        *ok = false;
    return e;
}

/* ---- results ---- */

void ddbr_init(ddb_request *r)
{
    memset(r, 0, offsetof(ddb_request, query_key));
    r->query_key[0] = '\0';
    r->msg[0] = '\0';
}

task_answer_kind ddbr_result(ddb_request *r, jv *result)
{
    r->out->kind = TASK_RESULT;
    if (r->sdk) {
        r->out->result = result;
        return TASK_RESULT;
    }
    char *body = jv_dump_string(result, 0);
    char id[53];
    svc_request_id(r->call, id, 52);
    svc_http h = {"application/x-amz-json-1.0", id,
                  r->action == A_GET ? "x-amzn-requestid" : "x-amzn-RequestId",
                  strlen(body), true, svc_crc32(body, strlen(body)), true, "Connection"};
    engine_free(body);
    r->out->result = svc_with_metadata(result, &h, r->call->now_ms, ddb_store_meta(r->store));
    return TASK_RESULT;
}

/* ReturnValues: one of allowed (a NULL-ended list), NONE by default. */
static bool return_values(ddb_request *r, const char *const *allowed, const char **out)
{
    bool bad = false;
    const char *v = ddbr_string(r, "ReturnValues", &bad);
    *out = "NONE";
    if (bad)
        return false;
    if (!v)
        return true;
    for (const char *const *a = allowed; *a; a++)
        if (!strcmp(v, *a)) {
            *out = v;
            return true;
        }
    snprintf(r->msg, sizeof r->msg, "ReturnValues can only be %s%s%s for this operation (got %s)",
             allowed[0], allowed[1] ? " or " : "", allowed[1] ? allowed[1] : "", v);
    for (const char *const *a = allowed; *a; a++)
        if (a - allowed >= 2) {
            snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value '%s' at "
                     "'returnValues' failed to satisfy constraint: Member must satisfy enum value "
                     "set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]", v);
            break;
        }
    return false;
}

/* The key of a get/update/delete: checked against the schema, its text into key. */
bool ddbr_key(ddb_request *r, char *key, bool *no_table)
{
    const char *hash, *range;
    if (!ddb_store_table(r->store, r->table, &hash, &range)) {
        *no_table = true;
        return false;
    }
    if (!ddbr_require(r, "Key", "key"))
        return false;
    const jv *k = ddbr_param(r, "Key");
    if (!ddb_item_check(k, r->msg, sizeof r->msg))
        return false;
    return ddb_store_key(r->store, r->table, k, false, key, DDB_KEY_MAX, r->msg, sizeof r->msg);
}

/* What every write (delete, update) starts with: the key, then ReturnValues from allowed.
 * False when either is invalid (r->msg says why) or, with *no_table set, when the table
 * does not exist. */
static bool write_params(ddb_request *r, const char *const *allowed, char *key,
                         const char **rv, bool *no_table)
{
    return ddbr_key(r, key, no_table) && return_values(r, allowed, rv);
}

/* A ConditionExpression that the current item fails. */
bool ddbr_condition_fails(const ddb_expr *cond, const jv *item)
{
    return cond && !ddb_condition_eval(cond, item);
}

task_answer_kind ddbr_check_failed(ddb_request *r)
{
    return ddbr_fail(r, "ConditionalCheckFailedException", "The conditional request failed");
}

/* ---- the actions ---- */

static task_answer_kind ddb_put(ddb_request *r)
{
    static const char *const allowed[] = {"NONE", "ALL_OLD", NULL};
    const char *rv;
    const char *hash, *range;
    bool ok = ddbr_require(r, "Item", "item");
    if (ok && !ddb_store_table(r->store, r->table, &hash, &range))
        return ddbr_no_table(r);
    const jv *item = ddbr_param(r, "Item");
    char key[DDB_KEY_MAX];
    ok = ok && ddb_item_check(item, r->msg, sizeof r->msg) &&
         ddb_store_key(r->store, r->table, item, true, key, sizeof key, r->msg, sizeof r->msg) &&
         return_values(r, allowed, &rv);
    ddb_expr *cond = ddbr_expr_param(r, "ConditionExpression", DDB_EXPR_CONDITION, &ok);
    ok = ok && ddbr_env_all_used(r);
    task_answer_kind k;
    if (!ok) {
        k = ddbr_invalid(r);
    } else {
        const jv *old = ddb_store_get(r->store, r->table, key);
        if (ddbr_condition_fails(cond, old)) {
            k = ddbr_check_failed(r);
        } else {
            jv *res = jv_object();
            if (old && !strcmp(rv, "ALL_OLD"))
                res = jv_object_set(res, "Attributes", old);
            ddb_store_put(r->store, r->table, key, item);
            k = ddbr_result(r, res);
        }
    }
    ddb_expr_free(cond);
    return k;
}

static task_answer_kind ddb_get(ddb_request *r)
{
    char key[DDB_KEY_MAX];
    bool no_table = false;
    bool ok = ddbr_key(r, key, &no_table);
    if (no_table)
        return ddbr_no_table(r);
    ddb_expr *proj = ddbr_expr_param(r, "ProjectionExpression", DDB_EXPR_PROJECTION, &ok);
    ok = ok && ddbr_env_all_used(r);
    if (!ok) {
        ddb_expr_free(proj);
        return ddbr_invalid(r);
    }
    const jv *item = ddb_store_get(r->store, r->table, key);
    jv *res = jv_object();
    if (item)
        res = jv_object_set_take(res, "Item", proj ? ddb_projection_apply(proj, item) : jv_ref(item));
    ddb_expr_free(proj);
    return ddbr_result(r, res);
}

static task_answer_kind ddb_delete(ddb_request *r)
{
    static const char *const allowed[] = {"NONE", "ALL_OLD", NULL};
    const char *rv;
    char key[DDB_KEY_MAX];
    bool no_table = false;
    bool ok = write_params(r, allowed, key, &rv, &no_table);
    if (no_table)
        return ddbr_no_table(r);
    ddb_expr *cond = ddbr_expr_param(r, "ConditionExpression", DDB_EXPR_CONDITION, &ok);
    ok = ok && ddbr_env_all_used(r);
    task_answer_kind k;
    const jv *old = ok ? ddb_store_get(r->store, r->table, key) : NULL;
    if (!ok) {
        k = ddbr_invalid(r);
    } else if (ddbr_condition_fails(cond, old)) {
        k = ddbr_check_failed(r);
    } else {
        jv *res = jv_object();
        if (old && !strcmp(rv, "ALL_OLD"))
            res = jv_object_set(res, "Attributes", old);
        ddb_store_delete(r->store, r->table, key);
        k = ddbr_result(r, res);
    }
    ddb_expr_free(cond);
    return k;
}

/* The attributes of item that the update wrote (UPDATED_OLD / UPDATED_NEW). */
static jv *updated_attributes(const ddb_expr *upd, const jv *item)
{
    jv *out = jv_object();
    for (size_t i = 0; upd && item && i < ddb_update_target_count(upd); i++) {
        const jv *v = jv_object_get(item, ddb_update_target(upd, i));
        if (v)
            out = jv_object_set(out, ddb_update_target(upd, i), v);
    }
    return out;
}

bool ddbr_update_keys_untouched(ddb_request *r, const ddb_expr *upd)
{
    const char *hash, *range;
    ddb_store_table(r->store, r->table, &hash, &range);
    for (size_t i = 0; upd && i < ddb_update_target_count(upd); i++) {
        const char *t = ddb_update_target(upd, i);
        if ((hash && !strcmp(t, hash)) || (range && !strcmp(t, range))) {
            snprintf(r->msg, sizeof r->msg, "One or more parameter values were invalid: Cannot "
                     "update attribute %s. This attribute is part of the key", t);
            return false;
        }
    }
    return true;
}

static jv *update_returns(const char *rv, const ddb_expr *upd, const jv *old, const jv *now)
{
    jv *res = jv_object();
    jv *attrs = NULL;
    if (!strcmp(rv, "ALL_NEW"))
        attrs = jv_ref(now);
    else if (!strcmp(rv, "ALL_OLD") && old)
        attrs = jv_ref(old);
    else if (!strcmp(rv, "UPDATED_NEW"))
        attrs = updated_attributes(upd, now);
    else if (!strcmp(rv, "UPDATED_OLD") && old)
        attrs = updated_attributes(upd, old);
    if (attrs && jv_object_size(attrs))
        res = jv_object_set(res, "Attributes", attrs);
    jv_unref(attrs);
    return res;
}

static task_answer_kind ddb_update(ddb_request *r)
{
    static const char *const allowed[] = {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
                                          "UPDATED_NEW", NULL};
    const char *rv;
    char key[DDB_KEY_MAX];
    bool no_table = false;
    bool ok = write_params(r, allowed, key, &rv, &no_table);
    if (no_table)
        return ddbr_no_table(r);
    ddb_expr *upd = ddbr_expr_param(r, "UpdateExpression", DDB_EXPR_UPDATE, &ok);
    ddb_expr *cond = ddbr_expr_param(r, "ConditionExpression", DDB_EXPR_CONDITION, &ok);
    ok = ok && ddbr_env_all_used(r) && ddbr_update_keys_untouched(r, upd);
    task_answer_kind k;
    const jv *old = ok ? ddb_store_get(r->store, r->table, key) : NULL;
    jv *now = NULL;
    if (!ok) {
        k = ddbr_invalid(r);
    } else if (ddbr_condition_fails(cond, old)) {
        k = ddbr_check_failed(r);
    } else {
        /* a new item starts as its key */
        jv *base = old ? jv_ref(old) : jv_ref(ddbr_param(r, "Key"));
        now = upd ? ddb_update_apply(upd, base, r->msg, sizeof r->msg) : jv_ref(base);
        jv_unref(base);
        if (!now || !ddb_item_check(now, r->msg, sizeof r->msg)) {
            k = ddbr_invalid(r);
        } else {
            jv *canonical = ddb_item_normalized(now);
            jv_unref(now);
            now = canonical;
            jv *res = update_returns(rv, upd, old, now);
            ddb_store_put(r->store, r->table, key, now);
            k = ddbr_result(r, res);
        }
    }
    jv_unref(now);
    ddb_expr_free(upd);
    ddb_expr_free(cond);
    return k;
}


/* ---- query and scan ---- */

typedef struct {
    const jv *item;
    const jv *sort;   /* the range key's value (query) */
    const char *key;  /* the canonical key text */
} ddb_row;

static int ddb_row_order(const void *a, const void *b)
{
    const ddb_row *x = a, *y = b;
    bool ok;
    int c = x->sort && y->sort ? ddb_value_order(x->sort, y->sort, &ok) : 0;
    return c;
}

/* The key attributes of item (LastEvaluatedKey). */
static jv *ddb_key_of(ddb_request *r, const jv *item)
{
    const char *hash, *range;
    ddb_store_table(r->store, r->table, &hash, &range);
    jv *k = jv_object_set(jv_object(), hash, jv_object_get(item, hash));
    if (range && jv_object_get(item, range))
        k = jv_object_set(k, range, jv_object_get(item, range));
    return k;
}

/* The query's key condition fits the schema: the hash key with "=", the range key. */
static bool key_condition_ok(ddb_request *r, const ddb_expr *kc)
{
    const char *names[2], *hash, *range;
    bool eq[2];
    size_t parts = ddb_key_condition_parts(kc, names, eq, r->msg, sizeof r->msg);
    ddb_store_table(r->store, r->table, &hash, &range);
    if (!parts)
        return false;
    bool hash_seen = false;
    for (size_t i = 0; i < parts; i++) {
        if (!strcmp(names[i], hash) && eq[i] && !hash_seen)
            hash_seen = true;
        else if (!range || strcmp(names[i], range)) {
            snprintf(r->msg, sizeof r->msg, "Query condition missed key schema element: %s",
                     !hash_seen && i == parts - 1 ? hash : range ? range : hash);
            return false;
        }
    }
    if (!hash_seen)
        snprintf(r->msg, sizeof r->msg, "Query condition missed key schema element: %s", hash);
    return hash_seen;
}

static bool limit_param(ddb_request *r, size_t *limit)
{
    const jv *v = ddbr_param(r, "Limit");
    *limit = (size_t)-1;
    if (!v)
        return true;
    if (!jv_is_integer(v) || jv_number_value(v) < 1 || jv_number_value(v) > 1e9) {
        snprintf(r->msg, sizeof r->msg, "1 validation error detected: Value at 'limit' failed to "
                 "satisfy constraint: Member must have value greater than or equal to 1");
        return false;
    }
    *limit = (size_t)jv_number_value(v);
    return true;
}

/* A query's hash key as the start of its items' canonical keys (the hash key's text comes
 * first: ddb_store.h), into r->query_key; false for a scan. */
static bool query_prefix(ddb_request *r, const ddb_expr *kc, const char *hash)
{
    const jv *v = kc ? ddb_key_condition_equal(kc, hash) : NULL;
    r->query_key[0] = '\0';
    if (v)
        ddb_key_text(v, r->query_key, sizeof r->query_key);
    return v != NULL;
}

/* The rows a read considers, in order: a query's matches sorted by the range key. A query
 * reads only the items of its hash key: in a table with no range key the one item under
 * that key, looked up; in one with a range key those whose canonical key starts with the
 * hash key's. */
static ddb_row *ddb_rows(ddb_request *r, const ddb_expr *kc, size_t *count)
{
    const jv *items = ddb_store_items(r->store, r->table);
    const char *hash, *range;
    ddb_store_table(r->store, r->table, &hash, &range);
    bool by_hash = query_prefix(r, kc, hash);
    size_t total = jv_object_size(items), n = 0, plen = strlen(r->query_key);
    ddb_row *rows = engine_malloc(((by_hash && !range ? 1 : total) + 1) * sizeof *rows);
    if (by_hash && !range) {
        const jv *item = jv_object_get(items, r->query_key);
        if (item && ddb_condition_eval(kc, item))
            rows[n++] = (ddb_row){item, NULL, r->query_key};
        total = 0;
    }
    for (size_t i = 0; i < total; i++) {
        const jv *item = jv_object_value_at(items, i);
        if (by_hash && strncmp(jv_string_value(jv_object_key_at(items, i)), r->query_key, plen))
            continue;
        if (kc && !ddb_condition_eval(kc, item))
            continue;
        rows[n++] = (ddb_row){item, range ? jv_object_get(item, range) : NULL,
                              jv_string_value(jv_object_key_at(items, i))};
    }
    if (kc && range)
        qsort(rows, n, sizeof *rows, ddb_row_order);
    const jv *forward = ddbr_param(r, "ScanIndexForward");
    if (kc && forward && jv_is_bool(forward) && !jv_is_true(forward))
        for (size_t i = 0; i < n / 2; i++) {
            ddb_row t = rows[i];
            rows[i] = rows[n - 1 - i];
            rows[n - 1 - i] = t;
        }
    *count = n;
    return rows;
}

/* Where a page starts: after ExclusiveStartKey's row. */
static bool start_after(ddb_request *r, const ddb_row *rows, size_t n, size_t *start)
{
    const jv *esk = ddbr_param(r, "ExclusiveStartKey");
    char key[DDB_KEY_MAX];
    *start = 0;
    if (!esk)
        return true;
    if (!ddb_store_key(r->store, r->table, esk, false, key, sizeof key, r->msg, sizeof r->msg)) {
        snprintf(r->msg, sizeof r->msg, "The provided starting key is invalid: The provided key "
                 "element does not match the schema");
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rows[i].key, key))
            *start = i + 1;
    return true;
}

static jv *ddb_page(ddb_request *r, const ddb_row *rows, size_t n, size_t start, size_t limit,
                    const ddb_expr *filter, const ddb_expr *proj)
{
    jv *items = jv_array();
    size_t scanned = 0, i = start;
    for (; i < n && scanned < limit; i++, scanned++) {
        if (filter && !ddb_condition_eval(filter, rows[i].item))
            continue;
        items = jv_array_append_take(items, proj ? ddb_projection_apply(proj, rows[i].item)
                                                 : jv_ref(rows[i].item));
    }
    const jv *select = ddbr_param(r, "Select");
    bool count_only = select && jv_is_string(select) && !strcmp(jv_string_value(select), "COUNT");
    jv *res = jv_object_set_take(jv_object(), "Count", jv_number((double)jv_array_length(items)));
    if (!count_only)
        res = jv_object_set(res, "Items", items);
    jv_unref(items);
    if (i < n && scanned == limit && scanned)
        res = jv_object_set_take(res, "LastEvaluatedKey", ddb_key_of(r, rows[i - 1].item));
    return jv_object_set_take(res, "ScannedCount", jv_number((double)scanned));
}

static task_answer_kind ddb_read(ddb_request *r)
{
    const char *hash, *range;
    if (!ddb_store_table(r->store, r->table, &hash, &range))
        return ddbr_no_table(r);
    bool query = r->action == A_QUERY, ok = true;
    size_t limit = 0, n = 0, start = 0;
    ddb_expr *kc = NULL;
    if (query && !ddbr_require(r, "KeyConditionExpression", "keyConditionExpression"))
        ok = false;
    if (query)
        kc = ddbr_expr_param(r, "KeyConditionExpression", DDB_EXPR_CONDITION, &ok);
    ddb_expr *filter = ddbr_expr_param(r, "FilterExpression", DDB_EXPR_CONDITION, &ok);
    ddb_expr *proj = ddbr_expr_param(r, "ProjectionExpression", DDB_EXPR_PROJECTION, &ok);
    ok = ok && ddbr_env_all_used(r) && limit_param(r, &limit) && (!kc || key_condition_ok(r, kc));
    ddb_row *rows = ok ? ddb_rows(r, kc, &n) : NULL;
    ok = ok && start_after(r, rows, n, &start);
    task_answer_kind k = ok ? ddbr_result(r, ddb_page(r, rows, n, start, limit, filter, proj))
                            : ddbr_invalid(r);
    engine_free(rows);
    ddb_expr_free(kc);
    ddb_expr_free(filter);
    ddb_expr_free(proj);
    return k;
}

static ddb_action_kind ddb_action_of(const asl_resource_info *info, bool *sdk)
{
    static const svc_action actions[] = {
        {"getItem", A_GET, false}, {"putItem", A_PUT, false}, {"updateItem", A_UPDATE, false},
        {"deleteItem", A_DELETE, false}, {"query", A_QUERY, true}, {"scan", A_SCAN, true},
        {"batchWriteItem", A_BATCH_WRITE, true}, {"transactWriteItems", A_TRANSACT_WRITE, true},
    };
    return (ddb_action_kind)svc_action_find(info, "dynamodb", "aws-sdk:dynamodb", actions,
                                            sizeof actions / sizeof actions[0], sdk, A_UNKNOWN);
}

task_answer_kind dynamodb_service_resolve(void *user, const task_call *call, task_answer *out)
{
    ddb_request r;
    ddbr_init(&r);
    r.action = ddb_action_of(&call->info, &r.sdk);
    if (r.action == A_UNKNOWN)
        return TASK_NO_ANSWER;
    r.store = user;
    r.call = call;
    r.params = call->input;
    r.out = out;
    out->final = false;
    if (r.action == A_BATCH_WRITE || r.action == A_TRANSACT_WRITE) {
        char source[80];
        snprintf(source, sizeof source, "the local DynamoDB: %.*s", (int)call->info.action_len,
                 call->info.action);
        out->source = engine_strdup(source);
        return r.action == A_BATCH_WRITE ? ddb_batch_write(&r) : ddb_transact_write(&r);
    }
    bool ok = ddbr_table_name_ok(&r) && ddbr_env_setup(&r);
    char source[400];
    snprintf(source, sizeof source, "the local DynamoDB: %.*s %s", (int)call->info.action_len,
             call->info.action, r.table ? r.table : "?");
    out->source = engine_strdup(source);
    task_answer_kind k;
    if (!ok)
        k = ddbr_invalid(&r);
    else {
        switch (r.action) {
        case A_GET: k = ddb_get(&r); break;
        case A_PUT: k = ddb_put(&r); break;
        case A_UPDATE: k = ddb_update(&r); break;
        case A_DELETE: k = ddb_delete(&r); break;
        default: k = ddb_read(&r); break;
        }
    }
    ddbr_env_free(&r);
    return k;
}
