/* jv — immutable reference-counted JSON values. See jv.h for the ownership rules. */
#include "jv.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

/* Immortal singletons are marked with this count and never freed or counted. */
#define JV_IMMORTAL UINT32_MAX
/* Objects with more members than this get a hash index for lookups. */
#define JV_INDEX_THRESHOLD 12

typedef struct {
    jv *key;   /* a string */
    jv *val;
} jv_member;

struct jv {
    uint32_t refcnt;
    uint8_t kind;
    /* jv_serialized_size's answer once asked, 0 until then (no value serializes to 0
     * bytes); cleared by every builder that changes the node in place (see jv.h). */
    size_t sersize;
    union {
        double num;
        struct {
            size_t len;
            char *bytes;      /* NUL-terminated; allocated with the struct */
        } str;
        struct {
            size_t len, cap;
            jv **items;
        } arr;
        struct {
            size_t len, cap;
            jv_member *members;
            uint32_t *index;  /* open addressing, slot = member position + 1, 0 empty */
            size_t index_cap; /* power of two, 0 when no index */
        } obj;
    } u;
};

/* const-correct immortals: the refcount is never written for these. */
static jv jv_null_value = {JV_IMMORTAL, JV_NULL, 4, {0}};
static jv jv_false_value = {JV_IMMORTAL, JV_FALSE, 5, {0}};
static jv jv_true_value = {JV_IMMORTAL, JV_TRUE, 4, {0}};

/* a node with extra bytes after it (a sized container's first items) */
static jv *jv_alloc_with(jv_kind kind, size_t extra)
{
    jv *v = engine_malloc(sizeof *v + extra);
    v->refcnt = 1;
    v->kind = (uint8_t)kind;
    v->sersize = 0;
    return v;
}

static jv *jv_alloc(jv_kind kind) { return jv_alloc_with(kind, 0); }

jv *jv_null(void) { return &jv_null_value; }
jv *jv_bool(bool b) { return b ? &jv_true_value : &jv_false_value; }

jv *jv_number(double d)
{
    jv *v = jv_alloc(JV_NUMBER);
    v->u.num = d;
    return v;
}

jv *jv_string_n(const char *s, size_t len)
{
    /* one allocation: header then bytes */
    jv *v = engine_malloc(sizeof *v + len + 1);
    v->refcnt = 1;
    v->kind = JV_STRING;
    v->sersize = 0;
    v->u.str.len = len;
    v->u.str.bytes = (char *)(v + 1);
    if (len)
        memcpy(v->u.str.bytes, s, len);
    v->u.str.bytes[len] = '\0';
    return v;
}

jv *jv_string(const char *s) { return jv_string_n(s, strlen(s)); }

jv *jv_string_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return jv_string("");
    char *buf = engine_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    jv *v = jv_string_n(buf, (size_t)n);
    engine_free(buf);
    return v;
}

jv *jv_array(void)
{
    jv *v = jv_alloc(JV_ARRAY);
    v->u.arr.len = v->u.arr.cap = 0;
    v->u.arr.items = NULL;
    return v;
}

jv *jv_object(void)
{
    jv *v = jv_alloc(JV_OBJECT);
    v->u.obj.len = v->u.obj.cap = 0;
    v->u.obj.members = NULL;
    v->u.obj.index = NULL;
    v->u.obj.index_cap = 0;
    return v;
}

/* A sized container keeps its first items or members in its own allocation, right after
 * the node: a reader going from the node to its members finds them on the next cache
 * line, not in another block. Growing past them moves them to an allocation of their own. */
static bool jv_items_inline(const jv *a) { return a->u.arr.items == (jv **)(void *)(a + 1); }
static bool jv_members_inline(const jv *o) { return o->u.obj.members == (jv_member *)(void *)(o + 1); }

jv *jv_array_sized(size_t n)
{
    if (!n)
        return jv_array();
    jv *v = jv_alloc_with(JV_ARRAY, sizeof(jv *) * n);
    v->u.arr.len = 0;
    v->u.arr.cap = n;
    v->u.arr.items = (jv **)(void *)(v + 1);
    return v;
}

