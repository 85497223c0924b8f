/*
 * jsonpath — JSONPath as AWS Step Functions evaluates it (Jayway JsonPath semantics).
 * See jsonpath.h for the contract.
 *
 * A compiled path is a root plus a route: an array of steps (name, names, index, indexes,
 * wildcard, slice, filter, function), each possibly reached through `..`. Filters hold a
 * small expression tree whose operands are literals, regexes or routes of their own (`@`
 * relative to the item, `$` relative to the document).
 *
 * Evaluation of a definite route is a loop that allocates nothing; an indefinite route is
 * walked recursively into a result array, under a work budget so that paths like
 * `$..*..*..*..*` on a large document end with a miss instead of running for hours.
 *
 * Where Jayway and AWS differ (the spec's §2.3): a filter only ever matches objects, and an
 * indefinite path never fails (missing data gives []). Slices follow Jayway exactly,
 * including its treatment of negative starts in `[a:b]` and its silent ignoring of a step.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "jsonpath.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pcre2.h>
#include "alloc.h"   /* again after pcre2.h: its PCRE2 part */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv_text.h"
#include "numfmt.h"
#include "strbuf.h"

/* Bounds that keep hostile paths from exhausting the stack or the CPU. */
#define JP_MAX_STEPS 512         /* steps in one route */
#define JP_MAX_NEST 32           /* parentheses / nested filters */
#define JP_WORK_BUDGET 20000000L /* node visits per evaluation */
#define JP_REGEX_MATCH_LIMIT 100000
#define JP_REGEX_DEPTH_LIMIT 1000

/* ------------------------------------------------------------------------------------ */
/* Compiled form                                                                         */

typedef enum {
    ST_NAME,     /* .a  ['a'] */
    ST_NAMES,    /* ['a','b'] */
    ST_INDEX,    /* [n] */
    ST_INDEXES,  /* [n,m] */
    ST_WILDCARD, /* .*  [*] */
    ST_SLICE,    /* [a:b] */
    ST_FILTER,   /* [?(...)] */
    ST_FUNCTION  /* .length() ... always the last step */
} step_kind;

typedef enum { FN_LENGTH, FN_MIN, FN_MAX, FN_AVG, FN_SUM, FN_STDDEV, FN_KEYS, FN_FIRST, FN_LAST } fn_kind;

typedef struct {
    char *s;
    size_t len;
} jp_name;

typedef struct fexpr fexpr;

typedef struct {
    step_kind kind;
    bool descend;          /* reached through `..` */
    size_t n;              /* names / idx entries */
    jp_name *names;
    long *idx;
    bool has_from, has_to; /* slice */
    long from, to;
    fexpr *filter;
    fn_kind fn;
} step;

typedef struct {
    step *steps;
    size_t nsteps;
    bool definite;        /* yields one value (or a miss), never an array of matches */
    bool prefix_definite; /* the steps before a trailing function are names/indexes only */
    bool has_function;    /* the last step is a function */
} route;

typedef enum { OPND_LITERAL, OPND_PATH, OPND_REGEX } opnd_kind;

typedef struct {
    opnd_kind kind;
    jv *lit;                     /* OPND_LITERAL */
    bool absolute;               /* OPND_PATH: `$` (document) rather than `@` (item) */
    route path;                  /* OPND_PATH */
    pcre2_code *re;              /* OPND_REGEX */
    pcre2_match_context *mctx;   /* OPND_REGEX: match limits */
} operand;

typedef enum { FX_OR, FX_AND, FX_NOT, FX_EXISTS, FX_CMP } fx_kind;
typedef enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_REGEX, CMP_IN, CMP_NIN } cmp_op;

struct fexpr {
    fx_kind kind;
    fexpr *a, *b; /* OR, AND: both; NOT: a */
    operand l, r; /* EXISTS: l; CMP: both */
    cmp_op op;
};

struct jsonpath {
    char *text;
    jsonpath_root root;
    char *var;
    route route;
    bool reference;
};

/* ------------------------------------------------------------------------------------ */
/* Freeing                                                                               */

static void fexpr_free(fexpr *e);

static void route_cleanup(route *r)
{
    for (size_t i = 0; i < r->nsteps; i++) {
        step *st = &r->steps[i];
        for (size_t k = 0; st->names && k < st->n; k++)
            engine_free(st->names[k].s);
        engine_free(st->names);
        engine_free(st->idx);
        fexpr_free(st->filter);
    }
    engine_free(r->steps);
    r->steps = NULL;
    r->nsteps = 0;
}

static void operand_cleanup(operand *o)
{
    jv_unref(o->lit);
    route_cleanup(&o->path);
    if (o->re)
        pcre2_code_free(o->re);
    if (o->mctx)
        pcre2_match_context_free(o->mctx);
    memset(o, 0, sizeof *o);
}

static void fexpr_free(fexpr *e)
{
    if (!e)
        return;
    fexpr_free(e->a);
    fexpr_free(e->b);
    operand_cleanup(&e->l);
    operand_cleanup(&e->r);
    engine_free(e);
}

void jsonpath_free(jsonpath *p)
{
    if (!p)
        return;
    route_cleanup(&p->route);
    engine_free(p->text);
    engine_free(p->var);
    engine_free(p);
}

/* ------------------------------------------------------------------------------------ */
/* Parsing                                                                               */

typedef struct {
    const char *s;
    size_t len, pos;
    jsonpath_error *err;
    bool failed;
    int nest;
} parser;

static bool fail(parser *p, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool fail(parser *p, size_t pos, const char *fmt, ...)
{
    if (p->failed)
        return false;
    p->failed = true;
    if (p->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
        va_end(ap);
        p->err->position = pos;
    }
    return false;
}

static int peek(const parser *p) { return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1; }
static int peek_at(const parser *p, size_t k)
{
    return p->pos + k < p->len ? (unsigned char)p->s[p->pos + k] : -1;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
                               p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        p->pos++;
}

static bool expect(parser *p, char c)
{
    if (peek(p) != (unsigned char)c) {
        if (p->pos >= p->len)
            return fail(p, p->pos, "expected '%c' at position %zu but the path ended", c, p->pos);
        return fail(p, p->pos, "expected '%c' at position %zu, found '%c'", c, p->pos, p->s[p->pos]);
    }
    p->pos++;
    return true;
}

static step *route_push(parser *p, route *r, size_t at)
{
    if (r->nsteps >= JP_MAX_STEPS) {
        fail(p, at, "path has more than %d steps", JP_MAX_STEPS);
        return NULL;
    }
    r->steps = engine_realloc(r->steps, sizeof(step) * (r->nsteps + 1));
    step *st = &r->steps[r->nsteps++];
    memset(st, 0, sizeof *st);
    return st;
}

static bool read_hex4(parser *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int c = peek(p);
        if (c < 0 || !isxdigit(c))
            return fail(p, p->pos, "invalid \\u escape at position %zu", p->pos);
        v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
        p->pos++;
    }
    *out = v;
    return true;
}

/* A quoted string ('...' or "...") with Java-style escapes; the result is malloc'd. With
 * `raw`, a backslash only keeps the next character from ending the string and both stay in
 * the result: AWS's Jayway reads bracket names that way ($['a\"b'] names the key a\"b). */
