/* xmldoc — a bounded XML reader for S3's answers. See xmldoc.h. */
#include "xmldoc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "strbuf.h"

#define XMLDOC_NONE SIZE_MAX

struct xmldoc_node {
    xmldoc *doc;
    char *name;
    const char *local;            /* inside name */
    strbuf text;
    size_t parent, first_child, last_child, next;   /* indices, XMLDOC_NONE */
};

struct xmldoc {
    xmldoc_node *nodes;
    size_t count, cap;
};

typedef struct {
    const char *s, *end;
    xmldoc *doc;
    size_t current;               /* the open element, XMLDOC_NONE before/after the root */
    size_t depth;
    bool root_seen;
    char *err;
    size_t errlen;
    const char *start;
} xmldoc_parser;

static bool xmldoc_fail(xmldoc_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool xmldoc_fail(xmldoc_parser *p, const char *fmt, ...)
{
    size_t line = 1;
    for (const char *c = p->start; c < p->s && c < p->end; c++)
        line += *c == '\n';
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "line %zu: %s", line, msg);
    return false;
}

void xmldoc_free(xmldoc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++) {
        free(d->nodes[i].name);
        strbuf_cleanup(&d->nodes[i].text);
    }
    free(d->nodes);
    free(d);
}

/* ---- lexical pieces ---- */

static bool xmldoc_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool xmldoc_is_name_char(unsigned char c, bool first)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80)
        return true;
    return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

static void xmldoc_skip_space(xmldoc_parser *p)
{
    while (p->s < p->end && xmldoc_is_space(*p->s))
        p->s++;
}

static bool xmldoc_starts(const xmldoc_parser *p, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(p->end - p->s) >= n && !memcmp(p->s, lit, n);
}

/* Moves past the next occurrence of lit; false when there is none. */
static bool xmldoc_skip_past(xmldoc_parser *p, const char *lit, const char **body_end)
{
    size_t n = strlen(lit);
    for (const char *c = p->s; (size_t)(p->end - c) >= n; c++)
        if (!memcmp(c, lit, n)) {
            if (body_end)
                *body_end = c;
            p->s = c + n;
            return true;
        }
    return false;
}

/* A name: its length (0 when there is none or it is too long; err set then). */
static size_t xmldoc_name_len(xmldoc_parser *p)
{
    const char *c = p->s;
    if (c >= p->end || !xmldoc_is_name_char((unsigned char)*c, true)) {
        xmldoc_fail(p, "a name was expected");
        return 0;
    }
    while (c < p->end && xmldoc_is_name_char((unsigned char)*c, false))
        c++;
    if ((size_t)(c - p->s) > XMLDOC_MAX_NAME) {
        xmldoc_fail(p, "a name is longer than %d bytes", XMLDOC_MAX_NAME);
        return 0;
    }
    return (size_t)(c - p->s);
}