jv *jv_object_sized(size_t n)
{
    if (!n)
        return jv_object();
    jv *v = jv_alloc_with(JV_OBJECT, sizeof(jv_member) * n);
    v->u.obj.len = 0;
    v->u.obj.cap = n;
    v->u.obj.members = (jv_member *)(void *)(v + 1);
    v->u.obj.index = NULL;
    v->u.obj.index_cap = 0;
    return v;
}

/* room for twice as many items or members (elem bytes each), out of the node if they were in it */
static void *jv_grow_block(void *block, bool in_node, size_t cap, size_t elem)
{
    if (!in_node)
        return engine_realloc(block, cap * elem);
    void *moved = engine_malloc(cap * elem);
    memcpy(moved, block, (cap / 2) * elem);
    return moved;
}

/* The one place a const node becomes writable: jv_ref uses it to count a new owner, and
 * jv_serialized_size to remember its answer. Defined behaviour because no node is an
 * object defined const (see jv.h, jv_ref and jv_serialized_size). */
static jv *jv_mutable(const jv *v) { return (jv *)v; }

jv *jv_ref(const jv *v)
{
    jv *m = jv_mutable(v);
    if (m && m->refcnt != JV_IMMORTAL)
        m->refcnt++;
    return m;
}

static void jv_free(jv *v)
{
    switch (v->kind) {
    case JV_ARRAY:
        for (size_t i = 0; i < v->u.arr.len; i++)
            jv_unref(v->u.arr.items[i]);
        if (!jv_items_inline(v))
            engine_free(v->u.arr.items);
        break;
    case JV_OBJECT:
        for (size_t i = 0; i < v->u.obj.len; i++) {
            jv_unref(v->u.obj.members[i].key);
            jv_unref(v->u.obj.members[i].val);
        }
        if (!jv_members_inline(v))
            engine_free(v->u.obj.members);
        engine_free(v->u.obj.index);
        break;
    default:
        break;
    }
    engine_free(v);
}

void jv_unref(jv *v)
{
    if (!v || v->refcnt == JV_IMMORTAL)
        return;
    if (--v->refcnt == 0)
        jv_free(v);
}

/* ---- inspection ---- */

jv_kind jv_kind_of(const jv *v) { return (jv_kind)v->kind; }