static bool parse_quoted(parser *p, bool raw, char **out, size_t *outlen)
{
    size_t start = p->pos;
    char q = p->s[p->pos++];
    strbuf sb;
    strbuf_init(&sb, 0);
    for (;;) {
        int c = peek(p);
        if (c < 0) {
            strbuf_cleanup(&sb);
            return fail(p, start, "unterminated string starting at position %zu", start);
        }
        p->pos++;
        if (c == q)
            break;
        if (c != '\\') {
            char ch = (char)c;
            strbuf_append(&sb, &ch, 1);
            continue;
        }
        int e = peek(p);
        if (e < 0)
            continue; /* reported as unterminated on the next turn */
        p->pos++;
        if (raw) {
            char pair[2] = {'\\', (char)e};
            strbuf_append(&sb, pair, 2);
            continue;
        }
        unsigned cp = 0;
        switch (e) {
        case 'b': strbuf_put_utf8(&sb, '\b'); break;
        case 'f': strbuf_put_utf8(&sb, '\f'); break;
        case 'n': strbuf_put_utf8(&sb, '\n'); break;
        case 'r': strbuf_put_utf8(&sb, '\r'); break;
        case 't': strbuf_put_utf8(&sb, '\t'); break;
        case 'u':
            if (!read_hex4(p, &cp)) {
                strbuf_cleanup(&sb);
                return false;
            }
            if (cp >= 0xD800 && cp < 0xDC00 && peek(p) == '\\' && peek_at(p, 1) == 'u') {
                size_t save = p->pos;
                unsigned lo = 0;
                p->pos += 2;
                if (read_hex4(p, &lo) && lo >= 0xDC00 && lo < 0xE000)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else if (!p->failed)
                    p->pos = save;
                else {
                    strbuf_cleanup(&sb);
                    return false;
                }
            }
            strbuf_put_utf8(&sb, cp);
            break;
        case '"':
        case '\'':
            /* AWS keeps a backslash before the other quote character: $['a\"b'] names
             * the key a\"b (recorded: test_escape_sequence_parsing) */
            if (e != q)
                strbuf_append(&sb, "\\", 1);
            strbuf_put_utf8(&sb, (unsigned)e);
            break;
        default: {
            char ch = (char)e; /* \\ \/ and anything else: the character itself */
            strbuf_append(&sb, &ch, 1);
        }
        }
    }
    *outlen = sb.len;
    *out = strbuf_detach(&sb);
    return true;
}

/* An integer in Java int range; *present false when there are no digits here. */
static bool parse_int_opt(parser *p, long *out, bool *present)
{
    size_t start = p->pos;
    bool neg = false;
    if (peek(p) == '-') {
        neg = true;
        p->pos++;
    }
    if (peek(p) < 0 || !isdigit(peek(p))) {
        if (neg)
            return fail(p, start, "expected a number at position %zu", start);
        *present = false;
        return true;
    }
    long long v = 0;
    while (peek(p) >= 0 && isdigit(peek(p))) {
        v = v * 10 + (p->s[p->pos] - '0');
        if (v > 2147483648LL)
            return fail(p, start, "index out of range at position %zu", start);
        p->pos++;
    }
    if (neg)
        v = -v;
    if (v > INT_MAX || v < INT_MIN)
        return fail(p, start, "index out of range at position %zu", start);
    *out = (long)v;
    *present = true;
    return true;
}

static bool parse_names(parser *p, step *st)
{
    for (;;) {
        skip_ws(p);
        int c = peek(p);
        if (c != '\'' && c != '"')
            return fail(p, p->pos, "expected a quoted property name at position %zu", p->pos);
        st->names = engine_realloc(st->names, sizeof(jp_name) * (st->n + 1));
        jp_name *nm = &st->names[st->n];
        if (!parse_quoted(p, true, &nm->s, &nm->len))
            return false;
        st->n++;
        skip_ws(p);
        if (peek(p) == ',') {
            p->pos++;
            continue;
        }
        if (!expect(p, ']'))
            return false;
        st->kind = st->n == 1 ? ST_NAME : ST_NAMES;
        return true;
    }
}

static bool parse_numbers(parser *p, step *st, size_t open)
{
    long first = 0;
    bool has_first = false;
    if (!parse_int_opt(p, &first, &has_first))
        return false;
    skip_ws(p);
    if (peek(p) == ':') {
        st->kind = ST_SLICE;
        st->has_from = has_first;
        st->from = first;
        p->pos++;
        skip_ws(p);
        if (!parse_int_opt(p, &st->to, &st->has_to))
            return false;
        skip_ws(p);
        if (peek(p) == ':') { /* a step: Jayway parses and ignores it */
            long ignored;
            bool has_step;
            p->pos++;
            skip_ws(p);
            if (!parse_int_opt(p, &ignored, &has_step))
                return false;
            skip_ws(p);
        }
        if (!st->has_from && !st->has_to)
            return fail(p, open, "slice at position %zu needs a start or an end", open);
        return expect(p, ']');
    }
    if (!has_first)
        return fail(p, p->pos, "expected an index at position %zu", p->pos);
    st->idx = engine_malloc(sizeof(long));
    st->idx[0] = first;
    st->n = 1;
    while (peek(p) == ',') {
        p->pos++;
        skip_ws(p);
        long v = 0;
        bool has = false;
        if (!parse_int_opt(p, &v, &has))
            return false;
        if (!has)
            return fail(p, p->pos, "expected an index at position %zu", p->pos);
        st->idx = engine_realloc(st->idx, sizeof(long) * (st->n + 1));
        st->idx[st->n++] = v;
        skip_ws(p);
    }
    st->kind = st->n == 1 ? ST_INDEX : ST_INDEXES;
    return expect(p, ']');
}

static fexpr *parse_or(parser *p);

static bool parse_filter(parser *p, step *st)
{
    p->pos++; /* '?' */
    skip_ws(p);
    if (!expect(p, '('))
        return false;
    if (++p->nest > JP_MAX_NEST)
        return fail(p, p->pos, "filters nested deeper than %d levels", JP_MAX_NEST);
    st->kind = ST_FILTER;
    st->filter = parse_or(p);
    p->nest--;
    if (!st->filter)
        return false;
    skip_ws(p);
    if (!expect(p, ')'))
        return false;
    skip_ws(p);
    return expect(p, ']');
}

static bool parse_bracket(parser *p, step *st)
{
    size_t open = p->pos++;
    skip_ws(p);
    int c = peek(p);
    if (c == '?')
        return parse_filter(p, st);
    if (c == '*') {
        p->pos++;
        skip_ws(p);
        st->kind = ST_WILDCARD;
        return expect(p, ']');
    }
    if (c == '\'' || c == '"')
        return parse_names(p, st);
    if (c == '-' || c == ':' || (c >= 0 && isdigit(c)))
        return parse_numbers(p, st, open);
    if (c < 0)
        return fail(p, open, "unclosed '[' at position %zu", open);
    return fail(p, p->pos, "unexpected character '%c' at position %zu", c, p->pos);
}

/* Characters that end a dot-notation name. Inside a filter the operators and the closing
 * parenthesis end it too. */
static bool ends_name(int c, bool in_filter)
{
    if (c < 0 || c == '.' || c == '[' || c == '(' || c == ' ')
        return true;
    if (!in_filter)
        return false;
    return c == ')' || c == '=' || c == '!' || c == '<' || c == '>' || c == '&' || c == '|' ||
           c == '~' || c == ',' || c == ']' || c == '\t' || c == '\n' || c == '\r';
}

