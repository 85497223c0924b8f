/*
 * intrinsic — parse States.* calls once, evaluate them many times. See intrinsic.h; the
 * functions themselves are in intrinsic_funcs.c.
 *
 * A compiled call is its function (from the table) and its arguments: literals (strings keep
 * the text as written, so States.Format can tell an escaped \{ from a placeholder), paths
 * compiled with jsonpath, and nested calls. A string literal with a lone backslash compiles
 * but fails when evaluated, as on AWS.
 */
#include "intrinsic.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intrinsic_funcs.h"
#include "jsonpath.h"
#include "strbuf.h"

#define INTRINSIC_MAX_CALLS 10 /* AWS: at most 10 intrinsic calls in one field */
#define NO_BAD_ESCAPE SIZE_MAX

typedef enum { ARG_STRING, ARG_VALUE, ARG_PATH, ARG_CALL } arg_kind;

typedef struct {
    arg_kind kind;
    size_t position;   /* where the argument starts in the text */
    jv *value;         /* ARG_STRING (unescaped; NULL with a bad escape), ARG_VALUE */
    char *raw;         /* ARG_STRING: the text between the quotes, escapes intact */
    size_t rawlen;
    size_t bad_escape; /* ARG_STRING: offset in the text of a lone '\', or NO_BAD_ESCAPE */
    jsonpath *path;    /* ARG_PATH */
    intrinsic *call;   /* ARG_CALL */
} arg;

struct intrinsic {
    const intrinsic_fn *fn;
    size_t position;
    arg *args;
    size_t nargs;
};

void intrinsic_free(intrinsic *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nargs; i++) {
        jv_unref(f->args[i].value);
        engine_free(f->args[i].raw);
        jsonpath_free(f->args[i].path);
        intrinsic_free(f->args[i].call);
    }
    engine_free(f->args);
    engine_free(f);
}

/* ---- parsing ---- */

