/* objstore — the S3 store's calls, its helpers, and the in-memory store. */
#include "objstore.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "md5.h"
#include "strbuf.h"

const char *objstore_status_code(objstore_status s)
{
    switch (s) {
    case OBJSTORE_OK: return NULL;
    case OBJSTORE_NO_SUCH_BUCKET: return "NoSuchBucket";
    case OBJSTORE_NO_SUCH_KEY: return "NoSuchKey";
    case OBJSTORE_INVALID_KEY: return "KeyTooLongError";
    case OBJSTORE_TOO_LARGE: return "EntityTooLarge";
    case OBJSTORE_IO: return "InternalError";
    }
    return "InternalError";
}

objstore_status objstore_fail(objstore_error *err, objstore_status s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return s;
}

/* ---- the calls ---- */

bool objstore_bucket_exists(objstore *s, const char *bucket)
{
    return s->ops->bucket_exists(s, bucket);
}

objstore_status objstore_head_object(objstore *s, const char *bucket, const char *key,
                                     objstore_head *out, objstore_error *err)
{
    return s->ops->head(s, bucket, key, out, err);
}

objstore_status objstore_open(objstore *s, const char *bucket, const char *key,
                              objstore_reader **out, objstore_head *head, objstore_error *err)
{
    objstore_head unused;
    *out = NULL;
    return s->ops->open(s, bucket, key, out, head ? head : &unused, err);
}

objstore_status objstore_put(objstore *s, const char *bucket, const char *key, const char *data,
                             size_t len, int64_t now_ms, objstore_error *err)
{
    return s->ops->put(s, bucket, key, data, len, NULL, now_ms, err);
}

objstore_status objstore_put_with_attrs(objstore *s, const char *bucket, const char *key,
                                        const char *data, size_t len, const jv *attrs,
                                        int64_t now_ms, objstore_error *err)
{
    return s->ops->put(s, bucket, key, data, len, attrs, now_ms, err);
}

jv *objstore_attrs(objstore *s, const char *bucket, const char *key)
{
    return s->ops->attrs(s, bucket, key);
}

bool objstore_can_put_parts(const objstore *s)
{
    return s->ops->put_part != NULL;
}

objstore_status objstore_put_part(objstore *s, const char *bucket, const char *key,
                                  uint64_t offset, const char *data, size_t len, bool last,
                                  int64_t now_ms, objstore_error *err)
{
    if (!s->ops->put_part)
        return objstore_fail(err, OBJSTORE_IO, "this store takes whole objects only");
    return s->ops->put_part(s, bucket, key, offset, data, len, last, now_ms, err);
}

objstore_status objstore_remove(objstore *s, const char *bucket, const char *key,
                                objstore_error *err)
{
    return s->ops->remove(s, bucket, key, err);
}

objstore_status objstore_list(objstore *s, const objstore_list_query *q,
                              objstore_list_page *page, objstore_error *err)
{
    memset(page, 0, sizeof *page);
    objstore_status st = s->ops->list(s, q, page, err);
    if (st != OBJSTORE_OK)
        objstore_list_page_cleanup(page);
    return st;
}

void objstore_each_bucket(objstore *s, void (*fn)(void *ud, const char *bucket), void *ud)
{
    s->ops->each_bucket(s, fn, ud);
}

void objstore_free(objstore *s)
{
    if (s)
        s->ops->free(s);
}

objstore_status objstore_reader_read(objstore_reader *r, char *buf, size_t n, size_t *got,
                                     objstore_error *err)
{
    return r->ops->read(r, buf, n, got, err);
}

void objstore_reader_close(objstore_reader *r)
{
    if (r)
        r->ops->close(r);
}

/* Reads r to its end into buf (size + 1 bytes: one past the size, so that an object that
 * grew while it was read is refused, not cut); *have: the bytes read. */
static objstore_status objstore_read_to_end(objstore_reader *r, char *buf, uint64_t size,
                                            size_t *have, objstore_error *err)
{
    size_t got = 1;
    *have = 0;
    while (got && *have <= size) {
        objstore_status st = objstore_reader_read(r, buf + *have, (size_t)size + 1 - *have, &got,
                                                  err);
        if (st != OBJSTORE_OK)
            return st;
        *have += got;
    }
    if (*have > size)
        return objstore_fail(err, OBJSTORE_TOO_LARGE, "the object grew while it was read");
    return OBJSTORE_OK;
}