static const struct {
    const char *name;
    fn_kind fn;
} jp_functions[] = {
    {"length", FN_LENGTH}, {"min", FN_MIN},       {"max", FN_MAX},   {"avg", FN_AVG},
    {"sum", FN_SUM},       {"stddev", FN_STDDEV}, {"keys", FN_KEYS}, {"first", FN_FIRST},
    {"last", FN_LAST},
};

static bool parse_function(parser *p, step *st, const char *name, size_t len, size_t at)
{
    size_t i;
    for (i = 0; i < sizeof jp_functions / sizeof jp_functions[0]; i++)
        if (strlen(jp_functions[i].name) == len && memcmp(jp_functions[i].name, name, len) == 0)
            break;
    if (i == sizeof jp_functions / sizeof jp_functions[0])
        return fail(p, at, "unknown function '%.*s' at position %zu", (int)len, name, at);
    p->pos++; /* '(' */
    skip_ws(p);
    if (!expect(p, ')'))
        return false;
    st->kind = ST_FUNCTION;
    st->fn = jp_functions[i].fn;
    return true;
}

static bool parse_dot_name(parser *p, step *st, bool in_filter)
{
    size_t start = p->pos;
    if (peek(p) == '*') {
        p->pos++;
        st->kind = ST_WILDCARD;
        return true;
    }
    while (!ends_name(peek(p), in_filter))
        p->pos++;
    size_t len = p->pos - start;
    if (peek(p) == ' ' && !in_filter)
        return fail(p, p->pos, "space in a property name at position %zu: use ['name']", p->pos);
    if (len == 0) {
        if (p->pos >= p->len)
            return fail(p, p->pos, "path must not end with '.'");
        return fail(p, p->pos, "expected a property name at position %zu", p->pos);
    }
    if (peek(p) == '(')
        return parse_function(p, st, p->s + start, len, start);
    st->kind = ST_NAME;
    st->n = 1;
    st->names = engine_malloc(sizeof(jp_name));
    st->names[0].s = engine_malloc(len + 1);
    memcpy(st->names[0].s, p->s + start, len);
    st->names[0].s[len] = '\0';
    st->names[0].len = len;
    return true;
}

/* Reads steps until the text (or, in a filter, the operand) ends. */
static bool parse_route(parser *p, route *r, bool in_filter)
{
    while (p->pos < p->len) {
        size_t at = p->pos;
        int c = peek(p);
        bool descend = false;
        if (c == '.') {
            if (peek_at(p, 1) == '.') {
                descend = true;
                p->pos += 2;
            } else {
                p->pos++;
            }
            if (p->pos >= p->len)
                return fail(p, at, "path must not end with '%s'", descend ? ".." : ".");
            if (peek(p) == '.')
                return fail(p, p->pos, "unexpected '.' at position %zu", p->pos);
        } else if (c != '[') {
            if (in_filter)
                break;
            return fail(p, at, "unexpected character '%c' at position %zu", c, at);
        }
        if (r->nsteps && r->steps[r->nsteps - 1].kind == ST_FUNCTION)
            return fail(p, at, "a function must be the last step of a path (position %zu)", at);
        step *st = route_push(p, r, at);
        if (!st)
            return false;
        st->descend = descend;
        bool ok = peek(p) == '[' ? parse_bracket(p, st) : parse_dot_name(p, st, in_filter);
        if (!ok)
            return false;
        if (st->kind == ST_FUNCTION && descend)
            return fail(p, at, "a function cannot follow '..' (position %zu)", at);
    }
    return true;
}

static bool route_is_definite(const route *r);

/* Computes the route's flags once, so evaluation does not rediscover them. */
static void route_finish(route *r)
{
    r->has_function = r->nsteps && r->steps[r->nsteps - 1].kind == ST_FUNCTION;
    size_t end = r->nsteps - (r->has_function ? 1 : 0);
    r->prefix_definite = true;
    for (size_t i = 0; i < end && r->prefix_definite; i++) {
        const step *st = &r->steps[i];
        r->prefix_definite = !st->descend && (st->kind == ST_NAME || st->kind == ST_INDEX ||
                                              (st->kind == ST_NAMES && i + 1 == end));
    }
    r->definite = route_is_definite(r);
}

static bool route_is_definite(const route *r)
{
    for (size_t i = 0; i < r->nsteps; i++) {
        const step *st = &r->steps[i];
        bool last = i + 1 == r->nsteps;
        if (st->kind == ST_FUNCTION)
            return true; /* a function folds whatever precedes it into one value */
        if (st->descend)
            return false;
        if (st->kind == ST_NAME || st->kind == ST_INDEX)
            continue;
        if (st->kind == ST_NAMES && last)
            continue; /* Jayway merges ['a','b'] at the leaf into one object */
        return false;
    }
    return true;
}

/* ---- filter expressions ---- */

static fexpr *fexpr_new(fx_kind kind)
{
    fexpr *e = engine_calloc(1, sizeof *e);
    e->kind = kind;
    return e;
}

static bool word_at(const parser *p, const char *w)
{
    size_t n = strlen(w);
    if (p->pos + n > p->len || memcmp(p->s + p->pos, w, n) != 0)
        return false;
    int after = p->pos + n < p->len ? (unsigned char)p->s[p->pos + n] : -1;
    return after < 0 || !(isalnum(after) || after == '_');
}

static bool parse_number_literal(parser *p, operand *o)
{
    size_t start = p->pos;
    while (p->pos < p->len && (isdigit((unsigned char)p->s[p->pos]) || strchr("-+.eE", p->s[p->pos])))
        p->pos++;
    size_t n = p->pos - start;
    char buf[64];
    if (n >= sizeof buf)
        return fail(p, start, "number too long at position %zu", start);
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    char *end = NULL;
    errno = 0;
    double d = strtod(buf, &end);
    if (end != buf + n || n == 0 || !isfinite(d))
        return fail(p, start, "invalid number '%s' at position %zu", buf, start);
    o->kind = OPND_LITERAL;
    o->lit = jv_number(d);
    return true;
}

static bool parse_operand(parser *p, operand *o);

/* A JSON object literal (for == and in): bracket-balanced, parsed as JSON. */
static bool parse_object_literal(parser *p, operand *o)
{
    size_t start = p->pos;
    int depth = 0;
    bool in_str = false;
    for (; p->pos < p->len; p->pos++) {
        char c = p->s[p->pos];
        if (in_str) {
            if (c == '\\')
                p->pos++;
            else if (c == '"')
                in_str = false;
            continue;
        }
        if (c == '"')
            in_str = true;
        else if (c == '[' || c == '{')
            depth++;
        else if ((c == ']' || c == '}') && --depth == 0)
            break;
    }
    if (p->pos >= p->len)
        return fail(p, start, "unclosed JSON literal at position %zu", start);
    p->pos++;
    jv_parse_error perr;
    o->lit = jv_parse(p->s + start, p->pos - start, 0, &perr);
    if (!o->lit)
        return fail(p, start + perr.offset, "invalid JSON literal at position %zu: %s",
                    start + perr.offset, perr.message);
    o->kind = OPND_LITERAL;
    return true;
}

