/* jsontree — folding JSON tree model. See jsontree.h. */
#include "jsontree.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "layout.h"
#include "strbuf.h"

#define JT_LONG_STRING 0   /* strings are cut by the view's width; any can be opened */
#define JT_WIDE_CONTAINER 200

typedef struct {
    char *label, *note;
    jv *value;
} jt_entry;

typedef struct {
    char *key;    /* "entry:path" */
    bool open;
} jt_fold;

struct jsontree {
    int default_depth;
    jt_entry *entries;
    size_t nentries;
    jt_fold *folds;
    size_t nfolds;
    jt_row *rows;
    size_t nrows, rcap;
    char *paths;
    size_t plen, pcap;
    bool dirty;
    size_t cursor, top;
    int width;
    /* after a rebuild, put the cursor on this path (search, parent) */
    char *want_path;
    int want_entry;
    bool center;   /* the next jt_top puts the cursor in the middle (a search match) */
};

jsontree *jt_new(int default_open_depth)
{
    jsontree *t = jv_xcalloc(1, sizeof *t);
    t->default_depth = default_open_depth;
    t->width = 60;
    t->dirty = true;
    t->want_entry = -1;
    return t;
}

void jt_clear(jsontree *t)
{
    for (size_t i = 0; i < t->nentries; i++) {
        free(t->entries[i].label);
        free(t->entries[i].note);
        jv_unref(t->entries[i].value);
    }
    free(t->entries);
    t->entries = NULL;
    t->nentries = 0;
    t->dirty = true;
}

void jt_free(jsontree *t)
{
    if (!t)
        return;
    jt_clear(t);
    for (size_t i = 0; i < t->nfolds; i++)
        free(t->folds[i].key);
    free(t->folds);
    free(t->rows);
    free(t->paths);
    free(t->want_path);
    free(t);
}

void jt_add(jsontree *t, const char *label, const jv *value, const char *note)
{
    t->entries = jv_xrealloc(t->entries, (t->nentries + 1) * sizeof *t->entries);
    jt_entry *e = &t->entries[t->nentries++];
    e->label = label ? jv_xstrdup(label) : NULL;
    e->note = note ? jv_xstrdup(note) : NULL;
    e->value = value ? jv_ref(value) : NULL;
    t->dirty = true;
}

const char *jt_entry_label(const jsontree *t, int entry)
{
    return entry >= 0 && (size_t)entry < t->nentries ? t->entries[entry].label : NULL;
}

const char *jt_entry_note(const jsontree *t, int entry)
{
    return entry >= 0 && (size_t)entry < t->nentries ? t->entries[entry].note : NULL;
}

/* ---- fold state ---- */

static char *jt_fold_key(int entry, const char *path)
{
    size_t n = strlen(path) + 16;
    char *k = jv_xmalloc(n);
    snprintf(k, n, "%d:%s", entry, path);
    return k;
}

static jt_fold *jt_fold_find(jsontree *t, int entry, const char *path)
{
    char *k = jt_fold_key(entry, path);
    jt_fold *f = NULL;
    for (size_t i = 0; i < t->nfolds && !f; i++)
        if (!strcmp(t->folds[i].key, k))
            f = &t->folds[i];
    free(k);
    return f;
}

static void jt_fold_set(jsontree *t, int entry, const char *path, bool open)
{
    jt_fold *f = jt_fold_find(t, entry, path);
    if (f) {
        f->open = open;
        return;
    }
    t->folds = jv_xrealloc(t->folds, (t->nfolds + 1) * sizeof *t->folds);
    t->folds[t->nfolds].key = jt_fold_key(entry, path);
    t->folds[t->nfolds].open = open;
    t->nfolds++;
}

static bool jt_is_container(const jv *v)
{
    return v && (jv_is_array(v) || jv_is_object(v));
}

static size_t jt_children(const jv *v)
{
    return jv_is_array(v) ? jv_array_length(v) : jv_is_object(v) ? jv_object_size(v) : 0;
}

static bool jt_open_by_default(const jsontree *t, const jv *v, int depth, bool is_string)
{
    if (is_string)
        return false;
    return depth < t->default_depth && jt_children(v) <= JT_WIDE_CONTAINER;
}