objstore_status objstore_read_all(objstore *s, const char *bucket, const char *key, size_t max,
                                  char **out, size_t *len, objstore_head *head,
                                  objstore_error *err)
{
    objstore_head h;
    objstore_reader *r;
    *out = NULL;
    *len = 0;
    objstore_status st = objstore_open(s, bucket, key, &r, &h, err);
    if (st != OBJSTORE_OK)
        return st;
    if (h.size > max) {
        objstore_reader_close(r);
        return objstore_fail(err, OBJSTORE_TOO_LARGE,
                             "s3://%s/%s is %llu bytes, over the %zu bytes it may have here",
                             bucket, key, (unsigned long long)h.size, max);
    }
    char *buf = engine_malloc((size_t)h.size + 1);
    size_t have;
    st = objstore_read_to_end(r, buf, h.size, &have, err);
    objstore_reader_close(r);
    if (st != OBJSTORE_OK) {
        engine_free(buf);
        return st;
    }
    buf[have] = '\0';
    h.size = have;
    if (!h.etag[0])
        objstore_md5_hex(buf, have, h.etag);
    if (head)
        *head = h;
    *out = buf;
    *len = have;
    return OBJSTORE_OK;
}

void objstore_list_page_cleanup(objstore_list_page *page)
{
    for (size_t i = 0; i < page->count; i++)
        engine_free(page->entries[i].key);
    engine_free(page->entries);
    memset(page, 0, sizeof *page);
}

void objstore_list_page_add(objstore_list_page *page, const char *key, const objstore_head *head)
{
    page->entries = engine_realloc(page->entries, (page->count + 1) * sizeof *page->entries);
    page->entries[page->count].key = engine_strdup(key);
    page->entries[page->count].head = *head;
    page->count++;
}

/* ---- helpers ---- */

struct objstore_md5 {
    md5_ctx ctx;
};

objstore_md5 *objstore_md5_new(void)
{
    objstore_md5 *m = engine_malloc(sizeof *m);
    md5_init(&m->ctx);
    return m;
}

void objstore_md5_update(objstore_md5 *m, const void *data, size_t len)
{
    md5_update(&m->ctx, data, len);
}

void objstore_md5_final(objstore_md5 *m, char out[33])
{
    unsigned char d[16];
    md5_final(&m->ctx, d);
    md5_hex_of(d, out);
    engine_free(m);
}

void objstore_md5_hex(const void *data, size_t len, char out[33])
{
    md5_hex(data, len, out);
}

size_t objstore_utf8_char_len(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (s[0] >= 0xF8)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    uint32_t cp = n == 2 ? (s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu)
                  : n == 3 ? (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu)
                  : n == 4 ? (s[0] & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 |
                                 (s[2] & 0x3Fu) << 6 | (s[3] & 0x3Fu)
                           : 0;
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

jv *objstore_text(const char *data, size_t len, bool *lossy)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    if (lossy)
        *lossy = false;
    for (size_t i = 0; i < len;) {
        size_t n = objstore_utf8_char_len(data + i);
        if (n && i + n <= len) {
            strbuf_append(&sb, data + i, n);
            i += n;
        } else {
            strbuf_put_utf8(&sb, 0xFFFD);
            if (lossy)
                *lossy = true;
            i++;
        }
    }
    jv *v = jv_string_n(strbuf_str(&sb), sb.len);
    strbuf_cleanup(&sb);
    return v;
}

bool objstore_key_valid(const char *key)
{
    size_t len = strlen(key);
    if (len == 0 || len > OBJSTORE_KEY_MAX)
        return false;
    for (const char *p = key; *p;) {
        size_t n = objstore_utf8_char_len(p);
        if (!n)
            return false;
        p += n;
    }
    return true;
}

static bool objstore_bucket_char(char c, bool edge)
{
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || (!edge && (c == '.' || c == '-' || c == '_'));
}

bool objstore_bucket_name_valid(const char *bucket)
{
    size_t len = strlen(bucket);
    if (len < 3 || len > 63)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!objstore_bucket_char(bucket[i], i == 0 || i == len - 1))
            return false;
    return true;
}

