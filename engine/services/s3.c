/* s3 — aws-sdk:s3 tasks on the S3 store. */
#include "services/s3.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "base64.h"
#include "jv_text.h"
#include "rng.h"
#include "services/s3_attrs.h"
#include "services/svc_common.h"
#include "timeutil.h"

typedef struct {
    objstore *store;
    const task_call *call;
    task_answer *out;
    const char *bucket, *key;
} s3_request;

/* ---- errors ---- */

/* "(Service: S3, Status Code: 404, Request ID: ..., Extended Request ID: ...)" with ids
 * from the execution's random stream. */
static void s3_error_suffix(const task_call *call, int status, char *buf, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    char id[17], ext_raw[57], ext[BASE64_ENCODED_SIZE(57)];
    for (size_t i = 0; i < 16; i++)
        id[i] = hex[call->random ? rng_below(call->random, 16) : 0];
    id[16] = '\0';
    for (size_t i = 0; i < sizeof ext_raw; i++)
        ext_raw[i] = (char)(call->random ? rng_below(call->random, 256) : 0);
    base64_encode(ext_raw, sizeof ext_raw, BASE64_ALPHABET_STANDARD, ext);
    snprintf(buf, n, "(Service: S3, Status Code: %d, Request ID: %s, Extended Request ID: %s)",
             status, id, ext);
}

static task_answer_kind s3_fail(s3_request *r, const char *name, int status, const char *message)
{
    char suffix[256];
    s3_error_suffix(r->call, status, suffix, sizeof suffix);
    r->out->kind = TASK_ERROR;
    asl_error_set(&r->out->error, name, "%s %s", message, suffix);
    return TASK_ERROR;
}

/* The error a store status is, as the SDK names it: the modelled NoSuchKey and
 * NoSuchBucket get their exceptions, the rest S3's generic one. AWS's own messages. */
static task_answer_kind s3_fail_status(s3_request *r, objstore_status st,
                                       const objstore_error *err, bool head)
{
    switch (st) {
    case OBJSTORE_NO_SUCH_KEY:
        /* a HEAD answer has no body, so the SDK has no message: Java prints "null" */
        return s3_fail(r, "S3.NoSuchKeyException", 404,
                       head ? "null" : "The specified key does not exist.");
    case OBJSTORE_NO_SUCH_BUCKET:
        return s3_fail(r, "S3.NoSuchBucketException", 404,
                       head ? "null" : "The specified bucket does not exist");
    case OBJSTORE_TOO_LARGE:
        r->out->kind = TASK_ERROR;
        asl_error_set(&r->out->error, "States.DataLimitExceeded", "%s", err->message);
        return TASK_ERROR;
    case OBJSTORE_INVALID_KEY:
        return s3_fail(r, "S3.S3Exception", 400, err->message);
    default:
        return s3_fail(r, "S3.S3Exception", 500, err->message);
    }
}

/* The SDK's client-side failure (the request was never sent). */
static task_answer_kind s3_fail_client(s3_request *r, const char *message)
{
    r->out->kind = TASK_ERROR;
    asl_error_set(&r->out->error, "S3.SdkClientException", "%s", message);
    return TASK_ERROR;
}

/* A required string parameter, or the SDK's client-side failure. */
static bool s3_param(s3_request *r, const char *name, const char **out)
{
    const jv *v = jv_is_object(r->call->input) ? jv_object_get(r->call->input, name) : NULL;
    if (v && jv_is_string(v) && jv_string_length(v) > 0) {
        *out = jv_string_value(v);
        return true;
    }
    r->out->kind = TASK_ERROR;
    asl_error_set(&r->out->error, "S3.SdkClientException", "Parameter '%s' must not be %s",
                  name, v ? "empty or a non-string" : "null");
    return false;
}

static const char *s3_optional(const task_call *call, const char *name)
{
    const jv *v = jv_is_object(call->input) ? jv_object_get(call->input, name) : NULL;
    return v && jv_is_string(v) ? jv_string_value(v) : NULL;
}

/* ---- results ---- */

static jv *s3_etag(const char *etag)
{
    return jv_string_fmt("\"%s\"", etag);
}