/* A list literal [v, ...] whose elements are filter literals (either quote style). */
static bool parse_list_literal(parser *p, operand *o)
{
    if (++p->nest > JP_MAX_NEST)
        return fail(p, p->pos, "literal nested deeper than %d levels", JP_MAX_NEST);
    p->pos++; /* '[' */
    jv *list = jv_array();
    skip_ws(p);
    bool ok = true;
    if (peek(p) == ']')
        p->pos++;
    else
        for (;;) {
            operand el = {0};
            size_t at = p->pos;
            ok = parse_operand(p, &el);
            if (ok && el.kind != OPND_LITERAL)
                ok = fail(p, at, "only literals can appear in a list (position %zu)", at);
            if (ok)
                list = jv_array_append(list, el.lit);
            operand_cleanup(&el);
            if (!ok)
                break;
            skip_ws(p);
            if (peek(p) == ',') {
                p->pos++;
                continue;
            }
            ok = expect(p, ']');
            break;
        }
    p->nest--;
    if (!ok) {
        jv_unref(list);
        return false;
    }
    o->kind = OPND_LITERAL;
    o->lit = list;
    return true;
}

static bool parse_regex(parser *p, operand *o)
{
    size_t start = p->pos++;
    size_t body = p->pos;
    while (p->pos < p->len && p->s[p->pos] != '/') {
        if (p->s[p->pos] == '\\')
            p->pos++;
        p->pos++;
    }
    if (p->pos >= p->len)
        return fail(p, start, "unterminated regular expression at position %zu", start);
    size_t body_len = p->pos - body;
    p->pos++;
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
    while (p->pos < p->len && isalpha((unsigned char)p->s[p->pos])) {
        switch (p->s[p->pos]) {
        case 'i': opts |= PCRE2_CASELESS; break;
        case 'm': opts |= PCRE2_MULTILINE; break;
        case 's': opts |= PCRE2_DOTALL; break;
        case 'x': opts |= PCRE2_EXTENDED; break;
        case 'u': break;
        default:
            return fail(p, p->pos, "unknown regular expression flag '%c' at position %zu",
                        p->s[p->pos], p->pos);
        }
        p->pos++;
    }
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    o->re = engine_pcre2_compile((PCRE2_SPTR)(p->s + body), body_len, opts, &errcode, &erroff);
    if (!o->re) {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        return fail(p, body + erroff, "invalid regular expression at position %zu: %s",
                    body + erroff, (const char *)msg);
    }
    o->mctx = engine_pcre2_match_context(JP_REGEX_MATCH_LIMIT, JP_REGEX_DEPTH_LIMIT);
    o->kind = OPND_REGEX;
    return true;
}

static bool parse_operand(parser *p, operand *o)
{
    skip_ws(p);
    int c = peek(p);
    if (c == '@' || c == '$') {
        o->kind = OPND_PATH;
        o->absolute = c == '$';
        p->pos++;
        if (!parse_route(p, &o->path, true))
            return false;
        route_finish(&o->path);
        return true;
    }
    if (c == '\'' || c == '"') {
        char *s = NULL;
        size_t n = 0;
        if (!parse_quoted(p, false, &s, &n))
            return false;
        o->kind = OPND_LITERAL;
        o->lit = jv_string_n(s, n);
        engine_free(s);
        return true;
    }
    if (c == '/')
        return parse_regex(p, o);
    if (c == '-' || (c >= 0 && isdigit(c)))
        return parse_number_literal(p, o);
    if (c == '[')
        return parse_list_literal(p, o);
    if (c == '{')
        return parse_object_literal(p, o);
    static const char *const words[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        if (word_at(p, words[i])) {
            p->pos += strlen(words[i]);
            o->kind = OPND_LITERAL;
            o->lit = i == 0 ? jv_bool(true) : i == 1 ? jv_bool(false) : jv_null();
            return true;
        }
    }
    if (c < 0)
        return fail(p, p->pos, "filter ended where a value was expected");
    return fail(p, p->pos, "unexpected character '%c' in filter at position %zu", c, p->pos);
}

/* Returns true and sets *op when a comparison operator starts here. */
static bool parse_cmp_op(parser *p, cmp_op *op)
{
    static const struct {
        const char *text;
        cmp_op op;
        bool word;
    } ops[] = {
        {"==", CMP_EQ, false}, {"!=", CMP_NE, false}, {"<=", CMP_LE, false},
        {">=", CMP_GE, false}, {"=~", CMP_REGEX, false}, {"<", CMP_LT, false},
        {">", CMP_GT, false},  {"nin", CMP_NIN, true},   {"in", CMP_IN, true},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t n = strlen(ops[i].text);
        bool match = ops[i].word ? word_at(p, ops[i].text)
                                 : (p->pos + n <= p->len && memcmp(p->s + p->pos, ops[i].text, n) == 0);
        if (match) {
            p->pos += n;
            *op = ops[i].op;
            return true;
        }
    }
    return false;
}

static fexpr *parse_comparison(parser *p)
{
    fexpr *e = fexpr_new(FX_EXISTS);
    size_t at = p->pos;
    if (!parse_operand(p, &e->l))
        goto bad;
    skip_ws(p);
    cmp_op op;
    if (!parse_cmp_op(p, &op)) {
        if (e->l.kind != OPND_PATH) {
            fail(p, at, "a literal alone is not a condition (position %zu)", at);
            goto bad;
        }
        return e;
    }
    e->kind = FX_CMP;
    e->op = op;
    skip_ws(p);
    size_t rat = p->pos;
    if (!parse_operand(p, &e->r))
        goto bad;
    bool lre = e->l.kind == OPND_REGEX, rre = e->r.kind == OPND_REGEX;
    if (op == CMP_REGEX && lre == rre) {
        fail(p, at, "'=~' needs a /regex/ on one side (position %zu)", at);
        goto bad;
    }
    if (op != CMP_REGEX && (lre || rre)) {
        fail(p, lre ? at : rat, "a /regex/ can only be used with '=~' (position %zu)", lre ? at : rat);
        goto bad;
    }
    return e;
bad:
    fexpr_free(e);
    return NULL;
}

static fexpr *parse_not(parser *p)
{
    skip_ws(p);
    if (peek(p) == '!' && peek_at(p, 1) != '=') {
        p->pos++;
        if (++p->nest > JP_MAX_NEST) {
            fail(p, p->pos, "filter nested deeper than %d levels", JP_MAX_NEST);
            return NULL;
        }
        fexpr *inner = parse_not(p);
        p->nest--;
        if (!inner)
            return NULL;
        fexpr *e = fexpr_new(FX_NOT);
        e->a = inner;
        return e;
    }
    if (peek(p) == '(') {
        size_t open = p->pos++;
        if (++p->nest > JP_MAX_NEST) {
            fail(p, open, "filter nested deeper than %d levels", JP_MAX_NEST);
            return NULL;
        }
        fexpr *e = parse_or(p);
        p->nest--;
        skip_ws(p);
        if (e && !expect(p, ')')) {
            fexpr_free(e);
            return NULL;
        }
        return e;
    }
    return parse_comparison(p);
}