/* ---- the in-memory store ----
 * Buckets and each bucket's objects are arrays kept in byte order of their names, found by
 * binary search: listing is a walk from the first key after start_after. */

/* An object's bytes live in a jv string (NUL-terminated; its length counts), shared by
 * the snapshots that hold it: a snapshot copies no object. */
typedef struct {
    char *key;
    jv *data;
    jv *entry;       /* its snapshot entry, made on the first snapshot after a put */
    jv *attrs;       /* NULL or an object (objstore_attrs) */
    objstore_head head;
} mem_object;

typedef struct {
    char *name;
    mem_object *objects;
    size_t count, cap;
} mem_bucket;

/* An object being written in parts (objstore_put_part). */
typedef struct {
    char *bucket, *key;
    char *data;
    size_t len, cap;
} mem_upload;

typedef struct {
    objstore base;
    size_t max_bytes, bytes;
    mem_bucket *buckets;
    size_t nbuckets;
    unsigned long version;       /* counts the changes */
    jv *snapshot;                /* the latest snapshot, current while version says so */
    unsigned long snapshot_version;
    jv *pending;                 /* a restored snapshot not yet put back (mem_settle) */
    mem_upload *uploads;
    size_t nuploads;
} mem_store;

typedef struct {
    objstore_reader base;
    jv *data;           /* a reference: the object as opened, whatever happens to it */
    size_t pos;
} mem_reader;

/* The first index in [0, n) whose name is >= key in byte order, with *found on a match.
 * Both arrays searched (buckets, objects) have their name as their first member. */
static size_t mem_lower_bound(const void *arr, size_t n, size_t size, const char *key,
                              bool *found)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(*(char *const *)((const char *)arr + mid * size), key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < n && !strcmp(*(char *const *)((const char *)arr + lo * size), key);
    return lo;
}

static void mem_object_cleanup(mem_object *o)
{
    engine_free(o->key);
    jv_unref(o->data);
    jv_unref(o->entry);
    jv_unref(o->attrs);
}

static void mem_restore_now(mem_store *m, const jv *snapshot);

/* A restore is put back when the store is next used, not when it is asked for: a replay
 * restores at every answer, and only the contents it ends with are read. */
static mem_store *mem_settle(objstore *s)
{
    mem_store *m = (mem_store *)s;
    if (m->pending) {
        jv *snap = m->pending;
        m->pending = NULL;
        mem_restore_now(m, snap);
        jv_unref(snap);
    }
    return m;
}

static mem_bucket *mem_find_bucket(mem_store *m, const char *name)
{
    bool found;
    size_t pos = mem_lower_bound(m->buckets, m->nbuckets, sizeof *m->buckets, name, &found);
    return found ? &m->buckets[pos] : NULL;
}

static size_t mem_object_pos(const mem_bucket *b, const char *key, bool *found)
{
    return mem_lower_bound(b->objects, b->count, sizeof *b->objects, key, found);
}

static objstore_status mem_lookup(mem_store *m, const char *bucket, const char *key,
                                  mem_object **out, objstore_error *err)
{
    mem_bucket *b = mem_find_bucket(m, bucket);
    if (!b)
        return objstore_fail(err, OBJSTORE_NO_SUCH_BUCKET, "no bucket '%s'", bucket);
    bool found;
    size_t pos = mem_object_pos(b, key, &found);
    if (!found)
        return objstore_fail(err, OBJSTORE_NO_SUCH_KEY, "no key '%s' in bucket '%s'", key,
                             bucket);
    *out = &b->objects[pos];
    return OBJSTORE_OK;
}

static bool mem_bucket_exists(objstore *s, const char *bucket)
{
    return mem_find_bucket(mem_settle(s), bucket) != NULL;
}