const char *jv_kind_name(jv_kind k)
{
    static const char *const names[] = {"null", "boolean", "boolean", "number",
                                        "string", "array", "object"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

bool jv_is_null(const jv *v) { return v->kind == JV_NULL; }
bool jv_is_bool(const jv *v) { return v->kind == JV_TRUE || v->kind == JV_FALSE; }
bool jv_is_true(const jv *v) { return v->kind == JV_TRUE; }
bool jv_is_number(const jv *v) { return v->kind == JV_NUMBER; }
bool jv_is_string(const jv *v) { return v->kind == JV_STRING; }
bool jv_is_array(const jv *v) { return v->kind == JV_ARRAY; }
bool jv_is_object(const jv *v) { return v->kind == JV_OBJECT; }

bool jv_is_integer(const jv *v)
{
    if (v->kind != JV_NUMBER)
        return false;
    double d = v->u.num;
    /* floor, not a cast to an integer type: a cast of 1e300 would be undefined */
    return d - d == 0 && floor(d) == d;
}

double jv_number_value(const jv *v) { return v->kind == JV_NUMBER ? v->u.num : 0; }
const char *jv_string_value(const jv *v) { return v->kind == JV_STRING ? v->u.str.bytes : ""; }
size_t jv_string_length(const jv *v) { return v->kind == JV_STRING ? v->u.str.len : 0; }

const char *jv_string_text(const jv *v, size_t *len)
{
    *len = jv_string_length(v);
    return jv_string_value(v);
}

/* jv_string_n allocates the text right after the node */
const jv *jv_string_of_text(const char *text) { return (const jv *)text - 1; }

size_t jv_array_length(const jv *a) { return a->kind == JV_ARRAY ? a->u.arr.len : 0; }

const jv *jv_array_get(const jv *a, size_t i)
{
    if (a->kind != JV_ARRAY || i >= a->u.arr.len)
        return NULL;
    return a->u.arr.items[i];
}

size_t jv_object_size(const jv *o) { return o->kind == JV_OBJECT ? o->u.obj.len : 0; }

const jv *jv_object_key_at(const jv *o, size_t i)
{
    return o->kind == JV_OBJECT && i < o->u.obj.len ? o->u.obj.members[i].key : NULL;
}

const jv *jv_object_value_at(const jv *o, size_t i)
{
    return o->kind == JV_OBJECT && i < o->u.obj.len ? o->u.obj.members[i].val : NULL;
}

/* ---- object index ---- */

static uint32_t jv_hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static void jv_index_insert(jv *o, size_t pos)
{
    jv *k = o->u.obj.members[pos].key;
    size_t mask = o->u.obj.index_cap - 1;
    size_t slot = jv_hash_bytes(k->u.str.bytes, k->u.str.len) & mask;
    while (o->u.obj.index[slot])
        slot = (slot + 1) & mask;
    o->u.obj.index[slot] = (uint32_t)(pos + 1);
}

static void jv_index_rebuild(jv *o)
{
    size_t cap = 32;
    while (cap < o->u.obj.len * 2)
        cap *= 2;
    engine_free(o->u.obj.index);
    o->u.obj.index = engine_calloc(cap, sizeof *o->u.obj.index);
    o->u.obj.index_cap = cap;
    for (size_t i = 0; i < o->u.obj.len; i++)
        jv_index_insert(o, i);
}

/* Position of key in o, or -1. */
static long jv_object_find(const jv *o, const char *key, size_t keylen)
{
    if (o->kind != JV_OBJECT)
        return -1;
    if (o->u.obj.index) {
        size_t mask = o->u.obj.index_cap - 1;
        size_t slot = jv_hash_bytes(key, keylen) & mask;
        for (uint32_t p; (p = o->u.obj.index[slot]) != 0; slot = (slot + 1) & mask) {
            const jv *k = o->u.obj.members[p - 1].key;
            if (k->u.str.len == keylen && memcmp(k->u.str.bytes, key, keylen) == 0)
                return (long)(p - 1);
        }
        return -1;
    }
    for (size_t i = 0; i < o->u.obj.len; i++) {
        const jv *k = o->u.obj.members[i].key;
        if (k->u.str.len == keylen && memcmp(k->u.str.bytes, key, keylen) == 0)
            return (long)i;
    }
    return -1;
}

const jv *jv_object_get_n(const jv *o, const char *key, size_t keylen)
{
    long p = jv_object_find(o, key, keylen);
    return p < 0 ? NULL : o->u.obj.members[p].val;
}

const jv *jv_object_get(const jv *o, const char *key) { return jv_object_get_n(o, key, strlen(key)); }

/* jv_object_get_hinted past its first comparison (kept apart so the hit costs no spills) */
__attribute__((noinline)) static const jv *jv_object_get_unhinted(const jv *o, const char *key,
                                                                 size_t keylen, jv_hint *hint)
{
    if (o->kind != JV_OBJECT)
        return NULL;
    if (hint->pos < o->u.obj.len) {
        const jv_member *m = &o->u.obj.members[hint->pos];
        if (m->key->u.str.len == keylen && memcmp(m->key->u.str.bytes, key, keylen) == 0) {
            hint->key = m->key;
            return m->val;
        }
    }
    long p = jv_object_find(o, key, keylen);
    if (p < 0)
        return NULL;
    hint->pos = (uint32_t)p;
    hint->key = o->u.obj.members[p].key;
    return o->u.obj.members[p].val;
}

const jv *jv_object_get_hinted(const jv *o, const char *key, size_t keylen, jv_hint *hint)
{
    if (o->kind == JV_OBJECT && hint->pos < o->u.obj.len && o->u.obj.members[hint->pos].key == hint->key)
        return o->u.obj.members[hint->pos].val;
    return jv_object_get_unhinted(o, key, keylen, hint);
}
bool jv_object_has(const jv *o, const char *key) { return jv_object_get(o, key) != NULL; }

/* ---- copy-on-write ---- */

static jv *jv_array_unshare(jv *a)
{
    if (a->refcnt == 1)
        return a;
    jv *c = jv_array();
    c->u.arr.cap = c->u.arr.len = a->u.arr.len;
    c->u.arr.items = engine_malloc(sizeof(jv *) * (a->u.arr.len ? a->u.arr.len : 1));
    for (size_t i = 0; i < a->u.arr.len; i++)
        c->u.arr.items[i] = jv_ref(a->u.arr.items[i]);
    jv_unref(a);
    return c;
}

static jv *jv_object_unshare(jv *o)
{
    if (o->refcnt == 1)
        return o;
    jv *c = jv_object();
    size_t n = o->u.obj.len;
    c->u.obj.cap = c->u.obj.len = n;
    c->u.obj.members = engine_malloc(sizeof(jv_member) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        c->u.obj.members[i].key = jv_ref(o->u.obj.members[i].key);
        c->u.obj.members[i].val = jv_ref(o->u.obj.members[i].val);
    }
    if (o->u.obj.index)
        jv_index_rebuild(c);
    jv_unref(o);
    return c;
}

/* keyv: the key as a string jv, taken; NULL: made from key/keylen */
static jv *jv_object_put(jv *o, const char *key, size_t keylen, jv *keyv, jv *val)
{
    o = jv_object_unshare(o);
    o->sersize = 0;
    long p = jv_object_find(o, key, keylen);
    if (p >= 0) {
        jv_unref(keyv);
        jv_unref(o->u.obj.members[p].val);
        o->u.obj.members[p].val = val;
        return o;
    }
    if (o->u.obj.len == o->u.obj.cap) {
        o->u.obj.cap = o->u.obj.cap ? o->u.obj.cap * 2 : 4;
        o->u.obj.members = jv_grow_block(o->u.obj.members, jv_members_inline(o), o->u.obj.cap,
                                         sizeof(jv_member));
    }
    size_t pos = o->u.obj.len++;
    o->u.obj.members[pos].key = keyv ? keyv : jv_string_n(key, keylen);
    o->u.obj.members[pos].val = val;
    if (o->u.obj.index && o->u.obj.len * 2 <= o->u.obj.index_cap)
        jv_index_insert(o, pos);
    else if (o->u.obj.len > JV_INDEX_THRESHOLD)
        jv_index_rebuild(o);
    return o;
}

jv *jv_object_set_n_take(jv *o, const char *key, size_t keylen, jv *val)
{
    return jv_object_put(o, key, keylen, NULL, val);
}

jv *jv_object_set_key_take(jv *o, jv *key, jv *val)
{
    return jv_object_put(o, key->u.str.bytes, key->u.str.len, key, val);
}

jv *jv_object_set_take(jv *o, const char *key, jv *val)
{
    return jv_object_set_n_take(o, key, strlen(key), val);
}

jv *jv_object_set(jv *o, const char *key, const jv *val)
{
    return jv_object_set_take(o, key, jv_ref(val));
}

jv *jv_object_delete(jv *o, const char *key)
{
    long p = jv_object_find(o, key, strlen(key));
    if (p < 0)
        return o;
    o = jv_object_unshare(o);
    o->sersize = 0;
    jv_unref(o->u.obj.members[p].key);
    jv_unref(o->u.obj.members[p].val);
    memmove(&o->u.obj.members[p], &o->u.obj.members[p + 1],
            sizeof(jv_member) * (o->u.obj.len - (size_t)p - 1));
    o->u.obj.len--;
    if (o->u.obj.index) {
        engine_free(o->u.obj.index);
        o->u.obj.index = NULL;
        o->u.obj.index_cap = 0;
        if (o->u.obj.len > JV_INDEX_THRESHOLD)
            jv_index_rebuild(o);
    }
    return o;
}

jv *jv_array_append_take(jv *a, jv *val)
{
    a = jv_array_unshare(a);
    a->sersize = 0;
    if (a->u.arr.len == a->u.arr.cap) {
        a->u.arr.cap = a->u.arr.cap ? a->u.arr.cap * 2 : 4;
        a->u.arr.items = jv_grow_block(a->u.arr.items, jv_items_inline(a), a->u.arr.cap, sizeof(jv *));
    }
    a->u.arr.items[a->u.arr.len++] = val;
    return a;
}

jv *jv_array_append(jv *a, const jv *val) { return jv_array_append_take(a, jv_ref(val)); }

jv *jv_array_set_take(jv *a, size_t i, jv *val)
{
    if (i >= a->u.arr.len) {
        jv_unref(val);
        return a;
    }
    a = jv_array_unshare(a);
    a->sersize = 0;
    jv_unref(a->u.arr.items[i]);
    a->u.arr.items[i] = val;
    return a;
}

/* ---- comparison ---- */

bool jv_equal(const jv *a, const jv *b)
{
    if (a == b)
        return true;
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case JV_NUMBER:
        return a->u.num == b->u.num;
    case JV_STRING:
        return a->u.str.len == b->u.str.len &&
               memcmp(a->u.str.bytes, b->u.str.bytes, a->u.str.len) == 0;
    case JV_ARRAY:
        if (a->u.arr.len != b->u.arr.len)
            return false;
        for (size_t i = 0; i < a->u.arr.len; i++)
            if (!jv_equal(a->u.arr.items[i], b->u.arr.items[i]))
                return false;
        return true;
    case JV_OBJECT:
        if (a->u.obj.len != b->u.obj.len)
            return false;
        for (size_t i = 0; i < a->u.obj.len; i++) {
            const jv *k = a->u.obj.members[i].key;
            const jv *bv = jv_object_get_n(b, k->u.str.bytes, k->u.str.len);
            if (!bv || !jv_equal(a->u.obj.members[i].val, bv))
                return false;
        }
        return true;
    default:
        return true;
    }
}

/* ---- size accounting ---- */

static size_t jv_string_serialized_size(const char *s, size_t n)
{
    size_t total = 2;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
            total += 2;
        else if (c < 0x20)
            total += 6;
        else
            total += 1;
    }
    return total;
}

