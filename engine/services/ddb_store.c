/* ddb_store — the embedded DynamoDB's tables in one immutable value. */
#include "services/ddb_store.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "jv_text.h"
#include "services/ddb_value.h"
#include "services/svc_meta.h"

#define DDB_KEY_TEXT_MAX 4096

struct ddb_store {
    jv *tables;   /* {"TABLE": {"KeySchema": [...], "Items": {KEYTEXT: item}}} */
    jv *tokens;   /* {"TOKEN": {"Request": text, "At": ms}} (ClientRequestToken) */
    svc_meta *meta;
};

#define DDB_TOKEN_TTL_MS (10 * 60 * 1000)
#define DDB_TOKENS_MAX 10000

ddb_store *ddb_store_new(void)
{
    ddb_store *s = engine_calloc(1, sizeof *s);
    s->tables = jv_object();
    s->tokens = jv_object();
    s->meta = svc_meta_new();
    return s;
}

svc_meta *ddb_store_meta(ddb_store *s)
{
    return s->meta;
}

void ddb_store_free(ddb_store *s)
{
    if (!s)
        return;
    jv_unref(s->tables);
    jv_unref(s->tokens);
    svc_meta_free(s->meta);
    engine_free(s);
}

jv *ddb_store_snapshot(const ddb_store *s)
{
    return jv_ref(s->tables);
}

void ddb_store_restore(ddb_store *s, const jv *snapshot)
{
    jv *old = s->tables;
    s->tables = jv_ref(snapshot);
    jv_unref(old);
}

static const char *schema_key(const jv *schema, const char *type)
{
    for (size_t i = 0; i < jv_array_length(schema); i++) {
        const jv *k = jv_array_get(schema, i);
        const jv *t = jv_object_get(k, "KeyType");
        if (t && jv_is_string(t) && !strcmp(jv_string_value(t), type))
            return jv_string_value(jv_object_get(k, "AttributeName"));
    }
    return NULL;
}

bool ddb_store_table(const ddb_store *s, const char *table, const char **hash,
                     const char **range)
{
    const jv *t = jv_object_get(s->tables, table);
    if (!t)
        return false;
    const jv *schema = jv_object_get(t, "KeySchema");
    *hash = schema_key(schema, "HASH");
    *range = schema_key(schema, "RANGE");
    return true;
}

static bool key_attr(const jv *key, const char *name, char *buf, size_t n, char *err,
                     size_t errlen, bool item)
{
    const jv *v = jv_object_get(key, name);
    if (!v) {
        if (item)
            snprintf(err, errlen, "One or more parameter values were invalid: Missing the key %s "
                     "in the item", name);
        else
            snprintf(err, errlen, "The provided key element does not match the schema");
        return false;
    }
    ddb_type t = ddb_type_of(v);
    if (t != DDB_S && t != DDB_N && t != DDB_B) {
        snprintf(err, errlen, item ? "One or more parameter values were invalid: Type mismatch for "
                 "key %s expected: S, N or B actual: %s" : "The provided key element does not "
                 "match the schema", name, ddb_type_name(t));
        return false;
    }
    if ((t == DDB_S || t == DDB_B) && jv_string_length(ddb_payload(v)) == 0) {
        snprintf(err, errlen, "One or more parameter values are not valid. The AttributeValue for a "
                 "key attribute cannot contain an empty %s value. Key: %s",
                 t == DDB_S ? "string" : "binary", name);
        return false;
    }
    ddb_key_text(v, buf, n);
    return true;
}

bool ddb_store_key(const ddb_store *s, const char *table, const jv *key, bool item, char *buf,
                   size_t n, char *err, size_t errlen)
{
    const char *hash, *range;
    buf[0] = '\0';
    if (!ddb_store_table(s, table, &hash, &range) || !hash) {
        snprintf(err, errlen, "Requested resource not found");
        return false;
    }
    if (!jv_is_object(key)) {
        snprintf(err, errlen, "The provided key element does not match the schema");
        return false;
    }
    if (!key_attr(key, hash, buf, n, err, errlen, item) ||
        (range && !key_attr(key, range, buf, n, err, errlen, item)))
        return false;
    if (!item && jv_object_size(key) != (range ? 2u : 1u)) {
        snprintf(err, errlen, "The provided key element does not match the schema");
        return false;
    }
    return true;
}