/* The SDK's timestamps as Step Functions prints them: seconds, UTC. */
static jv *s3_timestamp(int64_t ms)
{
    char buf[40];
    if (!timeutil_ms_in_range(ms))
        ms = 0;
    timeutil_format_ms(ms, buf, sizeof buf);
    char *dot = strchr(buf, '.');
    if (dot)
        strcpy(dot, "Z");
    return jv_string(buf);
}

static task_answer_kind s3_result(s3_request *r, jv *result)
{
    r->out->kind = TASK_RESULT;
    r->out->result = result;
    return TASK_RESULT;
}

/* o with attrs' member name, when it has one. */
static jv *s3_copy_attr(jv *o, const jv *attrs, const char *name)
{
    const jv *v = attrs ? jv_object_get(attrs, name) : NULL;
    return v ? jv_object_set(o, name, v) : o;
}

/* The members getObject (get) and headObject share, in AWS's order, with what the put
 * kept (attrs, may be NULL): S3's default ContentType, and no StorageClass for STANDARD. */
static jv *s3_object_head(const objstore_head *h, const jv *attrs, bool get)
{
    jv *o = jv_object_set_take(jv_object(), "AcceptRanges", jv_string("bytes"));
    o = s3_copy_attr(o, attrs, "CacheControl");
    o = s3_copy_attr(o, attrs, "ContentDisposition");
    o = s3_copy_attr(o, attrs, "ContentEncoding");
    o = s3_copy_attr(o, attrs, "ContentLanguage");
    o = jv_object_set_take(o, "ContentLength", jv_number((double)h->size));
    const jv *type = attrs ? jv_object_get(attrs, "ContentType") : NULL;
    o = type ? jv_object_set(o, "ContentType", type)
             : jv_object_set_take(o, "ContentType", jv_string("binary/octet-stream"));
    o = jv_object_set_take(o, "ETag", s3_etag(h->etag));
    const jv *expires = attrs ? jv_object_get(attrs, "Expires") : NULL;
    if (expires)
        o = jv_object_set_take(o, "Expires",
                               s3_timestamp((int64_t)jv_number_value(expires)));
    o = jv_object_set_take(o, "LastModified", s3_timestamp(h->last_modified_ms));
    const jv *meta = attrs ? jv_object_get(attrs, "Metadata") : NULL;
    o = meta ? jv_object_set(o, "Metadata", meta) : jv_object_set_take(o, "Metadata", jv_object());
    o = jv_object_set_take(o, "ServerSideEncryption", jv_string("AES256"));
    o = s3_copy_attr(o, attrs, "StorageClass");
    return get ? s3_copy_attr(o, attrs, "TagCount") : o;   /* HeadObjectOutput has none */
}

/* ---- the actions ---- */

static task_answer_kind s3_get_object(s3_request *r)
{
    objstore_error err;
    objstore_head h;
    char *data;
    size_t len;
    objstore_status st = objstore_read_all(r->store, r->bucket, r->key, S3_SERVICE_BODY_MAX, &data,
                                           &len, &h, &err);
    if (st != OBJSTORE_OK)
        return s3_fail_status(r, st, &err, false);
    jv *attrs = objstore_attrs(r->store, r->bucket, r->key);
    jv *o = jv_object_set_take(s3_object_head(&h, attrs, true), "Body",
                               objstore_text(data, len, NULL));
    jv_unref(attrs);
    engine_free(data);
    return s3_result(r, o);
}

static task_answer_kind s3_head_object(s3_request *r)
{
    objstore_error err;
    objstore_head h;
    objstore_status st = objstore_head_object(r->store, r->bucket, r->key, &h, &err);
    if (st != OBJSTORE_OK)
        return s3_fail_status(r, st, &err, true);
    jv *attrs = objstore_attrs(r->store, r->bucket, r->key);
    jv *o = s3_object_head(&h, attrs, false);
    jv_unref(attrs);
    return s3_result(r, o);
}

static jv *s3_crc32_base64(const char *data, size_t len)
{
    uint32_t c = svc_crc32(data, len);
    unsigned char be[4] = {(unsigned char)(c >> 24), (unsigned char)(c >> 16),
                           (unsigned char)(c >> 8), (unsigned char)c};
    char text[BASE64_ENCODED_SIZE(4)];
    base64_encode(be, sizeof be, BASE64_ALPHABET_STANDARD, text);
    return jv_string(text);
}