static objstore_status mem_head(objstore *s, const char *bucket, const char *key,
                                objstore_head *out, objstore_error *err)
{
    mem_object *o;
    objstore_status st = mem_lookup(mem_settle(s), bucket, key, &o, err);
    if (st == OBJSTORE_OK)
        *out = o->head;
    return st;
}

static objstore_status mem_reader_read(objstore_reader *r, char *buf, size_t n, size_t *got,
                                       objstore_error *err)
{
    mem_reader *mr = (mem_reader *)r;
    size_t len = jv_string_length(mr->data);
    size_t take = len - mr->pos < n ? len - mr->pos : n;
    memcpy(buf, jv_string_value(mr->data) + mr->pos, take);
    mr->pos += take;
    *got = take;
    return OBJSTORE_OK;
}

static void mem_reader_close(objstore_reader *r)
{
    jv_unref(((mem_reader *)r)->data);
    engine_free(r);
}

static const objstore_reader_ops mem_reader_ops = {mem_reader_read, mem_reader_close};

static objstore_status mem_open(objstore *s, const char *bucket, const char *key,
                                objstore_reader **out, objstore_head *head, objstore_error *err)
{
    mem_object *o;
    objstore_status st = mem_lookup(mem_settle(s), bucket, key, &o, err);
    if (st != OBJSTORE_OK)
        return st;
    *head = o->head;
    mem_reader *r = engine_malloc(sizeof *r);
    *r = (mem_reader){{&mem_reader_ops}, jv_ref(o->data), 0};
    *out = &r->base;
    return OBJSTORE_OK;
}

static mem_object *mem_insert(mem_bucket *b, const char *key)
{
    bool found;
    size_t pos = mem_object_pos(b, key, &found);
    if (found)
        return &b->objects[pos];
    if (b->count == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 8;
        b->objects = engine_realloc(b->objects, b->cap * sizeof *b->objects);
    }
    memmove(&b->objects[pos + 1], &b->objects[pos], (b->count - pos) * sizeof *b->objects);
    b->count++;
    b->objects[pos] = (mem_object){engine_strdup(key), NULL, NULL, NULL, {0}};
    return &b->objects[pos];
}

/* The bucket a put writes to (*out), the key checked. */
static objstore_status mem_put_bucket(mem_store *m, const char *bucket, const char *key,
                                      mem_bucket **out, objstore_error *err)
{
    *out = mem_find_bucket(m, bucket);
    if (!*out)
        return objstore_fail(err, OBJSTORE_NO_SUCH_BUCKET, "no bucket '%s'", bucket);
    if (!objstore_key_valid(key))
        return objstore_fail(err, OBJSTORE_INVALID_KEY, "a key is 1 to %d bytes of UTF-8",
                             OBJSTORE_KEY_MAX);
    return OBJSTORE_OK;
}

/* Whether an object of len bytes at key fits in the store's bound. */
static objstore_status mem_check_room(const mem_store *m, const mem_bucket *b, const char *key,
                                      size_t len, objstore_error *err)
{
    bool found;
    size_t pos = mem_object_pos(b, key, &found);
    size_t old = found ? jv_string_length(b->objects[pos].data) : 0;
    if (m->max_bytes && (len > m->max_bytes || m->bytes - old > m->max_bytes - len))
        return objstore_fail(err, OBJSTORE_TOO_LARGE,
                             "s3://%s/%s (%zu bytes) would pass the %zu bytes the store holds",
                             b->name, key, len, m->max_bytes);
    return OBJSTORE_OK;
}

/* The object at key becomes data_take (a jv string, room checked) with attrs. */
static void mem_install(mem_store *m, mem_bucket *b, const char *key, jv *data_take,
                        const jv *attrs, int64_t now_ms)
{
    mem_object *o = mem_insert(b, key);
    size_t len = jv_string_length(data_take);
    m->bytes = m->bytes - (o->data ? jv_string_length(o->data) : 0) + len;
    jv_unref(o->data);
    jv_unref(o->entry);
    jv_unref(o->attrs);
    o->data = data_take;
    o->entry = NULL;
    o->attrs = attrs && jv_object_size(attrs) ? jv_ref(attrs) : NULL;
    m->version++;
    o->head.size = len;
    o->head.last_modified_ms = now_ms;
    objstore_md5_hex(jv_string_value(data_take), len, o->head.etag);
}