/* &lt; &gt; &amp; &quot; &apos; &#N; &#xH; at p->s (the '&'), appended to out. */
static bool xmldoc_entity(xmldoc_parser *p, strbuf *out)
{
    static const struct { const char *name; char c; } named[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (xmldoc_starts(p, named[i].name)) {
            if (out)
                strbuf_putc(out, named[i].c);
            p->s += strlen(named[i].name);
            return true;
        }
    if (!xmldoc_starts(p, "&#"))
        return xmldoc_fail(p, "an entity other than &lt; &gt; &amp; &quot; &apos; or &#N;");
    const char *c = p->s + 2;
    bool hex = c < p->end && *c == 'x';
    c += hex;
    uint32_t cp = 0;
    size_t digits = 0;
    for (; c < p->end && *c != ';'; c++, digits++) {
        int v = *c >= '0' && *c <= '9' ? *c - '0'
              : hex && *c >= 'a' && *c <= 'f' ? *c - 'a' + 10
              : hex && *c >= 'A' && *c <= 'F' ? *c - 'A' + 10 : -1;
        if (v < 0 || digits >= 8)
            return xmldoc_fail(p, "a bad character reference");
        cp = cp * (hex ? 16 : 10) + (uint32_t)v;
    }
    if (c >= p->end || digits == 0 || cp == 0 || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return xmldoc_fail(p, "a bad character reference");
    if (out)
        strbuf_put_utf8(out, cp);
    p->s = c + 1;
    return true;
}

/* ---- the tree ---- */

static xmldoc_node *xmldoc_node_at(const xmldoc *d, size_t i)
{
    return i == XMLDOC_NONE ? NULL : &d->nodes[i];
}

static bool xmldoc_open(xmldoc_parser *p, const char *name, size_t len)
{
    xmldoc *d = p->doc;
    if (d->count == XMLDOC_MAX_NODES)
        return xmldoc_fail(p, "more than %d elements", XMLDOC_MAX_NODES);
    if (p->depth == XMLDOC_MAX_DEPTH)
        return xmldoc_fail(p, "elements nest deeper than %d", XMLDOC_MAX_DEPTH);
    if (p->current == XMLDOC_NONE && p->root_seen)
        return xmldoc_fail(p, "a second root element");
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->nodes = jv_xrealloc(d->nodes, d->cap * sizeof *d->nodes);
    }
    size_t i = d->count++;
    xmldoc_node *n = &d->nodes[i];
    memset(n, 0, sizeof *n);
    n->doc = d;
    n->name = jv_xmalloc(len + 1);
    memcpy(n->name, name, len);
    n->name[len] = '\0';
    const char *colon = strrchr(n->name, ':');
    n->local = colon ? colon + 1 : n->name;
    strbuf_init(&n->text, 0);
    n->parent = p->current;
    n->first_child = n->last_child = n->next = XMLDOC_NONE;
    xmldoc_node *parent = xmldoc_node_at(d, p->current);
    if (parent) {
        if (parent->last_child != XMLDOC_NONE)
            d->nodes[parent->last_child].next = i;
        else
            parent->first_child = i;
        parent->last_child = i;
    }
    p->current = i;
    p->depth++;
    p->root_seen = true;
    return true;
}

static void xmldoc_close(xmldoc_parser *p)
{
    p->current = p->doc->nodes[p->current].parent;
    p->depth--;
}

/* Attributes up to '>' or "/>": read and checked, not kept. */
static bool xmldoc_attributes(xmldoc_parser *p, bool *empty)
{
    for (;;) {
        xmldoc_skip_space(p);
        if (xmldoc_starts(p, "/>")) {
            p->s += 2;
            *empty = true;
            return true;
        }
        if (xmldoc_starts(p, ">")) {
            p->s++;
            *empty = false;
            return true;
        }
        size_t n = xmldoc_name_len(p);
        if (!n)
            return false;
        p->s += n;
        xmldoc_skip_space(p);
        if (p->s >= p->end || *p->s != '=')
            return xmldoc_fail(p, "an attribute without '='");
        p->s++;
        xmldoc_skip_space(p);
        if (p->s >= p->end || (*p->s != '"' && *p->s != '\''))
            return xmldoc_fail(p, "an attribute value without quotes");
        char q = *p->s++;
        while (p->s < p->end && *p->s != q) {
            if (*p->s == '<')
                return xmldoc_fail(p, "'<' in an attribute value");
            if (*p->s != '&')
                p->s++;
            else if (!xmldoc_entity(p, NULL))
                return false;
        }
        if (p->s >= p->end)
            return xmldoc_fail(p, "an attribute value is not closed");
        p->s++;
    }
}

static bool xmldoc_start_tag(xmldoc_parser *p)
{
    p->s++;   /* '<' */
    size_t n = xmldoc_name_len(p);
    if (!n)
        return false;
    const char *name = p->s;
    p->s += n;
    bool empty = false;
    if (!xmldoc_open(p, name, n) || !xmldoc_attributes(p, &empty))
        return false;
    if (empty)
        xmldoc_close(p);
    return true;
}

static bool xmldoc_end_tag(xmldoc_parser *p)
{
    p->s += 2;   /* "</" */
    size_t n = xmldoc_name_len(p);
    if (!n)
        return false;
    const xmldoc_node *open = xmldoc_node_at(p->doc, p->current);
    if (!open)
        return xmldoc_fail(p, "a closing tag with no element open");
    if (strlen(open->name) != n || memcmp(open->name, p->s, n))
        return xmldoc_fail(p, "</%.*s> closes <%s>", (int)n, p->s, open->name);
    p->s += n;
    xmldoc_skip_space(p);
    if (p->s >= p->end || *p->s != '>')
        return xmldoc_fail(p, "a closing tag without '>'");
    p->s++;
    xmldoc_close(p);
    return true;
}

/* Character data up to the next '<'. */
static bool xmldoc_chars(xmldoc_parser *p)
{
    xmldoc_node *n = xmldoc_node_at(p->doc, p->current);
    while (p->s < p->end && *p->s != '<') {
        if (!n && !xmldoc_is_space(*p->s))
            return xmldoc_fail(p, "text outside the root element");
        if (*p->s == '&') {
            if (!xmldoc_entity(p, n ? &n->text : NULL))
                return false;
            continue;
        }
        const char *run = p->s;
        while (p->s < p->end && *p->s != '<' && *p->s != '&')
            p->s++;
        if (n)
            strbuf_append(&n->text, run, (size_t)(p->s - run));
        else
            p->s = run + 1;
    }
    return true;
}

static bool xmldoc_markup(xmldoc_parser *p)
{
    if (xmldoc_starts(p, "<?"))
        return xmldoc_skip_past(p, "?>", NULL) || xmldoc_fail(p, "'<?' is not closed");
    if (xmldoc_starts(p, "<!--"))
        return xmldoc_skip_past(p, "-->", NULL) || xmldoc_fail(p, "a comment is not closed");
    if (xmldoc_starts(p, "<![CDATA[")) {
        xmldoc_node *n = xmldoc_node_at(p->doc, p->current);
        if (!n)
            return xmldoc_fail(p, "CDATA outside the root element");
        p->s += 9;
        const char *body = p->s, *body_end;
        if (!xmldoc_skip_past(p, "]]>", &body_end))
            return xmldoc_fail(p, "a CDATA section is not closed");
        strbuf_append(&n->text, body, (size_t)(body_end - body));
        return true;
    }
    if (xmldoc_starts(p, "<!"))
        return xmldoc_fail(p, "a DOCTYPE or declaration, which is not accepted");
    if (xmldoc_starts(p, "</"))
        return xmldoc_end_tag(p);
    return xmldoc_start_tag(p);
}

xmldoc *xmldoc_parse(const char *text, size_t len, char *err, size_t errlen)
{
    xmldoc_parser p = {text, text + len, NULL, XMLDOC_NONE, 0, false, err, errlen, text};
    if (len > XMLDOC_MAX_INPUT) {
        snprintf(err, errlen, "the XML is longer than %u bytes", XMLDOC_MAX_INPUT);
        return NULL;
    }
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        p.s += 3;
    p.doc = jv_xcalloc(1, sizeof *p.doc);
    const char *nul = memchr(text, '\0', len);
    bool ok = true;
    if (nul) {
        p.s = nul;
        ok = xmldoc_fail(&p, "a NUL byte");
    }
    while (ok && p.s < p.end)
        ok = *p.s == '<' ? xmldoc_markup(&p) : xmldoc_chars(&p);
    if (ok && p.current != XMLDOC_NONE)
        ok = xmldoc_fail(&p, "<%s> is not closed", p.doc->nodes[p.current].name);
    if (ok && !p.root_seen)
        ok = xmldoc_fail(&p, "no element");
    if (!ok) {
        xmldoc_free(p.doc);
        return NULL;
    }
    return p.doc;
}

/* ---- reading ---- */

const xmldoc_node *xmldoc_root(const xmldoc *d)
{
    return d && d->count ? &d->nodes[0] : NULL;
}

const char *xmldoc_name(const xmldoc_node *n)
{
    return n->name;
}

const char *xmldoc_local_name(const xmldoc_node *n)
{
    return n->local;
}

const char *xmldoc_text(const xmldoc_node *n)
{
    return strbuf_str(&n->text);
}

size_t xmldoc_text_len(const xmldoc_node *n)
{
    return n->text.len;
}

static const xmldoc_node *xmldoc_from(const xmldoc *d, size_t i, const char *name)
{
    for (; i != XMLDOC_NONE; i = d->nodes[i].next)
        if (!name || !strcmp(d->nodes[i].local, name))
            return &d->nodes[i];
    return NULL;
}

const xmldoc_node *xmldoc_child(const xmldoc_node *n, const char *name)
{
    return n ? xmldoc_from(n->doc, n->first_child, name) : NULL;
}

const xmldoc_node *xmldoc_next(const xmldoc_node *n, const char *name)
{
    return n ? xmldoc_from(n->doc, n->next, name) : NULL;
}

const char *xmldoc_child_text(const xmldoc_node *n, const char *name)
{
    const xmldoc_node *c = xmldoc_child(n, name);
    return c ? xmldoc_text(c) : NULL;
}
