/* xfail — the committed list of expected failures (see xfail.h). */
#include "xfail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

typedef struct {
    const char *id, *reason; /* point into the list's text */
    bool used;
} xfail_entry;

struct xfail_list {
    char *text;
    xfail_entry *entries;
    size_t len;
};

static xfail_entry *xfail_find(const xfail_list *l, const char *id)
{
    for (size_t i = 0; i < l->len; i++)
        if (!strcmp(l->entries[i].id, id))
            return &l->entries[i];
    return NULL;
}

/* Splits one line in place into an entry; false with a message for a malformed line. */
static bool xfail_parse_line(xfail_list *l, char *line, int lineno, const char *path, char *err,
                             size_t errlen)
{
    char *tab = strchr(line, '\t');
    if (!tab || tab == line || !tab[1]) {
        snprintf(err, errlen, "%s:%d: expected `CASE-ID<TAB>reason`", path, lineno);
        return false;
    }
    *tab = '\0';
    if (xfail_find(l, line)) {
        snprintf(err, errlen, "%s:%d: %s is listed twice", path, lineno, line);
        return false;
    }
    l->entries[l->len++] = (xfail_entry){line, tab + 1, false};
    return true;
}

xfail_list *xfail_load(const char *path, char *err, size_t errlen)
{
    xfail_list *l = calloc(1, sizeof *l);
    l->text = tap_read_file(path, NULL);
    if (!l->text) {
        snprintf(err, errlen, "cannot read %s", path);
        xfail_free(l);
        return NULL;
    }
    size_t lines = 1;
    for (const char *p = l->text; *p; p++)
        lines += *p == '\n';
    l->entries = calloc(lines, sizeof *l->entries);
    int lineno = 0;
    for (char *line = l->text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (!line[0] || line[0] == '#')
            continue;
        if (!xfail_parse_line(l, line, lineno, path, err, errlen)) {
            xfail_free(l);
            return NULL;
        }
    }
    return l;
}

void xfail_free(xfail_list *l)
{
    if (!l)
        return;
    free(l->entries);
    free(l->text);
    free(l);
}

const char *xfail_lookup(xfail_list *l, const char *id)
{
    xfail_entry *e = xfail_find(l, id);
    if (!e)
        return NULL;
    e->used = true;
    return e->reason;
}

bool xfail_is_pending(const char *reason)
{
    return reason && !strncmp(reason, "pending:", 8);
}

bool xfail_check_all_used(const xfail_list *l, const char *path)
{
    size_t missing = 0;
    for (size_t i = 0; i < l->len; i++) {
        if (l->entries[i].used)
            continue;
        missing++;
        tap_diag("%s is listed but is no case of the suite: remove it from %s", l->entries[i].id,
                 path);
    }
    return tap_ok(missing == 0, "every entry of %s names a case (%zu do not)", path, missing);
}