static fexpr *parse_binary(parser *p, const char *tok, fx_kind kind, fexpr *(*sub)(parser *))
{
    fexpr *a = sub(p);
    while (a) {
        skip_ws(p);
        if (p->pos + 2 > p->len || memcmp(p->s + p->pos, tok, 2) != 0)
            break;
        p->pos += 2;
        fexpr *b = sub(p);
        if (!b) {
            fexpr_free(a);
            return NULL;
        }
        fexpr *e = fexpr_new(kind);
        e->a = a;
        e->b = b;
        a = e;
    }
    return a;
}

static fexpr *parse_and(parser *p) { return parse_binary(p, "&&", FX_AND, parse_not); }
static fexpr *parse_or(parser *p) { return parse_binary(p, "||", FX_OR, parse_and); }

/* ---- the whole path ---- */

static bool is_var_char(int c) { return c >= 0 && (isalnum(c) || c == '_' || c >= 0x80); }

static bool parse_root(parser *p, jsonpath *jp)
{
    if (p->len == 0)
        return fail(p, 0, "empty path");
    if (p->s[0] != '$')
        return fail(p, 0, "a path must start with '$'");
    p->pos = 1;
    if (peek(p) == '$') {
        jp->root = JSONPATH_ROOT_CONTEXT;
        p->pos++;
        return true;
    }
    if (is_var_char(peek(p))) {
        size_t start = p->pos;
        while (is_var_char(peek(p)))
            p->pos++;
        jp->root = JSONPATH_ROOT_VARIABLE;
        jp->var = engine_malloc(p->pos - start + 1);
        memcpy(jp->var, p->s + start, p->pos - start);
        jp->var[p->pos - start] = '\0';
        return true;
    }
    jp->root = JSONPATH_ROOT_INPUT;
    return true;
}

static bool route_is_reference(const route *r)
{
    for (size_t i = 0; i < r->nsteps; i++) {
        const step *st = &r->steps[i];
        if (st->descend || (st->kind != ST_NAME && st->kind != ST_INDEX))
            return false;
    }
    return true;
}

jsonpath *jsonpath_compile(const char *text, jsonpath_error *err)
{
    return jsonpath_compile_n(text, text ? strlen(text) : 0, err);
}

jsonpath *jsonpath_compile_n(const char *text, size_t len, jsonpath_error *err)
{
    if (!text) {
        if (err) {
            err->position = 0;
            snprintf(err->message, sizeof err->message, "no path");
        }
        return NULL;
    }
    jsonpath *jp = engine_calloc(1, sizeof *jp);
    parser p = {text, len, 0, err, false, 0};
    if (parse_root(&p, jp) && parse_route(&p, &jp->route, false)) {
        jp->text = memcpy(engine_malloc(len + 1), text, len);
        jp->text[len] = '\0';
        route_finish(&jp->route);
        jp->reference = route_is_reference(&jp->route);
        return jp;
    }
    jsonpath_free(jp);
    return NULL;
}

const char *jsonpath_text(const jsonpath *p) { return p->text; }
jsonpath_root jsonpath_root_kind(const jsonpath *p) { return p->root; }
const char *jsonpath_variable_name(const jsonpath *p) { return p->var; }
bool jsonpath_is_definite(const jsonpath *p) { return p->route.definite; }
bool jsonpath_is_reference(const jsonpath *p) { return p->reference; }
bool jsonpath_is_root(const jsonpath *p) { return p->route.nsteps == 0; }

/* ------------------------------------------------------------------------------------ */
/* Rendering in Jayway's normalized form, for messages: $['a'][0][*]                     */

static void render_step(const step *st, strbuf *sb)
{
    if (st->descend)
        strbuf_puts(sb, "..");
    switch (st->kind) {
    case ST_NAME:
    case ST_NAMES:
        strbuf_putc(sb, '[');
        for (size_t k = 0; k < st->n; k++) {
            if (k)
                strbuf_puts(sb, ", ");
            strbuf_putc(sb, '\'');
            strbuf_append(sb, st->names[k].s, st->names[k].len);
            strbuf_putc(sb, '\'');
        }
        strbuf_putc(sb, ']');
        break;
    case ST_INDEX:
    case ST_INDEXES:
        strbuf_putc(sb, '[');
        for (size_t k = 0; k < st->n; k++)
            strbuf_printf(sb, "%s%ld", k ? "," : "", st->idx[k]);
        strbuf_putc(sb, ']');
        break;
    case ST_WILDCARD: strbuf_puts(sb, "[*]"); break;
    case ST_SLICE:
        strbuf_putc(sb, '[');
        if (st->has_from)
            strbuf_printf(sb, "%ld", st->from);
        strbuf_putc(sb, ':');
        if (st->has_to)
            strbuf_printf(sb, "%ld", st->to);
        strbuf_putc(sb, ']');
        break;
    case ST_FILTER: strbuf_puts(sb, "[?]"); break;
    case ST_FUNCTION:
        for (size_t i = 0; i < sizeof jp_functions / sizeof jp_functions[0]; i++)
            if (jp_functions[i].fn == st->fn)
                strbuf_printf(sb, ".%s()", jp_functions[i].name);
        break;
    }
}

/* Renders steps [from, to) of r, with a leading `$` when from is 0. */
static void render_steps(const route *r, size_t from, size_t to, strbuf *sb)
{
    if (from == 0)
        strbuf_putc(sb, '$');
    for (size_t i = from; i < to && i < r->nsteps; i++)
        render_step(&r->steps[i], sb);
}