static objstore_status mem_put(objstore *s, const char *bucket, const char *key,
                               const char *data, size_t len, const jv *attrs, int64_t now_ms,
                               objstore_error *err)
{
    mem_store *m = mem_settle(s);
    mem_bucket *b;
    objstore_status st = mem_put_bucket(m, bucket, key, &b, err);
    if (st == OBJSTORE_OK)
        st = mem_check_room(m, b, key, len, err);
    if (st != OBJSTORE_OK)
        return st;
    mem_install(m, b, key, jv_string_n(data, len), attrs, now_ms);
    return OBJSTORE_OK;
}

static jv *mem_attrs(objstore *s, const char *bucket, const char *key)
{
    mem_object *o;
    objstore_error err;
    if (mem_lookup(mem_settle(s), bucket, key, &o, &err) != OBJSTORE_OK)
        return NULL;
    return jv_ref(o->attrs);
}

/* ---- objects written in parts ---- */

static mem_upload *mem_upload_find(mem_store *m, const char *bucket, const char *key)
{
    for (size_t i = 0; i < m->nuploads; i++)
        if (!strcmp(m->uploads[i].bucket, bucket) && !strcmp(m->uploads[i].key, key))
            return &m->uploads[i];
    return NULL;
}

static void mem_upload_drop(mem_store *m, size_t i)
{
    mem_upload *u = &m->uploads[i];
    engine_free(u->bucket);
    engine_free(u->key);
    engine_free(u->data);
    m->uploads[i] = m->uploads[--m->nuploads];
}

/* The upload of bucket/key a part at offset continues (offset 0 begins one); NULL with err
 * set when the part does not follow what was written. */
static mem_upload *mem_upload_for(mem_store *m, const char *bucket, const char *key,
                                  uint64_t offset, objstore_error *err)
{
    mem_upload *u = mem_upload_find(m, bucket, key);
    if (u && offset == 0)
        mem_upload_drop(m, (size_t)(u - m->uploads));
    else if (u && offset == u->len)
        return u;
    if (offset != 0) {
        objstore_fail(err, OBJSTORE_IO, "s3://%s/%s: a part at offset %llu does not follow "
                      "the %zu bytes written", bucket, key, (unsigned long long)offset,
                      u ? u->len : 0);
        if (u)
            mem_upload_drop(m, (size_t)(u - m->uploads));
        return NULL;
    }
    m->uploads = engine_realloc(m->uploads, (m->nuploads + 1) * sizeof *m->uploads);
    u = &m->uploads[m->nuploads++];
    *u = (mem_upload){engine_strdup(bucket), engine_strdup(key), NULL, 0, 0};
    return u;
}

static objstore_status mem_put_part(objstore *s, const char *bucket, const char *key,
                                    uint64_t offset, const char *data, size_t len, bool last,
                                    int64_t now_ms, objstore_error *err)
{
    mem_store *m = mem_settle(s);
    mem_bucket *b;
    objstore_status st = mem_put_bucket(m, bucket, key, &b, err);
    mem_upload *u = st == OBJSTORE_OK ? mem_upload_for(m, bucket, key, offset, err) : NULL;
    if (!u)
        return st == OBJSTORE_OK ? OBJSTORE_IO : st;
    st = mem_check_room(m, b, key, u->len + len, err);
    if (st != OBJSTORE_OK) {
        mem_upload_drop(m, (size_t)(u - m->uploads));
        return st;
    }
    if (u->len + len > u->cap) {
        u->cap = u->len + len > 2 * u->cap ? u->len + len : 2 * u->cap;
        u->data = engine_realloc(u->data, u->cap ? u->cap : 1);
    }
    if (len)
        memcpy(u->data + u->len, data, len);
    u->len += len;
    if (last) {
        mem_install(m, b, key, jv_string_n(u->data ? u->data : "", u->len), NULL, now_ms);
        mem_upload_drop(m, (size_t)(u - m->uploads));
    }
    return OBJSTORE_OK;
}