/* ---- paths ---- */

static bool jt_plain_key(const char *k)
{
    if (!*k || isdigit((unsigned char)*k))
        return false;
    for (; *k; k++)
        if (!isalnum((unsigned char)*k) && *k != '_')
            return false;
    return true;
}

static void jt_path_child(strbuf *sb, const char *parent, const char *key, long index)
{
    strbuf_puts(sb, parent);
    if (key && jt_plain_key(key)) {
        strbuf_puts(sb, ".");
        strbuf_puts(sb, key);
    } else if (key) {
        strbuf_puts(sb, "['");
        for (const char *p = key; *p; p++) {
            if (*p == '\'' || *p == '\\')
                strbuf_append(sb, "\\", 1);
            strbuf_append(sb, p, 1);
        }
        strbuf_puts(sb, "']");
    } else {
        char b[32];
        snprintf(b, sizeof b, "[%ld]", index);
        strbuf_puts(sb, b);
    }
}

static size_t jt_arena_add(jsontree *t, const char *s)
{
    size_t n = strlen(s) + 1;
    if (t->plen + n > t->pcap) {
        t->pcap = (t->plen + n) * 2 + 256;
        t->paths = jv_xrealloc(t->paths, t->pcap);
    }
    memcpy(t->paths + t->plen, s, n);
    size_t off = t->plen;
    t->plen += n;
    return off;
}

/* ---- flattening ---- */

static jt_row *jt_push(jsontree *t)
{
    if (t->nrows >= JT_MAX_ROWS)
        return NULL;
    if (t->nrows == t->rcap) {
        t->rcap = t->rcap ? t->rcap * 2 : 256;
        t->rows = jv_xrealloc(t->rows, t->rcap * sizeof *t->rows);
    }
    jt_row *r = &t->rows[t->nrows++];
    memset(r, 0, sizeof *r);
    r->index = -1;
    return r;
}

/* Byte length of the prefix of s that fits in `cells` (UTF-8 aware, one cell a char). */
static size_t jt_chunk(const char *s, size_t len, int cells)
{
    size_t i = 0;
    int c = 0;
    while (i < len && c < cells) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        c++;
    }
    return i;
}

int jt_note_column(const char *label)
{
    if (!label)
        return 2;
    int w = layout_text_width(label);
    return 4 + (w > 20 ? w : 20); /* "  label" padded to 20 cells, a space */
}

/* As jt_chunk, ending after the last space that fits when the text goes on (word wrap). */
static size_t jt_word_chunk(const char *s, size_t len, int cells)
{
    size_t n = jt_chunk(s, len, cells);
    if (n >= len)
        return n;
    for (size_t k = n; k > 0; k--)
        if (s[k - 1] == ' ')
            return k;
    return n;
}

/* A bare note's rows: as many as its text needs at the view's width. */
static void jt_note_rows(jsontree *t, int entry, const jt_entry *en)
{
    int room = t->width - jt_note_column(en->label) + 1;
    if (room < 16)
        room = 16;
    const char *note = en->note ? en->note : "";
    size_t len = strlen(note), off = 0;
    do {
        jt_row *r = jt_push(t);
        if (!r)
            return;
        r->kind = JT_ROW_EMPTY;
        r->entry = entry;
        r->path_off = jt_arena_add(t, "$");
        r->cont_off = off;
        r->cont_len = jt_word_chunk(note + off, len - off, room);
        off += r->cont_len;
    } while (off < len);
}