static void miss_set(jsonpath_miss *miss, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void miss_set(jsonpath_miss *miss, const char *fmt, ...)
{
    if (!miss)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(miss->message, sizeof miss->message, fmt, ap);
    va_end(ap);
}

/* "No results for path: $['a']['b']" — the whole path. */
static void miss_no_results(jsonpath_miss *miss, const route *r)
{
    if (!miss)
        return;
    strbuf sb;
    strbuf_init(&sb, 0);
    render_steps(r, 0, r->nsteps, &sb);
    miss_set(miss, "No results for path: %s", strbuf_str(&sb));
    strbuf_cleanup(&sb);
}

/* "Missing property in path $['a']" — up to and including the missing step. */
static void miss_missing_property(jsonpath_miss *miss, const route *r, size_t i)
{
    if (!miss)
        return;
    strbuf sb;
    strbuf_init(&sb, 0);
    render_steps(r, 0, i + 1, &sb);
    miss_set(miss, "Missing property in path %s", strbuf_str(&sb));
    strbuf_cleanup(&sb);
}

/* The Java class Jayway's default (json-smart) provider would hold this value in. */
static const char *java_class(const jv *v)
{
    switch (jv_kind_of(v)) {
    case JV_NULL: return "null";
    case JV_TRUE:
    case JV_FALSE: return "java.lang.Boolean";
    case JV_STRING: return "java.lang.String";
    case JV_ARRAY: return "net.minidev.json.JSONArray";
    case JV_OBJECT: return "net.minidev.json.JSONObject";
    case JV_NUMBER: {
        double d = jv_number_value(v);
        if (jv_is_integer(v) && d >= INT_MIN && d <= INT_MAX)
            return "java.lang.Integer";
        if (jv_is_integer(v) && fabs(d) < 9.2e18)
            return "java.lang.Long";
        return "java.lang.Double";
    }
    }
    return "null";
}

static void miss_not_object(jsonpath_miss *miss, const route *r, size_t i, const jv *model)
{
    if (!miss)
        return;
    strbuf frag, at;
    strbuf_init(&frag, 0);
    strbuf_init(&at, 0);
    render_step(&r->steps[i], &frag);
    render_steps(r, 0, i, &at);
    miss_set(miss,
             "Expected to find an object with property %s in path %s but found '%s'. This is "
             "not a json object according to the JsonProvider: "
             "'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
             strbuf_str(&frag), strbuf_str(&at), java_class(model));
    strbuf_cleanup(&frag);
    strbuf_cleanup(&at);
}

/* Java's toString of a model: strings raw, everything else as JSON. */
static void model_text(const jv *v, strbuf *sb)
{
    if (jv_is_string(v))
        strbuf_append(sb, jv_string_value(v), jv_string_length(v));
    else
        jv_dump(v, 0, sb);
}

static void miss_not_array(jsonpath_miss *miss, const route *r, size_t i, const jv *model)
{
    if (!miss)
        return;
    strbuf sb;
    strbuf_init(&sb, sizeof miss->message);
    if (jv_is_null(model)) {
        render_steps(r, 0, i, &sb);
        miss_set(miss, "The path %s is null", strbuf_str(&sb));
    } else {
        strbuf rest;
        strbuf_init(&rest, sizeof miss->message);
        render_steps(r, i, r->nsteps, &rest);
        model_text(model, &sb);
        miss_set(miss, "Filter: %s can only be applied to arrays. Current context is: %s",
                 strbuf_str(&rest), strbuf_str(&sb));
        strbuf_cleanup(&rest);
    }
    strbuf_cleanup(&sb);
}

/* ------------------------------------------------------------------------------------ */
/* Evaluation                                                                            */

typedef struct {
    const jv *doc;  /* `$` inside filters */
    jv *out;        /* collected results */
    long budget;    /* node visits left */
} walker;

static bool spend(walker *w)
{
    if (w->budget <= 0)
        return false;
    w->budget--;
    return true;
}

static long effective_index(long i, size_t len) { return i < 0 ? (long)len + i : i; }

static jv *merge_names(const step *st, const jv *obj)
{
    jv *m = jv_object();
    for (size_t k = 0; k < st->n; k++) {
        const jv *v = jv_object_get_n(obj, st->names[k].s, st->names[k].len);
        if (v)
            m = jv_object_set_n_take(m, st->names[k].s, st->names[k].len, jv_ref(v));
    }
    return m;
}

/* A definite route (names, indexes, a leaf union of names): no allocation on success except
 * a merged leaf object. */
static jv *eval_definite(const route *r, size_t nsteps, const jv *doc, jsonpath_miss *miss)
{
    const jv *cur = doc;
    for (size_t i = 0; i < nsteps; i++) {
        const step *st = &r->steps[i];
        if (st->kind == ST_NAME || st->kind == ST_NAMES) {
            if (!jv_is_object(cur)) {
                miss_not_object(miss, r, i, cur);
                return NULL;
            }
            if (st->kind == ST_NAMES)
                return merge_names(st, cur);
            const jv *next = jv_object_get_n(cur, st->names[0].s, st->names[0].len);
            if (!next) {
                if (i + 1 == r->nsteps)
                    miss_no_results(miss, r);
                else
                    miss_missing_property(miss, r, i);
                return NULL;
            }
            cur = next;
        } else { /* ST_INDEX */
            if (!jv_is_array(cur)) {
                miss_not_array(miss, r, i, cur);
                return NULL;
            }
            long k = effective_index(st->idx[0], jv_array_length(cur));
            if (k < 0 || (size_t)k >= jv_array_length(cur)) {
                miss_no_results(miss, r);
                return NULL;
            }
            cur = jv_array_get(cur, (size_t)k);
        }
    }
    return jv_ref(cur);
}

static void walk(walker *w, const route *r, size_t i, size_t end, const jv *cur);
static bool filter_accepts(walker *w, const fexpr *e, const jv *item);

static void walk_index(walker *w, const route *r, size_t i, size_t end, const jv *arr, long idx)
{
    long k = effective_index(idx, jv_array_length(arr));
    if (k >= 0 && (size_t)k < jv_array_length(arr))
        walk(w, r, i + 1, end, jv_array_get(arr, (size_t)k));
}

/* Jayway's slice arithmetic, quirks included ([a:b] does not normalize a negative a). */
static void walk_slice(walker *w, const route *r, size_t i, size_t end, const jv *arr)
{
    const step *st = &r->steps[i];
    long len = (long)jv_array_length(arr);
    if (len == 0)
        return;
    long from = 0, to = len;
    if (st->has_from && !st->has_to) {
        from = st->from < 0 ? len + st->from : st->from;
        if (from < 0)
            from = 0;
    } else if (!st->has_from) {
        to = st->to < 0 ? len + st->to : st->to;
        if (to > len)
            to = len;
    } else {
        from = st->from;
        to = st->to < len ? st->to : len;
        if (from < -len)
            from = -len; /* indexes below -len find nothing; skip them without looping */
    }
    for (long k = from; k < to && w->budget > 0; k++)
        walk_index(w, r, i, end, arr, k);
}

/* Applies step i to cur (cur already chosen: no `..` handling here). */
static void apply_step(walker *w, const route *r, size_t i, size_t end, const jv *cur)
{
    const step *st = &r->steps[i];
    switch (st->kind) {
    case ST_NAME:
        if (jv_is_object(cur)) {
            const jv *v = jv_object_get_n(cur, st->names[0].s, st->names[0].len);
            if (v)
                walk(w, r, i + 1, end, v);
        }
        break;
    case ST_NAMES:
        if (!jv_is_object(cur))
            break;
        if (i + 1 == end) {
            if (spend(w))
                w->out = jv_array_append_take(w->out, merge_names(st, cur));
            break;
        }
        for (size_t k = 0; k < st->n; k++) {
            const jv *v = jv_object_get_n(cur, st->names[k].s, st->names[k].len);
            if (v)
                walk(w, r, i + 1, end, v);
        }
        break;
    case ST_INDEX:
    case ST_INDEXES:
        if (jv_is_array(cur))
            for (size_t k = 0; k < st->n; k++)
                walk_index(w, r, i, end, cur, st->idx[k]);
        break;
    case ST_WILDCARD:
        if (jv_is_object(cur))
            for (size_t k = 0; k < jv_object_size(cur); k++)
                walk(w, r, i + 1, end, jv_object_value_at(cur, k));
        else if (jv_is_array(cur))
            for (size_t k = 0; k < jv_array_length(cur); k++)
                walk(w, r, i + 1, end, jv_array_get(cur, k));
        break;
    case ST_SLICE:
        if (jv_is_array(cur))
            walk_slice(w, r, i, end, cur);
        break;
    case ST_FILTER:
        /* On an object Jayway filters the object itself; on an array, its elements. */
        if (jv_is_object(cur)) {
            if (filter_accepts(w, st->filter, cur))
                walk(w, r, i + 1, end, cur);
        } else if (jv_is_array(cur)) {
            for (size_t k = 0; k < jv_array_length(cur); k++)
                if (filter_accepts(w, st->filter, jv_array_get(cur, k)))
                    walk(w, r, i + 1, end, jv_array_get(cur, k));
        }
        break;
    case ST_FUNCTION:
        break; /* functions are applied by the caller after the walk */
    }
}

/* Does the `..` scan stop at this node to apply step i? (Jayway's scan predicates.) */
static bool scan_matches(const step *st, const jv *node)
{
    switch (st->kind) {
    case ST_NAME:
    case ST_NAMES:
        if (!jv_is_object(node))
            return false;
        for (size_t k = 0; k < st->n; k++)
            if (!jv_object_get_n(node, st->names[k].s, st->names[k].len))
                return false;
        return true;
    case ST_INDEX:
    case ST_INDEXES:
    case ST_SLICE: return jv_is_array(node);
    case ST_WILDCARD: return true;
    case ST_FILTER: return jv_is_object(node);
    case ST_FUNCTION: return false;
    }
    return false;
}

static void scan(walker *w, const route *r, size_t i, size_t end, const jv *node)
{
    if (!spend(w))
        return;
    if (scan_matches(&r->steps[i], node))
        apply_step(w, r, i, end, node);
    if (jv_is_object(node)) {
        for (size_t k = 0; k < jv_object_size(node) && w->budget > 0; k++)
            scan(w, r, i, end, jv_object_value_at(node, k));
    } else if (jv_is_array(node)) {
        for (size_t k = 0; k < jv_array_length(node) && w->budget > 0; k++)
            scan(w, r, i, end, jv_array_get(node, k));
    }
}

static void walk(walker *w, const route *r, size_t i, size_t end, const jv *cur)
{
    if (!spend(w))
        return;
    if (i == end) {
        w->out = jv_array_append(w->out, cur);
        return;
    }
    if (r->steps[i].descend)
        scan(w, r, i, end, cur);
    else
        apply_step(w, r, i, end, cur);
}

/* ---- functions ---- */

static jv *apply_function(fn_kind fn, const jv *v, jsonpath_miss *miss)
{
    switch (fn) {
    case FN_LENGTH:
        if (jv_is_array(v))
            return jv_number((double)jv_array_length(v));
        if (jv_is_object(v))
            return jv_number((double)jv_object_size(v));
        return jv_null();
    case FN_KEYS: {
        if (!jv_is_object(v))
            return jv_null();
        jv *keys = jv_array();
        for (size_t k = 0; k < jv_object_size(v); k++)
            keys = jv_array_append(keys, jv_object_key_at(v, k));
        return keys;
    }
    case FN_FIRST:
    case FN_LAST: {
        size_t n = jv_array_length(v);
        if (!jv_is_array(v) || n == 0) {
            miss_set(miss, "Function %s() found no element", fn == FN_FIRST ? "first" : "last");
            return NULL;
        }
        return jv_ref(jv_array_get(v, fn == FN_FIRST ? 0 : n - 1));
    }
    default:
        break;
    }
    /* numeric aggregations over the numbers of an array */
    double sum = 0, sumsq = 0, mn = INFINITY, mx = -INFINITY;
    size_t count = 0;
    for (size_t k = 0; jv_is_array(v) && k < jv_array_length(v); k++) {
        const jv *e = jv_array_get(v, k);
        if (!jv_is_number(e))
            continue;
        double d = jv_number_value(e);
        sum += d;
        sumsq += d * d;
        mn = d < mn ? d : mn;
        mx = d > mx ? d : mx;
        count++;
    }
    if (count == 0) {
        miss_set(miss, "Aggregation function attempted to calculate value using empty array");
        return NULL;
    }
    double n = (double)count;
    switch (fn) {
    case FN_MIN: return jv_number(mn);
    case FN_MAX: return jv_number(mx);
    case FN_SUM: return jv_number(sum);
    case FN_AVG: return jv_number(sum / n);
    default: {
        double var = sumsq / n - (sum / n) * (sum / n);
        return jv_number(sqrt(var > 0 ? var : 0));
    }
    }
}

/* Evaluates route r from doc. Definite routes give the value or NULL (miss set);
 * indefinite ones an array, or NULL when the work budget ran out. */
static jv *route_eval(const route *r, const jv *doc, const jv *root, long *budget,
                      jsonpath_miss *miss)
{
    size_t end = r->nsteps - (r->has_function ? 1 : 0);
    const step *fnstep = r->has_function ? &r->steps[end] : NULL;
    jv *v;
    if (r->prefix_definite) {
        v = eval_definite(r, end, doc, miss);
    } else {
        walker w = {root, jv_array(), *budget};
        walk(&w, r, 0, end, doc);
        *budget = w.budget;
        v = w.out;
        if (w.budget <= 0) {
            jv_unref(v);
            miss_set(miss, "JSONPath evaluation exceeded the limit of %ld steps", JP_WORK_BUDGET);
            return NULL;
        }
    }
    if (!fnstep || !v)
        return v;
    jv *res = apply_function(fnstep->fn, v, miss);
    jv_unref(v);
    return res;
}

/* ---- filters ---- */

static jv *operand_value(walker *w, const operand *o, const jv *item)
{
    if (o->kind == OPND_LITERAL)
        return jv_ref(o->lit);
    if (o->kind != OPND_PATH)
        return NULL;
    return route_eval(&o->path, o->absolute ? w->doc : item, w->doc, &w->budget, NULL);
}

/* Jayway's loose equality: a number equals a string holding that number (and a string
 * equals a number printing as that string); arrays and objects compare deeply. */
static bool values_equal(const jv *l, const jv *r)
{
    if (jv_is_number(l) && jv_is_string(r)) {
        char *end = NULL;
        const char *s = jv_string_value(r);
        if (!*s)
            return false;
        double d = strtod(s, &end);
        /* the whole string, not a prefix cut at a NUL byte */
        return end == s + jv_string_length(r) && d == jv_number_value(l);
    }
    if (jv_is_string(l) && jv_is_number(r)) {
        char buf[NUMFMT_BUFSZ];
        size_t n = numfmt_double(jv_number_value(r), buf);
        return n == jv_string_length(l) && memcmp(buf, jv_string_value(l), n) == 0;
    }
    return jv_equal(l, r);
}

static int compare_strings(const jv *l, const jv *r)
{
    size_t a = jv_string_length(l), b = jv_string_length(r);
    int c = memcmp(jv_string_value(l), jv_string_value(r), a < b ? a : b);
    return c ? c : (a < b ? -1 : a > b);
}

/* <, <=, >, >= compare two numbers or two strings; anything else is false. */
static bool values_ordered(cmp_op op, const jv *l, const jv *r)
{
    int c;
    if (jv_is_number(l) && jv_is_number(r)) {
        double a = jv_number_value(l), b = jv_number_value(r);
        c = a < b ? -1 : a > b ? 1 : 0;
    } else if (jv_is_string(l) && jv_is_string(r)) {
        c = compare_strings(l, r);
    } else {
        return false;
    }
    switch (op) {
    case CMP_LT: return c < 0;
    case CMP_LE: return c <= 0;
    case CMP_GT: return c > 0;
    default: return c >= 0;
    }
}

static bool regex_matches(const operand *re, const jv *v)
{
    char buf[NUMFMT_BUFSZ];
    const char *s = "";
    size_t n = 0;
    if (v && jv_is_string(v)) {
        s = jv_string_value(v);
        n = jv_string_length(v);
    } else if (v && jv_is_number(v)) {
        n = numfmt_double(jv_number_value(v), buf);
        s = buf;
    } else if (v && jv_is_bool(v)) {
        s = jv_is_true(v) ? "true" : "false";
        n = strlen(s);
    }
    /* NULL: the pattern's allocator, the engine's (engine_pcre2_compile) */
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->re, NULL);
    /* Java's Matcher.matches(): the whole input must match. */
    int rc = pcre2_match(re->re, (PCRE2_SPTR)s, n, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, re->mctx);
    pcre2_match_data_free(md);
    return rc >= 0;
}

