/*
 * exec_map_reader — a Map's ItemReader wired to the execution's S3 store: the reader's
 * Parameters evaluated over the state's effective input (Bucket, Key, Prefix), its
 * ReaderConfig with MaxItemsPath resolved, then the items pulled one at a time from
 * itemreader.c over the store's streaming object reader (s3:getObject, MANIFEST data
 * files) or its ListObjectsV2 pages (s3:listObjectsV2). docs/map-data.md, "Wired".
 *
 * Every failure is the state's States.ItemReaderFailed: no store configured, a bucket or
 * key the store does not have, or the reader's own causes.
 */
#include <stdio.h>
#include <string.h>

#include "exec_map.h"
#include "exec_jsonata.h"
#include "itemreader.h"
#include "objstore.h"
#include "template.h"

#define ITEM_READER_FAILED "States.ItemReaderFailed"

/* ---- the store as the reader's byte source ---- */

static ssize_t map_reader_read(void *user, char *buf, size_t n)
{
    size_t got = 0;
    objstore_error oe;
    if (objstore_reader_read(user, buf, n, &got, &oe) != OBJSTORE_OK)
        return -1;
    return (ssize_t)got;
}

/* Opens s3://bucket/key for reading; false with the cause in err. */
static bool map_reader_open(objstore *store, const char *bucket, const char *key,
                            objstore_reader **out, asl_error *err)
{
    objstore_error oe;
    objstore_status st = objstore_open(store, bucket, key, out, NULL, &oe);
    if (st == OBJSTORE_OK)
        return true;
    if (st == OBJSTORE_NO_SUCH_KEY)
        asl_error_set(err, ITEM_READER_FAILED,
                      "S3.NoSuchKeyException: The specified key does not exist. (s3://%s/%s)",
                      bucket, key);
    else if (st == OBJSTORE_NO_SUCH_BUCKET)
        asl_error_set(err, ITEM_READER_FAILED,
                      "S3.NoSuchBucketException: The specified bucket does not exist. (%s is "
                      "not in the S3 store: --s3-dir DIR/%s, or --services-state's \"s3\")",
                      bucket, bucket);
    else
        asl_error_set(err, ITEM_READER_FAILED, "Reading s3://%s/%s failed: %s", bucket, key,
                      oe.message);
    return false;
}

static int map_reader_open_file(void *user, const char *bucket, const char *key,
                                itemreader_source *out, asl_error *err)
{
    objstore_reader *rd = NULL;
    if (!map_reader_open(user, bucket, key, &rd, err))
        return -1;
    out->read = map_reader_read;
    out->user = rd;
    return 0;
}

static void map_reader_close_file(void *user, itemreader_source *src)
{
    objstore_reader_close(src->user);
    src->user = NULL;
}

/* ---- s3:listObjectsV2: the store's pages, one object at a time ---- */

typedef struct {
    objstore *store;
    const char *bucket, *prefix;
    objstore_list_page page;
    size_t at;
    bool started;
    char *after;       /* the last key handed out */
    char etag[36];     /* S3's quoted ETag of the object handed out */
} map_lister;

static int map_lister_next(void *user, itemreader_listed *out, asl_error *err)
{
    map_lister *l = user;
    if (l->at == l->page.count) {
        if (l->started && !l->page.truncated)
            return 0;
        objstore_list_query q = {l->bucket, l->prefix, l->after, OBJSTORE_LIST_MAX};
        objstore_error oe;
        objstore_list_page_cleanup(&l->page);
        objstore_status st = objstore_list(l->store, &q, &l->page, &oe);
        l->started = true;
        l->at = 0;
        if (st != OBJSTORE_OK) {
            asl_error_set(err, ITEM_READER_FAILED, "Listing s3://%s/%s failed: %s", l->bucket,
                          l->prefix ? l->prefix : "", oe.message);
            return -1;
        }
        if (l->page.count == 0)
            return 0;
    }
    const objstore_entry *e = &l->page.entries[l->at++];
    engine_free(l->after);
    l->after = engine_strdup(e->key);
    snprintf(l->etag, sizeof l->etag, "\"%s\"", e->head.etag);
    out->key = e->key;
    out->size = e->head.size;
    out->etag = l->etag;
    out->last_modified = e->head.last_modified_ms / 1000;
    out->storage_class = NULL;
    return 1;
}

/* ---- the ItemReader's fields ---- */

