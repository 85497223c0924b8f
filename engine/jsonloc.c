/* jsonloc — JSON Pointer to text offset, with a lazy per-container index. */
#include "jsonloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "jv.h"
#include "strbuf.h"

typedef struct {
    char *key;        /* decoded key (NUL-terminated); NULL for array elements */
    size_t keylen;
    size_t key_off;   /* opening quote of the key */
    size_t val_off;   /* first byte of the value */
} jl_member;

typedef struct {
    size_t start;     /* offset of the '{' or '[' */
    bool is_object;
    jl_member *m;
    size_t n, cap;
    size_t *slots;    /* objects: open-addressed key hash, member index + 1 (0 = empty) */
    size_t nslots;
} jl_container;

struct jsonloc {
    const char *text;
    size_t len;
    jl_container *c;
    size_t nc, capc;
    size_t *cslots;   /* container start offset -> container index + 1 */
    size_t ncslots;
    size_t *lines;    /* offsets where lines start, built on first use */
    size_t nlines;
};

/* ---- scanning ---- */

static bool jl_is_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static size_t jl_skip_ws(const jsonloc *l, size_t i)
{
    while (i < l->len && jl_is_ws(l->text[i]))
        i++;
    return i;
}

/* i is at an opening quote; returns the offset just past the closing quote. */
static size_t jl_skip_string(const jsonloc *l, size_t i)
{
    for (i++; i < l->len; i++) {
        if (l->text[i] == '\\')
            i++;
        else if (l->text[i] == '"')
            return i + 1;
    }
    return l->len;
}

/* Skips one value starting at i without recursion (nesting is only counted). */
static size_t jl_skip_value(const jsonloc *l, size_t i)
{
    if (i >= l->len)
        return l->len;
    char ch = l->text[i];
    if (ch == '"')
        return jl_skip_string(l, i);
    if (ch == '{' || ch == '[') {
        size_t depth = 0;
        while (i < l->len) {
            ch = l->text[i];
            if (ch == '"') {
                i = jl_skip_string(l, i);
                continue;
            }
            if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            i++;
        }
        return l->len;
    }
    while (i < l->len) {
        ch = l->text[i];
        if (ch == ',' || ch == ']' || ch == '}' || jl_is_ws(ch))
            break;
        i++;
    }
    return i;
}

static int jl_hex(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static long jl_hex4(const char *s, size_t avail)
{
    if (avail < 4)
        return -1;
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = jl_hex(s[k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

size_t jsonloc_unescape(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\' || i + 1 >= n) {
            out[o++] = s[i];
            continue;
        }
        char e = s[++i];
        switch (e) {
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            long cp = jl_hex4(s + i + 1, n - i - 1);
            if (cp < 0) {
                out[o++] = 'u';
                break;
            }
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 < n && s[i + 1] == '\\' && s[i + 2] == 'u') {
                long lo = jl_hex4(s + i + 3, n - i - 3);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            /* a \u escape never expands past 4 UTF-8 bytes from 6 source bytes */
            o += strbuf_utf8_encode((uint32_t)cp, out + o);
            break;
        }
        default: out[o++] = e; break;
        }
    }
    return o;
}

/* Decodes the string literal between the quotes at [open, close) into a new buffer. */
static char *jl_decode(const jsonloc *l, size_t open, size_t close, size_t *outlen)
{
    size_t n = close > open + 1 ? close - open - 2 : 0;
    char *out = engine_malloc(n + 1);
    *outlen = jsonloc_unescape(l->text + open + 1, n, out);
    out[*outlen] = '\0';
    return out;
}

/* ---- container index ---- */

static uint64_t jl_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void jl_member_add(jl_container *c, const jl_member *m)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->m = engine_realloc(c->m, c->cap * sizeof *c->m);
    }
    c->m[c->n++] = *m;
}

