/* urlencode — form encoding of JSON values. See urlencode.h. */
#include "urlencode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"

#define URLENC_MAX_DEPTH 32

bool urlenc_array_format_parse(const char *name, urlenc_array_format *out)
{
    static const struct { const char *name; urlenc_array_format fmt; } names[] = {
        {"INDICES", URLENC_INDICES}, {"REPEAT", URLENC_REPEAT},
        {"COMMAS", URLENC_COMMAS}, {"BRACKETS", URLENC_BRACKETS},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i].name)) {
            *out = names[i].fmt;
            return true;
        }
    return false;
}

void urlenc_component(strbuf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            strbuf_putc(out, (char)c);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            strbuf_append(out, esc, 3);
        }
    }
}

/* A scalar's text, percent-encoded. */
static void urlenc_scalar(strbuf *out, const jv *v)
{
    if (jv_is_string(v)) {
        urlenc_component(out, jv_string_value(v), jv_string_length(v));
        return;
    }
    char *text = jv_dump_string(v, 0);
    urlenc_component(out, text, strlen(text));
    free(text);
}

static void urlenc_pair_start(strbuf *out, const strbuf *key)
{
    if (out->len)
        strbuf_putc(out, '&');
    urlenc_component(out, strbuf_str(key), key->len);
    strbuf_putc(out, '=');
}

static bool urlenc_value(strbuf *out, strbuf *key, const jv *v, urlenc_array_format fmt,
                         int depth);

static bool urlenc_array(strbuf *out, strbuf *key, const jv *a, urlenc_array_format fmt,
                         int depth)
{
    size_t keylen = key->len;
    if (fmt == URLENC_COMMAS) {
        bool first = true;
        for (size_t i = 0; i < jv_array_length(a); i++) {
            const jv *item = jv_array_get(a, i);
            if (jv_is_null(item) || jv_is_array(item) || jv_is_object(item))
                continue;
            if (first)
                urlenc_pair_start(out, key);
            else
                urlenc_component(out, ",", 1);
            urlenc_scalar(out, item);
            first = false;
        }
        return true;
    }
    for (size_t i = 0; i < jv_array_length(a); i++) {
        key->len = keylen;
        if (fmt == URLENC_INDICES)
            strbuf_printf(key, "[%zu]", i);
        else if (fmt == URLENC_BRACKETS)
            strbuf_puts(key, "[]");
        if (!urlenc_value(out, key, jv_array_get(a, i), fmt, depth + 1))
            return false;
    }
    key->len = keylen;
    return true;
}

static bool urlenc_object(strbuf *out, strbuf *key, const jv *o, urlenc_array_format fmt,
                          int depth)
{
    size_t keylen = key->len;
    for (size_t i = 0; i < jv_object_size(o); i++) {
        key->len = keylen;
        const jv *name = jv_object_key_at(o, i);
        if (keylen) {
            strbuf_putc(key, '[');
            strbuf_append(key, jv_string_value(name), jv_string_length(name));
            strbuf_putc(key, ']');
        } else {
            strbuf_append(key, jv_string_value(name), jv_string_length(name));
        }
        if (!urlenc_value(out, key, jv_object_value_at(o, i), fmt, depth + 1))
            return false;
    }
    key->len = keylen;
    return true;
}

static bool urlenc_value(strbuf *out, strbuf *key, const jv *v, urlenc_array_format fmt,
                         int depth)
{
    if (depth > URLENC_MAX_DEPTH)
        return false;
    if (jv_is_null(v))
        return true;
    if (jv_is_array(v))
        return urlenc_array(out, key, v, fmt, depth);
    if (jv_is_object(v))
        return urlenc_object(out, key, v, fmt, depth);
    urlenc_pair_start(out, key);
    urlenc_scalar(out, v);
    return true;
}

bool urlenc_form(strbuf *out, const jv *obj, urlenc_array_format fmt, char *err,
                 size_t errlen)
{
    if (!jv_is_object(obj)) {
        snprintf(err, errlen, "must be an object to be URL-encoded, not %s",
                 jv_kind_name(jv_kind_of(obj)));
        return false;
    }
    strbuf key;
    strbuf_init(&key, 0);
    bool ok = urlenc_object(out, &key, obj, fmt, 0);
    strbuf_cleanup(&key);
    if (!ok)
        snprintf(err, errlen, "is nested more than %d levels deep", URLENC_MAX_DEPTH);
    return ok;
}