/* The object's bytes: Body serialized as JSON (AWS stores the string "a" as "\"a\""),
 * with the attributes S3 keeps (s3_attrs.h). */
static task_answer_kind s3_put_object(s3_request *r)
{
    s3_attrs_error aerr;
    jv *attrs = s3_attrs_from_put(r->call->input, &aerr);
    if (!attrs)
        return aerr.sdk ? s3_fail_client(r, aerr.message)
                        : s3_fail(r, "S3.S3Exception", 400, aerr.message);
    const jv *body = jv_object_get(r->call->input, "Body");
    char *data = body ? jv_dump_string(body, 0) : engine_strdup("");
    size_t len = strlen(data);
    objstore_error err;
    objstore_status st = objstore_put_with_attrs(r->store, r->bucket, r->key, data, len, attrs,
                                                 r->call->now_ms, &err);
    jv_unref(attrs);
    if (st != OBJSTORE_OK) {
        engine_free(data);
        return s3_fail_status(r, st, &err, false);
    }
    char etag[33];
    objstore_md5_hex(data, len, etag);
    jv *o = jv_object_set_take(jv_object(), "ChecksumCRC32", s3_crc32_base64(data, len));
    engine_free(data);
    o = jv_object_set_take(o, "ChecksumType", jv_string("FULL_OBJECT"));
    o = jv_object_set_take(o, "ETag", s3_etag(etag));
    o = jv_object_set_take(o, "ServerSideEncryption", jv_string("AES256"));
    return s3_result(r, o);
}

/* S3 answers 204 and no body on a bucket without versioning: the result is {}. A key that
 * is not there is no error. */
static task_answer_kind s3_delete_object(s3_request *r)
{
    objstore_error err;
    objstore_status st = objstore_remove(r->store, r->bucket, r->key, &err);
    if (st != OBJSTORE_OK)
        return s3_fail_status(r, st, &err, false);
    return s3_result(r, jv_object());
}

/* MaxKeys: absent 1000; a number 0.. (S3 returns at most 1000). */
static bool s3_max_keys(s3_request *r, long *out)
{
    const jv *v = jv_object_get(r->call->input, "MaxKeys");
    *out = OBJSTORE_LIST_MAX;
    if (!v)
        return true;
    if (jv_is_integer(v) && jv_number_value(v) >= 0 && jv_number_value(v) <= 2147483647.0) {
        *out = (long)jv_number_value(v);
        return true;
    }
    s3_fail(r, "S3.S3Exception", 400, "Provided max-keys not an integer or within integer range");
    return false;
}

/* A continuation token is the last key of the page before, in Base64 (opaque to users, as
 * S3's are). False when the token is not one of ours. */
static bool s3_token_decode(const char *token, char *key, size_t n)
{
    size_t tl = strlen(token), got, bad;
    if (tl == 0 || BASE64_DECODED_MAX(tl) >= n ||
        !base64_decode(token, tl, BASE64_STRICT, (unsigned char *)key, &got, &bad))
        return false;
    key[got] = '\0';
    return strlen(key) == got && objstore_key_valid(key);
}

static jv *s3_token_encode(const char *key)
{
    size_t n = strlen(key);
    char *text = engine_malloc(BASE64_ENCODED_SIZE(n));
    base64_encode(key, n, BASE64_ALPHABET_STANDARD, text);
    jv *v = jv_string(text);
    engine_free(text);
    return v;
}

/* A listed object: its StorageClass is the one putObject gave it (STANDARD when none). */
static jv *s3_content(objstore *store, const char *bucket, const objstore_entry *e)
{
    jv *o = jv_object_set_take(jv_object(), "ETag", s3_etag(e->head.etag));
    o = jv_object_set_take(o, "Key", jv_string(e->key));
    o = jv_object_set_take(o, "LastModified", s3_timestamp(e->head.last_modified_ms));
    o = jv_object_set_take(o, "Size", jv_number((double)e->head.size));
    jv *attrs = objstore_attrs(store, bucket, e->key);
    const jv *cls = attrs ? jv_object_get(attrs, "StorageClass") : NULL;
    o = jv_object_set_take(o, "StorageClass",
                           cls && jv_is_string(cls) ? jv_ref(cls) : jv_string("STANDARD"));
    jv_unref(attrs);
    return o;
}