/* Key hash for an object; a later duplicate key replaces the earlier one (last wins). */
static void jl_index_keys(jl_container *c)
{
    c->nslots = 16;
    while (c->nslots < c->n * 2)
        c->nslots *= 2;
    c->slots = engine_calloc(c->nslots, sizeof *c->slots);
    for (size_t k = 0; k < c->n; k++) {
        size_t slot = jl_hash(c->m[k].key, c->m[k].keylen) & (c->nslots - 1);
        while (c->slots[slot]) {
            const jl_member *o = &c->m[c->slots[slot] - 1];
            if (o->keylen == c->m[k].keylen && memcmp(o->key, c->m[k].key, o->keylen) == 0)
                break;
            slot = (slot + 1) & (c->nslots - 1);
        }
        c->slots[slot] = k + 1;
    }
}

static void jl_scan_object(const jsonloc *l, jl_container *c)
{
    size_t i = c->start + 1;
    for (;;) {
        i = jl_skip_ws(l, i);
        if (i >= l->len || l->text[i] != '"')
            break;
        jl_member m = {0};
        m.key_off = i;
        size_t kend = jl_skip_string(l, i);
        m.key = jl_decode(l, i, kend, &m.keylen);
        i = jl_skip_ws(l, kend);
        if (i >= l->len || l->text[i] != ':') {
            engine_free(m.key);
            break;
        }
        m.val_off = jl_skip_ws(l, i + 1);
        jl_member_add(c, &m);
        i = jl_skip_ws(l, jl_skip_value(l, m.val_off));
        if (i >= l->len || l->text[i] != ',')
            break;
        i++;
    }
    jl_index_keys(c);
}

static void jl_scan_array(const jsonloc *l, jl_container *c)
{
    size_t i = c->start + 1;
    for (;;) {
        i = jl_skip_ws(l, i);
        if (i >= l->len || l->text[i] == ']')
            break;
        jl_member m = {0};
        m.key_off = m.val_off = i;
        jl_member_add(c, &m);
        i = jl_skip_ws(l, jl_skip_value(l, i));
        if (i >= l->len || l->text[i] != ',')
            break;
        i++;
    }
}

static void jl_grow_cslots(jsonloc *l)
{
    size_t n = l->ncslots ? l->ncslots * 2 : 64;
    size_t *slots = engine_calloc(n, sizeof *slots);
    for (size_t k = 0; k < l->nc; k++) {
        size_t slot = (size_t)jl_hash((const char *)&l->c[k].start, sizeof(size_t)) & (n - 1);
        while (slots[slot])
            slot = (slot + 1) & (n - 1);
        slots[slot] = k + 1;
    }
    engine_free(l->cslots);
    l->cslots = slots;
    l->ncslots = n;
}

/* The indexed container starting at `start` (a '{' or '['), scanning it on first use. */
static jl_container *jl_container_at(jsonloc *l, size_t start)
{
    if (l->ncslots && l->ncslots > 0) {
        size_t slot = (size_t)jl_hash((const char *)&start, sizeof start) & (l->ncslots - 1);
        while (l->cslots[slot]) {
            jl_container *c = &l->c[l->cslots[slot] - 1];
            if (c->start == start)
                return c;
            slot = (slot + 1) & (l->ncslots - 1);
        }
    }
    if (l->nc == l->capc) {
        l->capc = l->capc ? l->capc * 2 : 16;
        l->c = engine_realloc(l->c, l->capc * sizeof *l->c);
    }
    jl_container *c = &l->c[l->nc++];
    memset(c, 0, sizeof *c);
    c->start = start;
    c->is_object = l->text[start] == '{';
    if (c->is_object)
        jl_scan_object(l, c);
    else
        jl_scan_array(l, c);
    if (l->nc * 2 > l->ncslots)
        jl_grow_cslots(l);
    else {
        size_t slot = (size_t)jl_hash((const char *)&start, sizeof start) & (l->ncslots - 1);
        while (l->cslots[slot])
            slot = (slot + 1) & (l->ncslots - 1);
        l->cslots[slot] = l->nc;
    }
    return c;
}

static const jl_member *jl_lookup_key(const jl_container *c, const char *key, size_t keylen)
{
    size_t slot = jl_hash(key, keylen) & (c->nslots - 1);
    while (c->slots[slot]) {
        const jl_member *m = &c->m[c->slots[slot] - 1];
        if (m->keylen == keylen && memcmp(m->key, key, keylen) == 0)
            return m;
        slot = (slot + 1) & (c->nslots - 1);
    }
    return NULL;
}