/* The size from the node's children (theirs cached on the way). */
static size_t jv_serialized_size_walk(const jv *v)
{
    switch (v->kind) {
    case JV_NUMBER:
        return numfmt_length(v->u.num);
    case JV_STRING:
        return jv_string_serialized_size(v->u.str.bytes, v->u.str.len);
    case JV_ARRAY: {
        size_t total = 2 + (v->u.arr.len ? v->u.arr.len - 1 : 0);
        for (size_t i = 0; i < v->u.arr.len; i++)
            total += jv_serialized_size(v->u.arr.items[i]);
        return total;
    }
    case JV_OBJECT: {
        size_t total = 2 + (v->u.obj.len ? v->u.obj.len - 1 : 0);
        for (size_t i = 0; i < v->u.obj.len; i++) {
            total += jv_serialized_size(v->u.obj.members[i].key) + 1;
            total += jv_serialized_size(v->u.obj.members[i].val);
        }
        return total;
    }
    default: /* the immortals carry theirs */
        return v->sersize;
    }
}

size_t jv_serialized_size(const jv *v)
{
    if (!v->sersize) /* a number directly: the leaf most often asked (a Map's item ids) */
        jv_mutable(v)->sersize = v->kind == JV_NUMBER ? numfmt_length(v->u.num)
                                                      : jv_serialized_size_walk(v);
    return v->sersize;
}

/* The node's own allocations, children excluded. */
static size_t jv_node_bytes(const jv *v)
{
    switch (v->kind) {
    case JV_STRING:
        return sizeof *v + v->u.str.len + 1;
    case JV_ARRAY:
        return sizeof *v + v->u.arr.cap * sizeof *v->u.arr.items;
    case JV_OBJECT:
        return sizeof *v + v->u.obj.cap * sizeof *v->u.obj.members +
               v->u.obj.index_cap * sizeof *v->u.obj.index;
    default:
        return sizeof *v;
    }
}

size_t jv_unshared_bytes(const jv *v)
{
    if (!v || v->refcnt != 1)
        return 0; /* immortal, or shared with something that keeps it anyway */
    size_t total = jv_node_bytes(v);
    if (v->kind == JV_ARRAY)
        for (size_t i = 0; i < v->u.arr.len; i++)
            total += jv_unshared_bytes(v->u.arr.items[i]);
    else if (v->kind == JV_OBJECT)
        for (size_t i = 0; i < v->u.obj.len; i++)
            total += jv_unshared_bytes(v->u.obj.members[i].key) +
                     jv_unshared_bytes(v->u.obj.members[i].val);
    return total;
}
