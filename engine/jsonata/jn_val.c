/* jn_val — JSONata evaluation values and their arena. See jn_val.h. */
#include "jn_val.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "numfmt.h"

struct jn_block {
    jn_block *next;
    size_t size;
    _Alignas(8) char data[];
};

#define JN_BLOCK_MIN (64 * 1024)

void jn_heap_init(jn_heap *h, size_t limit)
{
    memset(h, 0, sizeof *h);
    h->limit = limit;
}

void jn_heap_cleanup(jn_heap *h)
{
    jn_block *b = h->head;
    while (b) {
        jn_block *n = b->next;
        engine_free(b);
        b = n;
    }
    for (size_t i = 0; i < h->nowned; i++)
        jv_unref(h->owned[i]);
    engine_free(h->owned);
    h->head = NULL;
    h->cur = h->end = NULL;
    h->owned = NULL;
    h->nowned = h->capowned = 0;
    h->total = 0;
}

jn_block *jn_heap_keep_block(jn_heap *h, size_t max)
{
    if (!h->head || (!h->head->next && h->head->size <= JN_BLOCK_MIN))
        return NULL;   /* one small block: malloc keeps that much at hand anyway */
    jn_block **best = NULL;
    for (jn_block **pp = &h->head; *pp; pp = &(*pp)->next)
        if ((*pp)->size <= max && (!best || (*pp)->size > (*best)->size))
            best = pp;
    if (!best)
        return NULL;
    jn_block *b = *best;
    *best = b->next;
    b->next = NULL;
    h->total -= b->size;
    if (b == h->head || !h->head)
        h->cur = h->end = NULL;
    return b;
}

void jn_heap_adopt_block(jn_heap *h, jn_block *b)
{
    if (!b)
        return;
    if (h->head || (h->limit && b->size > h->limit)) {
        engine_free(b);
        return;
    }
    h->head = b;
    h->total = b->size;
    h->cur = b->data;
    h->end = b->data + b->size;
}

void jn_block_free(jn_block *b) { engine_free(b); }

static void jn_heap_fail(jn_heap *h, size_t n)
{
    if (h->fail)
        h->fail(h->fail_user);
    engine_oom(n);
}

void *jn_alloc_block(jn_heap *h, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    jn_block *b = h->head;
    size_t size = n > JN_BLOCK_MIN ? n : JN_BLOCK_MIN;
    if (b && size < b->size * 2 && b->size < 16 * 1024 * 1024 && n <= b->size)
        size = b->size * 2;
    if (h->limit && h->total + size > h->limit) {
        if (h->total + n + sizeof(jn_block) > h->limit)
            jn_heap_fail(h, n);
        size = n;
    }
    jn_block *nb = engine_malloc(sizeof(jn_block) + size);
    nb->size = size;
    nb->next = b;
    h->head = nb;
    h->total += size;
    h->cur = nb->data + n;
    h->end = nb->data + size;
    return nb->data;
}

void *jn_zalloc(jn_heap *h, size_t n)
{
    void *p = jn_alloc(h, n);
    memset(p, 0, n);
    return p;
}

