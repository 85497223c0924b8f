/* jdiff — first difference between two JSON values, with its JSON path. */
#include <stdlib.h>
#include <string.h>

#include "jdiff.h"
#include "jv_text.h"

#define JDIFF_SHOW_MAX 200

static void jdiff_show(strbuf *why, const jv *v)
{
    if (!v) {
        strbuf_puts(why, "nothing");
        return;
    }
    char *text = jv_dump_string(v, 0);
    size_t n = strlen(text);
    if (n > JDIFF_SHOW_MAX) {
        strbuf_append(why, text, JDIFF_SHOW_MAX);
        strbuf_puts(why, "...");
    } else {
        strbuf_puts(why, text);
    }
    free(text);
}

static bool jdiff_fail(const jv *e, const jv *a, const strbuf *path, strbuf *why)
{
    strbuf_printf(why, "at %s: expected ", strbuf_str(path));
    jdiff_show(why, e);
    strbuf_puts(why, ", got ");
    jdiff_show(why, a);
    return false;
}

static bool jdiff_rec(const jv *e, const jv *a, bool subset, strbuf *path, strbuf *why);

void jdiff_path_member(strbuf *path, const char *key)
{
    bool plain = (*key >= 'A' && *key <= 'Z') || (*key >= 'a' && *key <= 'z') || *key == '_';
    for (const char *k = key; plain && *k; k++)
        plain = (*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') ||
                (*k >= '0' && *k <= '9') || *k == '_';
    if (plain) {
        strbuf_printf(path, ".%s", key);
        return;
    }
    strbuf_puts(path, "['");
    for (const char *k = key; *k; k++) {
        if (*k == '\'' || *k == '\\')
            strbuf_putc(path, '\\');
        strbuf_putc(path, *k);
    }
    strbuf_puts(path, "']");
}

static void jdiff_truncate(strbuf *path, size_t mark)
{
    path->len = mark;
    path->buf[mark] = '\0';
}

static bool jdiff_object(const jv *e, const jv *a, bool subset, strbuf *path, strbuf *why)
{
    size_t mark = strlen(strbuf_str(path));
    for (size_t i = 0; i < jv_object_size(e); i++) {
        const char *k = jv_string_value(jv_object_key_at(e, i));
        jdiff_path_member(path, k);
        bool ok = jdiff_rec(jv_object_value_at(e, i), jv_object_get(a, k), subset, path, why);
        jdiff_truncate(path, mark);
        if (!ok)
            return false;
    }
    if (subset || jv_object_size(a) == jv_object_size(e))
        return true;
    for (size_t i = 0; i < jv_object_size(a); i++) {
        const char *k = jv_string_value(jv_object_key_at(a, i));
        if (!jv_object_has(e, k)) {
            strbuf_printf(why, "at %s: unexpected member \"%s\"", strbuf_str(path), k);
            return false;
        }
    }
    return true;
}

static bool jdiff_array(const jv *e, const jv *a, bool subset, strbuf *path, strbuf *why)
{
    size_t mark = strlen(strbuf_str(path));
    size_t n = jv_array_length(e);
    for (size_t i = 0; i < n && i < jv_array_length(a); i++) {
        strbuf_printf(path, "[%zu]", i);
        bool ok = jdiff_rec(jv_array_get(e, i), jv_array_get(a, i), subset, path, why);
        jdiff_truncate(path, mark);
        if (!ok)
            return false;
    }
    if (n != jv_array_length(a)) {
        strbuf_printf(why, "at %s: expected %zu elements, got %zu", strbuf_str(path), n,
                      jv_array_length(a));
        return false;
    }
    return true;
}

static bool jdiff_rec(const jv *e, const jv *a, bool subset, strbuf *path, strbuf *why)
{
    if (!a || jv_kind_of(e) != jv_kind_of(a))
        return jdiff_fail(e, a, path, why);
    if (jv_is_object(e))
        return jdiff_object(e, a, subset, path, why);
    if (jv_is_array(e))
        return jdiff_array(e, a, subset, path, why);
    return jv_equal(e, a) ? true : jdiff_fail(e, a, path, why);
}

bool jdiff_match(const jv *expected, const jv *actual, bool subset, const char *root,
                 strbuf *why)
{
    strbuf path;
    strbuf_init(&path, 0);
    strbuf_puts(&path, root);
    bool ok = jdiff_rec(expected, actual, subset, &path, why);
    strbuf_cleanup(&path);
    return ok;
}