static const jl_member *jl_lookup_index(const jl_container *c, const char *seg, size_t n)
{
    if (n == 0 || (n > 1 && seg[0] == '0'))
        return NULL;
    size_t idx = 0;
    for (size_t i = 0; i < n; i++) {
        if (seg[i] < '0' || seg[i] > '9' || idx > SIZE_MAX / 10 - 10)
            return NULL;
        idx = idx * 10 + (size_t)(seg[i] - '0');
    }
    return idx < c->n ? &c->m[idx] : NULL;
}

/* ---- public ---- */

jsonloc *jsonloc_new(const char *text, size_t len)
{
    jsonloc *l = engine_calloc(1, sizeof *l);
    l->text = text;
    l->len = len;
    return l;
}

void jsonloc_free(jsonloc *l)
{
    if (!l)
        return;
    for (size_t k = 0; k < l->nc; k++) {
        for (size_t i = 0; i < l->c[k].n; i++)
            engine_free(l->c[k].m[i].key);
        engine_free(l->c[k].m);
        engine_free(l->c[k].slots);
    }
    engine_free(l->c);
    engine_free(l->cslots);
    engine_free(l->lines);
    engine_free(l);
}

/* Unescapes one pointer segment (~1 -> '/', ~0 -> '~') into buf. */
static size_t jl_unescape_segment(const char *seg, size_t n, char *buf)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (seg[i] == '~' && i + 1 < n && (seg[i + 1] == '0' || seg[i + 1] == '1')) {
            buf[o++] = seg[i + 1] == '0' ? '~' : '/';
            i++;
        } else {
            buf[o++] = seg[i];
        }
    }
    return o;
}

bool jsonloc_find(jsonloc *l, const char *pointer, size_t *offset)
{
    size_t at = jl_skip_ws(l, 0);
    if (at >= l->len || (pointer[0] != '\0' && pointer[0] != '/'))
        return false;
    const char *p = pointer;
    char *buf = engine_malloc(strlen(pointer) + 1);
    bool found = true;
    while (*p == '/') {
        const char *seg = p + 1;
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        char ch = l->text[at];
        if (ch != '{' && ch != '[') {
            found = false;
            break;
        }
        const jl_container *c = jl_container_at(l, at);
        const jl_member *m;
        if (c->is_object) {
            size_t keylen = jl_unescape_segment(seg, n, buf);
            m = jl_lookup_key(c, buf, keylen);
        } else {
            m = jl_lookup_index(c, seg, n);
        }
        if (!m || m->val_off >= l->len) {
            found = false;
            break;
        }
        p = seg + n;
        at = *p ? m->val_off : m->key_off;
    }
    engine_free(buf);
    if (found)
        *offset = at;
    return found;
}

static void jl_build_lines(jsonloc *l)
{
    size_t cap = 64;
    l->lines = engine_malloc(cap * sizeof *l->lines);
    l->lines[l->nlines++] = 0;
    for (size_t i = 0; i < l->len; i++) {
        if (l->text[i] != '\n')
            continue;
        if (l->nlines == cap) {
            cap *= 2;
            l->lines = engine_realloc(l->lines, cap * sizeof *l->lines);
        }
        l->lines[l->nlines++] = i + 1;
    }
}