char *jn_strndup(jn_heap *h, const char *s, size_t n)
{
    char *p = jn_alloc(h, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void jn_heap_own(jn_heap *h, jv *v)
{
    if (h->nowned == h->capowned) {
        h->capowned = h->capowned ? h->capowned * 2 : 16;
        h->owned = engine_realloc(h->owned, h->capowned * sizeof(jv *));
    }
    h->owned[h->nowned++] = v;
}

/* ---- values ---- */

jn_val jn_cstr(const char *s) { return jn_str(s, strlen(s)); }

jn_val jn_str_copy(jn_heap *h, const char *s, size_t len)
{
    return jn_str(jn_strndup(h, s, len), len);
}

jn_val jn_from_jv(const jv *j)
{
    if (!j)
        return jn_undef();
    switch (jv_kind_of(j)) {
    case JV_NULL: return jn_null();
    case JV_FALSE: return jn_bool(false);
    case JV_TRUE: return jn_bool(true);
    case JV_NUMBER: return jn_num(jv_number_value(j));
    case JV_STRING: {
        size_t len;
        const char *text = jv_string_text(j, &len);
        jn_val v = jn_str(text, len);
        v.jvstr = 1;
        return v;
    }
    case JV_ARRAY: { jn_val v = {0}; v.t = JN_JARR; v.u.j = j; return v; }
    case JV_OBJECT: { jn_val v = {0}; v.t = JN_JOBJ; v.u.j = j; return v; }
    }
    return jn_undef();
}

static jv *jn_to_jv_at(jn_val v, int depth)
{
    if (depth > JN_MAX_NESTING)
        return NULL;
    switch (v.t) {
    case JN_UNDEF: return NULL;
    case JN_NULL: return jv_null();
    case JN_BOOL: return jv_bool(v.b);
    case JN_NUM: return jv_number(v.u.n);
    case JN_STR: return v.jvstr ? jv_ref(jv_string_of_text(v.u.s)) : jv_string_n(v.u.s, v.len);
    case JN_JARR:
    case JN_JOBJ: return jv_ref(v.u.j);
    case JN_FUNC: return jv_string("");
    case JN_ARR: {
        jv *a = jv_array_sized(v.u.a->n);
        for (uint32_t i = 0; i < v.u.a->n; i++) {
            jn_val item = v.u.a->items[i];
            if (item.t == JN_STR && item.jvstr) {   /* the common case, without a call */
                a = jv_array_append_take(a, jv_ref(jv_string_of_text(item.u.s)));
                continue;
            }
            jv *e = jn_to_jv_at(item, depth + 1);
            if (!e && !jn_is_undef(item)) {
                jv_unref(a);
                return NULL;
            }
            a = jv_array_append_take(a, e ? e : jv_null());
        }
        return a;
    }
    case JN_OBJ: {
        jn_obj *ob = v.u.o;
        jv *o = jv_object_sized(ob->n);
        for (uint32_t i = 0; i < ob->n; i++) {
            if (ob->vals[i].t == JN_UNDEF || ob->vals[i].t == JN_FUNC)
                continue;
            jv *e = jn_to_jv_at(ob->vals[i], depth + 1);
            if (!e) {
                jv_unref(o);
                return NULL;
            }
            jn_val k = ob->keys[i];
            o = k.jvstr ? jv_object_set_key_take(o, jv_ref(jv_string_of_text(k.u.s)), e)
                        : jv_object_set_n_take(o, k.u.s, k.len, e);
        }
        return o;
    }
    }
    return NULL;
}

jv *jn_to_jv(jn_val v)
{
    return jn_to_jv_at(v, 0);
}

/* ---- arrays ---- */

jn_arr *jn_arr_new(jn_heap *h, uint32_t cap)
{
    jn_arr *a = jn_zalloc(h, sizeof *a);
    if (cap) {
        a->items = jn_alloc(h, cap * sizeof(jn_val));
        a->cap = cap;
    }
    return a;
}

jn_val jn_arr_val(jn_arr *a)
{
    jn_val v = {0};
    v.t = JN_ARR;
    v.u.a = a;
    return v;
}

jn_val jn_seq_new(jn_heap *h)
{
    jn_arr *a = jn_arr_new(h, 0);
    a->seq = true;
    return jn_arr_val(a);
}

jn_val jn_seq_of(jn_heap *h, jn_val item)
{
    jn_arr *a = jn_arr_new(h, 1);
    a->seq = true;
    if (!jn_is_undef(item))
        jn_arr_push(h, a, item);
    return jn_arr_val(a);
}

void jn_arr_grow(jn_heap *h, jn_arr *a)
{
    uint32_t ncap = a->cap ? a->cap * 2 : 4;
    jn_val *ni = jn_alloc(h, ncap * sizeof(jn_val));
    if (a->n)
        memcpy(ni, a->items, a->n * sizeof(jn_val));
    a->items = ni;
    a->cap = ncap;
}

size_t jn_jlen(jn_val v)
{
    return jv_array_length(v.u.j);
}

jn_val jn_jat(jn_val v, size_t i)
{
    return jn_from_jv(jv_array_get(v.u.j, i));
}

jn_arr *jn_arr_copy(jn_heap *h, jn_val arr)
{
    size_t n = jn_len(arr);
    jn_arr *a = jn_arr_new(h, (uint32_t)(n ? n : 1));
    for (size_t i = 0; i < n; i++)
        a->items[i] = jn_at(arr, i);
    a->n = (uint32_t)n;
    return a;
}

/* ---- objects ---- */

#define JN_OBJ_INDEX_AT 8

static uint32_t jn_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

jn_obj *jn_obj_new(jn_heap *h, uint32_t cap)
{
    jn_obj *o = jn_zalloc(h, sizeof *o);
    if (cap) {
        o->keys = jn_alloc(h, cap * sizeof(jn_val));
        o->vals = jn_alloc(h, cap * sizeof(jn_val));
        o->cap = cap;
    }
    return o;
}

jn_val jn_obj_val(jn_obj *o)
{
    jn_val v = {0};
    v.t = JN_OBJ;
    v.u.o = o;
    return v;
}

static long jn_obj_find(const jn_obj *o, const char *k, size_t klen)
{
    if (o->index) {
        uint32_t mask = o->icap - 1;
        for (uint32_t s = jn_hash(k, klen) & mask;; s = (s + 1) & mask) {
            uint32_t p = o->index[s];
            if (!p)
                return -1;
            const jn_val *key = &o->keys[p - 1];
            if (key->len == klen && memcmp(key->u.s, k, klen) == 0)
                return p - 1;
        }
    }
    for (uint32_t i = 0; i < o->n; i++)
        if (o->keys[i].len == klen && memcmp(o->keys[i].u.s, k, klen) == 0)
            return i;
    return -1;
}

static void jn_obj_reindex(jn_heap *h, jn_obj *o)
{
    uint32_t icap = 16;
    while (icap < o->n * 2 + 2)
        icap *= 2;
    o->index = jn_zalloc(h, icap * sizeof(uint32_t));
    o->icap = icap;
    for (uint32_t i = 0; i < o->n; i++) {
        uint32_t mask = icap - 1;
        uint32_t s = jn_hash(o->keys[i].u.s, o->keys[i].len) & mask;
        while (o->index[s])
            s = (s + 1) & mask;
        o->index[s] = i + 1;
    }
}

void jn_obj_set(jn_heap *h, jn_obj *o, jn_val key, jn_val val)
{
    long p = jn_obj_find(o, key.u.s, key.len);
    if (p >= 0) {
        o->vals[p] = val;
        return;
    }
    if (o->n == o->cap) {
        uint32_t ncap = o->cap ? o->cap * 2 : 4;
        jn_val *nk = jn_alloc(h, ncap * sizeof(jn_val));
        jn_val *nv = jn_alloc(h, ncap * sizeof(jn_val));
        if (o->n) {
            memcpy(nk, o->keys, o->n * sizeof(jn_val));
            memcpy(nv, o->vals, o->n * sizeof(jn_val));
        }
        o->keys = nk;
        o->vals = nv;
        o->cap = ncap;
    }
    o->keys[o->n] = key;
    o->vals[o->n] = val;
    o->n++;
    if (o->n > JN_OBJ_INDEX_AT && (!o->index || o->n * 2 + 2 > o->icap))
        jn_obj_reindex(h, o);
    else if (o->index) {
        uint32_t mask = o->icap - 1;
        uint32_t s = jn_hash(key.u.s, key.len) & mask;
        while (o->index[s])
            s = (s + 1) & mask;
        o->index[s] = o->n;
    }
}

void jn_obj_del(jn_obj *o, const char *k, size_t klen)
{
    long p = jn_obj_find(o, k, klen);
    if (p < 0)
        return;
    memmove(&o->keys[p], &o->keys[p + 1], (o->n - p - 1) * sizeof(jn_val));
    memmove(&o->vals[p], &o->vals[p + 1], (o->n - p - 1) * sizeof(jn_val));
    o->n--;
    o->index = NULL;   /* rebuilt lazily: lookups fall back to a scan */
    o->icap = 0;
}

size_t jn_obj_size(jn_val v)
{
    if (v.t == JN_OBJ)
        return v.u.o->n;
    if (v.t == JN_JOBJ)
        return jv_object_size(v.u.j);
    return 0;
}

jn_val jn_obj_key(jn_val v, size_t i)
{
    if (v.t == JN_OBJ)
        return v.u.o->keys[i];
    return jn_from_jv(jv_object_key_at(v.u.j, i));
}

jn_val jn_obj_value(jn_val v, size_t i)
{
    if (v.t == JN_OBJ)
        return v.u.o->vals[i];
    return jn_from_jv(jv_object_value_at(v.u.j, i));
}

jn_val jn_obj_get(jn_val v, const char *k, size_t klen)
{
    if (v.t == JN_OBJ) {
        long p = jn_obj_find(v.u.o, k, klen);
        return p < 0 ? jn_undef() : v.u.o->vals[p];
    }
    if (v.t == JN_JOBJ)
        return jn_from_jv(jv_object_get_n(v.u.j, k, klen));
    return jn_undef();
}

jn_obj *jn_obj_copy(jn_heap *h, jn_val v)
{
    size_t n = jn_obj_size(v);
    jn_obj *o = jn_obj_new(h, (uint32_t)(n ? n : 1));
    for (size_t i = 0; i < n; i++)
        jn_obj_set(h, o, jn_obj_key(v, i), jn_obj_value(v, i));
    return o;
}

/* ---- semantics ---- */

bool jn_truthy(jn_val v)
{
    switch (v.t) {
    case JN_UNDEF:
    case JN_NULL:
    case JN_FUNC:
        return false;
    case JN_BOOL: return v.b;
    case JN_NUM: return v.u.n != 0 && !isnan(v.u.n);
    case JN_STR: return v.len > 0;
    case JN_ARR:
    case JN_JARR: {
        size_t n = jn_len(v);
        if (n == 1)
            return jn_truthy(jn_at(v, 0));
        for (size_t i = 0; i < n; i++)
            if (jn_truthy(jn_at(v, i)))
                return true;
        return false;
    }
    case JN_OBJ:
    case JN_JOBJ:
        return jn_obj_size(v) > 0;
    }
    return false;
}

static bool jn_deep_equal_at(jn_val a, jn_val b, int depth)
{
    if (depth > JN_MAX_NESTING)
        return false;
    if (jn_is_arr(a) && jn_is_arr(b)) {
        size_t n = jn_len(a);
        if (n != jn_len(b))
            return false;
        for (size_t i = 0; i < n; i++)
            if (!jn_deep_equal_at(jn_at(a, i), jn_at(b, i), depth + 1))
                return false;
        return true;
    }
    if (jn_is_obj(a) && jn_is_obj(b)) {
        size_t n = jn_obj_size(a);
        if (n != jn_obj_size(b))
            return false;
        for (size_t i = 0; i < n; i++) {
            jn_val k = jn_obj_key(a, i);
            jn_val bv = jn_obj_get(b, k.u.s, k.len);
            if (jn_is_undef(bv) || !jn_deep_equal_at(jn_obj_value(a, i), bv, depth + 1))
                return false;
        }
        return true;
    }
    if (a.t != b.t)
        return false;
    switch (a.t) {
    case JN_UNDEF:
    case JN_NULL: return true;
    case JN_BOOL: return a.b == b.b;
    case JN_NUM: return a.u.n == b.u.n;
    case JN_STR: return a.len == b.len && memcmp(a.u.s, b.u.s, a.len) == 0;
    case JN_FUNC: return a.u.f == b.u.f;
    default: return false;
    }
}

bool jn_deep_equal(jn_val a, jn_val b)
{
    return jn_deep_equal_at(a, b, 0);
}

const char *jn_type_name(jn_val v)
{
    switch (v.t) {
    case JN_NULL: return "null";
    case JN_BOOL: return "boolean";
    case JN_NUM: return "number";
    case JN_STR: return "string";
    case JN_ARR:
    case JN_JARR: return "array";
    case JN_OBJ:
    case JN_JOBJ: return "object";
    case JN_FUNC: return "function";
    default: return NULL;
    }
}

size_t jn_numstr(double d, char *buf) { return numfmt_double(d, buf); }

/* Number(val.toPrecision(15)) printed as JavaScript prints numbers */
static void jn_put_num15(double d, strbuf *out)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.14e", d);
    double r = strtod(tmp, NULL);
    char buf[NUMFMT_BUFSZ];
    numfmt_double(r, buf);
    strbuf_puts(out, buf);
}

static void jn_indent(strbuf *out, int indent, int level)
{
    strbuf_putc(out, '\n');
    for (int i = 0; i < indent * level; i++)
        strbuf_putc(out, ' ');
}

static bool jn_stringify_at(jn_val v, int indent, int level, strbuf *out)
{
    if (level > JN_MAX_NESTING)
        return false;
    switch (v.t) {
    case JN_UNDEF:
    case JN_NULL: strbuf_puts(out, "null"); return true;
    case JN_BOOL: strbuf_puts(out, v.b ? "true" : "false"); return true;
    case JN_NUM:
        if (!isfinite(v.u.n)) {
            strbuf_puts(out, "null");
            return false;
        }
        if (floor(v.u.n) == v.u.n) {
            char buf[NUMFMT_BUFSZ];
            numfmt_double(v.u.n, buf);
            strbuf_puts(out, buf);
        } else {
            jn_put_num15(v.u.n, out);
        }
        return true;
    case JN_STR: {
        jv_dump_cstring(v.u.s, v.len, out);
        return true;
    }
    case JN_FUNC: strbuf_puts(out, "\"\""); return true;
    case JN_ARR:
    case JN_JARR: {
        size_t n = jn_len(v);
        strbuf_putc(out, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                strbuf_putc(out, ',');
            if (indent)
                jn_indent(out, indent, level + 1);
            jn_val e = jn_at(v, i);
            if (!jn_stringify_at(e, indent, level + 1, out))
                return false;
        }
        if (indent && n)
            jn_indent(out, indent, level);
        strbuf_putc(out, ']');
        return true;
    }
    case JN_OBJ:
    case JN_JOBJ: {
        size_t n = jn_obj_size(v);
        bool first = true;
        strbuf_putc(out, '{');
        for (size_t i = 0; i < n; i++) {
            jn_val e = jn_obj_value(v, i);
            if (jn_is_undef(e))
                continue;
            if (!first)
                strbuf_putc(out, ',');
            first = false;
            if (indent)
                jn_indent(out, indent, level + 1);
            jn_val k = jn_obj_key(v, i);
            jn_stringify_at(k, 0, 0, out);
            strbuf_putc(out, ':');
            if (indent)
                strbuf_putc(out, ' ');
            if (!jn_stringify_at(e, indent, level + 1, out))
                return false;
        }
        if (indent && !first)
            jn_indent(out, indent, level);
        strbuf_putc(out, '}');
        return true;
    }
    }
    return true;
}

bool jn_stringify(jn_val v, int indent, strbuf *out)
{
    return jn_stringify_at(v, indent, 0, out);
}

/* ---- UTF-8 ---- */

uint32_t jn_utf8_next(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    size_t extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra == 0 || *i + extra >= len) {
        (*i)++;
        return c;
    }
    uint32_t cp = c & (0x3F >> extra);
    for (size_t k = 1; k <= extra; k++)
        cp = (cp << 6) | ((unsigned char)s[*i + k] & 0x3F);
    *i += extra + 1;
    return cp;
}

size_t jn_utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

size_t jn_utf8_offset(const char *s, size_t len, size_t cp)
{
    size_t i = 0;
    while (cp > 0 && i < len) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        cp--;
    }
    return i;
}