/* One listing as S3 builds it: keys, and with a Delimiter the common prefixes that group
 * the keys whose rest (after Prefix) holds it; each counts once against MaxKeys. */
typedef struct {
    objstore *store;
    const char *bucket;
    const char *prefix, *delimiter;
    size_t max, count;
    jv *contents, *prefixes;
    bool truncated;
    char last[OBJSTORE_KEY_MAX + 1];   /* the last key or common prefix listed */
} s3_listing;

/* The common prefix key falls under (written into cp), or false. */
static bool s3_common_prefix(const s3_listing *l, const char *key, char *cp)
{
    size_t plen = l->prefix ? strlen(l->prefix) : 0;
    const char *d = l->delimiter && *l->delimiter ? strstr(key + plen, l->delimiter) : NULL;
    if (!d)
        return false;
    size_t n = (size_t)(d - key) + strlen(l->delimiter);
    memcpy(cp, key, n);
    cp[n] = '\0';
    return true;
}

/* Adds an entry of a store page; false when the listing is full (then truncated). */
static bool s3_listing_add(s3_listing *l, const objstore_entry *e)
{
    char cp[OBJSTORE_KEY_MAX + 1];
    bool grouped = s3_common_prefix(l, e->key, cp);
    if (grouped && !strcmp(cp, l->last))
        return true;   /* under the common prefix just listed */
    if (l->count == l->max) {
        l->truncated = true;
        return false;
    }
    if (grouped)
        l->prefixes = jv_array_append_take(
            l->prefixes, jv_object_set_take(jv_object(), "Prefix", jv_string(cp)));
    else
        l->contents = jv_array_append_take(l->contents, s3_content(l->store, l->bucket, e));
    snprintf(l->last, sizeof l->last, "%s", grouped ? cp : e->key);
    l->count++;
    return true;
}

/* Walks the store's pages from `from` until the listing is full or the keys end. */
static objstore_status s3_listing_fill(s3_request *r, s3_listing *l, const char *from,
                                       objstore_error *err)
{
    char after[OBJSTORE_KEY_MAX + 1];
    snprintf(after, sizeof after, "%s", from ? from : "");
    snprintf(l->last, sizeof l->last, "%s", after);
    for (bool more = true; more;) {
        objstore_list_query q = {r->bucket, l->prefix, after, OBJSTORE_LIST_MAX};
        objstore_list_page page;
        objstore_status st = objstore_list(r->store, &q, &page, err);
        if (st != OBJSTORE_OK)
            return st;
        more = page.truncated;
        for (size_t i = 0; i < page.count; i++)
            if (!s3_listing_add(l, &page.entries[i])) {
                more = false;
                break;
            }
        if (page.count)
            snprintf(after, sizeof after, "%s", page.entries[page.count - 1].key);
        objstore_list_page_cleanup(&page);
    }
    return OBJSTORE_OK;
}