void jsonloc_position(jsonloc *l, size_t offset, int *line, int *column)
{
    if (!l->lines)
        jl_build_lines(l);
    if (offset > l->len)
        offset = l->len;
    size_t lo = 0, hi = l->nlines; /* find the last line start <= offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *line = lo + 1 > (size_t)INT32_MAX ? INT32_MAX : (int)(lo + 1);
    size_t col = offset - l->lines[lo] + 1;
    *column = col > (size_t)INT32_MAX ? INT32_MAX : (int)col;
}

/* ---- strict syntax check ---- */

typedef struct {
    const char *t;
    size_t len, i;
    char *msg;
    size_t msgsize;
} jl_syn;

static const char jl_value_list[] =
    "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/* Length of the well-formed UTF-8 sequence at t[i] (a byte >= 0x80), or 0 with *bad the
 * offset of the first byte that breaks it: overlong forms, UTF-16 surrogates and code
 * points past U+10FFFF are ill-formed too (RFC 3629). */
static size_t jl_utf8_sequence(const char *text, size_t len, size_t i, size_t *bad)
{
    const unsigned char *t = (const unsigned char *)text;
    unsigned char c = t[i], lo = 0x80, hi = 0xBF;
    size_t n;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        *bad = i;
        return 0;
    }
    for (size_t k = 1; k < n; k++) {
        unsigned char b = i + k < len ? t[i + k] : 0;
        if (i + k >= len || b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) {
            *bad = i + k;
            return 0;
        }
    }
    return n;
}

/* Refuses the ill-formed UTF-8 sequence at s->i, leaving s->i at the offending byte. */
static bool jl_fail_utf8(jl_syn *s, size_t bad)
{
    if (bad >= s->len)
        snprintf(s->msg, s->msgsize,
                 "Invalid UTF-8: the input ends inside a multi-byte sequence (byte %zu)", bad);
    else if (bad == s->i)
        snprintf(s->msg, s->msgsize, "Invalid UTF-8 start byte 0x%02x (byte %zu)",
                 (unsigned char)s->t[bad], bad);
    else
        snprintf(s->msg, s->msgsize, "Invalid UTF-8 middle byte 0x%02x (byte %zu)",
                 (unsigned char)s->t[bad], bad);
    s->i = bad;
    return false;
}

static bool jl_fail_char(jl_syn *s, const char *expecting)
{
    unsigned char ch = (unsigned char)s->t[s->i];
    size_t bad;
    if (ch >= 0x80 && !jl_utf8_sequence(s->t, s->len, s->i, &bad))
        return jl_fail_utf8(s, bad);
    if (ch >= 0x20 && ch < 0x7f)
        snprintf(s->msg, s->msgsize, "Unexpected character ('%c' (code %d)): %s", ch, ch,
                 expecting);
    else
        snprintf(s->msg, s->msgsize, "Unexpected character ((CTRL-CHAR, code %d)): %s", ch,
                 expecting);
    return false;
}

static bool jl_fail(jl_syn *s, const char *msg)
{
    snprintf(s->msg, s->msgsize, "%s", msg);
    return false;
}

static void jl_syn_ws(jl_syn *s)
{
    while (s->i < s->len && jl_is_ws(s->t[s->i]))
        s->i++;
}

/* s->i is at the backslash of a \u escape with four hex digits: a high surrogate must be
 * followed by an escaped low one, and a low one must not stand alone, because UTF-8 text
 * (ours, and what AWS returns) cannot carry half a character. */
static bool jl_syn_unicode_escape(jl_syn *s)
{
    long cp = jl_hex4(s->t + s->i + 2, s->len - s->i - 2);
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
        snprintf(s->msg, s->msgsize,
                 "Lone surrogate \\u%04lx: a low surrogate escape must follow a high surrogate "
                 "(\\ud800-\\udbff)",
                 cp);
        return false;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        size_t j = s->i + 6;
        long lo = j + 1 < s->len && s->t[j] == '\\' && s->t[j + 1] == 'u'
                      ? jl_hex4(s->t + j + 2, s->len - j - 2)
                      : -1;
        if (lo < 0xDC00 || lo > 0xDFFF) {
            snprintf(s->msg, s->msgsize,
                     "Lone surrogate \\u%04lx: a high surrogate escape must be followed by a low "
                     "surrogate escape (\\udc00-\\udfff)",
                     cp);
            return false;
        }
        s->i = j;
    }
    s->i += 5;
    return true;
}

