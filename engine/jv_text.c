/* jv_text — parsing (strict check, then a length-keeping builder), and serialization. */
#include "jv_text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonloc.h"
#include "numfmt.h"

void jv_text_position(const char *text, size_t len, size_t offset, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < offset && i < len; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *column = c;
}

static void jv_parse_fail(const char *text, size_t len, size_t offset, jv_parse_error *err,
                          const char *msg)
{
    if (!err)
        return;
    err->offset = offset;
    jv_text_position(text, len, offset, &err->line, &err->column);
    snprintf(err->message, sizeof err->message, "%s", msg);
}

/* ---- building values from text the strict checker accepted ----
 * The checker (jsonloc_check_syntax) has refused every syntax error, bad UTF-8, lone
 * surrogate and too-deep nesting with its position, so the builder below needs no error
 * paths; it keeps every string's length, NUL bytes included. */

/* Repeated object keys (the field names of an array of records) are parsed into one shared
 * string each: fewer allocations, and a lookup compares against memory already in cache.
 * A short text (a JSONL line, a Task's answer) uses a few slots in the reader, so that
 * parsing it costs no table to clear. */
#define JT_KEYS 512
#define JT_SMALL_KEYS 16
#define JT_SMALL_TEXT 4096
#define JT_KEY_MAX 64
/* A table shared by many parses (jv_intern) also shares short string values: the repeated
 * codes, flags and tags of a million records. */
#define JT_SHARED_SLOTS JV_INTERN_SLOTS
#define JT_SHARED_VALUE_MAX 16

struct jv_intern {
    jv *slots[JT_SHARED_SLOTS];
};

typedef struct {
    const char *t;
    size_t len, i;      /* the text need not be terminated */
    char *scratch;      /* decoded escapes; grown as needed, reused */
    size_t scratch_cap;
    jv **keys;          /* interned object keys (hashed slots), NULL until needed */
    size_t keys_mask;   /* slots - 1 */
    jv *small_keys[JT_SMALL_KEYS];
    bool shared;        /* keys is a jv_intern's table: short values too, and not freed */
    jv **stack;         /* values read for the containers being built (jt_push) */
    size_t nstack, capstack;
} jt_reader;

static jv *jt_key(jt_reader *r, const char *s, size_t n)
{
    if (n > JT_KEY_MAX)
        return jv_string_n(s, n);
    if (r->shared) {
        /* the table is the caller's */
    } else if (!r->keys && r->len <= JT_SMALL_TEXT) {
        r->keys = r->small_keys;
        r->keys_mask = JT_SMALL_KEYS - 1;
    } else if (!r->keys) {
        r->keys = engine_calloc(JT_KEYS, sizeof *r->keys);
        r->keys_mask = JT_KEYS - 1;
    }
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    jv **slot = &r->keys[h & r->keys_mask];
    if (*slot && jv_string_length(*slot) == n && memcmp(jv_string_value(*slot), s, n) == 0)
        return jv_ref(*slot);
    jv *k = jv_string_n(s, n);
    if (!*slot)
        *slot = jv_ref(k);
    return k;
}

static void jt_keys_free(jt_reader *r)
{
    if (!r->keys || r->shared)
        return;
    for (size_t i = 0; i <= r->keys_mask; i++)
        jv_unref(r->keys[i]);
    if (r->keys != r->small_keys)
        engine_free(r->keys);
}

static bool jt_is_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void jt_ws(jt_reader *r)
{
    while (r->i < r->len && jt_is_ws(r->t[r->i]))
        r->i++;
}

/* r->i at an opening quote: leaves r->i past the closing quote and points *body at the
 * decoded bytes (into the text itself when nothing is escaped, else into scratch). */
static size_t jt_string_body(jt_reader *r, const char **body)
{
    size_t start = ++r->i;
    bool escaped = false;
    while (r->t[r->i] != '"') {
        if (r->t[r->i] == '\\') {
            escaped = true;
            r->i++;
        }
        r->i++;
    }
    size_t n = r->i - start;
    r->i++;
    if (!escaped) {
        *body = r->t + start;
        return n;
    }
    if (n > r->scratch_cap) {
        r->scratch_cap = n;
        r->scratch = engine_realloc(r->scratch, n);
    }
    *body = r->scratch;
    return jsonloc_unescape(r->t + start, n, r->scratch);
}

static jv *jt_number(jt_reader *r)
{
    size_t start = r->i;
    while (r->i < r->len && r->t[r->i] != '\0' && strchr("0123456789+-.eE", r->t[r->i]))
        r->i++;
    /* strtod needs a terminated copy; the text need not be terminated after the number */
    char small[64];
    size_t n = r->i - start;
    char *buf = n < sizeof small ? small : engine_malloc(n + 1);
    memcpy(buf, r->t + start, n);
    buf[n] = '\0';
    double d = strtod(buf, NULL);
    if (buf != small)
        engine_free(buf);
    return jv_number(d);
}