static void jt_flatten(jsontree *t, int entry, const jv *v, const char *key, long index,
                       int depth, const char *path)
{
    jt_row *r = jt_push(t);
    if (!r)
        return;
    r->kind = JT_ROW_VALUE;
    r->entry = entry;
    r->depth = depth;
    r->value = v;
    r->key = key;
    r->index = index;
    r->container = jt_is_container(v);
    r->path_off = jt_arena_add(t, path);
    jt_fold *f = jt_fold_find(t, entry, path);
    bool open = f ? f->open : jt_open_by_default(t, v, depth, jv_is_string(v));
    r->open = open && (r->container || jv_is_string(v));
    if (!r->open)
        return;
    size_t path_off = r->path_off;
    if (jv_is_string(v)) {
        int w = t->width - 4 * depth - 6;
        if (w < 16)
            w = 16;
        const char *s = jv_string_value(v);
        size_t len = jv_string_length(v);
        for (size_t off = 0; off < len;) {
            jt_row *c = jt_push(t);
            if (!c)
                return;
            c->kind = JT_ROW_CONT;
            c->entry = entry;
            c->depth = depth + 1;
            c->value = v;
            c->path_off = path_off;
            c->cont_off = off;
            off += jt_chunk(s + off, len - off, w);
        }
        return;
    }
    strbuf sb;
    strbuf_init(&sb, 0);
    size_t n = jt_children(v);
    for (size_t i = 0; i < n && t->nrows < JT_MAX_ROWS; i++) {
        strbuf_reset(&sb);
        const char *p = t->paths + path_off;
        char *pcopy = jv_xstrdup(p);
        if (jv_is_object(v)) {
            const char *k = jv_string_value(jv_object_key_at(v, i));
            jt_path_child(&sb, pcopy, k, -1);
            jt_flatten(t, entry, jv_object_value_at(v, i), k, -1, depth + 1, strbuf_str(&sb));
        } else {
            jt_path_child(&sb, pcopy, NULL, (long)i);
            jt_flatten(t, entry, jv_array_get(v, i), NULL, (long)i, depth + 1, strbuf_str(&sb));
        }
        free(pcopy);
    }
    strbuf_cleanup(&sb);
}

static void jt_rebuild(jsontree *t)
{
    if (!t->dirty)
        return;
    t->nrows = 0;
    t->plen = 0;
    for (size_t e = 0; e < t->nentries; e++) {
        const jt_entry *en = &t->entries[e];
        int depth = en->label ? 0 : -1;
        if (!en->value) {
            jt_note_rows(t, (int)e, en);
            continue;
        }
        if (depth < 0) { /* bare root: its children at depth 0, the root itself implied */
            jt_fold *f = jt_fold_find(t, (int)e, "$");
            if (!jt_is_container(en->value) || (f && !f->open)) {
                jt_flatten(t, (int)e, en->value, NULL, -1, 0, "$");
                continue;
            }
            jt_flatten(t, (int)e, en->value, NULL, -1, 0, "$");
            continue;
        }
        jt_flatten(t, (int)e, en->value, NULL, -1, 0, "$");
    }
    if (t->nrows == JT_MAX_ROWS) {
        t->nrows--;
        jt_row *r = jt_push(t);
        r->kind = JT_ROW_LIMIT;
    }
    t->dirty = false;
    if (t->want_path) {
        for (size_t i = 0; i < t->nrows; i++)
            if (t->rows[i].kind == JT_ROW_VALUE && t->rows[i].entry == t->want_entry &&
                !strcmp(t->paths + t->rows[i].path_off, t->want_path)) {
                t->cursor = i;
                break;
            }
        free(t->want_path);
        t->want_path = NULL;
    }
    if (t->cursor >= t->nrows)
        t->cursor = t->nrows ? t->nrows - 1 : 0;
}

size_t jt_count(jsontree *t)
{
    jt_rebuild(t);
    return t->nrows;
}

const jt_row *jt_row_at(jsontree *t, size_t i)
{
    jt_rebuild(t);
    return i < t->nrows ? &t->rows[i] : NULL;
}

const char *jt_row_path(jsontree *t, const jt_row *r)
{
    jt_rebuild(t);
    return t->paths + r->path_off;
}

size_t jt_cursor(jsontree *t)
{
    jt_rebuild(t);
    return t->cursor;
}

void jt_set_cursor(jsontree *t, long row)
{
    jt_rebuild(t);
    if (row < 0)
        row = 0;
    if ((size_t)row >= t->nrows)
        row = t->nrows ? (long)t->nrows - 1 : 0;
    t->cursor = (size_t)row;
}

void jt_move(jsontree *t, long delta)
{
    jt_rebuild(t);
    jt_set_cursor(t, (long)t->cursor + delta);
}