jv *exec_map_field_parameters(exec_ctx *f, const jv *field, const jv *effective)
{
    if (f->state->jsonata) {
        const jv *args = jv_object_get(field, "Arguments");
        return args ? exec_jsonata_over(f, args, effective, "Arguments") : jv_object();
    }
    const jv *params = jv_object_get(field, "Parameters");
    if (!params)
        return jv_object();
    template_error te;
    payload_template *t = template_compile(params, &te);
    if (!t) {
        exec_runtime_error(f, "%s", te.message);
        return NULL;
    }
    jv *v = exec_apply_template(f, t, effective);
    template_free(t);
    return v;
}

/* ReaderConfig with MaxItemsPath's value as MaxItems (a new reference, {} when absent). */
static jv *map_reader_config(exec_ctx *f, const jv *reader, const jv *effective)
{
    const jv *config = jv_object_get(reader, "ReaderConfig");
    jv *c = config ? jv_ref(config) : jv_object();
    const jv *expr = f->state->jsonata ? jv_object_get(c, "MaxItems") : NULL;
    if (expr && jv_is_string(expr)) {
        jv *max = exec_jsonata_over(f, expr, effective, "MaxItems");
        if (!max) {
            jv_unref(c);
            return NULL;
        }
        return jv_object_set_take(c, "MaxItems", max);
    }
    const jv *path_text = jv_object_get(c, "MaxItemsPath");
    if (!path_text || !jv_is_string(path_text))
        return c;
    jsonpath_error pe;
    jsonpath *p = jsonpath_compile(jv_string_value(path_text), &pe);
    jv *max = p ? exec_eval_path(f, p, effective) : NULL;
    if (!p)
        exec_runtime_error(f, "ItemReader.ReaderConfig.MaxItemsPath is not a path");
    jsonpath_free(p);
    if (!max) {
        jv_unref(c);
        return NULL;
    }
    return jv_object_set_take(c, "MaxItems", max);
}