static bool jl_syn_string(jl_syn *s)
{
    for (s->i++; s->i < s->len; s->i++) {
        unsigned char ch = (unsigned char)s->t[s->i];
        if (ch == '"') {
            s->i++;
            return true;
        }
        if (ch < 0x20) {
            snprintf(s->msg, s->msgsize,
                     "Illegal unquoted character ((CTRL-CHAR, code %d)): has to be escaped using "
                     "backslash to be included in string value",
                     ch);
            return false;
        }
        if (ch >= 0x80) {
            size_t bad, n = jl_utf8_sequence(s->t, s->len, s->i, &bad);
            if (!n)
                return jl_fail_utf8(s, bad);
            s->i += n - 1;
            continue;
        }
        if (ch != '\\')
            continue;
        if (s->i + 1 >= s->len) {
            s->i++;
            break;
        }
        char e = s->t[s->i + 1];
        if (e == 'u') {
            if (jl_hex4(s->t + s->i + 2, s->len - s->i - 2) < 0) {
                s->i += 2;
                return jl_fail(s, "Unexpected character in a \\u escape: expected a hex-digit");
            }
            if (!jl_syn_unicode_escape(s))
                return false;
        } else if (!strchr("\"\\/bfnrt", e) || e == '\0') {
            s->i++;
            snprintf(s->msg, s->msgsize, "Unrecognized character escape '%c' (code %d)", e,
                     (unsigned char)e);
            return false;
        } else {
            s->i++;
        }
    }
    return jl_fail(s, "Unexpected end-of-input: was expecting closing quote for a string value");
}

static bool jl_is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool jl_syn_number(jl_syn *s)
{
    const char *t = s->t;
    if (t[s->i] == '-')
        s->i++;
    if (s->i >= s->len || !jl_is_digit(t[s->i]))
        return s->i >= s->len ? jl_fail(s, "Unexpected end-of-input in numeric value")
                              : jl_fail_char(s, "expected digit (0-9) to follow minus sign, "
                                                "for valid numeric value");
    if (t[s->i] == '0' && s->i + 1 < s->len && jl_is_digit(t[s->i + 1]))
        return jl_fail(s, "Invalid numeric value: Leading zeroes not allowed");
    while (s->i < s->len && jl_is_digit(t[s->i]))
        s->i++;
    if (s->i < s->len && t[s->i] == '.') {
        s->i++;
        if (s->i >= s->len || !jl_is_digit(t[s->i]))
            return s->i >= s->len ? jl_fail(s, "Unexpected end-of-input in numeric value")
                                  : jl_fail_char(s, "Decimal point not followed by a digit");
        while (s->i < s->len && jl_is_digit(t[s->i]))
            s->i++;
    }
    if (s->i < s->len && (t[s->i] == 'e' || t[s->i] == 'E')) {
        s->i++;
        if (s->i < s->len && (t[s->i] == '+' || t[s->i] == '-'))
            s->i++;
        if (s->i >= s->len || !jl_is_digit(t[s->i]))
            return s->i >= s->len ? jl_fail(s, "Unexpected end-of-input in numeric value")
                                  : jl_fail_char(s, "Exponent indicator not followed by a digit");
        while (s->i < s->len && jl_is_digit(t[s->i]))
            s->i++;
    }
    return true;
}

static bool jl_ident(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || jl_is_digit(ch) || ch == '_';
}

/* A scalar value at s->i; '{' and '[' are handled by the caller's loop. */
static bool jl_syn_scalar(jl_syn *s)
{
    static const char *const literals[] = {"true", "false", "null"};
    char ch = s->t[s->i];
    if (ch == '"')
        return jl_syn_string(s);
    if (ch == '-' || jl_is_digit(ch))
        return jl_syn_number(s);
    for (size_t k = 0; k < 3; k++) {
        size_t n = strlen(literals[k]);
        if (s->len - s->i >= n && memcmp(s->t + s->i, literals[k], n) == 0 &&
            (s->i + n == s->len || !jl_ident(s->t[s->i + n]))) {
            s->i += n;
            return true;
        }
    }
    if (jl_ident(ch)) {
        size_t j = s->i;
        while (j < s->len && j - s->i < 256 && jl_ident(s->t[j]))
            j++;
        snprintf(s->msg, s->msgsize, "Unrecognized token '%.*s': was expecting %s",
                 (int)(j - s->i), s->t + s->i, jl_value_list);
        return false;
    }
    char expecting[128];
    snprintf(expecting, sizeof expecting, "expected a valid value %s", jl_value_list);
    return jl_fail_char(s, expecting);
}