/* listObjectsV2 (v2) and listObjects (v1: Marker for StartAfter, no tokens). */
static task_answer_kind s3_list(s3_request *r, bool v2)
{
    long max_keys;
    if (!s3_max_keys(r, &max_keys))
        return TASK_ERROR;
    s3_listing l = {r->store, r->bucket, s3_optional(r->call, "Prefix"),
                    s3_optional(r->call, "Delimiter"),
                    max_keys < OBJSTORE_LIST_MAX ? (size_t)max_keys : OBJSTORE_LIST_MAX, 0,
                    jv_array(), jv_array(), false, ""};
    const char *token = v2 ? s3_optional(r->call, "ContinuationToken") : NULL;
    const char *start_after = s3_optional(r->call, v2 ? "StartAfter" : "Marker");
    char from[OBJSTORE_KEY_MAX + 4];
    objstore_error err;
    objstore_status st = OBJSTORE_OK;
    task_answer_kind k = TASK_RESULT;
    if (token && !s3_token_decode(token, from, sizeof from))
        k = s3_fail(r, "S3.S3Exception", 400, "The continuation token provided is incorrect");
    else if ((st = s3_listing_fill(r, &l, token ? from : start_after, &err)) != OBJSTORE_OK)
        k = s3_fail_status(r, st, &err, false);
    if (k != TASK_RESULT) {
        jv_unref(l.contents);
        jv_unref(l.prefixes);
        return k;
    }
    jv *o = jv_object();
    if (jv_array_length(l.prefixes))
        o = jv_object_set(o, "CommonPrefixes", l.prefixes);
    if (jv_array_length(l.contents))
        o = jv_object_set(o, "Contents", l.contents);
    jv_unref(l.contents);
    jv_unref(l.prefixes);
    if (token)
        o = jv_object_set_take(o, "ContinuationToken", jv_string(token));
    if (l.delimiter)
        o = jv_object_set_take(o, "Delimiter", jv_string(l.delimiter));
    o = jv_object_set_take(o, "IsTruncated", jv_bool(l.truncated));
    if (v2)
        o = jv_object_set_take(o, "KeyCount", jv_number((double)l.count));
    if (!v2)
        o = jv_object_set_take(o, "Marker", jv_string(start_after ? start_after : ""));
    o = jv_object_set_take(o, "MaxKeys", jv_number((double)max_keys));
    o = jv_object_set_take(o, "Name", jv_string(r->bucket));
    if (v2 && l.truncated)
        o = jv_object_set_take(o, "NextContinuationToken", s3_token_encode(l.last));
    if (!v2 && l.truncated && l.delimiter)
        o = jv_object_set_take(o, "NextMarker", jv_string(l.last));
    o = jv_object_set_take(o, "Prefix", jv_string(l.prefix ? l.prefix : ""));
    if (v2 && start_after)
        o = jv_object_set_take(o, "StartAfter", jv_string(start_after));
    return s3_result(r, o);
}

typedef enum {
    S3_GET, S3_HEAD, S3_PUT, S3_DELETE, S3_LIST_V2, S3_LIST_V1, S3_UNKNOWN
} s3_action;

static s3_action s3_action_of(const asl_resource_info *info)
{
    static const struct { const char *name; s3_action action; } actions[] = {
        {"getObject", S3_GET}, {"headObject", S3_HEAD}, {"putObject", S3_PUT},
        {"deleteObject", S3_DELETE},
        {"listObjectsV2", S3_LIST_V2}, {"listObjects", S3_LIST_V1},
    };
    if (info->kind != ASL_RESOURCE_SDK || info->service_len != 10 ||
        memcmp(info->service, "aws-sdk:s3", 10) != 0)
        return S3_UNKNOWN;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strlen(actions[i].name) == info->action_len &&
            !memcmp(actions[i].name, info->action, info->action_len))
            return actions[i].action;
    return S3_UNKNOWN;
}

task_answer_kind s3_service_resolve(void *user, const task_call *call, task_answer *out)
{
    s3_action action = s3_action_of(&call->info);
    if (action == S3_UNKNOWN)
        return TASK_NO_ANSWER;
    s3_request r = {user, call, out, NULL, NULL};
    out->final = false;
    bool list = action == S3_LIST_V2 || action == S3_LIST_V1;
    bool ok = s3_param(&r, "Bucket", &r.bucket) && (list || s3_param(&r, "Key", &r.key));
    const char *path = list ? s3_optional(call, "Prefix") : r.key;
    char source[OBJSTORE_KEY_MAX + 128];
    snprintf(source, sizeof source, "the local S3 store: %.*s s3://%s/%s",
             (int)call->info.action_len, call->info.action, r.bucket ? r.bucket : "?",
             path ? path : "");
    out->source = engine_strdup(source);
    if (!ok)
        return TASK_ERROR;
    if (list)
        return s3_list(&r, action == S3_LIST_V2);
    switch (action) {
    case S3_GET: return s3_get_object(&r);
    case S3_HEAD: return s3_head_object(&r);
    case S3_DELETE: return s3_delete_object(&r);
    default: return s3_put_object(&r);
    }
}