static const char *map_param_string(const jv *params, const char *name)
{
    const jv *v = jv_object_get(params, name);
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

/* ---- reading ---- */

/* The reader's object (or listing) and what reads it: open once, read from the start as
 * often as the Map needs (a counting pass, the run, a retry). */
struct exec_map_source {
    objstore *store;
    jv *params, *config;         /* evaluated; the options borrow from config */
    itemreader_options o;
    map_lister lister;
    objstore_reader *object;
    itemreader *reader;
    jv *name;                    /* $$.Map.Item.Source */
};

/* Opens what the reader reads, from its first item; false with err set. */
static bool map_reading_open(exec_map_source *rd, asl_error *err)
{
    const char *bucket = map_param_string(rd->params, "Bucket");
    const char *key = map_param_string(rd->params, "Key");
    if (!bucket) {
        asl_error_set(err, ITEM_READER_FAILED, "The ItemReader's Parameters need a Bucket.");
        return false;
    }
    if (rd->o.format == ITEMREADER_LISTING) {
        rd->lister.store = rd->store;
        rd->lister.bucket = bucket;
        rd->lister.prefix = map_param_string(rd->params, "Prefix");
        rd->o.list = map_lister_next;
        rd->o.list_user = &rd->lister;
        return true;
    }
    if (!key) {
        asl_error_set(err, ITEM_READER_FAILED, "The ItemReader's Parameters need a Key.");
        return false;
    }
    rd->o.open = map_reader_open_file;
    rd->o.close = map_reader_close_file;
    rd->o.open_user = rd->store;
    return map_reader_open(rd->store, bucket, key, &rd->object, err);
}

/* Closes the current pass: the reader, its object, the listing's page. */
static void map_reading_close(exec_map_source *rd)
{
    itemreader_free(rd->reader);
    rd->reader = NULL;
    objstore_reader_close(rd->object);
    rd->object = NULL;
    objstore_list_page_cleanup(&rd->lister.page);
    engine_free(rd->lister.after);
    memset(&rd->lister, 0, sizeof rd->lister);
}

bool exec_map_source_rewind(exec_map_source *rd, asl_error *err)
{
    map_reading_close(rd);
    if (!map_reading_open(rd, err))
        return false;
    itemreader_source src = {map_reader_read, rd->object};
    rd->reader = itemreader_new(&rd->o, src);
    return true;
}

itemreader_status exec_map_source_next(exec_map_source *rd, jv **item, asl_error *err)
{
    if (!rd->reader) {
        asl_error_set(err, ITEM_READER_FAILED, "The ItemReader could not read its object.");
        return ITEMREADER_ERROR;
    }
    return itemreader_next(rd->reader, item, err);
}

void exec_map_source_free(exec_map_source *rd)
{
    if (!rd)
        return;
    map_reading_close(rd);
    jv_unref(rd->params);
    jv_unref(rd->config);
    jv_unref(rd->name);
    engine_free(rd);
}

/* AWS's names (docs/semantics.md): the bucket for a listing's items, else the object. */
static jv *map_source_name_of(const exec_map_source *rd)
{
    const char *bucket = map_param_string(rd->params, "Bucket");
    const char *key = map_param_string(rd->params, "Key");
    if (rd->o.format == ITEMREADER_LISTING || !key)
        return jv_string_fmt("S3://%s", bucket ? bucket : "");
    return jv_string_fmt("S3://%s/%s", bucket ? bucket : "", key);
}

const char *exec_map_source_name(const exec_map_source *src)
{
    return jv_string_value(src->name);
}

/* A source for the state's ItemReader, not yet reading; NULL with err set. */
static exec_map_source *map_source_new(exec_ctx *f, const jv *params, jv *config_take,
                                       asl_error *err)
{
    objstore *store = f->ex->opts.s3;
    const jv *resource = jv_object_get(f->state->map.item_reader, "Resource");
    exec_map_source *rd = engine_calloc(1, sizeof *rd);
    rd->store = store;
    rd->params = jv_ref(params);
    rd->config = config_take;
    if (!store) {
        asl_error_set(err, ITEM_READER_FAILED,
                      "Map state '%s' reads its items from S3, but no S3 store is configured "
                      "(--s3-dir, or an \"s3\" section in --services-state).",
                      f->state->name);
    } else if (itemreader_options_from_json(&rd->o, resource ? jv_string_value(resource) : NULL,
                                            rd->config, err)) {
        rd->name = map_source_name_of(rd);
        return rd;
    }
    exec_map_source_free(rd);
    return NULL;
}

/* Reads every item once, counting them: a reader error shows here, before any child runs. */
static bool map_source_count(exec_map_source *rd, uint64_t *count, asl_error *err)
{
    if (!exec_map_source_rewind(rd, err))
        return false;
    jv *item = NULL;
    itemreader_status st;
    while ((st = exec_map_source_next(rd, &item, err)) == ITEMREADER_ITEM)
        jv_unref(item);
    *count = itemreader_items_read(rd->reader);
    map_reading_close(rd);
    return st == ITEMREADER_END;
}

/* The source of the state's ItemReader, its fields evaluated over the effective input; NULL
 * with f->err set. */
static exec_map_source *map_source_for(exec_ctx *f, const jv *effective, asl_error *err)
{
    const jv *reader = f->state->map.item_reader;
    jv *params = exec_map_field_parameters(f, reader, effective);
    jv *config = params ? map_reader_config(f, reader, effective) : NULL;
    exec_map_source *rd = config ? map_source_new(f, params, config, err) : NULL;
    jv_unref(params);
    return rd;
}

exec_map_source *exec_map_source_open(exec_ctx *f, const jv *effective, uint64_t *count)
{
    asl_error err = ASL_ERROR_INIT;
    exec_map_source *rd = map_source_for(f, effective, &err);
    if (rd && !map_source_count(rd, count, &err)) {
        exec_map_source_free(rd);
        rd = NULL;
    }
    if (err.name)
        asl_error_move(f->err, &err);
    asl_error_clear(&err);
    return rd;
}

jv *exec_map_read_items(exec_ctx *f, const jv *effective, jv **source)
{
    asl_error err = ASL_ERROR_INIT;
    exec_map_source *rd = map_source_for(f, effective, &err);
    *source = rd ? jv_ref(rd->name) : NULL;
    jv *items = rd && exec_map_source_rewind(rd, &err) ? jv_array() : NULL, *item = NULL;
    itemreader_status st = ITEMREADER_ERROR;
    while (items && (st = exec_map_source_next(rd, &item, &err)) == ITEMREADER_ITEM)
        items = jv_array_append_take(items, item);
    if (items && st != ITEMREADER_END) {
        jv_unref(items);
        items = NULL;
    }
    if (err.name)
        asl_error_move(f->err, &err);
    asl_error_clear(&err);
    exec_map_source_free(rd);
    return items;
}