/* The parser's state between tokens: what may come next, and the open containers as a bit
 * stack (1 = object, 0 = array). */
typedef struct {
    jl_syn s;
    unsigned char stack[4096];
    size_t depth, max_depth;
    bool want_value, want_key;
} jl_parser;

static bool jl_in_object(const jl_parser *p)
{
    return p->depth && (p->stack[(p->depth - 1) / 8] >> ((p->depth - 1) % 8) & 1);
}

/* A member's key and its colon; afterwards a value is expected. */
static bool jl_step_key(jl_parser *p)
{
    jl_syn *s = &p->s;
    if (s->t[s->i] != '"')
        return jl_fail_char(s, "was expecting double-quote to start field name");
    if (!jl_syn_string(s))
        return false;
    jl_syn_ws(s);
    if (s->i >= s->len)
        return jl_fail(s, "Unexpected end-of-input");
    if (s->t[s->i] != ':')
        return jl_fail_char(s, "was expecting a colon to separate field name and value");
    s->i++;
    p->want_key = false;
    p->want_value = true;
    return true;
}

/* Opens an object or array (closing it at once when empty). */
static bool jl_step_open(jl_parser *p, char open)
{
    jl_syn *s = &p->s;
    if (p->depth == sizeof p->stack * 8 || (p->max_depth && p->depth == p->max_depth)) {
        snprintf(s->msg, s->msgsize, "JSON nested deeper than %zu levels", p->depth);
        return false;
    }
    unsigned char bit = (unsigned char)(1u << (p->depth % 8));
    if (open == '{')
        p->stack[p->depth / 8] |= bit;
    else
        p->stack[p->depth / 8] &= (unsigned char)~bit;
    p->depth++;
    s->i++;
    jl_syn_ws(s);
    if (s->i < s->len && s->t[s->i] == (open == '{' ? '}' : ']')) {
        p->depth--;
        s->i++;
        p->want_value = false;
    } else {
        p->want_key = open == '{';
        p->want_value = open == '[';
    }
    return true;
}

static bool jl_step_value(jl_parser *p)
{
    char ch = p->s.t[p->s.i];
    if (ch == '{' || ch == '[')
        return jl_step_open(p, ch);
    if (!jl_syn_scalar(&p->s))
        return false;
    p->want_value = false;
    return true;
}

/* After a value: a comma, the close of the container, or (at the top) the end. */
static bool jl_step_after_value(jl_parser *p)
{
    jl_syn *s = &p->s;
    char ch = s->t[s->i];
    bool in_object = jl_in_object(p);
    if (p->depth == 0)
        return jl_fail_char(s, "expected end of input");
    if (ch == ',') {
        s->i++;
        p->want_key = in_object;
        p->want_value = !in_object;
        return true;
    }
    if (ch == (in_object ? '}' : ']')) {
        p->depth--;
        s->i++;
        return true;
    }
    return jl_fail_char(s, in_object ? "was expecting comma to separate Object entries"
                                     : "was expecting comma to separate Array entries");
}

bool jsonloc_check_syntax(const char *text, size_t len, size_t max_depth, size_t *offset,
                          char *msg, size_t msgsize)
{
    jl_parser p;
    p.s = (jl_syn){text, len, 0, msg, msgsize};
    p.depth = 0;
    p.max_depth = max_depth;
    p.want_value = true;
    p.want_key = false;
    bool ok = true;
    jl_syn_ws(&p.s);
    while (ok && !(p.depth == 0 && !p.want_value && p.s.i >= len)) {
        if (p.s.i >= len)
            ok = jl_fail(&p.s, "Unexpected end-of-input");
        else if (p.want_key)
            ok = jl_step_key(&p);
        else if (p.want_value)
            ok = jl_step_value(&p);
        else
            ok = jl_step_after_value(&p);
        if (ok)
            jl_syn_ws(&p.s);
    }
    if (!ok)
        *offset = p.s.i < len ? p.s.i : len;
    return ok;
}