static bool value_in(const jv *needle, const jv *list)
{
    if (!list || !jv_is_array(list))
        return false;
    for (size_t k = 0; k < jv_array_length(list); k++)
        if (values_equal(needle, jv_array_get(list, k)))
            return true;
    return false;
}

static bool compare(walker *w, const fexpr *e, const jv *item)
{
    if (e->op == CMP_REGEX) {
        const operand *re = e->l.kind == OPND_REGEX ? &e->l : &e->r;
        const operand *other = e->l.kind == OPND_REGEX ? &e->r : &e->l;
        jv *v = operand_value(w, other, item);
        bool m = regex_matches(re, v);
        jv_unref(v);
        return m;
    }
    jv *l = operand_value(w, &e->l, item);
    jv *r = operand_value(w, &e->r, item);
    bool res;
    switch (e->op) {
    case CMP_EQ: res = l && r && values_equal(l, r); break;
    case CMP_NE: res = !(l && r && values_equal(l, r)); break;
    case CMP_IN: res = l && value_in(l, r); break;
    case CMP_NIN: res = !(l && value_in(l, r)); break;
    default: res = l && r && values_ordered(e->op, l, r); break;
    }
    jv_unref(l);
    jv_unref(r);
    return res;
}

static bool fexpr_eval(walker *w, const fexpr *e, const jv *item)
{
    if (w->budget <= 0)
        return false;
    switch (e->kind) {
    case FX_OR: return fexpr_eval(w, e->a, item) || fexpr_eval(w, e->b, item);
    case FX_AND: return fexpr_eval(w, e->a, item) && fexpr_eval(w, e->b, item);
    case FX_NOT: return !fexpr_eval(w, e->a, item);
    case FX_EXISTS: {
        jv *v = operand_value(w, &e->l, item);
        bool found = v && (e->l.path.definite || jv_array_length(v) > 0);
        jv_unref(v);
        return found;
    }
    case FX_CMP: return compare(w, e, item);
    }
    return false;
}