const jv *ddb_store_items(const ddb_store *s, const char *table)
{
    const jv *t = jv_object_get(s->tables, table);
    return t ? jv_object_get(t, "Items") : NULL;
}

const jv *ddb_store_get(const ddb_store *s, const char *table, const char *key)
{
    const jv *items = ddb_store_items(s, table);
    return items ? jv_object_get(items, key) : NULL;
}

/* The table (with Items nulled) and its Items, taken out of the store (both owned): unless
 * a snapshot shares them they then have one reference each and a write changes them in
 * place, instead of copying the table's items per write. NULL when no such table. */
static jv *take_items(ddb_store *s, const char *table, jv **tab)
{
    const jv *t = jv_object_get(s->tables, table);
    if (!t)
        return NULL;
    *tab = jv_ref(t);
    s->tables = jv_object_set_take(s->tables, table, jv_null());
    jv *items = jv_ref(jv_object_get(*tab, "Items"));
    *tab = jv_object_set_take(*tab, "Items", jv_null());
    return items;
}

/* Puts what take_items took back (both consumed). */
static void put_items(ddb_store *s, const char *table, jv *tab, jv *items)
{
    tab = jv_object_set_take(tab, "Items", items);
    s->tables = jv_object_set_take(s->tables, table, tab);
}

void ddb_store_put(ddb_store *s, const char *table, const char *key, const jv *item)
{
    jv *tab;
    jv *items = take_items(s, table, &tab);
    if (items)
        put_items(s, table, tab, jv_object_set_take(items, key, ddb_item_normalized(item)));
}

void ddb_store_delete(ddb_store *s, const char *table, const char *key)
{
    const jv *present = ddb_store_items(s, table);
    jv *tab;
    jv *items = present && jv_object_has(present, key) ? take_items(s, table, &tab) : NULL;
    if (items)
        put_items(s, table, tab, jv_object_delete(items, key));
}

static bool load_fail(char *err, size_t n, const char *table, const char *msg)
{
    snprintf(err, n, "dynamodb: table '%s': %s", table, msg);
    return false;
}

static bool load_schema(const jv *schema, const char *table, char *err, size_t n)
{
    if (!jv_is_array(schema) || jv_array_length(schema) < 1 || jv_array_length(schema) > 2)
        return load_fail(err, n, table, "KeySchema must be a list of one HASH key and an optional "
                         "RANGE key: [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}]");
    for (size_t i = 0; i < jv_array_length(schema); i++) {
        const jv *k = jv_array_get(schema, i);
        const jv *name = jv_is_object(k) ? jv_object_get(k, "AttributeName") : NULL;
        const jv *type = jv_is_object(k) ? jv_object_get(k, "KeyType") : NULL;
        if (!name || !jv_is_string(name) || !jv_string_length(name) || !type ||
            !jv_is_string(type) ||
            strcmp(jv_string_value(type), i == 0 ? "HASH" : "RANGE"))
            return load_fail(err, n, table, "each KeySchema entry has an AttributeName and a "
                             "KeyType: HASH first, then RANGE");
    }
    return true;
}