static objstore_status mem_remove(objstore *s, const char *bucket, const char *key,
                                  objstore_error *err)
{
    mem_store *m = mem_settle(s);
    mem_object *o;
    objstore_status st = mem_lookup(m, bucket, key, &o, err);
    if (st != OBJSTORE_OK)
        return st == OBJSTORE_NO_SUCH_KEY ? OBJSTORE_OK : st;
    mem_bucket *b = mem_find_bucket(m, bucket);
    size_t pos = (size_t)(o - b->objects);
    m->bytes -= jv_string_length(o->data);
    m->version++;
    mem_object_cleanup(&b->objects[pos]);
    memmove(&b->objects[pos], &b->objects[pos + 1], (b->count - pos - 1) * sizeof *b->objects);
    b->count--;
    return OBJSTORE_OK;
}

static bool mem_has_prefix(const char *key, const char *prefix)
{
    return !prefix || !strncmp(key, prefix, strlen(prefix));
}

static objstore_status mem_list(objstore *s, const objstore_list_query *q,
                                objstore_list_page *page, objstore_error *err)
{
    mem_bucket *b = mem_find_bucket(mem_settle(s), q->bucket);
    if (!b)
        return objstore_fail(err, OBJSTORE_NO_SUCH_BUCKET, "no bucket '%s'", q->bucket);
    const char *from = q->start_after && *q->start_after ? q->start_after : "";
    const char *prefix = q->prefix && *q->prefix ? q->prefix : NULL;
    if (prefix && strcmp(prefix, from) > 0)
        from = prefix;   /* every key with the prefix sorts at or after it */
    bool found;
    size_t i = mem_object_pos(b, from, &found);
    if (found && from == q->start_after)
        i++;   /* start_after is exclusive; the prefix itself is a key that may match */
    size_t max = q->max_keys > OBJSTORE_LIST_MAX ? OBJSTORE_LIST_MAX : q->max_keys;
    for (; i < b->count && mem_has_prefix(b->objects[i].key, prefix); i++) {
        if (page->count == max) {
            page->truncated = true;
            break;
        }
        objstore_list_page_add(page, b->objects[i].key, &b->objects[i].head);
    }
    return OBJSTORE_OK;
}

static void mem_each_bucket(objstore *s, void (*fn)(void *ud, const char *bucket), void *ud)
{
    mem_store *m = mem_settle(s);
    for (size_t i = 0; i < m->nbuckets; i++)
        fn(ud, m->buckets[i].name);
}

/* Empties the store of its buckets and objects. */
static void mem_clear(mem_store *m)
{
    for (size_t i = 0; i < m->nbuckets; i++) {
        mem_bucket *b = &m->buckets[i];
        for (size_t j = 0; j < b->count; j++)
            mem_object_cleanup(&b->objects[j]);
        engine_free(b->objects);
        engine_free(b->name);
    }
    engine_free(m->buckets);
    m->buckets = NULL;
    m->nbuckets = 0;
    m->bytes = 0;
}

static void mem_free(objstore *s)
{
    mem_store *m = (mem_store *)s;
    mem_clear(m);
    while (m->nuploads)
        mem_upload_drop(m, 0);
    engine_free(m->uploads);
    jv_unref(m->snapshot);
    jv_unref(m->pending);
    engine_free(m);
}

static const objstore_ops mem_ops = {
    mem_bucket_exists, mem_head, mem_open, mem_put, mem_attrs, mem_remove, mem_list,
    mem_each_bucket, mem_free, mem_put_part,
};

objstore *objstore_memory_new(size_t max_bytes)
{
    mem_store *m = engine_calloc(1, sizeof *m);
    m->base.ops = &mem_ops;
    m->max_bytes = max_bytes;
    return &m->base;
}

bool objstore_is_memory(const objstore *s)
{
    return s->ops == &mem_ops;
}