static jv *jt_value(jt_reader *r);

/* Containers are built at their final size (their members in the node's own allocation,
 * jv_object_sized): the values read so far wait on the reader's stack. */
static void jt_push(jt_reader *r, jv *v)
{
    if (r->nstack == r->capstack) {
        r->capstack = r->capstack ? r->capstack * 2 : 64;
        r->stack = engine_realloc(r->stack, r->capstack * sizeof *r->stack);
    }
    r->stack[r->nstack++] = v;
}

static jv *jt_object(jt_reader *r)
{
    size_t base = r->nstack;
    r->i++;
    jt_ws(r);
    while (r->t[r->i] == '"') {
        const char *body;
        size_t n = jt_string_body(r, &body);
        jt_push(r, jt_key(r, body, n));   /* before the value reuses scratch */
        jt_ws(r);
        r->i++; /* ':' */
        jt_ws(r);
        jt_push(r, jt_value(r));
        jt_ws(r);
        if (r->t[r->i] == ',')
            r->i++;
        jt_ws(r);
    }
    r->i++; /* '}' */
    jv *o = jv_object_sized((r->nstack - base) / 2);
    for (size_t k = base; k < r->nstack; k += 2)   /* a repeated key: the last value wins */
        o = jv_object_set_key_take(o, r->stack[k], r->stack[k + 1]);
    r->nstack = base;
    return o;
}

static jv *jt_array(jt_reader *r)
{
    size_t base = r->nstack;
    r->i++;
    jt_ws(r);
    while (r->t[r->i] != ']') {
        jt_push(r, jt_value(r));
        jt_ws(r);
        if (r->t[r->i] == ',')
            r->i++;
        jt_ws(r);
    }
    r->i++;
    jv *a = jv_array_sized(r->nstack - base);
    for (size_t k = base; k < r->nstack; k++)
        a = jv_array_append_take(a, r->stack[k]);
    r->nstack = base;
    return a;
}

static jv *jt_value(jt_reader *r)
{
    const char *body;
    switch (r->t[r->i]) {
    case '{':
        return jt_object(r);
    case '[':
        return jt_array(r);
    case '"': {
        size_t n = jt_string_body(r, &body);
        return r->shared && n <= JT_SHARED_VALUE_MAX ? jt_key(r, body, n) : jv_string_n(body, n);
    }
    case 't':
        r->i += 4;
        return jv_bool(true);
    case 'f':
        r->i += 5;
        return jv_bool(false);
    case 'n':
        r->i += 4;
        return jv_null();
    default:
        return jt_number(r);
    }
}

static jv *jt_parse(const char *text, size_t len, size_t max_bytes, jv_parse_error *err,
                    jv_intern *shared)
{
    char msg[160];
    if (max_bytes && len > max_bytes) {
        snprintf(msg, sizeof msg, "JSON text of %zu bytes exceeds the limit of %zu bytes", len,
                 max_bytes);
        jv_parse_fail(text, len, max_bytes, err, msg);
        return NULL;
    }
    /* The strict checker finds the exact position and words the problem as AWS's parser
     * does; the builder then trusts the text. */
    size_t bad;
    if (!jsonloc_check_syntax(text, len, JV_MAX_DEPTH, &bad, msg, sizeof msg)) {
        jv_parse_fail(text, len, bad, err, msg);
        return NULL;
    }
    jt_reader r = {.t = text, .len = len};
    if (shared) {
        r.keys = shared->slots;
        r.keys_mask = JT_SHARED_SLOTS - 1;
        r.shared = true;
    }
    jt_ws(&r);
    jv *v = jt_value(&r);
    jt_keys_free(&r);
    engine_free(r.scratch);
    engine_free(r.stack);
    return v;
}

jv *jv_parse(const char *text, size_t len, size_t max_bytes, jv_parse_error *err)
{
    return jt_parse(text, len, max_bytes, err, NULL);
}

jv *jv_parse_interned(const char *text, size_t len, size_t max_bytes, jv_parse_error *err,
                      jv_intern *in)
{
    return jt_parse(text, len, max_bytes, err, in);
}

jv_intern *jv_intern_new(void)
{
    return engine_calloc(1, sizeof(jv_intern));
}

void jv_intern_free(jv_intern *in)
{
    if (!in)
        return;
    for (size_t i = 0; i < JT_SHARED_SLOTS; i++)
        jv_unref(in->slots[i]);
    engine_free(in);
}

jv *jv_intern_value(jv_intern *in, const char *s, size_t n)
{
    if (n > JT_SHARED_VALUE_MAX)
        return jv_string_n(s, n);
    jt_reader r = {.t = s, .len = n, .keys = in->slots, .keys_mask = JT_SHARED_SLOTS - 1,
                   .shared = true};
    return jt_key(&r, s, n);
}