static bool table_name_valid(const char *name)
{
    size_t len = strlen(name);
    if (len < 3 || len > 255)
        return false;
    for (const char *p = name; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.'))
            return false;
    return true;
}

static bool load_table(ddb_store *s, const char *name, const jv *def, char *err, size_t n)
{
    if (!table_name_valid(name))
        return load_fail(err, n, name, "a table name is 3 to 255 letters, digits, '_', '-' or '.'");
    if (!jv_is_object(def))
        return load_fail(err, n, name, "a table is an object {\"KeySchema\": [...], \"Items\": [...]}");
    const jv *schema = jv_object_get(def, "KeySchema"), *items = jv_object_get(def, "Items");
    if (!load_schema(schema, name, err, n))
        return false;
    if (items && !jv_is_array(items))
        return load_fail(err, n, name, "Items must be a list of items");
    jv *t = jv_object_set(jv_object(), "KeySchema", schema);
    t = jv_object_set_take(t, "Items", jv_object());
    s->tables = jv_object_set_take(s->tables, name, t);
    for (size_t i = 0; items && i < jv_array_length(items); i++) {
        const jv *item = jv_array_get(items, i);
        char key[DDB_KEY_TEXT_MAX], msg[512], where[64];
        snprintf(where, sizeof where, "item %zu", i + 1);
        if (!ddb_item_check(item, msg, sizeof msg) ||
            !ddb_store_key(s, name, item, true, key, sizeof key, msg, sizeof msg)) {
            snprintf(err, n, "dynamodb: table '%s': %s: %s", name, where, msg);
            return false;
        }
        if (ddb_store_get(s, name, key)) {
            snprintf(err, n, "dynamodb: table '%s': %s: an earlier item has the same key (a "
                     "table holds one item per key)", name, where);
            return false;
        }
        ddb_store_put(s, name, key, item);
    }
    return true;
}

bool ddb_store_load(ddb_store *s, const jv *section, char *err, size_t n)
{
    for (size_t i = 0; i < jv_object_size(section); i++)
        if (!load_table(s, jv_string_value(jv_object_key_at(section, i)),
                        jv_object_value_at(section, i), err, n))
            return false;
    return true;
}

jv *ddb_store_save(const ddb_store *s)
{
    jv *out = jv_object();
    for (size_t i = 0; i < jv_object_size(s->tables); i++) {
        const jv *t = jv_object_value_at(s->tables, i), *items = jv_object_get(t, "Items");
        jv *list = jv_array();
        for (size_t k = 0; k < jv_object_size(items); k++)
            list = jv_array_append(list, jv_object_value_at(items, k));
        jv *nt = jv_object_set(jv_object(), "KeySchema", jv_object_get(t, "KeySchema"));
        nt = jv_object_set_take(nt, "Items", list);
        out = jv_object_set_take(out, jv_string_value(jv_object_key_at(s->tables, i)), nt);
    }
    return out;
}

/* ---- ClientRequestToken ---- */

static bool token_live(const jv *entry, int64_t now_ms)
{
    const jv *at = jv_object_get(entry, "At");
    return at && now_ms - (int64_t)jv_number_value(at) < DDB_TOKEN_TTL_MS;
}

ddb_token_seen ddb_store_token(const ddb_store *s, const char *token, const char *request,
                               int64_t now_ms)
{
    const jv *entry = jv_object_get(s->tokens, token);
    if (!entry || !token_live(entry, now_ms))
        return DDB_TOKEN_NEW;
    return strcmp(jv_string_value(jv_object_get(entry, "Request")), request) ? DDB_TOKEN_MISMATCH
                                                                              : DDB_TOKEN_REPEAT;
}

void ddb_store_token_keep(ddb_store *s, const char *token, const char *request, int64_t now_ms)
{
    /* forget the expired ones (and, past the bound, the oldest) */
    jv *kept = jv_object();
    size_t n = jv_object_size(s->tokens);
    for (size_t i = n >= DDB_TOKENS_MAX ? n - DDB_TOKENS_MAX + 1 : 0; i < n; i++) {
        const jv *e = jv_object_value_at(s->tokens, i);
        const char *name = jv_string_value(jv_object_key_at(s->tokens, i));
        if (token_live(e, now_ms) && strcmp(name, token))
            kept = jv_object_set(kept, name, e);
    }
    jv *entry = jv_object_set_take(jv_object(), "Request", jv_string(request));
    entry = jv_object_set_take(entry, "At", jv_number((double)now_ms));
    jv_unref(s->tokens);
    s->tokens = jv_object_set_take(kept, token, entry);
}