bool objstore_memory_add_bucket(objstore *s, const char *bucket)
{
    if (!objstore_is_memory(s) || !objstore_bucket_name_valid(bucket))
        return false;
    mem_store *m = mem_settle(s);
    bool found;
    size_t pos = mem_lower_bound(m->buckets, m->nbuckets, sizeof *m->buckets, bucket, &found);
    if (found)
        return true;
    m->buckets = engine_realloc(m->buckets, (m->nbuckets + 1) * sizeof *m->buckets);
    memmove(&m->buckets[pos + 1], &m->buckets[pos], (m->nbuckets - pos) * sizeof *m->buckets);
    m->buckets[pos] = (mem_bucket){engine_strdup(bucket), NULL, 0, 0};
    m->nbuckets++;
    m->version++;
    return true;
}

/* ---- snapshots of the memory store ---- */

static const jv *mem_entry(mem_object *o)
{
    if (!o->entry) {
        jv *e = jv_object_set(jv_object(), "Body", o->data);
        e = jv_object_set_take(e, "LastModified", jv_number((double)o->head.last_modified_ms));
        e = jv_object_set_take(e, "ETag", jv_string(o->head.etag));
        o->entry = o->attrs ? jv_object_set(e, "Attributes", o->attrs) : e;
    }
    return o->entry;
}

jv *objstore_memory_snapshot(objstore *s)
{
    if (!objstore_is_memory(s))
        return NULL;
    mem_store *m = (mem_store *)s;
    if (m->pending)
        return jv_ref(m->pending);
    if (m->snapshot && m->snapshot_version == m->version)
        return jv_ref(m->snapshot);
    jv *snap = jv_object();
    for (size_t i = 0; i < m->nbuckets; i++) {
        mem_bucket *b = &m->buckets[i];
        jv *objects = jv_object();
        for (size_t j = 0; j < b->count; j++)
            objects = jv_object_set(objects, b->objects[j].key, mem_entry(&b->objects[j]));
        snap = jv_object_set_take(snap, b->name, objects);
    }
    jv_unref(m->snapshot);
    m->snapshot = jv_ref(snap);
    m->snapshot_version = m->version;
    return snap;
}

/* One object of a snapshot back into bucket b (keys come in byte order). */
static void mem_restore_object(mem_store *m, mem_bucket *b, const char *key, const jv *entry)
{
    if (b->count == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 8;
        b->objects = engine_realloc(b->objects, b->cap * sizeof *b->objects);
    }
    mem_object *o = &b->objects[b->count++];
    const jv *body = jv_object_get(entry, "Body"), *etag = jv_object_get(entry, "ETag");
    const jv *attrs = jv_object_get(entry, "Attributes");
    *o = (mem_object){engine_strdup(key), jv_ref(body), jv_ref(entry), jv_ref(attrs), {0}};
    o->head.size = jv_string_length(body);
    o->head.last_modified_ms = (int64_t)jv_number_value(jv_object_get(entry, "LastModified"));
    snprintf(o->head.etag, sizeof o->head.etag, "%s", jv_string_value(etag));
    m->bytes += o->head.size;
}

void objstore_memory_restore(objstore *s, const jv *snapshot)
{
    if (!objstore_is_memory(s) || !jv_is_object(snapshot))
        return;
    mem_store *m = (mem_store *)s;
    jv *old = m->pending;
    m->pending = NULL;
    if (snapshot != m->snapshot || m->snapshot_version != m->version)
        m->pending = jv_ref(snapshot);   /* else: it holds that already */
    jv_unref(old);
}

static void mem_restore_now(mem_store *m, const jv *snapshot)
{
    mem_clear(m);
    m->nbuckets = jv_object_size(snapshot);
    m->buckets = engine_calloc(m->nbuckets ? m->nbuckets : 1, sizeof *m->buckets);
    for (size_t i = 0; i < m->nbuckets; i++) {
        const jv *objects = jv_object_value_at(snapshot, i);
        mem_bucket *b = &m->buckets[i];
        b->name = engine_strdup(jv_string_value(jv_object_key_at(snapshot, i)));
        for (size_t j = 0; j < jv_object_size(objects); j++)
            mem_restore_object(m, b, jv_string_value(jv_object_key_at(objects, j)),
                               jv_object_value_at(objects, j));
    }
    m->version++;
    jv *old = m->snapshot;
    m->snapshot = jv_ref(snapshot);
    m->snapshot_version = m->version;
    jv_unref(old);
}