jv *jv_parse_cstr(const char *text, jv_parse_error *err)
{
    return jv_parse(text, strlen(text), 0, err);
}

/* ---- dumping ---- */

void jv_dump_cstring(const char *s, size_t len, strbuf *out)
{
    static const char hex[] = "0123456789abcdef";
    strbuf_putc(out, '"');
    size_t run = 0; /* bytes copied verbatim in one go */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char ubuf[7];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (c < 0x20) {
                memcpy(ubuf, "\\u00", 4);
                ubuf[4] = hex[c >> 4];
                ubuf[5] = hex[c & 15];
                ubuf[6] = '\0';
                esc = ubuf;
            }
        }
        if (!esc) {
            run++;
            continue;
        }
        strbuf_append(out, s + i - run, run);
        run = 0;
        strbuf_puts(out, esc);
    }
    strbuf_append(out, s + len - run, run);
    strbuf_putc(out, '"');
}

static void jv_dump_indent(strbuf *out, int depth)
{
    strbuf_putc(out, '\n');
    for (int i = 0; i < depth; i++)
        strbuf_append(out, "  ", 2);
}

static int jv_key_cmp(const void *a, const void *b)
{
    const jv *ka = *(const jv *const *)a, *kb = *(const jv *const *)b;
    return strcmp(jv_string_value(ka), jv_string_value(kb));
}

static void jv_dump_rec(const jv *v, int flags, int depth, strbuf *out);

static void jv_dump_object(const jv *v, int flags, int depth, strbuf *out)
{
    size_t n = jv_object_size(v);
    if (n == 0) {
        strbuf_append(out, "{}", 2);
        return;
    }
    const jv **keys = NULL;
    if (flags & JV_DUMP_SORT_KEYS) {
        keys = engine_malloc(n * sizeof *keys);
        for (size_t i = 0; i < n; i++)
            keys[i] = jv_object_key_at(v, i);
        qsort(keys, n, sizeof *keys, jv_key_cmp);
    }
    strbuf_putc(out, '{');
    for (size_t i = 0; i < n; i++) {
        const jv *k = keys ? keys[i] : jv_object_key_at(v, i);
        if (i)
            strbuf_putc(out, ',');
        if (flags & JV_DUMP_PRETTY)
            jv_dump_indent(out, depth + 1);
        jv_dump_cstring(jv_string_value(k), jv_string_length(k), out);
        strbuf_putc(out, ':');
        if (flags & JV_DUMP_PRETTY)
            strbuf_putc(out, ' ');
        const jv *val = keys ? jv_object_get_n(v, jv_string_value(k), jv_string_length(k))
                             : jv_object_value_at(v, i);
        jv_dump_rec(val, flags, depth + 1, out);
    }
    if (flags & JV_DUMP_PRETTY)
        jv_dump_indent(out, depth);
    strbuf_putc(out, '}');
    engine_free(keys);
}

static void jv_dump_array(const jv *v, int flags, int depth, strbuf *out)
{
    size_t n = jv_array_length(v);
    if (n == 0) {
        strbuf_append(out, "[]", 2);
        return;
    }
    strbuf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_putc(out, ',');
        if (flags & JV_DUMP_PRETTY)
            jv_dump_indent(out, depth + 1);
        jv_dump_rec(jv_array_get(v, i), flags, depth + 1, out);
    }
    if (flags & JV_DUMP_PRETTY)
        jv_dump_indent(out, depth);
    strbuf_putc(out, ']');
}

static void jv_dump_rec(const jv *v, int flags, int depth, strbuf *out)
{
    char buf[NUMFMT_BUFSZ];
    switch (jv_kind_of(v)) {
    case JV_NULL:
        strbuf_append(out, "null", 4);
        break;
    case JV_TRUE:
        strbuf_append(out, "true", 4);
        break;
    case JV_FALSE:
        strbuf_append(out, "false", 5);
        break;
    case JV_NUMBER: {
        double d = jv_number_value(v);
        if (d != d || d - d != 0)
            strbuf_append(out, "null", 4);
        else
            strbuf_append(out, buf, numfmt_double(d, buf));
        break;
    }
    case JV_STRING:
        jv_dump_cstring(jv_string_value(v), jv_string_length(v), out);
        break;
    case JV_ARRAY:
        jv_dump_array(v, flags, depth, out);
        break;
    case JV_OBJECT:
        jv_dump_object(v, flags, depth, out);
        break;
    }
}

void jv_dump(const jv *v, int flags, strbuf *out) { jv_dump_rec(v, flags, 0, out); }

char *jv_dump_string(const jv *v, int flags)
{
    strbuf sb;
    strbuf_init(&sb, 0);
    jv_dump(v, flags, &sb);
    return strbuf_detach(&sb);
}