typedef struct {
    const char *s;
    size_t len, pos;
    intrinsic_error *err;
    bool failed;
    int calls;
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

static void skip_ws(parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
                               p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
        p->pos++;
}

static bool is_name_char(int c) { return c >= 0 && isalnum(c); }

bool intrinsic_looks_like_call(const char *text)
{
    if (!text || strncmp(text, "States.", 7) != 0)
        return false;
    size_t i = 7;
    while (is_name_char((unsigned char)text[i]))
        i++;
    return i > 7 && text[i] == '(';
}

/* 'text' with \' \{ \} \\ escapes; any other backslash is remembered as a bad escape. */
static bool parse_string(parser *p, const char *fn, arg *a)
{
    size_t open = p->pos++;
    size_t start = p->pos;
    strbuf sb;
    strbuf_init(&sb, 0);
    a->kind = ARG_STRING;
    a->bad_escape = NO_BAD_ESCAPE;
    for (;;) {
        if (p->pos >= p->len) {
            strbuf_cleanup(&sb);
            return fail(p, open, "%s: unterminated string starting at position %zu", fn, open);
        }
        char c = p->s[p->pos];
        if (c == '\'')
            break;
        if (c == '\\') {
            char e = p->pos + 1 < p->len ? p->s[p->pos + 1] : '\0';
            if (e == '\'' || e == '{' || e == '}' || e == '\\') {
                strbuf_putc(&sb, e);
                p->pos += 2;
                continue;
            }
            if (a->bad_escape == NO_BAD_ESCAPE)
                a->bad_escape = p->pos;
        }
        strbuf_putc(&sb, c);
        p->pos++;
    }
    a->rawlen = p->pos - start;
    a->raw = engine_malloc(a->rawlen + 1);
    memcpy(a->raw, p->s + start, a->rawlen);
    a->raw[a->rawlen] = '\0';
    if (a->bad_escape == NO_BAD_ESCAPE)
        a->value = jv_string_n(sb.buf ? sb.buf : "", sb.len);
    strbuf_cleanup(&sb);
    p->pos++; /* closing quote */
    return true;
}

/* A path runs to the ',' or ')' (or blank) that ends the argument, outside brackets,
 * parentheses and quotes. */
static bool parse_path(parser *p, const char *fn, arg *a)
{
    size_t start = p->pos;
    int depth = 0;
    char quote = 0;
    for (; p->pos < p->len; p->pos++) {
        char c = p->s[p->pos];
        if (quote) {
            if (c == '\\')
                p->pos++;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '\'' || c == '"')
            quote = c;
        else if (c == '[' || c == '(')
            depth++;
        else if ((c == ']' || c == ')') && depth > 0)
            depth--;
        else if (depth == 0 && (c == ',' || c == ')' || c == ' ' || c == '\t' || c == '\n' || c == '\r'))
            break;
    }
    jsonpath_error perr;
    a->kind = ARG_PATH;
    a->path = jsonpath_compile_n(p->s + start, p->pos - start, &perr);
    if (!a->path)
        return fail(p, start + perr.position, "%s: invalid path argument at position %zu: %s", fn,
                    start + perr.position, perr.message);
    return true;
}

static bool parse_number(parser *p, const char *fn, arg *a)
{
    size_t start = p->pos;
    while (p->pos < p->len && (isdigit((unsigned char)p->s[p->pos]) || strchr("+-.eE", p->s[p->pos])))
        p->pos++;
    char buf[64];
    size_t n = p->pos - start;
    if (n == 0 || n >= sizeof buf)
        return fail(p, start, "%s: invalid number at position %zu", fn, start);
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    char *end = NULL;
    double d = strtod(buf, &end);
    if (end != buf + n || !isfinite(d) || buf[0] == '+' || buf[0] == '.')
        return fail(p, start, "%s: invalid number '%s' at position %zu", fn, buf, start);
    a->kind = ARG_VALUE;
    a->value = jv_number(d);
    return true;
}

static bool word_at(const parser *p, const char *w)
{
    size_t n = strlen(w);
    return p->pos + n <= p->len && memcmp(p->s + p->pos, w, n) == 0 &&
           !is_name_char(p->pos + n < p->len ? (unsigned char)p->s[p->pos + n] : -1) &&
           (p->pos + n >= p->len || p->s[p->pos + n] != '.');
}

static intrinsic *parse_call(parser *p);

static bool parse_arg(parser *p, const char *fn, arg *a)
{
    a->position = p->pos;
    a->bad_escape = NO_BAD_ESCAPE;
    int c = peek(p);
    if (c == '\'')
        return parse_string(p, fn, a);
    if (c == '$')
        return parse_path(p, fn, a);
    if (c == '-' || (c >= 0 && isdigit(c)))
        return parse_number(p, fn, a);
    static const char *const words[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++)
        if (word_at(p, words[i])) {
            p->pos += strlen(words[i]);
            a->kind = ARG_VALUE;
            a->value = i == 0 ? jv_bool(true) : i == 1 ? jv_bool(false) : jv_null();
            return true;
        }
    if (p->pos + 7 <= p->len && memcmp(p->s + p->pos, "States.", 7) == 0) {
        a->kind = ARG_CALL;
        a->call = parse_call(p);
        return a->call != NULL;
    }
    if (c < 0)
        return fail(p, p->pos, "%s: the call ended where an argument was expected", fn);
    return fail(p, p->pos, "%s: unexpected character '%c' at position %zu", fn, c, p->pos);
}

static bool parse_args(parser *p, intrinsic *f, const char *fn)
{
    skip_ws(p);
    if (peek(p) == ')') {
        p->pos++;
        return true;
    }
    for (;;) {
        skip_ws(p);
        f->args = engine_realloc(f->args, sizeof(arg) * (f->nargs + 1));
        arg *a = &f->args[f->nargs++];
        memset(a, 0, sizeof *a);
        if (!parse_arg(p, fn, a))
            return false;
        skip_ws(p);
        int c = peek(p);
        p->pos++;
        if (c == ')')
            return true;
        if (c != ',') {
            p->pos--;
            if (c < 0)
                return fail(p, p->pos, "%s: missing ')' at the end of the call", fn);
            return fail(p, p->pos, "%s: expected ',' or ')' at position %zu, found '%c'", fn, p->pos, c);
        }
    }
}

static intrinsic *parse_call(parser *p)
{
    size_t start = p->pos;
    if (++p->calls > INTRINSIC_MAX_CALLS) {
        fail(p, start, "more than %d intrinsic function calls in one field (position %zu)",
             INTRINSIC_MAX_CALLS, start);
        return NULL;
    }
    size_t name_end = start + 7;
    while (name_end < p->len && is_name_char((unsigned char)p->s[name_end]))
        name_end++;
    const intrinsic_fn *fn = intrinsic_fn_lookup(p->s + start, name_end - start);
    if (!fn) {
        fail(p, start, "unknown intrinsic function '%.*s' at position %zu", (int)(name_end - start),
             p->s + start, start);
        return NULL;
    }
    p->pos = name_end;
    skip_ws(p);
    if (peek(p) != '(') {
        fail(p, p->pos, "%s: expected '(' at position %zu", fn->name, p->pos);
        return NULL;
    }
    p->pos++;
    intrinsic *f = engine_calloc(1, sizeof *f);
    f->fn = fn;
    f->position = start;
    if (!parse_args(p, f, fn->name)) {
        intrinsic_free(f);
        return NULL;
    }
    int n = (int)f->nargs;
    if (n < fn->min_args || (fn->max_args >= 0 && n > fn->max_args)) {
        if (fn->min_args == fn->max_args)
            fail(p, start, "%s takes %d argument%s but %d %s given (position %zu)", fn->name,
                 fn->min_args, fn->min_args == 1 ? "" : "s", n, n == 1 ? "was" : "were", start);
        else if (fn->max_args < 0)
            fail(p, start, "%s takes at least %d argument%s but %d %s given (position %zu)", fn->name,
                 fn->min_args, fn->min_args == 1 ? "" : "s", n, n == 1 ? "was" : "were", start);
        else
            fail(p, start, "%s takes %d to %d arguments but %d %s given (position %zu)", fn->name,
                 fn->min_args, fn->max_args, n, n == 1 ? "was" : "were", start);
        intrinsic_free(f);
        return NULL;
    }
    return f;
}

intrinsic *intrinsic_compile(const char *text, intrinsic_error *err)
{
    return intrinsic_compile_n(text, text ? strlen(text) : 0, err);
}

intrinsic *intrinsic_compile_n(const char *text, size_t len, intrinsic_error *err)
{
    parser p = {text, len, 0, err, false, 0};
    if (!intrinsic_looks_like_call(text)) {
        fail(&p, 0, "not an intrinsic function call: expected States.Name(...)");
        return NULL;
    }
    intrinsic *f = parse_call(&p);
    if (f && p.pos != p.len) {
        skip_ws(&p);
        if (p.pos != p.len) {
            fail(&p, p.pos, "%s: unexpected text after the call at position %zu", f->fn->name, p.pos);
            intrinsic_free(f);
            return NULL;
        }
    }
    return f;
}

bool intrinsic_returns_string(const intrinsic *f) { return f->fn->returns_string; }

/* ---- evaluation ---- */

static jv *eval_arg(const intrinsic *f, size_t i, const eval_env *env, const char *field,
                    asl_error *err)
{
    const arg *a = &f->args[i];
    switch (a->kind) {
    case ARG_STRING:
        if (a->bad_escape != NO_BAD_ESCAPE) {
            asl_error_set(err, "States.IntrinsicFailure",
                          "%s: argument %zu has an invalid escape at position %zu: only \\', \\{, "
                          "\\} and \\\\ may follow a backslash",
                          f->fn->name, i + 1, a->bad_escape);
            return NULL;
        }
        return jv_ref(a->value);
    case ARG_VALUE: return jv_ref(a->value);
    case ARG_PATH: return jsonpath_eval_field(a->path, env, field, err);
    case ARG_CALL: return intrinsic_eval(a->call, env, field, err);
    }
    return NULL;
}

jv *intrinsic_eval(const intrinsic *f, const eval_env *env, const char *field, asl_error *err)
{
    jv *small[8];
    jv **vals = f->nargs <= 8 ? small : engine_malloc(sizeof(jv *) * f->nargs);
    size_t done = 0;
    jv *result = NULL;
    for (; done < f->nargs; done++) {
        vals[done] = eval_arg(f, done, env, field, err);
        if (!vals[done])
            goto out;
    }
    intrinsic_fn_ctx ctx = {env, NULL, 0};
    if (f->nargs > 0 && f->args[0].kind == ARG_STRING) {
        ctx.template_raw = f->args[0].raw;
        ctx.template_rawlen = f->args[0].rawlen;
    }
    result = f->fn->impl(&ctx, vals, f->nargs, err);
out:
    for (size_t i = 0; i < done; i++)
        jv_unref(vals[i]);
    if (vals != small)
        engine_free(vals);
    return result;
}