size_t jt_top(jsontree *t, int height)
{
    jt_rebuild(t);
    if (height < 1)
        height = 1;
    if (t->center) {
        t->center = false;
        t->top = t->cursor > (size_t)height / 2 ? t->cursor - (size_t)height / 2 : 0;
    }
    if (t->cursor < t->top)
        t->top = t->cursor;
    if (t->cursor >= t->top + (size_t)height)
        t->top = t->cursor - (size_t)height + 1;
    if (t->top + (size_t)height > t->nrows)
        t->top = t->nrows > (size_t)height ? t->nrows - (size_t)height : 0;
    return t->top;
}

void jt_scroll(jsontree *t, long delta, int height)
{
    jt_rebuild(t);
    long top = (long)t->top + delta;
    long max = (long)t->nrows - height;
    if (top > max)
        top = max;
    if (top < 0)
        top = 0;
    t->top = (size_t)top;
    if (t->cursor < t->top)
        t->cursor = t->top;
    if (height > 0 && t->cursor >= t->top + (size_t)height)
        t->cursor = t->top + (size_t)height - 1;
}

void jt_set_width(jsontree *t, int width)
{
    if (width != t->width) {
        t->width = width;
        t->dirty = true;
    }
}

static void jt_want(jsontree *t, int entry, const char *path)
{
    free(t->want_path);
    t->want_path = jv_xstrdup(path);
    t->want_entry = entry;
}

void jt_toggle(jsontree *t)
{
    jt_rebuild(t);
    if (t->cursor >= t->nrows)
        return;
    jt_row *r = &t->rows[t->cursor];
    if (r->kind == JT_ROW_CONT) {
        /* closing an opened string from any of its lines */
        while (t->cursor > 0 && t->rows[t->cursor].kind == JT_ROW_CONT)
            t->cursor--;
        r = &t->rows[t->cursor];
    }
    if (r->kind != JT_ROW_VALUE || (!r->container && !jv_is_string(r->value)))
        return;
    const char *path = t->paths + r->path_off;
    jt_want(t, r->entry, path);
    jt_fold_set(t, r->entry, path, !r->open);
    t->dirty = true;
}

void jt_set_open(jsontree *t, bool open)
{
    jt_rebuild(t);
    if (t->cursor >= t->nrows)
        return;
    jt_row *r = &t->rows[t->cursor];
    if (r->kind == JT_ROW_VALUE && (r->container || jv_is_string(r->value)) && r->open != open) {
        jt_toggle(t);
        return;
    }
    if (!open) { /* already closed: go to the parent */
        int d = r->depth;
        for (size_t i = t->cursor; i-- > 0;)
            if (t->rows[i].kind == JT_ROW_VALUE && t->rows[i].depth < d &&
                t->rows[i].entry == r->entry) {
                t->cursor = i;
                return;
            }
    }
}

/* ---- search ---- */

static bool jt_contains_ci(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (!m || m > n)
        return false;
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && tolower((unsigned char)hay[i + k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == m)
            return true;
    }
    return false;
}

static bool jt_node_matches(const jv *v, const char *key, const char *needle)
{
    if (key && jt_contains_ci(key, strlen(key), needle))
        return true;
    if (jv_is_string(v))
        return jt_contains_ci(jv_string_value(v), jv_string_length(v), needle);
    if (jv_is_number(v) || jv_is_bool(v) || jv_is_null(v)) {
        char *s = jv_dump_string(v, 0);
        bool m = jt_contains_ci(s, strlen(s), needle);
        free(s);
        return m;
    }
    return false;
}

/* One walk over every entry in document order counts the matches and keeps the four a
 * search can land on: the first after the cursor's node, the last before it, the first and
 * the last of all (wrapping around). */
typedef struct {
    char *path;
    int entry;
    size_t ordinal;       /* 1-based among all matches */
} jt_hit;

typedef struct {
    const char *needle;
    int cur_entry;
    const char *cur_path;
    bool past_cursor;     /* the walk has passed the cursor's node */
    size_t total;
    jt_hit after, before, first, last;
    long visits;
} jt_search_ctx;

static void jt_hit_set(jt_hit *h, int entry, const char *path, size_t ordinal)
{
    free(h->path);
    h->path = jv_xstrdup(path);
    h->entry = entry;
    h->ordinal = ordinal;
}