/* AWS: `@` in a filter only ever stands for an object. */
static bool filter_accepts(walker *w, const fexpr *e, const jv *item)
{
    return jv_is_object(item) && fexpr_eval(w, e, item);
}

/* ---- public evaluation ---- */

jv *jsonpath_eval_on(const jsonpath *p, const jv *root, jsonpath_miss *miss)
{
    long budget = JP_WORK_BUDGET;
    return route_eval(&p->route, root, root, &budget, miss);
}

jv *jsonpath_eval(const jsonpath *p, const eval_env *env, jsonpath_miss *miss)
{
    const jv *root = NULL;
    switch (p->root) {
    case JSONPATH_ROOT_INPUT: root = env->input; break;
    case JSONPATH_ROOT_CONTEXT:
        root = env->context;
        if (!root) {
            miss_set(miss, "No context object is available for path: %s", p->text);
            return NULL;
        }
        break;
    case JSONPATH_ROOT_VARIABLE:
        root = env->lookup_var ? env->lookup_var(env->var_user, p->var) : NULL;
        if (!root) {
            miss_set(miss, "The variable '$%s' is not defined", p->var);
            return NULL;
        }
        break;
    }
    return jsonpath_eval_on(p, root, miss);
}

jv *jsonpath_eval_field(const jsonpath *p, const eval_env *env, const char *field, asl_error *err)
{
    jv *v = jsonpath_eval(p, env, NULL);
    if (v)
        return v;
    const jv *shown = env->input;
    if (p->root == JSONPATH_ROOT_CONTEXT)
        shown = env->context;
    else if (p->root == JSONPATH_ROOT_VARIABLE)
        shown = env->lookup_var ? env->lookup_var(env->var_user, p->var) : NULL;
    if (p->root == JSONPATH_ROOT_VARIABLE && !shown) {
        asl_error_set(err, "States.Runtime",
                      "The JSONPath '%s' specified for the field '%s' could not be found: no "
                      "state has assigned the variable '$%s' in this scope",
                      p->text, field, p->var);
        return NULL;
    }
    char *json = shown ? jv_dump_string(shown, 0) : engine_strdup("null");
    asl_error_set(err, "States.Runtime",
                  "The JSONPath '%s' specified for the field '%s' could not be found in the input '%s'",
                  p->text, field, json);
    engine_free(json);
    return NULL;
}

/* ------------------------------------------------------------------------------------ */
/* ResultPath assignment                                                                 */

/* Can value be placed at steps [i..] below node (NULL: missing, to be created)? */
static bool assign_possible(const route *r, size_t i, const jv *node)
{
    for (; i < r->nsteps; i++) {
        const step *st = &r->steps[i];
        if (!node)
            return st->kind == ST_NAME && assign_possible(r, i + 1, NULL);
        if (st->kind == ST_NAME) {
            if (!jv_is_object(node))
                return false;
            node = jv_object_get_n(node, st->names[0].s, st->names[0].len);
        } else {
            long k = effective_index(st->idx[0], jv_array_length(node));
            if (!jv_is_array(node) || k < 0 || (size_t)k >= jv_array_length(node))
                return false;
            node = jv_array_get(node, (size_t)k);
        }
    }
    return true;
}

/* Returns node (consumed; NULL: create an object) with value at steps [i..]. Detaching the
 * child from its parent before recursing keeps it unshared, so an unshared input is
 * updated in place instead of copied level by level. */
static jv *assign_at(const route *r, size_t i, jv *node, const jv *value)
{
    if (i == r->nsteps) {
        jv_unref(node);
        return jv_ref(value);
    }
    const step *st = &r->steps[i];
    if (!node)
        node = jv_object();
    if (st->kind == ST_NAME) {
        const char *key = st->names[0].s;
        size_t klen = st->names[0].len;
        jv *child = jv_ref(jv_object_get_n(node, key, klen));
        if (child)
            node = jv_object_set_n_take(node, key, klen, jv_null());
        return jv_object_set_n_take(node, key, klen, assign_at(r, i + 1, child, value));
    }
    size_t k = (size_t)effective_index(st->idx[0], jv_array_length(node));
    jv *child = jv_ref(jv_array_get(node, k));
    node = jv_array_set_take(node, k, jv_null());
    return jv_array_set_take(node, k, assign_at(r, i + 1, child, value));
}

jv *jsonpath_assign(const jsonpath *p, jv *target_take, const jv *value, char **cause)
{
    if (cause)
        *cause = NULL;
    if (!p->reference || !assign_possible(&p->route, 0, target_take)) {
        if (cause) {
            strbuf sb;
            strbuf_init(&sb, 0);
            strbuf_printf(&sb, "Unable to apply ReferencePath %s to input ", p->text);
            jv_dump(target_take, 0, &sb);
            *cause = strbuf_detach(&sb);
        }
        jv_unref(target_take);
        return NULL;
    }
    return assign_at(&p->route, 0, target_take, value);
}
