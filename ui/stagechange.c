#include "stagechange.h"

#include <stdio.h>
#include <string.h>

#include "jsontree.h"

typedef struct {
    char *buf;
    size_t n;
    int shown, found;
} change_list;

/* A scalar as JSON (cut), an object or array as "{…}" / "[…]": the row names the path. */
static void change_preview(const jv *v, char *buf, size_t n)
{
    if (jv_is_object(v))
        snprintf(buf, n, "{\xe2\x80\xa6}");
    else if (jv_is_array(v))
        snprintf(buf, n, "[\xe2\x80\xa6]");
    else
        jt_preview(v, buf, n < 25 ? n - 1 : 24);
}

static void change_add(change_list *c, char mark, const char *path, const jv *now, const jv *was)
{
    if (c->found++ >= c->shown)
        return;
    size_t len = strlen(c->buf);
    char v[48] = "", w[48] = "";
    if (now)
        change_preview(now, v, sizeof v);
    if (was)
        change_preview(was, w, sizeof w);
    snprintf(c->buf + len, c->n - len, "%s%c %s%s%s%s%s%s", len ? ", " : "", mark, path,
             now ? " " : "", v, was && now ? " (was " : "", was && now ? w : "", was && now ? ")" : "");
}

static void change_walk(change_list *c, const jv *a, const jv *b, const char *path)
{
    if (a == b) /* a shared subtree: nothing below it changed */
        return;
    if (a && b && jv_is_object(a) && jv_is_object(b)) {
        for (size_t i = 0; i < jv_object_size(a); i++) {
            const jv *key = jv_object_key_at(a, i);
            char sub[256];
            snprintf(sub, sizeof sub, "%s.%s", path, jv_string_value(key));
            change_walk(c, jv_object_value_at(a, i),
                        jv_object_get_n(b, jv_string_value(key), jv_string_length(key)), sub);
        }
        for (size_t i = 0; i < jv_object_size(b); i++) {
            const jv *key = jv_object_key_at(b, i);
            if (jv_object_get_n(a, jv_string_value(key), jv_string_length(key)))
                continue;
            char sub[256];
            snprintf(sub, sizeof sub, "%s.%s", path, jv_string_value(key));
            change_add(c, '+', sub, jv_object_value_at(b, i), NULL);
        }
        return;
    }
    if (a && b && jv_equal(a, b))
        return;
    if (!a)
        change_add(c, '+', path, b, NULL);
    else if (!b)
        change_add(c, '-', path, NULL, NULL);
    else
        change_add(c, '~', path, b, a);
}

void stage_change_text(const jv *before, const jv *after, int shown, char *buf, size_t n)
{
    if (!n)
        return;
    buf[0] = '\0';
    change_list c = {buf, n, shown, 0};
    change_walk(&c, before, after, "$");
    if (c.found > c.shown) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, " (and %d more)", c.found - c.shown);
    }
}