static void jt_search_walk(jt_search_ctx *c, int entry, const jv *v, const char *key,
                           const char *path)
{
    if (++c->visits > 5000000)
        return;
    bool is_cursor = entry == c->cur_entry && !strcmp(path, c->cur_path);
    if (jt_node_matches(v, key, c->needle)) {
        size_t k = ++c->total;
        if (k == 1)
            jt_hit_set(&c->first, entry, path, k);
        jt_hit_set(&c->last, entry, path, k);
        if (c->past_cursor && !c->after.path)
            jt_hit_set(&c->after, entry, path, k);
        if (!c->past_cursor && !is_cursor)
            jt_hit_set(&c->before, entry, path, k);
    }
    if (is_cursor)
        c->past_cursor = true;
    size_t n = jt_children(v);
    strbuf sb;
    strbuf_init(&sb, 0);
    for (size_t i = 0; i < n; i++) {
        strbuf_reset(&sb);
        if (jv_is_object(v)) {
            const char *k = jv_string_value(jv_object_key_at(v, i));
            jt_path_child(&sb, path, k, -1);
            jt_search_walk(c, entry, jv_object_value_at(v, i), k, strbuf_str(&sb));
        } else {
            jt_path_child(&sb, path, NULL, (long)i);
            jt_search_walk(c, entry, jv_array_get(v, i), NULL, strbuf_str(&sb));
        }
    }
    strbuf_cleanup(&sb);
}

/* Opens every container on the way to path (prefixes ending before '.' or '['). */
static void jt_open_ancestors(jsontree *t, int entry, const char *path)
{
    size_t n = strlen(path);
    char *buf = jv_xmalloc(n + 1);
    char quote = 0;
    for (size_t i = 1; i < n; i++) {
        char ch = path[i];
        if (quote) {
            if (ch == '\\')
                i++;
            else if (ch == quote)
                quote = 0;
            continue;
        }
        if (ch == '\'')
            quote = ch;
        else if (ch == '.' || ch == '[') {
            memcpy(buf, path, i);
            buf[i] = '\0';
            jt_fold_set(t, entry, buf, true);
        }
    }
    jt_fold_set(t, entry, "$", true);
    free(buf);
}

bool jt_search(jsontree *t, const char *needle, bool forward, jt_match *m)
{
    jt_rebuild(t);
    if (m)
        memset(m, 0, sizeof *m);
    if (!needle || !*needle)
        return false;
    jt_search_ctx c;
    memset(&c, 0, sizeof c);
    c.needle = needle;
    c.cur_entry = -1;
    c.cur_path = "";
    if (t->cursor < t->nrows &&
        (t->rows[t->cursor].kind == JT_ROW_VALUE || t->rows[t->cursor].kind == JT_ROW_CONT)) {
        c.cur_entry = t->rows[t->cursor].entry;
        c.cur_path = t->paths + t->rows[t->cursor].path_off;
    } else {
        c.past_cursor = true; /* no node at the cursor: from the top */
    }
    char *cur = jv_xstrdup(c.cur_path);
    c.cur_path = cur;
    for (size_t e = 0; e < t->nentries; e++)
        if (t->entries[e].value)
            jt_search_walk(&c, (int)e, t->entries[e].value, t->entries[e].label, "$");
    free(cur);
    const jt_hit *h = forward ? (c.after.path ? &c.after : &c.first)
                              : (c.before.path ? &c.before : &c.last);
    bool found = h->path != NULL;
    if (found) {
        if (m) {
            m->index = h->ordinal;
            m->total = c.total;
            m->wrapped = forward ? !c.after.path : !c.before.path;
        }
        jt_open_ancestors(t, h->entry, h->path);
        jt_want(t, h->entry, h->path);
        t->center = true;
        t->dirty = true;
    }
    free(c.after.path);
    free(c.before.path);
    free(c.first.path);
    free(c.last.path);
    jt_rebuild(t);
    return found;
}

/* ---- previews ---- */

typedef struct {
    char *buf;
    size_t n, max;
    bool full;
} jt_pv;

/* The longest prefix of s (len bytes) of at most cut bytes that ends between two UTF-8
 * characters: the byte after it is not a continuation byte. Read from the source, never
 * from the buffer the prefix goes to (whose bytes past what was written are garbage). */
static size_t jt_utf8_cut(const char *s, size_t len, size_t cut)
{
    if (cut >= len)
        return len;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    return cut;
}

static void jt_pv_put(jt_pv *p, const char *s, size_t len)
{
    if (p->full)
        return;
    if (p->n + len > p->max) {
        len = jt_utf8_cut(s, len, p->max - p->n);
        p->full = true;
    }
    memcpy(p->buf + p->n, s, len);
    p->n += len;
}

static void jt_pv_value(jt_pv *p, const jv *v, int depth)
{
    if (p->full)
        return;
    if (jv_is_object(v)) {
        jt_pv_put(p, "{", 1);
        for (size_t i = 0; i < jv_object_size(v) && !p->full; i++) {
            if (i)
                jt_pv_put(p, ",", 1);
            const jv *k = jv_object_key_at(v, i);
            strbuf sb;
            strbuf_init(&sb, 0);
            jv_dump_cstring(jv_string_value(k), jv_string_length(k), &sb);
            jt_pv_put(p, strbuf_str(&sb), strlen(strbuf_str(&sb)));
            strbuf_cleanup(&sb);
            jt_pv_put(p, ":", 1);
            jt_pv_value(p, jv_object_value_at(v, i), depth + 1);
        }
        jt_pv_put(p, "}", 1);
    } else if (jv_is_array(v)) {
        jt_pv_put(p, "[", 1);
        for (size_t i = 0; i < jv_array_length(v) && !p->full; i++) {
            if (i)
                jt_pv_put(p, ",", 1);
            jt_pv_value(p, jv_array_get(v, i), depth + 1);
        }
        jt_pv_put(p, "]", 1);
    } else if (jv_is_string(v)) {
        /* only the part that can show */
        size_t len = jv_string_length(v);
        size_t take = jt_utf8_cut(jv_string_value(v), len, p->max);
        strbuf sb;
        strbuf_init(&sb, 0);
        jv_dump_cstring(jv_string_value(v), take, &sb);
        const char *s = strbuf_str(&sb);
        size_t sl = strlen(s);
        if (take < len && sl > 0)
            sl--; /* drop the closing quote of a cut string */
        jt_pv_put(p, s, sl);
        if (take < len)
            p->full = true;
        strbuf_cleanup(&sb);
    } else {
        char *s = jv_dump_string(v, 0);
        jt_pv_put(p, s, strlen(s));
        free(s);
    }
}

char *jt_preview(const jv *v, char *buf, size_t max)
{
    if (max < 8) {
        if (max)
            buf[0] = '\0';
        return buf;
    }
    jt_pv p = {buf, 0, max - 4, false};
    jt_pv_value(&p, v, 0); /* cut between characters (jt_pv_put) */
    if (p.full) {
        memcpy(buf + p.n, "\xe2\x80\xa6", 3);
        p.n += 3;
    }
    buf[p.n] = '\0';
    return buf;
}

static void jt_bytes(size_t b, char *buf, size_t n)
{
    if (b < 1024)
        snprintf(buf, n, "%zu B", b);
    else if (b < 1024 * 1024)
        snprintf(buf, n, "%.1f KiB", b / 1024.0);
    else
        snprintf(buf, n, "%.1f MiB", b / (1024.0 * 1024.0));
}

void jt_size_text(const jv *v, char *buf, size_t n)
{
    char bytes[32];
    jt_bytes(jv_serialized_size(v), bytes, sizeof bytes);
    if (jv_is_object(v))
        snprintf(buf, n, "%zu key%s, %s", jv_object_size(v), jv_object_size(v) == 1 ? "" : "s", bytes);
    else if (jv_is_array(v))
        snprintf(buf, n, "%zu item%s, %s", jv_array_length(v), jv_array_length(v) == 1 ? "" : "s", bytes);
    else if (jv_is_string(v))
        snprintf(buf, n, "%zu bytes", jv_string_length(v));
    else
        snprintf(buf, n, "%s", bytes);
}
